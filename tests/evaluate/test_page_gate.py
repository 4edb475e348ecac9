"""Cleaning must not slide back: token F1 on ../shared/pages and ../shared/pages-real stays at or above the
pinned floors, per site and overall, with no leak and no page left uncleaned."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accuracy_gate import PAGE_SETS, folder_digest, load_floors, page_scores

pytestmark = pytest.mark.gold


def test_page_sets_are_the_data_the_floors_were_pinned_on(shared_dir: Path) -> None:
    pinned = load_floors()["page_digests"]
    for name in PAGE_SETS:
        assert pinned[name] == folder_digest(shared_dir / name), (
            f"../shared/{name} changed since the floors were pinned: re-pin with "
            "`python -m tests.accuracy_gate --update --pages --accept-gold-change` after checking the scores"
        )


def test_page_scores_stay_at_or_above_their_floors(shared_dir: Path) -> None:
    floors = load_floors()["page_floors"]
    scores = page_scores(shared_dir)
    failures = []
    for name, metrics in floors.items():
        assert isinstance(metrics, dict)
        for metric, floor in metrics.items():
            if scores[name].get(metric, 0.0) < float(floor):
                failures.append(f"{name} {metric}: {scores[name].get(metric, 0.0):.4f} < floor {floor}")
        assert scores[name]["leaks"] == 0 and scores[name]["errors"] == 0, name
    assert not failures, "cleaning slid back: " + "; ".join(failures)


def test_page_floors_meet_the_goals() -> None:
    floors = load_floors()["page_floors"]
    assert isinstance(floors, dict)
    real, ours = floors["pages-real"], floors["pages"]
    assert isinstance(real, dict) and isinstance(ours, dict)
    assert real["f1_mean"] >= 0.97 and real["f1_worst_site"] >= 0.90  # the goals on real pages
    assert ours["f1_mean"] >= 0.99 and ours["f1_worst_site"] >= 0.98


def test_eval_reads_the_real_pages_folder_as_it_is(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert main(["eval", "--pages", str(shared_dir / "pages-real"), "--no-records", "--quiet"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"{shared_dir / 'pages-real'}: all: 15 pages; cleaning token F1 mean ")
    assert "; 0 leaks; 0 errors; second opinion asked " in last
