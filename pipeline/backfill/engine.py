"""The client side of ``vnie reprocess --dask``: shards handed to a Dask cluster, results gathered into one report.

Under the run lock, the schema is upgraded once, the run row started, and every WARC file of the
archive (on or after ``--since``) submitted as one task, a bounded number at a time so finished
results never pile up. Dask places the tasks, re-runs a task whose worker died, and retries a task
that raised (``retries`` times); a shard that still fails is reported by reason and the others go on.
"""

from __future__ import annotations

import logging
import resource
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.backfill.progress import ShardProgress
from pipeline.backfill.tasks import ShardContext, ShardSummary, run_shard
from pipeline.backfill.writer import batches, write_batch
from pipeline.models import SiteProfile
from pipeline.run import LOCK_NAME, RunReport, SiteTally, archive_name
from pipeline.store.database import database_url, new_run_id
from scrapers.archive import warc_files
from scrapers.settings import DEFAULT_SETTINGS, CrawlSettings
from scrapers.state import CrawlState, RunLock, open_state, utc_now

log = logging.getLogger("vnie.backfill")


@dataclass(frozen=True, slots=True)
class BackfillOptions:
    archive_dir: Path
    db_url: str | None = None
    since: date | None = None
    profiles: tuple[SiteProfile, ...] | None = None
    settings: CrawlSettings = DEFAULT_SETTINGS
    scheduler: str | None = None  # address of a running dask scheduler; None starts a LocalCluster
    workers: int = 2  # processes of the LocalCluster (one thread each: the stages are CPU-bound Python)
    retries: int = 2  # further tries of a shard whose task raised
    batch_size: int = 100  # pages per database transaction
    progress_every: int = 100  # a progress event every this many records of a shard


class SchedulerUnreachable(Exception):
    """No Dask scheduler answers at the address given."""


@dataclass(slots=True)
class WorkerUse:
    shards: int = 0
    peak_mb: float = 0.0
    cpu_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BackfillReport:
    run: RunReport
    scheduler: str
    writer: str  # workers (each its own connection) | client (the one SQLite writer)
    shards: int
    done: int
    failed: dict[str, int]  # shards that failed after their retries, by reason
    restarted: int  # shards started more than once (a retry, or a worker lost mid-shard)
    workers: dict[str, WorkerUse]
    seconds: float  # from the first shard handed out to the last one finished
    writing: float  # CPU seconds the client spent writing (the one SQLite writer)
    client_cpu_seconds: float  # the client's CPU time over the same span (with a LocalCluster's scheduler in it)
    client_peak_mb: float

    @property
    def exit_status(self) -> int:
        if self.run.interrupted:
            return 130
        return 1 if self.failed else self.run.exit_status

    def to_dict(self) -> dict[str, Any]:
        tallies = self.run.sites
        failures: Counter[str] = Counter()
        for tally in tallies:
            failures.update(tally.failed)
        fetched = sum(tally.fetched for tally in tallies)
        return {
            **self.run.to_dict(),
            "shards": {
                "total": self.shards,
                "done": self.done,
                "failed": dict(self.failed),
                "restarted": self.restarted,
            },
            "pages": fetched,
            "articles": sum(tally.articles for tally in tallies),
            "records": sum(tally.records for tally in tallies),
            "failures": dict(failures.most_common()),
            "seconds": round(self.seconds, 2),
            "pages_per_second": round(fetched / self.seconds, 1) if self.seconds else None,
            "engine": {
                "scheduler": self.scheduler,
                "writer": self.writer,
                "workers": {
                    address: {
                        "shards": use.shards,
                        "peak_memory_mb": round(use.peak_mb, 1),
                        "cpu_seconds": round(use.cpu_seconds, 2),
                    }
                    for address, use in sorted(self.workers.items())
                },
                "client_writing_cpu_seconds": round(self.writing, 2),
                "client_cpu_seconds": round(self.client_cpu_seconds, 2),
                "client_peak_memory_mb": round(self.client_peak_mb, 1),
            },
        }


def backfill(options: BackfillOptions, console: Any | None = None) -> BackfillReport:
    """Reprocess the archive on Dask; raises ``LockHeld`` while a run is going on, ``SchedulerUnreachable``
    when no scheduler answers at ``options.scheduler``."""
    url = database_url(options.db_url)
    with RunLock(options.archive_dir / LOCK_NAME), open_state(url) as state:
        paths = [path.resolve() for path in warc_files(options.archive_dir, options.since)]
        names = [archive_name(path, options.archive_dir) for path in paths]
        run_id, started = new_run_id(), utc_now()
        state.start_run(run_id, started)
        in_client = state.engine.dialect.name == "sqlite"
        context = ShardContext(
            run_id,
            profiles=options.profiles,
            settings=options.settings,
            shards=frozenset(names),
            db_url=None if in_client else url,
            batch_size=options.batch_size,
            progress_every=options.progress_every,
        )
        gathering = _Gathering(state, context, started, len(paths), in_client)
        with _client(options) as client:
            gathering.scheduler = client.scheduler.address
            client.register_plugin(context, name=context.name)
            try:
                with ShardProgress(client, run_id, len(paths), console) as progress:
                    gathering.progress = progress
                    gathering.run(client, paths, names, options.retries)
            finally:
                with suppress(Exception):
                    client.unregister_worker_plugin(context.name)
        return gathering.finish()


