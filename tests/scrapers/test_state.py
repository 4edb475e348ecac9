from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from pipeline.models import FetchedPage
from pipeline.serve.app import metadata
from pipeline.store.database import connect, pages, runs
from pipeline.store.schema import PAGE_KIND_COMMENT, PAGE_KINDS
from scrapers.state import FAILED, KINDS, PENDING, CrawlState, Found, LockHeld, RunLock


@pytest.fixture
def state(tmp_path: Path) -> CrawlState:
    return CrawlState(connect(f"sqlite:///{tmp_path}/state.sqlite"))


def url(number: int) -> str:
    return f"http://127.0.0.1:9/bai-{number}.html"


def stored(state: CrawlState, address: str) -> dict[str, Any]:
    with state.engine.connect() as conn:
        return dict(conn.execute(select(pages).where(pages.c.url == address)).mappings().one())


def fetched(state: CrawlState, address: str) -> None:
    page = FetchedPage(address, 200, b"<p>x</p>")
    state.record_response(address, "baoa", page, kind="fetched", warc_file="a.warc.gz", warc_offset=0)


def test_enqueue_adds_only_new_urls(state: CrawlState) -> None:
    assert state.enqueue("baoa", (Found(url(n)) for n in range(450))) == 450
    assert state.enqueue("baoa", (Found(url(n)) for n in range(440, 460))) == 10
    assert state.count("baoa", PENDING) == 460
    assert [row.url for row in state.rows("baoa", PENDING)][:2] == [url(0), url(1)]
    assert state.known([url(1), url(999)]) == {url(1)}


def test_a_newer_listing_date_sends_a_page_back_to_the_frontier(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1)), Found(url(2))])
    page = FetchedPage(url(1), 200, b"<p>x</p>", (("ETag", '"v1"'),), fetched_at="2025-01-10T00:00:00+00:00")
    for number in (1, 2):
        state.record_response(url(number), "baoa", page, kind="article", warc_file="a.warc.gz", warc_offset=0)
    state.enqueue(
        "baoa", [Found(url(1), datetime(2025, 1, 12, tzinfo=UTC)), Found(url(2), datetime(2025, 1, 5, tzinfo=UTC))]
    )
    requeued = list(state.rows("baoa", PENDING))
    assert [row.url for row in requeued] == [url(1)]
    assert requeued[0].validators is not None and requeued[0].validators.etag == '"v1"'


def test_transient_failures_are_retried_next_run_permanent_ones_not(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(n)) for n in range(3)])
    state.record_failure(url(0), "baoa", "timeout")
    state.record_failure(url(1), "baoa", "gone", status=404)
    state.record_failure(url(2), "baoa", "redirect_offsite", status=302)
    assert state.count("baoa", FAILED) == 2
    assert state.requeue_transient("baoa") == 1
    assert [row.url for row in state.rows("baoa", PENDING)] == [url(0)]


def test_not_modified_restores_what_the_page_was(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1))])
    state.record_response(
        url(1), "baoa", FetchedPage(url(1), 200, b"x"), kind="pending", warc_file=None, warc_offset=None
    )
    state.record_not_modified(url(1), "2026-01-01T00:00:00+00:00")
    assert state.row(url(1)).kind == "not_article"  # type: ignore[union-attr]


def test_interrupted_runs_are_closed(state: CrawlState) -> None:
    state.start_run("killed-run", "2026-01-01T00:00:00+00:00")
    assert state.close_interrupted_runs() == ["killed-run"]
    with state.engine.connect() as conn:
        assert conn.execute(select(runs.c.status).where(runs.c.id == "killed-run")).scalar() == "failed"
        assert conn.execute(select(pages)).first() is None


def test_the_lock_keeps_a_second_run_out(tmp_path: Path) -> None:
    lock = tmp_path / "vnie-run.lock"
    with RunLock(lock), pytest.raises(LockHeld, match="another vnie run"), RunLock(lock):
        pass
    with RunLock(lock):  # released: the next run gets it
        pass


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    lock = tmp_path / "vnie-run.lock"
    script = (
        "import time, pathlib\nfrom scrapers.state import RunLock\n"
        f"with RunLock(pathlib.Path({str(lock)!r})):\n    print('held', flush=True)\n    time.sleep(60)\n"
    )
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(LockHeld, match=str(holder.pid)), RunLock(lock):
                pass
        finally:
            holder.kill()
    with RunLock(lock):
        pass


