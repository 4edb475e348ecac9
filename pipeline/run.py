"""The nightly run, a thin shell around the stages:

    discover -> fetch -> archive -> clean -> extract (+ validate) -> store     (a worker per site, sites in parallel)

Each site's worker first finishes what a killed run left (pages archived but not processed), then
discovers, then fetches its frontier one page at a time; every response is in the WARC archive before
anything else happens to it. The run ends with per-site rows, layout-drift alerts and a JSON report.
``replay`` runs the same page stages over WARC files instead of the network (``vnie run --replay``,
``vnie demo``, ``vnie reprocess``).
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from pipeline.models import FetchedPage, SiteProfile
from pipeline.process import process_page
from pipeline.store.database import StoreError, new_run_id
from scrapers.archive import ArchivedAt, ArchivedResponse, WarcArchive, iter_responses, read_response
from scrapers.content import BodyError
from scrapers.discover import discover, plan_for
from scrapers.fetch import Exchange, Fetcher, FetchOutcome, Validators
from scrapers.settings import CrawlSettings
from scrapers.sites import builtin_profiles, profile_for
from scrapers.state import (
    ARTICLE,
    FAILED,
    FETCHED,
    LISTING,
    PENDING,
    CrawlState,
    DatabaseLost,
    RunLock,
    open_state,
    utc_now,
)
from scrapers.urls import SiteScope

log = logging.getLogger("vnie.run")

LOCK_NAME = "vnie-run.lock"


@dataclass(slots=True)
class SiteTally:
    """Counts of one site in one run (owned by that site's worker thread)."""

    site: str
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    skipped_robots: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    records: int = 0
    listings: int = 0
    requests: int = 0  # URLs asked of the site (listings, articles), robots-skipped ones not included
    usable: int = 0  # of those, how many answered 200 or 304
    attempts: int = 0  # article URLs tried, for --max-pages
    alerts: list[str] = field(default_factory=list)

    @property
    def failed_entirely(self) -> bool:
        return self.requests > 0 and self.usable == 0

    def row(self) -> dict[str, Any]:
        """The ``run_sites`` columns."""
        return {
            "discovered": self.discovered,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "skipped_robots": self.skipped_robots,
            "failed": dict(sorted(self.failed.items())),
            "articles": self.articles,
            "records": self.records,
            "alerts": list(self.alerts),
        }

    def report(self) -> dict[str, Any]:
        return {**self.row(), "listing_pages": self.listings, "failed_entirely": self.failed_entirely}


@dataclass(frozen=True, slots=True)
class RunReport:
    run_id: str
    started: str
    ended: str
    status: str  # ok | partial | failed
    mode: str  # crawl | replay
    sites: tuple[SiteTally, ...]
    interrupted_runs: tuple[str, ...] = ()
    interrupted: bool = False  # stopped by SIGINT/SIGTERM: pages in flight finished, the rest left pending
    error: str | None = None  # what stopped the run otherwise (the database was lost)

    @property
    def exit_status(self) -> int:
        """130 interrupted; 1 when the run itself failed (its database lost), a site failed entirely or a
        page's stages raised (it is stored as failed, the others went on); else 0."""
        if self.error:
            return 1
        if self.interrupted:
            return 130
        broken = any(tally.failed_entirely or tally.failed["processing_error"] for tally in self.sites)
        return 1 if broken else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "started": self.started,
            "ended": self.ended,
            "status": self.status,
            "mode": self.mode,
            "interrupted": self.interrupted,
            "error": self.error,
            "interrupted_runs": list(self.interrupted_runs),
            "sites": {tally.site: tally.report() for tally in self.sites},
        }


@dataclass(frozen=True, slots=True)
class RunOptions:
    sites: tuple[SiteProfile, ...]
    archive_dir: Path
    db_url: str | None = None
    since: date | None = None
    max_pages: int | None = None
    settings: CrawlSettings = field(default_factory=CrawlSettings)


