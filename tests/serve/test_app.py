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
    assert "Party rating records from Vietnamese provincial news" in page
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


# --- hygiene (issue 12, item 3): each attack on the in-process app, the same answers on 127.0.0.1 ---------


def test_a_post_to_a_canned_query_is_refused_with_a_message(client: Any, fixture_db: Path) -> None:
    datasette = build_datasette(fixture_db)
    for path in ("/vnie/flagged_records", "/vnie/records", "/vnie", "/-/vnie-login"):
        response = asyncio.run(datasette.client.post(path, data={"sql": "delete from rating_records"}))
        assert response.status_code == 405 and "read-only" in response.text, path


def test_a_huge_record_or_article_id_is_a_404_not_a_500(client: Any) -> None:
    for path in ("/record/99999999999999999999999", "/article/99999999999999999999999", "/record/9223372036854775808"):
        response = client.get(path)
        assert response.status_code == 404 and "There is no" in response.text, path
    assert client.get("/record/" + "9" * 400).status_code == 404


@pytest.mark.parametrize("query", ['"', '""', 'a"b', '"Đông', "NEAR(", "*", "-"])
def test_search_reads_any_text_as_words(client: Any, query: str) -> None:
    from urllib.parse import quote

    for table in ("records", "articles"):
        response = client.get(f"/vnie/{table}.json?_search={quote(query)}")
        assert response.status_code == 200, (table, query, response.text[:300])
    found = client.json(f"/vnie/articles.json?_search={quote(chr(34) + 'Quảng Xương')}&_shape=array")
    assert [row["url"] for row in found] == [SAMPLES[1].article.url]


@pytest.mark.parametrize(
    "sql",
    ["select fts3_tokenizer('simple')", "select load_extension('/tmp/x')", "select length(zeroblob(100000000))"],
)
def test_dangerous_sql_functions_are_refused(client: Any, sql: str) -> None:
    from urllib.parse import quote

    response = client.get(f"/vnie.json?sql={quote(sql)}")
    assert response.status_code == 400
    assert "not authorized" in response.json()["error"] or "too big" in response.json()["error"]


def test_no_page_tells_where_the_database_lies(client: Any, fixture_db: Path) -> None:
    assert client.get("/-/databases.json").status_code == 404
    for path in ("/", "/vnie", "/vnie/records", "/-/plugins.json", "/-/settings.json", "/-/metadata.json"):
        assert str(fixture_db.parent) not in client.get(path).text, path


def test_every_response_sends_the_security_headers(client: Any) -> None:
    for path in ("/", "/vnie/records", "/record/1", "/vnie-static/vnie.css", "/record/999999", "/-/databases.json"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff", path


def test_a_foreign_host_header_is_refused(fixture_db: Path) -> None:
    datasette = build_datasette(fixture_db)
    asked = asyncio.run(datasette.client.get("/vnie/records.json", headers={"host": "attacker.example"}))
    assert asked.status_code == 400 and "attacker.example" in asked.text
    for host in ("127.0.0.1:8001", "localhost", "[::1]:8001"):
        assert asyncio.run(datasette.client.get("/", headers={"host": host})).status_code == 200, host


def test_the_hygiene_holds_on_a_real_server(fixture_db: Path, tmp_path: Path) -> None:
    """The same attacks against `vnie serve` listening on 127.0.0.1."""
    import http.client
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", f"sqlite:///{fixture_db}", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip

    def ask(method: str, path: str, host: str = f"127.0.0.1:{port}") -> tuple[int, dict[str, str], str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest(method, path, skip_host=True)
        connection.putheader("Host", host)
        connection.putheader("Content-Length", "0")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ask("GET", "/-/versions.json")
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "vnie serve did not start"
                time.sleep(0.2)
        assert ask("POST", "/vnie/flagged_records")[0] == 405
        assert ask("GET", "/record/99999999999999999999999")[0] == 404
        assert ask("GET", "/vnie/records.json?_search=%22")[0] == 200
        assert ask("GET", "/vnie.json?sql=select+fts3_tokenizer('simple')")[0] == 400
        assert ask("GET", "/-/databases.json")[0] == 404
        status, headers, _ = ask("GET", "/")
        assert status == 200 and headers["x-frame-options"] == "DENY" and "content-security-policy" in headers
        assert ask("GET", "/", host="rebind.attacker.example")[0] == 400
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_dashboard_is_the_front_page_and_its_filter_accepts_either_province(client: Any) -> None:
    page = client.get("/").text
    assert 'id="chart-mix"' in page and "/vnie-plotly/plotly.min.js" in page and "cdn" not in page.lower()
    assert '<script type="application/json" id="vnie-figures">' in page and "Plotly.newPlot" not in page
    assert client.get("/vnie-plotly/plotly.min.js").status_code == 200
    both = client.get("/?province=H%E1%BA%A3i+Ph%C3%B2ng").text  # Hải Phòng since 2025: Hải Dương's records
    assert "Đảng bộ tỉnh Hải Dương" in both and "huyện Thanh Hà (Hải Dương)" in both and "Đông Sơn" not in both
    district = client.get("/?province=Thanh+H%C3%B3a&district=Qu%E1%BA%A3ng+X%C6%B0%C6%A1ng").text
    assert "Đảng bộ huyện Quảng Xương" in district and "Đảng bộ huyện Đông Sơn" not in district.split("latest year")[1]


def test_review_forms_need_a_reviewer_login(fixture_db: Path, tmp_path: Path) -> None:
    import shutil

    from pipeline.serve.reviewing import ReviewAccess

    copy = tmp_path / "vnie.sqlite"
    shutil.copy(fixture_db, copy)
    access = ReviewAccess.for_reviewers(copy, ["lan"])
    datasette = build_datasette(copy, reviewers=access)
    anonymous = asyncio.run(datasette.client.get("/record/1"))
    assert "record-review" not in anonymous.text and "--reviewer NAME" in anonymous.text
    assert asyncio.run(datasette.client.get("/-/vnie-login?token=wrong")).status_code == 403
    link = access.login_links("")["lan"]
    login = asyncio.run(datasette.client.get(link))
    assert login.status_code == 302 and "ds_actor" in login.cookies
    page = asyncio.run(datasette.client.get("/record/1", cookies={"ds_actor": login.cookies["ds_actor"]}))
    assert 'class="review record-review"' in page.text and "csrftoken" in page.text
