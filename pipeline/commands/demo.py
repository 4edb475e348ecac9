"""``vnie demo``: the main job on embedded defaults: bundled sample pages -> SQLite -> records."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "demo"
HELP = "Run the pipeline on the bundled sample pages (data/samples) into SQLite and print the records."

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: VNIE_DB or sqlite:///data/vnie.sqlite)")
    parser.add_argument("--samples", metavar="DIR", default=str(SAMPLES), help="folder of sample .html pages")


def run(args: argparse.Namespace) -> int:
    from pipeline.clean import clean_html
    from pipeline.extract import extract
    from pipeline.output import warn, write_table
    from pipeline.store import connect, iter_records, new_run_id, save

    engine = connect(args.db)
    run_id = new_run_id()
    pages = sorted(Path(args.samples).glob("*.html"))
    if not pages:
        warn(args.samples, "no sample pages found")
        return 1
    for page in pages:
        url_file = page.with_suffix(".url")
        url = url_file.read_text(encoding="utf-8").strip() if url_file.exists() else None
        article = clean_html(page.read_bytes(), url=url, source=str(page))
        save(engine, article, extract(article), run_id)
    rows = [row for row in iter_records(engine) if row["run_id"] == run_id]
    columns = ("site", "scope", "year", "subject", "rating", "count", "percent", "total")
    write_table(rows, columns, title=f"vnie demo: {len(rows)} records from {len(pages)} sample pages")
    return 0
