"""``vnie records``: print the stored records, one row each, with provenance."""

from __future__ import annotations

import argparse
import csv
import sys

NAME = "records"
HELP = "Print stored rating records (FORMAT.md fields plus url, site, title, published, version, run)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: VNIE_DB or sqlite:///data/vnie.sqlite)")
    parser.add_argument("--format", choices=("table", "csv", "jsonl"), default="table")


def run(args: argparse.Namespace) -> int:
    from pipeline.output import write_jsonl, write_table
    from pipeline.store import RECORD_COLUMNS, connect, iter_records

    rows = list(iter_records(connect(args.db)))
    if args.format == "jsonl":
        write_jsonl(rows)
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=RECORD_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "flags": ";".join(row["flags"])})
    else:
        columns = ("site", "scope", "year", "subject", "rating", "count", "percent", "total", "flags")
        write_table(rows, columns, title=f"{len(rows)} records")
    return 0
