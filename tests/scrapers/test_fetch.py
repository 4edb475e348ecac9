"""The polite fetcher against local fake newspapers: every fault of the nightly run, politeness, 304s."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator

import pytest

from pipeline.process import process_page
from scrapers.content import decode_body
from scrapers.fetch import Fetcher, Validators
from scrapers.settings import CrawlSettings
from scrapers.sites import profile_from_dict
from scrapers.urls import SiteScope
from tests.mockserver import FakeNewspaper, PaperSpec

SETTINGS = CrawlSettings(
    delay_seconds=0.0, read_timeout=0.3, retries=1, backoff_factor=0.01, max_page_bytes=200_000, max_retry_after=5.0
)


@pytest.fixture(scope="module")
def paper() -> Iterator[FakeNewspaper]:
    with FakeNewspaper(PaperSpec("baoa", articles=6, faults=True, slow_seconds=0.8)) as running:
        yield running


def scope_of(paper: FakeNewspaper) -> SiteScope:
    return SiteScope(
        profile_from_dict(
            {"name": paper.spec.name, "domain": paper.spec.host, "aliases": ["localhost"], "base_url": paper.base}
        )
    )


@pytest.mark.parametrize(
    ("fault", "failure"),
    [
        ("slow", "timeout"),
        ("reset", "connection_reset"),
        ("busy", None),  # 429 + Retry-After once: the retry gets the page
        ("maintenance", "http_503"),
        ("flaky", None),  # 500 once: the retry gets the page
        ("bad_gateway", "http_502"),
        ("chain", None),
        ("loop", "redirect_loop"),
        ("offsite", "redirect_offsite"),
        ("alias", None),
        ("not_found", "gone"),
        ("removed", "gone"),
        ("gzip_cut", "broken_gzip"),
        ("gzip_bad", "broken_gzip"),
        ("short", "truncated"),
        ("huge", "too_large"),
        ("wrong_charset", None),
        ("no_charset", None),
        ("pdf", None),  # fetched fine; the page stage calls it not_html
    ],
)
def test_each_fault_has_its_outcome(paper: FakeNewspaper, fault: str, failure: str | None) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url(fault), scope=scope_of(paper), delay=0)
    assert outcome.failure == failure, outcome.detail
    if failure is None:
        assert outcome.ok and outcome.page is not None and outcome.page.body


def test_redirect_chain_keeps_every_hop_for_the_archive(paper: FakeNewspaper) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url("chain"), scope=scope_of(paper), delay=0)
    assert [e.status for e in outcome.exchanges] == [301, 302, 307, 307, 200]
    assert outcome.page is not None and outcome.page.final_url == paper.article_url(0)


def test_offsite_redirect_is_never_followed(paper: FakeNewspaper) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url("offsite"), scope=scope_of(paper), delay=0)
    assert outcome.detail == paper.spec.offsite_target
    assert [e.status for e in outcome.exchanges] == [302]


def test_alias_domain_redirect_is_followed(paper: FakeNewspaper) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url("alias"), scope=scope_of(paper), delay=0)
    assert (
        outcome.page is not None and outcome.page.final_url == f"http://localhost:{paper.port}{paper.article_path(1)}"
    )


def test_too_large_and_truncated_responses_are_kept_marked(paper: FakeNewspaper) -> None:
    huge = Fetcher(SETTINGS).fetch(paper.fault_url("huge"), scope=scope_of(paper), delay=0)
    assert huge.exchanges[-1].truncated == "length" and len(huge.exchanges[-1].raw_body) <= 200_000 + 64 * 1024
    short = Fetcher(SETTINGS).fetch(paper.fault_url("short"), scope=scope_of(paper), delay=0)
    assert short.exchanges[-1].truncated == "disconnect"


@pytest.mark.parametrize("fault", ["wrong_charset", "no_charset"])
def test_wrong_or_missing_charset_still_reads_vietnamese(paper: FakeNewspaper, fault: str) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url(fault), scope=scope_of(paper), delay=0)
    assert outcome.page is not None
    result = process_page(outcome.page)
    assert result.kind == "article" and result.article is not None
    assert "đánh giá, xếp loại tổ chức đảng" in result.article.title


def test_non_html_is_not_an_article(paper: FakeNewspaper) -> None:
    outcome = Fetcher(SETTINGS).fetch(paper.fault_url("pdf"), scope=scope_of(paper), delay=0)
    assert outcome.page is not None and process_page(outcome.page).kind == "not_html"


def test_conditional_get_answers_not_modified(paper: FakeNewspaper) -> None:
    fetcher = Fetcher(SETTINGS)
    first = fetcher.fetch(paper.article_url(4), scope=scope_of(paper), delay=0)
    assert first.page is not None and first.page.header("ETag")
    again = fetcher.fetch(
        paper.article_url(4), scope=scope_of(paper), delay=0, validators=Validators(first.page.header("ETag"))
    )
    assert again.not_modified and again.page is not None and again.page.body == b""
    assert paper.hits[-1].headers.get("If-None-Match") == first.page.header("ETag")


def test_user_agent_names_vnie_and_a_contact(paper: FakeNewspaper) -> None:
    Fetcher(SETTINGS).fetch(paper.article_url(5), scope=scope_of(paper), delay=0)
    agent = paper.hits[-1].headers["User-Agent"]
    assert agent.startswith("vnie/") and SETTINGS.contact_url in agent


def test_one_request_at_a_time_per_host_with_a_delay() -> None:
    specs = [PaperSpec("baoa", host="127.0.0.1", articles=4), PaperSpec("baob", host="127.0.0.2", articles=4)]
    with FakeNewspaper(specs[0]) as one, FakeNewspaper(specs[1]) as two:
        one.spec.latency = two.spec.latency = 0.05
        fetcher = Fetcher(SETTINGS)

        def crawl(paper: FakeNewspaper, numbers: range) -> None:
            for number in numbers:
                fetcher.fetch(paper.article_url(number), scope=scope_of(paper), delay=0.1)

        threads = [
            threading.Thread(target=crawl, args=(one, range(0, 2))),
            threading.Thread(target=crawl, args=(one, range(2, 4))),  # a second worker on the same host
            threading.Thread(target=crawl, args=(two, range(0, 4))),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for paper in (one, two):
        hits = sorted((h for h in paper.hits if h.path != "/robots.txt"), key=lambda h: h.started)
        assert len(hits) == 4
        for before, after in itertools.pairwise(hits):
            assert after.started >= before.ended + 0.09  # never two at once, and the delay between them
    first, second = (sorted(h.started for h in paper.hits if h.path != "/robots.txt") for paper in (one, two))
    assert second[0] < first[-1] and first[0] < second[-1]  # the two hosts were crawled at the same time


def test_robots_txt_is_obeyed_with_its_crawl_delay() -> None:
    spec = PaperSpec("baoc", articles=3, robots="User-agent: *\nDisallow: /chinh-tri/\nCrawl-delay: 0.2\n")
    with FakeNewspaper(spec) as paper:
        fetcher = Fetcher(SETTINGS)
        blocked = fetcher.fetch(paper.article_url(1), scope=scope_of(paper), delay=0)  # /chinh-tri/...
        assert blocked.failure == "robots"
        fetcher.fetch(paper.article_url(0), scope=scope_of(paper), delay=0)
        fetcher.fetch(paper.article_url(2), scope=scope_of(paper), delay=0)
    paths = [hit.path for hit in paper.hits]
    assert paths.count("/robots.txt") == 1 and paper.article_path(1) not in paths
    assert paper.hits[-1].started - paper.hits[-2].ended >= 0.19


def test_unreadable_robots_txt_means_nothing_is_fetched() -> None:
    with FakeNewspaper(PaperSpec("baoc", articles=2)) as paper:
        paper.spec.robots = None
        fetcher = Fetcher(SETTINGS)
        assert fetcher.fetch(paper.article_url(0), scope=scope_of(paper), delay=0).ok  # 404 robots.txt: allowed
    with FakeNewspaper(PaperSpec("baod", host="127.0.0.4", articles=2)) as broken:
        broken_url = broken.article_url(0)
    outcome = Fetcher(SETTINGS).fetch(broken_url, scope=scope_of(broken), delay=0)  # server gone: no robots.txt
    assert outcome.failure == "robots_unreachable"


def test_a_long_retry_after_is_not_waited_for() -> None:
    with FakeNewspaper(PaperSpec("baoa", articles=2, rate_limit_after=0)) as paper:
        started = time.monotonic()
        outcome = Fetcher(SETTINGS).fetch(paper.article_url(0), scope=scope_of(paper), delay=0)
        assert time.monotonic() - started < 5  # against a Retry-After of 3,600 s
    assert outcome.failure == "rate_limited" and outcome.retry_after == 3600


def test_gzip_bombs_are_refused() -> None:
    import gzip

    from scrapers.content import BodyError

    bomb = gzip.compress(b"\0" * 5_000_000)
    with pytest.raises(BodyError) as error:
        decode_body(bomb, "gzip", 1_000_000)
    assert error.value.reason == "too_large"
