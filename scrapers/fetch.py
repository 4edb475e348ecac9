"""Polite HTTP: one request at a time per server, retries with backoff, conditional GET, size cap,
a whole-response deadline, redirects followed by hand so a loop is cut and another origin is refused.

Every URL is checked against the site's origins before it is asked for (the first one, each redirect,
robots.txt and its redirects), read by the parser the HTTP client uses (``scrapers.urls.parse_target``).
Every wait (throttle, backoff, Retry-After) ends at once when the run is asked to stop.

``Fetcher.fetch`` never raises for a network or HTTP problem: the outcome names it (``failure``), so
the run records it and goes on. Every response that came, redirects included, is returned as an
``Exchange`` for the archive; the caller writes them before it does anything else with the page.
"""

from __future__ import annotations

import email.utils
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin

import requests
from urllib3 import BaseHTTPResponse
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import MaxRetryError, ProtocolError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from pipeline.models import FetchedPage
from scrapers.content import BodyError, decode_body, decode_prefix
from scrapers.deadline import Deadline, DeadlineAdapter, Interrupted, wait_or_stop
from scrapers.robots import ROBOTS_MAX_BYTES, RobotsAnswer, RobotsCache, RobotsRules
from scrapers.settings import CrawlSettings
from scrapers.throttle import HostThrottle
from scrapers.urls import SiteScope, Target, parse_target

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
# Every failure a fetch can end with, besides ``http_<status>`` for other error statuses.
FETCH_FAILURES: tuple[str, ...] = (
    "timeout", "connection_reset", "connection_error", "bad_request", "robots", "robots_unreachable", "redirect_loop",
    "redirect_offsite", "offsite", "too_many_redirects", "gone", "rate_limited", "truncated", "broken_gzip",
    "broken_encoding", "too_large", "interrupted",
)  # fmt: skip
# Failures that may heal by themselves: the page stays in the frontier for the next run.
TRANSIENT_FAILURES = frozenset(
    {"timeout", "connection_reset", "connection_error", "truncated", "broken_gzip", "rate_limited", "http_429",
     "http_500", "http_502", "http_503", "http_504", "robots_unreachable"}
)  # fmt: skip
# A body cut short may come whole on a second try; a broken gzip from a cache usually does not.
BODY_RETRY_FAILURES = frozenset({"truncated", "connection_reset", "timeout"})
HTTP_VERSIONS = {10: "HTTP/1.0", 11: "HTTP/1.1", 20: "HTTP/2"}
_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response as they crossed the wire (transfer coding removed)."""

    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    raw_body: bytes  # still content-encoded (gzip ...), as the server sent it
    fetched_at: str
    http_version: str = "HTTP/1.1"
    truncated: str | None = None  # WARC-Truncated: length | time | disconnect

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends back: the ETag and Last-Modified of the stored copy."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What became of one URL: the final page (when a response came) or the failure, and every exchange."""

    url: str
    page: FetchedPage | None = None
    failure: str | None = None
    detail: str = ""
    exchanges: tuple[Exchange, ...] = ()
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None and self.page is not None and self.page.status == 200

    @property
    def not_modified(self) -> bool:
        return self.failure is None and self.page is not None and self.page.status == 304


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class PatientRetry(Retry):
    """urllib3's Retry, but a Retry-After longer than ``retry_after_max`` ends the retries instead of
    coming back earlier than the server asked, and its sleeps end when ``stop`` is set."""

    stop: threading.Event | None = None

    def new(self, **kw: object) -> Self:
        retry = super().new(**kw)
        retry.stop = self.stop
        return retry

    def sleep_for_retry(self, response: BaseHTTPResponse) -> bool:
        wait = self.get_retry_after(response)
        if wait:
            wait_or_stop(self.stop, wait)
            return True
        return False

    def _sleep_backoff(self) -> None:
        wait_or_stop(self.stop, self.get_backoff_time())

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        if response is not None:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                reason = ResponseError(f"Retry-After {wait:.0f} s is beyond patience")
                raise MaxRetryError(_pool, url or "", reason)  # type: ignore[arg-type]
        return super().increment(method, url, response, error, _pool, _stacktrace)


