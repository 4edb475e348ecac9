"""One fetched page -> what it holds: the pure per-page stages, in order.

    FetchedPage --clean--> Article --extract--> ExtractionResult

No network, no database, no files: the nightly run, ``vnie reprocess`` and a distributed back-fill
call exactly these functions on each page (a worker needs only this package and a WARC shard).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from pipeline.inputs import RawInput
from pipeline.models import Article, ExtractionResult, FetchedPage, InputError, SiteProfile
from scrapers.sites import builtin_profiles, profile_for
from scrapers.urls import page_identity
from scrapers.vocabulary import HTML_CONTENT_TYPES

PageKind = Literal["article", "not_article", "not_html", "failed"]  # failed: the page's stages raised


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What one page turned out to be; an article comes with its extraction result."""

    url: str
    kind: PageKind
    article: Article | None = None
    result: ExtractionResult | None = None
    reason: str | None = None


def is_html(page: FetchedPage) -> bool:
    """HTML by its Content-Type, or by its first bytes when the server gave none."""
    content_type = (page.header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type:
        return content_type in HTML_CONTENT_TYPES
    return RawInput(page.url, page.body).looks_like_html


def clean_page(page: FetchedPage, site: SiteProfile | None = None) -> Article:
    """The article of an HTML page; raises ``InputError`` (``CleaningError``) for a page that holds none.
    Its URL is the page's canonical one only within the fetching site's own domains (``page_identity``)."""
    from pipeline.clean import clean_html

    fetched = page.final_url or page.url
    article = clean_html(
        page.body,
        url=page.final_url or page.url,
        source=page.url,
        headers=page.headers,
        site_profile=site,
        profiles=builtin_profiles(),
    )
    url = page_identity(article.url, fetched, site)
    if url != article.url:
        article = replace(article, url=url, site=site.name if site is not None else article.site)
    if article.site is None and site is not None:
        article = replace(article, site=site.name)
    return article


def process_page(page: FetchedPage, site: SiteProfile | None = None) -> PageOutcome:
    """Clean and extract one page; listing pages and other non-articles come back as ``not_article``."""
    from pipeline.extract import extract

    if not is_html(page):
        return PageOutcome(page.url, "not_html", reason=f"content type {page.header('Content-Type') or 'unknown'}")
    try:
        article = clean_page(page, site)
    except InputError as error:
        return PageOutcome(page.url, "not_article", reason=str(error))
    return PageOutcome(page.url, "article", article=article, result=extract(article, site or profile_for(article.url)))
