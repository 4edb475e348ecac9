"""The tables of the store as SQLAlchemy Core objects: what the code reads and writes.

The migrations in ``pipeline/store/migrations`` build exactly this schema (a test compares them); the
column docs shown by the web UI and the README live in ``pipeline/serve/metadata.yaml``.
Constraints mirror the contracts of ``pipeline.models``: canonical subject and rating values,
0 <= percent <= 100, counts >= 0, so no reader ever has to second-guess a stored value.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from pipeline.models import APPROX_VALUES, RATINGS, SUBJECTS


class StoreError(Exception):
    """A problem with the database, stated for people (the CLI prints it without a traceback)."""


# Named check constraints and indexes, so migrations (and SQLite batch rebuilds) can address them.
metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s", "ck": "ck_%(table_name)s_%(constraint_name)s"})

# Changes only through a new migration: a test checks the values against pipeline.models.
CHANGE_KINDS: tuple[str, ...] = ("added", "removed", "changed")


# What a page is, as the crawler moves it along (``scrapers/state.py``); documented in the ``kind`` column.
PAGE_KINDS: tuple[str, ...] = (
    "pending", "fetched", "article", "not_article", "not_html", "listing", "gone", "failed", "robots",
)  # fmt: skip
PAGE_KIND_COMMENT = (
    "pending (in the frontier, to fetch), fetched (archived, not yet processed), article, not_article "
    "(HTML without an article body), not_html, listing (feed, sitemap or category page), gone (404 or 410), "
    "failed (failure_reason says why), robots (forbidden by robots.txt)"
)
ATTEMPTS_COMMENT = "Nights in a row fetching this URL failed transiently; 0 after a fetch that worked"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"


articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2048), nullable=False, unique=True),
    Column("site", String(255), index=True),
    Column("title", Text),
    Column("sapo", Text),
    Column("body", Text, nullable=False),
    Column("author", String(255)),
    Column("published", String(64), index=True),
    Column("category", String(255)),
    Column("tags", JSON),
    Column("source", Text),
    Column("text_sha1", String(40), nullable=False),
    Column("extracted_at", String(64), nullable=False),
    # Added by migration 0002: the text the evidence offsets point into, and the current version.
    Column("text", Text),
    Column("extractor_version", String(32)),
    # Added by migration 0004: the digest of the prose, equal on a syndicated copy (store/copies.py).
    Column("content_key", String(40), index=True),
)

rating_records = Table(
    "rating_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("scope", String(512)),
    Column("province", String(128), index=True),
    Column("district", String(128), index=True),
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
    Column("run_id", String(64), nullable=False, index=True),
    CheckConstraint(_one_of("subject", SUBJECTS), name="subject"),
    CheckConstraint(_one_of("rating", RATINGS), name="rating"),
    CheckConstraint("approx IS NULL OR " + _one_of("approx", APPROX_VALUES), name="approx"),
    CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent"),
    CheckConstraint("count IS NULL OR count >= 0", name="count"),
    CheckConstraint("total IS NULL OR total >= 0", name="total"),
    CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
    CheckConstraint("evidence_start >= 0 AND evidence_end >= evidence_start", name="offsets"),
    Index("ix_rating_records_article_version", "article_id", "extractor_version"),
    Index("ix_rating_records_province_year", "province", "year"),
    Index("ix_rating_records_subject_rating", "subject", "rating"),
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
    Column("warc_offset", BigInteger),  # BigInteger since migration 0003: archives may pass 2 GB
    Column("kind", String(16), comment=PAGE_KIND_COMMENT),
    Column("failure_reason", String(255)),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), index=True),
    # Added by migration 0003: the retry cap of pages that keep failing, and when a URL was first found.
    Column("attempts", Integer, nullable=False, server_default=text("0"), comment=ATTEMPTS_COMMENT),
    Column("discovered_at", String(64)),
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
    Column("site", String(128), primary_key=True, index=True),
    Column("discovered", Integer, nullable=False, default=0),
    Column("fetched", Integer, nullable=False, default=0),
    Column("not_modified", Integer, nullable=False, default=0),
    Column("skipped_robots", Integer, nullable=False, default=0),
    Column("failed", JSON),  # {reason: count}
    Column("articles", Integer, nullable=False, default=0),
    Column("records", Integer, nullable=False, default=0),
    Column("alerts", JSON),
)

# The audit: one row per record that re-processing an article added, removed or changed.
record_changes = Table(
    "record_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("record_id", Integer),
    Column("change", String(8), nullable=False),
    Column("run_id", String(64), nullable=False),
    Column("changed_at", String(64), nullable=False),
    Column("from_version", String(32)),
    Column("to_version", String(32), nullable=False),
    Column("before", JSON),
    Column("after", JSON),
    CheckConstraint(_one_of("change", CHANGE_KINDS), name="change"),
)

# Added by migration 0004: each province as the articles name it, and the province it belongs to since 2025.
provinces = Table(
    "provinces",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("province_2025", String(128), nullable=False),
)

# What an analyst said about a record (migration 0004): kept apart from the extracted rows, keyed by the
# article's URL and the evidence text; ``record_id`` is the current match, re-computed on every save.
REVIEW_ACTIONS: tuple[str, ...] = ("confirm", "reject", "correct", "add")
REVIEW_STATUSES: tuple[str, ...] = ("linked", "orphaned")
REVIEW_STATES: tuple[str, ...] = ("unreviewed", "confirmed", "rejected", "corrected", "added")
# The record values a correction (or an added record) states.
REVIEW_VALUES: tuple[str, ...] = (
    "scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total",
)  # fmt: skip
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_url", String(2048), nullable=False, index=True),
    Column("evidence", Text, nullable=False),
    Column("action", String(8), nullable=False),
    Column("scope", String(512)),
    Column("province", String(128)),
    Column("district", String(128)),
    Column("year", Integer),
    Column("subject", String(64)),
    Column("rating", String(64)),
    Column("count", Integer),
    Column("percent", Float),
    Column("approx", String(8)),
    Column("total", Integer),
    Column("reason", Text),
    Column("reviewer", String(255), nullable=False),
    Column("reviewed_at", String(64), nullable=False),
    Column("before", JSON),
    Column("record_id", Integer, ForeignKey("rating_records.id", ondelete="SET NULL"), index=True),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("status", String(8), nullable=False),
    Column("status_note", Text),
    CheckConstraint(_one_of("action", REVIEW_ACTIONS), name="action"),
    CheckConstraint(_one_of("status", REVIEW_STATUSES), name="status"),
    CheckConstraint("subject IS NULL OR " + _one_of("subject", SUBJECTS), name="subject"),
    CheckConstraint("rating IS NULL OR " + _one_of("rating", RATINGS), name="rating"),
    CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name="percent"),
    CheckConstraint("count IS NULL OR count >= 0", name="count"),
    CheckConstraint("total IS NULL OR total >= 0", name="total"),
)

# The views (migration 0004 creates them), declared apart so schema comparisons leave them out.
views = MetaData()
records_view = Table(
    "records",
    views,
    Column("id", Integer),
    Column("review", String(16)),
    Column("evidence", Text),
    Column("year", Integer),
    Column("province", String(128)),
    Column("district", String(128)),
    Column("subject", String(64)),
    Column("rating", String(64)),
    Column("count", Integer),
    Column("percent", Float),
    Column("total", Integer),
    Column("scope", String(512)),
    Column("approx", String(8)),
    Column("site", String(255)),
    Column("url", String(2048)),
    Column("title", Text),
    Column("published", String(64)),
    Column("province_2025", String(128)),
    Column("article_id", Integer),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("confidence", Float),
    Column("flags", JSON),
    Column("extractor_version", String(32)),
    Column("run_id", String(64)),
    Column("review_id", Integer),
    Column("review_reason", Text),
)
facts_view = Table(
    "facts",
    views,
    Column("scope", String(512)),
    Column("province", String(128)),
    Column("province_2025", String(128)),
    Column("district", String(128)),
    Column("year", Integer),
    Column("subject", String(64)),
    Column("rating", String(64)),
    Column("count", Integer),
    Column("percent", Float),
    Column("total", Integer),
    Column("share", Float),
    Column("sources", Integer),
    Column("agreeing", Integer),
    Column("conflict", Integer),
    Column("other_values", Text),
    Column("sites", Text),
    Column("records", Integer),
    Column("record_ids", Text),
    Column("first_record", Integer),
    Column("first_url", String(2048)),
    Column("first_published", String(64)),
)

# Columns of one record as ``iter_records`` yields it and ``vnie records`` prints it.
RECORD_COLUMNS: tuple[str, ...] = (
    "id", "scope", "province", "province_2025", "district", "year", "subject", "rating", "count", "percent",
    "approx", "total", "evidence", "start", "end", "url", "site", "title", "published", "extractor_version",
    "run_id", "confidence", "flags", "review", "review_id",
)  # fmt: skip
# Columns of one fact as ``iter_facts`` yields it and ``vnie records --facts`` prints it.
FACT_COLUMNS: tuple[str, ...] = tuple(column.name for column in facts_view.columns)
