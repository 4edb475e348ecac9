"""The store: SQLite by default (WAL), PostgreSQL through ``--db postgresql://...`` or ``VNIE_DB``.

Writers open it with ``connect`` (which upgrades an older schema), readers with ``connect_readonly``
(which refuses one, and cannot write). ``save`` is idempotent: re-processing an article replaces its
records of the same extractor version in place, keeps the ids of the records that did not change,
and writes what did change to the ``record_changes`` audit. Every record carries the extractor
version and the last run that wrote or confirmed it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from pipeline import EXTRACTOR_VERSION
from pipeline.models import APPROX_VALUES, RATINGS, SUBJECTS, Article, ExtractionResult, RatingRecord, SiteProfile
from pipeline.normalize import normalize_text
from pipeline.store.audit import VALUE_FIELDS, RecordDiff, diff_records, in_evidence_order
from pipeline.store.copies import content_key
from pipeline.store.migrate import SchemaError, require_current, upgrade
from pipeline.store.query import RecordFilter, select_facts, select_records
from pipeline.store.review import relink
from pipeline.store.schema import (
    FACT_COLUMNS,
    RECORD_COLUMNS,
    StoreError,
    article_organizations,
    articles,
    metadata,
    organizations,
    pages,
    rating_records,
    record_changes,
    reviews,
    run_sites,
    runs,
    sites,
)
from pipeline.store.search import index_articles, search_document

__all__ = [
    "DEFAULT_DB",
    "FACT_COLUMNS",
    "RECORD_COLUMNS",
    "ArticleRows",
    "ArticleWriter",
    "InvalidRecord",
    "SchemaError",
    "StoreError",
    "article_organizations",
    "article_rows",
    "articles",
    "check_records",
    "chunked",
    "connect",
    "connect_readonly",
    "database_url",
    "engine_for",
    "iter_facts",
    "iter_records",
    "metadata",
    "new_run_id",
    "organizations",
    "pages",
    "rating_records",
    "record_changes",
    "record_problems",
    "run_sites",
    "runs",
    "save",
    "save_in",
    "save_sites",
    "sites",
]

DEFAULT_DB = "sqlite:///data/vnie.sqlite"
# Waits on a busy database are bounded, so a session left holding a lock or a transaction never blocks a
# run for long: SQLite writers wait ``BUSY_TIMEOUT`` for the write lock; on PostgreSQL a statement waits
# ``LOCK_TIMEOUT`` for a lock, runs at most ``STATEMENT_TIMEOUT``, and a session of ours idle inside a
# transaction is ended after ``IDLE_IN_TRANSACTION_TIMEOUT`` (all in seconds).
BUSY_TIMEOUT = 30.0
LOCK_TIMEOUT = 30.0
STATEMENT_TIMEOUT = 300.0
IDLE_IN_TRANSACTION_TIMEOUT = 300.0


class InvalidRecord(StoreError):
    """A record the schema would reject; raised before anything of its article is written."""


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("VNIE_DB") or DEFAULT_DB


def connect(url: str | None = None) -> Engine:
    """Engine for writing, with the schema at this vnie's revision (an older database is upgraded)."""
    engine = engine_for(database_url(url), readonly=False)
    with opening(engine):
        upgrade(engine)
    return engine


def connect_readonly(url: str | None = None) -> Engine:
    """Engine that cannot write, on a database at this vnie's revision (else ``SchemaError`` says why)."""
    engine = engine_for(database_url(url), readonly=True)
    shown = database_url(url) if engine.dialect.name == "sqlite" else None  # not the read-only file: URI
    with opening(engine, shown):
        require_current(engine)
    return engine


@contextmanager
def opening(engine: Engine, url: str | None = None) -> Iterator[None]:
    """Close the engine when opening fails; a database that does not answer (or is no database, like a
    corrupted SQLite file) becomes a one-line ``StoreError`` naming ``url`` (the engine's by default)."""
    try:
        yield
    except DBAPIError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        shown = make_url(url).render_as_string(hide_password=True) if url else engine.url.render_as_string(True)
        raise StoreError(f"cannot open the database {shown}: {reason}") from error
    except BaseException:
        engine.dispose()
        raise


