"""Polite defaults of the crawler in one settings object (after Scrapy's ``default_settings``).

Every knob of ``vnie run`` that is not per site lives here, so a deployment changes behaviour in one
place: the ``[settings]`` table of the sites file (``--sites-file``). Per-site delays live in the site
profiles; robots.txt is always obeyed and there is no setting to turn that off.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from pipeline import __version__

CONTACT_URL = "https://github.com/vnie/vnie#the-nightly-run"


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """What a polite nightly crawl may do; the defaults are meant for real newspapers."""

    contact_url: str = CONTACT_URL  # named in the User-Agent so a webmaster can reach us
    delay_seconds: float = 1.0  # between two requests to one host, unless the site or robots.txt asks for more
    connect_timeout: float = 10.0  # seconds to open a connection
    read_timeout: float = 30.0  # seconds of silence while reading a response
    max_fetch_seconds: float = 120.0  # a response trickling in for longer is cut
    retries: int = 3  # further attempts after a timeout, reset, 429 or 5xx
    backoff_factor: float = 1.0  # exponential backoff between attempts, in seconds (when no Retry-After)
    max_retry_after: float = 120.0  # a longer Retry-After stops the site for this run instead of waiting
    max_crawl_delay: float = 30.0  # the longest robots.txt Crawl-delay honoured; a site asking more is alerted
    max_attempts: int = 5  # nights in a row a page may fail transiently before it is given up for good
    max_page_bytes: int = 8_000_000  # a bigger page (after decompression) is refused as too_large
    max_sitemap_bytes: int = 50_000_000  # the sitemap protocol's own limit
    max_redirects: int = 5  # a longer chain is cut as too_many_redirects
    max_pages_per_site: int = 2000  # article fetches per site per run; the rest wait for the next run
    max_new_urls_per_site: int = 20000  # new frontier URLs one site may add per run; discovery stops there, alerted
    max_listing_pages: int = 20  # pages followed through one category's pagination
    db_retry_seconds: float = 30.0  # a database that stops answering is waited for this long, then the run stops
    parallel_sites: int = 4  # sites crawled at once (each site: one request at a time)
    archive_max_bytes: int = 1_000_000_000  # a WARC file is closed and a new one begun beyond this size
    drift_window: int = 10  # recent runs of a site whose median yield a run is compared with
    drift_ratio: float = 0.5  # alert when a yield falls below this share of the recent median
    drift_min_pages: int = 5  # fewer pages fetched than this never raise a drift alert

    @property
    def user_agent(self) -> str:
        return f"vnie/{__version__} (+{self.contact_url})"


DEFAULT_SETTINGS = CrawlSettings()


def setting_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(CrawlSettings))


def settings_from_mapping(data: dict[str, Any], base: CrawlSettings = DEFAULT_SETTINGS) -> CrawlSettings:
    """``base`` with the values of ``data``; an unknown name or a wrong type is a ValueError."""
    known = {f.name: f for f in fields(CrawlSettings)}
    changes: dict[str, Any] = {}
    for name, value in data.items():
        if name not in known:
            raise ValueError(f"unknown setting {name!r} (known: {', '.join(known)})")
        expected = type(getattr(DEFAULT_SETTINGS, name))
        if expected is float and type(value) is int:
            value = float(value)
        if type(value) is not expected:
            raise ValueError(f"setting {name!r} must be of type {expected.__name__}, not {value!r}")
        if isinstance(value, (int, float)) and value < 0:
            raise ValueError(f"setting {name!r} cannot be negative")
        changes[name] = value
    settings = replace(base, **changes)
    for name in ("parallel_sites", "max_attempts"):
        if getattr(settings, name) < 1:
            raise ValueError(f"{name} must be at least 1")
    return settings


def load_settings(path: Path | None) -> CrawlSettings:
    """Settings of the ``[settings]`` table of a sites file (the defaults when absent)."""
    if path is None:
        return DEFAULT_SETTINGS
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table = data.get("settings", {})
    if not isinstance(table, dict):
        raise ValueError("[settings] must be a table")
    return settings_from_mapping(table)