# ---- progress ---------------------------------------------------------------------------------------
class Display:
    """Progress bars on a terminal (``console`` given), plain log lines every ``every`` pages otherwise."""

    def __init__(self, console: Any | None = None, every: int = 100) -> None:
        self.every = every
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}
        self._done: Counter[str] = Counter()
        if console is not None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=console,
            )  # fmt: skip

    @contextmanager
    def shown(self) -> Iterator[Display]:
        if self._progress is None:
            yield self
            return
        with self._progress:
            yield self

    def total(self, site: str, total: int) -> None:
        if self._progress is not None:
            if site not in self._tasks:
                self._tasks[site] = self._progress.add_task(site, total=total)
            else:
                self._progress.update(self._tasks[site], total=total)
        else:
            log.info("%s: %d pages to fetch", site, total)

    def advance(self, site: str) -> None:
        self._done[site] += 1
        if self._progress is not None and site in self._tasks:
            self._progress.advance(self._tasks[site])
        elif self._done[site] % self.every == 0:
            log.info("%s: %d pages done", site, self._done[site])


# ---- storing pages ----------------------------------------------------------------------------------
class PageSink:
    """Runs the page stages on an archived page and stores what it holds (articles and records)."""

    def __init__(self, state: CrawlState, run_id: str) -> None:
        self.state = state
        self.run_id = run_id

    def store(self, url: str, page: FetchedPage, profile: SiteProfile | None, tally: SiteTally) -> None:
        try:
            outcome = process_page(page, profile)
            article_id = None
            if outcome.article is not None and outcome.result is not None:
                article_id = self.state.save_article(outcome.article, outcome.result, self.run_id)
        except Exception as error:  # a bug in one page's stages must not end the night's run
            detail = f"{type(error).__name__}: {error}"[:300]
            log.error("%s: cleaning or extraction failed: %s", url, detail)
            self.state.record_kind(url, FAILED, reason=f"processing_error ({detail})")
            tally.failed["processing_error"] += 1
            return
        if article_id is not None and outcome.result is not None:
            self.state.record_kind(url, ARTICLE, article_id=article_id)
            tally.articles += 1
            tally.records += len(outcome.result.records)
        else:
            self.state.record_kind(url, outcome.kind, reason=outcome.reason)
            tally.failed[outcome.kind] += 1


# ---- the crawl --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Crawl:
    """What the site workers of one run share."""

    options: RunOptions
    state: CrawlState
    fetcher: Fetcher
    archive: WarcArchive
    sink: PageSink
    display: Display
    stop: threading.Event = field(default_factory=threading.Event)  # set on SIGINT/SIGTERM or a lost database
    problems: list[str] = field(default_factory=list)  # what stopped the run besides a signal (a lost database)

    def archive_name(self, path: Path) -> str:
        return archive_name(path, self.options.archive_dir)


