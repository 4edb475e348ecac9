"""``vnie serve``: browse, facet, search and query the records in a web browser (read-only)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "serve"
HELP = (
    "Serve an SQLite database in a web UI (Datasette), read-only: the dashboard, facets, accent-blind search, "
    "canned queries, record pages with their evidence; reviewers log in with the links --reviewer prints."
)
SERVE_DB_HELP = (
    "the SQLite database to serve, sqlite:///FILE (default: VNIE_DB, else sqlite:///data/vnie.sqlite, the one "
    "`vnie demo` fills); a PostgreSQL store is served after `vnie export` or a copy to SQLite"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=SERVE_DB_HELP)
    parser.add_argument("--port", type=int, default=8001, help="default: 8001")
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine only)")
    parser.add_argument(
        "--reviewer",
        metavar="NAME",
        action="append",
        default=[],
        help="a reviewer who may confirm, reject, correct and add records in the UI; repeatable. Each gets a "
        "login link (printed at start, valid while this server runs); without one the UI is read-only",
    )


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
    from pipeline.serve.reviewing import ReviewAccess

    path = Path(url.database)
    base = f"http://{args.host}:{args.port}"
    reviewers = ReviewAccess.for_reviewers(path, list(dict.fromkeys(args.reviewer)))
    print(f"vnie serve: {base}/ (read-only: {path})", file=sys.stderr)
    for name, link in reviewers.login_links(base).items():
        print(f"vnie serve: reviewer {name} logs in at {link}", file=sys.stderr)
    serve(path, host=args.host, port=args.port, reviewers=reviewers)
    return 0
