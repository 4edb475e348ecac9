"""Extraction: Article (or article text) -> ExtractionResult, rating records and organizations.

Pure: imports models, normalize, spaCy and underthesea, never clean/, store/, serve/, scrapers/ or the network.
"""

from __future__ import annotations

from pipeline.models import Article, ExtractionResult, SiteProfile
from pipeline.normalize import normalize_text


def extract(article: Article, site: SiteProfile | None = None) -> ExtractionResult:
    """Rating records and organizations of one article (pure: no I/O beyond the cached models).

    ``site`` is the publishing newspaper's profile: figures that name no province are about its own.
    """
    return extract_text(article.text, url=article.url, published=article.published, site=site)


def extract_text(
    text: str, *, url: str | None = None, published: str | None = None, site: SiteProfile | None = None
) -> ExtractionResult:
    from pipeline.extract.nlp import analyze

    return analyze(normalize_text(text), url=url, published=published, site=site)
