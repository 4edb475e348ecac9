"""``vnie serve``: browse, facet, search and query the records in a web browser (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.commands.record_options import DB_HELP

NAME = "serve"
HELP = (
    "Serve the SQLite database read-only in a web UI (Datasette): facets, accent-blind search, "
    "canned queries for the common questions, record pages with their evidence."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP + "; must be SQLite")
    parser.add_argument("--port", type=int, default=8001, help="default: 8001")
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from pipeline.store.database import StoreError, connect_readonly, database_url

    url = make_url(database_url(args.db))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        print(
            "vnie serve: the web UI serves an SQLite file; for PostgreSQL, `vnie export` the records "
            "or point --db at an SQLite copy",
            file=sys.stderr,
        )
        return 2
    try:
        connect_readonly(str(url)).dispose()  # refuses a missing, older or foreign database with a message
    except StoreError as error:
        print(f"vnie serve: {error}", file=sys.stderr)
        return 1
    from pipeline.serve.app import serve

    path = Path(url.database)
    print(f"vnie serve: http://{args.host}:{args.port}/ (read-only: {path})", file=sys.stderr)
    serve(path, host=args.host, port=args.port)
    return 0
