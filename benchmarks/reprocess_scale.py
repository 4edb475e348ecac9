"""Scaling of the back-fill: one process (``vnie reprocess``) against ``vnie reprocess --dask`` on 1 and 2 workers.

It builds an archive of N synthetic article pages from the test newspapers' templates
(``tests/mockserver``: three papers, every page a different rating article), written by vnie's own
WARC writer in shards of ``--per-shard`` pages, then reprocesses it three times into a fresh database,
each configuration in a fresh process with its models loaded before the clock starts:

- single: ``pipeline.reprocess.reprocess``, the loop on one core (cleans, extracts and writes);
- dask 1 / dask 2: ``pipeline.backfill.backfill`` on a LocalCluster of 1 or 2 worker processes, timed
  from the first shard handed out to the last one stored (on SQLite the client is the one writer).

It prints pages/s, the speed-up over one process, the peak resident memory of every process, the load
average around each run (the machine may be shared), and the time 10**6 and 10**7 pages would take at
the measured per-core rate. Goal (issue 13): 2 workers >= 1.7x one process on a 2-core machine; the
script exits 1 when it is not met.

    .venv/bin/python benchmarks/reprocess_scale.py [--pages 10000 | --large] [--per-shard 500] [--db URL]

``--db`` takes a PostgreSQL server's maintenance database (postgresql://USER@HOST/postgres): each run
then gets a database of its own there, written by the workers in parallel.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
GOAL = 1.7  # 2 workers against one process, on 2 cores
LARGE = 100_000
CONFIGURATIONS = (("single", 0), ("dask", 1), ("dask", 2))


def build_archive(root: Path, pages: int, per_shard: int) -> int:
    """``pages`` article pages in shards of ``per_shard``; returns the number of shards written."""
    sys.path.insert(0, str(REPO))
    from tests.mockserver import FakeNewspaper, PaperSpec
    from tests.mockserver.warc import article, write_shards

    papers = [
        FakeNewspaper(PaperSpec(name, articles=pages), port=8000 + n) for n, name in enumerate(("ba", "bb", "bc"))
    ]

    def shards() -> Any:
        for start in range(0, pages, per_shard):
            yield (article(papers[n % 3], n // 3) for n in range(start, min(pages, start + per_shard)))

    return len(write_shards(root, shards()))


def child(mode: str, workers: int, archive: str, db_url: str) -> None:
    """One configuration in this fresh process; prints its figures as JSON."""
    import pipeline.clean  # noqa: F401 - the models load before the clock starts, as the workers' do
    from pipeline.extract import extract_text

    extract_text("Năm 2024, chi bộ có 3 đảng viên.")
    started, cpu = time.perf_counter(), time.process_time()
    if mode == "single":
        from pipeline.reprocess import reprocess

        report = reprocess(Path(archive), db_url=db_url).to_dict()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peaks = {"process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
        writing = 0.0
    else:
        from pipeline.backfill import BackfillOptions, backfill

        report = backfill(BackfillOptions(Path(archive), db_url=db_url, workers=workers)).to_dict()
        seconds = report["seconds"]
        engine = report["engine"]
        peaks = {f"worker {n}": use["peak_memory_mb"] for n, use in enumerate(engine["workers"].values(), start=1)}
        peaks["client"] = engine["client_peak_memory_mb"]
        writing = engine["client_writing_cpu_seconds"]
        cpu = engine["client_cpu_seconds"] + sum(use["cpu_seconds"] for use in engine["workers"].values())
    sites = report["sites"].values()
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "writing": writing,
                "wall": time.perf_counter() - started,
                "pages": sum(site["fetched"] for site in sites),
                "articles": sum(site["articles"] for site in sites),
                "records": sum(site["records"] for site in sites),
                "peaks": peaks,
            }
        )
    )


@contextmanager
def fresh_database(db: str | None, folder: Path, label: str) -> Iterator[str]:
    """An empty database for one run: an SQLite file, or a database on the PostgreSQL server, dropped after."""
    if db is None:
        yield f"sqlite:///{folder / label}.sqlite"
        return
    from sqlalchemy import create_engine, text

    from pipeline.store.database import engine_for

    admin = engine_for(db, readonly=False).url
    name = f"vnie_scale_{label}_{uuid.uuid4().hex[:6]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def measure(mode: str, workers: int, archive: Path, db_url: str) -> dict[str, Any]:
    load = os.getloadavg()[0]
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(workers), str(archive), db_url],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{mode} {workers}: failed\n{done.stderr[-3000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["load"] = (load, os.getloadavg()[0])
    return figures


def duration(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--large", action="store_true", help=f"{LARGE:,} pages")
    parser.add_argument("--per-shard", type=int, default=500, help="pages per WARC file (default 500)")
    parser.add_argument("--db", metavar="URL", help="a PostgreSQL maintenance database (default: SQLite files)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, workers, archive, db_url = args.child
        child(mode, int(workers), archive, db_url)
        return 0
    pages = LARGE if args.large else args.pages
    with tempfile.TemporaryDirectory(prefix="vnie-scale-") as folder:
        root = Path(folder) / "archive"
        started = time.perf_counter()
        shards = build_archive(root, pages, args.per_shard)
        print(f"archive: {pages:,} pages in {shards} WARC files, built in {time.perf_counter() - started:.0f} s")
        print(f"machine: {os.cpu_count()} cores; database: {'PostgreSQL' if args.db else 'SQLite'}\n")
        rows = []
        for mode, workers in CONFIGURATIONS:
            label = "single" if mode == "single" else f"dask{workers}"
            with fresh_database(args.db, Path(folder), label) as db_url:
                figures = measure(mode, workers, root, db_url)
            rows.append((label, figures))
            print(f"  {label}: {figures['pages'] / figures['seconds']:.1f} pages/s", flush=True)
    single = rows[0][1]["pages"] / rows[0][1]["seconds"]
    print(f"\n{'run':<12}{'seconds':>8}{'pages/s':>9}{'x single':>10}{'CPU ms/page':>13}  {'load 1 min':<12}peak MB")
    for label, figures in rows:
        rate = figures["pages"] / figures["seconds"]
        cpu = 1000 * figures["cpu"] / figures["pages"]
        peaks = ", ".join(f"{name} {mb:.0f}" for name, mb in figures["peaks"].items())
        load = "{:.1f}->{:.1f}".format(*figures["load"])
        name = "1 process" if label == "single" else f"{label[4:]} worker{'s' if label[4:] != '1' else ''}"
        print(f"{name:<12}{figures['seconds']:>8.1f}{rate:>9.1f}{rate / single:>9.2f}x{cpu:>13.2f}  {load:<12}{peaks}")
    two = rows[2][1]["pages"] / rows[2][1]["seconds"]
    per_core = rows[0][1]["pages"] / rows[0][1]["cpu"]  # what one core of our own does, however busy the machine
    overhead = (rows[2][1]["cpu"] / rows[2][1]["pages"]) * per_core  # CPU per page of 2 workers over one process's
    ceiling = 2 * per_core / overhead  # pages/s with both cores ours
    writing = rows[2][1]["writing"] / rows[2][1]["pages"]
    if writing:
        ceiling = min(ceiling, 1 / writing)  # the one SQLite writer cannot use more than one core
    print(
        f"\nper-core rate: {per_core:.1f} pages per CPU second (one process); 2 workers spend {overhead:.2f}x its CPU "
        f"per page, so with both cores to themselves they would reach about {ceiling / per_core:.2f}x one process"
    )
    if writing:
        print(
            f"the one SQLite writer (the client) took {1000 * writing:.2f} ms of CPU per page: "
            f"{1 / writing:.0f} pages/s at most, on any number of cores"
        )
    for total in (10**6, 10**7):
        print(
            f"  {total:>10,} pages: {duration(total / per_core)} on 1 core, {duration(total / two)} on 2 (measured "
            f"here), {duration(total * overhead / (16 * per_core))} on 16 at the per-core rate (PostgreSQL writers)"
        )
    met = two / single >= GOAL
    load = max(max(figures["load"]) for _, figures in rows)
    print(
        f"\ngoal: 2 workers >= {GOAL}x one process: {two / single:.2f}x, {'met' if met else 'NOT met'} "
        f"(load average up to {load:.1f} on {os.cpu_count()} cores during the runs)"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
