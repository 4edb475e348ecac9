"""Pages per second of ``vnie clean``'s code and of trafilatura on the same pages, in the same run.

    python benchmarks/clean_throughput.py [--pages DIR ...] [--rounds N]

Defaults to ``../shared/pages`` and ``../shared/pages-real`` (when present) and ``tests/fixtures/layouts``.
The baseline is the one the issues name: ``trafilatura.extract(html, include_comments=False)``; the goal
(issue 13) is four times its speed, the second opinion included (vnie's time holds the trafilatura runs it
asks for). Both read the same bytes. The two are timed page by page, alternately, and each page counts with its
fastest round: the machine is shared, and a load spike must hit both sides alike, not one of them.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOAL = 4.0  # times trafilatura's pages per second (issue 13; issue 10 asked for 2)
DEFAULT_FOLDERS = (
    REPO.parent / "shared" / "pages",
    REPO.parent / "shared" / "pages-real",
    REPO / "tests" / "fixtures" / "layouts",
)


def compare(functions: dict[str, Callable[[bytes], object]], pages: list[bytes], rounds: int) -> dict[str, float]:
    """Pages per second of each function: per page the fastest of ``rounds`` alternating runs."""
    best = {name: [float("inf")] * len(pages) for name in functions}
    for function in functions.values():
        function(pages[0])  # imports, caches
    for _ in range(rounds):
        for index, page in enumerate(pages):
            for name, function in functions.items():
                start = time.perf_counter()
                function(page)
                best[name][index] = min(best[name][index], time.perf_counter() - start)
    return {name: len(pages) / sum(times) for name, times in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", action="append", type=Path, help="folder of <layout>/<id>.html (repeatable)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the pages (default 5)")
    args = parser.parse_args()
    folders = args.pages or [folder for folder in DEFAULT_FOLDERS if folder.is_dir()]
    pages = [
        path.read_bytes() for folder in folders for path in sorted([*folder.glob("*.htm*"), *folder.glob("*/*.htm*")])
    ]
    if not pages:
        raise SystemExit("no pages found; give --pages DIR")

    import trafilatura

    from pipeline.clean import CleaningError
    from pipeline.clean.cleaner import clean_and_explain

    asked: set[int] = set()

    def vnie(page: bytes) -> object:
        try:
            cleaned = clean_and_explain(page)
        except CleaningError:
            return None
        if cleaned.opinion.asked:
            asked.add(id(page))
        return cleaned

    def baseline(page: bytes) -> object:
        return trafilatura.extract(page, include_comments=False)

    speed = compare({"vnie": vnie, "trafilatura": baseline}, pages, args.rounds)
    ours, theirs = speed["vnie"], speed["trafilatura"]
    size = sum(len(page) for page in pages) / len(pages) / 1024
    print(f"{len(pages)} pages (mean {size:.0f} KiB) from {', '.join(str(folder) for folder in folders)}")
    print(f"vnie clean_html:                          {ours:7.1f} pages/s")
    print(f"trafilatura.extract(include_comments=False): {theirs:7.1f} pages/s")
    print(f"second opinion asked on {len(asked)} of {len(pages)} pages (its trafilatura runs are in vnie's time)")
    print(f"ratio: {ours / theirs:.2f}x (goal: at least {GOAL:g}x)")


if __name__ == "__main__":
    main()
