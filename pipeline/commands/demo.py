"""``vnie demo``: the nightly job's page stages on a bundled archive of sample pages, no network needed.

It is ``vnie run --replay data/demo/sample-pages.warc.gz`` into its own SQLite file (so invented sample
articles never mix with a real database), then the records that replay stored, as a table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "demo"
HELP = "Replay the bundled WARC archive of sample pages (as `vnie run --replay`) into SQLite and print the records."

SAMPLE_ARCHIVE = Path(__file__).resolve().parents[2] / "data" / "demo" / "sample-pages.warc.gz"
DEMO_DB = "sqlite:///data/demo.sqlite"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=DEMO_DB, help=f"SQLAlchemy URL (default: {DEMO_DB})")
    parser.add_argument("--archive", metavar="WARC", default=str(SAMPLE_ARCHIVE), help="WARC file to replay")


def run(args: argparse.Namespace) -> int:
    from pipeline.commands.output import warn, write_table
    from pipeline.commands.run import configure_logging
    from pipeline.run import replay
    from pipeline.store.database import connect, iter_records

    configure_logging()
    archive = Path(args.archive)
    if not archive.is_file():
        warn(args.archive, "no such WARC file")
        return 1
    report = replay([archive], db_url=args.db)
    engine = connect(args.db)
    try:
        rows = [row for row in iter_records(engine) if row["run_id"] == report.run_id]
    finally:
        engine.dispose()
    stored = sum(tally.articles for tally in report.sites)
    columns = ("site", "scope", "year", "subject", "rating", "count", "percent", "approx", "total")
    write_table(rows, columns, title=f"vnie demo: {len(rows)} records from {stored} sample articles")
    print(f"vnie demo: {archive.name} replayed into {args.db} (run {report.run_id})", file=sys.stderr)
    return report.exit_status
