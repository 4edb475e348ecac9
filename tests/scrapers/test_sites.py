"""Site profiles: every profile ships test pages that parse as declared; ``vnie sites`` list and check."""

from __future__ import annotations

import json
import re
import threading
import tomllib
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from pipeline.clean.cleaner import _load, clean_html
from pipeline.clean.generic import strip_junk
from pipeline.clean.site_layout import FIELDS, match_layout, selector_errors
from pipeline.cli import main
from pipeline.evaluate.pages import leaks, reader_text, token_scores
from scrapers.sites import builtin_profiles, coverage, load_profiles, profile_for
from tests.paths import FIXTURES, README

SITES = FIXTURES / "sites"
PROFILES = builtin_profiles()


def cases() -> Iterator[tuple[str, dict[str, Any]]]:
    for profile in PROFILES:
        listing = SITES / profile.name / "cases.toml"
        if listing.exists():
            for case in tomllib.loads(listing.read_text(encoding="utf-8")).get("case", []):
                yield profile.name, case


PROVINCES_BEFORE_2025 = frozenset(
    {
        "Hà Nội", "TP Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang",
        "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La", "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Quảng Ninh",
        "Bắc Giang", "Phú Thọ", "Vĩnh Phúc", "Bắc Ninh", "Hải Dương", "Hưng Yên", "Thái Bình", "Hà Nam", "Nam Định",
        "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam",
        "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
        "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Long An",
        "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang",
        "Sóc Trăng", "Bạc Liêu", "Cà Mau",
    }
)  # fmt: skip


def test_every_provincial_party_newspaper_has_a_profile() -> None:
    """One profile per pre-2025 province (REGISTRY.md's 63 rows), each saying what 2025 made of it."""
    assert len(PROVINCES_BEFORE_2025) == 63
    assert sorted(profile.province or "" for profile in PROFILES) == sorted(PROVINCES_BEFORE_2025)
    for profile in PROFILES:
        facts = coverage(profile)
        assert facts.province_2025 and facts.paper_2025, f"{profile.name}: say what 2025 made of province and paper"
        assert profile.sources and profile.sources[0].startswith("REGISTRY.md row "), profile.name
        if facts.generic_only:
            assert "generic cleaner" in str(profile.extra.get("selectors")), f"{profile.name}: say it has no selectors"
    owners: dict[str, set[str]] = {}
    for profile in PROFILES:
        for domain in profile.domains:
            owners.setdefault(domain.removeprefix("www."), set()).add(profile.name)
    assert not {host: names for host, names in owners.items() if len(names) > 1}, "two profiles claim one host"


def test_profiles_with_selectors_ship_test_pages() -> None:
    assert "baothanhhoa" in {profile.name for profile in PROFILES}
    for profile in PROFILES:
        listing = SITES / profile.name / "cases.toml"
        if not profile.versions and not listing.exists():
            continue  # generic only: the layout pages test the generic cleaner
        assert listing.exists(), f"{profile.name}: no test pages (write {listing} and the pages it lists)"
        pages = tomllib.loads(listing.read_text(encoding="utf-8")).get("case", [])
        assert pages, f"{profile.name}: cases.toml lists no page"
        for case in pages:
            assert (listing.parent / case["page"]).exists()
            assert (listing.parent / case["page"].replace(".html", ".expected.txt")).exists()
            assert len(case["models"]) > 20, f"{profile.name}: say what {case['page']} models"
            assert profile_for(case["url"]) is profile, f"{case['url']} is not served by {profile.name}"
        versions = {version.since for version in profile.versions} | {"generic"}
        assert {case["version"] for case in pages} <= versions
        assert {version.since for version in profile.versions} <= {case["version"] for case in pages}, (
            f"{profile.name}: every layout version needs a page of its own"
        )


