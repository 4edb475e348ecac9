"""What an article's provenance tells about its figures: the site's province and district, the date.

A provincial newspaper's figures are about its province unless the text says otherwise, a district
or commune portal's host name often spells its unit ("huulung.langson.gov.vn"), and an article's
URL often spells its headline, unit words included (".../huyen-kim-son-tong-ket-...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from pipeline.models import SiteProfile

_YEAR_IN_URL = re.compile(r"(?:^|[-_/])nam[-_]?((?:19|20)\d{2})(?=$|[-_/.])")


@dataclass(frozen=True, slots=True)
class DocContext:
    url: str | None = None
    host: str | None = None
    site: str | None = None
    published: str | None = None
    province: str | None = None
    district: str | None = None
    url_year: int | None = None
    commune: str | None = None  # "xã Vĩnh Chánh": the commune a commune portal's host spells

    @property
    def published_year(self) -> int | None:
        if self.published and re.match(r"\d{4}", self.published):
            return int(self.published[:4])
        return None

    @classmethod
    def build(cls, *, url: str | None, published: str | None, site: SiteProfile | None = None) -> DocContext:
        """``site`` is the publishing newspaper's profile: its province outranks the host's spelling."""
        try:
            urlsplit(url or "").hostname  # noqa: B018 - "http://[::1" raises here: such a URL tells nothing
        except ValueError:
            url = None
        host = (urlsplit(url).hostname or None) if url and "//" in url else None
        province = district = None
        if host:
            province, district = _places_of_host(host)
        if site is not None and site.province:
            province = site.province
        if url and district is None:  # the headline's slug: ".../quan-go-vap-tong-ket-..."
            path_province, district = _district_in_path(urlsplit(url).path, province)
            province = province or path_province
        commune = _commune_of_host(host, province, district) if host else None
        url_year = None
        if url:
            found = _YEAR_IN_URL.search(urlsplit(url).path.lower())
            url_year = int(found.group(1)) if found else None
        return cls(url, host, site.name if site is not None else host, published, province, district, url_year,
                   commune)  # fmt: skip


@lru_cache(maxsize=4096)
def _district_in_path(path: str, province: str | None) -> tuple[str | None, str | None]:
    from pipeline.extract.gazetteer import district_in_path

    return district_in_path(path, province)


@lru_cache(maxsize=4096)
def _commune_of_host(host: str, province: str | None, district: str | None) -> str | None:
    from pipeline.extract.gazetteer import commune_in_host

    unit = commune_in_host(host, province, district)
    return f"{unit.kind} {unit.name}" if unit is not None else None


@lru_cache(maxsize=4096)
def _places_of_host(host: str) -> tuple[str | None, str | None]:
    """(province, district) a host name spells ("huulung.langson.gov.vn")."""
    from pipeline.extract.gazetteer import places_in_host

    return places_in_host(host)