def engine_for(url: str, *, readonly: bool, lock_timeout: float = LOCK_TIMEOUT) -> Engine:
    """The engine with vnie's connection settings, before any schema check (see ``connect``); a URL that
    names no database vnie can open is a ``StoreError``."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StoreError(f"{url!r} is not a database URL (give e.g. sqlite:///data/vnie.sqlite)") from error
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+pg8000")  # pure Python, BSD licence
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"{parsed.render_as_string(hide_password=True)}: vnie stores in SQLite or PostgreSQL only")
    if backend == "postgresql":
        if not parsed.database:
            raise StoreError(f"{parsed.render_as_string(hide_password=True)}: the URL names no database")
        try:
            engine = create_engine(
                parsed,
                json_serializer=_json,
                pool_pre_ping=True,  # a connection the server dropped is replaced, not handed out
                connect_args={"timeout": STATEMENT_TIMEOUT + 30},  # a silent server is given up on
            )
        except (ArgumentError, ImportError) as error:
            raise StoreError(f"{parsed.render_as_string(hide_password=True)}: {error}") from error
        event.listen(engine, "connect", _postgres_timeouts(lock_timeout))
        if readonly:
            event.listen(engine, "connect", _postgres_read_only)
        return engine
    database = parsed.database or ""
    in_memory = database in ("", ":memory:")
    if not in_memory:
        path = Path(database)
        if readonly:
            if not path.is_file():
                raise StoreError(f"no database at {path}: run `vnie demo` or `vnie run` first, or give --db")
            parsed = parsed.set(database=f"file:{path.resolve()}?mode=ro", query={"uri": "true"})
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
    # the busy timeout from the first statement on (Python's default is 5 s): a writer that meets a fresh
    # database being migrated by another waits for it, even under load
    engine = create_engine(parsed, json_serializer=_json, connect_args={"timeout": BUSY_TIMEOUT})
    event.listen(engine, "connect", _sqlite_read_only if readonly else _sqlite_writer)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # Vietnamese stays readable in the database and the UI


def _sqlite_writer(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself: transactional DDL
    # The busy timeout first: switching a fresh file to WAL needs its lock, which a writer migrating the
    # same new database may hold for a while.
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute("PRAGMA journal_mode=WAL")
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # WAL: durable commits without an fsync each


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    dbapi_connection.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
    dbapi_connection.execute("PRAGMA query_only=ON")


def _postgres_timeouts(lock_timeout: float) -> Any:
    def set_timeouts(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for name, seconds in (
            ("lock_timeout", lock_timeout),
            ("statement_timeout", STATEMENT_TIMEOUT),
            ("idle_in_transaction_session_timeout", IDLE_IN_TRANSACTION_TIMEOUT),
        ):
            cursor.execute(f"SET {name} = {int(seconds * 1000)}")
        cursor.close()
        dbapi_connection.commit()

    return set_timeouts


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(conn.info.pop("sqlite_begin", "BEGIN"))


def _postgres_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()


@contextmanager
def _write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that takes the SQLite write lock up front (no 'database is locked' half-way)."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"
        with conn.begin():
            yield conn


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def record_problems(record: RatingRecord) -> list[str]:
    """Why the schema would reject ``record`` (empty when it is fine)."""
    problems = []
    if record.subject not in SUBJECTS:
        problems.append(f"subject {record.subject!r} is not one of {', '.join(SUBJECTS)}")
    if record.rating not in RATINGS:
        problems.append(f"rating {record.rating!r} is not one of {', '.join(RATINGS)}")
    if record.approx is not None and record.approx not in APPROX_VALUES:
        problems.append(f"approx {record.approx!r} is not one of {', '.join(APPROX_VALUES)}")
    if record.percent is not None and not (math.isfinite(record.percent) and 0 <= record.percent <= 100):
        problems.append(f"percent {record.percent} is outside 0..100")
    for name, number in (("count", record.count), ("total", record.total)):
        if number is not None and number < 0:
            problems.append(f"{name} {number} is negative")
    if not (math.isfinite(record.confidence) and 0 <= record.confidence <= 1):
        problems.append(f"confidence {record.confidence} is outside 0..1")
    if not 0 <= record.start <= record.end:
        problems.append(f"evidence offsets {record.start}..{record.end} are not an interval")
    return problems


def _article_url(article: Article) -> str:
    return article.url or f"file:{article.source or hashlib.sha1(article.text.encode()).hexdigest()}"


def check_records(article: Article, result: ExtractionResult) -> None:
    """Raise ``InvalidRecord`` when the schema would reject one of the article's records (``save`` checks
    this before writing anything; a back-fill worker checks it before handing the article on)."""
    problems = [
        f"record {number} ({record.subject} / {record.rating}): {problem}"
        for number, record in enumerate(result.records, start=1)
        for problem in record_problems(record)
    ]
    if problems:
        raise InvalidRecord(f"{_article_url(article)}: " + "; ".join(problems))


def save(
    engine: Engine,
    article: Article,
    result: ExtractionResult,
    run_id: str,
    *,
    page_id: int | None = None,
    extractor_version: str = EXTRACTOR_VERSION,
) -> int:
    """Insert or re-process one article with its records and organizations; returns the article id.

    ``page_id`` links the fetched page (raw archive) the article was cleaned from.
    """
    with _write_transaction(engine) as conn:
        return save_in(conn, article, result, run_id, page_id=page_id, extractor_version=extractor_version)


def save_in(
    conn: Connection,
    article: Article,
    result: ExtractionResult,
    run_id: str,
    *,
    page_id: int | None = None,
    extractor_version: str = EXTRACTOR_VERSION,
) -> int:
    """``save`` inside the caller's transaction."""
    rows = article_rows(article, result, extractor_version=extractor_version, search=conn.dialect.name == "sqlite")
    return ArticleWriter(conn, run_id).save(rows, page_id=page_id)


