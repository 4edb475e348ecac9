"""What re-processing an article changed: old and new records paired into added, removed and changed.

Records equal in every value are unchanged (they keep their id and run). The rest are paired by
identity — the same scope, place, year, subject and rating — in evidence order: a pair is a change
(e.g. a corrected count), an old one left over was removed, a new one left over was added.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

# The stored values of a record that extraction decides (not its id, run or version).
VALUE_FIELDS: tuple[str, ...] = (
    "scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total",
    "evidence", "evidence_start", "evidence_end", "confidence", "flags",
)  # fmt: skip
IDENTITY_FIELDS: tuple[str, ...] = ("scope", "province", "district", "year", "subject", "rating")

Row = Mapping[str, Any]
AnyRow = TypeVar("AnyRow", bound=Row)


@dataclass(frozen=True, slots=True)
class RecordChange:
    change: str  # added | removed | changed
    before: Row | None
    after: Row | None


@dataclass(frozen=True, slots=True)
class RecordDiff:
    unchanged: tuple[tuple[Row, Row], ...] = ()
    changes: tuple[RecordChange, ...] = field(default=())

    def of(self, kind: str) -> list[RecordChange]:
        return [change for change in self.changes if change.change == kind]


def values(row: Row) -> tuple[Any, ...]:
    return tuple(tuple(row[name] or ()) if name == "flags" else row[name] for name in VALUE_FIELDS)


def diff_records(before: Sequence[Row], after: Sequence[Row]) -> RecordDiff:
    """Pair ``before`` (stored rows) with ``after`` (new rows); see the module docstring."""
    waiting: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in in_evidence_order(before):
        waiting[values(row)].append(row)
    unchanged: list[tuple[Row, Row]] = []
    fresh: list[Row] = []
    for row in in_evidence_order(after):
        same = waiting.get(values(row))
        if same:
            unchanged.append((same.pop(0), row))
        else:
            fresh.append(row)
    gone = [row for rows in waiting.values() for row in rows]

    by_identity: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in in_evidence_order(gone):
        by_identity[_identity(row)].append(row)
    changes: list[RecordChange] = []
    for row in fresh:
        old = by_identity.get(_identity(row))
        changes.append(RecordChange("changed", old.pop(0), row) if old else RecordChange("added", None, row))
    changes.extend(RecordChange("removed", row, None) for rows in by_identity.values() for row in rows)
    return RecordDiff(tuple(unchanged), tuple(changes))


def _identity(row: Row) -> tuple[Any, ...]:
    return tuple(row[name] for name in IDENTITY_FIELDS)


def in_evidence_order(rows: Sequence[AnyRow]) -> list[AnyRow]:
    """Rows by their evidence span: the order records are paired in and new records get their ids in."""
    return sorted(rows, key=lambda row: (row["evidence_start"], row["evidence_end"]))
