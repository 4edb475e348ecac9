"""Cleaning: the bytes of an HTML page (+ HTTP headers, site profile) -> ``Article``, what a reader sees.

Pure: imports models, normalize, lxml and trafilatura, never extract/, store/, serve/, scrapers/ or the network.
"""

from pipeline.clean.cleaner import (
    CleaningError,
    ListingPageError,
    NotFoundPageError,
    clean_html,
    is_listing_page,
    strip_repeated_lines,
)

__all__ = [
    "CleaningError",
    "ListingPageError",
    "NotFoundPageError",
    "clean_html",
    "is_listing_page",
    "strip_repeated_lines",
]
