"""JSON-LD objects of a page (``<script type="application/ld+json">``), ``@graph`` lists flattened."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml.etree import _Element

_ARTICLE_TYPES = ("BlogPosting", "Report")


def jsonld_items(root: _Element) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page, in document order; unparseable scripts are skipped."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))


def is_article(item: dict[str, Any]) -> bool:
    kind = item.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and ("Article" in k or k in _ARTICLE_TYPES) for k in kinds)
