"""Cleaning accuracy: our pages of layouts outside ../shared, and the ../shared/pages gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate_pages import PageCase, load_cases, score_case, summarize

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
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
