"""``vnie demo``: the nightly job's page stages on a bundled archive of sample pages, no network needed.

It is ``vnie run --replay data/demo/sample-pages.warc.gz`` into the default database (the one every
reader opens when no ``--db`` is given), then the ``sites`` table filled from the built-in profiles and
a summary of what the replay stored. A database holding pages of any other archive is a real one: the
demo refuses to mix invented sample articles into it and says which ``--db`` to give instead.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from pipeline.commands.record_options import DB_HELP

NAME = "demo"
HELP = (
    "Replay the bundled WARC archive of sample pages (as `vnie run --replay`) into the database and print "
    "what it stored; then `vnie records`, `vnie serve` and the rest read it."
)

SAMPLE_ARCHIVE = Path(__file__).resolve().parents[2] / "data" / "demo" / "sample-pages.warc.gz"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help=DB_HELP)
    parser.add_argument("--archive", metavar="WARC", default=str(SAMPLE_ARCHIVE), help="WARC file to replay")


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.engine import make_url

    from pipeline.commands.output import warn, write_table
    from pipeline.commands.run import configure_logging
    from pipeline.run import replay
    from pipeline.store.database import StoreError, connect, database_url, iter_records, pages, save_sites
    from scrapers.sites import builtin_profiles

    configure_logging()
    archive = Path(args.archive)
    if not archive.is_file():
        warn(args.archive, "no such WARC file")
        return 1
    url = database_url(args.db)
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        engine = connect(url)
        with engine.connect() as conn:
            foreign = conn.execute(
                select(func.count()).select_from(pages).where(pages.c.warc_file != str(archive.resolve()))
            ).scalar_one()
        engine.dispose()
    except StoreError as error:
        print(f"vnie demo: {error}", file=sys.stderr)
        return 1
    if foreign:
        print(
            f"vnie demo: {shown} holds {foreign} pages of other archives (a real database); not adding invented "
            "sample articles to it: give --db sqlite:///data/demo.sqlite (and the same --db to the readers)",
            file=sys.stderr,
        )
        return 1
    report = replay([archive], db_url=url)
    engine = connect(url)
    try:
        save_sites(engine, builtin_profiles())
        rows = [row for row in iter_records(engine) if row["run_id"] == report.run_id]
    finally:
        engine.dispose()
    articles: dict[str, set[str]] = {}
    records: Counter[str] = Counter()
    years: dict[str, set[int]] = {}
    provinces: dict[str, set[str]] = {}
    for row in rows:
        site = row["site"] or "unknown"
        articles.setdefault(site, set()).add(row["url"])
        records[site] += 1
        if row["year"] is not None:
            years.setdefault(site, set()).add(row["year"])
        if row["province"]:
            provinces.setdefault(site, set()).add(row["province"])
    summary = [
        {
            "site": site,
            "province": ", ".join(sorted(provinces.get(site, ()))),
            "articles": len(articles[site]),
            "records": records[site],
            "years": ", ".join(str(year) for year in sorted(years.get(site, ()))),
        }
        for site in sorted(articles)
    ]
    stored = sum(tally.articles for tally in report.sites)
    write_table(
        summary, ("site", "province", "articles", "records", "years"),
        title=f"vnie demo: {len(rows)} records from {stored} sample articles",
    )  # fmt: skip
    print(f"vnie demo: {archive.name} replayed into {shown} (run {report.run_id})", file=sys.stderr)
    print(
        'vnie demo: next: `vnie records --province "Nghệ An"`, `vnie records --facts`, `vnie serve` '
        "(with .venv/bin on PATH: `. .venv/bin/activate`)",
        file=sys.stderr,
    )
    return report.exit_status
