from __future__ import annotations

import gzip
from collections.abc import Iterable
from datetime import UTC, date, datetime

from scrapers.discover import (
    DiscoveryPlan,
    discover,
    looks_like_article,
    parse_date,
    parse_feed,
    parse_listing,
    parse_sitemap,
    plan_for,
)
from scrapers.sites import profile_from_dict
from scrapers.urls import SiteScope

BASE = "https://baomau.vn"
SCOPE = SiteScope(profile_from_dict({"name": "baomau", "domain": "baomau.vn", "base_url": BASE}))

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo Mẫu</title>
<item><title>Một</title><link>https://baomau.vn/xay-dung-dang/hoi-nghi-danh-gia-101.html?utm_source=rss</link>
<pubDate>Tue, 07 Jan 2025 08:00:00 +0700</pubDate></item>
<item><title>Hai</title><guid isPermaLink="true">https://baomau.vn/chinh-tri/ket-qua-xep-loai-102.html</guid>
<pubDate>Mon, 02 Jan 2017 08:00:00 +0700</pubDate></item>
<item><title>Ngoài</title><link>https://baokhac.vn/bai-103.html</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Báo Mẫu</title>
<entry><title>Ba</title><link rel="alternate" href="https://baomau.vn/a/bai-so-ba-103.html"/>
<link rel="enclosure" href="https://baomau.vn/anh.jpg"/><updated>2025-02-01T10:00:00Z</updated></entry>
</feed>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://baomau.vn/sitemaps/2025.xml.gz</loc><lastmod>2025-03-01</lastmod></sitemap>
<sitemap><loc>https://baomau.vn/sitemaps/2014.xml</loc><lastmod>2014-12-31</lastmod></sitemap>
</sitemapindex>"""

URLSET = """<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://baomau.vn/xay-dung-dang/bai-moi-201.html</loc><lastmod>2025-03-01T07:00:00+07:00</lastmod></url>
<url><loc>https://baomau.vn/xay-dung-dang/bai-tin-202.html</loc><news:news>
<news:publication_date>2025-02-28</news:publication_date></news:news></url>
</urlset>"""


def category_page(numbers: Iterable[int], next_href: str | None) -> bytes:
    items = "".join(f'<li><a href="/xay-dung-dang/danh-gia-chi-bo-nam-{n}.html">Bài {n}</a></li>' for n in numbers)
    nav = '<nav><a href="/xay-dung-dang/huong-dan-cach-viet-tin-moi-999.html">Nav</a></nav>'
    more = f'<a class="next" href="{next_href}">Trang sau</a>' if next_href else ""
    return (
        f"<html><body><header>{nav}</header><ul>{items}</ul><div class='pagination'>{more}</div></body></html>".encode()
    )


def test_dates_of_feeds_and_sitemaps() -> None:
    assert parse_date("Tue, 07 Jan 2025 08:00:00 +0700") == datetime(2025, 1, 7, 1, tzinfo=UTC)
    assert parse_date("2025-03-01") == datetime(2025, 3, 1, tzinfo=UTC)
    assert parse_date("2025-03-01T07:00:00Z") == datetime(2025, 3, 1, 7, tzinfo=UTC)
    assert parse_date("15/02/2024 09:30") == datetime(2024, 2, 15, 9, 30, tzinfo=UTC)
    assert parse_date("hôm qua") is None
    assert parse_date(None) is None


def test_rss_and_atom_entries() -> None:
    rss = list(parse_feed(RSS.encode()))
    assert [entry.url for entry in rss][:2] == [
        "https://baomau.vn/xay-dung-dang/hoi-nghi-danh-gia-101.html?utm_source=rss",
        "https://baomau.vn/chinh-tri/ket-qua-xep-loai-102.html",
    ]
    assert rss[1].when is not None and rss[1].when.year == 2017
    atom = list(parse_feed(ATOM.encode()))
    assert [entry.url for entry in atom] == ["https://baomau.vn/a/bai-so-ba-103.html"]
    assert list(parse_feed(b"<html>not a feed")) == []


def test_sitemap_index_and_news_sitemap() -> None:
    index = list(parse_sitemap(INDEX.encode()))
    assert [(e.url.rsplit("/", 1)[1], e.is_index) for e in index] == [("2025.xml.gz", True), ("2014.xml", True)]
    pages = list(parse_sitemap(URLSET.encode()))
    assert [e.when.date() if e.when else None for e in pages] == [date(2025, 3, 1), date(2025, 2, 28)]
    assert not any(e.is_index for e in pages)


def test_listing_links_leave_navigation_and_pagination_out() -> None:
    listing = parse_listing(category_page([1, 2], "/xay-dung-dang?page=2"), f"{BASE}/xay-dung-dang", SCOPE)
    assert listing.articles == (
        f"{BASE}/xay-dung-dang/danh-gia-chi-bo-nam-1.html",
        f"{BASE}/xay-dung-dang/danh-gia-chi-bo-nam-2.html",
    )
    assert listing.next_page == f"{BASE}/xay-dung-dang?page=2"


def test_numbered_pagination_without_a_next_link() -> None:
    html = b'<html><body><div class="paging"><a href="/c/trang-1">1</a><a href="/c/trang-2">2</a></div></body></html>'
    assert parse_listing(html, f"{BASE}/c", SCOPE).next_page == f"{BASE}/c/trang-2"
    assert parse_listing(html, f"{BASE}/c/trang-2", SCOPE).next_page is None


def test_what_looks_like_an_article() -> None:
    assert looks_like_article("https://baomau.vn/xay-dung-dang/dang-bo-huyen-danh-gia-xep-loai-nam-2024.html")
    assert looks_like_article("https://baomau.vn/tin-tuc/123456")
    assert looks_like_article("https://baomau.vn/news.aspx?id=4521")
    assert not looks_like_article("https://baomau.vn/xay-dung-dang")
    assert not looks_like_article("https://baomau.vn/tag/dang-vien-tre-xuat-sac-123.html")
    assert not looks_like_article("https://baomau.vn/files/bao-cao-tong-ket-2024.pdf")
    assert looks_like_article("https://baomau.vn/p/42", pattern=r"/p/\d+$")


class Listings:
    """A site's listings in memory: url -> bytes; counts what was asked."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def __call__(self, url: str, max_bytes: int | None) -> bytes | None:
        self.asked.append(url)
        return self.pages.get(url)