@dataclass(frozen=True, slots=True)
class ArticleRows:
    """One article ready to be stored: what ``save`` writes, computed without the database (``article_rows``),
    so that a back-fill worker prepares it and the one SQLite writer only writes it."""

    url: str
    values: dict[str, Any]  # the ``articles`` row
    records: tuple[dict[str, Any], ...]  # the ``rating_records`` rows (VALUE_FIELDS)
    organizations: tuple[str, ...]
    search: tuple[str, str] | None = None  # the ``articles_fts`` documents (title, text); None: made when written

    @property
    def version(self) -> str:
        return str(self.values["extractor_version"])

    def search_documents(self) -> tuple[str, str]:
        if self.search is not None:
            return self.search
        return search_document(self.values["title"]), search_document(self.values["text"])


def article_rows(
    article: Article, result: ExtractionResult, *, extractor_version: str = EXTRACTOR_VERSION, search: bool = True
) -> ArticleRows:
    """The rows ``save`` stores for ``article`` (``InvalidRecord`` when the schema would reject a record);
    ``search`` also makes its full-text documents (only SQLite indexes them)."""
    check_records(article, result)
    stored_text = result.text or normalize_text(article.text)
    values: dict[str, Any] = {
        "url": _article_url(article),
        "site": article.site,
        "title": article.title,
        "sapo": article.sapo,
        "body": article.body,
        "author": article.author,
        "published": article.published,
        "category": article.category,
        "tags": list(article.tags),
        "source": article.source,
        "text_sha1": hashlib.sha1(article.text.encode("utf-8")).hexdigest(),
        "extracted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "text": stored_text,
        "extractor_version": extractor_version,
        "content_key": content_key(article.body),
    }
    documents = (search_document(article.title), search_document(stored_text)) if search else None
    records = in_evidence_order([_record_row(record) for record in result.records])  # the ids' order
    return ArticleRows(values["url"], values, tuple(records), tuple(dict.fromkeys(result.organizations)), documents)


