"""Store speed: saving articles with their records, re-processing them, and the analysts' reads.

Baseline: the core's first store (``pipeline/store/database.py`` at commit 3a2b342, loaded from git), which had
no constraints, audit, search index or migrations. The articles are synthetic (five records each,
spread over provinces, districts and years) so the figures do not depend on extraction.

    .venv/bin/python benchmarks/store_throughput.py [--articles N] [--postgres URL]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402

from pipeline.models import RATINGS, SUBJECTS, Article, ExtractionResult, RatingRecord  # noqa: E402
from pipeline.store.database import connect, connect_readonly, iter_records, save  # noqa: E402
from pipeline.store.query import RecordFilter  # noqa: E402

BASELINE_COMMIT = "3a2b342"
PROVINCES = ("Thanh Hóa", "Hải Dương", "Nghệ An", "Quảng Trị", "Cần Thơ")
DISTRICTS = ("Đông Sơn", "Thanh Hà", "Nam Đàn", "Gio Linh", "Phong Điền", "Quảng Xương", "Yên Định")


def sample(number: int) -> tuple[Article, ExtractionResult]:
    province, district = PROVINCES[number % len(PROVINCES)], DISTRICTS[number % len(DISTRICTS)]
    year = 2015 + number % 10
    sentences = [
        f"Năm {year}, Đảng bộ huyện {district} có {30 + i} tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, "
        f"chiếm {50 + i},5%."
        for i in range(5)
    ]
    body = "\n\n".join(sentences)
    title = f"Huyện {district} tổng kết đánh giá, xếp loại năm {year} (bài {number})"
    article = Article(body=body, title=title, url=f"https://bench.example/{number}.htm", site=f"site{number % 7}")
    text_all = f"{title}\n\n{body}"
    records = []
    for i, sentence in enumerate(sentences):
        start = text_all.index(sentence)
        records.append(
            RatingRecord(
                subject=SUBJECTS[i % len(SUBJECTS)],
                rating=RATINGS[i % len(RATINGS)],
                count=30 + i,
                percent=50.5 + i,
                total=100,
                evidence=sentence,
                start=start,
                end=start + len(sentence),
                scope=f"Đảng bộ huyện {district}",
                province=province,
                district=district,
                year=year,
                confidence=0.9,
                flags=("percent_disagrees_with_count_and_total",) if i == 4 else (),
            )
        )
    return article, ExtractionResult(records=tuple(records), organizations=(f"Huyện ủy {district}",), text=text_all)


def baseline_store() -> types.ModuleType | None:
    """The first store module, as the core committed it, or None without git."""
    try:
        source = subprocess.run(
            ["git", "-C", str(REPO), "show", f"{BASELINE_COMMIT}:pipeline/store/database.py"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    spec = importlib.util.spec_from_loader("baseline_store", loader=None)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{BASELINE_COMMIT}:pipeline/store/database.py", "exec"), module.__dict__)
    return module


def rate(label: str, count: int, unit: str, run: Callable[[], None]) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    per_second = count / seconds
    print(f"  {label:<44} {per_second:10.0f} {unit}/s   ({count} in {seconds:.2f} s)")
    return per_second


def timed(label: str, run: Callable[[], object], repeat: int = 5) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    print(f"  {label:<44} {best * 1000:10.1f} ms (best of {repeat})")


def bench(url: str, samples: list[tuple[Article, ExtractionResult]], baseline: types.ModuleType | None) -> None:
    engine = connect(url)
    records = sum(len(result.records) for _article, result in samples)

    def save_all(run_id: str, change: bool = False) -> Callable[[], None]:
        def go() -> None:
            for article, result in samples:
                if change:  # one corrected count per article: an update and an audit row each
                    first = dataclasses.replace(result.records[0], count=(result.records[0].count or 0) + 1)
                    result = dataclasses.replace(result, records=(first, *result.records[1:]))
                save(engine, article, result, run_id)

        return go

    rate("save, new articles", records, "records", save_all("bench-1"))
    rate("save again, nothing changed", records, "records", save_all("bench-2"))
    rate("save again, one count changed per article", records, "records", save_all("bench-3", change=True))
    engine.dispose()
    reader = connect_readonly(url)
    timed("read all records", lambda: list(iter_records(reader)))
    timed(
        "filter province + year",
        lambda: list(iter_records(reader, RecordFilter(province="Nghệ An", year=2017))),
    )
    timed("filter flagged", lambda: list(iter_records(reader, RecordFilter(flagged=True))))
    if reader.dialect.name == "sqlite":
        with reader.connect() as conn:
            query = text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q")
            timed("search 'dong son' (no diacritics)", lambda: conn.execute(query, {"q": "dong son"}).all())
    reader.dispose()

    if baseline is not None:
        old = baseline.connect(url.replace("bench", "baseline") if "sqlite" in url else None)
        rate(
            f"baseline {BASELINE_COMMIT}: save, new articles",
            records,
            "records",
            lambda: [baseline.save(old, article, result, "b-1") for article, result in samples],
        )
        rate(
            f"baseline {BASELINE_COMMIT}: save again",
            records,
            "records",
            lambda: [baseline.save(old, article, result, "b-2") for article, result in samples],
        )
        old.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--postgres", metavar="URL", help="maintenance database to create a scratch database in")
    args = parser.parse_args()
    samples = [sample(number) for number in range(args.articles)]
    baseline = baseline_store()
    with tempfile.TemporaryDirectory() as folder:
        print(f"SQLite, {args.articles} articles x 5 records")
        bench(f"sqlite:///{folder}/bench.sqlite", samples, baseline)
    if args.postgres:
        admin = create_engine(
            args.postgres.replace("postgresql://", "postgresql+pg8000://"), isolation_level="AUTOCOMMIT"
        )
        name = f"vnie_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            print(f"PostgreSQL, {args.articles} articles x 5 records")
            bench(admin.url.set(database=name).render_as_string(hide_password=False), samples, None)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            admin.dispose()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.exit(main())
