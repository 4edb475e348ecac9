"""``vnie run``: the nightly job (discover, fetch politely, archive, extract, store), or a replay of WARC files."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.commands.output import warn

NAME = "run"
HELP = "Nightly job: discover new articles, fetch politely, archive (WARC), clean, extract, store; print a JSON report."

DEFAULT_ARCHIVE = "data/archive"
_HANDLER: logging.Handler | None = None  # ours, replaced when a command runs again in the same process


def configure(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Exit status: 0 ok; 1 a site failed entirely, a replay file is missing or another run holds the lock; "
        "2 bad usage; 130 interrupted (SIGINT/SIGTERM: pages in flight are finished, the rest waits)."
    )
    parser.add_argument("--sites", metavar="NAME,...", help="only these sites (default: every known site)")
    parser.add_argument(
        "--sites-file", metavar="FILE", help="TOML [[site]] profiles merged over the built-in ones, and [settings]"
    )
    add_store_arguments(parser)
    parser.add_argument("--since", metavar="DATE", help="ignore listed articles dated before DATE (YYYY-MM-DD)")
    parser.add_argument(
        "--max-pages",
        metavar="N",
        type=int,
        help="article pages fetched per site in this run (default: the max_pages_per_site setting, 2000)",
    )
    parser.add_argument("--report", metavar="FILE", help="also write the JSON report to FILE")
    parser.add_argument(
        "--replay", metavar="WARC", nargs="+", help="process these WARC files instead of the network (no discovery)"
    )


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: VNIE_DB or sqlite:///data/vnie.sqlite)")
    parser.add_argument(
        "--archive", metavar="DIR", help=f"WARC archive folder (default: VNIE_ARCHIVE or {DEFAULT_ARCHIVE}/)"
    )


def archive_dir(args: argparse.Namespace) -> Path:
    return Path(args.archive or os.environ.get("VNIE_ARCHIVE") or DEFAULT_ARCHIVE)


class UsageError(Exception):
    """Bad command-line input: exit status 2."""


def configure_logging() -> Any:
    """Rich progress and log lines on a terminal, plain timestamped lines otherwise; returns the console
    for progress bars (None when stderr is not a terminal)."""
    from rich.console import Console

    global _HANDLER
    console = Console(stderr=True)
    root = logging.getLogger()
    if _HANDLER is not None:
        root.removeHandler(_HANDLER)
    if console.is_terminal:
        from rich.logging import RichHandler

        _HANDLER = RichHandler(console=console, show_path=False)
    else:
        _HANDLER = logging.StreamHandler(sys.stderr)
        _HANDLER.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_HANDLER)
    root.setLevel(logging.INFO)
    for noisy in ("urllib3", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    # closing a connection the server dropped is logged with a traceback by the pool: the run says it in a line
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    return console if console.is_terminal else None


def load_sites(args: argparse.Namespace) -> tuple[Any, Any]:
    """(profiles, settings): the built-in profiles with the sites file merged over them by name."""
    from scrapers.settings import load_settings
    from scrapers.sites import builtin_profiles, load_profiles

    profiles = {profile.name: profile for profile in builtin_profiles()}
    settings = load_settings(None)
    if args.sites_file:
        path = Path(args.sites_file)
        try:
            settings = load_settings(path)
            if "site" in tomllib.loads(path.read_text(encoding="utf-8")):
                profiles.update((profile.name, profile) for profile in load_profiles(path))
        except FileNotFoundError as error:
            raise UsageError(f"{path}: no such file") from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise UsageError(f"{path}: not a valid sites file: {error}") from error
    chosen = tuple(profiles.values())
    if getattr(args, "sites", None):
        names = [name.strip() for name in args.sites.split(",") if name.strip()]
        unknown = [name for name in names if name not in profiles]
        if unknown:
            raise UsageError(f"unknown site(s) {', '.join(unknown)}; known: {', '.join(sorted(profiles))}")
        chosen = tuple(profiles[name] for name in names)
    return chosen, settings


def parse_since(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise UsageError(f"--since {text!r}: give a date as YYYY-MM-DD") from error


def emit_report(report: dict[str, Any], path: str | None) -> int:
    """The report as one JSON line on stdout, and pretty-printed to ``path``; 1 when the file cannot be written."""
    print(json.dumps(report, ensure_ascii=False), flush=True)
    if path:
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            warn(path, f"cannot write the report: {error.strerror or error}")
            return 1
    return 0


def _interrupt(_signal: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    from pipeline.run import Display, RunOptions, nightly_run, replay
    from pipeline.store.database import StoreError
    from scrapers.state import LockHeld

    console = configure_logging()
    try:
        profiles, settings = load_sites(args)
        since = parse_since(args.since)
        if args.max_pages is not None and args.max_pages < 0:
            raise UsageError("--max-pages must be 0 or more")
    except UsageError as error:
        print(f"vnie run: {error}", file=sys.stderr)
        return 2
    if args.replay:
        files, missing = [], 0
        for name in args.replay:
            if Path(name).is_file():
                files.append(Path(name))
            else:
                warn(name, "no such WARC file")
                missing += 1
        try:
            report = replay(files, db_url=args.db, profiles=profiles, settings=settings)
        except StoreError as error:
            print(f"vnie run: {error}", file=sys.stderr)
            return 1
        written = emit_report(report.to_dict(), args.report)
        return 1 if missing or written or report.exit_status else 0
    options = RunOptions(
        sites=profiles,
        archive_dir=archive_dir(args),
        db_url=args.db,
        since=since,
        max_pages=args.max_pages,
        settings=settings,
    )
    signal.signal(signal.SIGTERM, _interrupt)  # systemd stops a unit with SIGTERM: end like Ctrl-C
    try:
        report = nightly_run(options, Display(console))
    except LockHeld as error:
        print(f"vnie run: {error}; not starting", file=sys.stderr)
        return 1
    except StoreError as error:  # the database cannot be opened, or another run holds it
        print(f"vnie run: {error}", file=sys.stderr)
        return 1
    written = emit_report(report.to_dict(), args.report)
    return report.exit_status or written
