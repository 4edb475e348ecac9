"""Administrative units before and after the 2025 reform, and the place names host names spell.

Provinces, districts and communes come from underthesea's bundled old-to-new mapping (Apache-2.0):
the units as they stood just before 1 July 2025, and the 34 provinces and their communes after it.
Districts dissolved between 2019 and 2025 are not in it, yet articles of those years name them:
``DISSOLVED_DISTRICTS`` writes them down.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from pipeline.normalize import key

PROVINCE_LEVEL_CITIES = frozenset({"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"})

# Names as analysts know them for the years the articles cover (before the 2025 merger).
PROVINCE_RENAMES = MappingProxyType({"Huế": "Thừa Thiên Huế"})
PROVINCE_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "TP HCM": "Hồ Chí Minh",
        "TPHCM": "Hồ Chí Minh",
        "TP.HCM": "Hồ Chí Minh",
        "TP. HCM": "Hồ Chí Minh",
        "HCM": "Hồ Chí Minh",
        "TP Hồ Chí Minh": "Hồ Chí Minh",
        "TP. Hồ Chí Minh": "Hồ Chí Minh",
        "thành phố Hồ Chí Minh": "Hồ Chí Minh",
        "Sài Gòn": "Hồ Chí Minh",
        "Thừa Thiên - Huế": "Thừa Thiên Huế",
        "Thừa Thiên Huế": "Thừa Thiên Huế",
        "Huế": "Thừa Thiên Huế",
        "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu",
        "Đăk Lăk": "Đắk Lắk",
        "Đắc Lắc": "Đắk Lắk",
        "Đăk Nông": "Đắk Nông",
        "Hoà Bình": "Hòa Bình",
        "Khánh Hoà": "Khánh Hòa",
        "Thanh Hoá": "Thanh Hóa",
    }
)
# Host-name spellings of provinces that are not their plain ASCII name.
PROVINCE_HOST_ALIASES = MappingProxyType(
    {
        "hcm": "Hồ Chí Minh",
        "tphcm": "Hồ Chí Minh",
        "saigon": "Hồ Chí Minh",
        "hue": "Thừa Thiên Huế",
        "brvt": "Bà Rịa - Vũng Tàu",
    }
)

# (province, kind, name) of districts dissolved or merged between 2019 and mid-2025.
DISSOLVED_DISTRICTS: tuple[tuple[str, str, str], ...] = (
    ("Thanh Hóa", "huyện", "Đông Sơn"),
    ("Thanh Hóa", "huyện", "Tĩnh Gia"),
    ("Quảng Ninh", "huyện", "Hoành Bồ"),
    ("Cao Bằng", "huyện", "Thông Nông"),
    ("Cao Bằng", "huyện", "Trà Lĩnh"),
    ("Cao Bằng", "huyện", "Quảng Uyên"),
    ("Cao Bằng", "huyện", "Phục Hòa"),
    ("Hồ Chí Minh", "quận", "2"),
    ("Hồ Chí Minh", "quận", "9"),
    ("Nam Định", "huyện", "Mỹ Lộc"),
    ("Ninh Bình", "thành phố", "Ninh Bình"),
    ("Bắc Giang", "huyện", "Việt Yên"),
    ("Thừa Thiên Huế", "thành phố", "Huế"),
    ("Hà Giang", "huyện", "Quản Bạ"),
)

DISTRICT_KINDS = ("huyện", "quận", "thị xã", "thành phố")
COMMUNE_KINDS = ("xã", "phường", "thị trấn")
PROVINCE_KINDS = ("tỉnh", "thành phố")


@dataclass(frozen=True, slots=True)
class Unit:
    """One administrative unit; ``district`` and ``province`` name the units above it."""

    name: str
    kind: str
    province: str
    district: str | None = None


def ascii_slug(text: str) -> str:
    """ "Hữu Lũng" -> "huulung": how place names appear in host names."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return re.sub(r"[^a-z0-9]", "", "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower())


