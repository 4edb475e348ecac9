"""What runs on a Dask worker: the run's context (a worker plugin) and the task of one shard.

The context goes to every worker once, and again to a worker that joins or is restarted after a
crash; it holds the profiles, the settings, the names of the run's shards and, on PostgreSQL, the
worker's one database engine (a worker runs one task at a time, so it uses one connection). A task
reports progress as Dask events (topic ``vnie-backfill``) that the client, or anyone watching the
scheduler, can subscribe to.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from typing import Any

from distributed import WorkerPlugin, get_worker

from pipeline.backfill.shard import PageResult, shard_pages
from pipeline.backfill.writer import batches, write_batch
from pipeline.models import SiteProfile
from pipeline.run import SiteTally
from pipeline.store.database import engine_for
from scrapers.settings import CrawlSettings

TOPIC = "vnie-backfill"


@dataclass(frozen=True, slots=True)
class ShardSummary:
    """What a finished shard hands back to the client."""

    name: str
    tallies: tuple[SiteTally, ...]
    pages: tuple[PageResult, ...]  # for the client to write (SQLite); empty when the worker wrote them
    written: int  # pages the worker stored itself
    worker: str
    peak_mb: float  # the worker process's peak resident memory so far
    cpu_seconds: float  # the worker process's CPU time since its models were loaded (all shards so far)
    seconds: float


class ShardContext(WorkerPlugin):
    """The run's context on each worker; ``db_url`` None means the client writes (SQLite)."""

    idempotent = False

    def __init__(
        self,
        run_id: str,
        *,
        profiles: tuple[SiteProfile, ...] | None,
        settings: CrawlSettings,
        shards: frozenset[str],
        db_url: str | None,
        batch_size: int,
        progress_every: int,
    ) -> None:
        self.run_id = run_id
        self.profiles = profiles
        self.settings = settings
        self.shards = shards
        self.db_url = db_url
        self.batch_size = batch_size
        self.progress_every = progress_every
        self.engine: Any = None
        self.cpu_at_start = 0.0

    @property
    def name(self) -> str:
        return f"vnie-backfill-{self.run_id}"

    def setup(self, worker: Any) -> None:
        """Load the models before the first shard (so shards are timed on warm workers) and open the engine."""
        import pipeline.clean  # noqa: F401 - lxml, trafilatura
        from pipeline.extract import extract_text

        extract_text("Năm 2024, chi bộ có 3 đảng viên.")  # spaCy and underthesea, built once per process
        if self.db_url is not None:
            self.engine = engine_for(self.db_url, readonly=False)  # the schema was upgraded by the client
        self.cpu_at_start = time.process_time()

    def teardown(self, worker: Any) -> None:
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None


def run_shard(path: str, name: str, plugin: str) -> ShardSummary:
    """The Dask task: one WARC file through the page stages, written in batches by this worker (PostgreSQL)
    or handed back whole to the client's writer (SQLite)."""
    worker = get_worker()
    context: ShardContext = worker.plugins[plugin]  # type: ignore[assignment]
    started = time.perf_counter()
    progress = _Progress(worker, context, name)
    progress.announce("start")
    tallies: dict[str, SiteTally] = {}
    in_client = context.engine is None  # SQLite: the client writes, and indexes the texts for search
    results = shard_pages(
        path, name, context.profiles, context.settings, tallies, progress.read_up_to, search=in_client
    )
    kept: tuple[PageResult, ...] = ()
    written = 0
    if not in_client:
        for batch in batches(results, context.batch_size):
            written += write_batch(context.engine, batch, context.run_id, context.shards)
    else:
        kept = tuple(results)
    progress.announce("done")
    return ShardSummary(
        name=name,
        tallies=tuple(tallies.values()),
        pages=kept,
        written=written,
        worker=worker.address,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        cpu_seconds=time.process_time() - context.cpu_at_start,
        seconds=time.perf_counter() - started,
    )


class _Progress:
    """A shard's progress events: at its start, every ``progress_every`` records read, at its end."""

    def __init__(self, worker: Any, context: ShardContext, shard: str) -> None:
        self.worker = worker
        self.context = context
        self.shard = shard
        self.read = 0

    def read_up_to(self, number: int) -> None:
        self.read = number
        if number % self.context.progress_every == 0:
            self.announce("page")

    def announce(self, event: str) -> None:
        message = {"run": self.context.run_id, "shard": self.shard, "event": event, "pages": self.read}
        self.worker.log_event(TOPIC, {**message, "worker": self.worker.address, "pid": os.getpid()})
