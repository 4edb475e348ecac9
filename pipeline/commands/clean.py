"""``vnie clean``: HTML pages -> the article a reader sees, one JSON object per input."""

from __future__ import annotations

import argparse

from pipeline.commands.output import warn, write_jsonl
from pipeline.inputs import read_source
from pipeline.models import InputError

NAME = "clean"
HELP = (
    "Strip site chrome and comment templates from HTML pages; print title, sapo, body, author, date, "
    "site, URL, category and tags as JSON lines. Listing, 'not found', empty and binary inputs are reported."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="HTML files; '-' reads stdin")
    parser.add_argument("--url", help="URL of the single input, when the page does not give one (selects the site)")
    parser.add_argument("--charset", help="charset announced by the HTTP response (Content-Type), if known")
    parser.add_argument(
        "--no-profile", action="store_true", help="ignore site profiles: use the generic cleaner on every page"
    )
    parser.add_argument(
        "--drop-repeated",
        action="store_true",
        help="with several pages of one site: drop short lines found on more than half of them (site chrome)",
    )


def run(args: argparse.Namespace) -> int:
    from pipeline.clean import clean_html, strip_repeated_lines
    from scrapers.sites import builtin_profiles

    if args.url and len(args.paths) > 1:
        warn("--url", "applies to a single input; give one PATH with it")
        return 2
    headers = {"Content-Type": f"text/html; charset={args.charset}"} if args.charset else None
    profiles = () if args.no_profile else builtin_profiles()
    articles = []
    failed = 0
    for source in args.paths:
        try:
            raw = read_source(source)
            article = clean_html(raw.data, url=args.url, source=raw.source, headers=headers, profiles=profiles)
        except InputError as error:
            warn(source, str(error))
            failed += 1
            continue
        except Exception as error:  # a bug met on one page: that page's error line, the others go on
            warn(source, f"cleaning failed ({type(error).__name__}: {error})")
            failed += 1
            continue
        if args.drop_repeated:
            articles.append(article)  # written once every page of the site is known
        else:
            write_jsonl([article.to_dict()])
    if articles:
        write_jsonl(article.to_dict() for article in strip_repeated_lines(articles))
    return 1 if failed else 0