# Statements built once: SQLAlchemy then finds their compiled form in its cache without building a key each time.
_STORED_ARTICLES = select(articles.c.url, articles.c.id, articles.c.text_sha1, articles.c.extractor_version).where(
    articles.c.url.in_(bindparam("urls", expanding=True))
)
_INSERT_ARTICLES = insert(articles).returning(articles.c.id, sort_by_parameter_order=True)
_UPDATE_ARTICLE = update(articles).where(articles.c.id == bindparam("article_id_"))
_INSERT_RECORDS = insert(rating_records)
_INSERT_LINKS = insert(article_organizations)
_REVIEWED = select(reviews.c.article_url).where(reviews.c.article_url.in_(bindparam("urls", expanding=True)))
_KNOWN_ORGANIZATIONS = select(organizations.c.name, organizations.c.id).where(
    organizations.c.name.in_(bindparam("names", expanding=True))
)
_INSERT_ORGANIZATION = insert(organizations).returning(organizations.c.id)
_LINKED_NAMES = (
    select(organizations.c.name)
    .join(article_organizations)
    .where(article_organizations.c.article_id == bindparam("article_id"))
)
_UNLINK = delete(article_organizations).where(article_organizations.c.article_id == bindparam("article_id"))
_LINK_PAGE = update(pages).where(pages.c.id == bindparam("page_id")).values(article_id=bindparam("linked_id"))


@dataclass(frozen=True, slots=True)
class _Stored:
    id: int
    text_sha1: str
    extractor_version: str | None


