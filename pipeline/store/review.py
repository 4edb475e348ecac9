"""The review loop: analysts confirm, reject, correct or add records; their word outlives re-processing.

A review never edits an extracted row. It is a row of ``reviews`` keyed by the article's URL and the
evidence text (with the reviewed record's subject and rating to tell apart two records of one span),
so it survives ``vnie reprocess`` and extractor upgrades, which replace record ids. Each time an
article is saved, ``relink`` matches its reviews to the new records: the same evidence first, then
an evidence that contains or lies inside the reviewed one with the same subject and rating. A review
whose evidence no longer exists in the article is ``orphaned`` and reported, never dropped. The
``records`` view applies the latest review of each record; the ``facts`` view leaves out rejected ones.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from pipeline.models import APPROX_VALUES, RATINGS, SUBJECTS
from pipeline.store.schema import (
    REVIEW_ACTIONS,
    REVIEW_VALUES,
    StoreError,
    articles,
    rating_records,
    records_view,
    reviews,
)

log = logging.getLogger("vnie.store")


class ReviewError(StoreError):
    """A review that cannot be recorded as asked (message for people)."""


@dataclass(frozen=True, slots=True)
class Orphan:
    """A review whose record can no longer be found, and why."""

    review_id: int
    article_url: str
    evidence: str
    action: str
    note: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_values(engine: Engine, record_id: int) -> dict[str, Any]:
    """The record as shown (its latest review applied), or ``ReviewError`` when there is none."""
    with engine.connect() as conn:
        row = conn.execute(select(records_view).where(records_view.c.id == record_id)).mappings().first()
    if row is None:
        raise ReviewError(f"there is no current record {record_id}")
    return dict(row)


def checked_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` (REVIEW_VALUES) typed and checked as the schema wants them; ``ReviewError`` says what is wrong."""
    unknown = sorted(set(values) - set(REVIEW_VALUES))
    if unknown:
        raise ReviewError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(REVIEW_VALUES)}")
    typed: dict[str, Any] = {}
    for name, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            typed[name] = None
            continue
        try:
            if name in ("year", "count", "total"):
                typed[name] = int(str(value).strip())
            elif name == "percent":
                typed[name] = float(str(value).strip().replace(",", "."))
            else:
                typed[name] = " ".join(str(value).split())
        except ValueError:
            raise ReviewError(f"{name} wants a number, not {value!r}") from None
    problems = []
    if typed.get("subject") is not None and typed["subject"] not in SUBJECTS:
        problems.append(f"subject must be one of: {'; '.join(SUBJECTS)}")
    if typed.get("rating") is not None and typed["rating"] not in RATINGS:
        problems.append(f"rating must be one of: {'; '.join(RATINGS)}")
    if typed.get("approx") is not None and typed["approx"] not in APPROX_VALUES:
        problems.append(f"approx must be one of: {', '.join(APPROX_VALUES)}")
    percent = typed.get("percent")
    if percent is not None and not (math.isfinite(percent) and 0 <= percent <= 100):
        problems.append("percent must be between 0 and 100")
    for name in ("count", "total"):
        if typed.get(name) is not None and not 0 <= typed[name] < 2**63:
            problems.append(f"{name} must be 0 or more")
    if typed.get("year") is not None and not 1900 <= typed["year"] <= 2100:
        problems.append("year must be between 1900 and 2100")
    if problems:
        raise ReviewError("; ".join(problems))
    return typed


def review_record(
    engine: Engine,
    record_id: int,
    action: str,
    *,
    reviewer: str,
    reason: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> int:
    """Confirm, reject or correct the current record ``record_id``; returns the review id."""
    if action not in ("confirm", "reject", "correct"):
        raise ReviewError(f"unknown action {action!r}; valid: confirm, reject, correct")
    if not reviewer.strip():
        raise ReviewError("a review needs a reviewer name")
    if action in ("reject", "correct") and not (reason or "").strip():
        raise ReviewError(f"{action} needs a reason (why)")
    shown = record_values(engine, record_id)
    before = {name: shown[name] for name in REVIEW_VALUES}
    after = dict(before)
    if action == "correct":
        fixed = checked_values(changes or {})
        if not fixed:
            raise ReviewError("correct needs at least one field to change (e.g. count=29)")
        after.update(fixed)
        if after == before:
            raise ReviewError("the correction changes nothing: the record already says so")
        for name in ("subject", "rating"):
            if after[name] is None:
                raise ReviewError(f"a record needs a {name}")
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(reviews)
                .values(
                    article_url=shown["url"],
                    evidence=shown["evidence"],
                    action=action,
                    **after,
                    reason=(reason or "").strip() or None,
                    reviewer=reviewer.strip(),
                    reviewed_at=_now(),
                    before=before,
                    record_id=record_id,
                    evidence_start=shown["evidence_start"],
                    evidence_end=shown["evidence_end"],
                    status="linked",
                )
                .returning(reviews.c.id)
            ).scalar_one()
        )


