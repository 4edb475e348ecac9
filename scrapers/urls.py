"""URL canonicalization and the origins a site may be fetched from.

Every URL is read once, by urllib3's ``parse_url``: the parser ``requests`` itself uses to decide where
to connect. A URL that Python's ``urlsplit`` and the HTTP client would read differently
(``http://127.0.0.1:9\\@site.vn/`` connects to 127.0.0.1:9) is therefore judged by the host the
client would really reach. URLs with userinfo are refused outright.

Two spellings of one page must become one frontier entry: scheme and host case, default ports,
tracking parameters, parameter order and fragments never make a different article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from pipeline.models import SiteProfile
from scrapers.vocabulary import TRACKING_PARAMS, TRACKING_PREFIXES

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


@dataclass(frozen=True, slots=True)
class Target:
    """An http(s) URL as the HTTP client reads it: where it connects (scheme, host, port) and what it asks."""

    scheme: str
    host: str  # lower case, IDNA (ASCII), no trailing dot; an IPv6 address keeps its brackets
    port: int  # the effective port (80 or 443 when none is written)
    path: str
    query: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)

    @property
    def netloc(self) -> str:
        return self.host if self.port == _DEFAULT_PORTS[self.scheme] else f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.path}" + (f"?{self.query}" if self.query else "")


def parse_target(url: str) -> Target | None:
    """``url`` read as the HTTP client reads it; None unless it is http(s) with a host and no userinfo."""
    try:
        parts = parse_url(url.strip())
    except (LocationParseError, ValueError):
        return None
    scheme = (parts.scheme or "").lower()
    host = (parts.host or "").rstrip(".").lower()
    if scheme not in _DEFAULT_PORTS or not host or parts.auth is not None:
        return None
    try:
        host = host if host.startswith("[") else host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return Target(scheme, host, parts.port or _DEFAULT_PORTS[scheme], parts.path or "/", parts.query or "")


def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None when it is not a plain http(s) URL."""
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    target = parse_target(url)
    if target is None:
        return None
    path = _ESCAPE.sub(lambda m: m.group(0).upper(), quote(target.path, safe=_PATH_SAFE))
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(target.query, keep_blank_values=True) if not _is_tracking(k)),
        doseq=False,
    )
    return Target(target.scheme, target.host, target.port, path, query).url


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def host_key(url: str) -> str:
    """The unit of politeness: one server, i.e. scheme, host and port."""
    target = parse_target(url)
    return f"{target.scheme}://{target.netloc}" if target is not None else url


@dataclass(frozen=True, slots=True)
class SiteScope:
    """Which URLs belong to one newspaper: the origin of its base URL, and its domains (with aliases and
    subdomains) on the default ports, or on the base URL's own port when it names one."""

    profile: SiteProfile

    @property
    def base(self) -> str:
        return canonicalize(self.profile.base_url) or self.profile.base_url

    def owns(self, url: str) -> bool:
        """Whether fetching ``url`` reaches one of the site's own origins (scheme, host and port)."""
        target = parse_target(url)
        return target is not None and self.owns_target(target)

    def owns_target(self, target: Target) -> bool:
        base = parse_target(self.profile.base_url)
        if base is not None and target.origin == base.origin:
            return True
        if not self.profile.serves(target.host):
            return False
        ports = {_DEFAULT_PORTS[target.scheme]}
        if base is not None and base.port != _DEFAULT_PORTS[base.scheme]:
            ports.add(base.port)
        return target.port in ports

    def canonical(self, url: str, base: str | None = None) -> str | None:
        """Canonical form of a link found on the site; http links of an https site become https."""
        found = canonicalize(url, base or self.base)
        if found is None:
            return None
        if found.startswith("http://") and self.base.startswith("https://"):
            target = parse_target(found)
            if target is not None and target.port == 80:
                upgraded = Target("https", target.host, 443, target.path, target.query)
                return upgraded.url if self.owns_target(upgraded) else found
        return found


def page_identity(canonical: str | None, fetched: str, site: SiteProfile | None) -> str:
    """The URL that names a fetched page: its canonical URL when that lies within the fetching site's own
    origins (the fetched URL's own host when no site is known), else the fetched URL. So a page cannot
    claim another site's article, and a syndicated copy stays an article of the site that published it."""
    if not canonical:
        return fetched
    if site is not None:
        return canonical if SiteScope(site).owns(canonical) else fetched
    named, here = parse_target(canonical), parse_target(fetched)
    same = named is not None and here is not None and named.origin == here.origin
    return canonical if same else fetched
