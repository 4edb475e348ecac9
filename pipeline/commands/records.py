"""``vnie records``: print the stored records, one row each, with provenance (read-only)."""

from __future__ import annotations

import argparse
import csv
import sys

from pipeline.commands.record_options import add_filter_arguments, open_filtered

NAME = "records"
HELP = (
    "Print stored rating records (FORMAT.md fields plus province_2025, url, site, title, published, extractor "
    "version, run, confidence, flags, review state), filtered by province, district, year, subject, rating, site, "
    "date, flags or review; --facts prints one row per figure, merged across sources."
)
TABLE_COLUMNS = ("id", "site", "scope", "year", "subject", "rating", "count", "percent", "total", "flags", "review")
FACT_TABLE_COLUMNS = ("scope", "year", "subject", "rating", "count", "percent", "total", "sources", "conflict", "sites")


def configure(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument(
        "--facts",
        action="store_true",
        help="one row per scope, year, subject and rating, merged across articles and sites (copies count once, "
        "conflict=1 when sources disagree); takes the place, year, subject and rating filters",
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "jsonl", "ids"),
        default="table",
        help="default: table; ids prints one record id a line (for `vnie review`)",
    )


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import Engine

    from pipeline.commands.output import write_jsonl, write_table
    from pipeline.store.database import FACT_COLUMNS, RECORD_COLUMNS, iter_facts, iter_records
    from pipeline.store.export import csv_row
    from pipeline.store.query import RecordFilter

    if args.facts:
        unused = [name for name in ("site", "since", "extractor_version", "review") if getattr(args, name)]
        if args.format == "ids":
            print("vnie records: --format ids lists records; a fact lists its records in record_ids", file=sys.stderr)
            return 2
        if args.flagged or unused:
            option = "--flagged" if args.flagged else "--" + unused[0].replace("_", "-")
            print(f"vnie records: {option} filters records, not facts; leave it out with --facts", file=sys.stderr)
            return 2

    def show_facts(engine: Engine, filters: RecordFilter) -> int:
        facts = list(iter_facts(engine, filters))
        if args.format == "jsonl":
            write_jsonl(facts)
        elif args.format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=FACT_COLUMNS)
            writer.writeheader()
            writer.writerows(facts)
        else:
            conflicts = sum(fact["conflict"] for fact in facts)
            write_table(facts, FACT_TABLE_COLUMNS, title=f"{len(facts)} facts, {conflicts} with conflicting sources")
        return 0

    def show(engine: Engine, filters: RecordFilter) -> int:
        if args.facts:
            return show_facts(engine, filters)
        rows = iter_records(engine, filters)
        if args.format == "jsonl":
            write_jsonl(rows)
        elif args.format == "ids":
            sys.stdout.write("".join(f"{row['id']}\n" for row in rows if row["id"] is not None))
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
