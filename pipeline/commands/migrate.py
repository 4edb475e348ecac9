"""``vnie migrate``: upgrade a database made by an older vnie to this version's schema, data kept.

It never creates a database: a missing SQLite file or an empty database is refused with what creates
one (``vnie demo``, ``vnie run``), so a mistyped ``--db`` does not leave an empty file behind.
"""

from __future__ import annotations

import argparse
import sys

from pipeline.commands.record_options import DB_HELP

NAME = "migrate"
HELP = (
    "Upgrade an existing database to this version's schema, data kept (an SQLite file is copied to "
    "FILE.<revision>.bak first); never creates one."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    from pipeline.store.database import StoreError, database_url, engine_for, opening
    from pipeline.store.migrate import head_revision, upgrade

    url = database_url(args.db)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        print(f"vnie migrate: {url}: not a database URL (e.g. sqlite:///data/vnie.sqlite)", file=sys.stderr)
        return 1
    shown = parsed.render_as_string(hide_password=True)
    create = "`vnie demo` or `vnie run` create one; check --db or VNIE_DB"
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or ":memory:").is_file():
        print(f"vnie migrate: {shown}: no database there; nothing to upgrade ({create})", file=sys.stderr)
        return 1
    try:
        looking = engine_for(url, readonly=True)  # a look that writes nothing, not even a journal
        try:
            empty = not inspect(looking).get_table_names()
        finally:
            looking.dispose()
        if empty:
            print(f"vnie migrate: {shown}: the database is empty; nothing to upgrade ({create})", file=sys.stderr)
            return 1
        engine = engine_for(url, readonly=False)
        try:
            with opening(engine):
                done = upgrade(engine)
        finally:
            engine.dispose()
    except StoreError as error:
        print(f"vnie migrate: {shown}: {error}", file=sys.stderr)
        return 1
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        print(f"vnie migrate: {shown}: cannot open the database: {reason}", file=sys.stderr)
        return 1
    found = done.found
    was = "already at" if found.kind == "current" else f"upgraded from {found.revision or found.kind} to"
    kept = f"; the old file is kept as {done.backup}" if done.backup else ""
    print(f"vnie migrate: {shown}: {was} schema revision {head_revision()}{kept}", file=sys.stderr)
    return 0
