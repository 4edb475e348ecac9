"""Record filters shared by ``vnie records`` and ``vnie export``: checked against what the database holds.

A filter value is matched as written, then ignoring case and diacritics ("thanh hoa" finds
"Thanh Hóa"); a value that matches nothing is refused with the list of valid ones rather than
quietly giving an empty answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, String, cast, select
from sqlalchemy.sql.elements import ColumnElement

from pipeline.models import RATINGS, SUBJECTS
from pipeline.store.schema import StoreError, articles, rating_records, sites
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


def select_records(filters: RecordFilter | None = None) -> Select:
    """The records with their article's provenance, as ``RECORD_COLUMNS`` names them."""
    filters = filters or RecordFilter()
    r, a = rating_records.c, articles.c
    query = (
        select(
            r.id,
            r.scope,
            r.province,
            r.district,
            r.year,
            r.subject,
            r.rating,
            r.count,
            r.percent,
            r.approx,
            r.total,
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
        )
        .join(articles, a.id == r.article_id)
        .order_by(a.url, r.evidence_start, r.id)
    )
    conditions: list[ColumnElement[bool]] = []
    if filters.extractor_version is not None:
        conditions.append(r.extractor_version == filters.extractor_version)
    else:
        conditions.append(r.extractor_version == a.extractor_version)
    for column, value in (
        (r.province, filters.province),
        (r.district, filters.district),
        (r.year, filters.year),
        (r.subject, filters.subject),
        (r.rating, filters.rating),
        (a.site, filters.site),
    ):
        if value is not None:
            conditions.append(column == value)
    if filters.since is not None:
        conditions.append(a.published >= filters.since.isoformat())
    if filters.flagged:
        conditions.append(cast(r.flags, String) != "[]")
    return query.where(*conditions)


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
) -> RecordFilter:
    """A ``RecordFilter`` of canonical values, or ``FilterError`` naming the valid ones."""
    with engine.connect() as conn:

        def present(column: ColumnElement[Any], *where: ColumnElement[bool]) -> list[str]:
            values = conn.execute(select(column).where(column.is_not(None), *where).distinct()).scalars()
            return sorted(str(value) for value in values)

        r = rating_records.c
        resolved_province = _pick("province", province, present(r.province))
        in_province = () if resolved_province is None else (r.province == resolved_province,)
        return RecordFilter(
            province=resolved_province,
            district=_pick("district", district, present(r.district, *in_province)),
            year=_year(year, present(r.year)),
            subject=_pick("subject", subject, SUBJECTS),
            rating=_pick("rating", rating, RATINGS),
            site=_pick("site", site, sorted({*present(articles.c.site), *present(sites.c.name)})),
            since=_since(since),
            flagged=flagged,
            extractor_version=_pick("extractor version", extractor_version, present(r.extractor_version)),
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
