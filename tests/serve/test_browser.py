"""`vnie serve` in a real browser: Debian's chromium, headless, driven by Playwright, no network.

Chromium comes from the system (``apt-get install chromium``; .ci/run installs it), never from
``playwright install``. Without it the test is skipped, unless VNIE_REQUIRE_BROWSER=1 (set by .ci/run).
Screenshots are kept as test artifacts in ``test-artifacts/screenshots/`` (gitignored; VNIE_SCREENSHOT_DIR
names another folder): the dashboard, filtered by a province and by a 2025 province, the records table,
a record reviewed in the UI, and an article with a record added.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.fixture_db import SAMPLES
from tests.paths import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SCREENSHOTS = Path(os.environ.get("VNIE_SCREENSHOT_DIR") or REPO / "test-artifacts" / "screenshots")


def _serve(db: Path, tmp_path: Path, *extra: str) -> Iterator[str]:
    """`vnie serve` on a free local port, as a user starts it; yields its base URL once it answers."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", f"sqlite:///{db}", "--port", str(port), *extra],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.close()
                    pytest.fail(f"vnie serve did not start:\n{(tmp_path / 'serve.log').read_text()}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def server(fixture_db: Path, tmp_path: Path) -> Iterator[str]:
    yield from _serve(fixture_db, tmp_path)


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[object]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is absent (apt-get install -y chromium chromium-driver)"
        if os.environ.get("VNIE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}, and VNIE_REQUIRE_BROWSER=1 makes the browser test mandatory")
        pytest.skip(f"{message}: browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()


def test_facet_search_and_follow_a_record_to_its_article(server: str, browser_page: object, tmp_path: Path) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(browser_page, Page)
    page = browser_page
    page.goto(server + "/")
    expect(page.locator("h1")).to_contain_text("Party rating records from Vietnamese provincial news")

    page.click('a[href="/vnie/records"]')
    rows = page.locator("table.rows-and-columns tbody tr")
    expect(rows).to_have_count(sum(len(sample.records) for sample in SAMPLES))

    page.click('#facet-province a:text-is("Thanh Hóa")')
    expect(page).to_have_url(re.compile(r"province=Thanh\+H%C3%B3a"))
    expect(rows).to_have_count(7)
    assert set(page.locator("td.col-province").all_inner_texts()) == {"Thanh Hóa"}

    found: dict[str, list[str]] = {}
    for query in ("Quảng Xương", "quang xuong"):
        page.fill("#_search", query)
        page.press("#_search", "Enter")
        expect(page).to_have_url(re.compile(re.escape(urlencode({"_search": query}))))
        expect(rows).to_have_count(2)
        found[query] = page.locator("td.col-id").all_inner_texts()
    assert found["Quảng Xương"] == found["quang xuong"]
    links = page.locator("td.col-url a.page-link")
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} == {SAMPLES[1].article.url}

    evidence = page.locator("td.col-evidence").first.inner_text()
    page.locator("td.col-id a").first.click()
    expect(page).to_have_url(re.compile(r"/record/\d+$"))
    expect(page.locator("mark#evidence")).to_have_text(evidence)

    page.click("a.article-link")
    expect(page).to_have_url(re.compile(r"/article/\d+$"))
    expect(page.locator("h1.article-title")).to_have_text(SAMPLES[1].article.title)
    expect(page.locator(".article-text mark")).to_have_count(2)
    assert evidence in page.locator(".article-text mark").all_inner_texts()

    screenshot = Path(os.environ.get("VNIE_SCREENSHOT_DIR", tmp_path)) / "article.png"
    page.screenshot(path=str(screenshot), full_page=True)
    data = screenshot.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 5_000


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    """`vnie serve --reviewer lan` on the demo's database: (base URL, lan's login link, database)."""
    from pipeline.cli import main

    db = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", f"sqlite:///{db}"]) == 0
    for base in _serve(db, tmp_path, "--reviewer", "lan"):
        log = (tmp_path / "serve.log").read_text()
        link = re.search(r"reviewer lan logs in at (\S+)", log)
        assert link, log
        yield base, link.group(1), db


def _watch_console(page: object) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda error: problems.append(str(error)))  # type: ignore[attr-defined]
    return problems


