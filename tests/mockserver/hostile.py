"""A hostile newspaper and the internal server it tries to reach, both on loopback addresses.

``HostilePaper`` is a fake newspaper (honest articles, a feed, a sitemap index) whose feed, sitemaps
and robots.txt also carry every attack of the hostile-site suite: redirects and links to an internal
server (userinfo spelling, another port of its own host), a canonical link claiming another site's
article, bodies trickled forever, deflate and gzip bombs, a 10 MB robots.txt with a huge Crawl-delay
and a ``Sitemap:`` line naming the internal server, a sitemap index flooding the frontier, a sitemap
with a DTD. Each attack is bounded in time by the client's settings, never by the server giving up
(a trickle stops only when the client hangs up). ``InternalServer`` logs every request it ever gets:
the suite checks that it got none.
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .newspaper import FakeNewspaper, PaperSpec, _Handler
from .texts import story

# Attack name -> its article path on the hostile paper (listed in its feed).
ATTACKS: dict[str, str] = {
    "userinfo_redirect": "/thoi-su/chuyen-huong-dang-nhap-910001.html",  # 302 to http://INTERNAL\@paper/...
    "port_redirect": "/thoi-su/chuyen-huong-cong-khac-910002.html",  # 302 to another port of the same host
    "internal_link": "/thoi-su/lien-ket-noi-bo-910003.html",  # an article linking to the internal server
    "canonical_takeover": "/thoi-su/bai-mao-danh-910004.html",  # canonical names the honest paper's article
    "syndicated": "/thoi-su/bai-dang-lai-910005.html",  # a copy of an honest article, canonical to the original
    "trickle_body": "/thoi-su/tra-loi-nho-giot-910006.html",  # 200, then one byte at a time, forever
    "trickle_headers": "/thoi-su/tieu-de-nho-giot-910007.html",  # the status line and headers, a byte at a time
    "deflate_bomb": "/thoi-su/bom-deflate-910008.html",  # Content-Encoding: deflate, 1 GB of zeros inflated
    "gzip_bomb": "/thoi-su/bom-gzip-910009.html",
}
SECRET = "Tài liệu mật của máy chủ nội bộ"  # what the internal server answers: it must never be stored


@dataclass
class InternalServer:
    """A server that must stay unreachable: it logs every request and serves a tempting article."""

    host: str = "127.0.0.1"
    port: int = 0
    hits: list[str] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    def start(self) -> InternalServer:
        internal = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                internal.hits.append(self.path)
                body = f"<html><head><title>{SECRET}</title></head><body><p>{SECRET}.</p></body></html>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        server = ThreadingHTTPServer((self.host, 0), Handler)
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> InternalServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@dataclass
class HostileSpec:
    internal: InternalServer
    victim_url: str  # an honest paper's article that the canonical attack claims
    victim_html: str  # its page as the honest paper serves it (the syndicated copy reprints it)
    flood_sitemaps: int = 40  # child sitemaps of the flooding index
    flood_urls: int = 100  # URLs in each
    robots_bytes: int = 10_000_000  # robots.txt padded with comments to this size
    trickle_every: float = 0.05  # seconds between two trickled bytes
    robots: bool = True  # False: no robots.txt at all (404), for tests of other attacks alone


class HostilePaper(FakeNewspaper):
    """A fake newspaper that attacks whoever crawls it (see the module docstring)."""

    def __init__(self, spec: PaperSpec, hostile: HostileSpec) -> None:
        super().__init__(spec)
        self.hostile = hostile

    def handler(self) -> type[_Handler]:
        return _HostileHandler

    def attack_url(self, attack: str) -> str:
        return self.base + ATTACKS[attack]

    def flood_url(self, sitemap: int, number: int) -> str:
        return f"{self.base}/lu/{sitemap}/bai-tran-ngap-{sitemap}-{number:05d}.html"

    def feed_xml(self) -> str:
        honest = super().feed_xml()
        internal = self.hostile.internal.base
        extra = "".join(f"<item><title>Tin</title><link>{self.base}{path}</link></item>" for path in ATTACKS.values())
        extra += f"<item><title>Nội bộ</title><link>{internal}/bi-mat-920001.html</link></item>"
        extra += f"<item><title>Nội bộ</title><link>http://{internal[7:]}\\@{self.base[7:]}/x-920002.html</link></item>"
        return honest.replace("</channel>", extra + "</channel>")

    def robots_txt(self) -> bytes:
        rules = (
            "User-agent: *\nDisallow: /rieng-tu/\nCrawl-delay: 100000\n"
            f"Sitemap: {self.base}/sitemap_index.xml\nSitemap: {self.hostile.internal.base}/sitemap.xml\n"
        ).encode()
        filler = b"# " + b"x" * 97 + b"\n"
        return rules + filler * ((self.hostile.robots_bytes - len(rules)) // len(filler))

    def flood_index(self) -> str:
        children = "".join(
            f"<sitemap><loc>{self.base}/lu/{n}.xml</loc></sitemap>" for n in range(self.hostile.flood_sitemaps)
        )
        children += f"<sitemap><loc>{self.hostile.internal.base}/lu.xml</loc></sitemap>"
        return (
            '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{self.base}/bai-viet-dtd.xml</loc></sitemap>{children}</sitemapindex>"
        )

    def flood_sitemap(self, sitemap: int) -> str:
        urls = "".join(f"<url><loc>{self.flood_url(sitemap, n)}</loc></url>" for n in range(self.hostile.flood_urls))
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'

    def dtd_sitemap(self) -> str:
        """The honest articles, each <loc> spelled with an entity of the sitemap's own DTD, which also
        declares an external entity and a billion laughs (neither may be resolved)."""
        laughs = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
        urls = "".join(
            f"<url><loc>&site;{self.article_path(n)}</loc><lastmod>&l8;</lastmod></url>" for n in self.newest_first()
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE urlset [<!ENTITY site "{self.base}"><!ENTITY secret SYSTEM "file:///etc/passwd">{laughs}]>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        )

    def takeover_html(self) -> str:
        """A page of the hostile paper claiming to be the honest paper's article, with invented figures."""
        text = story("gia-mao", 7)
        body = "".join(f"<p>{escape(p)}</p>" for p in text.paragraphs)
        return (
            f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(text.title)}</title>'
            f'<link rel="canonical" href="{self.hostile.victim_url}"></head><body><article>'
            f"<h1>{escape(text.title)}</h1><div class='content'>{body}</div></article></body></html>"
        )

    def internal_link_html(self) -> str:
        html = self.article_html(1)
        links = (
            f'<a href="{self.hostile.internal.base}/bi-mat-920003.html">Tài liệu</a>'
            f'<a href="http://{self.hostile.internal.base[7:]}\\@{self.base[7:]}/bi-mat-920004.html">Tài liệu</a>'
        )
        return html.replace("</article>", links + "</article>")


