"""``vnie clean``: HTML pages -> the article a reader sees, one JSON object per input."""

from __future__ import annotations

import argparse

from pipeline.inputs import InputError, read_source
from pipeline.output import warn, write_jsonl

NAME = "clean"
HELP = "Strip site chrome and comment templates from HTML pages; print title, sapo, body, author, date."


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="HTML files; '-' reads stdin")
    parser.add_argument("--url", help="URL of the single input, when the page does not give one")


def run(args: argparse.Namespace) -> int:
    from pipeline.clean import clean_html

    failed = 0
    for source in args.paths:
        try:
            raw = read_source(source)
            article = clean_html(raw.data, url=args.url, source=raw.source)
        except InputError as error:
            warn(source, str(error))
            failed += 1
            continue
        write_jsonl([article.to_dict()])
    return 1 if failed else 0