def add_record(
    engine: Engine,
    article_id: int,
    *,
    evidence: str,
    values: Mapping[str, Any],
    reviewer: str,
    reason: str | None = None,
) -> int:
    """Add a record the extractor missed, stated by ``evidence`` (a span of the article text)."""
    if not reviewer.strip():
        raise ReviewError("a review needs a reviewer name")
    if not (reason or "").strip():
        raise ReviewError("add needs a reason (why the extractor's reading missed it)")
    typed = checked_values(values)
    for name in ("subject", "rating"):
        if typed.get(name) is None:
            raise ReviewError(f"an added record needs a {name}")
    if typed.get("count") is None and typed.get("percent") is None:
        raise ReviewError("an added record needs a count or a percent")
    evidence = evidence.strip()
    with engine.connect() as conn:
        article = conn.execute(select(articles.c.url, articles.c.text).where(articles.c.id == article_id)).first()
    if article is None:
        raise ReviewError(f"there is no article {article_id}")
    start = (article.text or "").find(evidence) if evidence else -1
    if start < 0:
        raise ReviewError("the evidence must be a span of the article text, copied as it is written")
    row = {name: typed.get(name) for name in REVIEW_VALUES}
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(reviews)
                .values(
                    article_url=article.url,
                    evidence=evidence,
                    action="add",
                    **row,
                    reason=(reason or "").strip(),
                    reviewer=reviewer.strip(),
                    reviewed_at=_now(),
                    before=None,
                    record_id=None,
                    evidence_start=start,
                    evidence_end=start + len(evidence),
                    status="linked",
                )
                .returning(reviews.c.id)
            ).scalar_one()
        )


def withdraw_added(engine: Engine, review_id: int, *, reviewer: str, reason: str) -> int:
    """Withdraw a record an analyst added (a reject of its span)."""
    with engine.connect() as conn:
        added = conn.execute(select(reviews).where(reviews.c.id == review_id)).mappings().first()
    if added is None or added["action"] != "add":
        raise ReviewError(f"review {review_id} did not add a record")
    if not reason.strip():
        raise ReviewError("reject needs a reason (why)")
    with engine.begin() as conn:
        values = {name: added[name] for name in REVIEW_VALUES}
        return int(
            conn.execute(
                insert(reviews)
                .values(
                    article_url=added["article_url"],
                    evidence=added["evidence"],
                    action="reject",
                    **values,
                    reason=reason.strip(),
                    reviewer=reviewer.strip(),
                    reviewed_at=_now(),
                    before=values,
                    record_id=None,
                    status="linked",
                )
                .returning(reviews.c.id)
            ).scalar_one()
        )


def relink(conn: Connection, article_id: int, url: str, text: str) -> list[Orphan]:
    """Match the article's reviews to its current records (inside the save's transaction)."""
    query = select(reviews).where(reviews.c.article_url == url).order_by(reviews.c.id)
    rows = [dict(row) for row in conn.execute(query).mappings()]
    if not rows:
        return []
    version = conn.execute(select(articles.c.extractor_version).where(articles.c.id == article_id)).scalar_one()
    records = [
        dict(row)
        for row in conn.execute(
            select(rating_records).where(
                rating_records.c.article_id == article_id, rating_records.c.extractor_version == version
            )
        ).mappings()
    ]
    orphans = []
    for review in rows:
        if review["action"] == "add":
            found = text.find(review["evidence"])
            values: dict[str, Any] = (
                {"record_id": None, "status": "linked", "status_note": None, "evidence_start": found,
                 "evidence_end": found + len(review["evidence"])}
                if found >= 0
                else {"record_id": None, "status": "orphaned", "status_note": _vanished(review, text)}
            )  # fmt: skip
        elif review["record_id"] is None and review["action"] == "reject" and review["evidence"] in text:
            values = {"status": "linked", "status_note": None}  # the withdrawal of an added record
        else:
            match = match_record(review, records)
            values = (
                {"record_id": match["id"], "status": "linked", "status_note": None,
                 "evidence_start": match["evidence_start"], "evidence_end": match["evidence_end"]}
                if match is not None
                else {"record_id": None, "status": "orphaned", "status_note": _vanished(review, text)}
            )  # fmt: skip
        changed = {name: value for name, value in values.items() if review[name] != value}
        if changed:
            conn.execute(update(reviews).where(reviews.c.id == review["id"]).values(**changed))
        if values["status"] == "orphaned":
            orphan = Orphan(review["id"], url, review["evidence"], review["action"], str(values["status_note"]))
            orphans.append(orphan)
            if review["status"] != "orphaned":
                log.warning(
                    "review %d of %s (%s) lost its record: %s", orphan.review_id, url, orphan.action, orphan.note
                )
    return orphans


