"""The store: SQLAlchemy Core schema, SQLite by default, any SQLAlchemy URL through --db or VNIE_DB.

Re-processing an article replaces its records (idempotent); every record carries the extractor
version and the run that wrote it.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from pipeline import EXTRACTOR_VERSION
from pipeline.models import Article, ExtractionResult

DEFAULT_DB = "sqlite:///data/vnie.sqlite"

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("site", String(255)),
    Column("title", Text),
    Column("sapo", Text),
    Column("body", Text, nullable=False),
    Column("author", String(255)),
    Column("published", String(64)),
    Column("category", String(255)),
    Column("tags", JSON),
    Column("source", Text),
    Column("text_sha1", String(40), nullable=False),
    Column("extracted_at", String(64), nullable=False),
)

rating_records = Table(
    "rating_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("scope", String(512)),
    Column("province", String(128), index=True),
    Column("district", String(128)),
    Column("year", Integer, index=True),
    Column("subject", String(64), nullable=False),
    Column("rating", String(64), nullable=False),
    Column("count", Integer),
    Column("percent", Float),
    Column("approx", String(8)),
    Column("total", Integer),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("extractor_version", String(32), nullable=False),
    Column("run_id", String(64), nullable=False),
)

organizations = Table(
    "organizations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(512), nullable=False, unique=True),
)

article_organizations = Table(
    "article_organizations",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", Integer, ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
)

sites = Table(
    "sites",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("domain", String(255), nullable=False),
    Column("newspaper", String(255)),
    Column("province", String(128)),
    Column("base_url", String(2048)),
)

# One row per fetched URL: where its raw response lies in the WARC archive and how to re-fetch politely.
pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("site", String(128), index=True),
    Column("status", Integer),
    Column("fetched_at", String(64)),
    Column("etag", String(512)),
    Column("last_modified", String(128)),
    Column("content_type", String(255)),
    Column("content_sha1", String(40)),
    Column("warc_file", String(1024)),
    Column("warc_offset", Integer),
    Column("kind", String(16)),  # article | listing | gone | failed | not_html
    Column("failure_reason", String(255)),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL")),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("started", String(64), nullable=False),
    Column("ended", String(64)),
    Column("status", String(16), nullable=False),  # running | ok | partial | failed
    Column("extractor_version", String(32), nullable=False),
    Column("report", JSON),
)

run_sites = Table(
    "run_sites",
    metadata,
    Column("run_id", String(64), ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
    Column("site", String(128), primary_key=True),
    Column("discovered", Integer, nullable=False, default=0),
    Column("fetched", Integer, nullable=False, default=0),
    Column("not_modified", Integer, nullable=False, default=0),
    Column("skipped_robots", Integer, nullable=False, default=0),
    Column("failed", JSON),  # {reason: count}
    Column("articles", Integer, nullable=False, default=0),
    Column("records", Integer, nullable=False, default=0),
    Column("alerts", JSON),
)

RECORD_COLUMNS: tuple[str, ...] = (
    "scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total",
    "evidence", "url", "site", "title", "published", "extractor_version", "run_id", "confidence", "flags",
)  # fmt: skip


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("VNIE_DB") or DEFAULT_DB


def connect(url: str | None = None) -> Engine:
    """Engine for ``url`` with the schema in place (SQLite files get their folder and WAL mode)."""
    url = database_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    metadata.create_all(engine)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:8]


def save(engine: Engine, article: Article, result: ExtractionResult, run_id: str) -> int:
    """Insert or replace one article with its records and organizations; returns the article id."""
    url = article.url or f"file:{article.source or hashlib.sha1(article.text.encode()).hexdigest()}"
    now = datetime.now(UTC).isoformat(timespec="seconds")
    values = {
        "url": url,
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
        "extracted_at": now,
    }
    with engine.begin() as conn:
        existing = conn.execute(select(articles.c.id).where(articles.c.url == url)).scalar()
        if existing is None:
            article_id = int(conn.execute(insert(articles).values(**values).returning(articles.c.id)).scalar_one())
        else:
            article_id = int(existing)
            conn.execute(update(articles).where(articles.c.id == article_id).values(**values))
            conn.execute(delete(rating_records).where(rating_records.c.article_id == article_id))
            conn.execute(delete(article_organizations).where(article_organizations.c.article_id == article_id))
        rows = [
            {
                "article_id": article_id,
                **{k: v for k, v in record.to_dict().items() if k not in ("start", "end", "flags")},
                "evidence_start": record.start,
                "evidence_end": record.end,
                "flags": list(record.flags),
                "extractor_version": EXTRACTOR_VERSION,
                "run_id": run_id,
            }
            for record in result.records
        ]
        if rows:
            conn.execute(insert(rating_records), rows)
        for name in result.organizations:
            org_id = conn.execute(select(organizations.c.id).where(organizations.c.name == name)).scalar()
            if org_id is None:
                org_id = conn.execute(
                    insert(organizations).values(name=name).returning(organizations.c.id)
                ).scalar_one()
            conn.execute(insert(article_organizations).values(article_id=article_id, organization_id=org_id))
    return article_id


def iter_records(engine: Engine) -> Iterator[dict[str, Any]]:
    """One dict per stored record: the fields of FORMAT.md plus provenance."""
    query = (
        select(
            rating_records,
            articles.c.url,
            articles.c.site,
            articles.c.title,
            articles.c.published,
        )
        .join(articles, articles.c.id == rating_records.c.article_id)
        .order_by(articles.c.url, rating_records.c.evidence_start)
    )
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            flags = row["flags"]
            yield {
                column: (json.loads(flags) if isinstance(flags, str) else list(flags or []))
                if column == "flags"
                else row[column]
                for column in RECORD_COLUMNS
            }
