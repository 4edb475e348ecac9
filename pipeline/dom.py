"""Small helpers over lxml trees shared by the cleaning modules: parsing, class/id tokens, text measures.

lxml parses broken, truncated and deeply nested markup the way browsers recover it and iterates in C,
which is what makes cleaning fast; everything here walks trees iteratively (no recursion limits).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from pipeline import chrome

_PARSER = lxml_html.HTMLParser(
    remove_comments=True, remove_pis=True, huge_tree=True, no_network=True, recover=True, default_doctype=False
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_SPLIT = re.compile(r"[\s\-_.:/#,;|=+]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def parse(text: str) -> HtmlElement:
    """The ``<html>`` element of a page (raises ``ValueError``/``ParserError`` on hopeless input)."""
    text = _XML_DECLARATION.sub("", text, count=1)
    return lxml_html.document_fromstring(text, parser=_PARSER)


def is_element(node: object) -> bool:
    """True for elements; comments and processing instructions have a non-string ``tag``."""
    return isinstance(getattr(node, "tag", None), str)


def attribute_text(element: HtmlElement) -> str:
    """The attribute values that name an element's role (class, id, itemprop, role, type ...)."""
    values = [element.get(name) for name in chrome.TOKEN_ATTRIBUTES]
    return " ".join(value for value in values if value)


@lru_cache(maxsize=16384)
def tokens_of(value: str) -> tuple[str, ...]:
    """Lower-case words of an attribute text: "box-relate-top listComment" -> box relate top list comment."""
    words: list[str] = []
    for part in _SPLIT.split(value):
        if part:
            words.extend(piece.lower() for piece in _CAMEL.split(part) if piece)
    return tuple(words)


@lru_cache(maxsize=16384)
def _chrome_verdict(value: str) -> bool:
    words = tokens_of(value)
    if any(word in chrome.CHROME_TOKENS for word in words):
        return True
    if any(pair in chrome.CHROME_TOKEN_PAIRS for pair in itertools.pairwise(words)):
        return True
    squashed = value.lower()
    return any(part in squashed for part in chrome.CHROME_SUBSTRINGS)


def is_chrome_named(element: HtmlElement) -> bool:
    """Whether the element's class/id/role words name chrome (menus, related news, comments, ads ...)."""
    value = attribute_text(element)
    return bool(value) and _chrome_verdict(value)


def has_tokens(element: HtmlElement, vocabulary: frozenset[str]) -> bool:
    value = attribute_text(element)
    return bool(value) and any(word in vocabulary for word in tokens_of(value))


def is_content_named(element: HtmlElement) -> bool:
    return has_tokens(element, chrome.CONTENT_TOKENS)


def is_hidden(element: HtmlElement) -> bool:
    """Hidden by inline style or attribute: a reader never sees it (templates, popups, tabs)."""
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(style))


def text_of(element: HtmlElement) -> str:
    """Visible text of an element with whitespace collapsed."""
    return squash(element.text_content())


def squash(text: str) -> str:
    return " ".join(_SPACES.sub(" ", text).split())


def link_text_length(element: HtmlElement) -> int:
    return sum(len(squash(anchor.text_content())) for anchor in element.iter("a"))


def link_density(element: HtmlElement, text_length: int | None = None) -> float:
    """Share of an element's text that sits inside links (menus and related boxes are near 1)."""
    length = len(text_of(element)) if text_length is None else text_length
    if length == 0:
        return 0.0
    return min(1.0, link_text_length(element) / length)


def ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def in_chrome(element: HtmlElement, stop: HtmlElement | None = None) -> bool:
    """Whether the element or an ancestor (below ``stop``) is named as chrome."""
    if is_chrome_named(element):
        return True
    for parent in ancestors(element):
        if parent is stop or parent.tag in ("body", "html"):
            return False
        if is_chrome_named(parent):
            return True
    return False


def remove(element: HtmlElement) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def document_order(root: HtmlElement) -> dict[HtmlElement, int]:
    """Position of every element in document order (for "after the title" comparisons)."""
    return {element: index for index, element in enumerate(root.iter()) if is_element(element)}


def serialize(element: HtmlElement) -> str:
    return etree.tostring(element, encoding="unicode", method="html")