def archive_name(path: Path, root: Path) -> str:
    """How ``pages.warc_file`` names a file: relative to the archive folder when inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path.resolve())


class SiteWorker:
    """One site's part of a run: resume, discover, fetch the frontier."""

    def __init__(self, crawl: Crawl, profile: SiteProfile) -> None:
        self.crawl = crawl
        self.profile = profile
        self.scope = SiteScope(profile)
        self.tally = SiteTally(profile.name)
        settings = crawl.options.settings
        self.delay = settings.delay_seconds if profile.delay_seconds is None else float(profile.delay_seconds)
        self.max_pages = crawl.options.max_pages if crawl.options.max_pages is not None else settings.max_pages_per_site
        self.stopped: str | None = None

    def run(self) -> SiteTally:
        try:
            self.crawl.state.upsert_site(self.profile)
            self.resume()
            self.give_up_exhausted()
            self.crawl.state.requeue_transient(self.profile.name)
            self.discover()
            self.fetch_frontier()
        except DatabaseLost as error:  # no database: every site would fail alike; the run stops with its report
            log.error("%s: %s; stopping the run", self.profile.name, error)
            self.crawl.problems.append(str(error))
            self.crawl.stop.set()
            self.tally.failed["database_lost"] += 1
        except Exception as error:  # a broken site or database hiccup ends this site, not the run
            log.error("%s: site stopped by an unexpected error: %s: %s", self.profile.name, type(error).__name__, error)
            log.debug("traceback of the error above", exc_info=True)
            self.tally.failed["internal_error"] += 1
            self.tally.requests += 1
        if self.stopped:
            self.tally.alerts.append(self.stopped)
        return self.tally

    def resume(self) -> None:
        """Pages a killed run archived but did not process: processed now from the archive, not re-fetched."""
        state = self.crawl.state
        for row in state.rows(self.profile.name, FETCHED):
            if self.crawl.stop.is_set():
                return
            try:
                path = self.crawl.options.archive_dir / str(row.warc_file)
                page = read_response(path, int(row.warc_offset or 0)).page(self.crawl.options.settings.max_page_bytes)
            except Exception as error:  # an unreadable record is fetched again, not lost
                log.warning("%s: archived copy unreadable (%s); fetching again", row.url, error)
                state.record_kind(row.url, PENDING)
                continue
            self.crawl.sink.store(row.url, page, self.profile, self.tally)

    def give_up_exhausted(self) -> None:
        """Pages that used up ``max_attempts`` nights before the cap was lowered: given up, not retried."""
        max_attempts = self.crawl.options.settings.max_attempts
        for url, reason in self.crawl.state.give_up_exhausted(self.profile.name, max_attempts):
            self.tally.failed[reason] += 1
            log.warning("%s: %s", url, reason)

    def discover(self) -> None:
        settings = self.crawl.options.settings
        rules = self.crawl.fetcher.rules(self.scope.base, self.delay, self.scope)
        if rules.crawl_delay is not None and rules.crawl_delay > settings.max_crawl_delay:
            self.tally.alerts.append(
                f"robots.txt asks for a Crawl-delay of {rules.crawl_delay:g} s; "
                f"{settings.max_crawl_delay:g} s (max_crawl_delay) honoured"
            )
        plan = plan_for(
            self.scope,
            rules.sitemaps,
            since=self.crawl.options.since,
            max_listing_pages=settings.max_listing_pages,
            sitemap_bytes=settings.max_sitemap_bytes,
        )
        found = discover(plan, self.fetch_listing, self.crawl.state.known)
        cap = settings.max_new_urls_per_site
        self.tally.discovered = self.crawl.state.enqueue(self.profile.name, found, cap)
        log.info("%s: %d new URLs discovered", self.profile.name, self.tally.discovered)
        if self.tally.discovered >= cap:
            self.tally.alerts.append(
                f"frontier flood: discovery stopped at {cap} new URLs (max_new_urls_per_site); "
                "the rest is found on later nights"
            )

    def fetch_listing(self, url: str, max_bytes: int | None) -> bytes | None:
        """A feed, sitemap or category page; None when it brings nothing (304, failure, robots)."""
        if self.stopped or self.crawl.stop.is_set():
            return None
        state = self.crawl.state
        row = state.row(url)
        validators = row.validators if row is not None and row.kind == LISTING else None
        outcome, located = self.fetch(url, validators, max_bytes, role="listing")
        if outcome.failure == "interrupted":
            return None
        if outcome.ok and outcome.page is not None:
            state.record_response(url, self.profile.name, outcome.page, kind=LISTING, **self._where(located))
            self.tally.listings += 1
            return outcome.page.body
        if outcome.not_modified and outcome.page is not None:
            state.record_not_modified(url, outcome.page.fetched_at)
            self.tally.not_modified += 1
            return None
        self.failure(url, outcome, record=False)
        return None

    def fetch_frontier(self) -> None:
        state = self.crawl.state
        site = self.profile.name
        self.crawl.display.total(site, min(state.count(site, PENDING), self.max_pages))
        for row in state.rows(site, PENDING):
            if self.stopped or self.crawl.stop.is_set() or self.tally.attempts >= self.max_pages:
                break
            self.tally.attempts += 1
            outcome, located = self.fetch(row.url, row.validators, None, role="article")
            if outcome.failure == "interrupted":
                break  # the page stays pending for the next run
            page = outcome.page
            if outcome.ok and page is not None:
                state.record_response(row.url, site, page, kind=FETCHED, **self._where(located))
                self.tally.fetched += 1
                self.crawl.sink.store(row.url, page, self.profile, self.tally)
            elif outcome.not_modified and page is not None:
                state.record_not_modified(row.url, page.fetched_at)
                self.tally.not_modified += 1
            else:
                self.failure(row.url, outcome, record=True)
            self.crawl.display.advance(site)

    def fetch(
        self, url: str, validators: Validators | None, max_bytes: int | None, *, role: str
    ) -> tuple[FetchOutcome, ArchivedAt | None]:
        """Fetch politely and archive every response before anything else; returns the final one's place."""
        outcome = self.crawl.fetcher.fetch(
            url, scope=self.scope, delay=self.delay, validators=validators, max_bytes=max_bytes, site=self.profile.name
        )
        located = None
        for exchange in outcome.exchanges:
            located = self.crawl.archive.write(exchange, role=role, site=self.profile.name)
        if outcome.failure not in ("robots", "interrupted"):
            self.tally.requests += 1
        if outcome.ok or outcome.not_modified:
            self.tally.usable += 1
        return outcome, located

    def failure(self, url: str, outcome: FetchOutcome, *, record: bool) -> None:
        reason = outcome.failure or "unknown"
        stored = self.record_failure(url, reason, outcome) if record else reason
        if reason == "robots":
            self.tally.skipped_robots += 1
        else:
            self.tally.failed[stored] += 1  # a page given up is counted as such ("gave up after 5 nights: ...")
            log.warning("%s: %s %s", url, stored, outcome.detail)
        if reason == "rate_limited" and not self.stopped:
            wait = f"{outcome.retry_after:.0f} s" if outcome.retry_after is not None else "long"
            self.stopped = f"rate limited: the site asked for a {wait} pause; the rest waits for the next run"
        elif reason == "robots_unreachable" and not self.stopped:
            self.stopped = "robots.txt could not be read: nothing fetched from this site in this run"

    def record_failure(self, url: str, reason: str, outcome: FetchOutcome) -> str:
        """Store a page's failure; it counts towards giving the page up only once the site answered something
        usable this night, so a site that is down (every page failing) does not lose its frontier."""
        give_up_after = self.crawl.options.settings.max_attempts if self.tally.usable else None
        state = self.crawl.state
        return state.record_failure(
            url, self.profile.name, reason, status=_status(outcome), give_up_after=give_up_after
        )

    def _where(self, located: ArchivedAt | None) -> dict[str, Any]:
        if located is None:
            return {"warc_file": None, "warc_offset": None}
        return {"warc_file": self.crawl.archive_name(located.path), "warc_offset": located.offset}


