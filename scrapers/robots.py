"""robots.txt, read once per server per run with Protego and obeyed (RFC 9309).

A missing robots.txt (4xx) allows everything; one that cannot be read (5xx, network failure) allows
nothing for this run, as the RFC asks: an overloaded server must not be crawled harder.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from protego import Protego

from scrapers.urls import SiteScope, host_key

ROBOTS_PRODUCT = "vnie"  # the token matched against User-agent lines
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 2.5: crawlers must read at least 500 KiB; we read that much


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What fetching robots.txt gave: the status (None when no response came) and the text."""

    status: int | None
    text: str = ""
    detail: str = ""  # why no answer came


@dataclass(frozen=True, slots=True)
class RobotsRules:
    parser: Protego | None
    unreachable: bool = False
    detail: str = ""

    def allows(self, url: str) -> bool:
        if self.unreachable:
            return False
        return self.parser is None or bool(self.parser.can_fetch(url, ROBOTS_PRODUCT))

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(ROBOTS_PRODUCT)
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> tuple[str, ...]:
        return tuple(self.parser.sitemaps) if self.parser is not None else ()


def rules_of(answer: RobotsAnswer) -> RobotsRules:
    if answer.status is None or answer.status >= 500 or answer.status == 429:
        return RobotsRules(parser=None, unreachable=True, detail=answer.detail or f"HTTP {answer.status}")
    if answer.status >= 400:
        return RobotsRules(parser=None)
    return RobotsRules(parser=Protego.parse(answer.text))


class RobotsCache:
    """The rules of each server, fetched on first use through ``fetch(robots_url, pause, scope)``."""

    def __init__(self, fetch: Callable[[str, float, SiteScope | None], RobotsAnswer]) -> None:
        self._fetch = fetch
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, url: str, pause: float, scope: SiteScope | None = None) -> RobotsRules:
        """The rules for ``url``'s server; ``pause`` is the site's delay after fetching robots.txt, and
        its redirects stay within ``scope``."""
        key = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._rules:
                self._rules[key] = rules_of(self._fetch(key + "/robots.txt", pause, scope))
            return self._rules[key]
