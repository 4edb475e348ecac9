"""``vnie demo`` replays the bundled archive of sample pages; the archive is what its build script makes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select

from pipeline.cli import main
from pipeline.commands.demo import SAMPLE_ARCHIVE
from pipeline.store.database import articles, connect, iter_facts, iter_records, sites
from scrapers.archive import iter_responses
from scrapers.sites import builtin_profiles

BUILD_SCRIPT = SAMPLE_ARCHIVE.parent / "build_archive.py"


DEMO_SITES = ("baothanhhoa", "baonghean", "baohatinh", "baohaiduong", "baonamdinh", "baoninhbinh")


def test_demo_replays_the_sample_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path}/demo.sqlite"
    assert main(["demo", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "sample articles" in out
    engine = connect(db)
    with engine.connect() as conn:
        urls = list(conn.execute(select(articles.c.url)).scalars())
        profiles = dict(conn.execute(select(sites.c.name, sites.c.province)).all())
    assert len(urls) == 38
    assert not any(url.endswith(("/xay-dung-dang", ".rss", "robots.txt")) for url in urls)  # listings never stored
    assert {profile.name: profile.province for profile in builtin_profiles()} == profiles  # sites from the profiles
    records = list(iter_records(engine))
    assert len(records) >= 280
    years = {(r["site"], r["year"]) for r in records}
    for site in DEMO_SITES:
        assert {year for name, year in years if name == site} >= set(range(2019, 2024)), site
    assert any(
        (r["scope"], r["year"], r["subject"], r["rating"], r["count"], r["total"])
        == ("Đảng bộ huyện Nam Đàn", 2021, "tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ", 7, 43)
        for r in records
    )
    assert {r["province_2025"] for r in records if r["province"] == "Nam Định"} == {"Ninh Bình"}
    engine.dispose()
    assert main(["demo", "--db", db]) == 0  # idempotent
    engine = connect(db)
    with engine.connect() as conn:
        assert len(list(conn.execute(select(articles.c.url)).scalars())) == 38
    assert len(list(iter_records(engine))) == len(records)
    engine.dispose()


def test_the_demo_facts_merge_the_syndicated_copy_and_flag_the_conflict(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/demo.sqlite"
    assert main(["demo", "--db", db]) == 0
    engine = connect(db)
    facts = {(f["scope"], f["year"], f["subject"], f["rating"]): f for f in iter_facts(engine)}
    engine.dispose()
    copied = facts[("Đảng bộ huyện Nam Đàn", 2021, "tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ")]
    assert (copied["count"], copied["records"], copied["sources"], copied["conflict"]) == (7, 2, 1, 0)
    assert copied["sites"] == "baonghean, namdan.nghean.gov.vn"
    disputed = facts[("Đảng bộ huyện Can Lộc", 2022, "tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ")]
    assert (disputed["sources"], disputed["conflict"]) == (2, 1)
    assert {disputed["count"], int(disputed["other_values"].split()[0])} == {10, 11}
    agreed = facts[("Đảng bộ huyện Can Lộc", 2022, "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ")]
    assert (agreed["count"], agreed["sources"], agreed["agreeing"], agreed["conflict"]) == (32, 2, 2, 0)
    assert sum(fact["conflict"] for fact in facts.values()) == 1, "one conflicting figure in the demo"


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
    assert SAMPLE_ARCHIVE.stat().st_size < 200_000, "well under 1 MB"


def test_a_correction_survives_reprocess_and_is_scored_as_gold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json
    import shutil

    db = f"sqlite:///{tmp_path}/demo.sqlite"
    assert main(["demo", "--db", db]) == 0
    engine = connect(db)
    [target] = [
        r for r in iter_records(engine)
        if (r["scope"], r["year"], r["rating"], r["subject"])
        == ("Đảng bộ huyện Gia Viễn", 2020, "hoàn thành tốt nhiệm vụ", "tổ chức cơ sở đảng")
    ]  # fmt: skip
    article = [r for r in iter_records(engine) if r["url"] == target["url"]]
    engine.dispose()
    assert main(["review", "correct", str(target["id"]), "--db", db, "--set", f"count={target['count'] + 1}",
                 "--reason", "the table of the report", "--reviewer", "lan"]) == 0  # fmt: skip
    others = [str(r["id"]) for r in article if r["id"] != target["id"]]
    assert main(["review", "confirm", *others, "--db", db, "--reviewer", "lan"]) == 0

    archive = tmp_path / "archive" / "2025-01-23"
    archive.mkdir(parents=True)
    shutil.copy(SAMPLE_ARCHIVE, archive / SAMPLE_ARCHIVE.name)
    assert main(["reprocess", "--archive", str(tmp_path / "archive"), "--db", db]) == 0
    engine = connect(db)
    after = {r["evidence"]: r for r in iter_records(engine) if r["url"] == target["url"]}
    engine.dispose()
    assert after[target["evidence"]]["review"] == "corrected"
    assert after[target["evidence"]]["count"] == target["count"] + 1
    assert {r["review"] for r in after.values()} == {"corrected", "confirmed"}
    assert main(["review", "check", "--db", db]) == 0

    gold = tmp_path / "gold.jsonl"
    capsys.readouterr()
    assert main(["review", "export-gold", str(gold), "--db", db]) == 0
    [line] = [json.loads(text) for text in gold.read_text(encoding="utf-8").splitlines()]
    assert line["url"] == target["url"] and len(line["records"]) == len(article)
    assert main(["eval", "--gold", str(gold)]) == 0
    scored = capsys.readouterr().out
    assert f"({len(article) - 1}/{len(article)} gold" in scored and "figure" in scored


def test_the_demo_refuses_a_database_holding_a_real_crawl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import insert

    from pipeline.store.database import pages

    db = f"sqlite:///{tmp_path}/vnie.sqlite"
    engine = connect(db)
    with engine.begin() as conn:
        conn.execute(insert(pages).values(url="https://baonghean.vn/a.html", kind="article", warc_file="night.warc.gz"))
    engine.dispose()
    assert main(["demo", "--db", db]) == 1
    assert "holds 1 pages of other archives" in capsys.readouterr().err
    engine = connect(db)
    assert list(iter_records(engine)) == []
    engine.dispose()
