"""Build ``sample-pages.warc.gz``, the archive ``vnie demo`` replays, from the pages in ``pages/``.

The pages were written by the vnie authors (real Thanh Hóa district names, invented figures), in the
layout of a provincial party newspaper. They go through the same WARC writer as a nightly run, as if
fetched: robots.txt, the RSS feed and a category page (listings, never stored as articles), then the
articles, gzip-encoded as servers send them. Run after editing a page:

    .venv/bin/python data/demo/build_archive.py
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from scrapers.archive import WarcArchive  # noqa: E402
from scrapers.fetch import Exchange  # noqa: E402
from scrapers.settings import DEFAULT_SETTINGS  # noqa: E402

ARCHIVE = HERE / "sample-pages.warc.gz"
SITE = "baothanhhoa"
BASE = "https://baothanhhoa.vn"
HTML = "text/html; charset=utf-8"

# (file in pages/, URL it stands for, why it was fetched, Content-Type, when)
PAGES: tuple[tuple[str, str, str, str, str], ...] = (
    ("robots.txt", f"{BASE}/robots.txt", "robots", "text/plain", "2025-01-23T01:00:00+00:00"),
    ("rss.xml", f"{BASE}/rss/xay-dung-dang.rss", "listing", "application/rss+xml", "2025-01-23T01:00:01+00:00"),
    ("xay-dung-dang.html", f"{BASE}/xay-dung-dang", "listing", HTML, "2025-01-23T01:00:02+00:00"),
    ("dong-son-2023.html", "", "article", HTML, "2025-01-23T01:00:03+00:00"),
    ("hoang-hoa-2022.html", "", "article", HTML, "2025-01-23T01:00:04+00:00"),
    ("nga-son-2024.html", "", "article", HTML, "2025-01-23T01:00:05+00:00"),
    ("tho-xuan-2021.html", "", "article", HTML, "2025-01-23T01:00:06+00:00"),
    ("quang-xuong-2020.html", "", "article", HTML, "2025-01-23T01:00:07+00:00"),
    ("thieu-hoa-lua.html", "", "article", HTML, "2025-01-23T01:00:08+00:00"),
)


def canonical_url(html: str) -> str:
    """An article's URL is the one its page declares (``<link rel="canonical">``)."""
    marker = '<link rel="canonical" href="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def exchanges() -> list[tuple[Exchange, str]]:
    """The pages as (exchange, role), in the order of ``PAGES``."""
    made = []
    for name, url, role, content_type, when in PAGES:
        body = (HERE / "pages" / name).read_bytes()
        url = url or canonical_url(body.decode("utf-8"))
        headers = [("Content-Type", content_type)]
        if role == "article":
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        headers.append(("Content-Length", str(len(body))))
        request = (
            ("Host", url.split("/")[2]),
            ("User-Agent", DEFAULT_SETTINGS.user_agent),
            ("Accept-Encoding", "gzip, deflate"),
        )
        made.append((Exchange(url, request, 200, "OK", tuple(headers), body, when), role))
    return made


def build(target: Path = ARCHIVE) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        with WarcArchive(Path(folder), max_bytes=100_000_000, run_id="demo-pages", operator="vnie authors") as archive:
            for exchange, role in exchanges():
                archive.write(exchange, role=role, site=SITE)
        (written,) = Path(folder).rglob("*.warc.gz")
        shutil.move(written, target)
    return target


if __name__ == "__main__":
    print(build())
