"""``vnie records``: print the stored records, one row each, with provenance (read-only)."""

from __future__ import annotations

import argparse
import csv
import sys

from pipeline.commands.record_options import add_filter_arguments, open_filtered

NAME = "records"
HELP = (
    "Print stored rating records (FORMAT.md fields plus url, site, title, published, extractor version, run, "
    "confidence, flags), filtered by province, district, year, subject, rating, site, date or flags."
)
TABLE_COLUMNS = ("id", "site", "scope", "year", "subject", "rating", "count", "percent", "total", "flags")


def configure(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("--format", choices=("table", "csv", "jsonl"), default="table", help="default: table")


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import Engine

    from pipeline.commands.output import write_jsonl, write_table
    from pipeline.store.database import RECORD_COLUMNS, iter_records
    from pipeline.store.export import csv_row
    from pipeline.store.query import RecordFilter

    def show(engine: Engine, filters: RecordFilter) -> int:
        rows = iter_records(engine, filters)
        if args.format == "jsonl":
            write_jsonl(rows)
        elif args.format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=RECORD_COLUMNS)
            writer.writeheader()
            for row in rows:
                writer.writerow(csv_row(row))
        else:
            listed = [{**row, "flags": ", ".join(row["flags"])} for row in rows]
            write_table(listed, TABLE_COLUMNS, title=f"{len(listed)} records")
        return 0

    return open_filtered(NAME, args, show)
