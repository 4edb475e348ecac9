"""Shared fixtures. Tests never touch the network and never load models from a hub."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "dev.jsonl").exists():
        pytest.skip(f"../shared is absent ({SHARED}): gold-data tests skipped")
    return SHARED


# --- The store: the same tests run on SQLite and on PostgreSQL -------------------------------------
# PostgreSQL is the server on 127.0.0.1:5432 (trust auth) unless VNIE_TEST_POSTGRES names another
# maintenance database. The session gets a database of its own, each test a fresh schema in it (the
# database's default search_path points at it: creating a schema is much faster than a database);
# both are dropped afterwards. With VNIE_REQUIRE_POSTGRES=1 (set by .ci/run) a missing server fails
# the tests instead of skipping them.

POSTGRES_ADMIN = os.environ.get("VNIE_TEST_POSTGRES", "postgresql+pg8000://postgres@127.0.0.1:5432/postgres")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[Engine]:
    """An autocommit engine on a database made for this test session."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError, OperationalError

    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"vnie_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except (OperationalError, DBAPIError, OSError) as error:
        admin.dispose()
        message = f"no PostgreSQL server answers at {POSTGRES_ADMIN} ({type(error).__name__})"
        if os.environ.get("VNIE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{message}, and VNIE_REQUIRE_POSTGRES=1 makes the PostgreSQL tests mandatory")
        pytest.skip(f"{message}: PostgreSQL store tests skipped")
    database = create_engine(admin.url.set(database=name), isolation_level="AUTOCOMMIT")
    yield database
    database.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def postgres_url(postgres_database: Engine) -> Iterator[str]:
    """URL of an empty PostgreSQL schema (new connections start in it)."""
    import uuid

    from sqlalchemy import text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    database = postgres_database.url.database
    with postgres_database.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(text(f'ALTER DATABASE "{database}" SET search_path TO "{schema}"'))
    yield postgres_database.url.render_as_string(hide_password=False)
    with postgres_database.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vnie.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database of hand-written sample articles and records (``tests/fixture_db.py``)."""
    from tests.fixture_db import build

    path = tmp_path_factory.mktemp("fixture") / "vnie.sqlite"
    build(f"sqlite:///{path}").dispose()
    return path