def test_transient_failures_count_the_nights_and_a_fetch_that_works_resets_them(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1))])
    assert state.record_failure(url(1), "baoa", "timeout", give_up_after=3) == "timeout"
    assert state.record_failure(url(1), "baoa", "http_503", status=503, give_up_after=3) == "http_503"
    assert stored(state, url(1))["attempts"] == 2
    fetched(state, url(1))
    assert stored(state, url(1))["attempts"] == 0
    state.record_failure(url(1), "baoa", "connection_reset", give_up_after=3)
    state.record_not_modified(url(1), None)  # a 304 is a fetch that worked too
    assert stored(state, url(1))["attempts"] == 0


def test_the_night_that_reaches_the_cap_gives_the_page_up_for_good(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1))])
    for _ in range(2):
        state.record_failure(url(1), "baoa", "truncated", give_up_after=3)
        assert state.requeue_transient("baoa") == 1
    assert state.record_failure(url(1), "baoa", "truncated", give_up_after=3) == "gave up after 3 nights: truncated"
    page = stored(state, url(1))
    assert (page["kind"], page["failure_reason"], page["attempts"]) == (
        "failed",
        "gave up after 3 nights: truncated",
        3,
    )
    assert state.requeue_transient("baoa") == 0


def test_failures_of_the_site_or_for_good_and_uncounted_nights_leave_the_count_alone(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(n)) for n in range(3)])
    state.record_failure(url(0), "baoa", "timeout", give_up_after=1)
    assert stored(state, url(0))["failure_reason"] == "gave up after 1 night: timeout"
    for reason in ("rate_limited", "robots_unreachable", "gone", "redirect_loop"):
        assert state.record_failure(url(1), "baoa", reason, give_up_after=1) == reason
    state.record_failure(url(2), "baoa", "timeout")  # a night the caller does not count (the site was down)
    assert [stored(state, url(n))["attempts"] for n in (1, 2)] == [0, 0]


def test_a_lowered_cap_gives_up_the_pages_that_already_used_it(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1)), Found(url(2))])
    for _ in range(3):
        state.record_failure(url(1), "baoa", "timeout", give_up_after=5)
    state.record_failure(url(2), "baoa", "http_503", status=503, give_up_after=5)
    assert state.give_up_exhausted("baoa", 3) == [(url(1), "gave up after 3 nights: timeout")]
    assert state.give_up_exhausted("baoa", 3) == []
    assert state.requeue_transient("baoa") == 1
    assert [row.url for row in state.rows("baoa", PENDING)] == [url(2)]


def test_a_url_keeps_the_time_it_was_first_found(state: CrawlState) -> None:
    state.enqueue("baoa", [Found(url(1))])
    found = stored(state, url(1))["discovered_at"]
    assert datetime.fromisoformat(found) <= datetime.now(UTC)
    fetched(state, url(1))
    state.enqueue("baoa", [Found(url(1), datetime(2030, 1, 1, tzinfo=UTC))])  # sent back to the frontier
    assert stored(state, url(1))["discovered_at"] == found
    listing = FetchedPage(url(2), 200, b"<rss/>")  # a listing is found when first fetched
    state.record_response(url(2), "baoa", listing, kind="listing", warc_file="a.warc.gz", warc_offset=5)
    assert stored(state, url(2))["discovered_at"] is not None


def test_every_kind_the_crawler_writes_is_documented() -> None:
    assert set(KINDS) == set(PAGE_KINDS)
    documented = metadata()["databases"]["vnie"]["tables"]["pages"]["columns"]["kind"]
    assert documented == PAGE_KIND_COMMENT
    for kind in PAGE_KINDS:
        assert re.search(rf"(^|, ){kind}\b", documented), kind
