"""JSON-LD objects of a page (``<script type="application/ld+json">``), read as untrusted data of any shape.

Sites nest their objects in ``@graph`` lists, wrap list items in arrays of their own
(``"itemListElement": [[{...}], [{...}]]``), put numbers or lists where strings belong, or nest
arrays thousands deep. Every reader here walks iteratively, keeps only what has the expected type,
and skips a script that does not parse (deep nesting included).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from lxml.etree import _Element

from pipeline.clean.dom import tagged

_ARTICLE_TYPES = ("BlogPosting", "Report")
MAX_SCRIPT_CHARS = 2_000_000  # a bigger ld+json script is not metadata


def jsonld_items(root: _Element) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, in document order (``@graph`` members included)."""
    for script in tagged(root, "script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        data = _parse(script.text)
        if data is not None:
            yield from objects(data, graphs=True)


@lru_cache(maxsize=16)
def _parse(text: str) -> Any:
    """A script's data, parsed once for the several readers of a page (they only read it)."""
    if len(text) > MAX_SCRIPT_CHARS:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):  # broken, or nested deeper than the parser goes
        return None


def objects(value: Any, *, graphs: bool = False) -> Iterator[dict[str, Any]]:
    """The objects in a value, however deep in lists they sit, in order; with ``graphs`` the members of
    an object's ``@graph`` follow it."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph") if graphs else None
            if isinstance(graph, (list, dict)):
                stack.append(graph)


def text(value: Any) -> str:
    """A string value as one line; anything else (a number, a list, an object) is no text."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def types(item: dict[str, Any]) -> tuple[str, ...]:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return tuple(k for k in kinds if isinstance(k, str))


def is_article(item: dict[str, Any]) -> bool:
    return any("Article" in kind or kind in _ARTICLE_TYPES for kind in types(item))


def breadcrumb_names(root: _Element) -> list[str]:
    """The names of the first BreadcrumbList, in its order (``position`` when every item has one)."""
    for item in jsonld_items(root):
        if "BreadcrumbList" not in types(item):
            continue
        entries = []
        for number, entry in enumerate(objects(item.get("itemListElement"))):
            inner = entry.get("item")
            name = text(entry.get("name")) or (text(inner.get("name")) if isinstance(inner, dict) else "")
            position = entry.get("position")
            rank = position if isinstance(position, (int, float)) and not isinstance(position, bool) else number
            if name:
                entries.append((rank, number, name))
        if entries:
            return [name for _, _, name in sorted(entries)]
    return []
