"""``vnie run`` end to end against three local fake newspapers (no test touches the internet)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pipeline.cli import main
from pipeline.reprocess import outcomes_of_shard
from pipeline.store.database import articles, connect, pages, run_sites, runs
from scrapers.archive import iter_responses, warc_files
from scrapers.state import RunLock
from tests.mockserver import FakeNewspaper, PaperSpec, sites_toml, three_papers

TEST_SETTINGS = {
    "read_timeout": 0.3,
    "retries": 1,
    "backoff_factor": 0.01,
    "max_page_bytes": 200_000,
    "max_retry_after": 5.0,
}
NAMES = "baoa,baob,baoc"


class Night:
    """A deployment in a temporary folder: sites file, database, archive; ``run`` calls the CLI."""

    def __init__(self, tmp_path: Path, papers: list[FakeNewspaper], capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp_path
        self.papers = {paper.spec.name: paper for paper in papers}
        self.capsys = capsys
        self.db = f"sqlite:///{tmp_path}/vnie.sqlite"
        self.archive = tmp_path / "archive"
        self.sites_file = tmp_path / "sites.toml"
        self.write_sites()

    def write_sites(self, **settings: Any) -> None:
        self.sites_file.write_text(sites_toml(self.papers.values(), {**TEST_SETTINGS, **settings}), encoding="utf-8")

    def run(self, *extra: str, sites: str = NAMES) -> tuple[int, dict[str, Any]]:
        self.capsys.readouterr()
        status = main(
            ["run", "--sites", sites, "--sites-file", str(self.sites_file), "--db", self.db,
             "--archive", str(self.archive), *extra]
        )  # fmt: skip
        captured = self.capsys.readouterr()
        self.err = captured.err
        out = captured.out.strip().splitlines()
        return status, json.loads(out[-1]) if out else {}

    def scalar(self, query: Any) -> Any:
        with connect(self.db).connect() as conn:
            return conn.execute(query).scalar()

    def page(self, url: str) -> dict[str, Any]:
        with connect(self.db).connect() as conn:
            return dict(conn.execute(select(pages).where(pages.c.url == url)).mappings().one())

    def article_urls(self) -> list[str]:
        with connect(self.db).connect() as conn:
            return list(conn.execute(select(articles.c.url).order_by(articles.c.url)).scalars())


@pytest.fixture
def papers() -> Iterator[list[FakeNewspaper]]:
    running = [FakeNewspaper(spec).start() for spec in three_papers(articles=12)]
    yield running
    for paper in running:
        paper.stop()


@pytest.fixture
def night(tmp_path: Path, papers: list[FakeNewspaper], capsys: pytest.CaptureFixture[str]) -> Night:
    return Night(tmp_path, papers, capsys)


def test_first_night_stores_every_article_and_no_listing(night: Night) -> None:
    status, report = night.run("--report", str(night.tmp / "reports" / "night.json"))
    assert status == 0, report
    assert report == json.loads((night.tmp / "reports" / "night.json").read_text(encoding="utf-8"))
    assert set(report) >= {"run_id", "started", "ended", "status", "sites"} and report["status"] == "ok"
    for name in ("baoa", "baob", "baoc"):
        site = report["sites"][name]
        assert set(site) >= {"discovered", "fetched", "not_modified", "skipped_robots", "failed", "articles",
                             "records", "alerts"}  # fmt: skip
        assert (site["fetched"], site["articles"], site["alerts"]) == (12, 12, []), (name, site)
    assert report["sites"]["baoc"]["skipped_robots"] == 1  # /rieng-tu/ is disallowed by its robots.txt
    for name, second_page in (("baoa", "/chinh-tri?page=2"), ("baoc", "/ban-doc/trang-2")):
        assert second_page in [hit.path for hit in night.papers[name].hits]  # pagination followed
    expected = sorted(paper.article_url(n) for paper in night.papers.values() for n in range(12))
    assert night.article_urls() == expected  # canonical URLs (tracking parameters and #comments gone), no listing
    assert night.scalar(select(func.count()).select_from(pages).where(pages.c.kind == "listing")) >= 3 + 4 + 2
    assert night.scalar(select(runs.c.status).where(runs.c.id == report["run_id"])) == "ok"
    assert night.scalar(select(func.count()).select_from(run_sites).where(run_sites.c.run_id == report["run_id"])) == 3
    archived = [(r.role, r.url) for path in warc_files(night.archive) for r in iter_responses(path)]
    assert {url for role, url in archived if role == "article"} == set(expected)
    assert {role for role, _ in archived} == {"robots", "listing", "article"}
    assert not Path(night.scalar(select(pages.c.warc_file).where(pages.c.kind == "article"))).is_absolute()
    from types import SimpleNamespace

    from warcio.checker import Checker  # the archive is valid WARC: every digest checks out

    night.capsys.readouterr()
    assert (
        Checker(SimpleNamespace(inputs=[str(p) for p in warc_files(night.archive)], verbose=False)).process_all() == 0
    )
    assert night.capsys.readouterr().out == ""


def test_second_run_the_same_night_fetches_and_duplicates_nothing(night: Night) -> None:
    night.run()
    hits = {name: len(paper.article_hits()) for name, paper in night.papers.items()}
    status, report = night.run()
    assert status == 0
    for name, paper in night.papers.items():
        assert len(paper.article_hits()) == hits[name]
        site = report["sites"][name]
        assert (site["discovered"], site["fetched"], site["articles"]) == (0, 0, 0)
        assert site["not_modified"] >= 1  # feeds, sitemaps and first category pages answered 304
    assert night.scalar(select(func.count()).select_from(articles)) == 36
    assert night.scalar(select(func.count(func.distinct(pages.c.url)))) == night.scalar(
        select(func.count()).select_from(pages)
    )


def test_new_and_corrected_articles_are_fetched_next_night(night: Night) -> None:
    night.run()
    baob = night.papers["baob"]
    baob.add_articles(3)
    baob.update_article(2)  # the sitemap's lastmod moves on: fetched again, conditionally
    status, report = night.run()
    assert status == 0
    assert report["sites"]["baob"]["discovered"] == 3
    assert report["sites"]["baob"]["fetched"] == 4
    second_fetch = [hit for hit in baob.hits if hit.path == baob.article_path(2)][-1]
    assert "If-None-Match" in second_fetch.headers
    assert report["sites"]["baoa"]["fetched"] == 0
    assert night.scalar(select(func.count()).select_from(articles)) == 39


def test_since_leaves_older_articles_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = PaperSpec("baob", host="127.0.0.2", articles=10, feed="atom", sitemaps=True, old_articles=4)
    with FakeNewspaper(spec) as paper:
        night = Night(tmp_path, [paper], capsys)
        status, report = night.run("--since", "2024-01-01", sites="baob")
    assert status == 0
    assert report["sites"]["baob"]["discovered"] == 6
    assert "/sitemaps/cu-2014.xml" not in [hit.path for hit in paper.hits]


def test_max_pages_leaves_the_rest_for_the_next_run(night: Night) -> None:
    status, report = night.run("--max-pages", "5", sites="baoa")
    assert (status, report["sites"]["baoa"]["fetched"]) == (0, 5)
    status, report = night.run(sites="baoa")
    assert (report["sites"]["baoa"]["discovered"], report["sites"]["baoa"]["fetched"]) == (0, 7)
    assert night.scalar(select(func.count()).select_from(articles)) == 12


def test_every_fault_is_recorded_and_the_run_goes_on(night: Night) -> None:
    night.papers["baoa"].spec.faults = True
    night.papers["baoa"].spec.slow_seconds = 0.6
    status, report = night.run()
    assert status == 0
    failed = report["sites"]["baoa"]["failed"]
    assert failed == {
        "timeout": 1, "connection_reset": 1, "http_503": 1, "http_502": 1, "redirect_loop": 1, "redirect_offsite": 1,
        "gone": 2, "broken_gzip": 2, "truncated": 1, "too_large": 1, "not_html": 1,
    }  # fmt: skip
    assert report["sites"]["baoa"]["articles"] == 12 + 6  # busy, flaky, chain, alias, both charsets: stored
    assert report["sites"]["baob"]["articles"] == report["sites"]["baoc"]["articles"] == 12
    archived = {r.url: r for path in warc_files(night.archive) for r in iter_responses(path)}
    baoa = night.papers["baoa"]
    assert archived[baoa.fault_url("not_found")].status == 404  # failures are archived too
    assert archived[baoa.fault_url("huge")].truncated == "length"
    assert night.scalar(select(pages.c.failure_reason).where(pages.c.url == baoa.fault_url("not_found"))) == "gone"
    # next night: only what may heal is tried again (timeouts, resets, 5xx, broken bodies), never 404/410
    before = len(baoa.hits)
    night.run(sites="baoa")
    retried = {hit.path for hit in baoa.hits[before:] if hit.path.startswith("/thoi-su/")}
    assert baoa.fault_path("not_found") not in retried and baoa.fault_path("offsite") not in retried
    assert baoa.fault_path("reset") in retried and baoa.fault_path("bad_gateway") in retried


def test_a_page_that_keeps_failing_is_given_up_after_max_attempts_nights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeNewspaper(PaperSpec("baoa", articles=8, unavailable={3, 5})) as paper:
        night = Night(tmp_path, [paper], capsys)
        night.write_sites(max_attempts=3)
        dead, healed = paper.article_url(3), paper.article_url(5)
        for number in (1, 2):
            status, report = night.run(sites="baoa")
            assert status == 0 and report["sites"]["baoa"]["failed"] == {"http_503": 2}
            assert [night.page(url)["attempts"] for url in (dead, healed)] == [number, number]
        found = night.page(dead)["discovered_at"]
        paper.spec.unavailable.discard(5)
        status, report = night.run(sites="baoa")
        assert report["sites"]["baoa"]["failed"] == {"gave up after 3 nights: http_503": 1}
        assert f"{dead}: gave up after 3 nights: http_503" in night.err
        assert (night.page(healed)["kind"], night.page(healed)["attempts"]) == ("article", 0)
        page = night.page(dead)
        assert (page["kind"], page["failure_reason"], page["attempts"]) == (
            "failed",
            "gave up after 3 nights: http_503",
            3,
        )
        paper.spec.unavailable.clear()
        before = len(paper.hits)
        status, report = night.run(sites="baoa")
    assert report["sites"]["baoa"]["failed"] == {}
    assert paper.article_path(3) not in [hit.path for hit in paper.hits[before:]]  # no longer retried
    assert night.page(dead)["discovered_at"] == found and found is not None


def test_a_night_the_site_is_down_does_not_count_against_its_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeNewspaper(PaperSpec("baoa", articles=6, unavailable={2})) as paper:
        night = Night(tmp_path, [paper], capsys)
        night.write_sites(max_attempts=2)
        night.run(sites="baoa")
        assert night.page(paper.article_url(2))["attempts"] == 1
        paper.spec.down = True
        before = len(paper.hits)
        status, report = night.run(sites="baoa")
        assert status == 1 and report["sites"]["baoa"]["failed_entirely"]
        assert paper.article_path(2) in [hit.path for hit in paper.hits[before:]]  # tried, but not counted
        assert night.page(paper.article_url(2))["attempts"] == 1
        paper.spec.down = False
        status, report = night.run(sites="baoa")
    assert report["sites"]["baoa"]["failed"] == {"gave up after 2 nights: http_503": 1}


def test_a_site_that_fails_entirely_makes_the_run_fail(night: Night) -> None:
    night.papers["baoc"].stop()
    status, report = night.run()
    assert status == 1
    assert report["status"] == "partial"
    assert report["sites"]["baoc"]["failed_entirely"] is True
    assert any("failed entirely" in alert for alert in report["sites"]["baoc"]["alerts"])
    assert report["sites"]["baoa"]["articles"] == 12


def test_a_rate_limited_site_stops_and_the_rest_waits(night: Night) -> None:
    night.papers["baoa"].spec.rate_limit_after = 3
    status, report = night.run(sites="baoa")
    assert status == 0
    site = report["sites"]["baoa"]
    assert site["fetched"] == 3 and site["failed"] == {"rate_limited": 1}
    assert any("rate limited" in alert for alert in site["alerts"])
    night.papers["baoa"].spec.rate_limit_after = None
    status, report = night.run(sites="baoa")
    assert report["sites"]["baoa"]["fetched"] == 9


def test_layout_drift_raises_an_alert(night: Night) -> None:
    night.papers["baob"].spec.redesigned = True
    status, report = night.run(sites="baob")
    assert status == 0
    assert report["sites"]["baob"]["articles"] == 0
    assert report["sites"]["baob"]["failed"]["not_article"] == 12
    assert report["sites"]["baob"]["alerts"] == ["layout drift: 12 pages fetched but no article body found"]
    assert report["status"] == "partial"


def test_a_second_run_waits_for_the_lock(night: Night) -> None:
    with RunLock(night.archive / "vnie-run.lock"):
        status, _ = night.run()
    assert status == 1
    assert "another vnie run holds" in night.err
    assert not night.papers["baoa"].hits


def test_a_page_archived_before_a_crash_is_finished_from_the_archive(night: Night) -> None:
    night.run(sites="baoa")
    paper = night.papers["baoa"]
    engine = connect(night.db)
    with engine.begin() as conn:  # as if killed between archiving a page and storing its article
        conn.execute(pages.update().where(pages.c.url == paper.article_url(5)).values(kind="fetched", article_id=None))
        conn.execute(articles.delete().where(articles.c.url == paper.article_url(5)))
    before = len(paper.article_hits())
    night.run(sites="baoa")
    assert len(paper.article_hits()) == before  # not fetched again
    assert paper.article_url(5) in night.article_urls()
    assert night.scalar(select(pages.c.kind).where(pages.c.url == paper.article_url(5))) == "article"


def test_reprocess_rebuilds_from_the_archive_alone(night: Night) -> None:
    night.run()
    for paper in night.papers.values():
        paper.stop()  # no network from here on
    stored = night.article_urls()
    fresh = f"sqlite:///{night.tmp}/rebuilt.sqlite"
    for _ in range(2):  # idempotent
        night.capsys.readouterr()
        assert (
            main(["reprocess", "--archive", str(night.archive), "--db", fresh, "--sites-file", str(night.sites_file)])
            == 0
        )
        with connect(fresh).connect() as conn:
            assert list(conn.execute(select(articles.c.url).order_by(articles.c.url)).scalars()) == stored
    report = json.loads(night.capsys.readouterr().out.strip().splitlines()[-1])
    assert sum(site["articles"] for site in report["sites"].values()) == 36
    shard_urls = {outcome.article.url for path in warc_files(night.archive) for outcome in outcomes_of_shard(path)
                  if outcome.article is not None}  # fmt: skip
    assert sorted(shard_urls) == stored


def test_replay_of_warc_files_stores_the_same(night: Night) -> None:
    night.run(sites="baoc")
    files = [str(path) for path in warc_files(night.archive)]
    replayed = f"sqlite:///{night.tmp}/replayed.sqlite"
    night.capsys.readouterr()
    assert main(["run", "--replay", *files, "--db", replayed]) == 0
    report = json.loads(night.capsys.readouterr().out)
    assert report["mode"] == "replay" and report["sites"]["baoc"]["articles"] == 12
    with connect(replayed).connect() as conn:
        assert list(conn.execute(select(articles.c.url).order_by(articles.c.url)).scalars()) == night.article_urls()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--sites", "khong-co"], "unknown site(s) khong-co"),
        (["--since", "hôm qua"], "give a date as YYYY-MM-DD"),
        (["--sites-file", "/no/such/sites.toml"], "no such file"),
        (["--max-pages", "-1"], "--max-pages must be 0 or more"),
    ],
)
def test_bad_usage_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert main(["run", "--db", f"sqlite:///{tmp_path}/x.sqlite", "--archive", str(tmp_path), *arguments]) == 2
    assert message in capsys.readouterr().err


def test_bad_settings_in_the_sites_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sites.toml").write_text("[settings]\ndelay_secs = 3\n", encoding="utf-8")
    assert main(["run", "--sites-file", str(tmp_path / "sites.toml"), "--archive", str(tmp_path)]) == 2
    assert "unknown setting 'delay_secs'" in capsys.readouterr().err


def test_a_missing_replay_file_is_reported_and_the_others_go_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["run", "--replay", str(tmp_path / "nothing.warc.gz"), "--db", f"sqlite:///{tmp_path}/r.sqlite"])
    assert status == 1
    assert "nothing.warc.gz: no such WARC file" in capsys.readouterr().err


def test_progress_bars_on_a_terminal_log_lines_otherwise(night: Night, caplog: pytest.LogCaptureFixture) -> None:
    from io import StringIO

    from rich.console import Console

    from pipeline.commands.run import load_sites
    from pipeline.run import Display, RunOptions, nightly_run

    class Args:
        sites, sites_file = "baoa", str(night.sites_file)

    profiles, settings = load_sites(Args())
    screen = StringIO()
    options = RunOptions(profiles, night.archive, db_url=night.db, settings=settings)
    nightly_run(options, Display(Console(file=screen, force_terminal=True, width=100)))
    assert "baoa" in screen.getvalue() and "12/12" in screen.getvalue()
    night.papers["baoa"].add_articles(3)
    with caplog.at_level("INFO", logger="vnie.run"):
        nightly_run(options, Display(every=2))
    assert "baoa: 3 pages to fetch" in caplog.text and "baoa: 2 pages done" in caplog.text


def test_drift_is_measured_against_the_recent_median() -> None:
    from pipeline.run import SiteTally, drift_alerts
    from scrapers.settings import CrawlSettings

    settings = CrawlSettings()
    history = [{"fetched": 40, "articles": 38, "records": 150}] * 5
    assert drift_alerts(SiteTally("s", fetched=40, articles=37, records=140), history, settings) == []
    fewer_articles = drift_alerts(SiteTally("s", fetched=40, articles=12, records=48), history, settings)
    assert fewer_articles == ["layout drift: article yield 30% against a recent median of 95%"]
    fewer_records = drift_alerts(SiteTally("s", fetched=40, articles=38, records=20), history, settings)
    assert fewer_records == ["layout drift: 0.53 records per article against a recent median of 3.95"]
    assert drift_alerts(SiteTally("s", fetched=3, articles=0), history, settings) == []  # too few pages to judge
    assert drift_alerts(SiteTally("s", fetched=40, articles=12), history[:2], settings) == []  # too little history


def test_a_second_run_on_the_same_database_with_another_archive_is_refused(night: Night) -> None:
    """The archive's flock cannot see a run using another archive folder: the database's own lock does."""
    from pipeline.store.runlock import RunLease

    engine = connect(night.db)
    live = RunLease(engine, "live-run", "2026-01-01T00:00:00+00:00")
    assert live.acquire() == []
    try:
        status, _ = night.run()  # night.archive is not the live run's archive
    finally:
        live.release()
    assert status == 1 and "holds this database" in night.err
    assert not night.papers["baoa"].hits
    assert night.scalar(select(runs.c.status).where(runs.c.id == "live-run")) == "running"  # never marked failed


def test_a_killed_runs_lock_row_is_taken_over(night: Night) -> None:
    import socket
    import subprocess
    import sys
    import time

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(finished.stdout)  # a process that has ended: its run was killed

    engine = connect(night.db)
    with engine.begin() as conn:
        lock = {"host": socket.gethostname(), "pid": dead_pid, "heartbeat": time.time()}
        conn.execute(
            runs.insert().values(
                id="killed-run", started="2026-01-01", status="running", extractor_version="x", report={"lock": lock}
            )
        )
    status, report = night.run(sites="baoa")
    assert status == 0 and report["interrupted_runs"] == ["killed-run"]
    assert night.scalar(select(runs.c.status).where(runs.c.id == "killed-run")) == "failed"