@cache
def bomb(coding: str) -> bytes:
    """50 MB of zeros, deflated (zlib) or gzipped: a few tens of KB on the wire."""
    zeros = b"\0" * 50_000_000
    return zlib.compress(zeros, 9) if coding == "deflate" else gzip.compress(zeros, 9, mtime=0)


class _HostileHandler(_Handler):
    newspaper: HostilePaper  # type: ignore[assignment]

    def route(self, paper: FakeNewspaper) -> int:
        assert isinstance(paper, HostilePaper)
        path = self.path.split("?", 1)[0]
        hostile = paper.hostile
        internal = hostile.internal
        if path == "/robots.txt":
            if not hostile.robots:
                return self.send(404, b"not found", "text/plain")
            return self.send(200, paper.robots_txt(), "text/plain")
        if path == "/sitemap_index.xml":
            return self.send(200, paper.flood_index().encode(), "application/xml")
        if path == "/bai-viet-dtd.xml":
            return self.send(200, paper.dtd_sitemap().encode(), "application/xml")
        if path.startswith("/lu/") and path.endswith(".xml"):
            return self.send(200, paper.flood_sitemap(int(path[4:-4])).encode(), "application/xml")
        if path == ATTACKS["userinfo_redirect"]:
            return self.redirect(302, f"http://{internal.host}:{internal.port}\\@{paper.spec.host}:{paper.port}/x")
        if path == ATTACKS["port_redirect"]:
            return self.redirect(302, f"http://{paper.spec.host}:{internal.port}/bi-mat-920005.html")
        if path == ATTACKS["internal_link"]:
            return self.send(200, paper.internal_link_html().encode(), "text/html; charset=utf-8")
        if path == ATTACKS["canonical_takeover"]:
            return self.send(200, paper.takeover_html().encode(), "text/html; charset=utf-8")
        if path == ATTACKS["syndicated"]:
            return self.send(200, hostile.victim_html.encode(), "text/html; charset=utf-8")
        if path == ATTACKS["trickle_body"]:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            return self.trickle(b"<html><body><p>" + b"x" * 10_000_000)
        if path == ATTACKS["trickle_headers"]:
            return self.trickle(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"y" * 10_000_000)
        if path == ATTACKS["deflate_bomb"]:
            return self.send(200, bomb("deflate"), "text/html", {"Content-Encoding": "deflate"})
        if path == ATTACKS["gzip_bomb"]:
            return self.send(200, bomb("gzip"), "text/html", {"Content-Encoding": "gzip"})
        return super().route(paper)

    def trickle(self, data: bytes) -> int:
        """Send ``data`` one byte at a time until the client hangs up."""
        self.close_connection = True
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(self.newspaper.hostile.trickle_every)
        except OSError:
            pass
        return 200
