"""The database's run lock: one nightly run per database, whatever archive folder each run was given.

PostgreSQL: a session advisory lock, held on a connection of its own for the whole run (it dies with
the connection, so a killed run cannot leave it behind). SQLite: the run's own row in ``runs``, status
``running``, is the lock row: it names its holder (host, pid) and a heartbeat the run refreshes. A new run
takes the lock in one write transaction; a ``running`` row whose holder is gone (killed: pid dead on this
host, or heartbeat older than ``stale_seconds``) is closed as interrupted, a live one refuses the new run.
The heartbeat also notices a database that went away: ``on_lost`` is called once with the reason.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, text, update
from sqlalchemy.engine import Engine

from pipeline import EXTRACTOR_VERSION
from pipeline.store.schema import StoreError, runs

ADVISORY_KEY = 4_711_023  # any constant: the run lock of a PostgreSQL database (apart from the migration lock)
INTERRUPTED = {"error": "interrupted (killed or crashed)"}


class DatabaseLocked(StoreError):
    """Another live run holds the database."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _holder() -> dict[str, Any]:
    return {"host": socket.gethostname(), "pid": os.getpid(), "heartbeat": time.time()}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holder_alive(report: Any, stale_seconds: float) -> bool:
    """Whether the run whose ``runs.report`` is ``report`` still runs (a row without holder never does)."""
    lock = report.get("lock") if isinstance(report, dict) else None
    if not isinstance(lock, dict):
        return False
    try:
        fresh = time.time() - float(lock.get("heartbeat", 0)) < stale_seconds
        same_host = lock.get("host") == socket.gethostname()
        return fresh and (not same_host or _pid_alive(int(lock.get("pid", 0))))
    except (TypeError, ValueError):
        return False


class RunLease:
    """Hold the database's run lock from ``acquire`` to ``release``, with the run's row in ``runs``."""

    def __init__(
        self,
        engine: Engine,
        run_id: str,
        started: str,
        *,
        heartbeat_seconds: float = 30.0,
        stale_seconds: float = 600.0,
        on_lost: Callable[[str], None] | None = None,
    ) -> None:
        self.engine = engine
        self.run_id = run_id
        self.started = started
        self.heartbeat_seconds = heartbeat_seconds
        self.stale_seconds = stale_seconds
        self.on_lost = on_lost
        self._postgres = engine.dialect.name == "postgresql"
        self._lock_conn: Connection | None = None
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def acquire(self) -> list[str]:
        """Take the lock and write the run's row; returns the runs found dead and closed as interrupted."""
        if self._postgres:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            if not conn.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": ADVISORY_KEY}).scalar():
                conn.close()
                raise DatabaseLocked("another vnie run holds this database (PostgreSQL advisory lock)")
            self._lock_conn = conn
        try:
            interrupted = self._claim()
        except BaseException:
            self.release()
            raise
        self._beat = threading.Thread(target=self._heartbeat, name="run-lock", daemon=True)
        self._beat.start()
        return interrupted

    def _claim(self) -> list[str]:
        with self.engine.connect() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"  # the write lock up front: one claimant at a time
            with conn.begin():
                running = conn.execute(select(runs.c.id, runs.c.report).where(runs.c.status == "running")).all()
                alive = [row for row in running if not self._postgres and holder_alive(row.report, self.stale_seconds)]
                if alive:
                    holder = alive[0].report["lock"]
                    raise DatabaseLocked(
                        f"another vnie run ({alive[0].id}, pid {holder.get('pid')} on {holder.get('host')}) "
                        "holds this database"
                    )
                stale = [row.id for row in running]
                if stale:
                    closed = {"status": "failed", "ended": _now(), "report": INTERRUPTED}
                    conn.execute(update(runs).where(runs.c.id.in_(stale)).values(**closed))
                conn.execute(
                    insert(runs).values(
                        id=self.run_id, started=self.started, status="running", extractor_version=EXTRACTOR_VERSION,
                        report={"lock": _holder()},
                    )
                )  # fmt: skip
        return stale

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.heartbeat_seconds):
            try:
                if self._lock_conn is not None:
                    self._lock_conn.execute(text("SELECT 1"))
                with self.engine.begin() as conn:
                    conn.execute(
                        update(runs)
                        .where(runs.c.id == self.run_id, runs.c.status == "running")
                        .values(report={"lock": _holder()})
                    )
            except Exception as error:  # the database went away: the run must stop, it no longer holds the lock
                if self.on_lost is not None:
                    self.on_lost(f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error) else ''}")
                return

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
            self._beat = None
        if self._lock_conn is not None:
            try:
                self._lock_conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_KEY})
                self._lock_conn.close()
            except Exception:  # a dead connection has released the lock already
                self._lock_conn.invalidate()
            self._lock_conn = None