@pytest.mark.parametrize(("site", "case"), list(cases()), ids=lambda value: value if isinstance(value, str) else "")
def test_profile_pages_clean_as_expected(site: str, case: dict[str, Any]) -> None:
    page = SITES / site / case["page"]
    expected = page.with_name(page.name.replace(".html", ".expected.txt")).read_text(encoding="utf-8")
    data = page.read_bytes()
    article = clean_html(data, url=case["url"], profiles=builtin_profiles())
    assert article.site == site
    assert token_scores(reader_text(article), expected)[2] >= 0.99
    assert leaks(reader_text(article), expected) == ()
    assert article.published == case["published"]
    parsed = _load(data, case["url"], None)
    strip_junk(parsed.root)
    match = match_layout(parsed.root, profile_for(case["url"]), case["published"])
    assert (match.since if match else "generic") == case["version"]
    generic = clean_html(data, url=case["url"])
    assert token_scores(reader_text(generic), expected)[2] >= 0.95  # the generic path carries over too


def test_selectors_parse_and_name_known_fields() -> None:
    for profile in PROFILES:
        for version in profile.versions:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", version.since)
            assert version.note, f"{profile.name} {version.since}: say where the selectors come from"
            for name in FIELDS:
                selector = getattr(version.selectors, name)
                assert selector is None or selector_errors(selector) is None, (profile.name, name, selector)
            for selector in version.selectors.remove:
                assert selector_errors(selector) is None


def test_facts_from_bulk_lists_stay_unconfirmed() -> None:
    for profile in PROFILES:
        notes = " ".join(profile.unconfirmed)
        for feed in profile.feeds:
            if feed.endswith("/rss/home.rss"):
                assert feed in notes, f"{profile.name}: {feed} is only in bulk lists; mark it unconfirmed"
        assert not profile.sitemaps, "no sitemap was seen for any paper (REGISTRY.md)"
        for version in profile.versions:
            if version.unconfirmed:
                assert version.since in notes, f"{profile.name}: say why layout {version.since} is unconfirmed"


def test_hosts_and_aliases() -> None:
    assert profile_for("https://m.baohaiduong.vn/tin-tuc/x-1") is profile_for("baohaiduong.vn")
    assert profile_for("https://www.baothanhhoa.vn/a.htm") is not None
    assert profile_for("https://example.com/a.htm") is None


def test_sites_file_format_still_loads(tmp_path: Path) -> None:
    sites_file = tmp_path / "extra.toml"
    sites_file.write_text(
        '[[site]]\nname = "local"\ndomain = "127.0.0.1"\nprovince = "Thử"\n'
        '[[site.layout]]\nsince = "2024-01-01"\nnote = "test"\nbody = "div.noidung"\ntitle = "h1"\n',
        encoding="utf-8",
    )
    (profile,) = load_profiles(sites_file)
    assert profile.name == "local" and profile.versions[0].selectors.body == "div.noidung"


