"""Typed, frozen records that cross module boundaries.

The data flow is ``FetchedPage -> Article -> ExtractionResult``; every stage is a plain function of
one of these, so the same code runs in a loop, a process pool or a distributed engine.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

SUBJECTS: tuple[str, ...] = (
    "tổ chức cơ sở đảng",
    "đảng viên",
    "chi bộ",
    "tập thể lãnh đạo, quản lý",
    "cán bộ lãnh đạo, quản lý",
    "cơ quan, đơn vị",
    "cán bộ, công chức, viên chức",
)

RATINGS: tuple[str, ...] = (
    "hoàn thành xuất sắc nhiệm vụ",
    "hoàn thành tốt nhiệm vụ",
    "hoàn thành nhiệm vụ",
    "không hoàn thành nhiệm vụ",
    "hoàn thành tốt nhiệm vụ trở lên",
    "trong sạch vững mạnh",
    "trong sạch vững mạnh tiêu biểu",
    "yếu kém",
    "được đánh giá",
)

APPROX_VALUES: tuple[str, ...] = ("over", "under", "about")


# --- fast_init: a faster __init__ for frozen, slotted dataclasses (the same objects built) ------------
# A frozen dataclass's generated __init__ sets each field through object.__setattr__, a slow generic
# call; extraction builds about a hundred such records per article (terms, figures, bodies, records),
# so that call was a measurable part of its time. fast_init gives the class an __init__ with the same
# signature and defaults that writes each slot through its descriptor. Everything else (equality,
# hashing, replace, the frozen __setattr__, pickling) is the dataclass's own.

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Decorate a ``@dataclass(frozen=True, slots=True)`` class (above the dataclass decorator)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: fast_init is for frozen, slotted dataclasses")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: fast_init does not run __post_init__")
    members = dataclasses.fields(cls)  # type: ignore[arg-type]
    plain = (m.init and not m.kw_only and m.default_factory is dataclasses.MISSING for m in members)
    if not all(plain):
        raise TypeError(f"{cls.__name__}: fast_init takes positional fields with plain defaults only")
    signature = inspect.signature(cls.__init__)
    namespace: dict[str, Any] = {}
    arguments = ["self"]
    for parameter in list(signature.parameters.values())[1:]:
        if parameter.default is inspect.Parameter.empty:
            arguments.append(parameter.name)
        else:
            namespace[f"_default_{parameter.name}"] = parameter.default
            arguments.append(f"{parameter.name}=_default_{parameter.name}")
    lines = []
    for member in members:
        namespace[f"_set_{member.name}"] = cls.__dict__[member.name].__set__
        lines.append(f"    _set_{member.name}(self, {member.name})")
    exec(f"def __init__({', '.join(arguments)}):\n" + "\n".join(lines or ["    pass"]), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class InputError(Exception):
    """An input that cannot be processed, with the reason in words (the other inputs go on)."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """One HTTP response as archived: the raw bytes are the source of truth."""

    url: str
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    final_url: str | None = None
    fetched_at: str | None = None
    site: str | None = None

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Article:
    """What a reader sees of one page: the input of extraction."""

    body: str
    title: str = ""
    sapo: str = ""
    url: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    source: str | None = None

    @property
    def text(self) -> str:
        """Title, sapo and body as one text: the sapo often carries the totals."""
        return "\n\n".join(part for part in (self.title, self.sapo, self.body) if part.strip())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data


@fast_init
@dataclass(frozen=True, slots=True)
class RatingRecord:
    """One rating statistic, in the fields of ``gold/FORMAT.md`` plus provenance of the evidence."""

    subject: str
    rating: str
    count: int | None
    percent: float | None
    evidence: str
    scope: str | None = None
    province: str | None = None
    district: str | None = None
    year: int | None = None
    approx: str | None = None
    total: int | None = None
    start: int = 0
    end: int = 0
    confidence: float = 1.0
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "province": self.province,
            "district": self.district,
            "year": self.year,
            "subject": self.subject,
            "rating": self.rating,
            "count": self.count,
            "percent": self.percent,
            "approx": self.approx,
            "total": self.total,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class ExtractionResult:
    """Everything extraction found in one article."""

    records: tuple[RatingRecord, ...] = ()
    organizations: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    text: str = field(default="", repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": [record.to_dict() for record in self.records],
            "organizations": list(self.organizations),
        }


# --- Site profiles: loaded from scrapers/sites/*.toml, applied by the cleaner and extraction ----------


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


def serving_profile(url_or_host: str, profiles: Sequence[SiteProfile]) -> SiteProfile | None:
    """The first of ``profiles`` serving a URL or host name, if any."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host
    if not host:
        return None
    for profile in profiles:
        if profile.serves(host):
            return profile
    return None
