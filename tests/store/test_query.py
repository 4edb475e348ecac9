"""Record filters (SQLite and PostgreSQL) and `vnie records`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.store.database import RECORD_COLUMNS, connect_readonly, iter_records
from pipeline.store.migrate import head_revision
from pipeline.store.query import FilterError, RecordFilter, resolve_filters
from tests.fixture_db import RECORD_COUNT, build


@pytest.fixture
def records_db(store_url: str) -> Any:
    build(store_url).dispose()
    engine = connect_readonly(store_url)
    yield engine
    engine.dispose()


def test_each_filter_keeps_exactly_the_matching_records(records_db: Any) -> None:
    everything = list(iter_records(records_db))
    assert len(everything) == RECORD_COUNT
    cases: list[tuple[RecordFilter, Any]] = [
        (RecordFilter(province="Thanh Hóa"), lambda r: r["province"] == "Thanh Hóa"),
        (RecordFilter(district="Thanh Hà"), lambda r: r["district"] == "Thanh Hà"),
        (RecordFilter(year=2020), lambda r: r["year"] == 2020),
        (RecordFilter(subject="đảng viên"), lambda r: r["subject"] == "đảng viên"),
        (RecordFilter(rating="hoàn thành xuất sắc nhiệm vụ"), lambda r: r["rating"] == "hoàn thành xuất sắc nhiệm vụ"),
        (RecordFilter(site="baohaiduong"), lambda r: r["site"] == "baohaiduong"),
        (RecordFilter(since=date(2021, 1, 1)), lambda r: r["published"] >= "2021-01-01"),
        (RecordFilter(flagged=True), lambda r: bool(r["flags"])),
        (
            RecordFilter(province="Thanh Hóa", year=2019, subject="đảng viên"),
            lambda r: (r["province"], r["year"], r["subject"]) == ("Thanh Hóa", 2019, "đảng viên"),
        ),
    ]
    for filters, keep in cases:
        expected = [row["id"] for row in everything if keep(row)]
        assert expected, filters
        assert [row["id"] for row in iter_records(records_db, filters)] == expected, filters


def test_values_match_ignoring_case_and_diacritics(records_db: Any) -> None:
    filters = resolve_filters(
        records_db,
        province="thanh hoa",
        district="DONG SON",
        subject="dang vien",
        rating="Hoàn thành xuất sắc nhiệm vụ",
    )
    assert (filters.province, filters.district, filters.subject) == ("Thanh Hóa", "Đông Sơn", "đảng viên")
    assert resolve_filters(records_db, year="2021", site="BaoNgheAn", since="2021-06-01") == RecordFilter(
        year=2021, site="baonghean", since=date(2021, 6, 1)
    )


UNKNOWN = [
    ({"province": "Hà Nội"}, "unknown province 'Hà Nội'; valid: Hải Dương, Hải Phòng, Nghệ An, Thanh Hóa"),
    (
        {"province": "Thanh Hóa", "district": "Thanh Hà"},
        "unknown district 'Thanh Hà'; valid: Quảng Xương, Đông Sơn",
    ),
    ({"year": "2030"}, "unknown year '2030'; valid: 2019, 2020, 2021"),
    ({"year": "hai nghìn"}, "unknown year 'hai nghìn'"),
    ({"subject": "hội viên"}, "unknown subject 'hội viên'; valid: tổ chức cơ sở đảng, đảng viên, chi bộ"),
    ({"rating": "giỏi"}, "unknown rating 'giỏi'; valid: hoàn thành xuất sắc nhiệm vụ, hoàn thành tốt nhiệm vụ"),
    ({"site": "vnexpress"}, "unknown site 'vnexpress'; valid: baohaiduong, baonghean, baothanhhoa"),
    ({"since": "01/02/2021"}, "--since wants a date YYYY-MM-DD, not '01/02/2021'"),
    ({"extractor_version": "0.0"}, "unknown extractor version '0.0'; valid: 2026.11.27"),
]


def test_unknown_values_are_refused_with_the_valid_ones(records_db: Any) -> None:
    for given, message in UNKNOWN:
        with pytest.raises(FilterError) as raised:
            resolve_filters(records_db, **given)
        assert message in str(raised.value)


@pytest.fixture(scope="module")
def db_url(fixture_db: Path) -> str:
    return f"sqlite:///{fixture_db}"


def test_records_prints_json_lines_with_provenance(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records", "--db", db_url, "--province", "nghe an", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 and {row["province"] for row in rows} == {"Nghệ An"}
    assert list(rows[0]) == list(RECORD_COLUMNS)
    for field in ("scope", "year", "subject", "rating", "count", "percent", "approx", "total", "evidence", "url",
                  "site", "title", "published", "extractor_version", "run_id", "confidence", "flags"):  # fmt: skip
        assert field in rows[0]


def test_records_prints_csv_and_a_table(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records", "--db", db_url, "--flagged", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [row["flags"] for row in rows] == ["count_exceeds_total", "percent_disagrees_with_count"]
    assert main(["records", "--db", db_url, "--year", "2019"]) == 0
    table = capsys.readouterr().out
    assert "5 records" in table and "2019" in table


def test_records_refuses_an_unknown_value_with_exit_2(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["records", "--db", db_url, "--subject", "thanh niên"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("vnie records: unknown subject 'thanh niên'; valid: tổ chức cơ sở đảng")
    assert "Traceback" not in captured.err


def test_records_refuses_a_missing_or_older_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.store.test_migrate import make_old_database

    assert main(["records", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}"]) == 1
    assert "no database at" in capsys.readouterr().err
    assert main(["records", "--db", "postgresql://nobody@127.0.0.1:1/vnie"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("vnie records: cannot open the database postgresql+pg8000://nobody@127.0.0.1:1/vnie")
    assert "Traceback" not in error
    old = f"sqlite:///{tmp_path / 'old.sqlite'}"
    make_old_database(old)
    assert main(["records", "--db", old]) == 1
    assert "run `vnie migrate`" in capsys.readouterr().err
    assert main(["migrate", "--db", old]) == 0
    said = capsys.readouterr().err
    assert f"upgraded from 0001 to schema revision {head_revision()}" in said
    assert f"the old file is kept as {tmp_path}/old.sqlite.0001.bak" in said
    assert main(["records", "--db", old, "--format", "jsonl"]) == 0
    assert json.loads(capsys.readouterr().out)["district"] == "Thọ Xuân"
