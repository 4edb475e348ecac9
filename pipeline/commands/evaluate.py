"""``vnie eval``: score extraction against gold data (the rules of gold/FORMAT.md)."""

from __future__ import annotations

import argparse
import json
import sys

NAME = "eval"
HELP = "Score extraction against a gold file: precision, recall, F1, field accuracies and every error."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", metavar="FILE", action="append", help="gold JSON lines (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    parser.add_argument("--quiet", action="store_true", help="only the summary, not the list of errors")


def run(args: argparse.Namespace) -> int:
    from pipeline.evaluate import evaluate, load_gold

    if not args.gold:
        print("vnie eval: give --gold FILE", file=sys.stderr)
        return 2
    status = 0
    for path in args.gold:
        try:
            gold = load_gold(path)
        except (OSError, ValueError) as problem:
            print(f"vnie: {path}: {problem}", file=sys.stderr)
            status = 1
            continue
        score = evaluate(gold)
        if not args.quiet:
            for error in score.errors:
                print(error)
        if args.json:
            print(json.dumps({"gold": path, "articles": len(gold), **score.summary()}, ensure_ascii=False))
        else:
            print(f"{path}: {len(gold)} articles; {score.line()}")
    return status