def charts_drawn(page: object) -> None:
    """The three charts of the dashboard drew: Plotly's SVG with bars or lines in it, after the page loaded."""
    from playwright.sync_api import expect

    page.wait_for_load_state("load")  # type: ignore[attr-defined]
    marked = {"mix": ".barlayer .point", "trend": ".scatterlayer .trace", "coverage": ".barlayer .point"}
    for chart, marks in marked.items():
        expect(page.locator(f"#chart-{chart} svg.main-svg").first).to_be_visible()  # type: ignore[attr-defined]
        expect(page.locator(f"#chart-{chart} {marks}").first).to_be_attached()  # type: ignore[attr-defined]


def _screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE) and len(data) > 20_000, name


def test_the_dashboard_draws_its_charts_offline_and_the_filter_drives_them(
    demo_server: tuple[str, str, Path], browser_page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(browser_page, Page)
    page, (base, _login, _db) = browser_page, demo_server
    problems = _watch_console(page)
    outside: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else (
        outside.append(route.request.url), route.abort()))  # fmt: skip
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(base + "/")
    charts_drawn(page)
    assert page.locator("#chart-mix .barlayer .point").count() > 100  # 6 organizations x 2 subjects x 5 years x 4
    assert page.locator("#chart-trend .scatterlayer .trace").count() >= 12
    expect(page.locator("table.latest tbody tr")).not_to_have_count(0)
    assert "2023: the latest year" in page.locator("h2").all_inner_texts()
    expect(page.locator("table.conflicts tbody tr")).to_have_count(1)  # Can Lộc's portal and Báo Hà Tĩnh disagree
    _screenshot(page, "dashboard.png")

    page.select_option("select[name=province]", "Nghệ An")
    expect(page).to_have_url(re.compile(r"province=Ngh"))
    charts_drawn(page)
    scopes = set(page.locator("table.latest tbody td:first-child").all_inner_texts())  # one row per organization
    assert scopes == {"Đảng bộ huyện Nam Đàn"}
    _screenshot(page, "dashboard-nghe-an.png")

    page.select_option("select[name=province]", "Hải Phòng")  # a 2025 province: Hải Dương's records
    expect(page).to_have_url(re.compile(r"province=H%E1%BA%A3i"))
    charts_drawn(page)
    assert set(page.locator("table.latest tbody td:first-child").all_inner_texts()) == {"Đảng bộ huyện Thanh Hà"}
    _screenshot(page, "dashboard-hai-phong-2025.png")
    assert problems == [] and outside == []


def test_the_records_table_is_compact_with_the_evidence_in_view(
    demo_server: tuple[str, str, Path], browser_page: object
) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(browser_page, Page)
    page, (base, _login, _db) = browser_page, demo_server
    problems = _watch_console(page)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(base + "/vnie/records")
    expect(page.locator("details.column-glossary")).to_have_count(1)
    assert page.locator("details.column-glossary").get_attribute("open") is None  # folded away
    years = page.locator("#facet-year li a").all_inner_texts()
    assert years == sorted(years) and years[0] == "2019"
    expect(page.locator("#facet-district")).to_be_visible()
    row = page.locator("table.rows-and-columns tbody tr").first.bounding_box()
    assert row is not None and row["height"] < 60, row  # one line a row, not 290 px
    evidence = page.locator("td.col-evidence").first.bounding_box()
    assert evidence is not None and evidence["x"] + 100 < 1400, evidence  # in view without scrolling sideways
    assert page.locator("td.col-url a.page-link").first.inner_text() == "↗"
    _screenshot(page, "records.png")
    assert problems == []


