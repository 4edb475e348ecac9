"""The fetcher's guards, one attack each, on 127.0.0.1: origins (SSRF), deadlines, robots.txt limits, bombs,
sitemaps with a DTD, and waits that a stop request ends."""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator

import pytest

from scrapers.content import BodyError, decode_body
from scrapers.discover import parse_sitemap
from scrapers.fetch import Fetcher
from scrapers.settings import CrawlSettings
from scrapers.sites import profile_from_dict
from scrapers.urls import SiteScope, canonicalize, page_identity, parse_target
from tests.mockserver import PaperSpec
from tests.mockserver.hostile import HostilePaper, HostileSpec, InternalServer

SETTINGS = CrawlSettings(delay_seconds=0.0, read_timeout=2.0, retries=0, max_page_bytes=200_000, max_fetch_seconds=1.0)
SCOPE = SiteScope(profile_from_dict({"name": "m", "domain": "baomau.vn", "base_url": "https://baomau.vn"}))


@pytest.fixture(scope="module")
def attack() -> Iterator[tuple[HostilePaper, InternalServer]]:
    with InternalServer("127.0.0.1") as internal:
        paper = HostilePaper(
            PaperSpec("baoa", articles=2, sitemaps=True),
            HostileSpec(internal, victim_url="http://127.0.0.2/x-1.html", victim_html="<html></html>"),
        )
        with paper:
            yield paper, internal


def scope_of(paper: HostilePaper) -> SiteScope:
    return SiteScope(profile_from_dict({"name": "baoa", "domain": "127.0.0.1", "base_url": paper.base}))


@pytest.mark.parametrize(
    ("url", "owned"),
    [
        ("https://baomau.vn/a", True),
        ("http://www.baomau.vn/a", True),
        ("https://baomau.vn:8443/a", False),  # another port of the site's own host
        ("http://127.0.0.1:9\\@baomau.vn/a", False),  # urlsplit reads baomau.vn; the HTTP client connects to 127.0.0.1
        ("http://baomau.vn@127.0.0.1/a", False),  # userinfo
        ("http://user@baomau.vn/a", False),  # userinfo, even on the site
        ("http://2130706433/a", False),
        ("http://[::1]/a", False),
        ("ftp://baomau.vn/a", False),
    ],
)
def test_origins_are_judged_by_the_http_clients_parser(url: str, owned: bool) -> None:
    assert SCOPE.owns(url) is owned


def test_canonical_urls_are_fixed_points_of_the_clients_parser() -> None:
    from urllib3.util import parse_url

    for url in ("https://baomau.vn/tin tức/a b.html?q=ý kiến&b=1", "http://Baomau.VN:80/%7e/x?a=%20"):
        canonical = canonicalize(url)
        assert canonical is not None and parse_url(canonical).url == canonical
    assert canonicalize("http://127.0.0.1:9\\@baomau.vn/a") == "http://127.0.0.1:9/%5C@baomau.vn/a"


def test_a_canonical_counts_only_within_the_fetching_site() -> None:
    fetched = "https://baomau.vn/bai-1.html"
    assert page_identity("https://www.baomau.vn/bai-goc-1.html", fetched, SCOPE.profile) == (
        "https://www.baomau.vn/bai-goc-1.html"
    )
    assert page_identity("https://baokhac.vn/bai-2.html", fetched, SCOPE.profile) == fetched
    assert page_identity("https://baokhac.vn/bai-2.html", fetched, None) == fetched
    assert page_identity(None, fetched, SCOPE.profile) == fetched


@pytest.mark.parametrize("name", ["userinfo_redirect", "port_redirect"])
def test_redirects_to_an_internal_server_are_refused(attack: tuple[HostilePaper, InternalServer], name: str) -> None:
    paper, internal = attack
    outcome = Fetcher(SETTINGS).fetch(paper.attack_url(name), scope=scope_of(paper), delay=0)
    assert outcome.failure == "redirect_offsite" and internal.hits == []


def test_a_url_off_the_site_is_never_asked_for(attack: tuple[HostilePaper, InternalServer]) -> None:
    paper, internal = attack
    for url in (f"{internal.base}/a.html", f"http://{internal.base[7:]}\\@{paper.base[7:]}/a.html"):
        assert Fetcher(SETTINGS).fetch(url, scope=scope_of(paper), delay=0).failure == "offsite"
    assert internal.hits == []


