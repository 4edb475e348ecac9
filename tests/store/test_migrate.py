"""Older databases are upgraded by writers, refused by readers, and never misread."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import Engine

from pipeline.store.database import articles, connect, connect_readonly, iter_records, metadata, pages
from pipeline.store.migrate import SchemaError, _locked_migration, alembic_config, head_revision, include_name

OLD_PAGE = {"url": "https://old.example/tho-xuan", "warc_offset": 2_000_000_000, "kind": "article", "status": 200}
OLD_TEXT = "Năm 2018, Đảng bộ huyện Thọ Xuân có 7 TCCSĐ hoàn thành xuất sắc nhiệm vụ."


def _raw_engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+pg8000://"))


def make_old_database(url: str, *, revision: str = "0001", keep_version_table: bool = True) -> None:
    """A database as an earlier vnie left it, with one article and one record in the old layout."""
    engine = _raw_engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        if not keep_version_table:
            conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO articles (id, url, site, title, body, text_sha1, extracted_at) "
                "VALUES (1, 'https://old.example/tho-xuan', 'baothanhhoa', 'Thọ Xuân', :body, :sha, '2025-01-01')"
            ),
            {"body": OLD_TEXT, "sha": "0" * 40},
        )
        conn.execute(
            text(
                "INSERT INTO rating_records (id, article_id, province, district, year, subject, rating, count, "
                "evidence, evidence_start, evidence_end, confidence, flags, extractor_version, run_id) VALUES "
                "(1, 1, 'Thanh Hóa', 'Thọ Xuân', 2018, 'tổ chức cơ sở đảng', 'hoàn thành xuất sắc nhiệm vụ', 7, "
                "'7 TCCSĐ hoàn thành xuất sắc nhiệm vụ', 46, 82, 0.8, :flags, 'old-version', 'old-run')"
            ),
            {"flags": json.dumps(["legacy"])},
        )
        conn.execute(
            text(
                "INSERT INTO pages (id, url, site, status, fetched_at, etag, content_type, warc_file, warc_offset, "
                "kind, failure_reason, article_id) VALUES (1, :url, 'baothanhhoa', 200, '2025-01-01T02:00:00+00:00', "
                "'\"v1\"', 'text/html', '2025-01-01/a.warc.gz', :offset, 'article', NULL, 1)"
            ),
            {"url": OLD_PAGE["url"], "offset": OLD_PAGE["warc_offset"]},
        )
    engine.dispose()


def compared_with_the_code(engine: Engine) -> list[object]:
    """What differs between the database's schema and the tables the code declares (empty when none)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        return list(compare_metadata(context, metadata))


def test_a_pre_migration_database_is_adopted_and_upgraded_with_its_data(store_url: str) -> None:
    make_old_database(store_url, keep_version_table=False)
    engine = connect(store_url)
    [row] = iter_records(engine)
    assert (row["district"], row["count"], row["flags"], row["extractor_version"]) == (
        "Thọ Xuân",
        7,
        ["legacy"],
        "old-version",
    )
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        stored = conn.execute(select(articles.c.text)).scalar_one()
        assert stored[row["start"] : row["end"]] == row["evidence"]
        if engine.dialect.name == "sqlite":
            found = conn.execute(text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'tho xuan'")).all()
            assert [tuple(hit) for hit in found] == [(1,)]
    engine.dispose()


def test_a_skeleton_database_gets_the_tables_it_lacked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'skeleton.sqlite'}"
    make_old_database(url, keep_version_table=False)
    raw = _raw_engine(url)
    with raw.begin() as conn:
        for table in ("run_sites", "runs", "pages", "sites"):
            conn.execute(text(f"DROP TABLE {table}"))
    raw.dispose()
    engine = connect(url)
    assert {"pages", "runs", "run_sites", "sites", "record_changes"} <= set(inspect(engine).get_table_names())
    assert len(list(iter_records(engine))) == 1
    engine.dispose()


def test_an_older_revision_is_upgraded_and_an_sqlite_file_backed_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    make_old_database(f"sqlite:///{path}")
    engine = connect(f"sqlite:///{path}")
    assert len(list(iter_records(engine))) == 1
    engine.dispose()
    backup = _raw_engine(f"sqlite:///{path}.0001.bak")
    with backup.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        assert conn.execute(text("SELECT count(*) FROM rating_records")).scalar() == 1
    backup.dispose()


def test_readers_refuse_an_older_database_and_say_how_to_upgrade(store_url: str) -> None:
    make_old_database(store_url)
    with pytest.raises(SchemaError, match=r"revision 0001.*run `vnie migrate`"):
        connect_readonly(store_url)


