"""The nightly run and reprocess on PostgreSQL (the server on 127.0.0.1:5432, skipped when none answers)."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from pipeline.cli import main
from pipeline.store.database import articles, connect, run_sites
from tests.mockserver import FakeNewspaper, PaperSpec, sites_toml

ADMIN = os.environ.get("VNIE_TEST_POSTGRES", "postgresql+pg8000://postgres@127.0.0.1:5432/postgres")
pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url() -> Iterator[str]:
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    name = f"vnie_run_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as error:  # no server: skip, unless CI says PostgreSQL is mandatory
        admin.dispose()
        if os.environ.get("VNIE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL server at {ADMIN}: {error}")
        pytest.skip(f"no PostgreSQL server at {ADMIN} ({type(error).__name__})")
    try:
        yield ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_nightly_run_and_reprocess_on_postgresql(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeNewspaper(PaperSpec("baob", host="127.0.0.2", articles=10, feed="atom", sitemaps=True)) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper]), encoding="utf-8")
        command = [
            "run",
            "--sites",
            "baob",
            "--sites-file",
            str(sites),
            "--db",
            postgres_url,
            "--archive",
            str(tmp_path / "a"),
        ]
        assert main(command) == 0
        assert main(command) == 0
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sites"]["baob"]["fetched"] for r in reports] == [10, 0]
    assert main(["reprocess", "--archive", str(tmp_path / "a"), "--db", postgres_url]) == 0
    engine = connect(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 10
        assert conn.execute(select(func.count()).select_from(run_sites)).scalar() == 3
    engine.dispose()


class TcpProxy:
    """A TCP relay on 127.0.0.1 to the PostgreSQL server; ``cut`` makes the database vanish mid-run."""

    def __init__(self, target: tuple[str, int]) -> None:
        import socket

        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[Any] = [self.listener]
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket

        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: Any, sink: Any) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.close()

    def cut(self) -> None:
        import socket

        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()


def test_postgresql_lost_mid_run_ends_the_run_with_its_report(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy.engine import make_url

    real = make_url(postgres_url)
    proxy = TcpProxy((real.host or "127.0.0.1", real.port or 5432))
    through_proxy = real.set(port=proxy.port).render_as_string(hide_password=False)
    with FakeNewspaper(PaperSpec("baoa", articles=30, latency=0.02)) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper], {"db_retry_seconds": 1.0}), encoding="utf-8")

        def cut_after_some_articles() -> None:
            deadline = time.monotonic() + 60
            while len(paper.article_hits()) < 5 and time.monotonic() < deadline:
                time.sleep(0.01)
            proxy.cut()

        threading.Thread(target=cut_after_some_articles, daemon=True).start()
        command = ["run", "--sites", "baoa", "--sites-file", str(sites), "--archive", str(tmp_path / "a")]
        started = time.monotonic()
        status = main([*command, "--db", through_proxy])
        elapsed = time.monotonic() - started
        captured = capsys.readouterr()
        assert status == 1 and elapsed < 30
        assert "Traceback" not in captured.err
        report = json.loads(captured.out.strip().splitlines()[-1])
        assert report["status"] == "failed" and "database" in report["error"]
        assert 5 <= len(paper.article_hits()) < 30
        wait_until_the_server_ends_the_lost_sessions(postgres_url)
        assert main([*command, "--db", postgres_url]) == 0, capsys.readouterr().err  # the next run finishes the work
        second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["interrupted_runs"] == [report["run_id"]]
    engine = connect(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 30
    engine.dispose()


def wait_until_the_server_ends_the_lost_sessions(url: str) -> None:
    """The server ends a session whose client vanished once TCP tells it so (keepalive: minutes on a real
    network); here the sessions left from the cut run are ended at once, as the server would in the end."""
    engine = create_engine(url.replace("postgresql://", "postgresql+pg8000://"))
    with engine.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    engine.dispose()


def test_a_session_holding_a_lock_blocks_vnie_only_for_lock_timeout(postgres_url: str) -> None:
    from sqlalchemy.exc import DBAPIError

    from pipeline.store.database import engine_for, pages

    connect(postgres_url).dispose()
    engine = engine_for(postgres_url, readonly=False, lock_timeout=0.5)
    with engine.connect() as conn:
        settings = [conn.execute(text(f"SHOW {name}")).scalar() for name in ("lock_timeout", "statement_timeout")]
        assert settings == ["500ms", "5min"]
    holder = create_engine(postgres_url.replace("postgresql://", "postgresql+pg8000://"))
    with holder.connect() as other:
        other.begin()
        other.execute(text("LOCK TABLE pages IN ACCESS EXCLUSIVE MODE"))  # a session left holding a lock
        started = time.monotonic()
        with pytest.raises(DBAPIError, match="lock timeout"), engine.begin() as conn:
            conn.execute(pages.insert().values(url="https://x.example/a", kind="pending"))
        assert time.monotonic() - started < 5
        other.rollback()
    holder.dispose()
    engine.dispose()


def test_a_second_run_on_one_postgresql_database_is_refused(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pipeline.store.runlock import RunLease

    engine = connect(postgres_url)
    live = RunLease(engine, "live-run", "2026-01-01T00:00:00+00:00")
    live.acquire()
    try:
        with FakeNewspaper(PaperSpec("baoa", articles=2)) as paper:
            sites = tmp_path / "sites.toml"
            sites.write_text(sites_toml([paper]), encoding="utf-8")
            command = ["run", "--sites", "baoa", "--sites-file", str(sites), "--archive", str(tmp_path / "other")]
            assert main([*command, "--db", postgres_url]) == 1
            assert not paper.hits
    finally:
        live.release()
        engine.dispose()
    assert "holds this database (PostgreSQL advisory lock)" in capsys.readouterr().err