def _status(outcome: FetchOutcome) -> int | None:
    return outcome.page.status if outcome.page is not None else None


# ---- drift ------------------------------------------------------------------------------------------
def drift_alerts(tally: SiteTally, history: Iterable[Mapping[str, Any]], settings: CrawlSettings) -> list[str]:
    """Alerts when a site's article or record yield falls far below its recent median: its layout
    probably changed and the cleaner or the extractor no longer finds what it used to."""
    alerts: list[str] = []
    if tally.fetched < settings.drift_min_pages:
        return alerts
    past = [row for row in history if (row.get("fetched") or 0) >= settings.drift_min_pages]
    article_yield = tally.articles / tally.fetched
    if tally.articles == 0:
        alerts.append(f"layout drift: {tally.fetched} pages fetched but no article body found")
    elif len(past) >= 3:
        median = statistics.median(row["articles"] / row["fetched"] for row in past)
        if article_yield < settings.drift_ratio * median:
            alerts.append(f"layout drift: article yield {article_yield:.0%} against a recent median of {median:.0%}")
    with_articles = [row for row in past if (row.get("articles") or 0) >= settings.drift_min_pages]
    if tally.articles >= settings.drift_min_pages and len(with_articles) >= 3:
        median = statistics.median(row["records"] / row["articles"] for row in with_articles)
        record_yield = tally.records / tally.articles
        if median > 0 and record_yield < settings.drift_ratio * median:
            alerts.append(
                f"layout drift: {record_yield:.2f} records per article against a recent median of {median:.2f}"
            )
    return alerts


