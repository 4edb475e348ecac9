"""A nightly run killed with SIGKILL mid-crawl: nothing already fetched is lost, the next run finishes
the work without fetching it again and without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.cli import main
from pipeline.store.database import articles, connect, pages, runs
from scrapers.archive import iter_responses, read_response, warc_files
from tests.mockserver import FakeNewspaper, PaperSpec, sites_toml

ARTICLES = 40


def test_sigkill_mid_run_then_the_next_run_completes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with FakeNewspaper(PaperSpec("baoa", articles=ARTICLES, latency=0.03)) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper], {"read_timeout": 2.0, "retries": 1}), encoding="utf-8")
        db, archive = f"sqlite:///{tmp_path}/vnie.sqlite", tmp_path / "archive"
        command = ["run", "--sites", "baoa", "--sites-file", str(sites), "--db", db, "--archive", str(archive)]
        with (
            (tmp_path / "killed.log").open("wb") as log,
            subprocess.Popen(
                [sys.executable, "-m", "pipeline.cli", *command],
                stdout=log,
                stderr=log,
                env={**os.environ, "NO_COLOR": "1"},
            ) as killed,
        ):
            deadline = time.monotonic() + 60
            while len(paper.article_hits()) < 15 and killed.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            killed.send_signal(signal.SIGKILL)
            assert killed.wait() == -signal.SIGKILL, (tmp_path / "killed.log").read_text()
        served_before = set(paper.article_hits())
        assert 15 <= len(served_before) < ARTICLES

        engine = connect(db)
        with engine.connect() as conn:
            killed_run = conn.execute(select(runs.c.id).where(runs.c.status == "running")).scalar_one()
            kept = conn.execute(
                select(pages.c.url, pages.c.warc_file, pages.c.warc_offset).where(pages.c.status == 200)
            )
            kept_rows = [row for row in kept if row.warc_file]
        for row in kept_rows:  # the database never points at a record the archive does not hold
            assert read_response(archive / row.warc_file, row.warc_offset).status == 200
        for path in warc_files(archive):
            list(iter_responses(path))  # a torn last record is tolerated

        capsys.readouterr()
        assert main(command) == 0
        report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        served_after = paper.article_hits()[len(served_before) :]

    assert report["interrupted_runs"] == [killed_run]
    fetched_before = {row.url for row in kept_rows if "-danh-gia-xep-loai-" in row.url}
    assert not fetched_before & {paper.base + path for path in served_after}  # nothing archived is fetched again
    assert report["sites"]["baoa"]["fetched"] == ARTICLES - len(fetched_before)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == ARTICLES
        assert conn.execute(select(func.count(func.distinct(articles.c.url)))).scalar() == ARTICLES
        assert conn.execute(select(runs.c.status).where(runs.c.id == killed_run)).scalar() == "failed"
        assert (
            conn.execute(
                select(func.count()).select_from(pages).where(pages.c.kind.in_(["pending", "fetched"]))
            ).scalar()
            == 0
        )


def test_sigterm_finishes_the_pages_in_flight_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with FakeNewspaper(PaperSpec("baoa", articles=ARTICLES, latency=0.03)) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper], {"read_timeout": 2.0, "retries": 1}), encoding="utf-8")
        db, archive = f"sqlite:///{tmp_path}/vnie.sqlite", tmp_path / "archive"
        command = ["run", "--sites", "baoa", "--sites-file", str(sites), "--db", db, "--archive", str(archive)]
        with subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        ) as stopped:
            deadline = time.monotonic() + 60
            while len(paper.article_hits()) < 10 and stopped.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            stopped.send_signal(signal.SIGTERM)
            out, _ = stopped.communicate(timeout=30)
        assert stopped.returncode == 130
        report = json.loads(out.strip().splitlines()[-1])
        assert report["interrupted"] is True and report["status"] == "failed"
        assert 10 <= report["sites"]["baoa"]["fetched"] < ARTICLES
        with connect(db).connect() as conn:
            assert conn.execute(select(runs.c.status).where(runs.c.id == report["run_id"])).scalar() == "failed"
        capsys.readouterr()
        assert main(command) == 0
        second = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert second["interrupted_runs"] == []  # the stopped run was closed properly, not found running
    assert report["sites"]["baoa"]["fetched"] + second["sites"]["baoa"]["fetched"] == ARTICLES


def test_sigterm_ends_a_run_waiting_out_a_huge_crawl_delay_and_frees_the_lock(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """robots.txt asks for a 100000 s Crawl-delay and the cap allows it: the worker waits, SIGTERM ends it."""
    spec = PaperSpec("baoa", articles=5, robots="User-agent: *\nCrawl-delay: 100000\n")
    with FakeNewspaper(spec) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper], {"max_crawl_delay": 100000.0}), encoding="utf-8")
        db, archive = f"sqlite:///{tmp_path}/vnie.sqlite", tmp_path / "archive"
        command = ["run", "--sites", "baoa", "--sites-file", str(sites), "--db", db, "--archive", str(archive)]
        with subprocess.Popen(
            [sys.executable, "-m", "pipeline.cli", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
        ) as waiting:
            deadline = time.monotonic() + 60
            while not any(hit.path == "/robots.txt" for hit in paper.hits) and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)  # now in the Crawl-delay wait before the next request
            assert waiting.poll() is None
            stopped_at = time.monotonic()
            waiting.send_signal(signal.SIGTERM)
            out, _ = waiting.communicate(timeout=20)
        assert time.monotonic() - stopped_at < 10
        assert waiting.returncode == 130
        report = json.loads(out.strip().splitlines()[-1])
        assert report["interrupted"] is True
        sites.write_text(sites_toml([paper], {"max_crawl_delay": 0.0}), encoding="utf-8")
        capsys.readouterr()
        assert main(command) == 0  # the lock died with the process: the next run goes