def plan(**overrides: object) -> DiscoveryPlan:
    values: dict[str, object] = {"scope": SCOPE, "feeds": (), "sitemaps": (), "categories": ()}
    values.update(overrides)
    return DiscoveryPlan(**values)  # type: ignore[arg-type]


def test_feed_discovery_canonicalizes_and_keeps_to_the_site() -> None:
    listings = Listings({f"{BASE}/rss": RSS.encode()})
    found = list(discover(plan(feeds=(f"{BASE}/rss",)), listings, lambda urls: set()))
    assert [f.url for f in found] == [
        f"{BASE}/xay-dung-dang/hoi-nghi-danh-gia-101.html",
        f"{BASE}/chinh-tri/ket-qua-xep-loai-102.html",
    ]


def test_since_skips_old_entries_and_old_child_sitemaps() -> None:
    listings = Listings(
        {
            f"{BASE}/rss": RSS.encode(),
            f"{BASE}/sitemap_index.xml": INDEX.encode(),
            f"{BASE}/sitemaps/2025.xml.gz": gzip.compress(URLSET.encode()),
        }
    )
    found = discover(
        plan(feeds=(f"{BASE}/rss",), sitemaps=(f"{BASE}/sitemap_index.xml",), since=date(2024, 1, 1)),
        listings,
        lambda urls: set(),
    )
    assert [f.url.rsplit("/", 1)[1] for f in found] == [
        "hoi-nghi-danh-gia-101.html",
        "bai-moi-201.html",
        "bai-tin-202.html",
    ]
    assert f"{BASE}/sitemaps/2014.xml" not in listings.asked


def test_category_walk_stops_at_known_urls() -> None:
    pages = {
        f"{BASE}/xay-dung-dang": category_page([1, 2], "/xay-dung-dang?page=2"),
        f"{BASE}/xay-dung-dang?page=2": category_page([3, 4], "/xay-dung-dang?page=3"),
        f"{BASE}/xay-dung-dang?page=3": category_page([5, 6], "/xay-dung-dang?page=4"),
        f"{BASE}/xay-dung-dang?page=4": category_page([7, 8], None),
    }
    known = {f"{BASE}/xay-dung-dang/danh-gia-chi-bo-nam-{n}.html" for n in (5, 6, 7, 8)}
    listings = Listings(pages)
    found = list(discover(plan(categories=(f"{BASE}/xay-dung-dang",)), listings, lambda urls: set(urls) & known))
    assert [f.url.rsplit("-", 1)[1] for f in found] == ["1.html", "2.html", "3.html", "4.html"]
    assert listings.asked == list(pages)[:3]  # page 3 brought nothing new: page 4 is never asked for


def test_category_walk_has_a_depth_limit() -> None:
    pages = {
        f"{BASE}/c" + (f"?page={n}" if n > 1 else ""): category_page([n * 10, n * 10 + 1], f"/c?page={n + 1}")
        for n in range(1, 30)
    }
    listings = Listings(pages)
    list(discover(plan(categories=(f"{BASE}/c",), max_listing_pages=4), listings, lambda urls: set()))
    assert len(listings.asked) == 4


def test_plan_uses_the_home_page_when_a_profile_names_nothing() -> None:
    empty = plan_for(SCOPE, (), since=None, max_listing_pages=5, sitemap_bytes=1000)
    assert empty.categories == (BASE,)
    with_robots = plan_for(SCOPE, (f"{BASE}/sitemap.xml",), since=None, max_listing_pages=5, sitemap_bytes=1000)
    assert with_robots.sitemaps == (f"{BASE}/sitemap.xml",) and with_robots.categories == ()