@contextmanager
def _client(options: BackfillOptions) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.WARNING)  # its start-up and shut-down lines are noise here
    if options.scheduler:
        try:
            client = Client(options.scheduler)  # waits distributed.comm.timeouts.connect (30 s)
        except (OSError, TimeoutError) as error:
            raise SchedulerUnreachable(f"no Dask scheduler answers at {options.scheduler}: {error}") from error
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=options.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=":0",  # any free port: several clusters may run on one machine
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@dataclass
class _Gathering:
    """The client's loop over shard results, and the counts of the report."""

    state: CrawlState
    context: ShardContext
    started: str
    shards: int
    in_client: bool
    scheduler: str = ""
    progress: ShardProgress | None = None
    tallies: dict[str, SiteTally] = field(default_factory=dict)
    workers: dict[str, WorkerUse] = field(default_factory=dict)
    failed: Counter[str] = field(default_factory=Counter)
    done: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    writing: float = 0.0  # CPU seconds of the client's writing thread (SQLite): at most one core's worth
    interrupted: bool = False

    def run(self, client: Any, paths: list[Path], names: list[str], retries: int) -> None:
        from distributed import as_completed

        todo = iter(zip(paths, names, strict=True))
        in_flight = as_completed()
        started, cpu = time.perf_counter(), time.process_time()

        def top_up() -> None:
            """Twice as many shards in flight as the cluster has threads (workers may join or leave)."""
            wanted = max(2, 2 * sum(client.nthreads().values()))
            while in_flight.count() < wanted:
                shard = next(todo, None)
                if shard is None:
                    return
                path, name = shard
                key = f"vnie-shard-{self.context.run_id}-{name}"
                in_flight.add(
                    client.submit(run_shard, str(path), name, self.context.name, key=key, retries=retries, pure=False)
                )

        top_up()
        try:
            for future in in_flight:
                self.take(future)
                top_up()
        except KeyboardInterrupt:
            self.interrupted = True
            log.warning("interrupted: shards in flight cancelled; what was written stays (saves are idempotent)")
            client.cancel(list(in_flight.futures))
        self.seconds, self.cpu_seconds = time.perf_counter() - started, time.process_time() - cpu

    def take(self, future: Any) -> None:
        name = future.key.removeprefix(f"vnie-shard-{self.context.run_id}-")
        try:
            summary: ShardSummary = future.result()
        except Exception as error:
            reason = type(error).__name__
            self.failed[reason] += 1
            message = str(error).strip().splitlines()[0] if str(error).strip() else reason
            log.error("shard %s failed after its retries: %s: %s", name, reason, message)
            if self.progress is not None:
                self.progress.shard_failed(name)
            return
        finally:
            future.release()
        written = summary.written
        if summary.pages:
            writing = time.thread_time()  # this thread's CPU only: not the scheduler's or the comms'
            for batch in batches(summary.pages, self.context.batch_size):
                written += write_batch(self.state.engine, batch, self.context.run_id, self.context.shards)
            self.writing += time.thread_time() - writing
        for tally in summary.tallies:
            _add(self.tallies.setdefault(tally.site, SiteTally(tally.site)), tally)
        use = self.workers.setdefault(summary.worker, WorkerUse())
        use.shards += 1
        use.peak_mb = max(use.peak_mb, summary.peak_mb)
        use.cpu_seconds = max(use.cpu_seconds, summary.cpu_seconds)
        self.done += 1
        if self.progress is not None:
            self.progress.shard_done(summary, written)

    def finish(self) -> BackfillReport:
        tallies = tuple(self.tallies[site] for site in sorted(self.tallies))
        for tally in tallies:
            if tally.failed_entirely:
                tally.alerts.append("site failed entirely: no request got a usable answer")
                log.warning("%s: ALERT %s", tally.site, tally.alerts[-1])
            self.state.write_run_site(self.context.run_id, tally.site, tally.row())
        lost = self.shards - self.done  # failed, or never run (interrupted)
        broken = sum(tally.failed_entirely for tally in tallies)
        if self.interrupted or (self.shards and self.done == 0):
            status = "failed"
        elif lost or broken or any(tally.alerts for tally in tallies):
            status = "partial"
        else:
            status = "ok"
        run_id = self.context.run_id
        run = RunReport(run_id, self.started, utc_now(), status, "dask", tallies, interrupted=self.interrupted)
        report = BackfillReport(
            run=run,
            scheduler=self.scheduler,
            writer="client" if self.in_client else "workers",
            shards=self.shards,
            done=self.done,
            failed=dict(self.failed.most_common()),
            restarted=self.progress.restarted if self.progress is not None else 0,
            workers=self.workers,
            seconds=self.seconds,
            writing=self.writing,
            client_cpu_seconds=self.cpu_seconds,
            client_peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        )
        self.state.finish_run(run.run_id, ended=run.ended, status=status, report=report.to_dict())
        return report


def _add(total: SiteTally, part: SiteTally) -> None:
    """Add one shard's counts of a site to the run's."""
    for column in fields(SiteTally):
        mine, theirs = getattr(total, column.name), getattr(part, column.name)
        if isinstance(mine, Counter):
            mine.update(theirs)
        elif isinstance(mine, list):
            mine.extend(theirs)
        elif isinstance(mine, int):
            setattr(total, column.name, mine + theirs)