class ArticleWriter:
    """Saves articles inside one transaction of ``conn``, many at a time: what ``save`` asks the database
    about each article (its stored row, whether reviews name its URL, its organizations' ids) is looked up
    for the whole batch at once, and the articles new to the store are inserted many to a statement. What
    it learns it keeps up to date as it writes, so a URL saved twice in one batch finds its first copy."""

    def __init__(self, conn: Connection, run_id: str) -> None:
        self.conn = conn
        self.run_id = run_id
        self.sqlite = conn.dialect.name == "sqlite"
        self._articles: dict[str, _Stored | None] = {}  # URL -> the stored article (None: none), as looked up
        self._reviewed: dict[str, bool] = {}  # URL -> whether some review names it
        self._organizations: dict[str, int] = {}  # name -> id, of the organizations looked up or created

    def save(self, rows: ArticleRows, *, page_id: int | None = None) -> int:
        """Insert or re-process one article (see ``save``); returns its id."""
        article_id = self.save_all([rows])[0]
        if page_id is not None:
            linked = self.conn.execute(_LINK_PAGE, {"page_id": page_id, "linked_id": article_id})
            if linked.rowcount != 1:
                raise StoreError(f"{rows.url}: no page with id {page_id} to link the article to")
        return article_id

    def save_all(self, batch: Sequence[ArticleRows]) -> list[int]:
        """``save`` of each article of ``batch``, in its order; returns their ids."""
        self._prepare(batch)
        first: dict[str, int] = {}  # a URL not stored yet -> where in the batch its first copy is
        for index, rows in enumerate(batch):
            if self._articles[rows.url] is None:
                first.setdefault(rows.url, index)
        ids: dict[int, int] = dict(zip(first.values(), self._insert([batch[i] for i in first.values()]), strict=True))
        return [ids[index] if index in ids else self._update(rows) for index, rows in enumerate(batch)]

    def _prepare(self, batch: Sequence[ArticleRows]) -> None:
        urls = list(dict.fromkeys(rows.url for rows in batch if rows.url not in self._articles))
        for chunk in chunked(urls):
            found = {row.url: _Stored(int(row.id), row.text_sha1, row.extractor_version)
                     for row in self.conn.execute(_STORED_ARTICLES, {"urls": chunk})}  # fmt: skip
            reviewed = set(self.conn.execute(_REVIEWED, {"urls": chunk}).scalars())
            for url in chunk:
                self._articles[url] = found.get(url)
                self._reviewed[url] = url in reviewed
        self._known([name for rows in batch for name in rows.organizations])

    def _insert(self, batch: Sequence[ArticleRows]) -> list[int]:
        """Articles new to the store (one copy of each URL): their rows, records, links and search rows, each
        table's rows in one statement. Nothing to pair, audit or relink their records' ids against, but for
        reviews written before the article was (rare: a review outlives its article)."""
        if not batch:
            return []
        conn = self.conn
        ids = [int(i) for i in conn.execute(_INSERT_ARTICLES, [rows.values for rows in batch]).scalars()]
        records = [
            row | {"run_id": self.run_id, "extractor_version": rows.version, "article_id": article_id}
            for rows, article_id in zip(batch, ids, strict=True)
            for row in rows.records
        ]
        if records:
            conn.execute(_INSERT_RECORDS, records)
        links = [
            {"article_id": article_id, "organization_id": self._organization_id(name)}
            for rows, article_id in zip(batch, ids, strict=True)
            for name in rows.organizations
        ]
        if links:
            conn.execute(_INSERT_LINKS, links)
        if self.sqlite:
            documents = [rows.search_documents() for rows in batch]
            index_articles(conn, [(i, title, text) for i, (title, text) in zip(ids, documents, strict=True)])
        for rows, article_id in zip(batch, ids, strict=True):
            if self._reviewed.get(rows.url, True):
                relink(conn, article_id, rows.url, rows.values["text"])
            self._articles[rows.url] = _Stored(article_id, rows.values["text_sha1"], rows.version)
        return ids

    def _update(self, rows: ArticleRows) -> int:
        """A stored article re-processed: its records paired with the stored ones, the changes audited."""
        conn, url, version = self.conn, rows.url, rows.version
        old = self._articles[url]
        assert old is not None
        article_id = old.id
        new_rows = [dict(row) for row in rows.records]  # they learn their ids below; ``rows`` stays as it was
        conn.execute(_UPDATE_ARTICLE, {**rows.values, "article_id_": article_id})
        current = _stored_records(conn, article_id, old.extractor_version)
        same_version = current if old.extractor_version == version else _stored_records(conn, article_id, version)
        written = diff_records(same_version, new_rows)
        _write_records(conn, written, article_id, self.run_id, version)
        audited = written if same_version is current else diff_records(current, new_rows)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        _write_audit(conn, audited, article_id, self.run_id, now, old.extractor_version, version)
        self._relink_organizations(article_id, rows.organizations)
        text_sha1 = rows.values["text_sha1"]
        if self.sqlite and old.text_sha1 != text_sha1:
            title, text = rows.search_documents()
            index_articles(conn, [(article_id, title, text)])
        if self._reviewed.get(url, True):  # reviews follow their records to the new rows
            relink(conn, article_id, url, rows.values["text"])
        self._articles[url] = _Stored(article_id, text_sha1, version)
        return article_id

    def _known(self, names: Sequence[str]) -> None:
        unknown = list(dict.fromkeys(name for name in names if name not in self._organizations))
        for chunk in chunked(unknown):
            self._organizations.update(
                (row.name, int(row.id)) for row in self.conn.execute(_KNOWN_ORGANIZATIONS, {"names": chunk})
            )

    def _organization_id(self, name: str) -> int:
        """The organization's id, created when unknown (``_known`` looked the batch's names up)."""
        if name not in self._organizations:
            self._organizations[name] = int(self.conn.execute(_INSERT_ORGANIZATION, {"name": name}).scalar_one())
        return self._organizations[name]

    def _relink_organizations(self, article_id: int, names: tuple[str, ...]) -> None:
        """Make a stored article's organization links exactly ``names``."""
        linked = self.conn.execute(_LINKED_NAMES, {"article_id": article_id}).scalars()
        if sorted(linked) == sorted(names):
            return
        self.conn.execute(_UNLINK, {"article_id": article_id})
        if names:
            links = [{"article_id": article_id, "organization_id": self._organization_id(name)} for name in names]
            self.conn.execute(_INSERT_LINKS, links)


