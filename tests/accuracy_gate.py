"""The accuracy gate: pinned floors for ``vnie eval`` on ../shared/gold and for the cleaner on the page
sets of ../shared (``pages``, ``pages-real``), with the digests of the data they were pinned on.

The tests (tests/evaluate/test_accuracy_gate.py, tests/evaluate/test_page_gate.py) fail when a score drops
below its floor or when the data changed under the floors. Raising floors to the current scores is free;
lowering one takes the explicit ``--lower`` flag, and accepting changed data takes ``--accept-gold-change``:

    .venv/bin/python -m tests.accuracy_gate --update [--lower] [--accept-gold-change]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FLOORS_FILE = Path(__file__).with_name("accuracy_floors.json")
GOLD_FILES = ("gold/dev.jsonl", "gold/seed.jsonl")
METRICS = ("f1", "precision", "recall", "scope_accuracy", "year_accuracy", "total_accuracy", "org_f1")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def current_scores(shared: Path = SHARED) -> dict[str, dict[str, float]]:
    from pipeline.evaluate.records import evaluate, load_gold

    scores = {}
    for name in GOLD_FILES:
        summary = evaluate(load_gold(shared / name)).summary()
        scores[name] = {metric: float(summary[metric]) for metric in METRICS}
    return scores


# ---- page sets: cleaning token F1 per site (layout) with ``vnie eval --pages DIR --no-records`` ----------

PAGE_SETS = ("pages", "pages-real")


def folder_digest(folder: Path) -> str:
    """One digest of every file of a page set (names and bytes), so a changed page or text is noticed."""
    hasher = hashlib.sha256()
    for path in sorted(item for item in folder.rglob("*") if item.is_file()):
        hasher.update(str(path.relative_to(folder)).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return hasher.hexdigest()


def page_scores(shared: Path = SHARED) -> dict[str, dict[str, float]]:
    """Per page set: the mean over sites of their mean token F1, the worst site, and each site's mean;
    leaks and pages that failed to clean are counted too (the gate wants none)."""
    from pipeline.evaluate.pages import load_cases, overall, score_case, summarize

    scores: dict[str, dict[str, float]] = {}
    for name in PAGE_SETS:
        summaries = summarize(score_case(case, with_records=False) for case in load_cases(shared / name))
        total = overall(summaries)
        scores[name] = {
            "f1_mean": total.f1_mean,
            "f1_worst_site": min(summary.f1_mean for summary in summaries),
            "leaks": float(total.leaks),
            "errors": float(total.errors),
            **{f"site {summary.layout}": summary.f1_mean for summary in summaries},
        }
    return scores


def update_pages(*, lower: bool, accept_change: bool) -> int:
    pinned = load_floors()
    digests = {name: folder_digest(SHARED / name) for name in PAGE_SETS}
    old_digests = pinned.get("page_digests") or {}
    if old_digests and old_digests != digests and not accept_change:
        print("a page set changed since the floors were pinned; pass --accept-gold-change", file=sys.stderr)
        return 2
    old_floors = pinned.get("page_floors") or {}
    floors: dict[str, dict[str, float]] = {}
    for name, scores in page_scores().items():
        old = old_floors.get(name, {})
        assert isinstance(old, dict)
        floors[name] = {}
        for metric, value in scores.items():
            if metric in ("leaks", "errors"):
                continue  # not floors: the gate wants none at all
            new = math.floor(value * 100) / 100
            previous = old.get(metric)
            if previous is not None and new < float(previous) and not lower:
                print(f"{name} {metric}: {new} is below the floor {previous}; pass --lower", file=sys.stderr)
                return 2
            floors[name][metric] = new
    pinned["page_digests"], pinned["page_floors"] = digests, floors
    FLOORS_FILE.write_text(json.dumps(pinned, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(floors, indent=2, ensure_ascii=False))
    return 0


def load_floors() -> dict[str, dict[str, object]]:
    data: dict[str, dict[str, object]] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


def update(*, lower: bool, accept_gold_change: bool) -> int:
    pinned = load_floors() if FLOORS_FILE.exists() else {"digests": {}, "floors": {}}
    digests = {name: digest(SHARED / name) for name in GOLD_FILES}
    if pinned["digests"] and pinned["digests"] != digests and not accept_gold_change:
        print("the gold data changed since the floors were pinned; pass --accept-gold-change", file=sys.stderr)
        return 2
    floors: dict[str, dict[str, float]] = {}
    for name, scores in current_scores().items():
        old = pinned["floors"].get(name, {})
        assert isinstance(old, dict)
        floors[name] = {}
        for metric, value in scores.items():
            new = math.floor(value * 100) / 100
            previous = old.get(metric)
            if previous is not None and new < float(previous) and not lower:
                print(
                    f"{name} {metric}: {new} is below the floor {previous}; pass --lower to lower it", file=sys.stderr
                )
                return 2
            floors[name][metric] = new
    kept = {key: value for key, value in pinned.items() if key not in ("digests", "floors")}  # the page sets
    content = {"digests": digests, "floors": floors, **kept}
    FLOORS_FILE.write_text(json.dumps(content, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(floors, indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="pin the current scores as floors")
    parser.add_argument("--lower", action="store_true", help="allow a floor to go down")
    parser.add_argument("--accept-gold-change", action="store_true", help="pin floors on changed gold data")
    parser.add_argument("--pages", action="store_true", help="the page sets' floors instead of the gold's")
    args = parser.parse_args()
    if not args.update:
        print(json.dumps(page_scores() if args.pages else current_scores(), indent=2, ensure_ascii=False))
        return 0
    if args.pages:
        return update_pages(lower=args.lower, accept_change=args.accept_gold_change)
    return update(lower=args.lower, accept_gold_change=args.accept_gold_change)


if __name__ == "__main__":
    sys.exit(main())
