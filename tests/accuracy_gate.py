"""The accuracy gate: pinned floors for ``vnie eval`` on ../shared/gold, and the gold files' digests.

The test (tests/evaluate/test_accuracy_gate.py) fails when a score drops below its floor or when the gold
data changed under the floors. Raising floors to the current scores is free; lowering one takes
the explicit ``--lower`` flag, and accepting changed gold data takes ``--accept-gold-change``:

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
    FLOORS_FILE.write_text(json.dumps({"digests": digests, "floors": floors}, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(floors, indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="pin the current scores as floors")
    parser.add_argument("--lower", action="store_true", help="allow a floor to go down")
    parser.add_argument("--accept-gold-change", action="store_true", help="pin floors on changed gold data")
    args = parser.parse_args()
    if not args.update:
        print(json.dumps(current_scores(), indent=2))
        return 0
    return update(lower=args.lower, accept_gold_change=args.accept_gold_change)


if __name__ == "__main__":
    sys.exit(main())