def chunked(items: list[str], size: int = 500) -> Iterator[list[str]]:
    """Lists short enough for one ``IN (...)`` (SQLite allows a limited number of parameters per statement)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _record_row(record: RatingRecord) -> dict[str, Any]:
    data = record.to_dict()
    row = {name: data[name] for name in VALUE_FIELDS if name in data}
    row.update(evidence_start=record.start, evidence_end=record.end, flags=list(record.flags))
    return row


def _stored_records(conn: Connection, article_id: int, version: str | None) -> list[dict[str, Any]]:
    query = select(rating_records).where(rating_records.c.article_id == article_id)
    if version is not None:
        query = query.where(rating_records.c.extractor_version == version)
    return [dict(row) for row in conn.execute(query).mappings()]


def _write_records(conn: Connection, diff: RecordDiff, article_id: int, run_id: str, version: str) -> None:
    """Apply ``diff`` to the stored rows of one version; every new row learns its record id."""
    stamp = {"run_id": run_id, "extractor_version": version}
    kept = [old["id"] for old, _new in diff.unchanged]
    for old, new in diff.unchanged:
        assert isinstance(new, dict)
        new["id"] = old["id"]
    if kept:
        conn.execute(update(rating_records).where(rating_records.c.id.in_(kept)).values(**stamp))
    removed = [change.before["id"] for change in diff.of("removed") if change.before is not None]
    if removed:
        conn.execute(delete(rating_records).where(rating_records.c.id.in_(removed)))
    for change in diff.of("changed"):
        assert change.before is not None and isinstance(change.after, dict)
        change.after["id"] = change.before["id"]
        values = {name: change.after[name] for name in VALUE_FIELDS}
        conn.execute(update(rating_records).where(rating_records.c.id == change.before["id"]).values(**values, **stamp))
    added = [change.after for change in diff.of("added") if isinstance(change.after, dict)]
    if added:
        rows = [{name: row[name] for name in VALUE_FIELDS} | stamp | {"article_id": article_id} for row in added]
        ids = conn.execute(
            insert(rating_records).returning(rating_records.c.id, sort_by_parameter_order=True), rows
        ).scalars()
        for row, record_id in zip(added, ids, strict=True):
            row["id"] = record_id


def _write_audit(
    conn: Connection,
    diff: RecordDiff,
    article_id: int,
    run_id: str,
    now: str,
    from_version: str | None,
    to_version: str,
) -> None:
    rows = [
        {
            "article_id": article_id,
            "record_id": (change.after or change.before or {}).get("id"),
            "change": change.change,
            "run_id": run_id,
            "changed_at": now,
            "from_version": from_version,
            "to_version": to_version,
            "before": _audit_values(change.before),
            "after": _audit_values(change.after),
        }
        for change in diff.changes
    ]
    if rows:
        conn.execute(insert(record_changes), rows)


def _audit_values(row: Any) -> dict[str, Any] | None:
    return None if row is None else {name: row[name] for name in VALUE_FIELDS}


def iter_records(engine: Engine, filters: RecordFilter | None = None) -> Iterator[dict[str, Any]]:
    """One dict per stored record (``RECORD_COLUMNS``): current records, reviews applied, unless a version
    is asked for."""
    with engine.connect() as conn:
        for row in conn.execute(select_records(filters)).mappings():
            record = {column: row[column] for column in RECORD_COLUMNS}
            flags = record["flags"]
            record["flags"] = list((json.loads(flags) if isinstance(flags, str) else flags) or [])
            yield record


def iter_facts(engine: Engine, filters: RecordFilter | None = None) -> Iterator[dict[str, Any]]:
    """One dict per fact (``FACT_COLUMNS``): the records of one scope, year, subject and rating, merged."""
    with engine.connect() as conn:
        for row in conn.execute(select_facts(filters)).mappings():
            yield {column: row[column] for column in FACT_COLUMNS}


def save_sites(engine: Engine, profiles: tuple[SiteProfile, ...]) -> None:
    """Make the ``sites`` table list ``profiles`` (added or updated; other rows kept)."""
    with _write_transaction(engine) as conn:
        for profile in profiles:
            values = {
                "domain": profile.domain,
                "newspaper": profile.newspaper or None,
                "province": profile.province,
                "base_url": profile.base_url or None,
            }
            done = conn.execute(update(sites).where(sites.c.name == profile.name).values(**values))
            if not done.rowcount:
                conn.execute(insert(sites).values(name=profile.name, **values))
