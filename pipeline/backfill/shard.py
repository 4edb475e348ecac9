"""One shard (a WARC file) -> its page results and counts: the work of one Dask task, engine-free.

It reads the file as the single-process replay does (robots.txt skipped; listings, 304s, error statuses
and unusable bodies only counted) and runs the pure page stages on every other response, so the two
paths store the same pages, articles and records; ``tests/test_backfill.py`` holds them equal.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

from pipeline.models import Article, ExtractionResult, FetchedPage, SiteProfile
from pipeline.process import process_page
from pipeline.run import SiteTally, profile_and_tally
from pipeline.store.database import ArticleRows, article_rows
from scrapers.archive import ArchivedResponse, iter_responses
from scrapers.content import BodyError
from scrapers.settings import CrawlSettings
from scrapers.state import ARTICLE, FAILED, utc_now

log = logging.getLogger("vnie.backfill")

PROCESSING_ERROR = "processing_error"  # as the nightly run's PageSink counts a page whose stages raised


@dataclass(frozen=True, slots=True)
class PageResult:
    """One archived page after the stages: its ``pages`` row and, for an article, what to save."""

    url: str
    site: str
    warc_file: str
    warc_offset: int
    status: int
    fetched_at: str
    content_type: str | None
    etag: str | None
    last_modified: str | None
    content_sha1: str
    kind: str  # article | not_article | not_html | failed
    reason: str | None = None
    rows: ArticleRows | None = None  # an article's rows, ready to write (what a worker hands on) ...
    article: Article | None = None  # ... or the article and its extraction, made into rows when written
    result: ExtractionResult | None = None

    def article_rows(self) -> ArticleRows | None:
        """What to save of the article on this page (None: the page holds none)."""
        if self.rows is None and self.article is not None and self.result is not None:
            return article_rows(self.article, self.result)
        return self.rows

    @property
    def position(self) -> tuple[str, str, int]:
        return archive_position(self.warc_file, self.warc_offset)

    def page_values(self) -> dict[str, Any]:
        """The ``pages`` columns the single-process replay leaves (``record_response`` then ``record_kind``)."""
        return {
            "site": self.site,
            "status": self.status,
            "fetched_at": self.fetched_at,
            "content_type": self.content_type,
            "kind": self.kind,
            "failure_reason": self.reason,
            "attempts": 0,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "content_sha1": self.content_sha1,
            "warc_file": self.warc_file,
            "warc_offset": self.warc_offset,
        }


def archive_position(warc_file: str, offset: int) -> tuple[str, str, int]:
    """Where a record lies in the order the archive was written (``warc_files``' order, then the offset):
    of two copies of a URL, the later one is the newer."""
    path = PurePath(warc_file)
    return (path.parent.name, path.name, offset)


def shard_pages(
    path: str,
    name: str,
    profiles: tuple[SiteProfile, ...] | None,
    settings: CrawlSettings,
    tallies: dict[str, SiteTally],
    on_page: Callable[[int], None] | None = None,
    *,
    search: bool = True,
) -> Iterator[PageResult]:
    """Every usable page of the WARC file at ``path`` (``name``: how ``pages.warc_file`` names it), cleaned
    and extracted, each article made into the rows the store writes (with its full-text documents when
    ``search``: SQLite's); ``tallies`` gets each site's counts, ``on_page`` the number of responses read so far."""
    for number, response in enumerate(iter_responses(Path(path)), start=1):
        if on_page is not None:
            on_page(number)
        if response.role == "robots":
            continue
        profile, tally = profile_and_tally(response, profiles, tallies)
        try:
            page = _usable_page(response, tally, settings)
            processed = _processed(response, name, page, profile, tally, search) if page is not None else None
        except Exception as error:  # one record's failure must not end the shard (nor, in the loop, the replay)
            log.error("%s: replay failed: %s: %s", response.url, type(error).__name__, error)
            tally.failed[PROCESSING_ERROR] += 1
            continue
        if processed is not None:
            yield processed


def _usable_page(response: ArchivedResponse, tally: SiteTally, settings: CrawlSettings) -> FetchedPage | None:
    """The page of an article response with a usable body; counted like the replay counts it."""
    if response.role == "listing":
        tally.listings += 1
        return None
    tally.requests += 1
    if response.status == 304:
        tally.usable += 1
        tally.not_modified += 1
        return None
    if response.status != 200:
        tally.failed["gone" if response.status in (404, 410) else f"http_{response.status}"] += 1
        return None
    try:
        page = response.page(settings.max_page_bytes)
    except BodyError as error:
        tally.failed[error.reason] += 1
        return None
    tally.usable += 1
    tally.fetched += 1
    return page


def _processed(
    response: ArchivedResponse,
    name: str,
    page: FetchedPage,
    profile: SiteProfile | None,
    tally: SiteTally,
    search: bool,
) -> PageResult:
    failed = PageResult(
        url=response.url,
        site=tally.site,
        warc_file=name,
        warc_offset=response.offset,
        status=page.status,
        fetched_at=page.fetched_at or utc_now(),
        content_type=page.header("Content-Type"),
        etag=page.header("ETag"),
        last_modified=page.header("Last-Modified"),
        content_sha1=hashlib.sha1(page.body).hexdigest(),
        kind=FAILED,
        reason=PROCESSING_ERROR,
    )
    try:
        outcome = process_page(page, profile)
        rows = None
        if outcome.article is not None and outcome.result is not None:
            # a record the store would refuse (InvalidRecord) is a processing error too
            rows = article_rows(outcome.article, outcome.result, search=search)
    except Exception as error:  # a bug in one page's stages must not end the shard
        detail = f"{type(error).__name__}: {error}"[:300]
        log.error("%s: cleaning or extraction failed: %s", response.url, detail)
        tally.failed[PROCESSING_ERROR] += 1
        return replace(failed, reason=f"{PROCESSING_ERROR} ({detail})")
    if rows is not None:
        tally.articles += 1
        tally.records += len(rows.records)
        return replace(failed, kind=ARTICLE, reason=None, rows=rows)
    tally.failed[outcome.kind] += 1
    return replace(failed, kind=outcome.kind, reason=outcome.reason)