def _split_kind(full: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    lowered = full.lower()
    for kind in sorted(kinds, key=len, reverse=True):
        if lowered.startswith(kind + " "):
            return kind, full[len(kind) + 1 :].strip()
    return "", full.strip()


@dataclass(frozen=True, slots=True)
class Gazetteer:
    provinces: MappingProxyType[str, str]  # key -> canonical short name
    districts: MappingProxyType[str, tuple[Unit, ...]]  # key of name -> units
    communes: MappingProxyType[str, tuple[Unit, ...]]
    first_words: frozenset[str] = frozenset()  # the first folded syllable of every name: a cheap "could start one"

    def province(self, name: str) -> str | None:
        return self.provinces.get(key(name))

    def district_units(self, name: str, province: str | None = None) -> tuple[Unit, ...]:
        units = self.districts.get(key(name), ())
        return tuple(u for u in units if province is None or u.province == province) if province else units

    def commune_units(self, name: str, province: str | None = None) -> tuple[Unit, ...]:
        units = self.communes.get(key(name), ())
        return tuple(u for u in units if u.province == province) if province else units

    def is_place(self, name: str) -> bool:
        folded = key(name)
        return folded in self.provinces or folded in self.districts or folded in self.communes


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The units, loaded once per process from underthesea's mapping plus our supplement."""
    data = json.loads(_mapping_path().read_text(encoding="utf-8"))
    provinces: dict[str, str] = {}
    for info in (*data["old_province_names"].values(), *data["province_names"].values()):
        short = PROVINCE_RENAMES.get(info["short"], info["short"])
        provinces[key(info["short"])] = short
        provinces[key(info["name"])] = short
    for alias, name in PROVINCE_ALIASES.items():
        provinces[key(alias)] = name
    districts: dict[str, set[Unit]] = {}
    communes: dict[str, set[Unit]] = {}
    for row in data["ward_mapping"]:
        province = PROVINCE_RENAMES.get(_short_province(row["old_province"]), _short_province(row["old_province"]))
        district_kind, district = _split_kind(row["old_district"], DISTRICT_KINDS)
        if district:
            districts.setdefault(key(district), set()).add(Unit(district, district_kind, province))
        commune_kind, commune = _split_kind(row["old_ward"], COMMUNE_KINDS)
        if commune:
            communes.setdefault(key(commune), set()).add(Unit(commune, commune_kind, province, district))
        # The communes after 1 July 2025 belong to a province directly (no district level any more).
        new_kind, new_commune = _split_kind(row["new_ward"], (*COMMUNE_KINDS, "đặc khu"))
        if new_commune:
            new_province = _short_province(row["new_province"])
            communes.setdefault(key(new_commune), set()).add(Unit(new_commune, new_kind, new_province))
    for province, kind, name in DISSOLVED_DISTRICTS:
        districts.setdefault(key(name), set()).add(Unit(name, kind, province))
    first_words = frozenset(name.split()[0] for name in (*provinces, *districts, *communes) if name)
    return Gazetteer(
        provinces=MappingProxyType(provinces),
        districts=MappingProxyType({k: tuple(sorted(v, key=_unit_order)) for k, v in districts.items()}),
        communes=MappingProxyType({k: tuple(sorted(v, key=_unit_order)) for k, v in communes.items()}),
        first_words=first_words,
    )


def _mapping_path() -> Path:
    """underthesea's mapping file, found without importing the package (its import is slow)."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("underthesea is not installed: it ships the administrative units vnie needs")
    return Path(next(iter(spec.submodule_search_locations))) / "address" / "data" / "mapping.json"


def _unit_order(unit: Unit) -> tuple[str, str, str]:
    return (unit.province, unit.kind, unit.district or "")


def _short_province(full: str) -> str:
    return _split_kind(full, PROVINCE_KINDS)[1]


@lru_cache(maxsize=1)
def _host_index() -> tuple[dict[str, str], dict[str, tuple[Unit, ...]]]:
    places = gazetteer()
    provinces = {ascii_slug(name): name for name in set(places.provinces.values())}
    provinces.update(PROVINCE_HOST_ALIASES)
    districts: dict[str, list[Unit]] = {}
    for units in places.districts.values():
        for unit in units:
            if not unit.name.isdigit():
                districts.setdefault(ascii_slug(unit.name), []).append(unit)
    return provinces, {slug: tuple(units) for slug, units in districts.items()}


def places_in_host(host: str) -> tuple[str | None, str | None]:
    """(province, district) that a host name spells, e.g. huulung.langson.gov.vn -> (Lạng Sơn, Hữu Lũng).

    A province slug may stand anywhere in a label ("baothanhhoa"); a district slug must be a whole
    label or end or start one ("vaithieuthanhha"). A district named like its province counts only
    with a city marker ("backancity"). Ambiguous districts give no province.
    """
    provinces, districts = _host_index()
    labels = [label for label in host.lower().split(".") if label not in ("www", "m", "beta", "amp")]
    province, province_slug = None, ""
    for label in labels:
        for slug, name in provinces.items():
            if slug in label and len(slug) > len(province_slug) and (len(slug) >= 5 or label == slug):
                province, province_slug = name, slug
    district_units: tuple[Unit, ...] = ()
    best = 0
    for label in labels:
        for slug, units in districts.items():
            if len(slug) < 5 or len(slug) <= best:
                continue
            if slug == province_slug and not label.endswith(("city", "tp")) and not label.startswith("tp"):
                continue
            if label == slug or (len(slug) >= 6 and (label.endswith(slug) or label.startswith(slug))):
                district_units, best = units, len(slug)
    if not district_units:
        return province, None
    if province:
        in_province = tuple(unit for unit in district_units if unit.province == province)
        return province, (in_province[0].name if in_province else None)
    provinces_of_district = {unit.province for unit in district_units}
    only = next(iter(provinces_of_district)) if len(provinces_of_district) == 1 else None
    return only, district_units[0].name


_PORTAL_SUFFIXES = (".gov.vn", ".dcs.vn")


def commune_in_host(host: str, province: str | None, district: str | None) -> Unit | None:
    """The commune a commune portal's host spells before its district: vinhchanh.thoaison.angiang.gov.vn.

    Only government and party portals, only the label right before the district's, and only a commune
    of that district (before 2025) or of that province (after it).
    """
    host = host.lower()
    if district is None or not host.endswith(_PORTAL_SUFFIXES):
        return None
    labels = host.split(".")
    district_slug = ascii_slug(district)
    if district_slug not in labels or labels.index(district_slug) == 0:
        return None
    label = labels[labels.index(district_slug) - 1]
    for unit in _commune_slugs().get(label, ()):
        if unit.district == district or (unit.district is None and unit.province == province):
            return unit
    return None


@lru_cache(maxsize=1)
def _commune_slugs() -> dict[str, tuple[Unit, ...]]:
    slugs: dict[str, list[Unit]] = {}
    for units in gazetteer().communes.values():
        for unit in units:
            slugs.setdefault(ascii_slug(unit.name), []).append(unit)
    return {slug: tuple(units) for slug, units in slugs.items()}


_SLUG_UNITS = {"huyen": "huyện", "quan": "quận", "thi-xa": "thị xã", "thanh-pho": "thành phố", "tp": "thành phố"}


def district_in_path(path: str, province: str | None) -> tuple[str | None, str | None]:
    """(province, district) a URL path's slug spells with its unit word: ".../quan-go-vap-tong-ket..." -> Gò Vấp.

    The slug of a headline keeps its unit words ("huyen-", "quan-", "thi-xa-", "thanh-pho-"), so a
    district named after one is read from it; a district of another province than the site's is not.
    """
    words = re.findall(r"[a-z0-9]+", path.lower())
    _provinces, districts = _host_index()
    for index in range(len(words)):
        unit = _SLUG_UNITS.get(words[index]) or _SLUG_UNITS.get("-".join(words[index : index + 2]))
        if unit is None:
            continue
        start = index + (1 if words[index] in _SLUG_UNITS else 2)
        for size in (4, 3, 2, 1):
            units = districts.get("".join(words[start : start + size]), ())
            matching = [u for u in units if u.kind == unit and (province is None or u.province == province)]
            if len({u.province for u in matching}) == 1:
                return matching[0].province, matching[0].name
    return None, None
