"""Options shared by the commands that read records (``vnie records``, ``vnie export``); not a command itself."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.models import RATINGS, SUBJECTS
from pipeline.store.schema import REVIEW_STATES

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from pipeline.store.query import RecordFilter

DB_HELP = (
    "the database, an SQLAlchemy URL: sqlite:///FILE or postgresql://user@host/db "
    "(default: VNIE_DB, else sqlite:///data/vnie.sqlite, the one `vnie demo` fills)"
)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)
    group = parser.add_argument_group("filters (values are matched ignoring case and diacritics)")
    group.add_argument(
        "--province", metavar="P", help="province without prefix as named, or since 2025 ('Hải Phòng' finds Hải Dương)"
    )
    group.add_argument("--district", metavar="D", help="district without prefix, e.g. 'Đông Sơn'")
    group.add_argument("--year", metavar="Y", help="the year that was evaluated")
    group.add_argument("--subject", metavar="S", help="one of: " + "; ".join(SUBJECTS))
    group.add_argument("--rating", metavar="R", help="one of: " + "; ".join(RATINGS))
    group.add_argument("--site", metavar="S", help="site name, e.g. baothanhhoa")
    group.add_argument("--since", metavar="DATE", help="articles published on or after DATE (YYYY-MM-DD)")
    group.add_argument("--flagged", action="store_true", help="only records with validation flags")
    group.add_argument(
        "--extractor-version", metavar="V", help="records of this extractor version instead of the current ones"
    )
    group.add_argument("--review", metavar="STATE", help="review state: " + ", ".join(REVIEW_STATES))


def open_filtered(command: str, args: argparse.Namespace, then: Callable[[Engine, RecordFilter], int]) -> int:
    """Open the database read-only, resolve the filters, call ``then(engine, filters)``.

    Problems become one message on stderr: exit 2 for a bad filter value, 1 for a database problem.
    """
    from sqlalchemy.exc import DBAPIError

    from pipeline.store.database import StoreError, connect_readonly
    from pipeline.store.query import FilterError, resolve_filters

    try:
        engine = connect_readonly(args.db)
    except StoreError as error:
        print(f"vnie {command}: {error}", file=sys.stderr)
        return 1
    try:
        filters = resolve_filters(
            engine,
            province=args.province,
            district=args.district,
            year=args.year,
            subject=args.subject,
            rating=args.rating,
            site=args.site,
            since=args.since,
            flagged=args.flagged,
            extractor_version=args.extractor_version,
            review=args.review,
        )
        return then(engine, filters)
    except FilterError as error:
        print(f"vnie {command}: {error}", file=sys.stderr)
        return 2
    except DBAPIError as error:  # a file corrupted past its header, a server gone mid-query
        reason = str(error.orig or error).strip().splitlines()[0]
        print(f"vnie {command}: the database cannot be read: {reason}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
