"""The web UI in-process (Datasette's test client): metadata, facets, search, canned queries, record pages."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from pipeline.cli import main
from pipeline.serve.app import ReadOnlyDatabase, build_datasette, metadata
from pipeline.serve.plugin import mark_evidence
from pipeline.store.schema import metadata as schema
from tests.fixture_db import RECORD_COUNT, SAMPLES


@pytest.fixture(scope="module")
def client(fixture_db: Path) -> Any:
    datasette = build_datasette(fixture_db)

    class Client:
        def get(self, path: str) -> Any:
            return asyncio.run(datasette.client.get(path))

        def json(self, path: str) -> Any:
            response = self.get(path)
            assert response.status_code == 200, response.text
            return response.json()

    return Client()


def test_every_column_of_every_table_and_of_the_records_view_is_documented(fixture_db: Path) -> None:
    tables = metadata()["databases"]["vnie"]["tables"]
    for table in schema.sorted_tables:
        assert tables[table.name]["title"] and tables[table.name]["description"]
        assert set(tables[table.name]["columns"]) == {column.name for column in table.columns}, table.name
    engine = create_engine(f"sqlite:///{fixture_db}")
    view_columns = {column["name"] for column in inspect(engine).get_columns("records")}
    engine.dispose()
    assert set(tables["records"]["columns"]) == view_columns


def test_the_home_page_shows_title_licence_and_source(client: Any) -> None:
    page = client.get("/").text
    assert "vnie: party rating records from Vietnamese provincial news" in page
    assert "Apache-2.0" in page and "Provincial party newspapers" in page
    assert "_memory" not in page and "/vnie-static/vnie.css" in page
    assert "dl.column-descriptions" in client.get("/vnie-static/vnie.css").text
    database = client.get("/vnie").text
    for query in ("rating_shares", "inconsistent_figures", "site_freshness", "article_records", "flagged_records"):
        assert f"/vnie/{query}" in database
    assert "articles_fts" not in database and "alembic_version" not in database


def test_the_records_view_offers_the_facets(client: Any) -> None:
    data = client.json("/vnie/records.json?_size=max")
    assert len(data["rows"]) == RECORD_COUNT
    facets = data["facet_results"]
    assert {"province", "year", "subject", "rating", "site", "flags"} <= set(facets)
    provinces = {item["value"]: item["count"] for item in facets["province"]["results"]}
    assert provinces == {"Thanh Hóa": 7, "Hải Dương": 5, "Nghệ An": 3}
    flags = {item["value"] for item in facets["flags"]["results"]}
    assert flags == {"count_exceeds_total", "percent_disagrees_with_count"}
    only = client.json("/vnie/records.json?province=Ngh%E1%BB%87+An&_shape=array&_col=province")
    assert {row["province"] for row in only} == {"Nghệ An"} and len(only) == 3


@pytest.mark.parametrize("query", ["Quảng Xương", "quang xuong", "QUANG XUONG", "Quang Xuong"])
def test_search_matches_with_and_without_diacritics(client: Any, query: str) -> None:
    rows = client.json(f"/vnie/articles.json?_search={query}&_shape=array&_col=url")
    assert [row["url"] for row in rows] == [SAMPLES[1].article.url]
    records = client.json(f"/vnie/records.json?_search={query}&_shape=array&_col=url")
    assert {row["url"] for row in records} == {SAMPLES[1].article.url} and len(records) == 2


def test_search_folds_tone_placement_and_d_with_stroke(client: Any) -> None:
    for query in ("Đàn", "dan", "nam đan"):
        rows = client.json(f"/vnie/articles.json?_search={query}&_shape=array&_col=url")
        assert SAMPLES[3].article.url in {row["url"] for row in rows}, query
    assert client.json("/vnie/articles.json?_search=kh%C3%B4ng%C3%BDt%E1%BB%AB&_shape=array") == []


def _query(client: Any, name: str, **params: str) -> list[dict[str, Any]]:
    args = "&".join(f"{key}={value}" for key, value in params.items())
    return list(client.json(f"/vnie/{name}.json?_shape=array&{args}"))


def test_rating_shares_by_province_and_year(client: Any) -> None:
    rows = _query(client, "rating_shares", subject="", rating="", province="")
    by_key = {(row["province"], row["year"], row["subject"], row["rating"]): row for row in rows}
    dong_son = by_key[("Thanh Hóa", 2019, "tổ chức cơ sở đảng", "hoàn thành xuất sắc nhiệm vụ")]
    assert (dong_son["counted"], dong_son["out_of"], dong_son["share_from_counts"]) == (9, 34, 26.5)
    members = by_key[("Nghệ An", 2021, "đảng viên", "hoàn thành xuất sắc nhiệm vụ")]
    assert members["share_from_counts"] == 12.2 and members["mean_stated_percent"] == 12.2
    only = _query(client, "rating_shares", subject="đảng viên", rating="", province="Hải Dương")
    assert {(row["province"], row["subject"]) for row in only} == {("Hải Dương", "đảng viên")}


def test_inconsistent_figures_finds_the_three_kinds_of_problem(client: Any) -> None:
    rows = _query(client, "inconsistent_figures")
    problems = {(row["district"], row["problem"]) for row in rows}
    assert problems == {
        ("Thanh Hà", "count exceeds total"),
        ("Thanh Hà", "exclusive ratings add up to more than the total"),
        ("Nam Đàn", "percent disagrees with count / total"),
    }
    assert rows[0]["district"] == "Thanh Hà" and rows[0]["problems_in_district"] == 2


def test_site_freshness_and_yield(client: Any) -> None:
    rows = {row["site"]: row for row in _query(client, "site_freshness")}
    assert set(rows) == {"baothanhhoa", "baohaiduong", "baonghean"}
    thanh_hoa = rows["baothanhhoa"]
    assert (thanh_hoa["articles"], thanh_hoa["records"], thanh_hoa["records_per_article"]) == (2, 7, 3.5)
    assert thanh_hoa["newest_article"] == "2021-01-15" and thanh_hoa["last_run_status"] == "ok"


def test_what_an_article_said_and_the_flagged_records(client: Any) -> None:
    said = _query(client, "article_records", article="nam-dan")
    assert {row["url"] for row in said} == {SAMPLES[3].article.url} and len(said) == 3
    flagged = _query(client, "flagged_records")
    assert [row["district"] for row in flagged] == ["Thanh Hà", "Nam Đàn"]  # lowest confidence first


def test_a_record_page_marks_the_evidence_in_the_article_and_links_to_it(client: Any) -> None:
    rows = client.json("/vnie/records.json?_shape=array&district=Nam+%C4%90%C3%A0n&_sort=id")
    record = rows[0]
    page = client.get(f"/record/{record['id']}").text
    marked = re.search(r'<mark id="evidence">(.*?)</mark>', page, re.S)
    assert marked is not None and marked.group(1) == record["evidence"]
    assert f'href="/article/{record["article_id"]}"' in page
    assert "#:~:text=" in page and "do not point at the evidence" not in page
    listing = client.get("/vnie/records?district=Nam+%C4%90%C3%A0n").text
    assert f'<a href="/record/{record["id"]}">' in listing
    assert client.get("/record/999999").status_code == 404


def test_an_article_page_marks_every_record_and_links_each_mark(client: Any) -> None:
    rows = client.json(f"/vnie/records.json?_shape=array&url={SAMPLES[0].article.url}&_sort=id")
    page = client.get(f"/article/{rows[0]['article_id']}").text
    marks = re.findall(r'<mark data-record="(\d+)"><a href="/record/(\d+)">(.*?)</a></mark>', page, re.S)
    assert [(int(a), int(b), text) for a, b, text in marks] == [(row["id"], row["id"], row["evidence"]) for row in rows]
    assert SAMPLES[0].article.title in page and client.get("/article/999999").status_code == 404


def test_overlapping_evidence_is_marked_once() -> None:
    segments = mark_evidence("abcdefghij", [(2, 5, 1), (4, 7, 2), (8, 20, 3)])
    assert [(s.text, s.record_id) for s in segments] == [("ab", None), ("cde", 1), ("fg", 2), ("h", None), ("ij", 3)]


def test_no_sql_can_change_the_data(client: Any, fixture_db: Path) -> None:
    for statement in (
        "delete from rating_records",
        "update articles set title = 'x'",
        "select 1; delete from rating_records",
        "pragma query_only = 0",
        "attach database ':memory:' as other",
    ):
        response = client.get(f"/vnie.json?sql={statement}")
        assert response.status_code == 400, statement
    assert not any(query.get("write") for query in metadata()["databases"]["vnie"]["queries"].values())
    database = ReadOnlyDatabase(build_datasette(fixture_db), path=str(fixture_db), is_mutable=True)
    with pytest.raises(PermissionError, match="read-only"):
        database.connect(write=True)
    with pytest.raises(Exception, match="readonly"):
        database.connect().execute("delete from rating_records")
    assert len(client.json("/vnie/records.json?_size=max")["rows"]) == RECORD_COUNT


def test_serve_refuses_what_it_cannot_serve(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--db", "postgresql://postgres@127.0.0.1/test"]) == 2
    assert "serves an SQLite file" in capsys.readouterr().err
    assert main(["serve", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}"]) == 1
    assert "no database at" in capsys.readouterr().err
    old = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)"))
    engine.dispose()
    assert main(["serve", "--db", f"sqlite:///{old}"]) == 1
    assert "layout no vnie version made" in capsys.readouterr().err
