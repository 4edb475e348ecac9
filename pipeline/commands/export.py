"""``vnie export``: the records (optionally filtered) to CSV, JSON lines or Parquet for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.record_options import add_filter_arguments, open_filtered

NAME = "export"
HELP = (
    "Export the stored records to CSV, JSON lines or Parquet (a folder partitioned by site and year, for "
    "DuckDB, polars or pandas); takes the filters of `vnie records`."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="file (csv, jsonl) or folder (parquet) to write")
    parser.add_argument(
        "--format", choices=("csv", "jsonl", "parquet"), help="default: from the suffix of OUT (.csv, .jsonl, .parquet)"
    )
    parser.add_argument("--force", action="store_true", help="replace OUT when it exists")
    add_filter_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import Engine

    from pipeline.store.database import iter_records
    from pipeline.store.export import ExportError, export_records, guess_format
    from pipeline.store.query import RecordFilter

    out = Path(args.out)
    fmt = args.format or guess_format(out)
    if fmt is None:
        print(
            f"vnie export: cannot tell the format from {out.name!r}; give --format csv|jsonl|parquet", file=sys.stderr
        )
        return 2

    def write(engine: Engine, filters: RecordFilter) -> int:
        try:
            count = export_records(iter_records(engine, filters), out, fmt, replace=args.force)
        except ExportError as error:
            print(f"vnie export: {error}", file=sys.stderr)
            return 2
        except OSError as error:
            print(f"vnie export: cannot write {out}: {error}", file=sys.stderr)
            return 1
        print(f"vnie export: {count} records -> {out} ({fmt})", file=sys.stderr)
        return 0

    return open_filtered(NAME, args, write)