# ---- entry points -----------------------------------------------------------------------------------
def nightly_run(options: RunOptions, display: Display | None = None) -> RunReport:
    """One unattended run over ``options.sites``; raises ``LockHeld`` (the archive's lock) or
    ``DatabaseLocked`` (the database's) when another run is going on. A database lost mid-run (beyond
    ``db_retry_seconds`` of retries) stops the run, which still returns its report, with ``error`` set."""
    display = display or Display()
    settings = options.settings
    with RunLock(options.archive_dir / LOCK_NAME), open_state(
        options.db_url, retry_seconds=settings.db_retry_seconds
    ) as state:
        run_id, started = new_run_id(), utc_now()
        stop = threading.Event()
        problems: list[str] = []

        def lost(reason: str) -> None:
            problems.append(f"database lost: {reason}")
            stop.set()

        lease = state.lease(run_id, started, on_lost=lost)
        interrupted = lease.acquire()
        try:
            for old in interrupted:
                log.warning("run %s was interrupted; its fetched pages are finished by this run", old)
            log.info("run %s: %d sites", run_id, len(options.sites))
            with WarcArchive(
                options.archive_dir, max_bytes=settings.archive_max_bytes, run_id=run_id, operator=settings.contact_url
            ) as archive:
                fetcher = Fetcher(settings, on_robots=lambda exchange: _archive_robots(archive, exchange), stop=stop)
                crawl = Crawl(options, state, fetcher, archive, PageSink(state, run_id), display, stop, problems)
                workers = max(1, min(settings.parallel_sites, len(options.sites)))
                with display.shown(), ThreadPoolExecutor(max_workers=workers, thread_name_prefix="site") as pool:
                    futures = [pool.submit(SiteWorker(crawl, profile).run) for profile in options.sites]
                    try:
                        tallies = tuple(future.result() for future in futures)
                    except KeyboardInterrupt:
                        crawl.stop.set()
                        log.warning("interrupted: finishing the pages in flight; the rest waits for the next run")
                        tallies = tuple(future.result() for future in futures)
            signalled = stop.is_set() and not problems
            return _finish(state, run_id, started, tallies, "crawl", interrupted, settings, stopped=signalled,
                           problems=problems)  # fmt: skip
        finally:
            lease.release()


def _archive_robots(archive: WarcArchive, exchange: Exchange) -> None:
    archive.write(exchange, role="robots", site=None)


def replay(
    files: Iterable[Path],
    *,
    db_url: str | None = None,
    profiles: tuple[SiteProfile, ...] | None = None,
    archive_dir: Path | None = None,
    settings: CrawlSettings | None = None,
) -> RunReport:
    """The page stages over WARC files instead of the network; listing and robots records are skipped,
    later records of a URL win. Idempotent: replaying twice stores the same articles and records."""
    settings = settings or CrawlSettings()
    with open_state(db_url) as state:
        run_id, started = new_run_id(), utc_now()
        state.start_run(run_id, started)
        sink = PageSink(state, run_id)
        tallies: dict[str, SiteTally] = {}
        for path in files:
            name = archive_name(path, archive_dir) if archive_dir else str(path.resolve())
            for response in iter_responses(path):
                if response.role == "robots":
                    continue
                profile, tally = profile_and_tally(response, profiles, tallies)
                try:
                    _replay_one(response, name, profile, tally, state, sink, settings)
                except Exception as error:  # one record's failure must not end the replay of the others
                    log.error("%s: replay failed: %s: %s", response.url, type(error).__name__, error)
                    tally.failed["processing_error"] += 1
        return _finish(state, run_id, started, tuple(tallies.values()), "replay", [], settings, drift=False)


