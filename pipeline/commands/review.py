"""``vnie review``: confirm, reject, correct or add records; list and check reviews; export them as gold data."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.commands.record_options import DB_HELP

NAME = "review"
HELP = (
    "Review records: confirm, reject (with a reason), correct fields, add a missed record with its evidence; "
    "list and check reviews (those whose evidence vanished); export reviewed articles as gold lines for `vnie eval`."
)
FIELDS_HELP = "FIELD=VALUE, repeatable; fields: scope province district year subject rating count percent approx total"


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="review_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--db", metavar="URL", help=DB_HELP)
        return sub

    def who(sub: argparse.ArgumentParser, *, reason_required: bool) -> None:
        sub.add_argument(
            "--reviewer", metavar="NAME", help="who reviews (default: VNIE_REVIEWER, else your login name)"
        )
        sub.add_argument("--reason", metavar="TEXT", required=reason_required, help="why")

    confirm = action("confirm", "Confirm records as extracted (or as corrected).")
    confirm.add_argument("records", metavar="RECORD_ID", type=int, nargs="*", help="record ids (records.id)")
    confirm.add_argument("--article", metavar="ARTICLE_ID", type=int, help="every unreviewed record of an article")
    who(confirm, reason_required=False)
    reject = action("reject", "Reject a record as wrong, with the reason.")
    reject.add_argument("record", metavar="RECORD_ID", type=int)
    who(reject, reason_required=True)
    correct = action("correct", "Correct fields of a record (the extracted row is kept; the correction is shown).")
    correct.add_argument("record", metavar="RECORD_ID", type=int)
    correct.add_argument(
        "--set", dest="values", metavar="FIELD=VALUE", action="append", required=True, help=FIELDS_HELP
    )
    who(correct, reason_required=True)
    add = action("add", "Add a record the extractor missed, with its evidence (a span of the article text).")
    add.add_argument("article", metavar="ARTICLE_ID", type=int, help="articles.id")
    add.add_argument("--evidence", metavar="TEXT", required=True, help="the words stating the record, as written")
    add.add_argument("--set", dest="values", metavar="FIELD=VALUE", action="append", required=True, help=FIELDS_HELP)
    who(add, reason_required=True)
    listing = action("list", "List the reviews, newest last.")
    listing.add_argument("--format", choices=("table", "jsonl"), default="table", help="default: table")
    action("check", "Report reviews whose record or evidence can no longer be found (exit 1 when there are any).")
    gold = action("export-gold", "Write the reviewed articles as gold lines (gold/FORMAT.md) for `vnie eval --gold`.")
    gold.add_argument("out", metavar="OUT", help="JSON lines file to write")
    gold.add_argument("--force", action="store_true", help="replace OUT when it exists")
    gold.add_argument(
        "--include-unreviewed",
        action="store_true",
        help="also articles with records nobody reviewed (taken as extracted)",
    )


def _reviewer(args: argparse.Namespace) -> str:
    return str(args.reviewer or os.environ.get("VNIE_REVIEWER") or getpass.getuser())


def _values(pairs: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"--set wants FIELD=VALUE, not {pair!r}")
        values[name.strip()] = value
    return values


def run(args: argparse.Namespace) -> int:
    from pipeline.store.database import StoreError, connect, connect_readonly

    writes = args.review_command in ("confirm", "reject", "correct", "add")
    try:
        engine = connect(args.db) if writes else connect_readonly(args.db)
    except StoreError as error:
        print(f"vnie review: {error}", file=sys.stderr)
        return 1
    try:
        return _dispatch(args, engine)
    except ValueError as error:
        print(f"vnie review: {error}", file=sys.stderr)
        return 2
    except StoreError as error:
        print(f"vnie review: {error}", file=sys.stderr)
        return 2 if writes else 1
    finally:
        engine.dispose()


def _dispatch(args: argparse.Namespace, engine: Any) -> int:
    from pipeline.store import review

    command = args.review_command
    if command == "confirm":
        ids = list(args.records) + (review.unreviewed_ids(engine, args.article) if args.article else [])
        if not ids:
            raise ValueError("give record ids, or --article ID with unreviewed records")
        for record_id in ids:
            number = review.review_record(engine, record_id, "confirm", reviewer=_reviewer(args), reason=args.reason)
            print(f"vnie review: record {record_id} confirmed (review {number})", file=sys.stderr)
        return 0
    if command == "reject":
        number = review.review_record(engine, args.record, "reject", reviewer=_reviewer(args), reason=args.reason)
        print(f"vnie review: record {args.record} rejected (review {number})", file=sys.stderr)
        return 0
    if command == "correct":
        number = review.review_record(
            engine, args.record, "correct", reviewer=_reviewer(args), reason=args.reason, changes=_values(args.values)
        )
        print(f"vnie review: record {args.record} corrected (review {number})", file=sys.stderr)
        return 0
    if command == "add":
        number = review.add_record(
            engine, args.article, evidence=args.evidence, values=_values(args.values), reviewer=_reviewer(args),
            reason=args.reason,
        )  # fmt: skip
        print(f"vnie review: record added to article {args.article} (review {number})", file=sys.stderr)
        return 0
    if command == "list":
        return _list(engine, args.format)
    if command == "check":
        orphans = review.orphaned(engine)
        for orphan in orphans:
            print(
                f"vnie review: review {orphan.review_id} ({orphan.action}) of {orphan.article_url}: {orphan.note}; "
                f"evidence: {orphan.evidence!r}",
                file=sys.stderr,
            )
        print(f"vnie review: {len(orphans)} reviews lost their record", file=sys.stderr)
        return 1 if orphans else 0
    return _export_gold(engine, Path(args.out), force=args.force, include_unreviewed=args.include_unreviewed)


def _list(engine: Any, fmt: str) -> int:
    from pipeline.commands.output import write_jsonl, write_table
    from pipeline.store.review import list_reviews

    rows = list_reviews(engine)
    if fmt == "jsonl":
        write_jsonl(rows)
        return 0
    columns = ("id", "action", "record_id", "status", "reviewer", "reviewed_at", "count", "reason", "evidence")
    write_table(rows, columns, title=f"{len(rows)} reviews")
    return 0


def _export_gold(engine: Any, out: Path, *, force: bool, include_unreviewed: bool) -> int:
    from pipeline.store.review import gold_export

    if out.exists() and not force:
        print(f"vnie review: {out} exists; give --force to replace it", file=sys.stderr)
        return 2
    export = gold_export(engine, include_unreviewed=include_unreviewed)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = out.with_name(f".{out.name}.partial")
    with staged.open("w", encoding="utf-8") as stream:
        for line in export.lines:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    staged.replace(out)
    for url, why in export.skipped:
        print(f"vnie review: left out {url}: {why}", file=sys.stderr)
    records = sum(len(line["records"]) for line in export.lines)
    print(
        f"vnie review: {len(export.lines)} reviewed articles ({records} records) -> {out}; "
        f"score the extractor on them with `vnie eval --gold {out}`",
        file=sys.stderr,
    )
    return 0
