"""Progress of a back-fill, per shard: a line as each shard finishes, a bar on a terminal.

Workers announce ``start``, every ``progress_every`` records, and ``done`` of each shard as Dask
events; the records read so far move the bar between shard completions, and a shard announced
started more than once (a retry, a worker lost mid-shard) is counted as restarted.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from typing import Any

from pipeline.backfill.tasks import TOPIC, ShardSummary

log = logging.getLogger("vnie.backfill")


class ShardProgress:
    def __init__(self, client: Any, run_id: str, total: int, console: Any | None = None) -> None:
        self.client = client
        self.run_id = run_id
        self.total = total
        self.finished = 0
        self.starts: Counter[str] = Counter()
        self._reading: dict[str, int] = {}  # shard -> records read so far by its attempt going on
        self._read = 0  # records of the finished shards
        self._lock = threading.Lock()
        self._bar: Any = None
        self._task: Any = None
        if console is not None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("shards"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[records]} records read"), TimeElapsedColumn(), console=console,
            )  # fmt: skip

    def __enter__(self) -> ShardProgress:
        if self._bar is not None:
            self._bar.start()
            self._task = self._bar.add_task("shards", total=self.total, records=0)
        self.client.subscribe_topic(TOPIC, self._event)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.client.unsubscribe_topic(TOPIC)
        if self._bar is not None:
            self._bar.stop()

    @property
    def restarted(self) -> int:
        with self._lock:
            return sum(1 for count in self.starts.values() if count > 1)

    def _event(self, event: tuple[float, dict[str, Any]]) -> None:
        message = event[1]
        if message.get("run") != self.run_id:
            return
        shard = message["shard"]
        with self._lock:
            if message["event"] == "start":
                self.starts[shard] += 1
                if self.starts[shard] > 1:
                    log.warning("shard %s started again on %s", shard, message["worker"])
            if message["event"] == "done":
                self._reading.pop(shard, None)
                self._read += message["pages"]
            else:
                self._reading[shard] = message["pages"]
            records = self._read + sum(self._reading.values())
        if self._bar is not None:
            self._bar.update(self._task, records=records)

    def shard_done(self, summary: ShardSummary, written: int) -> None:
        self.finished += 1
        tallies = summary.tallies
        log.info(
            "shard %d/%d %s: %d pages, %d articles, %d records, %d pages stored, in %.1f s on %s",
            self.finished, self.total, summary.name, sum(t.fetched for t in tallies), sum(t.articles for t in tallies),
            sum(t.records for t in tallies), written, summary.seconds, summary.worker,
        )  # fmt: skip
        self._advance()

    def shard_failed(self, name: str) -> None:
        self.finished += 1
        self._advance()

    def _advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)