def test_a_database_from_a_newer_vnie_is_refused(store_url: str) -> None:
    connect(store_url).dispose()
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    raw.dispose()
    for opener in (connect, connect_readonly):
        with pytest.raises(SchemaError, match=r"'9999_future'.*newer vnie"):
            opener(store_url)


def test_a_foreign_database_is_refused_untouched(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    raw = _raw_engine(url)
    with raw.begin() as conn:
        conn.execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    with pytest.raises(SchemaError, match=r"not a vnie database \(it has other tables: invoices\)"):
        connect(url)
    assert inspect(raw).get_table_names() == ["invoices"]
    raw.dispose()


def test_a_table_of_unknown_layout_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'odd.sqlite'}"
    raw = _raw_engine(url)
    with raw.begin() as conn:
        conn.execute(text("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)"))
    raw.dispose()
    with pytest.raises(SchemaError, match="'articles' has a layout no vnie version made"):
        connect(url)


def test_records_breaking_the_new_constraints_stop_the_upgrade_and_change_nothing(store_url: str) -> None:
    make_old_database(store_url)
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        conn.execute(text("UPDATE rating_records SET percent = 140"))
    with pytest.raises(SchemaError, match=r"nothing was changed.*1 record\(s\) break the rule on percent: ids 1"):
        connect(store_url)
    with raw.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        assert conn.execute(select(func.count()).select_from(text("rating_records"))).scalar() == 1
        assert "record_changes" not in inspect(conn).get_table_names()
    raw.dispose()


def test_the_latest_migration_can_be_undone_and_redone(store_url: str) -> None:
    connect(store_url).dispose()
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
        assert "record_changes" not in inspect(conn).get_table_names()
        command.upgrade(config, "head")
    raw.dispose()
    engine = connect(store_url)
    assert list(iter_records(engine)) == []
    engine.dispose()


def test_a_failing_migration_leaves_no_half_made_schema(store_url: str) -> None:
    """DDL runs in the migration's transaction on SQLite too (the driver's autocommit DDL is off)."""
    engine = connect(store_url)
    with pytest.raises(RuntimeError, match="half-way"), _locked_migration(engine) as conn:
        conn.execute(text("CREATE TABLE scratch (id INTEGER)"))
        raise RuntimeError("failed half-way")
    assert "scratch" not in inspect(engine).get_table_names()
    engine.dispose()