def test_readme_lists_every_profile() -> None:
    section = README.read_text(encoding="utf-8").split("## Site profiles", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9]+)` \|", section, re.MULTILINE))
    assert listed == {profile.name for profile in PROFILES}


def test_sites_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "list"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [row["name"] for row in rows] == [profile.name for profile in PROFILES]
    assert all(row["province"] and row["domain"] and row["province_2025"] and row["paper_2025"] for row in rows)
    with_feeds = sum(1 for row in rows if row["feeds"])
    with_selectors = sum(1 for row in rows if row["layouts"])
    assert captured.err.startswith(f"63 newspapers: {with_feeds} with feeds, ")
    assert f"{with_selectors} with selectors, {63 - with_selectors} generic only" in captured.err
    generic = next(row for row in rows if row["name"] == "hanoimoi")
    assert generic["coverage"] == "feed; generic only" and generic["province_2025"] == "Hà Nội"
    assert next(row for row in rows if row["name"] == "baoyenbai")["coverage"] == "selectors"


def test_sites_list_table_counts_the_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "list", "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "generic only" in out and out.rstrip().splitlines()[-1].startswith("63 newspapers: ")


def test_a_run_without_sites_covers_every_newspaper() -> None:
    from pipeline.commands.run import load_sites

    class Args:
        sites = None
        sites_file = None

    profiles, _ = load_sites(Args())  # type: ignore[arg-type]
    assert len(profiles) == 63 and {profile.name for profile in profiles} == {profile.name for profile in PROFILES}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def site(tmp_path: Path) -> Iterator[str]:
    """A local web server: a robots.txt, one page of the baohatinh layout, one of another layout."""
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    (tmp_path / "article.html").write_bytes((SITES / "baohatinh" / "article-family-2023.html").read_bytes())
    (tmp_path / "redesign.html").write_bytes((SITES / "baohaiduong" / "mobile-generic-2022.html").read_bytes())
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "a.html").write_text("<p>secret</p>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_sites_check_reports_fields_per_layout(site: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["sites", "check", "--site", "baohatinh", f"{site}/article.html"])
    out = capsys.readouterr().out
    report = json.loads(out)
    assert status == 0
    assert report["matched"] == "2022-01-01" and report["status"] == 200
    assert report["versions"][0]["found"] == ["title", "sapo", "body"] and report["versions"][0]["missing"] == []
    assert report["article"]["title"] == "Nâng chất công tác đánh giá cán bộ ở thành phố Vĩnh An"


def test_sites_check_flags_redesigns_robots_and_missing_pages(site: str, capsys: pytest.CaptureFixture[str]) -> None:
    urls = [f"{site}/redesign.html", f"{site}/private/a.html", f"{site}/gone.html"]
    assert main(["sites", "check", "--site", "baohatinh", "--delay", "0", *urls]) == 1
    captured = capsys.readouterr()
    reports = [json.loads(line) for line in captured.out.splitlines()]
    assert reports[0]["matched"] is None and reports[0]["versions"][0]["missing"] == ["title", "sapo", "body"]
    assert reports[0]["article"]["body_chars"] > 300  # the generic path still reads it
    assert "a redesign?" in captured.err and "disallowed by robots.txt" in captured.err
    assert reports[1]["status"] == 404


def test_sites_check_without_profile(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites", "check", "https://example.com/a.html"]) == 1
    assert "no site profile serves this host" in capsys.readouterr().err


def test_sites_check_uses_the_fetchers_guards(site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A gzip bomb is refused, not inflated; a trickle ends at --timeout; a page nesting JSON-LD 100,000 deep
    is one message, and the pages after it are still checked."""
    import time

    from tests.mockserver import PaperSpec
    from tests.mockserver.hostile import HostilePaper, HostileSpec, InternalServer

    deep = '{"@graph":' * 100_000 + "{}" + "}" * 100_000
    page = (SITES / "baohatinh" / "article-family-2023.html").read_text(encoding="utf-8")
    (tmp_path / "deep.html").write_text(  # tmp_path is the folder the site fixture serves
        page.replace("</head>", f'<script type="application/ld+json">{deep}</script></head>', 1), encoding="utf-8"
    )
    with InternalServer() as internal:
        spec = HostileSpec(internal, "http://127.0.0.2/", "<html>", robots=False)
        with HostilePaper(PaperSpec("baoa", articles=1), spec) as hostile:
            started = time.monotonic()
            urls = [hostile.attack_url("gzip_bomb"), hostile.attack_url("trickle_body"), f"{site}/article.html"]
            status = main(["sites", "check", "--site", "baohatinh", "--timeout", "1", "--delay", "0", *urls])
            elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    assert status == 1 and elapsed < 10
    assert "too_large" in captured.err and "timeout" in captured.err and "Traceback" not in captured.err
    assert [json.loads(line)["url"] for line in captured.out.splitlines()] == [f"{site}/article.html"]
    assert internal.hits == []
    arguments = ["sites", "check", "--site", "baohatinh", "--delay", "0", f"{site}/deep.html", f"{site}/article.html"]
    main(arguments)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert json.loads(captured.out.splitlines()[-1])["url"] == f"{site}/article.html"  # checked after deep.html
