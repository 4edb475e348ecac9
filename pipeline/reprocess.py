"""Rebuild articles and records from the WARC archive, without the network (after an extractor upgrade).

The unit of work is one WARC file, a shard: ``outcomes_of_shard(path)`` reads one file and runs the
pure page stages on each article in it, so a distributed engine maps it over the shard paths with no
other code. ``reprocess`` is the local loop: under the run lock, every shard in the order written
(a URL fetched twice ends with its newest copy), stored idempotently.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from pipeline.models import SiteProfile
from pipeline.process import PageOutcome, process_page
from pipeline.run import LOCK_NAME, RunReport, profile_of, replay
from scrapers.archive import iter_responses, warc_files
from scrapers.content import BodyError
from scrapers.settings import DEFAULT_SETTINGS, CrawlSettings
from scrapers.state import RunLock


def outcomes_of_shard(
    path: Path, profiles: tuple[SiteProfile, ...] | None = None, *, max_bytes: int = DEFAULT_SETTINGS.max_page_bytes
) -> Iterator[PageOutcome]:
    """What each article response of one WARC file holds (listings, robots.txt and errors skipped).
    Reads only ``path``; writes nothing."""
    for response in iter_responses(path):
        if response.role in ("robots", "listing") or response.status != 200:
            continue
        try:
            page = response.page(max_bytes)
        except BodyError:
            continue
        try:
            yield process_page(page, profile_of(response, profiles))
        except Exception as error:  # a bug met on one page: its outcome says so, the shard goes on
            yield PageOutcome(response.url, "failed", reason=f"processing_error ({type(error).__name__}: {error})")


def reprocess(
    archive_dir: Path,
    *,
    since: date | None = None,
    db_url: str | None = None,
    profiles: tuple[SiteProfile, ...] | None = None,
    settings: CrawlSettings = DEFAULT_SETTINGS,
) -> RunReport:
    """Every archived article (of files written on or after ``since``) cleaned, extracted and stored
    again; raises ``LockHeld`` while a run is going on."""
    with RunLock(archive_dir / LOCK_NAME):
        return replay(
            warc_files(archive_dir, since), db_url=db_url, profiles=profiles, archive_dir=archive_dir, settings=settings
        )