class Fetcher:
    """Fetches politely for every site of a run: robots.txt, per-server throttle, retries, redirect policy."""

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        throttle: HostThrottle | None = None,
        on_robots: Callable[[Exchange], None] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()  # set on SIGTERM: every wait ends, and so does the fetch
        self.throttle = throttle or HostThrottle(self.stop)
        self.robots = RobotsCache(self._robots_answer)
        self._on_robots = on_robots  # robots.txt responses go to the archive too
        self._local = threading.local()

    # ---- public -------------------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        scope: SiteScope | None = None,
        delay: float | None = None,
        validators: Validators | None = None,
        max_bytes: int | None = None,
        site: str | None = None,
    ) -> FetchOutcome:
        """Fetch ``url`` following allowed redirects; the outcome says what happened."""
        try:
            return self._fetch(url, scope, delay, validators, max_bytes or self.settings.max_page_bytes, site)
        except Interrupted:
            return FetchOutcome(url, failure="interrupted", detail="the run was asked to stop")

    def _fetch(
        self, url: str, scope: SiteScope | None, delay: float | None, validators: Validators | None, limit: int,
        site: str | None,
    ) -> FetchOutcome:  # fmt: skip
        exchanges: list[Exchange] = []
        target = parse_target(url)
        if target is None or (scope is not None and not scope.owns_target(target)):
            return FetchOutcome(url, failure="offsite", detail=f"{url} is not one of the site's origins")
        seen = {target.url}
        current = target.url
        for hop in range(self.settings.max_redirects + 1):
            rules = self.robots.rules(current, self._pause(delay, None), scope)
            if rules.unreachable:
                return FetchOutcome(url, failure="robots_unreachable", detail=rules.detail, exchanges=tuple(exchanges))
            if not rules.allows(current):
                return FetchOutcome(url, failure="robots", exchanges=tuple(exchanges))
            extra = validators.headers() if validators and hop == 0 else {}
            exchange, failure, detail = self._exchange(current, extra, self._pause(delay, rules), limit)
            if exchange is not None:
                exchanges.append(exchange)
            if failure is not None or exchange is None:
                return FetchOutcome(url, failure=failure, detail=detail, exchanges=tuple(exchanges))
            location = exchange.header("Location")
            if exchange.status not in REDIRECT_STATUSES or not location:
                return self._final(url, current, exchange, tuple(exchanges), limit, site)
            hop_target = _resolve(current, location)
            if hop_target is None or (scope is not None and not scope.owns_target(hop_target)):
                return FetchOutcome(url, failure="redirect_offsite", detail=location, exchanges=tuple(exchanges))
            if hop_target.url in seen:
                return FetchOutcome(url, failure="redirect_loop", detail=hop_target.url, exchanges=tuple(exchanges))
            seen.add(hop_target.url)
            current = hop_target.url
        return FetchOutcome(url, failure="too_many_redirects", detail=current, exchanges=tuple(exchanges))

    def rules(self, url: str, delay: float | None = None, scope: SiteScope | None = None) -> RobotsRules:
        """robots.txt of ``url``'s server (an unreachable one when the run is stopped meanwhile)."""
        try:
            return self.robots.rules(url, self._pause(delay, None), scope)
        except Interrupted:
            return RobotsRules(parser=None, unreachable=True, detail="the run was asked to stop")

    def crawl_delay(self, rules: RobotsRules) -> float:
        """The Crawl-delay honoured: what robots.txt asks, at most ``max_crawl_delay``."""
        return min(rules.crawl_delay or 0.0, self.settings.max_crawl_delay)

    # ---- internals ----------------------------------------------------------------------------------
    def _pause(self, delay: float | None, rules: RobotsRules | None) -> float:
        pause = self.settings.delay_seconds if delay is None else delay
        return max(pause, self.crawl_delay(rules) if rules else 0.0)

    def _robots_answer(self, robots_url: str, pause: float, scope: SiteScope | None) -> RobotsAnswer:
        """robots.txt of one server: redirects followed within the site's origins, and only its first
        ``ROBOTS_MAX_BYTES`` read (RFC 9309 lets a crawler stop there), so a huge file still has rules."""
        current = robots_url
        for _ in range(self.settings.max_redirects + 1):
            exchange, failure, detail = self._exchange(current, {}, pause, ROBOTS_MAX_BYTES, prefix=True)
            if exchange is None:
                return RobotsAnswer(status=None, detail=detail)
            if self._on_robots is not None:
                self._on_robots(exchange)
            location = exchange.header("Location")
            if exchange.status in REDIRECT_STATUSES and location:
                target = _resolve(current, location)
                if target is None or (scope is not None and not scope.owns_target(target)):
                    return RobotsAnswer(status=None, detail=f"robots.txt redirects off the site, to {location}")
                current = target.url
                continue
            if failure is not None:
                return RobotsAnswer(status=None, detail=detail)
            try:
                data = decode_prefix(exchange.raw_body, exchange.header("Content-Encoding"), ROBOTS_MAX_BYTES)
            except BodyError as error:
                return RobotsAnswer(status=None, detail=str(error))
            if exchange.truncated:
                data = data[: data.rfind(b"\n") + 1]  # rules end at the last whole line of the first 500 KiB
            return RobotsAnswer(status=exchange.status, text=data.decode("utf-8", errors="replace"))
        return RobotsAnswer(status=None, detail="robots.txt redirects too many times")

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self.settings.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                    "Accept-Language": "vi,en;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                }
            )
            retries = self.settings.retries
            retry = PatientRetry(
                total=retries,
                connect=retries,
                read=retries,
                status=retries,
                other=0,
                redirect=False,
                allowed_methods=frozenset({"GET"}),
                status_forcelist=RETRY_STATUSES,
                backoff_factor=self.settings.backoff_factor,
                backoff_max=60,
                raise_on_status=False,
                respect_retry_after_header=True,
                retry_after_max=int(self.settings.max_retry_after),
            )
            retry.stop = self.stop
            adapter = DeadlineAdapter(max_retries=retry, pool_connections=4, pool_maxsize=4)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _exchange(
        self, url: str, extra_headers: dict[str, str], pause: float, limit: int, *, prefix: bool = False
    ) -> tuple[Exchange | None, str | None, str]:
        """One request in this server's turn: the exchange, or why there is none. Errors before the
        headers are retried by urllib3; a body cut short is retried here (same count, same backoff).
        With ``prefix``, a body beyond ``limit`` is cut there and kept, not refused."""
        with self.throttle.turn(url, pause) as turn:
            for attempt in range(self.settings.retries + 1):
                if attempt:
                    wait_or_stop(self.stop, self.settings.backoff_factor * 2 ** (attempt - 1))
                exchange, failure, detail = self._attempt(url, extra_headers, limit, prefix)
                if exchange is None or failure not in BODY_RETRY_FAILURES:
                    break
            if exchange is not None and exchange.status in (429, 503):
                wait = retry_after_seconds(exchange.header("Retry-After"))
                if wait is not None:
                    turn.pause = max(turn.pause, min(wait, self.settings.max_retry_after))
        return exchange, failure, detail

    def _attempt(
        self, url: str, extra_headers: dict[str, str], limit: int, prefix: bool
    ) -> tuple[Exchange | None, str | None, str]:
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        deadline = Deadline(self.settings.max_fetch_seconds)
        with deadline.covering():
            try:
                response = self._session().get(
                    url, headers=extra_headers, stream=True, allow_redirects=False, timeout=timeout
                )
            except requests.exceptions.Timeout as error:
                return None, "timeout", _describe(error)
            except requests.exceptions.ConnectionError as error:
                if deadline.expired:
                    return None, "timeout", f"no whole answer within {self.settings.max_fetch_seconds:g} s"
                return None, _connection_failure(error), _describe(error)
            except requests.exceptions.RequestException as error:
                return None, "bad_request", _describe(error)
            with response:
                body, truncated, failure, detail = self._read_body(response, limit, prefix)
                if deadline.expired:
                    truncated, failure = "time", "timeout"
                    detail = f"the response took more than {self.settings.max_fetch_seconds:g} s"
                raw = response.raw
                exchange = Exchange(
                    url=url,
                    request_headers=(("Host", _netloc(url)), *response.request.headers.items()),
                    status=response.status_code,
                    reason=response.reason or "",
                    headers=tuple((k, v) for k, v in raw.headers.items() if k.lower() != "transfer-encoding"),
                    raw_body=body,
                    fetched_at=fetched_at,
                    http_version=HTTP_VERSIONS.get(getattr(raw, "version", 11), "HTTP/1.1"),
                    truncated=truncated,
                )
        return exchange, failure, detail

    def _read_body(
        self, response: requests.Response, limit: int, prefix: bool
    ) -> tuple[bytes, str | None, str | None, str]:
        """The body as sent (content coding kept), cut at ``limit`` bytes (kept whole up to there with
        ``prefix``, refused as too_large otherwise): (body, WARC-Truncated reason, failure, detail).
        The whole-response deadline is the ``Deadline`` around the request."""
        declared = response.headers.get("Content-Length", "")
        if not prefix and declared.isdigit() and int(declared) > limit:
            return b"", "length", "too_large", f"Content-Length {declared} > {limit}"
        chunks: list[bytes] = []
        size = 0
        try:
            while chunk := response.raw.read(_CHUNK, decode_content=False):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    if prefix:
                        return b"".join(chunks)[:limit], "length", None, ""
                    return b"".join(chunks), "length", "too_large", f"more than {limit} bytes"
        except ReadTimeoutError as error:
            return b"".join(chunks), "time", "timeout", str(error)
        except ProtocolError as error:
            return b"".join(chunks), "disconnect", _protocol_failure(error), str(error)
        except Urllib3Error as error:
            return b"".join(chunks), "disconnect", "truncated", str(error)
        return b"".join(chunks), None, None, ""

    def _final(
        self, url: str, final_url: str, exchange: Exchange, exchanges: tuple[Exchange, ...], limit: int,
        site: str | None,
    ) -> FetchOutcome:  # fmt: skip
        status = exchange.status
        body = b""
        if status == 200:
            try:
                body = decode_body(exchange.raw_body, exchange.header("Content-Encoding"), limit)
            except BodyError as error:
                return FetchOutcome(url, failure=error.reason, detail=str(error), exchanges=exchanges)
        page = FetchedPage(
            url=url,
            status=status,
            body=body,
            headers=exchange.headers,
            final_url=final_url if final_url != url else None,
            fetched_at=exchange.fetched_at,
            site=site,
        )
        if status in (200, 304):
            return FetchOutcome(url, page=page, exchanges=exchanges)
        failure = "gone" if status in GONE_STATUSES else f"http_{status}"
        wait = retry_after_seconds(exchange.header("Retry-After")) if status in (429, 503) else None
        if wait is not None and wait > self.settings.max_retry_after:
            failure = "rate_limited"
        return FetchOutcome(url, page=page, failure=failure, exchanges=exchanges, retry_after=wait)


def _resolve(current: str, location: str) -> Target | None:
    """Where a redirect leads, read by the HTTP client's parser (None: not a plain http(s) URL)."""
    try:
        return parse_target(urljoin(current, location.strip()))
    except ValueError:
        return None


def _netloc(url: str) -> str:
    target = parse_target(url)
    return target.netloc if target is not None else ""


def _connection_failure(error: Exception) -> str:
    text = repr(error).lower()
    if "timed out" in text or "timeout" in text:
        return "timeout"
    if "reset" in text or "aborted" in text or "remotedisconnected" in text or "protocol" in text:
        return "connection_reset"
    return "connection_error"


def _describe(error: Exception) -> str:
    """The innermost reason of a requests error, without the pool's retry wrapper."""
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return str(reason or error)


def _protocol_failure(error: ProtocolError) -> str:
    text = repr(error).lower()
    return "connection_reset" if "reset" in text else "truncated"
