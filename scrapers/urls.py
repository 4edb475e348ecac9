"""URL canonicalization and the hosts a site may be fetched from.

Two spellings of one page must become one frontier entry: scheme and host case, default ports,
tracking parameters, parameter order and fragments never make a different article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

from pipeline.models import SiteProfile
from scrapers.vocabulary import TRACKING_PARAMS, TRACKING_PREFIXES

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical form of ``url`` (resolved against ``base``), or None when it is not http(s)."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _ESCAPE.sub(lambda m: m.group(0).upper(), quote(parts.path or "/", safe=_PATH_SAFE))
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)),
        doseq=False,
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def host_key(url: str) -> str:
    """The unit of politeness: one server, i.e. host and port."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


@dataclass(frozen=True, slots=True)
class SiteScope:
    """Which URLs belong to one newspaper: its base URL's server and its domains (with aliases)."""

    profile: SiteProfile

    @property
    def base(self) -> str:
        return canonicalize(self.profile.base_url) or self.profile.base_url

    def owns(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            return False
        if host_key(url) == host_key(self.base):
            return True
        return self.profile.serves(parts.hostname)

    def canonical(self, url: str, base: str | None = None) -> str | None:
        """Canonical form of a link found on the site; http links of an https site become https."""
        found = canonicalize(url, base or self.base)
        if found is None:
            return None
        if found.startswith("http://") and self.base.startswith("https://") and urlsplit(found).port is None:
            upgraded = "https://" + found.removeprefix("http://")
            return upgraded if self.owns(upgraded) else found
        return found
