"""A bug met on one input never ends a batch: every command that runs many inputs (``vnie clean``,
``vnie extract``, ``vnie eval``, ``vnie run``, ``vnie reprocess``) turns an exception raised inside
one page's stage into that page's error line or stored failure, processes every other input, and
exits 1. Each test makes one stage raise on one input of a real batch (the stage is wrapped, the
others run for real)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import pipeline.clean
import pipeline.clean.cleaner
import pipeline.evaluate.records
import pipeline.extract
import pipeline.run
from pipeline.cli import main
from pipeline.store.database import articles, connect, pages
from tests.mockserver import FakeNewspaper, sites_toml, three_papers
from tests.paths import FIXTURES

LAYOUTS = FIXTURES / "layouts"
PAGES = sorted(LAYOUTS.glob("*/*.html"))[:4]
BAD = PAGES[1]


class Boom(RuntimeError):
    """The bug planted in one stage for one input."""


def raising_on(original: Callable[..., Any], is_bad: Callable[..., bool]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if is_bad(*args, **kwargs):
            raise Boom("planted failure")
        return original(*args, **kwargs)

    return wrapped


def test_clean_prints_every_other_page_and_exits_1(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    bad_source = str(BAD)
    clean = pipeline.clean.clean_html
    monkeypatch.setattr(
        pipeline.clean, "clean_html", raising_on(clean, lambda *a, source=None, **k: source == bad_source)
    )
    status = main(["clean", *map(str, PAGES)])
    captured = capsys.readouterr()
    printed = [json.loads(line)["source"] for line in captured.out.splitlines()]
    assert status == 1
    assert printed == [str(path) for path in PAGES if path != BAD]
    assert f"{bad_source}: cleaning failed (Boom: planted failure)" in captured.err
    assert "Traceback" not in captured.err


def test_extract_files_and_jsonl_lines(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    texts = [tmp_path / f"{name}.txt" for name in ("a", "b", "c")]
    for path in texts:
        path.write_text(f"Năm 2022, Đảng bộ xã {path.stem} có 3 chi bộ hoàn thành xuất sắc nhiệm vụ.", encoding="utf-8")
    extract_text = pipeline.extract.extract_text
    monkeypatch.setattr(pipeline.extract, "extract_text", raising_on(extract_text, lambda text, **k: "xã b " in text))
    assert main(["extract", *map(str, texts)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["source"] for line in captured.out.splitlines()] == [str(texts[0]), str(texts[2])]
    assert f"{texts[1]}: processing failed (Boom: planted failure)" in captured.err

    monkeypatch.setattr(
        pipeline.extract, "extract_text", raising_on(extract_text, lambda text, **k: "chi bộ B" in text)
    )
    lines = tmp_path / "in.jsonl"
    rows = [{"id": name, "text": f"Năm 2022, chi bộ {name} có 9 đảng viên hoàn thành tốt nhiệm vụ."} for name in "ABC"]
    lines.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n[[[\n", encoding="utf-8")
    status = main(["extract", "--jsonl", str(lines)])
    captured = capsys.readouterr()
    assert status == 1
    assert [json.loads(line)["id"] for line in captured.out.splitlines()] == ["A", "C"]
    assert "in.jsonl:2: processing failed (Boom: planted failure)" in captured.err
    assert "in.jsonl:4: not JSON" in captured.err
    assert "Traceback" not in captured.err


def test_eval_pages_reports_the_page_and_scores_the_rest(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    explain = pipeline.clean.cleaner.clean_and_explain
    bad_source = str(LAYOUTS / "wordpress" / "thcs-nguyentrai-2021-dangvien.html")
    monkeypatch.setattr(
        pipeline.clean.cleaner,
        "clean_and_explain",
        raising_on(explain, lambda *a, source=None, **k: source == bad_source),
    )
    status = main(["eval", "--pages", str(LAYOUTS), "--no-records"])
    out = capsys.readouterr().out
    assert status == 1
    assert "wordpress/thcs-nguyentrai-2021-dangvien: not cleaned: Boom: planted failure" in out
    assert "wordpress: 1 pages; cleaning token F1 mean 0.0000 (min 0.0000); 0 leaks; 1 errors" in out
    assert "old_table: 3 pages; cleaning token F1 mean 1.0000 (min 1.0000)" in out


def test_eval_gold_scores_a_crashing_article_as_empty(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path
) -> None:
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": name,
            "text": f"Năm 2022, Đảng bộ xã {name} có {count} chi bộ hoàn thành xuất sắc nhiệm vụ.",
            "records": [],
        }
        for name, count in (("An", 3), ("Bình", 4), ("Châu", 5))
    ]
    gold.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")
    predict = pipeline.evaluate.records.predict_gold_article
    monkeypatch.setattr(
        pipeline.evaluate.records, "predict_gold_article", raising_on(predict, lambda item: item.id == "Bình")
    )
    status = main(["eval", "--gold", str(gold), "--quiet"])
    captured = capsys.readouterr()
    assert status == 1
    assert "Bình: extraction failed (Boom: planted failure); scored as empty" in captured.err
    assert f"{gold}: 3 articles;" in captured.out


# ---- the nightly run and the archive ----------------------------------------------------------------


@pytest.fixture
def papers() -> Iterator[list[FakeNewspaper]]:
    running = [FakeNewspaper(spec).start() for spec in three_papers(articles=4)]
    yield running
    for paper in running:
        paper.stop()


def _settings() -> dict[str, Any]:
    return {"read_timeout": 2.0, "retries": 0, "backoff_factor": 0.01, "delay_seconds": 0.0}


def _stored(db: str) -> tuple[set[str], dict[str, str | None]]:
    with connect(db).connect() as conn:
        urls = set(conn.execute(select(articles.c.url)).scalars())
        failed = {row.url: row.failure_reason for row in conn.execute(select(pages).where(pages.c.kind == "failed"))}
    return urls, failed


def test_run_and_reprocess_store_every_other_page(
    papers: list[FakeNewspaper], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    sites_file = tmp_path / "sites.toml"
    sites_file.write_text(sites_toml(papers, _settings()), encoding="utf-8")
    db, archive = f"sqlite:///{tmp_path}/vnie.sqlite", tmp_path / "archive"
    bad_url = papers[0].article_url(1)
    all_urls = {paper.article_url(number) for paper in papers for number in range(4)}
    process = pipeline.run.process_page
    monkeypatch.setattr(pipeline.run, "process_page", raising_on(process, lambda page, *a: page.url == bad_url))
    common = ["--sites-file", str(sites_file), "--db", db, "--archive", str(archive)]
    names = ",".join(paper.spec.name for paper in papers)

    status = main(["run", "--sites", names, *common])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    stored, failed = _stored(db)
    assert status == 1
    assert stored == all_urls - {bad_url}
    assert failed == {bad_url: "processing_error (Boom: planted failure)"}
    assert report["sites"][papers[0].spec.name]["failed"] == {"processing_error": 1}

    other_bad = papers[2].article_url(3)  # reprocess: now another page raises, the first one heals
    monkeypatch.setattr(pipeline.run, "process_page", raising_on(process, lambda page, *a: page.url == other_bad))
    status = main(["reprocess", "--sites-file", str(sites_file), "--db", db, "--archive", str(archive)])
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    stored, failed = _stored(db)
    assert status == 1
    assert stored == all_urls  # the other page's article, stored by the run, is kept
    assert failed == {other_bad: "processing_error (Boom: planted failure)"}
    assert sum(tally["failed"].get("processing_error", 0) for tally in report["sites"].values()) == 1
