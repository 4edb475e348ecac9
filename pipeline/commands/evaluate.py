"""``vnie eval``: score extraction against gold data (the rules of gold/FORMAT.md), or the cleaner
and extraction end to end against a folder of pages (``--pages``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = "eval"
HELP = (
    "Score extraction against a gold file (precision, recall, F1, field accuracies, every error), "
    "or cleaning and records end to end on a folder of pages (--pages)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", metavar="FILE", action="append", help="gold JSON lines (repeatable)")
    parser.add_argument(
        "--pages",
        metavar="DIR",
        action="append",
        help="folder of <layout>/<id>.html with <id>.expected.txt, or an index.jsonl naming layout, path and "
        "expected (and gold records), like ../shared/pages or ../shared/pages-real: prints cleaning token F1 per "
        "layout and overall, leaks, how often the second opinion was asked and taken, and records end to end "
        "(repeatable); exit 1 when a page could not be cleaned",
    )
    parser.add_argument("--no-records", action="store_true", help="with --pages: score cleaning only")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON objects")
    parser.add_argument("--quiet", action="store_true", help="only the summary, not the list of errors")
    folds = parser.add_argument_group(
        "folds (by a hash of each article id): score a held-back fold apart from the folds rules are written from"
    )
    folds.add_argument("--folds", metavar="K", type=int, help="split the gold into K folds")
    which = folds.add_mutually_exclusive_group()
    which.add_argument("--fold", metavar="I", type=int, help="score only fold I (0 <= I < K)")
    which.add_argument("--without-fold", metavar="I", type=int, help="score every fold but fold I")


def run(args: argparse.Namespace) -> int:
    if not args.gold and not args.pages:
        print("vnie eval: give --gold FILE or --pages DIR", file=sys.stderr)
        return 2
    if (args.folds is None) != (args.fold is None and args.without_fold is None):
        print("vnie eval: --folds K goes with --fold I or --without-fold I", file=sys.stderr)
        return 2
    status = 0
    for path in args.gold or ():
        status = max(status, _gold(path, args))
    for folder in args.pages or ():
        status = max(status, _pages(folder, args))
    return status


def _gold(path: str, args: argparse.Namespace) -> int:
    from pipeline.evaluate.records import evaluate, in_fold, load_gold

    try:
        gold = load_gold(path)
    except (OSError, ValueError) as problem:
        print(f"vnie: {path}: {problem}", file=sys.stderr)
        return 1
    label = path
    if args.folds is not None:
        fold = args.fold if args.fold is not None else args.without_fold
        try:
            gold = in_fold(gold, args.folds, fold, complement=args.fold is None)
        except ValueError as problem:
            print(f"vnie eval: {problem}", file=sys.stderr)
            return 2
        label = f"{path} ({'fold' if args.fold is not None else 'all but fold'} {fold} of {args.folds})"
    failures: list[str] = []
    score = evaluate(gold, _isolated(failures))
    for failure in failures:
        print(f"vnie: {failure}", file=sys.stderr)
    if not args.quiet:
        print(score.classes_line())
        for error in score.errors:
            print(error)
    if args.json:
        summary = {"gold": label, "articles": len(gold), **score.summary(), "errors": dict(score.error_classes)}
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{label}: {len(gold)} articles; {score.line()}")
    return 1 if failures else 0


def _isolated(failures: list[str]) -> Any:
    """vnie's extraction of each gold article; one that raises is reported and scored as finding nothing."""
    from pipeline.evaluate.records import predict_gold_article
    from pipeline.models import ExtractionResult

    def predict(item: Any) -> ExtractionResult:
        try:
            return predict_gold_article(item)
        except Exception as error:  # one article's crash must not end the evaluation
            failures.append(f"{item.id}: extraction failed ({type(error).__name__}: {error}); scored as empty")
            return ExtractionResult()

    return predict


def _pages(folder: str, args: argparse.Namespace) -> int:
    from pipeline.evaluate.pages import load_cases, overall, score_case, summarize

    try:
        cases = load_cases(folder)
    except (OSError, ValueError) as problem:
        print(f"vnie: {folder}: {problem}", file=sys.stderr)
        return 1
    results = [score_case(case, with_records=not args.no_records) for case in cases]
    if not args.quiet:
        for result in results:
            where = f"{result.case.layout}/{result.case.id}"
            if result.error:
                print(f"{where}: not cleaned: {result.error}")
            if result.f1 < 0.98 and not result.error:
                print(
                    f"{where}: token F1 {result.f1:.3f} (precision {result.precision:.3f}, recall {result.recall:.3f})"
                )
            if result.leaks:
                print(f"{where}: leaks {', '.join(repr(leak) for leak in result.leaks)}")
    summaries = summarize(results)
    for summary in summaries:
        if args.json:
            print(json.dumps({"pages": folder, **summary.summary()}, ensure_ascii=False))
        else:
            print(f"{folder}: {summary.line()}")
    total = overall(summaries)
    if args.json:
        print(json.dumps({"pages": folder, **total.summary()}, ensure_ascii=False))
    else:
        print(f"{folder}: {total.line()}")
    return 1 if total.errors else 0
