"""What the crawler knows between runs, kept in the database: the frontier, what was fetched, the runs.

The ``pages`` table is the frontier and the record of fetches at once; ``kind`` moves one way:

    pending -> fetched (archived, not yet processed) -> article | not_article | not_html | listing
    pending -> gone | failed (failure_reason) | robots
    failed (a failure that may heal) -> pending, the next night, until ``attempts`` reaches the cap

so a run killed at any point leaves rows that say what is left to do: ``pending`` rows are fetched
and ``fetched`` rows are processed from the archive by the next run. ``attempts`` counts the nights
in a row a page failed transiently; at the cap the page is failed for good (``gave up after N
nights: REASON``), so a dead URL is not fetched every night forever. Writes go through one lock:
SQLite allows one writer, and the site workers of a run share this object.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, ParamSpec, TypeVar

from sqlalchemy import Connection, and_, func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from pipeline import EXTRACTOR_VERSION
from pipeline.models import Article, ExtractionResult, FetchedPage, SiteProfile
from pipeline.store.database import StoreError, connect, pages, run_sites, runs, save, sites
from pipeline.store.runlock import RunLease
from scrapers.fetch import TRANSIENT_FAILURES, Validators

PENDING = "pending"
FETCHED = "fetched"
ARTICLE = "article"
NOT_ARTICLE = "not_article"
NOT_HTML = "not_html"
LISTING = "listing"
GONE = "gone"
FAILED = "failed"
ROBOTS = "robots"
KINDS = (PENDING, FETCHED, ARTICLE, NOT_ARTICLE, NOT_HTML, LISTING, GONE, FAILED, ROBOTS)
# Transient failures of the page itself: each night that ends with one counts towards giving the page up.
# rate_limited and robots_unreachable are the site's (they stop the whole site for the night): never counted.
COUNTED_FAILURES = TRANSIENT_FAILURES - {"rate_limited", "robots_unreachable"}
GAVE_UP = "gave up after "  # how the failure_reason of a page given up for good begins
_BATCH = 200


log = logging.getLogger("vnie.state")
P = ParamSpec("P")
R = TypeVar("R")


class DatabaseLost(StoreError):
    """The database stopped answering and did not come back within the retry budget."""


def is_connection_problem(error: BaseException) -> bool:
    """A database error that says the connection or the server went away (or, for SQLite, is busy)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, (OperationalError, InterfaceError))


def _retrying(method: Callable[P, R]) -> Callable[P, R]:
    """Run a CrawlState method again, with backoff, while the database does not answer (each method is one
    transaction, so a retry repeats it whole); beyond ``retry_seconds`` it raises ``DatabaseLost``."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        state: CrawlState = args[0]  # type: ignore[assignment]
        waited, pause = 0.0, 0.25
        while True:
            try:
                return method(*args, **kwargs)
            except DBAPIError as error:
                if not is_connection_problem(error):
                    raise
                if waited >= state.retry_seconds:
                    reason = str(error.orig or error).strip().splitlines()[0] if str(error.orig or error) else ""
                    raise DatabaseLost(f"the database stopped answering: {reason}") from error
                log.warning("database not answering (%s); trying again in %.2f s", type(error.orig).__name__, pause)
                time.sleep(pause)
                waited += pause
                pause = min(pause * 2, max(0.25, state.retry_seconds - waited))

    return wrapper


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def gave_up_reason(nights: int, reason: str) -> str:
    """The failure_reason of a page given up: not transient any more, and it still names the last failure."""
    return f"{GAVE_UP}{nights} night{'' if nights == 1 else 's'}: {reason}"


@dataclass(frozen=True, slots=True)
class Found:
    """A URL discovery found, with the date the listing gave for it (None when it gave none)."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True, slots=True)
class PageRow:
    url: str
    site: str | None
    kind: str | None
    etag: str | None = None
    last_modified: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None

    @property
    def validators(self) -> Validators | None:
        if self.etag or self.last_modified:
            return Validators(self.etag, self.last_modified)
        return None


