"""Reviews: kept apart from the extracted rows, applied by the records view, and re-matched on every save."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from sqlalchemy import select

from pipeline.models import Article, ExtractionResult, RatingRecord
from pipeline.normalize import normalize_text
from pipeline.store import review
from pipeline.store.database import connect, iter_facts, iter_records, rating_records, save

TEXT = (
    "Năm 2022, Đảng bộ huyện Yên Định có 40 tổ chức cơ sở đảng, trong đó 12 tổ chức hoàn thành xuất sắc "
    "nhiệm vụ, chiếm 30%; 25 tổ chức hoàn thành tốt nhiệm vụ. Toàn huyện có 300 đảng viên hoàn thành xuất sắc nhiệm vụ."
)
ARTICLE = Article(body=TEXT, title="Yên Định", url="https://baothanhhoa.vn/yen-dinh-2022.htm", site="baothanhhoa")
PLACE = {"scope": "Đảng bộ huyện Yên Định", "province": "Thanh Hóa", "district": "Yên Định", "year": 2022}


def stated(evidence: str, subject: str, rating: str, count: int, **more: object) -> RatingRecord:
    text = normalize_text(ARTICLE.text)
    start = text.index(evidence)
    fields = {"percent": None, "total": 40, **PLACE, **more}
    return RatingRecord(subject, rating, count, evidence=evidence, start=start, end=start + len(evidence), **fields)  # type: ignore[arg-type]


TCCSD, XS = "tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ"
EXCELLENT = stated("12 tổ chức hoàn thành xuất sắc nhiệm vụ, chiếm 30%", TCCSD, XS, 12)
GOOD = stated("25 tổ chức hoàn thành tốt nhiệm vụ", TCCSD, "hoàn thành tốt nhiệm vụ", 25)
MEMBERS = stated("300 đảng viên hoàn thành xuất sắc nhiệm vụ", "đảng viên", XS, 300, total=None)


def result(*records: RatingRecord, article: Article = ARTICLE) -> ExtractionResult:
    return ExtractionResult(records=records, text=normalize_text(article.text))


def shown(engine: object) -> dict[str, dict[str, object]]:
    return {row["evidence"]: row for row in iter_records(engine)}  # type: ignore[arg-type]


def ids(engine: object) -> dict[str, int]:
    return {evidence: int(row["id"]) for evidence, row in shown(engine).items() if row["id"] is not None}


def test_each_review_is_shown_with_its_state_and_the_extracted_rows_stay(store_url: str) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(EXCELLENT, GOOD, MEMBERS), "run-1")
    known = ids(engine)
    review.review_record(engine, known[EXCELLENT.evidence], "confirm", reviewer="lan")
    review.review_record(engine, known[GOOD.evidence], "correct", reviewer="lan", reason="the table says 26",
                         changes={"count": "26"})  # fmt: skip
    review.review_record(engine, known[MEMBERS.evidence], "reject", reviewer="minh", reason="members of the city")
    added = "40 tổ chức cơ sở đảng"
    review.add_record(
        engine, 1, evidence=added, values={**PLACE, "subject": "tổ chức cơ sở đảng", "rating": "được đánh giá",
                                            "count": 40}, reviewer="lan", reason="the number evaluated",
    )  # fmt: skip
    rows = shown(engine)
    assert {evidence: row["review"] for evidence, row in rows.items()} == {
        EXCELLENT.evidence: "confirmed", GOOD.evidence: "corrected", MEMBERS.evidence: "rejected", added: "added",
    }  # fmt: skip
    assert rows[GOOD.evidence]["count"] == 26 and rows[added]["id"] is None
    with engine.connect() as conn:  # the extracted rows are untouched
        assert sorted(conn.execute(select(rating_records.c.count)).scalars()) == [12, 25, 300]
    facts = {(fact["subject"], fact["rating"]): fact["count"] for fact in iter_facts(engine)}
    assert facts == {
        ("tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ"): 12,
        ("tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ"): 26,
        ("tổ chức cơ sở đảng", "được đánh giá"): 40,
    }  # the rejected record is left out
    engine.dispose()


def test_reviews_survive_reprocessing_and_an_extractor_upgrade(store_url: str) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(EXCELLENT, GOOD), "run-1", extractor_version="v1")
    known = ids(engine)
    review.review_record(engine, known[GOOD.evidence], "correct", reviewer="lan", reason="26", changes={"count": 26})
    save(engine, ARTICLE, result(EXCELLENT, GOOD), "run-2", extractor_version="v1")  # reprocess: same ids
    assert shown(engine)[GOOD.evidence]["count"] == 26
    # an upgrade: new record ids, and a wider evidence span for the corrected record
    wider = "25 tổ chức hoàn thành tốt nhiệm vụ. Toàn huyện"
    start = normalize_text(ARTICLE.text).index(wider)
    upgraded = dataclasses.replace(GOOD, evidence=wider, start=start, end=start + len(wider))
    save(engine, ARTICLE, result(upgraded, EXCELLENT), "run-3", extractor_version="v2")
    rows = shown(engine)
    assert rows[wider]["review"] == "corrected" and rows[wider]["count"] == 26
    assert rows[wider]["id"] != known[GOOD.evidence]
    assert review.orphaned(engine) == []
    engine.dispose()


def test_a_review_whose_evidence_vanished_is_reported(store_url: str, caplog: pytest.LogCaptureFixture) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(EXCELLENT, GOOD), "run-1")
    review.review_record(engine, ids(engine)[GOOD.evidence], "reject", reviewer="lan", reason="a plan, not a result")
    edited = dataclasses.replace(ARTICLE, body=TEXT.replace("25 tổ chức hoàn thành tốt nhiệm vụ", "25 tổ chức khá"))
    with caplog.at_level(logging.WARNING, logger="vnie.store"):
        save(engine, edited, result(EXCELLENT, article=edited), "run-2")
    [orphan] = review.orphaned(engine)
    assert (orphan.action, orphan.evidence) == ("reject", GOOD.evidence)
    assert "no longer in the article text" in orphan.note and "lost its record" in caplog.text
    assert [row["review"] for row in iter_records(engine)] == ["unreviewed"]
    engine.dispose()


def test_bad_reviews_are_refused_with_a_reason(store_url: str) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(EXCELLENT), "run-1")
    record_id = ids(engine)[EXCELLENT.evidence]
    for action, kwargs, message in (
        ("reject", {}, "needs a reason"),
        ("correct", {"reason": "x", "changes": {"percent": "140"}}, "between 0 and 100"),
        ("correct", {"reason": "x", "changes": {"rating": "giỏi"}}, "rating must be one of"),
        ("correct", {"reason": "x", "changes": {"colour": "red"}}, "unknown field"),
        ("correct", {"reason": "x", "changes": {"count": "12"}}, "changes nothing"),
    ):
        with pytest.raises(review.ReviewError, match=message):
            review.review_record(engine, record_id, action, reviewer="lan", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(review.ReviewError, match="no current record 999"):
        review.review_record(engine, 999, "confirm", reviewer="lan")
    with pytest.raises(review.ReviewError, match="span of the article text"):
        review.add_record(engine, 1, evidence="không có trong bài", reviewer="lan", reason="x",
                          values={"subject": "đảng viên", "rating": "yếu kém", "count": 1})  # fmt: skip
    engine.dispose()
