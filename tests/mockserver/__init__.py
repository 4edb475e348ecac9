"""Local HTTP servers standing in for newspapers (after Scrapy's ``tests/mockserver``): no test touches the internet."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .newspaper import FAULT_IDS, FAULTS, FakeNewspaper, PaperSpec
from .texts import story

__all__ = ["FAULTS", "FAULT_IDS", "FakeNewspaper", "PaperSpec", "sites_toml", "story", "three_papers"]


def three_papers(articles: int = 30, **overrides: Any) -> list[PaperSpec]:
    """Three newspapers that together use every discovery path: RSS + paginated categories (?page=N),
    Atom + sitemap index (gzip child, news sitemap), categories only (/trang-N) behind a robots.txt."""
    return [
        PaperSpec("baoa", host="127.0.0.1", articles=articles, feed="rss", feed_size=5, **overrides),
        PaperSpec(
            "baob",
            host="127.0.0.2",
            articles=articles,
            feed="atom",
            sitemaps=True,
            categories=("tin-tuc",),
            **overrides,
        ),
        PaperSpec(
            "baoc",
            host="127.0.0.3",
            articles=articles,
            feed=None,
            pagination="path",
            categories=("xay-dung-dang", "ban-doc"),
            private_article=True,
            robots="User-agent: *\nDisallow: /rieng-tu/\nCrawl-delay: 0.01\n",
            **overrides,
        ),
    ]


def _toml(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings, numbers and lists are valid TOML


def sites_toml(papers: Iterable[FakeNewspaper], settings: dict[str, Any] | None = None) -> str:
    """A ``--sites-file`` for running papers; ``settings`` becomes its ``[settings]`` table."""
    lines: list[str] = []
    if settings:
        lines.append("[settings]")
        lines.extend(f"{key} = {_toml(value)}" for key, value in settings.items())
        lines.append("")
    for paper in papers:
        spec = paper.spec
        feeds = ["/rss" if spec.feed == "rss" else "/feed.atom"] if spec.feed else []
        categories = [] if spec.sitemaps else [paper.base + "/" + c for c in spec.categories]
        lines += [
            "[[site]]",
            f"name = {_toml(spec.name)}",
            f"domain = {_toml(spec.host)}",
            f"aliases = {_toml(['localhost'] if spec.host == '127.0.0.1' else [])}",
            f"newspaper = {_toml('Báo ' + spec.name)}",
            'province = "Thanh Hóa"',
            f"base_url = {_toml(paper.base)}",
            f"feeds = {_toml([paper.base + f for f in feeds])}",
            f"sitemaps = {_toml([paper.base + '/sitemap_index.xml'] if spec.sitemaps else [])}",
            f"categories = {_toml(categories)}",
            "delay_seconds = 0",
            "",
        ]
    return "\n".join(lines)