def test_a_correction_made_in_the_ui_survives_reprocess_and_reaches_the_gold(
    demo_server: tuple[str, str, Path], browser_page: object, tmp_path: Path
) -> None:
    import json
    import shutil

    from playwright.sync_api import Page, expect

    from pipeline.cli import main
    from pipeline.commands.demo import SAMPLE_ARCHIVE
    from pipeline.store.database import connect_readonly, iter_records

    assert isinstance(browser_page, Page)
    page, (base, login, db) = browser_page, demo_server
    problems = _watch_console(page)
    engine = connect_readonly(f"sqlite:///{db}")
    records = [r for r in iter_records(engine) if r["site"] == "baohatinh" and r["year"] == 2022]
    engine.dispose()
    wanted = ("tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ")
    target = next(r for r in records if (r["subject"], r["rating"]) == wanted)

    anonymous = page.request.post(f"{base}/record/{target['id']}/review", form={"action": "confirm"})
    assert anonymous.status == 403  # no anonymous writes (the CSRF check or the login check refuses it)

    page.goto(login)
    expect(page.locator(".message-info, .messages")).to_contain_text("Logged in as lan")
    page.goto(f"{base}/record/{target['id']}")
    page.fill("form.record-review input[name=count]", str(target["count"] + 1))
    page.fill("form.record-review textarea[name=reason]", "the district's own report says one more")
    page.click("form.record-review button[value=correct]")
    expect(page.locator("body")).to_contain_text(f"Saved: record {target['id']} corrected")
    expect(page.locator(".record-summary .review")).to_have_text("corrected")
    _screenshot(page, "record-corrected.png")
    for other in records:
        if other["id"] != target["id"]:
            page.goto(f"{base}/record/{other['id']}")
            page.click("form.record-review button[value=confirm]")
            expect(page.locator("body")).to_contain_text(f"Saved: record {other['id']} confirmed")

    page.goto(f"{base}/article/{_article_id(db, target['url'])}")
    page.fill("form.add-record textarea[name=evidence]", "Đảng bộ huyện Can Lộc có 47 tổ chức cơ sở đảng")
    for name, value in (("subject", "tổ chức cơ sở đảng"), ("rating", "được đánh giá"), ("count", "47")):
        page.fill(f"form.add-record input[name={name}]", value)
    page.fill("form.add-record textarea[name=reason]", "the organizations evaluated")
    page.click("form.add-record button[type=submit]")
    expect(page.locator("body")).to_contain_text("Saved: a record added")
    _screenshot(page, "article-record-added.png")

    archive = tmp_path / "archive" / "2025-01-23"
    archive.mkdir(parents=True)
    shutil.copy(SAMPLE_ARCHIVE, archive / SAMPLE_ARCHIVE.name)
    assert main(["reprocess", "--archive", str(tmp_path / "archive"), "--db", f"sqlite:///{db}"]) == 0
    page.goto(f"{base}/record/{target['id']}")
    expect(page.locator(".record-summary .review")).to_have_text("corrected")

    gold = tmp_path / "gold.jsonl"
    assert main(["review", "export-gold", str(gold), "--db", f"sqlite:///{db}"]) == 0
    [line] = [json.loads(text) for text in gold.read_text(encoding="utf-8").splitlines()]
    counts = {(r["rating"], r["count"]) for r in line["records"] if r["subject"] == "tổ chức cơ sở đảng"}
    assert ("hoàn thành xuất sắc nhiệm vụ", target["count"] + 1) in counts and ("được đánh giá", 47) in counts
    assert problems == []


def _article_id(db: Path, url: str) -> int:
    from sqlalchemy import select

    from pipeline.store.database import articles, connect_readonly

    engine = connect_readonly(f"sqlite:///{db}")
    with engine.connect() as conn:
        found = conn.execute(select(articles.c.id).where(articles.c.url == url)).scalar_one()
    engine.dispose()
    return int(found)