def test_writers_opening_a_fresh_database_at_once_migrate_it_once(store_url: str) -> None:
    """The nightly run's workers may all start on an empty database. The race is forced, not hoped for:
    another session holds the database's write (or migration) lock while four writers open it, so each must
    wait for it (busy timeout, migration lock) and find the schema made by the first one, never fail."""
    import sqlite3
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.store.migrate import _PG_MIGRATION_LOCK

    def open_and_close(_: int) -> str:
        engine = connect(store_url)
        with engine.connect() as conn:
            revision = str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())
        engine.dispose()
        return revision

    if store_url.startswith("sqlite"):
        path = store_url.removeprefix("sqlite:///")
        holder: Any = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN EXCLUSIVE")  # the fresh file exists, empty, and locked
        release = holder.commit
    else:
        blocker_engine = _raw_engine(store_url)
        blocker = blocker_engine.connect()
        blocker.begin()
        blocker.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        release = blocker.commit
    waiting = threading.Timer(0.5, release)
    waiting.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        revisions = list(pool.map(open_and_close, range(4)))
    waiting.join()
    assert revisions == [head_revision()] * 4
    engine = connect(store_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    engine.dispose()
    if store_url.startswith("sqlite"):
        holder.close()
    else:
        blocker.close()
        blocker_engine.dispose()


def test_an_upgrade_failing_half_way_leaves_the_old_schema_whole(store_url: str) -> None:
    """0002 alters articles and rating_records before it creates record_changes; a clash there undoes all."""
    make_old_database(store_url)
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        conn.execute(text("CREATE TABLE record_changes (note TEXT)"))
    with pytest.raises(SchemaError, match=r"cannot upgrade the database \(nothing was changed\): .*record_changes"):
        connect(store_url)
    with raw.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        assert "text" not in {column["name"] for column in inspect(conn).get_columns("articles")}
        assert not inspect(conn).get_check_constraints("rating_records")
        assert conn.execute(text("SELECT count(*) FROM rating_records")).scalar() == 1
    raw.dispose()


@pytest.mark.parametrize("revision", ["0001", "0002"])
def test_an_upgraded_database_has_the_schema_of_a_fresh_one_and_keeps_its_pages(store_url: str, revision: str) -> None:
    make_old_database(store_url, revision=revision)
    engine = connect(store_url)
    assert compared_with_the_code(engine) == []
    with engine.begin() as conn:
        page = conn.execute(select(pages)).mappings().one()
        assert {name: page[name] for name in OLD_PAGE} == OLD_PAGE
        assert (page["etag"], page["article_id"], page["attempts"], page["discovered_at"]) == ('"v1"', 1, 0, None)
        # archives past 2 GB: an offset beyond 32 bits is stored and read back whole
        conn.execute(pages.update().values(warc_offset=5_000_000_123))
        assert conn.execute(select(pages.c.warc_offset)).scalar_one() == 5_000_000_123
    engine.dispose()


def test_a_page_inserted_without_attempts_starts_at_zero(store_url: str) -> None:
    """The column default is the database's, so rows written by other tools (or SQL by hand) count from 0."""
    engine = connect(store_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO pages (url, kind) VALUES ('https://new.example/a', 'pending')"))
        assert conn.execute(select(pages.c.attempts)).scalar_one() == 0
    engine.dispose()


def test_revision_0003_can_be_undone_with_the_pages_kept(store_url: str) -> None:
    make_old_database(store_url, revision="0002")
    connect(store_url).dispose()
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0002")
        assert not {"attempts", "discovered_at"} & {column["name"] for column in inspect(conn).get_columns("pages")}
        row = conn.execute(text("SELECT url, warc_offset, kind FROM pages")).one()
        assert tuple(row) == (OLD_PAGE["url"], OLD_PAGE["warc_offset"], OLD_PAGE["kind"])
    raw.dispose()
    engine = connect(store_url)
    assert compared_with_the_code(engine) == []
    engine.dispose()


def test_revision_0004_keeps_the_data_fills_the_copy_key_and_can_be_undone(store_url: str) -> None:
    from pipeline.store.copies import content_key
    from pipeline.store.schema import provinces

    make_old_database(store_url)  # through 0002 (which fills the article's text and version) and 0003
    engine = connect(store_url)
    assert compared_with_the_code(engine) == []
    with engine.connect() as conn:
        assert conn.execute(select(articles.c.content_key)).scalar_one() == content_key(OLD_TEXT) is None  # too short
        assert conn.execute(select(func.count()).select_from(provinces)).scalar_one() == 63
    [row] = iter_records(engine)
    assert (row["review"], row["province_2025"], row["count"]) == ("unreviewed", "Thanh Hóa", 7)
    engine.dispose()
    raw = _raw_engine(store_url)
    with raw.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
        assert not {"reviews", "provinces"} & set(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT count FROM records")).scalar_one() == 7  # the 0002 view is back
        command.upgrade(config, "head")
    raw.dispose()
    engine = connect(store_url)
    assert compared_with_the_code(engine) == [] and len(list(iter_records(engine))) == 1
    engine.dispose()


def test_the_2025_provinces_are_underthesea_s_mapping_in_the_gazetteer_s_names() -> None:
    """The table written down in revision 0004 against underthesea's bundled mapping (63 -> 34)."""
    import importlib

    from pipeline.extract import gazetteer

    migration = importlib.import_module("pipeline.store.migrations.versions.0004_reviews_facts")
    data = json.loads(gazetteer._mapping_path().read_text(encoding="utf-8"))

    def name(key: str, names: dict[str, dict[str, str]]) -> str:
        short = names[key]["short"]
        return gazetteer.PROVINCE_RENAMES.get(short, short) if names is data["old_province_names"] else short

    expected = {
        name(old, data["old_province_names"]): name(new, data["province_names"])
        for old, new in data["province_mapping"].items()
    }
    assert dict(migration.PROVINCES_2025) == expected
    assert len(expected) == 63 and len(set(expected.values())) == 34


def test_migrate_never_creates_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    missing = tmp_path / "data" / "typo.sqlite"
    assert main(["migrate", "--db", f"sqlite:///{missing}"]) == 1
    assert "no database there; nothing to upgrade" in capsys.readouterr().err
    assert not missing.exists() and not missing.parent.exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert main(["migrate", "--db", f"sqlite:///{empty}"]) == 1
    assert "the database is empty" in capsys.readouterr().err and empty.stat().st_size == 0
    make_old_database(f"sqlite:///{tmp_path / 'old.sqlite'}")
    assert main(["migrate", "--db", f"sqlite:///{tmp_path / 'old.sqlite'}"]) == 0
    assert f"upgraded from 0001 to schema revision {head_revision()}" in capsys.readouterr().err
