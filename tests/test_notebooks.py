"""The analyst notebooks run top to bottom on a small database built with the real store code."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _execute(notebook: Path, workdir: Path) -> str:
    """Run every cell in a fresh kernel; returns all text output (an error fails the test)."""
    import jupytext
    from nbclient import NotebookClient

    document = jupytext.read(notebook)
    NotebookClient(
        document, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(workdir)}}
    ).execute()
    texts = []
    for cell in document.cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


@pytest.mark.parametrize("source", ["database", "parquet"])
def test_the_ratings_overview_runs_on_the_fixture_database(
    source: str, fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.cli import main
    from tests.fixture_db import RECORD_COUNT, SAMPLES

    monkeypatch.setenv("VNIE_CHARTS", str(tmp_path / "charts"))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if source == "parquet":
        assert main(["export", "--db", f"sqlite:///{fixture_db}", str(tmp_path / "records.parquet")]) == 0
        monkeypatch.setenv("VNIE_PARQUET", str(tmp_path / "records.parquet"))
        monkeypatch.setenv("VNIE_DB", f"sqlite:///{tmp_path / 'none.sqlite'}")
    else:
        monkeypatch.setenv("VNIE_DB", f"sqlite:///{fixture_db}")
        monkeypatch.delenv("VNIE_PARQUET", raising=False)

    output = _execute(NOTEBOOKS / "ratings_overview.py", tmp_path)

    assert f"{RECORD_COUNT} records from {len(SAMPLES)} articles" in output
    assert "2 flagged records" in output and "count_exceeds_total" in output
    assert "provinces since 2025: Hải Phòng, Nghệ An, Thanh Hóa" in output
    charts = sorted(path.name for path in (tmp_path / "charts").glob("*.png"))
    expected = ["excellent-trend.png", "ratings-tổ-chức-cơ-sở-đảng.png", "ratings-đảng-viên.png"]
    if source == "database":  # the facts view is in the database, not in the export
        assert "time series of Đảng bộ huyện" in output
        expected.insert(1, "organization-trend.png")
    else:
        assert "no facts:" in output
    assert charts == expected
    for chart in (tmp_path / "charts").glob("*.png"):
        assert chart.read_bytes().startswith(b"\x89PNG") and chart.stat().st_size > 5_000
