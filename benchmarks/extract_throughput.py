"""Throughput of text -> records on one core, beside underthesea's ``ner`` on the same articles,
then the time one long article takes against its length (it must grow linearly).

Articles: the texts of ../shared/gold and ../shared/pages (used in place), else the test texts of
this repository. Long articles are made up (``made_up_article.py``). Model loading is excluded from
every figure (everything is warmed up first).

    .venv/bin/python benchmarks/extract_throughput.py [--rounds N] [--lengths 25000,50000,...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOAL = 800.0  # articles per second (issue 13)
BASELINE = 391.0  # articles per second (CPU time) of main when issue 13 was filed, in `make bench` on a quiet machine
LONG_GOAL = 2.0  # seconds, for any text up to 200k characters
BASELINE_LONG = {100_000: 3.6, 200_000: 24.6}  # CPU seconds of this made-up article on main at 2fe5490


def articles() -> list[str]:
    texts: list[str] = []
    for name in ("gold/dev.jsonl", "gold/seed.jsonl"):
        path = SHARED / name
        if path.exists():
            texts.extend(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line)
    texts.extend(p.read_text(encoding="utf-8") for p in sorted((SHARED / "pages").glob("*/*.expected.txt")))
    if not texts:  # without ../shared: the bundled sample pages' texts
        from pipeline.clean import clean_html

        texts = [clean_html(p.read_bytes()).text for p in sorted((REPO / "data").rglob("*.html"))]
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the articles (default 5)")
    parser.add_argument(
        "--lengths", default="25000,50000,100000,200000",
        help="lengths in characters of the made-up long articles timed (default 25000,50000,100000,200000)",
    )  # fmt: skip
    args = parser.parse_args()
    lengths = [int(length) for length in args.lengths.split(",") if length]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from underthesea import ner, sent_tokenize

    from pipeline.extract import extract_text

    texts = articles()
    extract_text(texts[0])  # warm-up: builds the spaCy pipeline, loads the gazetteer
    ner("Đảng bộ huyện Đông Sơn có 34 tổ chức cơ sở đảng.")  # warm-up: loads the CRF model

    wall, cpu = time.perf_counter(), time.process_time()
    records = 0
    for _ in range(args.rounds):
        for text in texts:
            records += len(extract_text(text).records)
    ours_wall, ours_cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = len(texts) * args.rounds

    sentences = [s for text in texts for line in text.split("\n") if line.strip() for s in sent_tokenize(line)]
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for sentence in sentences:
            ner(sentence)
    theirs_wall, theirs_cpu = time.perf_counter() - wall, time.process_time() - cpu

    chars = sum(len(text) for text in texts) / len(texts)
    print(f"articles: {len(texts)} (mean {chars:.0f} characters), rounds: {args.rounds}, one core")
    print("                            articles/s (CPU time)  articles/s (wall clock)")
    print(f"vnie text -> records        {done / ours_cpu:10.1f}             {done / ours_wall:10.1f}"
          f"     {records} records; baseline {BASELINE:.0f}, goal >= {GOAL:.0f}")  # fmt: skip
    print(f"underthesea ner, sentences  {done / theirs_cpu:10.1f}             {done / theirs_wall:10.1f}"
          f"     {len(sentences) * args.rounds / theirs_cpu:.0f} sentences/s")  # fmt: skip
    print(f"vnie is {theirs_cpu / ours_cpu:.1f}x the speed of running underthesea's ner alone (CPU time)")
    print("CPU time is the figure to compare: wall clock also counts what else the machine is doing.")
    long_articles(lengths)
    return 0


def long_articles(lengths: list[int]) -> None:
    """CPU seconds of one made-up article per length: linear growth keeps seconds per 100k flat."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from made_up_article import made_up_article

    from pipeline.extract import extract_text

    print("one long made-up article       CPU s    s per 100k chars  records   baseline")
    for length in lengths:
        text = made_up_article(length)
        cpu = time.process_time()
        records = len(extract_text(text).records)
        seconds = time.process_time() - cpu
        baseline = f"{BASELINE_LONG[length]:.1f} s" if length in BASELINE_LONG else ""
        flag = "" if length > 200_000 or seconds <= LONG_GOAL else f"  over the {LONG_GOAL:.0f} s goal"
        print(f"{length:>10,} characters      {seconds:7.2f}      {seconds / length * 100_000:7.2f}"
              f"          {records:5d}   {baseline}{flag}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
