"""Cleaning accuracy: our pages of layouts outside ../shared, and the ../shared/pages gate."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.clean import clean_html
from pipeline.clean.encoding import decode_html
from pipeline.evaluate.pages import PageCase, leaks, load_cases, reader_text, score_case, summarize, token_scores
from tests.paths import FIXTURES

LAYOUTS = FIXTURES / "layouts"
FLOOR = 0.98  # token F1 per layout, the target


@pytest.mark.parametrize("case", load_cases(LAYOUTS), ids=lambda case: f"{case.layout}/{case.id}")
def test_our_layouts_clean_to_the_expected_text(case: PageCase) -> None:
    result = score_case(case, with_records=False)
    assert result.error is None
    assert result.f1 >= 0.99, f"token F1 {result.f1:.3f} (precision {result.precision:.3f}, recall {result.recall:.3f})"
    assert result.leaks == ()
    assert result.published == case.published


def test_every_layout_note_says_what_it_models() -> None:
    lines = (LAYOUTS / "index.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 12 and all('"note": "' in line for line in lines)
    assert {case.layout for case in load_cases(LAYOUTS)} >= {"old_table", "aspnet_portal", "wordpress", "minified"}


@pytest.mark.gold
def test_shared_pages_gate(shared_dir: Path) -> None:
    results = [score_case(case, with_records=False) for case in load_cases(shared_dir / "pages")]
    assert [result.case.id for result in results if result.error] == []
    assert [(result.case.id, result.leaks) for result in results if result.leaks] == []
    summaries = summarize(results)
    assert {summary.layout for summary in summaries} == {"tpl_leak", "detail_stats"}
    for summary in summaries:
        assert summary.f1_mean >= FLOOR, summary.line()


@pytest.mark.gold
def test_shared_pages_records_end_to_end(shared_dir: Path) -> None:
    """Records extracted from the cleaned pages stay within 0.02 F1 of the same articles given as text."""
    results = [score_case(case) for case in load_cases(shared_dir / "pages")]
    for summary in summarize(results):
        assert summary.records_html is not None and summary.records_text is not None
        assert summary.records_html.f1 >= summary.records_text.f1 - 0.02, summary.line()


def test_eval_pages_command(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert main(["eval", "--pages", str(LAYOUTS), "--no-records"]) == 0
    lines = capsys.readouterr().out.splitlines()
    wanted = re.compile(
        r"old_table: \d+ pages; cleaning token F1 mean 1\.0000 \(min 1\.0000\); 0 leaks; 0 errors; "
        r"second opinion asked 0, taken 0$"
    )
    assert any(wanted.search(line) for line in lines)
    assert main(["eval", "--pages", str(LAYOUTS / "nowhere")]) == 1


def scrambled(html: str) -> str:
    """The page with every class and id replaced by a meaningless word: the generic path must not
    depend on a site naming its boxes as our vocabulary expects."""
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        names.setdefault(match.group(2), f"x{len(names):03d}q")
        return f'{match.group(1)}="{names[match.group(2)]}"'

    return re.sub(r'\b(class|id)="([^"]*)"', rename, html)


@pytest.mark.parametrize("case", load_cases(LAYOUTS), ids=lambda case: f"{case.layout}/{case.id}")
def test_our_layouts_without_telling_names(case: PageCase) -> None:
    html = decode_html(case.html.read_bytes()).text
    article = clean_html(scrambled(html), url=case.url)
    expected = case.expected.read_text(encoding="utf-8")
    assert token_scores(reader_text(article), expected)[2] >= 0.97
    assert leaks(reader_text(article), expected) == ()


@pytest.mark.gold
def test_shared_pages_without_telling_names(shared_dir: Path) -> None:
    for case in load_cases(shared_dir / "pages"):
        article = clean_html(scrambled(case.html.read_text(encoding="utf-8")))
        expected = case.expected.read_text(encoding="utf-8")
        assert token_scores(reader_text(article), expected)[2] >= 0.97, case.id


@pytest.mark.gold
def test_shared_pages_dates_match_the_gold(shared_dir: Path) -> None:
    """The page's own date when it shows one (gold ``published``), never the banner's 'today'."""
    lines = (shared_dir / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    gold = {item["id"]: item.get("published") for item in map(json.loads, lines)}
    for case in load_cases(shared_dir / "pages"):
        if case.id in gold:
            published = clean_html(case.html.read_bytes(), url=case.url).published
            assert (published or "")[:10] == (gold[case.id] or ""), case.id
