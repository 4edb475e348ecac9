"""``vnie migrate``: upgrade a database made by an older vnie to this version's schema, data kept."""

from __future__ import annotations

import argparse
import sys

from pipeline.commands.record_options import DB_HELP

NAME = "migrate"
HELP = "Upgrade the database schema to this version of vnie (an SQLite file is copied to FILE.<revision>.bak first)."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from pipeline.store.database import StoreError, database_url, engine_for, opening
    from pipeline.store.migrate import head_revision, upgrade

    url = database_url(args.db)
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        shown = url
    try:
        engine = engine_for(url, readonly=False)
        try:
            with opening(engine):
                done = upgrade(engine)
        finally:
            engine.dispose()
    except StoreError as error:
        print(f"vnie migrate: {shown}: {error}", file=sys.stderr)
        return 1
    found = done.found
    was = {"current": "already at", "empty": "created at"}.get(
        found.kind, f"upgraded from {found.revision or found.kind} to"
    )
    kept = f"; the old file is kept as {done.backup}" if done.backup else ""
    print(f"vnie migrate: {shown}: {was} schema revision {head_revision()}{kept}", file=sys.stderr)
    return 0
