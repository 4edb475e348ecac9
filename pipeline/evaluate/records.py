"""Scoring extraction against gold data, by the rules of ``gold/FORMAT.md``.

A predicted record matches a gold record when subject and rating are equal, count is equal (or
both null) and percent is within 0.051 (or both null); each gold record is matched at most once.
Scope, year and total are field accuracies over matched pairs; organizations match after NFC,
case folding and collapsing spaces.

Every error has a class (``ERROR_CLASSES``), counted so the largest shows first: a gold record and
a predicted one stating the same figure but another subject or rating are one ``subject`` or
``rating`` error, not a miss and a spurious record. Folds (``in_fold``) split the gold by a hash of
each article's id, so a fold held back from rule writing stays the same whatever is added.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.models import ExtractionResult
from pipeline.normalize import key

PERCENT_TOLERANCE = 0.051
FIELDS = ("scope", "year", "total")
ERROR_CLASSES = (
    "missed", "spurious", "subject", "rating", "figure", "scope", "year", "total", "org missed", "org spurious",
)  # fmt: skip


def fold_of(article_id: str, folds: int) -> int:
    """The fold of an article: a hash of its id, stable across runs, machines and gold growth."""
    return int.from_bytes(hashlib.sha256(article_id.encode("utf-8")).digest()[:8], "big") % folds


def in_fold(gold: Sequence[GoldArticle], folds: int, fold: int, *, complement: bool = False) -> list[GoldArticle]:
    """The articles of fold ``fold`` of ``folds`` (or, with ``complement``, every other article)."""
    if folds < 2 or not 0 <= fold < folds:
        raise ValueError(f"fold {fold} of {folds}: need at least 2 folds and 0 <= fold < folds")
    return [item for item in gold if (fold_of(item.id, folds) == fold) != complement]


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    text: str
    url: str | None
    published: str | None
    records: tuple[dict[str, Any], ...]
    organizations: tuple[str, ...]
    html: str | None = None


@dataclass
class Score:
    """Counts behind the figures; addable over articles."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    org_gold: int = 0
    org_predicted: int = 0
    org_matched: int = 0
    errors: list[str] = field(default_factory=list)
    error_classes: Counter[str] = field(default_factory=Counter)

    def error(self, kind: str, line: str) -> None:
        self.error_classes[kind] += 1
        self.errors.append(line)

    def classes_line(self) -> str:
        """Error counts by class, largest first ("missed 12, org missed 9, scope 4 ...")."""
        ranked = sorted(self.error_classes.items(), key=lambda item: (-item[1], ERROR_CLASSES.index(item[0])))
        return "errors by class: " + (", ".join(f"{kind} {count}" for kind, count in ranked) or "none")

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def field_accuracy(self, name: str) -> float:
        return self.field_hits[name] / self.matched if self.matched else 1.0

    @property
    def org_precision(self) -> float:
        return self.org_matched / self.org_predicted if self.org_predicted else 1.0

    @property
    def org_recall(self) -> float:
        return self.org_matched / self.org_gold if self.org_gold else 1.0

    @property
    def org_f1(self) -> float:
        return _f1(self.org_precision, self.org_recall)

    def summary(self) -> dict[str, float | int]:
        return {
            "articles_records_gold": self.gold,
            "records_predicted": self.predicted,
            "records_matched": self.matched,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            **{f"{name}_accuracy": round(self.field_accuracy(name), 4) for name in FIELDS},
            "org_precision": round(self.org_precision, 4),
            "org_recall": round(self.org_recall, 4),
            "org_f1": round(self.org_f1, 4),
        }

    def line(self) -> str:
        return (
            f"records P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"({self.matched}/{self.gold} gold, {self.predicted} predicted); "
            + " ".join(f"{name}={self.field_accuracy(name):.3f}" for name in FIELDS)
            + f"; organizations P={self.org_precision:.3f} R={self.org_recall:.3f} F1={self.org_f1:.3f}"
        )


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_gold(path: str | Path) -> list[GoldArticle]:
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            items.append(
                GoldArticle(
                    id=str(data["id"]),
                    text=data.get("text") or "",
                    url=data.get("url"),
                    published=data.get("published"),
                    records=tuple(data.get("records") or ()),
                    organizations=tuple(data.get("organizations") or ()),
                    html=data.get("html"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a gold line ({error})") from error
    return items


def record_matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    if gold["subject"] != predicted["subject"] or gold["rating"] != predicted["rating"]:
        return False
    return _same_count(gold, predicted) and _same_percent(gold, predicted)


def _same_count(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    return bool(gold.get("count") == predicted.get("count"))


def _same_percent(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    gold_percent, predicted_percent = gold.get("percent"), predicted.get("percent")
    if gold_percent is None or predicted_percent is None:
        return gold_percent is None and predicted_percent is None
    return abs(float(gold_percent) - float(predicted_percent)) <= PERCENT_TOLERANCE


def field_equal(name: str, gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    left, right = gold.get(name), predicted.get(name)
    if name == "scope" and left is not None and right is not None:
        return key(left) == key(right)
    return bool(left == right)


def org_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def score_article(gold: GoldArticle, result: ExtractionResult) -> Score:
    score = Score(gold=len(gold.records))
    predicted = [record.to_dict() for record in result.records]
    score.predicted = len(predicted)
    unmatched = list(range(len(predicted)))
    missed: list[dict[str, Any]] = []
    for gold_record in gold.records:
        candidates = [i for i in unmatched if record_matches(gold_record, predicted[i])]
        if not candidates:
            missed.append(gold_record)
            continue
        best = max(candidates, key=lambda i: sum(field_equal(n, gold_record, predicted[i]) for n in FIELDS))
        unmatched.remove(best)
        score.matched += 1
        for name in FIELDS:
            if field_equal(name, gold_record, predicted[best]):
                score.field_hits[name] += 1
            else:
                score.error(
                    name,
                    f"{gold.id}: {name:<6} gold={gold_record.get(name)!r} predicted={predicted[best].get(name)!r}"
                    f" in {_describe(gold_record)}",
                )
    for gold_record in missed:
        near = next(((i, kind) for i in unmatched if (kind := _near_miss(gold_record, predicted[i]))), None)
        if near is None:
            score.error("missed", f"{gold.id}: missed   {_describe(gold_record)}")
            continue
        index, kind = near
        unmatched.remove(index)
        score.error(kind, f"{gold.id}: {kind:<8} gold {_describe(gold_record)} predicted {_describe(predicted[index])}")
    for index in unmatched:
        score.error("spurious", f"{gold.id}: spurious {_describe(predicted[index])}")
    gold_orgs = {org_key(name) for name in gold.organizations}
    predicted_orgs = {org_key(name) for name in result.organizations}
    score.org_gold, score.org_predicted = len(gold_orgs), len(predicted_orgs)
    score.org_matched = len(gold_orgs & predicted_orgs)
    for name in sorted(gold_orgs - predicted_orgs):
        score.error("org missed", f"{gold.id}: org missed   {name!r}")
    for name in sorted(predicted_orgs - gold_orgs):
        score.error("org spurious", f"{gold.id}: org spurious {name!r}")
    return score


def _near_miss(gold: dict[str, Any], predicted: dict[str, Any]) -> str | None:
    """How a predicted record that matches no gold one still reads the same statement, if it does.

    ``subject`` or ``rating``: the same figure under another label; ``figure``: the same label, and
    one of count and percent stated and equal while the other is wrong.
    """
    same_count, same_percent = _same_count(gold, predicted), _same_percent(gold, predicted)
    if same_count and same_percent:
        return "subject" if gold["subject"] != predicted["subject"] else "rating"
    if gold["subject"] != predicted["subject"] or gold["rating"] != predicted["rating"]:
        return None
    stated_and_equal = (same_count and gold.get("count") is not None) or (
        same_percent and gold.get("percent") is not None
    )
    return "figure" if stated_and_equal else None


def _describe(record: dict[str, Any]) -> str:
    return (
        f"[{record.get('subject')} | {record.get('rating')} | count={record.get('count')} "
        f"percent={record.get('percent')} approx={record.get('approx')}] {record.get('evidence')!r}"
    )


def add(total: Score, part: Score) -> Score:
    total.gold += part.gold
    total.predicted += part.predicted
    total.matched += part.matched
    for name in FIELDS:
        total.field_hits[name] += part.field_hits[name]
    total.org_gold += part.org_gold
    total.org_predicted += part.org_predicted
    total.org_matched += part.org_matched
    total.errors.extend(part.errors)
    total.error_classes.update(part.error_classes)
    return total


def evaluate(gold: Sequence[GoldArticle], predict: Callable[[GoldArticle], ExtractionResult] | None = None) -> Score:
    """Score ``predict`` (default: vnie's extraction of each gold text) over ``gold``."""
    predict = predict or predict_gold_article
    return sum_scores(score_article(item, predict(item)) for item in gold)


def sum_scores(scores: Iterable[Score]) -> Score:
    total = Score()
    for part in scores:
        add(total, part)
    return total


def predict_gold_article(item: GoldArticle) -> ExtractionResult:
    from pipeline.extract import extract, extract_text
    from scrapers.sites import builtin_profiles, profile_for

    if not item.text and item.html:
        from pipeline.clean import clean_html

        article = clean_html(item.html, url=item.url, profiles=builtin_profiles())
        return extract(article, profile_for(article.url))
    return extract_text(item.text, url=item.url, published=item.published, site=profile_for(item.url))
