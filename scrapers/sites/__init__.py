"""Site profiles: one TOML data file per newspaper in this folder.

A profile gives what discovery and cleaning need to know about one newspaper: domains, province,
feeds, sitemaps, category pages, a polite delay and, where known, article selectors. A redesign adds
a dated layout version instead of editing the old one, so archived pages keep parsing. A profile
without selectors falls back to the generic cleaner (and says so in ``selectors``). The built-in
profiles cover the 63 pre-2025 provincial party newspapers of ``../shared/sites/REGISTRY.md``; each
says what became of its province and paper in the 2025 reform (``province_2025``, ``paper_2025``).
The same format is accepted by ``vnie run --sites-file`` and merged over the built-in profiles.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.models import LayoutVersion, Selectors, SiteProfile, serving_profile

PROFILE_DIR = Path(__file__).resolve().parent


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


def profile_for(url_or_host: str | None, profiles: tuple[SiteProfile, ...] | None = None) -> SiteProfile | None:
    """The profile serving a URL or host name, if any (the built-in profiles unless others are given)."""
    if not url_or_host:
        return None
    return serving_profile(url_or_host, profiles if profiles is not None else builtin_profiles())


@dataclass(frozen=True, slots=True)
class Coverage:
    """How the nightly run finds and reads one paper's articles."""

    feeds: int
    categories: int
    selectors: int  # dated layout versions
    province_2025: str | None
    paper_2025: str | None

    @property
    def generic_only(self) -> bool:
        """No selectors: the generic cleaner reads every page."""
        return self.selectors == 0

    @property
    def summary(self) -> str:
        counts = (("feed", self.feeds), ("categories", self.categories), ("selectors", self.selectors))
        found = [name for name, count in counts if count]
        return ", ".join(found) + ("; generic only" if self.generic_only else "") if found else "generic only"


def coverage(profile: SiteProfile) -> Coverage:
    extra = profile.extra or {}
    return Coverage(
        feeds=len(profile.feeds),
        categories=len(profile.categories),
        selectors=len(profile.versions),
        province_2025=extra.get("province_2025"),
        paper_2025=extra.get("paper_2025"),
    )
