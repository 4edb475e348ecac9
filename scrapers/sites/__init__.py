"""Site profiles: one TOML data file per newspaper in this folder.

A profile gives what discovery and cleaning need to know about one newspaper: domains, province,
feeds, sitemaps, category pages, a polite delay and, where known, article selectors. A redesign adds
a dated layout version instead of editing the old one, so archived pages keep parsing. A profile
without selectors falls back to the generic cleaner. The same format is accepted by
``vnie run --sites-file`` and merged over the built-in profiles.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PROFILE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Selectors:
    """CSS selectors of one layout; empty fields fall back to the generic cleaner."""

    title: str | None = None
    sapo: str | None = None
    body: str | None = None
    author: str | None = None
    published: str | None = None
    tags: str | None = None
    remove: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LayoutVersion:
    since: str  # ISO date the layout was first seen
    selectors: Selectors
    note: str = ""
    unconfirmed: bool = False  # selectors from one weak source or inferred: verify against archived HTML
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteProfile:
    name: str
    domain: str
    newspaper: str = ""
    province: str | None = None
    base_url: str = ""
    aliases: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    delay_seconds: float | None = None
    article_pattern: str | None = None  # regex: which links of a category page are articles
    versions: tuple[LayoutVersion, ...] = ()
    unconfirmed: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def domains(self) -> tuple[str, ...]:
        return (self.domain, *self.aliases)

    def serves(self, host: str) -> bool:
        host = host.lower().removeprefix("www.")
        return any(host == d or host.endswith("." + d) for d in (d.lower().removeprefix("www.") for d in self.domains))


def profile_from_dict(data: dict[str, Any]) -> SiteProfile:
    """A profile from one ``[[site]]`` table (or a whole profile file)."""
    versions = tuple(
        LayoutVersion(
            since=str(version.get("since", "")),
            selectors=Selectors(
                **{k: v for k, v in version.items() if k in Selectors.__slots__ and k != "remove"},
                remove=tuple(version.get("remove", ())),
            ),
            note=str(version.get("note", "")),
            unconfirmed=bool(version.get("unconfirmed", False)),
            sources=tuple(version.get("sources", ())),
        )
        for version in data.get("layout", data.get("versions", ()))
    )
    known = {"name", "domain", "newspaper", "province", "base_url", "aliases", "feeds", "sitemaps", "categories",
             "delay_seconds", "article_pattern", "unconfirmed", "sources"}  # fmt: skip
    domain = str(data["domain"])
    return SiteProfile(
        name=str(data.get("name") or domain),
        domain=domain,
        newspaper=str(data.get("newspaper", "")),
        province=data.get("province"),
        base_url=str(data.get("base_url") or f"https://{domain}"),
        aliases=tuple(data.get("aliases", ())),
        feeds=tuple(data.get("feeds", ())),
        sitemaps=tuple(data.get("sitemaps", ())),
        categories=tuple(data.get("categories", ())),
        delay_seconds=data.get("delay_seconds"),
        article_pattern=data.get("article_pattern"),
        versions=versions,
        unconfirmed=tuple(data.get("unconfirmed", ())),
        sources=tuple(data.get("sources", ())),
        extra={k: v for k, v in data.items() if k not in known and k not in ("layout", "versions")},
    )


def load_profiles(path: Path) -> tuple[SiteProfile, ...]:
    """Profiles of one TOML file: either one profile at the top level or a list of ``[[site]]``."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if "site" in data:
        return tuple(profile_from_dict(item) for item in data["site"])
    return (profile_from_dict(data),)


@lru_cache(maxsize=1)
def builtin_profiles() -> tuple[SiteProfile, ...]:
    profiles: list[SiteProfile] = []
    for path in sorted(PROFILE_DIR.glob("*.toml")):
        profiles.extend(load_profiles(path))
    return tuple(profiles)


def profile_for(url_or_host: str, profiles: tuple[SiteProfile, ...] | None = None) -> SiteProfile | None:
    """The profile serving a URL or host name, if any."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    if not host:
        return None
    for profile in profiles if profiles is not None else builtin_profiles():
        if profile.serves(host):
            return profile
    return None
