"""`vnie export`: CSV, JSON lines and Parquet partitioned by site and year, read back with the analysts' tools."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from pipeline.store.database import RECORD_COLUMNS, connect_readonly, iter_records
from pipeline.store.export import ExportError, export_records
from tests.fixture_db import RECORD_COUNT


@pytest.fixture(scope="module")
def db_url(fixture_db: Path) -> str:
    return f"sqlite:///{fixture_db}"


@pytest.fixture(scope="module")
def stored(db_url: str) -> list[dict[str, Any]]:
    engine = connect_readonly(db_url)
    rows = list(iter_records(engine))
    engine.dispose()
    return rows


def test_csv_holds_every_record_and_column(db_url: str, stored: list[dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "records.csv"
    assert main(["export", "--db", db_url, str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert reader.fieldnames == list(RECORD_COLUMNS)
    assert [row["evidence"] for row in rows] == [row["evidence"] for row in stored]
    assert [row["flags"] for row in rows if row["flags"]] == ["count_exceeds_total", "percent_disagrees_with_count"]


def test_jsonl_equals_what_records_prints(db_url: str, stored: list[dict[str, Any]], tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    assert main(["export", "--db", db_url, "--format", "jsonl", str(out)]) == 0
    assert [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()] == stored


def test_parquet_is_partitioned_by_site_and_year_and_reads_back(
    db_url: str, stored: list[dict[str, Any]], tmp_path: Path
) -> None:
    import pandas as pd
    import pyarrow.dataset as ds

    out = tmp_path / "records.parquet"
    assert main(["export", "--db", db_url, str(out)]) == 0
    folders = {str(path.parent.relative_to(out)) for path in out.rglob("*.parquet")}
    assert "site_part=baothanhhoa/year_part=2019" in folders
    assert "site_part=baonghean/year_part=unknown" in folders  # the record without a year

    table = ds.dataset(out, partitioning="hive").to_table()
    assert table.num_rows == RECORD_COUNT
    assert set(table.column_names) == {*RECORD_COLUMNS, "site_part", "year_part"}
    back = sorted(table.drop_columns(["site_part", "year_part"]).to_pylist(), key=lambda row: row["id"])
    assert back == sorted(stored, key=lambda row: row["id"])
    only_2019 = ds.dataset(out, partitioning="hive").to_table(filter=ds.field("year_part") == "2019")
    assert set(only_2019.column("year").to_pylist()) == {2019}

    frame = pd.read_parquet(out)  # the analysts' one-liner works, nulls and all
    assert len(frame) == RECORD_COUNT and frame["year"].isna().sum() == 1
    excellent = frame[frame["rating"] == "hoàn thành xuất sắc nhiệm vụ"]
    assert excellent.groupby("site")["count"].sum().to_dict() == {
        "baohaiduong": 9245,
        "baonghean": 515,
        "baothanhhoa": 630,
    }


def test_filters_apply_to_exports(db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "hai-duong.jsonl"
    assert main(["export", "--db", db_url, "--province", "hai duong", "--year", "2021", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(row["province"], row["year"]) for row in rows} == {("Hải Dương", 2021)} and len(rows) == 2


def test_an_empty_parquet_export_still_has_the_schema(db_url: str, tmp_path: Path) -> None:
    import pyarrow.dataset as ds

    out = tmp_path / "none.parquet"
    assert main(["export", "--db", db_url, "--flagged", "--year", "2019", str(out)]) == 0
    dataset = ds.dataset(out)
    assert dataset.to_table().num_rows == 0 and "evidence" in dataset.schema.names


def test_an_existing_output_is_kept_unless_forced(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "records.csv"
    out.write_text("analyst's own notes", encoding="utf-8")
    assert main(["export", "--db", db_url, str(out)]) == 2
    assert "exists; give --force to replace it" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "analyst's own notes"
    assert main(["export", "--db", db_url, "--force", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("id,scope,")
    folder = tmp_path / "again.parquet"
    assert main(["export", "--db", db_url, str(folder)]) == 0
    assert main(["export", "--db", db_url, "--force", "--site", "baonghean", str(folder)]) == 0
    assert {path.parts[-3] for path in folder.rglob("*.parquet")} == {"site_part=baonghean"}


def test_bad_requests_say_what_is_wrong(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", db_url, str(tmp_path / "records.xlsx")]) == 2
    assert "give --format csv|jsonl|parquet" in capsys.readouterr().err
    assert main(["export", "--db", db_url, "--rating", "tốt lắm", str(tmp_path / "x.csv")]) == 2
    assert "unknown rating 'tốt lắm'; valid:" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_a_failed_export_leaves_nothing_behind(tmp_path: Path) -> None:
    def failing() -> Any:
        yield {name: None for name in RECORD_COLUMNS} | {"flags": []}
        raise RuntimeError("database went away")

    out = tmp_path / "half.jsonl"
    with pytest.raises(RuntimeError):
        export_records(failing(), out, "jsonl")
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ExportError, match="unknown format 'xml'"):
        export_records([], out, "xml")
