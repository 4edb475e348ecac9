"""``vnie reprocess``: rebuild articles and records from the WARC archive, without the network."""

from __future__ import annotations

import argparse
import sys

from pipeline.commands.run import (
    UsageError,
    add_store_arguments,
    archive_dir,
    configure_logging,
    emit_report,
    load_sites,
    parse_since,
)

NAME = "reprocess"
HELP = "Clean, extract and store again every archived article (after an extractor upgrade); no network, idempotent."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="DATE", help="only WARC files written on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--sites-file", metavar="FILE", help="TOML [[site]] profiles merged over the built-in ones")
    add_store_arguments(parser)
    parser.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")


def run(args: argparse.Namespace) -> int:
    from pipeline.reprocess import reprocess
    from scrapers.state import LockHeld

    configure_logging()
    folder = archive_dir(args)
    try:
        profiles, settings = load_sites(args)
        since = parse_since(args.since)
        if not folder.is_dir():
            raise UsageError(f"{folder}: no archive folder")
    except UsageError as error:
        print(f"vnie reprocess: {error}", file=sys.stderr)
        return 2
    try:
        report = reprocess(folder, since=since, db_url=args.db, profiles=profiles, settings=settings)
    except LockHeld as error:
        print(f"vnie reprocess: {error}; not starting", file=sys.stderr)
        return 1
    return emit_report(report.to_dict(), args.report) or report.exit_status
