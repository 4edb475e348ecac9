"""The store on SQLite and PostgreSQL: schema, idempotent re-processing with an audit, constraints."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from pipeline import EXTRACTOR_VERSION
from pipeline.models import RATINGS, SUBJECTS, Article, ExtractionResult, RatingRecord
from pipeline.store.database import (
    InvalidRecord,
    StoreError,
    articles,
    connect,
    connect_readonly,
    iter_records,
    metadata,
    new_run_id,
    pages,
    rating_records,
    record_changes,
    save,
)
from pipeline.store.migrate import head_revision, include_name

TEXT = "Năm 2020, huyện Yên Định có 40 TCCSĐ. Có 12 TCCSĐ hoàn thành xuất sắc nhiệm vụ, chiếm 30%."
ARTICLE = Article(
    body=TEXT, title="Yên Định tổng kết", url="https://example.vn/yen-dinh.htm", site="baothanhhoa",
    published="2021-01-04",
)  # fmt: skip


def record(**changes: Any) -> RatingRecord:
    evidence = "12 TCCSĐ hoàn thành xuất sắc nhiệm vụ, chiếm 30%"
    start = f"Yên Định tổng kết\n\n{TEXT}".index(evidence)
    base = RatingRecord(
        subject="tổ chức cơ sở đảng", rating="hoàn thành xuất sắc nhiệm vụ", count=12, percent=30.0, total=40,
        evidence=evidence, start=start, end=start + len(evidence), scope="Đảng bộ huyện Yên Định",
        province="Thanh Hóa", district="Yên Định", year=2020, confidence=0.9, flags=("checked",),
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def result(*records: RatingRecord) -> ExtractionResult:
    return ExtractionResult(records=records, organizations=("Đảng bộ huyện Yên Định",))


def changes(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(row) for row in conn.execute(select(record_changes).order_by(record_changes.c.id)).mappings()]


def test_a_fresh_database_gets_the_schema_the_code_uses(store_url: str) -> None:
    engine = connect(store_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        assert context.get_current_revision() == head_revision()
        assert compare_metadata(context, metadata) == []
        for table in ("rating_records", "record_changes"):
            stored = {check["name"] for check in inspect(conn).get_check_constraints(table)}
            assert stored == {c.name for c in metadata.tables[table].constraints if isinstance(c, CheckConstraint)}
    engine.dispose()


def test_sqlite_writers_use_wal_with_normal_sync(tmp_path: Path) -> None:
    """WAL + synchronous=NORMAL: a commit costs no fsync, and a killed process still loses no committed write."""
    engine = connect(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL (FULL is 2)
    engine.dispose()


def test_a_saved_article_reads_back_with_provenance(store_url: str) -> None:
    engine = connect(store_url)
    run_id = new_run_id()
    save(engine, ARTICLE, result(record(), record(subject="đảng viên", count=300, total=None)), run_id)
    rows = list(iter_records(engine))
    assert [row["subject"] for row in rows] == ["tổ chức cơ sở đảng", "đảng viên"]
    first = rows[0]
    assert first | {"id": None} == {
        "id": None, "scope": "Đảng bộ huyện Yên Định", "province": "Thanh Hóa", "district": "Yên Định",
        "year": 2020, "subject": "tổ chức cơ sở đảng", "rating": "hoàn thành xuất sắc nhiệm vụ", "count": 12,
        "percent": 30.0, "approx": None, "total": 40, "evidence": record().evidence, "start": record().start,
        "end": record().end, "url": ARTICLE.url, "site": "baothanhhoa", "title": "Yên Định tổng kết",
        "published": "2021-01-04", "extractor_version": EXTRACTOR_VERSION, "run_id": run_id, "confidence": 0.9,
        "flags": ["checked"], "province_2025": "Thanh Hóa", "review": "unreviewed", "review_id": None,
    }  # fmt: skip
    with engine.connect() as conn:
        stored_text = conn.execute(select(articles.c.text)).scalar_one()
    assert stored_text[first["start"] : first["end"]] == first["evidence"]
    engine.dispose()


def test_saving_the_same_result_again_changes_nothing_but_the_run(store_url: str) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(record()), "run-1")
    before = list(iter_records(engine))
    save(engine, ARTICLE, result(record()), "run-2")
    after = list(iter_records(engine))
    assert [row["id"] for row in after] == [row["id"] for row in before]
    assert [row | {"run_id": None} for row in after] == [row | {"run_id": None} for row in before]
    assert {row["run_id"] for row in after} == {"run-2"}
    assert changes(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 1
    engine.dispose()


def test_reprocessing_replaces_records_and_audits_what_changed(store_url: str) -> None:
    engine = connect(store_url)
    kept, corrected, dropped = record(), record(subject="đảng viên", count=300, total=None), record(rating="yếu kém")
    save(engine, ARTICLE, result(kept, corrected, dropped), "run-1")
    ids = {row["subject"] + row["rating"]: row["id"] for row in iter_records(engine)}
    added = record(rating="hoàn thành tốt nhiệm vụ", count=20, percent=None)
    save(engine, ARTICLE, result(kept, dataclasses.replace(corrected, count=310), added), "run-2")

    rows = {row["subject"] + row["rating"]: row for row in iter_records(engine)}
    assert len(rows) == 3
    members, units = "đảng viênhoàn thành xuất sắc nhiệm vụ", "tổ chức cơ sở đảnghoàn thành xuất sắc nhiệm vụ"
    assert rows[members]["count"] == 310
    assert rows[members]["id"] == ids[members] and rows[units]["id"] == ids[units]

    audit = {row["change"]: row for row in changes(engine)}
    assert sorted(audit) == ["added", "changed", "removed"]
    assert audit["changed"]["before"]["count"] == 300 and audit["changed"]["after"]["count"] == 310
    assert audit["removed"]["before"]["rating"] == "yếu kém" and audit["removed"]["after"] is None
    assert audit["added"]["after"]["rating"] == "hoàn thành tốt nhiệm vụ" and audit["added"]["before"] is None
    assert audit["added"]["record_id"] == rows["tổ chức cơ sở đảnghoàn thành tốt nhiệm vụ"]["id"]
    assert {row["run_id"] for row in audit.values()} == {"run-2"}
    engine.dispose()


def test_a_new_extractor_version_keeps_the_old_records_and_shows_the_new(store_url: str) -> None:
    engine = connect(store_url)
    save(engine, ARTICLE, result(record()), "run-1", extractor_version="v1")
    save(engine, ARTICLE, result(record(count=13)), "run-2", extractor_version="v2")
    assert [(row["count"], row["extractor_version"]) for row in iter_records(engine)] == [(13, "v2")]
    from pipeline.store.query import RecordFilter

    old = list(iter_records(engine, RecordFilter(extractor_version="v1")))
    assert [(row["count"], row["run_id"]) for row in old] == [(12, "run-1")]
    [change] = changes(engine)
    assert (change["change"], change["from_version"], change["to_version"]) == ("changed", "v1", "v2")
    with engine.connect() as conn:
        view = conn.execute(text("SELECT count, extractor_version FROM records")).all()
    assert [tuple(row) for row in view] == [(13, "v2")]
    engine.dispose()


INVALID = [
    ({"subject": "hội viên"}, "subject 'hội viên' is not one of"),
    ({"rating": "xuất sắc"}, "rating 'xuất sắc' is not one of"),
    ({"percent": 123.4}, "percent 123.4 is outside 0..100"),
    ({"percent": -0.1}, "percent -0.1 is outside 0..100"),
    ({"count": -1}, "count -1 is negative"),
    ({"total": -3}, "total -3 is negative"),
    ({"approx": "maybe"}, "approx 'maybe' is not one of"),
    ({"confidence": 1.5}, "confidence 1.5 is outside 0..1"),
]


def test_invalid_records_are_refused_before_anything_is_written(store_url: str) -> None:
    engine = connect(store_url)
    for bad, message in INVALID:
        with pytest.raises(InvalidRecord, match=message) as raised:
            save(engine, ARTICLE, result(record(), record(**bad)), "run-1")
        assert "record 2" in str(raised.value) and ARTICLE.url in str(raised.value)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 0
    engine.dispose()


def test_the_database_itself_enforces_the_constraints(store_url: str) -> None:
    engine = connect(store_url)
    article_id = save(engine, ARTICLE, result(), "run-1")
    row = {
        "article_id": article_id, "subject": SUBJECTS[0], "rating": RATINGS[0], "count": 1, "percent": 1.0,
        "evidence": "x", "evidence_start": 0, "evidence_end": 1, "confidence": 1.0, "flags": [],
        "extractor_version": "v", "run_id": "r",
    }  # fmt: skip
    for bad, _message in INVALID:
        with pytest.raises(DBAPIError, match=f"ck_rating_records_{next(iter(bad))}"), engine.begin() as conn:
            conn.execute(insert(rating_records).values(**(row | bad)))
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(rating_records)).scalar_one() == 0
    engine.dispose()


def test_every_canonical_subject_and_rating_is_accepted(store_url: str) -> None:
    """Fails when pipeline.models gains a value without a migration that widens the constraint."""
    engine = connect(store_url)
    records = [record(subject=subject) for subject in SUBJECTS] + [record(rating=rating) for rating in RATINGS]
    save(engine, ARTICLE, result(*records), "run-1")
    assert len(list(iter_records(engine))) == len(records)
    engine.dispose()


def test_an_article_links_to_its_fetched_page(store_url: str) -> None:
    engine = connect(store_url)
    with engine.begin() as conn:
        page_id = conn.execute(insert(pages).values(url=ARTICLE.url, site="baothanhhoa").returning(pages.c.id)).scalar()
    article_id = save(engine, ARTICLE, result(record()), "run-1", page_id=page_id)
    with engine.connect() as conn:
        assert conn.execute(select(pages.c.article_id).where(pages.c.id == page_id)).scalar() == article_id
    with pytest.raises(StoreError, match="no page with id 999"):
        save(engine, dataclasses.replace(ARTICLE, url="https://example.vn/other.htm"), result(), "run-1", page_id=999)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 1
    engine.dispose()


def test_deleting_an_article_takes_its_records_along(store_url: str) -> None:
    engine = connect(store_url)
    article_id = save(engine, ARTICLE, result(record()), "run-1")
    with engine.begin() as conn:
        conn.execute(articles.delete().where(articles.c.id == article_id))
    assert list(iter_records(engine)) == []
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles_fts")).scalar() == 0
    engine.dispose()


def test_a_read_only_engine_cannot_write(store_url: str) -> None:
    connect(store_url).dispose()
    engine = connect_readonly(store_url)
    with pytest.raises(DBAPIError), engine.begin() as conn:
        conn.execute(insert(articles).values(url="u", body="b", text_sha1="0" * 40, extracted_at="now"))
    engine.dispose()


def test_postgresql_urls_use_the_pg8000_driver(postgres_url: str) -> None:
    plain = postgres_url.replace("postgresql+pg8000://", "postgresql://")
    engine = connect(plain)
    assert engine.dialect.driver == "pg8000"
    engine.dispose()


def test_a_missing_sqlite_file_is_not_created_by_readers(tmp_path: Any) -> None:
    with pytest.raises(StoreError, match="no database at"):
        connect_readonly(f"sqlite:///{tmp_path / 'absent.sqlite'}")
    assert not (tmp_path / "absent.sqlite").exists()