def match_record(review: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The current record a review speaks of: see the module docstring."""
    before = review["before"] or {}
    identity = (before.get("subject"), before.get("rating"))

    def same_identity(record: Mapping[str, Any]) -> bool:
        return (record["subject"], record["rating"]) == identity

    evidence = review["evidence"]
    exact = [record for record in records if record["evidence"] == evidence]
    if exact:
        return next((record for record in exact if same_identity(record)), exact[0] if len(exact) == 1 else None)
    overlapping = [
        record
        for record in records
        if same_identity(record) and (evidence in record["evidence"] or record["evidence"] in evidence)
    ]
    if not overlapping:
        return None
    return min(overlapping, key=lambda record: abs(len(record["evidence"]) - len(evidence)))


def _vanished(review: Mapping[str, Any], text: str) -> str:
    if review["evidence"] not in text:
        return "its evidence is no longer in the article text"
    return "no current record states its evidence (the extractor no longer reads it)"


def orphaned(engine: Engine) -> list[Orphan]:
    """Every review whose record could not be found at the article's last save."""
    with engine.connect() as conn:
        rows = conn.execute(select(reviews).where(reviews.c.status == "orphaned").order_by(reviews.c.id)).mappings()
        return [
            Orphan(row["id"], row["article_url"], row["evidence"], row["action"], row["status_note"] or "")
            for row in rows
        ]


def unreviewed_ids(engine: Engine, article_id: int) -> list[int]:
    """The current records of an article nobody reviewed yet."""
    with engine.connect() as conn:
        query = select(records_view.c.id).where(
            records_view.c.article_id == article_id, records_view.c.review == "unreviewed"
        )
        return [int(value) for value in conn.execute(query.order_by(records_view.c.id)).scalars()]


def list_reviews(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(reviews).order_by(reviews.c.id)).mappings()]


__all__ = [
    "REVIEW_ACTIONS",
    "GoldExport",
    "Orphan",
    "ReviewError",
    "add_record",
    "checked_values",
    "gold_export",
    "list_reviews",
    "match_record",
    "orphaned",
    "record_values",
    "relink",
    "review_record",
    "unreviewed_ids",
    "withdraw_added",
]


@dataclass(frozen=True, slots=True)
class GoldExport:
    """Gold lines (``gold/FORMAT.md``) of the reviewed articles, and the articles left out with why."""

    lines: tuple[dict[str, Any], ...]
    skipped: tuple[tuple[str, str], ...]  # (article url, why)


GOLD_FIELDS = ("scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total")


def gold_export(engine: Engine, *, include_unreviewed: bool = False) -> GoldExport:
    """Every article with a review, as a gold line: its records as reviewed (rejected ones left out, added
    ones in). An article with records nobody reviewed is left out unless ``include_unreviewed``: a gold
    line claims every record of its text, so unchecked extractor output would grade the extractor by itself."""
    from pipeline.store.schema import article_organizations, organizations

    with engine.connect() as conn:
        urls = list(conn.execute(select(reviews.c.article_url).distinct().order_by(reviews.c.article_url)).scalars())
        lines, skipped = [], []
        for url in urls:
            article = conn.execute(select(articles).where(articles.c.url == url)).mappings().first()
            if article is None:
                skipped.append((url, "the article is no longer stored"))
                continue
            rows = list(
                conn.execute(
                    select(records_view)
                    .where(records_view.c.article_id == article["id"])
                    .order_by(records_view.c.evidence_start, records_view.c.id)
                ).mappings()
            )
            states = [row["review"] for row in rows]
            unreviewed = states.count("unreviewed")
            if unreviewed and not include_unreviewed:
                skipped.append((url, f"{unreviewed} of its {len(rows)} records are not reviewed yet"))
                continue
            names = conn.execute(
                select(organizations.c.name)
                .join(article_organizations, article_organizations.c.organization_id == organizations.c.id)
                .where(article_organizations.c.article_id == article["id"])
                .order_by(organizations.c.name)
            ).scalars()
            counts = ", ".join(f"{states.count(state)} {state}" for state in sorted(set(states)))
            lines.append(
                {
                    "id": f"{article['site'] or 'article'}-{article['id']}",
                    "url": url,
                    "published": (article["published"] or "")[:10] or None,
                    "text": article["text"],
                    "organizations": list(names),
                    "records": [
                        {name: row[name] for name in GOLD_FIELDS} | {"evidence": row["evidence"]}
                        for row in rows
                        if row["review"] != "rejected"
                    ],
                    "notes": f"vnie review export-gold: records {counts}; organizations as extracted (not reviewed)",
                }
            )
    return GoldExport(tuple(lines), tuple(skipped))
