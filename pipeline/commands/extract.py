"""``vnie extract``: article text or HTML -> rating records and organizations."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.commands.output import warn, write_jsonl, write_table
from pipeline.inputs import RawInput, read_source, text_of
from pipeline.models import Article, InputError

NAME = "extract"
HELP = "Extract rating records and organizations from article text (.txt, -) or pages (.html)."

TABLE_COLUMNS = ("source", "scope", "year", "subject", "rating", "count", "percent", "approx", "total")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files to read; '-' reads stdin")
    parser.add_argument("--jsonl", metavar="FILE", help="read lines of {id, text|html, url, published} instead")
    parser.add_argument("--url", help="URL of the single input (gives site, province)")
    parser.add_argument("--published", help="publication date YYYY-MM-DD of the single input")
    parser.add_argument("--format", choices=("json", "table"), default="json", help="json lines (default) or a table")


def run(args: argparse.Namespace) -> int:
    if not args.paths and not args.jsonl:
        print("vnie extract: give PATH..., '-' for stdin, or --jsonl FILE", file=sys.stderr)
        return 2
    rows = list(_jsonl_rows(args.jsonl)) if args.jsonl else [_file_row(path, args) for path in args.paths]
    good = [row for row in rows if "error" not in row]
    if args.format == "table":
        flat = [{"source": row.get("source") or row.get("id"), **record} for row in good for record in row["records"]]
        write_table(flat, TABLE_COLUMNS)
    else:
        write_jsonl(good)
    return 1 if len(good) < len(rows) else 0


def _file_row(source: str, args: argparse.Namespace) -> dict[str, Any]:
    from pipeline.extract import extract, extract_text
    from scrapers.sites import profile_for

    try:
        raw = read_source(source)
        if raw.looks_like_html:
            article = _article_of_html(raw, url=args.url)
            result = extract(article, profile_for(article.url))
            url, title, published = article.url, article.title, article.published or args.published
        else:
            result = extract_text(text_of(raw), url=args.url, published=args.published, site=profile_for(args.url))
            url, title, published = args.url, None, args.published
    except InputError as error:
        warn(source, str(error))
        return {"source": source, "error": str(error)}
    except Exception as error:  # a bug met on one input: that input's error line, the others go on
        return _failed(source, error)
    return {"source": raw.source, "url": url, "title": title, "published": published, **result.to_dict()}


def _failed(where: str, error: Exception) -> dict[str, Any]:
    message = f"processing failed ({type(error).__name__}: {error})"
    warn(where, message)
    return {"source": where, "error": message}


def _article_of_html(raw: RawInput, url: str | None) -> Article:
    from pipeline.clean import CleaningError, clean_html
    from scrapers.sites import builtin_profiles

    try:
        return clean_html(raw.data, url=url, source=raw.source, profiles=builtin_profiles())
    except CleaningError as error:
        raise InputError(str(error)) from error


def _jsonl_rows(path: str) -> Iterator[dict[str, Any]]:
    from pipeline.extract import extract, extract_text
    from scrapers.sites import profile_for

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines() if path != "-" else sys.stdin.read().splitlines()
    except (OSError, UnicodeDecodeError) as error:
        warn(path, f"cannot read: {error}")
        yield {"source": path, "error": str(error)}
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        item: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise InputError("a line must be a JSON object")
            if item.get("html"):
                raw = RawInput(where, str(item["html"]).encode("utf-8", "replace"))
                article = _article_of_html(raw, url=item.get("url"))
                result = extract(article, profile_for(article.url))
            elif isinstance(item.get("text"), str):
                raw = RawInput(where, item["text"].encode("utf-8", "replace"))
                url = item.get("url")
                result = extract_text(text_of(raw), url=url, published=item.get("published"), site=profile_for(url))
            else:
                raise InputError("a line needs 'text' or 'html'")
        except json.JSONDecodeError as error:
            warn(where, f"not JSON: {error.msg}")
            yield {"id": None, "error": "not JSON"}
            continue
        except InputError as error:
            warn(where, str(error))
            yield {"id": item.get("id") if isinstance(item, dict) else None, "error": str(error)}
            continue
        except Exception as error:  # a bug met on one line: that line's error, the others go on
            yield {"id": item.get("id") if isinstance(item, dict) else None, **_failed(where, error)}
            continue
        yield {"id": item.get("id"), **result.to_dict()}