def _replay_one(
    response: ArchivedResponse,
    name: str,
    profile: SiteProfile | None,
    tally: SiteTally,
    state: CrawlState,
    sink: PageSink,
    settings: CrawlSettings,
) -> None:
    if response.role == "listing":
        tally.listings += 1
        return
    tally.requests += 1
    if response.status == 304:
        tally.usable += 1
        tally.not_modified += 1
        return
    if response.status != 200:
        tally.failed["gone" if response.status in (404, 410) else f"http_{response.status}"] += 1
        return
    try:
        page = response.page(settings.max_page_bytes)
    except BodyError as error:
        tally.failed[error.reason] += 1
        return
    tally.usable += 1
    tally.fetched += 1
    state.record_response(response.url, tally.site, page, kind=FETCHED, warc_file=name, warc_offset=response.offset)
    sink.store(response.url, page, profile, tally)


def profile_and_tally(
    response: ArchivedResponse, profiles: tuple[SiteProfile, ...] | None, tallies: dict[str, SiteTally]
) -> tuple[SiteProfile | None, SiteTally]:
    """The profile an archived response was fetched for and its site's tally (made on first sight); a URL
    that does not parse serves no profile and counts under the archived site name, else "unknown"."""
    try:
        profile = profile_of(response, profiles)
    except ValueError:
        profile = None
    site = response.site or (profile.name if profile else "unknown")
    return profile, tallies.setdefault(site, SiteTally(site))


def profile_of(response: ArchivedResponse, profiles: tuple[SiteProfile, ...] | None) -> SiteProfile | None:
    """The profile a record was fetched for: by the site name archived with it, else by its URL."""
    known = profiles if profiles is not None else builtin_profiles()
    by_name = next((profile for profile in known if profile.name == response.site), None)
    return by_name or profile_for(response.url, known)


def _finish(
    state: CrawlState,
    run_id: str,
    started: str,
    tallies: tuple[SiteTally, ...],
    mode: str,
    interrupted: list[str],
    settings: CrawlSettings,
    *,
    drift: bool = True,
    stopped: bool = False,
    problems: list[str] | None = None,
) -> RunReport:
    """Alerts, the run's rows and its report. The report is made even when the database cannot take the
    rows any more (it is lost): it then says so in ``error``, and the next run closes this one as interrupted."""
    problems = problems if problems is not None else []
    try:
        for tally in tallies:
            if drift and not problems:
                history = state.recent_site_rows(tally.site, exclude_run=run_id, limit=settings.drift_window)
                tally.alerts.extend(drift_alerts(tally, history, settings))
            if tally.failed_entirely:
                tally.alerts.append("site failed entirely: no request got a usable answer")
            for alert in tally.alerts:
                log.warning("%s: ALERT %s", tally.site, alert)
            state.write_run_site(run_id, tally.site, tally.row())
    except (StoreError, DBAPIError) as failure:
        problems.append(f"the run's rows could not be written: {failure}")
    failed = sum(tally.failed_entirely for tally in tallies)
    alerted = any(tally.alerts for tally in tallies)
    broken = stopped or bool(problems) or (tallies and failed == len(tallies))
    status = "failed" if broken else "partial" if failed or alerted else "ok"
    stated = "; ".join(dict.fromkeys(problems)) or None
    report = RunReport(
        run_id, started, utc_now(), status, mode, tallies, tuple(interrupted), interrupted=stopped, error=stated
    )
    try:
        state.finish_run(run_id, ended=report.ended, status=status, report=report.to_dict())
    except (StoreError, DBAPIError) as failure:
        if stated is None:
            report = replace(report, status="failed", error=f"the run's rows could not be written: {failure}")
        log.error("run %s: its row could not be closed (%s); the next run marks it interrupted", run_id, failure)
    return report
