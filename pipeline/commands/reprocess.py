"""``vnie reprocess``: rebuild articles and records from the WARC archive, without the network;
``--dask`` maps the archive's WARC files over a Dask cluster (a local one, or a running scheduler)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

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
LOCAL = "local"  # --dask without an address


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit status: 0 ok; 1 another run holds the lock, a shard failed after its retries, a site failed entirely "
        "or no Dask scheduler answers; 2 bad usage; 130 interrupted."
    )
    parser.add_argument("--since", metavar="DATE", help="only WARC files written on or after DATE (YYYY-MM-DD)")
    parser.add_argument("--sites-file", metavar="FILE", help="TOML [[site]] profiles merged over the built-in ones")
    add_store_arguments(parser)
    parser.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")
    parser.add_argument(
        "--dask",
        metavar="SCHEDULER",
        nargs="?",
        const=LOCAL,
        help="one task per WARC file on Dask: on a running scheduler (tcp://HOST:8786), or, with no address, "
        "on a local cluster of --workers processes",
    )
    parser.add_argument(
        "--workers", metavar="N", type=int, help="processes of the local Dask cluster (default: one per core)"
    )


def run(args: argparse.Namespace) -> int:
    from scrapers.state import LockHeld

    console = configure_logging()
    folder = archive_dir(args)
    try:
        profiles, settings = load_sites(args)
        since = parse_since(args.since)
        if not folder.is_dir():
            raise UsageError(f"{folder}: no archive folder")
        if args.workers is not None and (args.dask != LOCAL or args.workers < 1):
            raise UsageError("--workers N (1 or more) goes with --dask and no scheduler address")
    except UsageError as error:
        print(f"vnie reprocess: {error}", file=sys.stderr)
        return 2
    try:
        if args.dask is not None:
            return _on_dask(args, folder, since, profiles, settings, console)
        from pipeline.reprocess import reprocess

        report = reprocess(folder, since=since, db_url=args.db, profiles=profiles, settings=settings)
    except LockHeld as error:
        print(f"vnie reprocess: {error}; not starting", file=sys.stderr)
        return 1
    return emit_report(report.to_dict(), args.report) or report.exit_status


def _on_dask(
    args: argparse.Namespace, folder: Path, since: date | None, profiles: Any, settings: Any, console: Any
) -> int:
    from pipeline.backfill import BackfillOptions, SchedulerUnreachable, backfill
    from pipeline.store.database import StoreError

    options = BackfillOptions(
        archive_dir=folder,
        db_url=args.db,
        since=since,
        profiles=profiles,
        settings=settings,
        scheduler=None if args.dask == LOCAL else args.dask,
        workers=args.workers or os.cpu_count() or 1,
    )
    try:
        report = backfill(options, console)
    except (SchedulerUnreachable, StoreError) as error:
        print(f"vnie reprocess: {error}", file=sys.stderr)
        return 1
    return emit_report(report.to_dict(), args.report) or report.exit_status
