"""Article -> ExtractionResult: the one entry point of extraction for every caller."""

from __future__ import annotations

from pipeline.models import Article, ExtractionResult
from pipeline.normalize import normalize_text


def extract(article: Article) -> ExtractionResult:
    """Rating records and organizations of one article (pure: no I/O beyond the cached models)."""
    return extract_text(article.text, url=article.url, published=article.published, site=article.site)


def extract_text(
    text: str, *, url: str | None = None, published: str | None = None, site: str | None = None
) -> ExtractionResult:
    from pipeline.nlp import analyze

    return analyze(normalize_text(text), url=url, published=published, site=site)
