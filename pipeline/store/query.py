"""Record filters shared by ``vnie records`` and ``vnie export``: checked against what the database holds.

A filter value is matched as written, then ignoring case and diacritics ("thanh hoa" finds
"Thanh Hóa"); a value that matches nothing is refused with the list of valid ones rather than
quietly giving an empty answer. A province is either the one the article names or the province it
belongs to since the 2025 merger: "Hải Phòng" finds the records of Hải Dương too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, Integer, Select, String, and_, cast, or_, select
from sqlalchemy.sql.elements import ColumnElement

from pipeline.models import RATINGS, SUBJECTS
from pipeline.store.schema import (
    REVIEW_STATES,
    StoreError,
    articles,
    facts_view,
    rating_records,
    records_view,
    sites,
)
from pipeline.store.search import strip_accents


class FilterError(StoreError):
    """A filter value the database does not know; the message lists the valid ones."""


@dataclass(frozen=True, slots=True)
class RecordFilter:
    province: str | None = None
    district: str | None = None
    year: int | None = None
    subject: str | None = None
    rating: str | None = None
    site: str | None = None
    since: date | None = None  # articles published on or after this day
    flagged: bool = False  # only records carrying validation flags
    extractor_version: str | None = None  # records of this version instead of each article's current ones
    review: str | None = None  # one of REVIEW_STATES


def select_records(filters: RecordFilter | None = None) -> Select:
    """The records with their article's provenance and review state, as ``RECORD_COLUMNS`` names them.

    Current records come from the ``records`` view (reviews applied, added records included); an
    ``extractor_version`` filter reads that version's rows as extracted instead.
    """
    filters = filters or RecordFilter()
    if filters.extractor_version is not None:
        return _select_version(filters)
    v = records_view.c
    query = select(
        *(v[name] for name in ("id", "scope", "province", "province_2025", "district", "year", "subject", "rating")),
        *(v[name] for name in ("count", "percent", "approx", "total", "evidence")),
        v.evidence_start.label("start"),
        v.evidence_end.label("end"),
        *(v[name] for name in ("url", "site", "title", "published", "extractor_version", "run_id", "confidence")),
        *(v[name] for name in ("flags", "review", "review_id")),
    ).order_by(v.url, v.evidence_start, v.id)
    conditions = _place_conditions(v, filters)  # a ColumnCollection maps names too
    for column, value in ((v.site, filters.site), (v.review, filters.review)):
        if value is not None:
            conditions.append(column == value)
    if filters.since is not None:
        conditions.append(v.published >= filters.since.isoformat())
    if filters.flagged:
        conditions.append(cast(v.flags, String) != "[]")
    return query.where(*conditions)


def _select_version(filters: RecordFilter) -> Select:
    """The rows of one extractor version as extracted (no reviews applied)."""
    from pipeline.store.schema import provinces

    r, a = rating_records.c, articles.c
    query = (
        select(
            *(r[name] for name in ("id", "scope", "province")),
            provinces.c.province_2025,
            *(r[name] for name in ("district", "year", "subject", "rating", "count", "percent", "approx", "total")),
            r.evidence,
            r.evidence_start.label("start"),
            r.evidence_end.label("end"),
            a.url,
            a.site,
            a.title,
            a.published,
            r.extractor_version,
            r.run_id,
            r.confidence,
            r.flags,
            cast(None, String).label("review"),
            cast(None, Integer).label("review_id"),
        )
        .join(articles, a.id == r.article_id)
        .outerjoin(provinces, provinces.c.name == r.province)
        .order_by(a.url, r.evidence_start, r.id)
    )
    place = {name: r[name] for name in ("province", "district", "year", "subject", "rating")}
    place["province_2025"] = provinces.c.province_2025
    conditions = [r.extractor_version == filters.extractor_version, *_place_conditions(place, filters)]
    if filters.site is not None:
        conditions.append(a.site == filters.site)
    if filters.since is not None:
        conditions.append(a.published >= filters.since.isoformat())
    if filters.flagged:
        conditions.append(cast(r.flags, String) != "[]")
    return query.where(*conditions)


def _place_conditions(columns: Any, filters: RecordFilter) -> list[ColumnElement[bool]]:
    """Province (as named or since 2025), district, year, subject, rating; ``columns`` maps the names."""
    conditions: list[ColumnElement[bool]] = []
    if filters.province is not None:
        conditions.append(or_(columns["province"] == filters.province, columns["province_2025"] == filters.province))
    for name in ("district", "year", "subject", "rating"):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(columns[name] == value)
    return conditions


def select_facts(filters: RecordFilter | None = None) -> Select:
    """The facts (one per scope, year, subject and rating) the filters' place, year, subject and rating select."""
    f = facts_view.c
    query = select(facts_view).order_by(f.scope, f.subject, f.rating, f.year)
    return query.where(and_(True, *_place_conditions(f, filters or RecordFilter())))


def resolve_filters(
    engine: Engine,
    *,
    province: str | None = None,
    district: str | None = None,
    year: str | int | None = None,
    subject: str | None = None,
    rating: str | None = None,
    site: str | None = None,
    since: str | None = None,
    flagged: bool = False,
    extractor_version: str | None = None,
    review: str | None = None,
) -> RecordFilter:
    """A ``RecordFilter`` of canonical values, or ``FilterError`` naming the valid ones."""
    with engine.connect() as conn:

        def present(column: ColumnElement[Any], *where: ColumnElement[bool]) -> list[str]:
            values = conn.execute(select(column).where(column.is_not(None), *where).distinct()).scalars()
            return sorted(str(value) for value in values)

        v = records_view.c
        provinces = sorted({*present(v.province), *present(v.province_2025)})
        resolved_province = _pick("province", province, provinces)
        in_province = (
            ()
            if resolved_province is None
            else (or_(v.province == resolved_province, v.province_2025 == resolved_province),)
        )
        return RecordFilter(
            province=resolved_province,
            district=_pick("district", district, present(v.district, *in_province)),
            year=_year(year, present(v.year)),
            subject=_pick("subject", subject, SUBJECTS),
            rating=_pick("rating", rating, RATINGS),
            site=_pick("site", site, sorted({*present(articles.c.site), *present(sites.c.name)})),
            since=_since(since),
            flagged=flagged,
            extractor_version=_pick(
                "extractor version", extractor_version, present(rating_records.c.extractor_version)
            ),
            review=_pick("review state", review, REVIEW_STATES),
        )


def _key(value: str) -> str:
    return " ".join(strip_accents(value).casefold().split())


def _pick(name: str, value: str | None, valid: Iterable[str]) -> str | None:
    if value is None:
        return None
    choices = list(valid)
    if value in choices:
        return value
    matches = [choice for choice in choices if _key(choice) == _key(value)]
    if len(matches) == 1:
        return matches[0]
    raise FilterError(f"unknown {name} {value!r}; {_valid(choices)}")


def _year(value: str | int | None, valid: list[str]) -> int | None:
    if value is None:
        return None
    if str(value).strip() in valid:
        return int(value)
    raise FilterError(f"unknown year {value!r}; {_valid(valid)}")


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FilterError(f"--since wants a date YYYY-MM-DD, not {value!r}") from None


def _valid(choices: list[str]) -> str:
    return "valid: " + ", ".join(choices) if choices else "the database has none yet"
