"""HTML page -> Article (first, generic version; site profiles and chrome vocabulary come next).

The article a reader sees is the block with the most paragraph text once obvious chrome is gone.
"""

from __future__ import annotations

from lxml import html as lxml_html

from pipeline.inputs import InputError, check_binary, decode
from pipeline.models import Article
from pipeline.normalize import normalize_text

_DROP = ("script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "header", "figure", "figcaption")


class CleaningError(InputError):
    """A page that holds no article."""


def clean_html(data: bytes | str, url: str | None = None, source: str | None = None) -> Article:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    check_binary(raw)
    text = decode(raw) if isinstance(data, bytes) else data
    try:
        root = lxml_html.fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as error:
        raise CleaningError(f"not parseable HTML: {error}") from error
    for element in root.iter(*_DROP):
        element.drop_tree()
    title = _first(root, ("//meta[@property='og:title']/@content", "//h1//text()", "//title//text()"))
    canonical = _first(root, ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"))
    published = _first(root, ("//meta[@property='article:published_time']/@content",))
    best, best_length = None, 0
    for block in root.iter("div", "article", "section", "body", "td"):
        paragraphs = [" ".join(p.text_content().split()) for p in block.findall(".//p")]
        length = sum(len(p) for p in paragraphs)
        if length > best_length:
            best, best_length = paragraphs, length
    if not best:
        raise CleaningError("no article text found in the page")
    body = "\n\n".join(p for p in best if p)
    return Article(
        body=normalize_text(body),
        title=normalize_text(title or ""),
        url=canonical or url,
        published=published,
        source=source,
    )


def _first(root: lxml_html.HtmlElement, xpaths: tuple[str, ...]) -> str | None:
    for xpath in xpaths:
        for value in root.xpath(xpath):
            value = " ".join(str(value).split())
            if value:
                return value
    return None
