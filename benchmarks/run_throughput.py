"""End-to-end throughput and memory of ``vnie run``: three local fake newspapers, zero delay.

Each size runs the whole nightly job (robots.txt, feeds, sitemaps, paginated categories, fetch,
WARC archive, clean, extract, store in SQLite) in a fresh process, and reports pages per second
(article pages fetched, archived and stored, divided by the run's wall time) and that process's peak
resident memory. Memory must stay flat as the pages grow: the frontier lives in the database and
every stage streams, so 3 x 500 pages should need about what 3 x 100 need.

Baseline (issue 4): 3 sites x 500 article pages with zero delay. For scale, a real night at the
polite default (1 s between requests to one host) fetches at most 1 page/s per site: 3 pages/s here.

    .venv/bin/python benchmarks/run_throughput.py [--pages 500] [--small 100]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
REPO = Path(__file__).resolve().parents[1]
SITES = 3
POLITE_CEILING = SITES * 1.0  # pages/s with the default 1 s delay per host
FLAT = 1.10  # peak memory at the big size may exceed the small size's by at most 10 %


def child(arguments: list[str]) -> int:
    """Run ``vnie run`` once in this process; print seconds, peak RSS and the page counts as JSON."""
    from contextlib import redirect_stdout
    from io import StringIO

    from pipeline.cli import main

    captured = StringIO()
    started = time.perf_counter()
    with redirect_stdout(captured):
        status = main(arguments)
    seconds = time.perf_counter() - started
    report = json.loads(captured.getvalue().strip().splitlines()[-1])
    sites = report["sites"].values()
    print(
        json.dumps(
            {
                "status": status,
                "seconds": seconds,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "fetched": sum(site["fetched"] for site in sites),
                "articles": sum(site["articles"] for site in sites),
                "records": sum(site["records"] for site in sites),
            }
        )
    )
    return status


def measure(pages: int) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from tests.mockserver import FakeNewspaper, sites_toml, three_papers

    papers = [FakeNewspaper(spec).start() for spec in three_papers(articles=pages, per_page=20)]
    try:
        with tempfile.TemporaryDirectory() as folder:
            sites = Path(folder) / "sites.toml"
            settings = {"delay_seconds": 0.0, "max_pages_per_site": pages * 2, "parallel_sites": SITES}
            sites.write_text(sites_toml(papers, settings), encoding="utf-8")
            command = [
                "run", "--sites", ",".join(p.spec.name for p in papers), "--sites-file", str(sites),
                "--db", f"sqlite:///{folder}/bench.sqlite", "--archive", f"{folder}/archive",
            ]  # fmt: skip
            done = subprocess.run(
                [sys.executable, __file__, "--child", json.dumps(command)],
                capture_output=True,
                text=True,
                check=False,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
            if done.returncode != 0:
                sys.stderr.write(done.stderr[-3000:])
                raise SystemExit(f"the run over {SITES} x {pages} pages failed")
            return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        for paper in papers:
            paper.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500, help="article pages per site (default 500, the baseline)")
    parser.add_argument("--small", type=int, default=100, help="the smaller size memory is compared with")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(args.child))

    print(
        f"vnie run, {SITES} local sites, zero delay "
        f"(baseline: {SITES} x 500 pages; polite ceiling {POLITE_CEILING:.0f} pages/s)"
    )
    results = {}
    for pages in (args.small, args.pages):
        result = measure(pages)
        results[pages] = result
        rate = result["fetched"] / result["seconds"]
        print(
            f"  {SITES} x {pages:>4} pages: {result['fetched']:>5.0f} fetched, {result['articles']:>5.0f} articles, "
            f"{result['records']:>6.0f} records in {result['seconds']:6.1f} s = {rate:6.1f} pages/s "
            f"({rate / POLITE_CEILING:.0f}x the polite ceiling); peak memory {result['peak_mb']:.0f} MB"
        )
    small, big = results[args.small]["peak_mb"], results[args.pages]["peak_mb"]
    growth = big / small
    pages_added = SITES * (args.pages - args.small)
    verdict = "flat" if growth <= FLAT else "NOT flat"
    print(
        f"  memory: {small:.0f} MB -> {big:.0f} MB for {pages_added} more pages "
        f"({(big - small) / pages_added * 1000:+.1f} MB per 1000 pages): {verdict} (limit {FLAT:.0%} of the small run)"
    )
    return 0 if growth <= FLAT else 1


if __name__ == "__main__":
    sys.exit(main())
