"""The nightly run and reprocess on PostgreSQL (the server on 127.0.0.1:5432, skipped when none answers)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from pipeline.cli import main
from pipeline.store.database import articles, connect, run_sites
from tests.mockserver import FakeNewspaper, PaperSpec, sites_toml

ADMIN = os.environ.get("VNIE_TEST_POSTGRES", "postgresql+pg8000://postgres@127.0.0.1:5432/postgres")
pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url() -> Iterator[str]:
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    name = f"vnie_run_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as error:  # no server: skip, unless CI says PostgreSQL is mandatory
        admin.dispose()
        if os.environ.get("VNIE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no PostgreSQL server at {ADMIN}: {error}")
        pytest.skip(f"no PostgreSQL server at {ADMIN} ({type(error).__name__})")
    try:
        yield ADMIN.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_nightly_run_and_reprocess_on_postgresql(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeNewspaper(PaperSpec("baob", host="127.0.0.2", articles=10, feed="atom", sitemaps=True)) as paper:
        sites = tmp_path / "sites.toml"
        sites.write_text(sites_toml([paper]), encoding="utf-8")
        command = [
            "run",
            "--sites",
            "baob",
            "--sites-file",
            str(sites),
            "--db",
            postgres_url,
            "--archive",
            str(tmp_path / "a"),
        ]
        assert main(command) == 0
        assert main(command) == 0
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["sites"]["baob"]["fetched"] for r in reports] == [10, 0]
    assert main(["reprocess", "--archive", str(tmp_path / "a"), "--db", postgres_url]) == 0
    engine = connect(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar() == 10
        assert conn.execute(select(func.count()).select_from(run_sites)).scalar() == 3
    engine.dispose()
