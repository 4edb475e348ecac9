"""Schema versions: an older database is upgraded (writers) or refused with a message (readers), never misread.

The Alembic scripts ship inside the package (``pipeline/store/migrations``). A database made before
migrations existed (tables but no ``alembic_version``) is adopted when its tables are the ones the
first revision creates; anything else — a newer vnie's database, a foreign file — is refused.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from pipeline import __version__
from pipeline.store.schema import StoreError
from pipeline.store.search import FTS_TABLE

log = logging.getLogger("vnie.store")
# Alembic announces its context ("Context impl SQLiteImpl.") at INFO on every upgrade: noise for vnie's
# users, whose own message says what was upgraded and where the backup is.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)

# The tables and columns of revision 0001, which pre-migration databases also have (frozen history).
FIRST_REVISION_COLUMNS: dict[str, frozenset[str]] = {
    "articles": frozenset(
        [
            "id",
            "url",
            "site",
            "title",
            "sapo",
            "body",
            "author",
            "published",
            "category",
            "tags",
            "source",
            "text_sha1",
            "extracted_at",
        ]
    ),
    "rating_records": frozenset(
        [
            "id",
            "article_id",
            "scope",
            "province",
            "district",
            "year",
            "subject",
            "rating",
            "count",
            "percent",
            "approx",
            "total",
            "evidence",
            "evidence_start",
            "evidence_end",
            "confidence",
            "flags",
            "extractor_version",
            "run_id",
        ]
    ),
    "organizations": frozenset({"id", "name"}),
    "article_organizations": frozenset({"article_id", "organization_id"}),
    "sites": frozenset({"name", "domain", "newspaper", "province", "base_url"}),
    "pages": frozenset(
        [
            "id",
            "url",
            "site",
            "status",
            "fetched_at",
            "etag",
            "last_modified",
            "content_type",
            "content_sha1",
            "warc_file",
            "warc_offset",
            "kind",
            "failure_reason",
            "article_id",
        ]
    ),
    "runs": frozenset({"id", "started", "ended", "status", "extractor_version", "report"}),
    "run_sites": frozenset(
        [
            "run_id",
            "site",
            "discovered",
            "fetched",
            "not_modified",
            "skipped_robots",
            "failed",
            "articles",
            "records",
            "alerts",
        ]
    ),
}

_PG_MIGRATION_LOCK = 4_711_022  # any constant: serializes concurrent upgrades of one PostgreSQL database


class SchemaError(StoreError):
    """The database is not at this vnie's schema and cannot (or may not) be upgraded here."""


@dataclass(frozen=True, slots=True)
class SchemaState:
    revision: str | None  # alembic revision, None before migrations
    kind: str  # empty | current | older | pre-migration | refused
    problem: str = ""


def include_name(name: str | None, kind: str, _parent: object) -> bool:
    """Leave the search index (an SQLite virtual table and its shadow tables) out of schema comparisons."""
    return not (kind == "table" and (name or "").startswith(FTS_TABLE))


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", "pipeline.store:migrations")
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    assert head is not None
    return head


def known_revisions() -> frozenset[str]:
    return frozenset(script.revision for script in _scripts().walk_revisions())


def schema_state(conn: Connection) -> SchemaState:
    """Where the database stands against this vnie's migrations (reads only)."""
    tables = set(inspect(conn).get_table_names())
    revision = MigrationContext.configure(conn).get_current_revision() if "alembic_version" in tables else None
    if revision is not None:
        if revision == head_revision():
            return SchemaState(revision, "current")
        if revision in known_revisions():
            return SchemaState(revision, "older")
        return SchemaState(
            revision,
            "refused",
            f"the database is at schema revision {revision!r}, which vnie {__version__} (schema {head_revision()}) "
            "does not know: it was written by a newer vnie; use that version or a newer one",
        )
    tables.discard("alembic_version")
    if not tables:
        return SchemaState(None, "empty")
    ours = tables & FIRST_REVISION_COLUMNS.keys()
    if not ours:
        found = ", ".join(sorted(tables)[:8])
        return SchemaState(None, "refused", f"not a vnie database (it has other tables: {found})")
    for table in sorted(ours):
        columns = {column["name"] for column in inspect(conn).get_columns(table)}
        if columns != FIRST_REVISION_COLUMNS[table]:
            unexpected = sorted(columns ^ FIRST_REVISION_COLUMNS[table])
            return SchemaState(
                None,
                "refused",
                f"table {table!r} has a layout no vnie version made (columns differ: {', '.join(unexpected)}); "
                "refusing to guess what its data means",
            )
    return SchemaState(None, "pre-migration")


def require_current(engine: Engine) -> None:
    """For readers: the schema must be this vnie's, else a message says what to do."""
    with engine.connect() as conn:
        state = schema_state(conn)
    if state.kind == "current":
        return
    if state.kind == "refused":
        raise SchemaError(state.problem)
    if state.kind == "empty":
        raise SchemaError("the database is empty: run `vnie demo` or `vnie run` to fill it")
    was = f"revision {state.revision}" if state.revision else "a pre-migration vnie"
    raise SchemaError(
        f"the database schema is from {was}; this vnie needs revision {head_revision()}: "
        "run `vnie migrate` (with the same --db) to upgrade it, data kept"
    )


@dataclass(frozen=True, slots=True)
class Upgrade:
    found: SchemaState  # where the database stood before
    backup: Path | None = None  # the copy of an SQLite file made before upgrading it


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to head (writers)."""
    with engine.connect() as conn:
        found = schema_state(conn)
    if found.kind == "current":
        return Upgrade(found)
    if found.kind == "refused":
        raise SchemaError(found.problem)
    backup = None
    with _locked_migration(engine) as conn:
        state = schema_state(conn)  # again, under the lock: another process may have done it
        if state.kind == "refused":
            raise SchemaError(state.problem)
        if state.kind != "current":
            # one migrator: only the writer holding the lock backs the file up and upgrades it
            backup = _backup_sqlite(engine, state) if state.kind != "empty" else None
            config = alembic_config()
            config.attributes["connection"] = conn
            try:
                command.upgrade(config, "head")
            except RuntimeError as error:
                raise SchemaError(f"cannot upgrade the database (nothing was changed): {error}") from error
            except DBAPIError as error:
                reason = str(error.orig).strip().splitlines()[0]
                raise SchemaError(f"cannot upgrade the database (nothing was changed): {reason}") from error
    return Upgrade(found, backup)


@contextmanager
def _locked_migration(engine: Engine) -> Iterator[Connection]:
    """One transaction holding the write lock; SQLite foreign keys off so table rebuilds cascade nothing."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # outside any transaction (SQLite ignores this pragma inside one), on the DBAPI connection
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise SchemaError(f"the upgrade would leave {len(broken)} broken foreign key(s); rolled back")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _backup_sqlite(engine: Engine, state: SchemaState) -> Path | None:
    """Copy an SQLite file before upgrading it: the old file stays readable by the old vnie."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    target = path.with_name(f"{path.name}.{state.revision or 'pre-migration'}.bak")
    source = sqlite3.connect(path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    log.warning("upgrading %s to schema %s; the old file is kept as %s", path, head_revision(), target)
    return target
