"""Consistency checks on the records of one article -> flags and a confidence.

Checks: a count above its total, a percent that disagrees with count/total, shares of one subject
summing past 100 (or far below it when every level is given), a year after publication. Records
stating the same thing twice are merged; the same statement with two different values in one
sentence cannot be read either way and is left out (with a document flag saying so), unless the
values are out of different totals (a breakdown by groups).
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from pipeline.extract.vocabulary import EVALUATED, HTNV, HTT, HTT_UP, HTXS, KHT, TSVM, YEU_KEM
from pipeline.models import RatingRecord
from pipeline.normalize import key

# Levels that do not overlap: their counts add up to at most the total, their shares to 100.
DISJOINT_SCHEMES = ((HTXS, HTT, HTNV, KHT), (TSVM, HTT, HTNV, YEU_KEM))
PERCENT_SLACK = 1.5
SUM_SLACK = 0.5  # rounding in shares that add up to 100


def _identity(record: RatingRecord) -> tuple[str, int | None, str, str]:
    return (key(record.scope or ""), record.year, record.subject, record.rating)


def _statement(record: RatingRecord) -> tuple[object, ...]:
    return (record.year, record.subject, record.rating, record.count, record.percent, record.approx)


def _other_group(left: RatingRecord, right: RatingRecord) -> bool:
    """Two figures of one statement out of different totals are a breakdown by groups (11/20 of
    the departments, 2/11 of the public-service units), not two readings of one figure."""
    return left.total is not None and right.total is not None and left.total != right.total


def _compatible(left: RatingRecord, right: RatingRecord) -> bool:
    if _other_group(left, right):
        return False  # 7/20 departments and 7/12 districts: the same count of two groups
    counts_agree = left.count is None or right.count is None or left.count == right.count
    percents_agree = left.percent is None or right.percent is None or abs(left.percent - right.percent) < 0.06
    return counts_agree and percents_agree and (left.count == right.count or left.percent == right.percent)


def _fullness(record: RatingRecord) -> int:
    return sum(value is not None for value in (record.count, record.percent, record.total, record.approx))


def merge_duplicates(
    records: Sequence[RatingRecord], sentence_of: Sequence[int], groups: Sequence[str | None] | None = None
) -> tuple[list[RatingRecord], list[str]]:
    """Merge repeated statements; drop pairs that contradict each other within one sentence.

    Each record meets the first earlier one of its identity that either states the same value
    (merged: the fuller one stays) or, in the same sentence, another value (both left out). The
    earlier records are looked up by value and by sentence, so long texts stay linear.
    """
    kept: list[tuple[RatingRecord, int]] = []
    dropped: set[int] = set()
    flags: list[str] = []
    by_value: dict[tuple[object, ...], list[int]] = defaultdict(list)  # (identity, "count"/"percent", value)
    by_sentence: dict[tuple[object, ...], list[int]] = defaultdict(list)  # (identity, sentence)

    def remember(index: int, record: RatingRecord, sentence: int) -> None:
        identity = _identity(record)
        for bucket in (
            by_value[(identity, "count", record.count)] if record.count is not None else None,
            by_value[(identity, "percent", record.percent)] if record.percent is not None else None,
            by_sentence[(identity, sentence)],
        ):
            if bucket is not None and index not in bucket:
                insort(bucket, index)

    by_statement: dict[tuple[object, ...], int] = {}  # the same figure, whatever its scope -> first kept
    group_of: dict[int, str | None] = {}  # kept index -> the group its statement names (see Draft.group)
    named_groups = list(groups) if groups is not None else [None] * len(records)

    for record, sentence, group in zip(records, sentence_of, named_groups, strict=True):
        identity = _identity(record)
        statement = _statement(record)
        repeated = by_statement.get(statement)
        if repeated is not None and repeated not in dropped:
            other, other_sentence = kept[repeated]
            told_again = other_sentence == 0 or key(other.evidence) == key(record.evidence)
            if told_again and other_sentence != sentence and not _other_group(other, record):
                # The headline's figure told again in the body, or the same words twice: one record,
                # about what the first statement is about, in the body's words.
                kept[repeated] = (replace(record, scope=other.scope, province=other.province,
                                          district=other.district), sentence)  # fmt: skip
                continue
        candidates = []
        for value_key in ((identity, "count", record.count), (identity, "percent", record.percent)):
            if value_key[2] is not None:
                first = next((i for i in by_value.get(value_key, ()) if i not in dropped
                              and _compatible(kept[i][0], record)), None)  # fmt: skip
                if first is not None:
                    candidates.append(first)
        clash = next((i for i in by_sentence.get((identity, sentence), ()) if i not in dropped
                      and not _compatible(kept[i][0], record)
                      and not _other_group(kept[i][0], record)
                      and not (group and group_of.get(i) and group != group_of[i])), None)  # fmt: skip
        if clash is not None:
            candidates.append(clash)
        if not candidates:
            remember(len(kept), record, sentence)
            by_statement.setdefault(statement, len(kept))
            group_of[len(kept)] = group
            kept.append((record, sentence))
            continue
        index = min(candidates)
        other, _ = kept[index]
        if _compatible(other, record):
            if _fullness(record) > _fullness(other):
                kept[index] = (record, sentence)
                remember(index, record, sentence)
        else:
            dropped.add(index)
            flags.append(f"ambiguous: two values for {record.subject} / {record.rating} in one sentence")
    return [record for index, (record, _) in enumerate(kept) if index not in dropped], flags


def read_inclusive_shares(records: Sequence[RatingRecord]) -> list[RatingRecord]:
    """A "hoàn thành tốt nhiệm vụ" figure that, with the other levels of the same subject, scope and
    year, adds up past the whole only because the "xuất sắc" one is inside it is "hoàn thành tốt
    nhiệm vụ trở lên": shares past 100% (100% tốt and 15% xuất sắc; 66,5% tốt + 25,8% + 0,9% = the
    93,2% evaluated, beside 19,6% xuất sắc), or counts past the stated total (40 tốt and 12 xuất sắc
    of 48)."""
    groups: dict[tuple[str, int | None, str], list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        if record.rating in DISJOINT_SCHEMES[0]:
            groups[(key(record.scope or ""), record.year, record.subject)].append(index)
    inclusive: set[int] = set()
    for members in groups.values():
        by_rating: dict[str, list[int]] = defaultdict(list)
        for index in members:
            by_rating[records[index].rating].append(index)
        if any(len(indices) > 1 for indices in by_rating.values()) or not (HTT in by_rating and HTXS in by_rating):
            continue
        chosen = {rating: records[indices[0]] for rating, indices in by_rating.items()}
        if all(r.percent is not None for r in (chosen[HTT], chosen[HTXS])):
            values = {rating: r.percent for rating, r in chosen.items() if r.percent is not None}
            whole: float | None = 100 + SUM_SLACK
        else:
            values = {rating: float(r.count) for rating, r in chosen.items() if r.count is not None}
            totals = {r.total for r in chosen.values() if r.total}
            whole = float(totals.pop()) if len(totals) == 1 and HTT in values and HTXS in values else None
        if whole is None:
            continue
        added = sum(values.values())
        if added > whole and added - values[HTXS] <= whole:
            inclusive.add(by_rating[HTT][0])
    return [replace(r, rating=HTT_UP) if i in inclusive else r for i, r in enumerate(records)]


def check(records: Sequence[RatingRecord], published_year: int | None) -> list[RatingRecord]:
    """Each record with its validation flags and a confidence."""
    groups: dict[tuple[str, int | None, str], list[RatingRecord]] = defaultdict(list)
    for record in records:
        groups[(key(record.scope or ""), record.year, record.subject)].append(record)
    group_flags: dict[tuple[str, int | None, str], set[str]] = {}
    evaluated: dict[tuple[str, int | None, str], list[int]] = {}
    for group_key, members in groups.items():
        group_flags[group_key] = _group_flags(members)
        evaluated[group_key] = [m.count for m in members if m.rating == EVALUATED and m.count]
    checked = []
    for record in records:
        flags = set(record.flags) | group_flags[(key(record.scope or ""), record.year, record.subject)]
        if record.count is not None and record.total is not None and record.count > record.total:
            flags.add("count_exceeds_total")
        if _percent_disagrees(record, evaluated[(key(record.scope or ""), record.year, record.subject)]):
            flags.add("percent_disagrees_with_count_and_total")
        if published_year is not None and record.year is not None and record.year > published_year:
            flags.add("year_after_publication")
        confidence = max(0.05, round(record.confidence - 0.1 * len(flags), 2))
        sorted_flags = tuple(sorted(flags))
        unchanged = sorted_flags == record.flags and confidence == record.confidence  # replace() is slow
        checked.append(record if unchanged else replace(record, flags=sorted_flags, confidence=confidence))
    return checked


def _percent_disagrees(record: RatingRecord, evaluated: list[int]) -> bool:
    """A percent agreeing with neither count/total nor count/(number evaluated)."""
    if record.count is None or record.percent is None or not record.total:
        return False
    denominators = [record.total, *evaluated]
    return all(abs(record.count / d * 100 - record.percent) > PERCENT_SLACK for d in denominators if d)


def _group_flags(members: list[RatingRecord]) -> set[str]:
    flags: set[str] = set()
    for scheme in DISJOINT_SCHEMES:
        chosen = [m for m in members if m.rating in scheme]
        if len({m.rating for m in chosen}) < 2:
            continue
        total = next((m.total for m in chosen if m.total), None)
        counts = [m.count for m in chosen if m.count is not None]
        if total and sum(counts) > total:
            flags.add("counts_exceed_total")
        percents = [m.percent for m in chosen if m.percent is not None]
        if sum(percents) > 100.5:
            flags.add("shares_exceed_100")
        if len({m.rating for m in chosen if m.percent is not None}) == len(scheme) and sum(percents) < 95:
            flags.add("shares_far_below_100")
    return flags
