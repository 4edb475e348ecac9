"""Scoring against gold records: folds by a hash of the id, and errors by class."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.cli import main
from pipeline.evaluate.records import GoldArticle, fold_of, in_fold, score_article
from pipeline.models import ExtractionResult, RatingRecord


def gold_article(article_id: str, records: tuple[dict[str, Any], ...] = (), orgs: tuple[str, ...] = ()) -> GoldArticle:
    return GoldArticle(article_id, "", None, None, records, orgs)


def record(subject: str, rating: str, count: int | None, percent: float | None) -> dict[str, Any]:
    return {"subject": subject, "rating": rating, "count": count, "percent": percent, "scope": None, "year": None,
            "total": None, "evidence": ""}  # fmt: skip


def predicted(*records: dict[str, Any], orgs: tuple[str, ...] = ()) -> ExtractionResult:
    return ExtractionResult(
        records=tuple(RatingRecord(r["subject"], r["rating"], r["count"], r["percent"], evidence="") for r in records),
        organizations=orgs,
    )


PINNED = [2, 4, 3, 2, 4]  # sha256 of "bai-0" ... "bai-4", modulo 5


def test_folds_partition_the_gold_and_never_move() -> None:
    gold = [gold_article(f"bai-{n}") for n in range(200)]
    folds = [in_fold(gold, 5, fold) for fold in range(5)]
    assert sorted(item.id for part in folds for item in part) == sorted(item.id for item in gold)
    assert all(20 < len(part) < 60 for part in folds)  # a hash spreads the ids
    assert {item.id for item in in_fold(gold, 5, 2, complement=True)} == {item.id for item in gold} - {
        item.id for item in folds[2]
    }
    # The fold is the id's own (a hash, the same on every machine): adding articles moves none of the others.
    assert [item.id for item in in_fold(gold[:100], 5, 2)] == [item.id for item in folds[2] if item in gold[:100]]
    assert [fold_of(f"bai-{n}", 5) for n in range(5)] == PINNED
    with pytest.raises(ValueError):
        in_fold(gold, 5, 5)


def test_the_same_figure_under_another_label_is_one_labelled_error() -> None:
    htt = "hoàn thành tốt nhiệm vụ"
    gold = gold_article("a", (record("đảng viên", htt, 30, 75.0), record("chi bộ", htt, 8, None)))
    score = score_article(
        gold, predicted(record("đảng viên", "hoàn thành nhiệm vụ", 30, 75.0), record("chi bộ", htt, 9, None))
    )
    assert score.error_classes == {"rating": 1, "missed": 1, "spurious": 1}
    score = score_article(gold, predicted(record("tổ chức cơ sở đảng", htt, 30, 75.0), record("chi bộ", htt, 8, None)))
    assert score.error_classes == {"subject": 1}
    score = score_article(gold, predicted(record("đảng viên", htt, 30, None), record("chi bộ", htt, 8, None)))
    assert score.error_classes == {"figure": 1}
    assert (score.matched, score.predicted, score.gold) == (1, 2, 2)  # the figures are scored as before


def test_classes_are_listed_largest_first() -> None:
    gold = gold_article("a", (record("chi bộ", "yếu kém", 0, None),), ("Đảng bộ xã A", "Đảng bộ xã B"))
    score = score_article(gold, predicted(orgs=("Đảng bộ xã C",)))
    assert score.classes_line() == "errors by class: org missed 2, missed 1, org spurious 1"


def test_eval_scores_a_fold_or_the_rest(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(f'{{"id": "bai-{n}", "text": "Không có số liệu.", "records": []}}\n' for n in range(30)))
    assert main(["eval", "--gold", str(path), "--folds", "3", "--fold", "1", "--quiet"]) == 0
    held_back = int(capsys.readouterr().out.split("): ")[1].split()[0])
    assert main(["eval", "--gold", str(path), "--folds", "3", "--without-fold", "1", "--quiet"]) == 0
    rest = int(capsys.readouterr().out.split("): ")[1].split()[0])
    assert held_back + rest == 30 and 0 < held_back < 30
    assert main(["eval", "--gold", str(path), "--fold", "1"]) == 2
    assert main(["eval", "--gold", str(path), "--folds", "3", "--fold", "3"]) == 2
