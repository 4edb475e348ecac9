"""Records to files analysts open elsewhere: CSV, JSON lines, or Parquet partitioned by site and year.

The Parquet export is a hive-style folder, ``site_part=baothanhhoa/year_part=2019/part-0.parquet``
(``unknown`` when a record has no site or year), that pandas, DuckDB, polars and ``pyarrow.dataset``
read as one table. Each file keeps every column, ``site`` and ``year`` included, with their types
and nulls: the folder keys are named apart because readers cannot merge a folder key with a column
of the same name, and because a null folder key (``__HIVE_DEFAULT_PARTITION__``) breaks
``pandas.read_parquet``. Every export is written beside its target and moved into place at the end,
so a failed export never leaves half a file behind.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.store.schema import RECORD_COLUMNS

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
PARTITIONS: tuple[tuple[str, str], ...] = (("site_part", "site"), ("year_part", "year"))  # folder key, column
UNKNOWN = "unknown"
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


class ExportError(Exception):
    """The export cannot be written as asked (message for people)."""


def guess_format(out: Path) -> str | None:
    return _SUFFIXES.get(out.suffix.lower())


def export_records(rows: Iterable[Mapping[str, Any]], out: Path, fmt: str, *, replace: bool = False) -> int:
    """Write ``rows`` (``RECORD_COLUMNS``) to ``out``; returns how many were written."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; valid: {', '.join(EXPORT_FORMATS)}")
    if out.exists() and not replace:
        raise ExportError(f"{out} exists; give --force to replace it")
    if out.is_dir() and not (fmt == "parquet" and is_parquet_export(out)):
        raise ExportError(f"{out} is a folder vnie did not write (not a Parquet export); refusing to replace it")
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    with _staged(out) as staging:
        return writer(rows, staging)


@contextmanager
def _staged(out: Path) -> Iterator[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        staging = workdir / out.name
        yield staging
        if out.is_dir():
            shutil.rmtree(out)
        elif out.exists():
            out.unlink()
        staging.replace(out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def is_parquet_export(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but what a Parquet export writes: ``part-N.parquet`` files, at the
    top (an empty export) or in ``site_part=.../year_part=...`` folders. Only such a folder is replaced."""
    keys = tuple(f"{key}=" for key, _column in PARTITIONS)
    for path in folder.rglob("*"):
        parts = path.relative_to(folder).parts
        folders = parts if path.is_dir() else parts[:-1]
        expected = keys[: len(folders)]
        keyed = len(folders) <= len(keys) and all(map(str.startswith, folders, expected))
        if path.is_symlink() or not keyed:
            return False
        is_part = path.name.startswith("part-") and path.suffix == ".parquet"
        if not path.is_dir() and not (is_part and len(folders) in (0, len(keys))):
            return False
    return True


def _write_csv(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    written = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=RECORD_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(csv_row(row))
            written += 1
    return written


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A record for CSV: flags joined by ';' (no flag contains one)."""
    return {**row, "flags": ";".join(row["flags"])}


def _write_jsonl(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    written = 0
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(dict(row), ensure_ascii=False) + "\n")
            written += 1
    return written


def _write_parquet(rows: Iterable[Mapping[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist([dict(row) for row in rows], schema=parquet_schema())
    path.mkdir()
    if not table.num_rows:  # an empty export is still a readable dataset with the schema
        pq.write_table(table, path / "part-0.parquet")
        return 0
    for key, column in PARTITIONS:
        values = [UNKNOWN if value is None else str(value) for value in table.column(column).to_pylist()]
        table = table.append_column(key, pa.array(values, pa.string()))
    keys = pa.schema([pa.field(key, pa.string()) for key, _column in PARTITIONS])
    ds.write_dataset(
        table,
        path,
        format="parquet",
        partitioning=ds.partitioning(keys, flavor="hive"),
        basename_template="part-{i}.parquet",
    )
    return int(table.num_rows)


def parquet_schema() -> Any:
    """Column types of the Parquet export (``RECORD_COLUMNS`` order)."""
    import pyarrow as pa

    types = {
        "id": pa.int64(),
        "review_id": pa.int64(),
        "year": pa.int32(),
        "count": pa.int64(),
        "total": pa.int64(),
        "percent": pa.float64(),
        "start": pa.int64(),
        "end": pa.int64(),
        "confidence": pa.float64(),
        "flags": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(name, types.get(name, pa.string())) for name in RECORD_COLUMNS])
