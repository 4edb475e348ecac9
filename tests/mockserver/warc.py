"""Fake newspapers' pages written straight into a WARC archive, no HTTP: shards for the back-fill
tests and the scaling benchmark. The archive is written by vnie's own ``WarcArchive``, one file per
shard, so the files come in the order ``warc_files`` lists them and a later shard holds newer copies."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scrapers.archive import WarcArchive
from scrapers.fetch import Exchange

from .newspaper import FakeNewspaper

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True, slots=True)
class Record:
    """One response to archive, with why it was fetched (article | listing | robots)."""

    exchange: Exchange
    role: str
    site: str | None


def response(
    paper: FakeNewspaper, path: str, body: bytes, *, role: str = "article", status: int = 200, content_type: str = HTML
) -> Record:
    etag = f'"{hashlib.sha1(body).hexdigest()[:12]}"'
    headers = (("Content-Type", content_type), ("Content-Length", str(len(body))), ("ETag", etag))
    exchange = Exchange(
        url=paper.base + path,
        request_headers=(("User-Agent", "vnie-tests"),),
        status=status,
        reason={200: "OK", 304: "Not Modified", 404: "Not Found"}.get(status, ""),
        headers=headers,
        raw_body=body,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return Record(exchange, role, paper.spec.name)


def article(paper: FakeNewspaper, number: int) -> Record:
    return response(paper, paper.article_path(number), paper.article_html(number).encode("utf-8"))


def listing(paper: FakeNewspaper, category: str, page: int = 1) -> Record:
    html = paper.category_html(category, page) or ""
    return response(paper, paper.page_url(category, page), html.encode("utf-8"), role="listing")


def robots(paper: FakeNewspaper) -> Record:
    return response(paper, "/robots.txt", b"User-agent: *\nAllow: /\n", role="robots", content_type="text/plain")


def write_shards(root: Path, shards: Iterable[Iterable[Record]]) -> list[Path]:
    """One WARC file per shard under ``root``, in order; returns their paths."""
    paths = []
    for number, records in enumerate(shards, start=1):
        with WarcArchive(root, max_bytes=1 << 40, run_id=f"shard{number:06d}") as archive:
            located = [archive.write(record.exchange, role=record.role, site=record.site) for record in records]
        if located:
            paths.append(located[0].path)
    return paths