class CrawlState:
    """Frontier, fetch records and run rows of one database."""

    def __init__(self, engine: Engine, *, retry_seconds: float = 30.0) -> None:
        self.engine = engine
        self.retry_seconds = retry_seconds  # how long a lost database is waited for before the run gives up
        self._write = threading.Lock()

    # ---- frontier -----------------------------------------------------------------------------------
    def enqueue(self, site: str, found: Iterable[Found], limit: int | None = None) -> int:
        """Add new URLs to the frontier (batch by batch); a known page whose listing date is newer than
        our copy goes back to the frontier, to be fetched with a conditional GET. Returns how many were new.
        With ``limit``, no more than that many are added and ``found`` is not read further once they are
        (so discovery stops fetching listings)."""
        added = 0
        batch: list[Found] = []
        for item in found:
            batch.append(item)
            if len(batch) >= _BATCH:
                added += self._enqueue_batch(site, batch, None if limit is None else limit - added)
                batch = []
                if limit is not None and added >= limit:
                    return added
        if batch:
            added += self._enqueue_batch(site, batch, None if limit is None else limit - added)
        return added

    @_retrying
    def _enqueue_batch(self, site: str, batch: Sequence[Found], room: int | None) -> int:
        unique = {item.url: item for item in batch}
        with self._write, self.engine.begin() as conn:
            rows = conn.execute(
                select(pages.c.url, pages.c.kind, pages.c.fetched_at).where(pages.c.url.in_(list(unique)))
            ).all()
            existing = {row.url: row for row in rows}
            now = utc_now()
            new = [
                {"url": url, "site": site, "kind": PENDING, "discovered_at": now}
                for url in unique
                if url not in existing
            ][: room if room is not None else None]
            if new:
                conn.execute(insert(pages), new)
            stale = [
                url
                for url, row in existing.items()
                if row.kind in (ARTICLE, NOT_ARTICLE) and _newer(unique[url].lastmod, row.fetched_at)
            ]
            if stale:
                conn.execute(update(pages).where(pages.c.url.in_(stale)).values(kind=PENDING))
        return len(new)

    @_retrying
    def known(self, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), _BATCH):
                chunk = wanted[start : start + _BATCH]
                found.update(conn.execute(select(pages.c.url).where(pages.c.url.in_(chunk))).scalars())
        return found

    @_retrying
    def give_up_exhausted(self, site: str, max_attempts: int) -> list[tuple[str, str]]:
        """Pages due for a retry that already failed ``max_attempts`` nights (the cap was lowered since) are
        given up now instead; returns their URLs and new failure reasons."""
        due = and_(pages.c.site == site, pages.c.kind == FAILED, pages.c.failure_reason.in_(sorted(TRANSIENT_FAILURES)))
        with self._write, self.engine.begin() as conn:
            rows = conn.execute(
                select(pages.c.id, pages.c.url, pages.c.attempts, pages.c.failure_reason)
                .where(due)
                .where(pages.c.attempts >= max_attempts)
            ).all()
            given_up = []
            for row in rows:
                reason = gave_up_reason(row.attempts, row.failure_reason)
                conn.execute(update(pages).where(pages.c.id == row.id).values(failure_reason=reason))
                given_up.append((row.url, reason))
        return given_up

    @_retrying
    def requeue_transient(self, site: str) -> int:
        """Pages that failed for a reason that may heal (timeouts, 5xx ...) go back to the frontier
        (pages given up have a reason that does not heal: they stay out)."""
        with self._write, self.engine.begin() as conn:
            result = conn.execute(
                update(pages)
                .where(and_(pages.c.site == site, pages.c.kind == FAILED))
                .where(pages.c.failure_reason.in_(sorted(TRANSIENT_FAILURES)))
                .values(kind=PENDING)
            )
            return int(result.rowcount or 0)

    def rows(self, site: str, kind: str) -> Iterator[PageRow]:
        """Rows of one site and kind, oldest first, read a batch at a time (the frontier can be large)."""
        last = 0
        while True:
            with self.engine.connect() as conn:
                batch = conn.execute(
                    select(pages)
                    .where(and_(pages.c.site == site, pages.c.kind == kind, pages.c.id > last))
                    .order_by(pages.c.id)
                    .limit(_BATCH)
                ).all()
            if not batch:
                return
            for row in batch:
                last = row.id
                yield PageRow(row.url, row.site, row.kind, row.etag, row.last_modified, row.warc_file, row.warc_offset)

    @_retrying
    def count(self, site: str, kind: str) -> int:
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(pages).where(and_(pages.c.site == site, pages.c.kind == kind))
            return int(conn.execute(query).scalar_one())

    @_retrying
    def row(self, url: str) -> PageRow | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(pages).where(pages.c.url == url)).first()
        if found is None:
            return None
        return PageRow(
            found.url, found.site, found.kind, found.etag, found.last_modified, found.warc_file, found.warc_offset
        )

    # ---- fetch records ------------------------------------------------------------------------------
    @_retrying
    def record_response(
        self,
        url: str,
        site: str | None,
        page: FetchedPage,
        *,
        kind: str,
        warc_file: str | None,
        warc_offset: int | None,
    ) -> None:
        """A response that came: where it is archived, its validators, and what it is (so far)."""
        values: dict[str, Any] = {
            "site": site,
            "status": page.status,
            "fetched_at": page.fetched_at or utc_now(),
            "content_type": page.header("Content-Type"),
            "kind": kind,
            "failure_reason": None,
            "attempts": 0,
        }
        if page.status == 200:
            values.update(
                etag=page.header("ETag"),
                last_modified=page.header("Last-Modified"),
                content_sha1=hashlib.sha1(page.body).hexdigest(),
                warc_file=warc_file,
                warc_offset=warc_offset,
            )
        self._upsert(url, values)

    @_retrying
    def record_not_modified(self, url: str, fetched_at: str | None) -> None:
        """A 304: our copy is current; the page keeps what it was (article or not, listing)."""
        with self._write, self.engine.begin() as conn:
            row = conn.execute(select(pages.c.kind, pages.c.article_id).where(pages.c.url == url)).first()
            if row is None:
                return
            kind = row.kind if row.kind not in (PENDING, FETCHED) else ARTICLE if row.article_id else NOT_ARTICLE
            conn.execute(
                update(pages)
                .where(pages.c.url == url)
                .values(kind=kind, fetched_at=fetched_at or utc_now(), attempts=0)
            )

    @_retrying
    def record_kind(self, url: str, kind: str, *, reason: str | None = None, article_id: int | None = None) -> None:
        values: dict[str, Any] = {"kind": kind, "failure_reason": reason}
        if article_id is not None:
            values["article_id"] = article_id
        with self._write, self.engine.begin() as conn:
            conn.execute(update(pages).where(pages.c.url == url).values(**values))

    @_retrying
    def record_failure(
        self, url: str, site: str | None, reason: str, *, status: int | None = None, give_up_after: int | None = None
    ) -> str:
        """A fetch that failed; returns the failure reason stored. With ``give_up_after``, a transient failure
        of the page counts one more failed night, and the night that makes ``give_up_after`` of them fails
        the page for good (the caller leaves it out on nights that should not count)."""
        kind = GONE if reason == "gone" else ROBOTS if reason == "robots" else FAILED
        values: dict[str, Any] = {
            "site": site, "status": status, "fetched_at": utc_now(), "kind": kind, "failure_reason": reason
        }  # fmt: skip
        with self._write, self.engine.begin() as conn:
            if give_up_after is not None and reason in COUNTED_FAILURES:
                nights = int(conn.execute(select(pages.c.attempts).where(pages.c.url == url)).scalar() or 0) + 1
                values["attempts"] = nights
                if nights >= give_up_after:
                    values["failure_reason"] = gave_up_reason(nights, reason)
            _upsert(conn, url, values)
        return str(values["failure_reason"])

    def _upsert(self, url: str, values: dict[str, Any]) -> None:
        with self._write, self.engine.begin() as conn:
            _upsert(conn, url, values)

    @_retrying
    def save_article(self, article: Article, result: ExtractionResult, run_id: str) -> int:
        with self._write:
            return save(self.engine, article, result, run_id)

    # ---- runs ---------------------------------------------------------------------------------------
    @_retrying
    def start_run(self, run_id: str, started: str) -> None:
        with self._write, self.engine.begin() as conn:
            conn.execute(
                insert(runs).values(id=run_id, started=started, status="running", extractor_version=EXTRACTOR_VERSION)
            )

    @_retrying
    def close_interrupted_runs(self) -> list[str]:
        """Runs still marked running while we hold the lock were killed: mark them failed."""
        with self._write, self.engine.begin() as conn:
            stale = list(conn.execute(select(runs.c.id).where(runs.c.status == "running")).scalars())
            if stale:
                conn.execute(
                    update(runs)
                    .where(runs.c.id.in_(stale))
                    .values(status="failed", ended=utc_now(), report={"error": "interrupted (killed or crashed)"})
                )
        return stale

    @_retrying
    def finish_run(self, run_id: str, *, ended: str, status: str, report: dict[str, Any]) -> None:
        with self._write, self.engine.begin() as conn:
            conn.execute(update(runs).where(runs.c.id == run_id).values(ended=ended, status=status, report=report))

    @_retrying
    def write_run_site(self, run_id: str, site: str, values: dict[str, Any]) -> None:
        with self._write, self.engine.begin() as conn:
            conn.execute(insert(run_sites).values(run_id=run_id, site=site, **values))

    @_retrying
    def recent_site_rows(self, site: str, *, exclude_run: str, limit: int) -> list[dict[str, Any]]:
        """The last ``limit`` finished runs of a site (newest first), for the layout-drift median."""
        query = (
            select(run_sites)
            .join(runs, runs.c.id == run_sites.c.run_id)
            .where(and_(run_sites.c.site == site, run_sites.c.run_id != exclude_run))
            .order_by(runs.c.started.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    @_retrying
    def upsert_site(self, profile: SiteProfile) -> None:
        values = {
            "domain": profile.domain,
            "newspaper": profile.newspaper or None,
            "province": profile.province,
            "base_url": profile.base_url,
        }
        with self._write, self.engine.begin() as conn:
            done = conn.execute(update(sites).where(sites.c.name == profile.name).values(**values))
            if not done.rowcount:
                conn.execute(insert(sites).values(name=profile.name, **values))


    def lease(self, run_id: str, started: str, *, on_lost: Callable[[str], None] | None = None) -> RunLease:
        """The database's run lock for ``run_id`` (``acquire`` writes the run's row)."""
        return RunLease(self.engine, run_id, started, on_lost=on_lost)


@contextmanager
def open_state(db_url: str | None, *, retry_seconds: float = 30.0) -> Iterator[CrawlState]:
    """The state of the database at ``db_url`` (schema in place); its connections are closed afterwards."""
    engine = connect(db_url)
    try:
        yield CrawlState(engine, retry_seconds=retry_seconds)
    finally:
        engine.dispose()


def _upsert(conn: Connection, url: str, values: dict[str, Any]) -> None:
    """Update the page of ``url``; a URL seen for the first time (a listing, a replayed page) is found now."""
    done = conn.execute(update(pages).where(pages.c.url == url).values(**values))
    if not done.rowcount:
        conn.execute(insert(pages).values(url=url, discovered_at=utc_now(), **values))


def _newer(lastmod: datetime | None, fetched_at: str | None) -> bool:
    if lastmod is None or not fetched_at:
        return False
    try:
        fetched = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        return False
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    if lastmod.tzinfo is None:
        lastmod = lastmod.replace(tzinfo=UTC)
    return lastmod > fetched


class LockHeld(Exception):
    """Another run holds the lock."""


class RunLock:
    """An exclusive ``flock`` on a file: two runs never overlap, and a killed run's lock dies with it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise LockHeld(f"another vnie run holds {self.path} (pid {holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