@pytest.mark.parametrize("name", ["trickle_body", "trickle_headers"])
def test_a_trickle_is_cut_at_the_whole_response_deadline(
    attack: tuple[HostilePaper, InternalServer], name: str
) -> None:
    paper, _internal = attack
    started = time.monotonic()
    outcome = Fetcher(SETTINGS).fetch(paper.attack_url(name), scope=scope_of(paper), delay=0)
    # the trickle never ends, so any bound proves the cut; 5 s leaves a loaded machine room past the 1 s deadline
    assert outcome.failure == "timeout" and time.monotonic() - started < 5.0


@pytest.mark.parametrize("name", ["deflate_bomb", "gzip_bomb"])
def test_bombs_are_too_large(attack: tuple[HostilePaper, InternalServer], name: str) -> None:
    paper, _internal = attack
    assert Fetcher(SETTINGS).fetch(paper.attack_url(name), scope=scope_of(paper), delay=0).failure == "too_large"


def test_a_raw_deflate_bomb_is_too_large_and_a_broken_one_broken() -> None:
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw_bomb = squeezer.compress(b"\0" * 5_000_000) + squeezer.flush()
    for bomb in (zlib.compress(b"\0" * 5_000_000), raw_bomb):
        with pytest.raises(BodyError) as error:
            decode_body(bomb, "deflate", 1_000_000)
        assert error.value.reason == "too_large"
    with pytest.raises(BodyError) as broken:
        decode_body(b"not deflate at all", "deflate", 1_000_000)
    assert broken.value.reason == "broken_gzip"


def test_a_ten_megabyte_robots_txt_is_read_from_its_first_500_kib(attack: tuple[HostilePaper, InternalServer]) -> None:
    paper, _internal = attack
    rules = Fetcher(SETTINGS).rules(paper.base + "/", 0, scope_of(paper))
    assert not rules.unreachable
    assert rules.crawl_delay == 100000 and not rules.allows(paper.base + "/rieng-tu/a.html")


def test_the_crawl_delay_honoured_is_capped() -> None:
    from scrapers.robots import RobotsAnswer, rules_of

    rules = rules_of(RobotsAnswer(200, "User-agent: *\nCrawl-delay: 100000\n"))
    assert Fetcher(CrawlSettings(max_crawl_delay=7.0)).crawl_delay(rules) == 7.0


def test_robots_txt_redirecting_off_the_site_is_not_followed() -> None:
    from tests.mockserver import FakeNewspaper

    with InternalServer("127.0.0.1") as internal, FakeNewspaper(PaperSpec("baoa", articles=1)) as paper:
        paper.spec.robots = None

        class Redirecting(type(paper).handler(paper)):  # type: ignore[misc]
            def route(self, served: FakeNewspaper) -> int:
                if self.path == "/robots.txt":
                    return self.redirect(302, f"{internal.base}/robots.txt")
                return super().route(served)

        paper.handler = lambda: Redirecting  # type: ignore[method-assign]
        paper.stop()
        paper.start()
        scope = SiteScope(profile_from_dict({"name": "baoa", "domain": "127.0.0.1", "base_url": paper.base}))
        outcome = Fetcher(SETTINGS).fetch(paper.article_url(0), scope=scope, delay=0)
    assert outcome.failure == "robots_unreachable" and "off the site" in outcome.detail
    assert internal.hits == []


def test_a_sitemap_with_a_dtd_keeps_its_urls_and_resolves_no_external_entity() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY site "https://baomau.vn">'
        b'<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>&site;/bai-1.html</loc></url><url><loc>https://baomau.vn/bai-2.html&secret;</loc></url></urlset>"
    )
    assert [entry.url for entry in parse_sitemap(data)] == [
        "https://baomau.vn/bai-1.html",
        "https://baomau.vn/bai-2.html",
    ]


def test_a_stop_ends_a_crawl_delay_wait_at_once() -> None:
    from scrapers.throttle import HostThrottle

    stop = threading.Event()
    throttle = HostThrottle(stop)
    with throttle.turn("http://127.0.0.1:1/", 0) as turn:
        turn.pause = 100_000  # what a hostile Crawl-delay would make the next request wait
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    from scrapers.deadline import Interrupted

    with pytest.raises(Interrupted), throttle.turn("http://127.0.0.1:1/", 0):
        pass
    assert time.monotonic() - started < 5  # against a wait of 100,000 s


def test_parse_target_refuses_what_is_not_plain_http() -> None:
    assert parse_target("http://[::1") is None
    assert parse_target("javascript:alert(1)") is None
    target = parse_target("HTTP://Baomau.VN./a?b=1")
    assert target is not None and target.url == "http://baomau.vn/a?b=1"
