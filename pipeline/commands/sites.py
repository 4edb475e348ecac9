"""``vnie sites``: the site profiles (``scrapers/sites/*.toml``): list them, or check live pages against them.

``vnie sites check URL...`` fetches each page through the nightly run's fetcher (robots.txt obeyed, one
request at a time, the profile's delay between pages of one host, size and decompression caps, and
``--timeout`` as a deadline for the whole response) and reports, for every layout version of the page's profile, which
fields its selectors still find, and what the generic cleaner makes of the page: when the newest
version stops finding the body, the site was probably redesigned and needs a new dated version.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.commands.output import warn, write_jsonl, write_table

NAME = "sites"
HELP = "List the site profiles, or fetch live pages and report which fields each profile's selectors still find."
LIST_COLUMNS = (
    "name",
    "domain",
    "province",
    "province_2025",
    "feeds",
    "categories",
    "layouts",
    "coverage",
    "unconfirmed",
)


def configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser(
        "list",
        help="one line per site profile, with its coverage",
        description="One line per site profile: domains, province (and what it became in 2025), feeds, category "
        "pages, layout versions and coverage; a closing line counts the profiles with feeds, category pages, "
        "selectors and those left to the generic cleaner (on stderr with JSON lines).",
    )
    listing.add_argument("--format", choices=("json", "table"), default="json", help="json lines (default) or a table")
    listing.add_argument(
        "--sites-file", metavar="FILE", help="a TOML file of [[site]] tables merged over the built-ins"
    )
    check = actions.add_parser(
        "check",
        help="fetch pages and report which fields each profile still finds",
        description="Fetch live pages (needs internet) and report, per layout version of the page's profile, "
        "which fields its selectors find, plus the generic cleaner's result. Exit 1 when a page cannot be "
        "fetched, no profile serves it, or no layout version finds its body (a redesign?).",
    )
    check.add_argument("urls", nargs="+", metavar="URL", help="article pages of profiled sites")
    check.add_argument("--site", metavar="NAME", help="check against this profile whatever the host")
    check.add_argument("--sites-file", metavar="FILE", help="TOML file of [[site]] tables merged over the built-ins")
    check.add_argument(
        "--timeout", type=float, default=20.0, help="seconds for a whole response, however it trickles (default 20)"
    )
    check.add_argument(
        "--delay", type=float, help="seconds between requests to one host (default: the profile's delay_seconds)"
    )


def run(args: argparse.Namespace) -> int:
    if args.action is None:
        print("vnie sites: give an action: list or check URL...", file=sys.stderr)
        return 2
    try:
        profiles = _profiles(args.sites_file)
    except (OSError, ValueError, KeyError) as error:
        warn(args.sites_file, f"not a sites file: {error}")
        return 2
    if args.action == "list":
        rows = [_row(profile) for profile in profiles]
        totals = _totals(profiles)
        if args.format == "table":
            write_table([_table_row(row) for row in rows], LIST_COLUMNS)
            print(totals)
        else:
            write_jsonl(rows)
            print(totals, file=sys.stderr)
        return 0
    return _check(args, profiles)


def _profiles(sites_file: str | None) -> tuple[Any, ...]:
    from scrapers.sites import builtin_profiles, load_profiles

    profiles = {profile.name: profile for profile in builtin_profiles()}
    if sites_file:
        for profile in load_profiles(Path(sites_file)):
            profiles[profile.name] = profile
    return tuple(profiles.values())


def _totals(profiles: tuple[Any, ...]) -> str:
    """The coverage of the profiles in one line: how many have feeds, category pages, selectors."""
    from scrapers.sites import coverage

    covered = [coverage(profile) for profile in profiles]
    return (
        f"{len(covered)} newspapers: {sum(1 for c in covered if c.feeds)} with feeds, "
        f"{sum(1 for c in covered if c.categories)} with category pages, "
        f"{sum(1 for c in covered if c.selectors)} with selectors, "
        f"{sum(1 for c in covered if c.generic_only)} generic only (read by the generic cleaner)"
    )


def _row(profile: Any) -> dict[str, Any]:
    from scrapers.sites import coverage

    covered = coverage(profile)
    return {
        "name": profile.name,
        "domain": profile.domain,
        "newspaper": profile.newspaper,
        "province": profile.province,
        "aliases": list(profile.aliases),
        "feeds": list(profile.feeds),
        "sitemaps": list(profile.sitemaps),
        "categories": list(profile.categories),
        "delay_seconds": profile.delay_seconds,
        "layouts": [version.since + (" (unconfirmed)" if version.unconfirmed else "") for version in profile.versions],
        "province_2025": covered.province_2025,
        "paper_2025": covered.paper_2025,
        "coverage": covered.summary,
        "unconfirmed": list(profile.unconfirmed),
    }


def _table_row(row: dict[str, Any]) -> dict[str, Any]:
    """Counts for the long lists, so that a table fits a terminal."""
    return {
        **row,
        "feeds": len(row["feeds"]),
        "categories": len(row["categories"]),
        "layouts": ", ".join(
            version.split(" ")[0] + ("?" if "unconfirmed" in version else "") for version in row["layouts"]
        )
        or "generic only",
        "unconfirmed": len(row["unconfirmed"]),
    }


def _check(args: argparse.Namespace, profiles: tuple[Any, ...]) -> int:
    """Fetch through the nightly run's ``Fetcher``: robots.txt, the delay, the size cap and bomb guard, and
    ``--timeout`` as the whole-response deadline; redirects stay on the page's own origin and its site's."""
    from dataclasses import replace

    from scrapers.fetch import Fetcher
    from scrapers.settings import CrawlSettings
    from scrapers.sites import profile_for
    from scrapers.urls import SiteScope, parse_target

    by_name = {profile.name: profile for profile in profiles}
    if args.site and args.site not in by_name:
        warn(args.site, f"no such site profile (known: {', '.join(sorted(by_name))})")
        return 2
    timeout = max(0.1, args.timeout)
    settings = CrawlSettings(connect_timeout=timeout, read_timeout=timeout, max_fetch_seconds=timeout, retries=0)
    fetcher = Fetcher(settings)
    status = 0
    for url in args.urls:
        profile = by_name[args.site] if args.site else profile_for(url, profiles)
        target = parse_target(url)
        if profile is None or target is None:
            warn(url, "no site profile serves this host" if target is not None else "not an http(s) URL")
            status = 1
            continue
        delay = args.delay if args.delay is not None else (profile.delay_seconds or 0)
        scope = SiteScope(replace(profile, base_url=f"{target.scheme}://{target.netloc}"))
        outcome = fetcher.fetch(url, scope=scope, delay=delay)
        if outcome.failure == "robots":
            warn(url, "disallowed by robots.txt; not fetched")
            status = 1
            continue
        if outcome.page is None:
            warn(url, f"cannot fetch: {outcome.failure} {outcome.detail}".strip())
            status = 1
            continue
        page = outcome.page
        try:
            report = check_page(page.body, url, profile, page.header("Content-Type"))
        except Exception as error:  # one page the cleaner cannot read must not end the check of the others
            warn(url, f"cannot check the page: {type(error).__name__}: {str(error)[:200]}")
            status = 1
            continue
        report["status"] = page.status
        write_jsonl([report])
        if page.status >= 400 or (profile.versions and not report["matched"]):
            warn(url, f"{profile.name}: no layout version finds the body (HTTP {page.status}); a redesign?")
            status = 1
    return status


def check_page(data: bytes, url: str, profile: Any, content_type: str | None = None) -> dict[str, Any]:
    """What each layout version of ``profile`` and the generic cleaner find on one page."""
    from pipeline.clean.cleaner import CleaningError, _load, clean_html
    from pipeline.clean.generic import strip_junk
    from pipeline.clean.site_layout import FIELDS, apply_version, match_layout
    from scrapers.sites import builtin_profiles

    report: dict[str, Any] = {"url": url, "site": profile.name, "versions": [], "matched": None}
    try:
        page = _load(data, url, content_type)
    except CleaningError as error:
        report["error"] = str(error)
        return report
    strip_junk(page.root)
    for version in profile.versions:
        match = apply_version(page.root, version)
        found = {name: name in match.fields for name in FIELDS if name != "body"}
        found["body"] = bool(match.bodies)
        declared = [name for name in FIELDS if getattr(version.selectors, name, None)]
        report["versions"].append(
            {
                "since": version.since,
                "unconfirmed": version.unconfirmed,
                "found": [name for name in declared if found[name]],
                "missing": [name for name in declared if not found[name]],
            }
        )
    best = match_layout(page.root, profile)
    report["matched"] = best.since if best is not None and best.bodies else None
    try:
        article = clean_html(
            data, url=url, headers={"Content-Type": content_type} if content_type else None, profiles=builtin_profiles()
        )
        report["article"] = {
            "title": article.title,
            "sapo_chars": len(article.sapo),
            "body_chars": len(article.body),
            "author": article.author,
            "published": article.published,
        }
    except CleaningError as error:
        report["article"] = {"error": str(error)}
    return report
