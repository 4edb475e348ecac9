"""``vnie demo`` replays the bundled archive of sample pages; the archive is what its build script makes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.cli import main
from pipeline.commands.demo import SAMPLE_ARCHIVE
from pipeline.store.database import articles, connect, iter_records
from scrapers.archive import iter_responses

BUILD_SCRIPT = SAMPLE_ARCHIVE.parent / "build_archive.py"


def test_demo_replays_the_sample_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path}/demo.sqlite"
    assert main(["demo", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "sample articles" in out
    with connect(db).connect() as conn:
        urls = list(conn.execute(select(articles.c.url)).scalars())
    assert len(urls) == 6
    assert not any(url.endswith(("/xay-dung-dang", ".rss", "robots.txt")) for url in urls)  # listings never stored
    records = list(iter_records(connect(db)))
    assert len(records) >= 15, "the sample pages state over 20 rating figures"
    assert any(
        (r["scope"], r["year"], r["subject"], r["count"], r["total"])
        == ("Đảng bộ huyện Đông Sơn", 2023, "tổ chức cơ sở đảng", 9, 41)
        for r in records
    )
    assert main(["demo", "--db", db]) == 0  # idempotent
    with connect(db).connect() as conn:
        assert len(list(conn.execute(select(articles.c.url)).scalars())) == 6
    assert len(list(iter_records(connect(db)))) == len(records)


def test_a_missing_archive_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--db", f"sqlite:///{tmp_path}/d.sqlite", "--archive", str(tmp_path / "none.warc.gz")]) == 1
    assert "no such WARC file" in capsys.readouterr().err


def test_bundled_archive_is_built_from_the_pages(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_archive", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(tmp_path / "rebuilt.warc.gz")

    def contents(path: Path) -> list[tuple[str, str | None, bytes]]:
        return [(r.url, r.role, r.page(1_000_000).body) for r in iter_responses(path)]

    assert contents(rebuilt) == contents(SAMPLE_ARCHIVE), "run data/demo/build_archive.py after editing a page"
    assert SAMPLE_ARCHIVE.stat().st_size < 100_000
