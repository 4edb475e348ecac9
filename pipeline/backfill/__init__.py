"""The distributed back-fill, ``vnie reprocess --dask [SCHEDULER]``: the archive reprocessed on Dask.

    WARC files (shards) --client--> Dask scheduler --> workers: one shard per task       engine.py
      worker: read the shard, clean + extract each article (the same stages as the loop)  shard.py, tasks.py
      -> the database in batches: each worker its own connection (PostgreSQL),
         or the client as the one writer (SQLite)                                        writer.py
      -> per-shard progress, and one run report: shards, pages, articles, records,
         failures by reason                                                               progress.py, engine.py

Dask schedules, retries a failed task and re-runs the tasks of a lost worker; vnie adds only what
a shard means. Saves are idempotent and the newer copy of a URL wins whatever the order shards
finish in, so a retried shard or a second run changes nothing.
"""

from pipeline.backfill.engine import BackfillOptions, BackfillReport, SchedulerUnreachable, backfill

__all__ = ["BackfillOptions", "BackfillReport", "SchedulerUnreachable", "backfill"]
