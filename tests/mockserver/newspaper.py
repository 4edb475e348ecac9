"""A fake provincial newspaper served on a loopback address, for the crawler's tests and benchmark.

Each paper has articles, paginated category pages, optionally an RSS or Atom feed, a sitemap index
with a gzip child and a news sitemap, a robots.txt, ETag/Last-Modified with 304s, and, when asked,
one article URL per fault the nightly run must survive. Every request is logged with its timing so
tests can check politeness.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .texts import story

FIRST_ID = 100000

# Fault name -> the slug of its article URL (the page an honest server would have served there).
FAULTS: dict[str, str] = {
    "slow": "hoi-nghi-keo-dai",  # answers after the client's read timeout
    "reset": "ket-noi-bi-ngat",  # connection reset before any answer
    "busy": "may-chu-dang-ban",  # 429 with Retry-After once, then the article
    "maintenance": "dang-bao-tri",  # 503 with Retry-After, always
    "flaky": "loi-tam-thoi",  # 500 once, then the article
    "bad_gateway": "loi-cong-ket-noi",  # 502, always
    "chain": "chuyen-huong-nhieu-lan",  # 301 -> 302 -> 307 -> article
    "loop": "chuyen-huong-vong-tron",  # a -> b -> a
    "offsite": "chuyen-sang-trang-khac",  # redirect to a host that is not the paper's
    "alias": "chuyen-sang-ten-mien-phu",  # redirect to localhost, one of the paper's domains
    "not_found": "bai-da-xoa",  # 404
    "removed": "bai-da-go",  # 410
    "gzip_cut": "nen-bi-cat",  # gzip body cut in the middle
    "gzip_bad": "nen-hong",  # "gzip" body that is not gzip
    "short": "noi-dung-thieu",  # Content-Length promises more than is sent
    "wrong_charset": "sai-bang-ma",  # declares ISO-8859-1, sends UTF-8
    "no_charset": "thieu-bang-ma",  # declares no charset at all
    "huge": "trang-qua-lon",  # more bytes than the size cap, no Content-Length
    "pdf": "van-ban-dinh-kem",  # a PDF where an article was expected
}
FAULT_IDS = {name: 900000 + number for number, name in enumerate(FAULTS)}


@dataclass
class PaperSpec:
    name: str
    host: str = "127.0.0.1"
    articles: int = 30
    categories: tuple[str, ...] = ("xay-dung-dang", "chinh-tri")
    per_page: int = 4
    feed: str | None = "rss"  # rss | atom | None
    feed_size: int = 20
    sitemaps: bool = False
    pagination: str = "query"  # query: ?page=N | path: /trang-N
    robots: str | None = None  # robots.txt text ("{base}" replaced); None answers 404
    faults: bool = False
    old_articles: int = 0  # the first ones are dated 2015, for --since
    private_article: bool = False  # a category links to /rieng-tu/..., which robots.txt may forbid
    slow_seconds: float = 1.5
    huge_bytes: int = 400_000
    offsite_target: str = "http://example.invalid/bai-viet-100001.html"
    rate_limit_after: int | None = None  # after this many article hits: 429 with a one-hour Retry-After
    latency: float = 0.0  # seconds each answer takes
    redesigned: bool = False  # the article is rendered by a script: the page itself holds no body to clean
    unavailable: set[int] = field(default_factory=set)  # article numbers answered 503 until removed from the set
    down: bool = False  # everything but robots.txt answers 503: the whole site is in maintenance


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    started: float
    ended: float = 0.0
    status: int = 0


@dataclass
class FakeNewspaper:
    spec: PaperSpec
    count: int = 0
    versions: dict[int, int] = field(default_factory=dict)
    updated: dict[int, datetime] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    port: int = 0
    _served: Counter[str] = field(default_factory=Counter)
    _article_hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    def __post_init__(self) -> None:
        self.count = self.spec.articles

    # ---- lifecycle ------------------------------------------------------------------------------------
    def handler(self) -> type[_Handler]:
        """The request handler class (a hostile paper answers with its own)."""
        return _Handler

    def start(self) -> FakeNewspaper:
        paper = self

        class Handler(self.handler()):  # type: ignore[misc]
            newspaper = paper

        server = ThreadingHTTPServer((self.spec.host, 0), Handler)
        server.daemon_threads = True
        server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self._server = server
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeNewspaper:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # ---- what it publishes ----------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://{self.spec.host}:{self.port}"

    def article_path(self, number: int) -> str:
        category = self.spec.categories[number % len(self.spec.categories)]
        return f"/{category}/{self.spec.name}-danh-gia-xep-loai-dang-vien-{FIRST_ID + number}.html"

    def article_url(self, number: int) -> str:
        return self.base + self.article_path(number)

    def fault_path(self, fault: str) -> str:
        return f"/thoi-su/{FAULTS[fault]}-{FAULT_IDS[fault]}.html"

    def fault_url(self, fault: str) -> str:
        return self.base + self.fault_path(fault)

    def private_path(self) -> str:
        return f"/rieng-tu/{self.spec.name}-tai-lieu-noi-bo-{FIRST_ID + 99999}.html"

    def published(self, number: int) -> datetime:
        if number < self.spec.old_articles:
            return datetime(2015, 1, 1, 8, tzinfo=UTC) + timedelta(days=number)
        return datetime(2025, 1, 1, 8, tzinfo=UTC) + timedelta(hours=number)

    def modified(self, number: int) -> datetime:
        return self.updated.get(number, self.published(number))

    def add_articles(self, how_many: int) -> None:
        with self._lock:
            self.count += how_many

    def update_article(self, number: int) -> None:
        """A correction: new text, new ETag, a later lastmod in the sitemap and feed."""
        with self._lock:
            self.versions[number] = self.versions.get(number, 1) + 1
            self.updated[number] = datetime.now(UTC)

    def article_hits(self) -> list[str]:
        """Paths of article requests answered so far (listings, robots and faults excluded)."""
        return [hit.path for hit in self.hits if "-danh-gia-xep-loai-dang-vien-" in hit.path]

    def newest_first(self) -> range:
        return range(self.count - 1, -1, -1)

    # ---- documents ------------------------------------------------------------------------------------
    def article_html(self, number: int, *, meta_charset: bool = True) -> str:
        text = story(self.spec.name, number, self.versions.get(number, 1))
        nav = " ".join(f'<a href="/{c}">{c.replace("-", " ").title()}</a>' for c in self.spec.categories)
        related = "".join(
            f'<li><a href="{self.article_path(other)}">Tin liên quan số {other}</a></li>'
            for other in (number - 1, number - 2)
            if other >= 0
        )
        body = "".join(f"<p>{escape(p)}</p>" for p in text.paragraphs)
        charset = '<meta charset="utf-8">' if meta_charset else ""
        page = (
            f'<!DOCTYPE html><html lang="vi"><head>{charset}<title>{escape(text.title)}</title>'
            f'<link rel="canonical" href="{self.base}{self.article_path(number)}">'
            f'<meta property="article:published_time" content="{self.published(number).isoformat()}">'
            f'</head><body><header><nav><a href="/">Trang chủ</a> {nav}</nav></header>'
            f'<main><article><h1>{escape(text.title)}</h1><p class="sapo"><strong>{escape(text.sapo)}</strong></p>'
            f'<div class="content">{body}<p class="author">Minh An</p></div></article>'
            f"<aside><h3>Tin liên quan</h3><ul>{related}</ul></aside></main>"
            f"<footer><p>Báo {self.spec.name} điện tử. Giấy phép số 00/GP-BTTTT.</p></footer></body></html>"
        )
        if self.spec.redesigned:
            data = json.dumps({"title": text.title, "body": text.paragraphs}, ensure_ascii=False)
            return (
                f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(text.title)}</title>'
                f'</head><body><div id="app"></div><script>window.__ARTICLE__ = {data};</script></body></html>'
            )
        return page

    def category_html(self, category: str, page: int) -> str | None:
        numbers = [n for n in self.newest_first() if self.article_path(n).startswith(f"/{category}/")]
        pages = max(1, -(-len(numbers) // self.spec.per_page))
        if page > pages:
            return None
        shown = numbers[(page - 1) * self.spec.per_page : page * self.spec.per_page]
        items = "".join(
            f'<li><a href="{self.article_path(n)}">{escape(story(self.spec.name, n).title)}</a>'
            f"<p>{escape(story(self.spec.name, n).sapo)}</p></li>"
            for n in shown
        )
        if page == 1 and self.spec.private_article:
            items += f'<li><a href="{self.private_path()}">Tài liệu nội bộ</a></li>'
        links = " ".join(f'<a href="{self.page_url(category, n)}">{n}</a>' for n in range(1, pages + 1))
        if page < pages:
            links += f' <a class="next" href="{self.page_url(category, page + 1)}">Trang sau</a>'
        nav = " ".join(f'<a href="/{c}">{c}</a>' for c in self.spec.categories)
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{category} - trang {page}</title>'
            f'</head><body><header><nav><a href="/">Trang chủ</a> {nav}</nav></header><main><h1>{category}</h1>'
            f'<ul class="list-news">{items}</ul><div class="pagination">{links}</div></main>'
            f"<footer>Báo {self.spec.name}</footer></body></html>"
        )

    def page_url(self, category: str, page: int) -> str:
        if page == 1:
            return f"/{category}"
        return f"/{category}?page={page}" if self.spec.pagination == "query" else f"/{category}/trang-{page}"

    def feed_xml(self) -> str:
        numbers = list(self.newest_first())[: self.spec.feed_size]
        extra = [self.fault_path(f) for f in FAULTS] if self.spec.faults else []
        if self.spec.feed == "atom":
            entries = "".join(
                f"<entry><title>{escape(story(self.spec.name, n).title)}</title>"
                f'<link rel="alternate" href="{self.article_url(n)}?utm_source=rss&amp;utm_medium=feed"/>'
                f"<updated>{self.modified(n).isoformat()}</updated><id>{FIRST_ID + n}</id></entry>"
                for n in numbers
            )
            return (
                '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Báo {self.spec.name}</title>{entries}</feed>"
            )
        items = "".join(
            f"<item><title>{escape(story(self.spec.name, n).title)}</title>"
            f"<link>{self.article_url(n)}#comments</link>"
            f"<pubDate>{format_datetime(self.modified(n))}</pubDate></item>"
            for n in numbers
        )
        items += "".join(f"<item><title>Tin thời sự</title><link>{self.base}{p}</link></item>" for p in extra)
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Báo {self.spec.name}</title><link>{self.base}/</link>{items}</channel></rss>"
        )

    def sitemap_index(self) -> str:
        newest = self.modified(self.count - 1).isoformat() if self.count else "2025-01-01"
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.base}/sitemaps/bai-viet.xml.gz</loc><lastmod>{newest}</lastmod></sitemap>"
            f"<sitemap><loc>{self.base}/sitemaps/tin-moi.xml</loc></sitemap>"
            "<sitemap><loc>/sitemaps/cu-2014.xml</loc><lastmod>2014-12-31</lastmod></sitemap>"
            "</sitemapindex>"
        )

    def sitemap_urls(self) -> bytes:
        urls = "".join(
            f"<url><loc>{self.article_url(n)}</loc><lastmod>{self.modified(n).isoformat()}</lastmod></url>"
            for n in self.newest_first()
        )
        xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        return gzip.compress(xml.encode("utf-8"), mtime=0)

    def news_sitemap(self) -> str:
        numbers = list(self.newest_first())[:5]
        urls = "".join(
            f"<url><loc>{self.article_url(n)}</loc><news:news><news:publication>"
            "<news:name>Báo</news:name><news:language>vi</news:language></news:publication>"
            f"<news:publication_date>{self.published(n).isoformat()}</news:publication_date>"
            f"<news:title>{escape(story(self.spec.name, n).title)}</news:title></news:news></url>"
            for n in numbers
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
        )

    def served(self, key: str) -> int:
        """How many times ``key`` has been asked for, this request included."""
        with self._lock:
            self._served[key] += 1
            return self._served[key]

    def count_article_hit(self) -> int:
        with self._lock:
            self._article_hits += 1
            return self._article_hits


class _Handler(BaseHTTPRequestHandler):
    newspaper: FakeNewspaper
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stalls

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        paper = self.newspaper
        hit = Hit(self.path, {k: v for k, v in self.headers.items()}, time.monotonic())
        with paper._lock:
            paper.hits.append(hit)
        if paper.spec.latency:
            time.sleep(paper.spec.latency)
        try:
            hit.status = self.route(paper)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            hit.ended = time.monotonic()

    # ---- routing --------------------------------------------------------------------------------------
    def route(self, paper: FakeNewspaper) -> int:
        parts = urlsplit(self.path)
        path = parts.path
        spec = paper.spec
        if path == "/robots.txt":
            if spec.robots is None:
                return self.send(404, b"not found", "text/plain")
            return self.send(200, spec.robots.replace("{base}", paper.base).encode(), "text/plain")
        if spec.down:
            return self.send(503, b"maintenance", "text/plain")
        if path in ("/rss", "/feed.atom") and spec.feed:
            kind = "application/atom+xml" if spec.feed == "atom" else "application/rss+xml"
            return self.send_cached(paper.feed_xml().encode("utf-8"), kind + "; charset=utf-8")
        if spec.sitemaps and path == "/sitemap_index.xml":
            return self.send_cached(paper.sitemap_index().encode(), "application/xml")
        if spec.sitemaps and path == "/sitemaps/bai-viet.xml.gz":
            return self.send_cached(paper.sitemap_urls(), "application/x-gzip")
        if spec.sitemaps and path == "/sitemaps/tin-moi.xml":
            return self.send_cached(paper.news_sitemap().encode(), "application/xml")
        for fault, slug in FAULTS.items():
            if path.startswith(f"/thoi-su/{slug}") or path.startswith(f"/chuyen-huong/{fault}"):
                return self.fault(paper, fault, path)
        for category in spec.categories:
            page = self.category_page(category, path, parse_qs(parts.query))
            if page is not None:
                html = paper.category_html(category, page)
                if html is None:
                    return self.send(404, b"no such page", "text/plain")
                return self.send_cached(html.encode("utf-8"), "text/html; charset=utf-8")
        number = self.article_number(paper, path)
        if number is not None:
            if spec.rate_limit_after is not None and paper.count_article_hit() > spec.rate_limit_after:
                return self.send(429, b"slow down", "text/plain", {"Retry-After": "3600"})
            if number in spec.unavailable:
                return self.send(503, b"temporarily unavailable", "text/plain")
            html = paper.article_html(number).encode("utf-8")
            return self.send_cached(html, "text/html; charset=utf-8", modified=paper.modified(number))
        return self.send(404, b"not found", "text/plain")

    def category_page(self, category: str, path: str, query: dict[str, list[str]]) -> int | None:
        if path == f"/{category}":
            return int(query.get("page", ["1"])[0])
        prefix = f"/{category}/trang-"
        if path.startswith(prefix) and path[len(prefix) :].isdigit():
            return int(path[len(prefix) :])
        return None

    def article_number(self, paper: FakeNewspaper, path: str) -> int | None:
        if not path.endswith(".html") or "-danh-gia-xep-loai-dang-vien-" not in path:
            return None
        try:
            number = int(path.rsplit("-", 1)[1].removesuffix(".html")) - FIRST_ID
        except ValueError:
            return None
        if 0 <= number < paper.count and paper.article_path(number) == path:
            return number
        return None

    # ---- faults ---------------------------------------------------------------------------------------
    def fault(self, paper: FakeNewspaper, fault: str, path: str) -> int:
        spec = paper.spec
        html = paper.article_html(0).encode("utf-8")
        times = paper.served(path)
        if fault == "slow":
            time.sleep(spec.slow_seconds)
            return self.send(200, html, "text/html; charset=utf-8")
        if fault == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return 0
        if fault == "busy":
            if times == 1:
                return self.send(429, b"too many requests", "text/plain", {"Retry-After": "1"})
            return self.send(200, html, "text/html; charset=utf-8")
        if fault == "maintenance":
            return self.send(503, b"maintenance", "text/plain", {"Retry-After": "1"})
        if fault == "flaky":
            if times == 1:
                return self.send(500, b"oops", "text/plain")
            return self.send(200, html, "text/html; charset=utf-8")
        if fault == "bad_gateway":
            return self.send(502, b"bad gateway", "text/plain")
        if fault == "chain":
            hops = {1: 301, 2: 302, 3: 307}
            step = int(path.rsplit("/", 1)[1]) if path.startswith("/chuyen-huong/") else 0
            if step < 3:
                return self.redirect(hops[step + 1], f"/chuyen-huong/chain/{step + 1}")
            return self.redirect(307, paper.article_path(0))
        if fault == "loop":
            return self.redirect(302, "/chuyen-huong/loop/b" if not path.endswith("/b") else "/chuyen-huong/loop/a")
        if fault == "offsite":
            return self.redirect(302, spec.offsite_target)
        if fault == "alias":
            return self.redirect(302, f"http://localhost:{paper.port}{paper.article_path(1)}")
        if fault == "not_found":
            return self.send(404, "<html><body>Không tìm thấy trang</body></html>".encode(), "text/html")
        if fault == "removed":
            return self.send(410, "<html><body>Bài viết đã bị gỡ</body></html>".encode(), "text/html")
        if fault == "gzip_cut":
            packed = gzip.compress(html)
            return self.send(200, packed[: len(packed) // 2], "text/html; charset=utf-8", {"Content-Encoding": "gzip"})
        if fault == "gzip_bad":
            return self.send(200, b"\x1f\x8b\x08\x00garbage" * 20, "text/html", {"Content-Encoding": "gzip"})
        if fault == "short":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(html) + 5000))
            self.end_headers()
            self.wfile.write(html[:1000])
            self.wfile.flush()
            self.close_connection = True
            return 200
        if fault == "wrong_charset":
            return self.send(200, paper.article_html(2, meta_charset=False).encode(), "text/html; charset=iso-8859-1")
        if fault == "no_charset":
            return self.send(200, paper.article_html(3, meta_charset=False).encode(), "text/html")
        if fault == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            filler = b"<p>" + "Nội dung lặp lại. ".encode() * 200 + b"</p>"
            sent = 0
            while sent < spec.huge_bytes:
                self.wfile.write(filler)
                sent += len(filler)
            self.close_connection = True
            return 200
        if fault == "pdf":
            return self.send(200, b"%PDF-1.4\n% fake document\n", "application/pdf")
        raise AssertionError(fault)

    # ---- writing --------------------------------------------------------------------------------------
    def redirect(self, status: int, location: str) -> int:
        return self.send(status, b"", "text/plain", {"Location": location})

    def send_cached(self, body: bytes, content_type: str, modified: datetime | None = None) -> int:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 304
        headers = {"ETag": etag}
        if modified is not None:
            headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if "gzip" in self.headers.get("Accept-Encoding", "") and content_type.startswith("text/html"):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        return self.send(200, body, content_type, headers)

    def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> int:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        return status
