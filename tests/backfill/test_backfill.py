"""``vnie reprocess --dask`` on real Dask clusters of 2 worker processes, into SQLite and PostgreSQL:
the result equals the single-process ``vnie reprocess`` record for record, a second run changes
nothing, a worker killed mid-shard changes nothing, and a shard that cannot be read is retried,
then reported by reason while the others are stored."""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pipeline.backfill import BackfillOptions, backfill
from pipeline.backfill.tasks import TOPIC
from pipeline.cli import main
from pipeline.store.database import connect, pages
from tests.backfill.archive import SHARDS, build, snapshot

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("backfill") / "archive"
    assert len(build(root)) == SHARDS
    return root


@pytest.fixture(scope="module")
def reference(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the single-process ``vnie reprocess`` stores."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'vnie.sqlite'}"
    assert main(["reprocess", "--archive", str(archive), "--db", url]) == 0
    return snapshot(url)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A running cluster the back-fill is pointed at by its address, as a user's would be."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as running:  # fmt: skip
        yield running


def reprocess(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, dict[str, Any]]:
    """``vnie reprocess ARGUMENTS``: its exit status and JSON report (what it logged stays in ``capsys.err``)."""
    capsys.readouterr()
    status = main(["reprocess", *arguments])
    out = capsys.readouterr().out.strip().splitlines()
    return status, json.loads(out[-1]) if out else {}


def test_the_reference_holds_what_the_archive_holds(reference: dict[str, Any]) -> None:
    kinds = sorted(json.loads(page)["kind"] for page in reference["pages"])
    assert kinds.count("article") == 3 * 4 * SHARDS and "not_html" in kinds and "not_article" in kinds
    assert len(reference["records"]) > 100 and reference["organizations"]
    corrected = [json.loads(row) for row in reference["articles"] if "cập nhật lần 2" in json.loads(row)["body"]]
    assert len(corrected) == 1  # the later copy of the URL archived twice won


def test_a_local_cluster_into_sqlite_equals_the_single_process_run(
    archive: Path, reference: dict[str, Any], cluster: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'dask.sqlite'}"
    for engine in (["--workers", "2"], [cluster.scheduler_address]):  # the second run changes nothing
        status, report = reprocess(capsys, "--archive", str(archive), "--db", url, "--dask", *engine)
        assert status == 0, report
        assert snapshot(url) == reference
    assert report["mode"] == "dask" and report["status"] == "ok"
    assert report["shards"] == {"total": SHARDS, "done": SHARDS, "failed": {}, "restarted": 0}
    assert report["pages"] == 3 * 4 * SHARDS + 3 and report["articles"] == 3 * 4 * SHARDS + 1
    assert report["records"] == sum(site["records"] for site in report["sites"].values()) > 100
    assert report["failures"] == {"gone": 1, "not_article": 1, "not_html": 1}
    engine = report["engine"]
    assert engine["writer"] == "client" and len(engine["workers"]) == 2
    assert all(worker["peak_memory_mb"] > 50 for worker in engine["workers"].values())


@pytest.mark.postgres
def test_a_running_cluster_into_postgresql_equals_the_single_process_run(
    archive: Path, reference: dict[str, Any], cluster: Any, postgres_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        status, report = reprocess(
            capsys, "--archive", str(archive), "--db", postgres_url, "--dask", cluster.scheduler_address
        )
        assert status == 0, report
        assert snapshot(postgres_url) == reference
    assert report["engine"]["writer"] == "workers" and report["engine"]["scheduler"] == cluster.scheduler_address
    assert report["shards"]["done"] == SHARDS


class WorkerKiller:
    """Follows the back-fill's progress events and kills the worker process of the first shard that has read
    ``after`` records: it stops the process (SIGSTOP), makes sure the shard has not finished, counts the
    shard's page rows already in the database at ``url``, then SIGKILLs it. So the kill is mid-shard."""

    def __init__(self, scheduler: str, url: str, after: int = 5) -> None:
        self.client = distributed.Client(scheduler)
        self.url = url
        self.after = after
        self.killed: tuple[str, int] | None = None
        self.written_before = 0
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._busy = False
        self._threads: list[threading.Thread] = []
        self.client.subscribe_topic(TOPIC, self.event)

    def event(self, event: tuple[float, dict[str, Any]]) -> None:
        message = event[1]
        with self._lock:
            self.events.append(message)
            if self.killed is None and not self._busy and message["event"] == "page" and message["pages"] >= self.after:
                self._busy = True
                thread = threading.Thread(target=self.kill, args=(message["shard"], message["pid"]))
                self._threads.append(thread)
                thread.start()

    def kill(self, shard: str, pid: int) -> None:
        os.kill(pid, signal.SIGSTOP)
        time.sleep(0.5)  # an event the worker sent before it stopped has arrived by now
        with self._lock:
            finished = any(e["shard"] == shard and e["pid"] == pid and e["event"] == "done" for e in self.events)
        if finished:  # too late for this shard: let it go on, and wait for another
            os.kill(pid, signal.SIGCONT)
        else:
            engine = connect(self.url)
            with engine.connect() as conn:
                query = select(func.count()).select_from(pages).where(pages.c.warc_file == shard)
                self.written_before = int(conn.execute(query).scalar_one())
            engine.dispose()
            os.kill(pid, signal.SIGKILL)
            self.killed = (shard, pid)
        with self._lock:
            self._busy = False

    def close(self) -> None:
        for thread in self._threads:
            thread.join()
        self.client.unsubscribe_topic(TOPIC)
        self.client.wait_for_workers(2, timeout=120)  # the nanny restarts the killed worker, for the next test
        self.client.close()


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_worker_killed_mid_shard_changes_nothing(
    store: str, archive: Path, reference: dict[str, Any], cluster: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'vnie.sqlite'}" if store == "sqlite" else request.getfixturevalue("postgres_url")
    killer = WorkerKiller(cluster.scheduler_address, url)
    try:  # batches of 2 pages: on PostgreSQL the killed worker has written part of its shard (records 3 and 4)
        options = BackfillOptions(
            archive, db_url=url, scheduler=cluster.scheduler_address, batch_size=2, progress_every=1
        )
        report = backfill(options).to_dict()
    finally:
        killer.close()
    assert killer.killed is not None, "no shard reported progress"
    shard, pid = killer.killed
    finished_by = {event["pid"] for event in killer.events if event["shard"] == shard and event["event"] == "done"}
    assert finished_by and pid not in finished_by  # another process did the shard
    assert report["shards"]["done"] == SHARDS and report["shards"]["restarted"] >= 1 and report["status"] == "ok"
    assert snapshot(url) == reference
    if store == "postgresql":
        assert 2 <= killer.written_before < 3 * 4


def test_a_shard_that_cannot_be_read_is_retried_then_reported(
    archive: Path,
    reference: dict[str, Any],
    cluster: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    day = next(path for path in copy.iterdir() if path.is_dir())
    (day / "vnie-99991231T000000Z-unreadable-00001.warc.gz").mkdir()  # listed as a shard, cannot be opened
    url = f"sqlite:///{tmp_path / 'vnie.sqlite'}"
    status, report = reprocess(capsys, "--archive", str(copy), "--db", url, "--dask", cluster.scheduler_address)
    assert status == 1
    assert report["shards"]["failed"] == {"IsADirectoryError": 1} and report["shards"]["done"] == SHARDS
    assert report["shards"]["restarted"] == 1 and report["status"] == "partial"
    assert (
        "shard " in caplog.text
        and "unreadable-00001.warc.gz failed after its retries: IsADirectoryError" in caplog.text
    )
    assert snapshot(url) == reference


def test_usage_errors_and_an_absent_scheduler(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import dask

    db = ["--archive", str(archive), "--db", f"sqlite:///{tmp_path / 'vnie.sqlite'}"]
    assert main(["reprocess", *db, "--workers", "2"]) == 2
    assert main(["reprocess", *db, "--dask", "tcp://127.0.0.1:9", "--workers", "2"]) == 2
    assert "--workers N (1 or more) goes with --dask" in capsys.readouterr().err
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        assert main(["reprocess", *db, "--dask", "tcp://127.0.0.1:9"]) == 1
    error = capsys.readouterr().err.strip().splitlines()
    assert error[-1].startswith("vnie reprocess: no Dask scheduler answers at tcp://127.0.0.1:9")
