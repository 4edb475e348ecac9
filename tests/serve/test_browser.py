"""`vnie serve` in a real browser: Debian's chromium, headless, driven by Playwright.

Chromium comes from the system (``apt-get install chromium``; .ci/run installs it), never from
``playwright install``. Without it the test is skipped, unless VNIE_REQUIRE_BROWSER=1 (set by .ci/run).
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


@pytest.fixture
def server(fixture_db: Path, tmp_path: Path) -> Iterator[str]:
    """`vnie serve` on a free local port, as a user starts it."""
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", f"sqlite:///{fixture_db}", "--port", str(port)],
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
    expect(page.locator("h1")).to_contain_text("party rating records from Vietnamese provincial news")

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
    assert set(page.locator("td.col-url").all_inner_texts()) == {SAMPLES[1].article.url}

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
