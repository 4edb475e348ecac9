"""Build ``sample-pages.warc.gz``, the archive ``vnie demo`` replays, from the pages in ``pages/``.

The pages were written by the vnie authors (real district names, invented figures) in the layouts of
provincial party newspapers and district portals: six newspapers of built-in site profiles, five
evaluated years each (2019-2023), more Thanh Hóa districts, a page without figures, Báo Nghệ An's
Nam Đàn 2021 article copied by the district's portal (a syndicated copy: same prose, another host)
and Can Lộc's portal stating one 2022 figure differently from Báo Hà Tĩnh (a conflict), and Yên Định
2022 with a misprinted percent (the validator flags it). They go
through the same WARC writer as a nightly run, as if fetched: robots.txt, the RSS feed and a
category page of Báo Thanh Hóa (listings, never stored as articles), then every article, gzip-encoded
as servers send them, in the order they were published. Run after editing a page:

    .venv/bin/python data/demo/build_archive.py
"""

from __future__ import annotations

import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from pipeline.models import serving_profile  # noqa: E402
from scrapers.archive import WarcArchive  # noqa: E402
from scrapers.fetch import Exchange  # noqa: E402
from scrapers.settings import DEFAULT_SETTINGS  # noqa: E402
from scrapers.sites import builtin_profiles  # noqa: E402

ARCHIVE = HERE / "sample-pages.warc.gz"
PAGES = HERE / "pages"
HTML = "text/html; charset=utf-8"
FETCHED = "2025-01-23T01:{minute:02d}:{second:02d}+00:00"

# (file in pages/, URL it stands for, why it was fetched, Content-Type): the listings come first.
LISTINGS: tuple[tuple[str, str, str, str], ...] = (
    ("robots.txt", "https://baothanhhoa.vn/robots.txt", "robots", "text/plain"),
    ("rss.xml", "https://baothanhhoa.vn/rss/xay-dung-dang.rss", "listing", "application/rss+xml"),
    ("xay-dung-dang.html", "https://baothanhhoa.vn/xay-dung-dang", "listing", HTML),
)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_PUBLISHED = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def canonical_url(html: str) -> str:
    """An article's URL is the one its page declares (``<link rel="canonical">``)."""
    found = _CANONICAL.search(html)
    assert found, "every sample article declares its URL"
    return found.group(1)


def articles() -> list[tuple[str, str, str]]:
    """(file name, URL, site or '' for a host without a profile) of every article, oldest first."""
    listed = {name for name, *_ in LISTINGS}
    found = []
    for path in sorted(PAGES.glob("*.html")):
        if path.name in listed:
            continue
        html = path.read_text(encoding="utf-8")
        published = _PUBLISHED.search(html)
        url = canonical_url(html)
        profile = serving_profile(url, builtin_profiles())
        found.append((published.group(1) if published else "", path.name, url, profile.name if profile else ""))
    return [(name, url, site) for _published, name, url, site in sorted(found)]


def _exchange(url: str, body: bytes, content_type: str, number: int, *, gzipped: bool) -> Exchange:
    headers = [("Content-Type", content_type)]
    if gzipped:
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
    headers.append(("Content-Length", str(len(body))))
    request = (
        ("Host", url.split("/")[2]),
        ("User-Agent", DEFAULT_SETTINGS.user_agent),
        ("Accept-Encoding", "gzip, deflate"),
    )
    when = FETCHED.format(minute=number // 60, second=number % 60)
    return Exchange(url, request, 200, "OK", tuple(headers), body, when)


def exchanges() -> list[tuple[Exchange, str, str | None]]:
    """The pages as (exchange, role, site), listings first, then the articles in the order published."""
    made: list[tuple[Exchange, str, str | None]] = []
    for name, url, role, content_type in LISTINGS:
        made.append(
            (_exchange(url, (PAGES / name).read_bytes(), content_type, len(made), gzipped=False), role, "baothanhhoa")
        )
    for name, url, site in articles():
        exchange = _exchange(url, (PAGES / name).read_bytes(), HTML, len(made), gzipped=True)
        made.append((exchange, "article", site or None))
    return made


def build(target: Path = ARCHIVE) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        with WarcArchive(Path(folder), max_bytes=100_000_000, run_id="demo-pages", operator="vnie authors") as archive:
            for exchange, role, site in exchanges():
                archive.write(exchange, role=role, site=site)
        (written,) = Path(folder).rglob("*.warc.gz")
        shutil.move(written, target)
    return target


if __name__ == "__main__":
    print(build())
