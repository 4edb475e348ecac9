"""Applying a site profile's layout versions (``scrapers/sites/*.toml``) to a parsed page.

A profile lists dated layout versions, each a set of CSS selectors (title, sapo, body, author,
published, tags, and elements to remove). The version in force when the article was published is
tried first, then the others, newest first, so archived pages of an older design keep parsing. A
version that finds nothing leaves the page to the generic path; one that finds only some fields
(a title selector but no body selector) lends those fields and lets the generic path find the body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml.cssselect import CSSSelector

from pipeline.clean.dates import parse_date_line, parse_machine_date
from pipeline.clean.dom import HtmlElement, is_element, link_text_length, text_of
from pipeline.clean.page_meta import clean_author

FIELDS: tuple[str, ...] = ("title", "sapo", "body", "author", "published", "tags")
MIN_BODY_CHARS = 80
MAX_BODY_LINKS = 0.35  # share of link text above which a "body" is a menu or a list page


@dataclass(frozen=True, slots=True)
class LayoutMatch:
    """What one layout version of a profile found on a page."""

    since: str
    bodies: tuple[HtmlElement, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)
    elements: dict[str, HtmlElement] = field(default_factory=dict)  # title, sapo and date elements
    removals: tuple[HtmlElement, ...] = ()


def versions_in_order(profile: Any, published: str | None = None) -> list[Any]:
    """Layout versions, the one in force at ``published`` first, then newest to oldest."""
    versions = sorted(getattr(profile, "versions", ()) or (), key=lambda version: version.since, reverse=True)
    day = (published or "")[:10]
    if day:
        versions.sort(key=lambda version: version.since > day)
    return versions


def match_layout(root: HtmlElement, profile: Any, published: str | None = None) -> LayoutMatch | None:
    """The first version (see ``versions_in_order``) whose selectors find anything on the page."""
    partial = None
    for version in versions_in_order(profile, published):
        match = apply_version(root, version)
        if match.bodies:
            return match
        # a version whose body selector fails is not this page's layout: its other selectors may be stale
        if partial is None and match.fields and not version.selectors.body:
            partial = match
    return partial


def apply_version(root: HtmlElement, version: Any) -> LayoutMatch:
    selectors = version.selectors
    fields: dict[str, str] = {}
    elements: dict[str, HtmlElement] = {}
    for name in ("title", "sapo", "author", "published", "tags"):
        selector = getattr(selectors, name, None)
        found = select(root, selector) if selector else []
        found = [element for element in found if text_of(element) or element.get("datetime")]
        if not found:
            continue
        if name == "tags":
            fields[name] = "\n".join(text_of(element) for element in found)
        elif name == "published":
            value = found[0].get("datetime") or found[0].get("content") or text_of(found[0])
            parsed = parse_machine_date(value) or parse_date_line(value)
            if parsed:
                fields[name] = parsed
                elements[name] = found[0]
        else:
            text = text_of(found[0])
            fields[name] = clean_author(text) if name == "author" else text
            elements[name] = found[0]
    bodies = select(root, selectors.body) if selectors.body else []
    length = sum(len(text_of(body)) for body in bodies)
    if length < MIN_BODY_CHARS or sum(link_text_length(body) for body in bodies) > length * MAX_BODY_LINKS:
        bodies = []  # nothing, or a wrapper of menus and link lists: a stale selector, not this body
    removals = tuple(element for selector in selectors.remove for element in select(root, selector))
    return LayoutMatch(version.since, tuple(bodies), fields, elements, removals)


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except Exception:  # cssselect raises several error types; a broken profile must not stop cleaning
        return None


def select(root: HtmlElement, selector: str) -> list[HtmlElement]:
    """Elements matching a CSS selector ([] for a selector that does not parse)."""
    compiled = _compiled(selector)
    if compiled is None:
        return []
    return [element for element in compiled(root) if is_element(element)]


def selector_errors(selector: str) -> str | None:
    """Why a profile's selector does not parse (for the profile tests), or None."""
    from cssselect import SelectorError

    try:
        CSSSelector(selector, translator="html")
    except SelectorError as error:
        return str(error)
    return None
