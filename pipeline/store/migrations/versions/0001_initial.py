"""The schema the core started with (before migrations existed).

Tables are created only when missing, so a database made by the pre-migration ``create_all``
(any of its two early versions) is adopted as it is, then upgraded by the next revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("site", sa.String(255)),
        sa.Column("title", sa.Text),
        sa.Column("sapo", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("author", sa.String(255)),
        sa.Column("published", sa.String(64)),
        sa.Column("category", sa.String(255)),
        sa.Column("tags", sa.JSON),
        sa.Column("source", sa.Text),
        sa.Column("text_sha1", sa.String(40), nullable=False),
        sa.Column("extracted_at", sa.String(64), nullable=False),
        if_not_exists=True,
    )
    op.create_table(
        "rating_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("scope", sa.String(512)),
        sa.Column("province", sa.String(128)),
        sa.Column("district", sa.String(128)),
        sa.Column("year", sa.Integer),
        sa.Column("subject", sa.String(64), nullable=False),
        sa.Column("rating", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer),
        sa.Column("percent", sa.Float),
        sa.Column("approx", sa.String(8)),
        sa.Column("total", sa.Integer),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        if_not_exists=True,
    )
    op.create_index("ix_rating_records_article_id", "rating_records", ["article_id"], if_not_exists=True)
    op.create_index("ix_rating_records_province", "rating_records", ["province"], if_not_exists=True)
    op.create_index("ix_rating_records_year", "rating_records", ["year"], if_not_exists=True)
    op.create_table(
        "organizations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(512), nullable=False, unique=True),
        if_not_exists=True,
    )
    op.create_table(
        "article_organizations",
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
        sa.Column(
            "organization_id", sa.Integer, sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
        ),
        if_not_exists=True,
    )
    op.create_table(
        "sites",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("domain", sa.String(255), nullable=False),
        sa.Column("newspaper", sa.String(255)),
        sa.Column("province", sa.String(128)),
        sa.Column("base_url", sa.String(2048)),
        if_not_exists=True,
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2048), nullable=False, unique=True),
        sa.Column("site", sa.String(128)),
        sa.Column("status", sa.Integer),
        sa.Column("fetched_at", sa.String(64)),
        sa.Column("etag", sa.String(512)),
        sa.Column("last_modified", sa.String(128)),
        sa.Column("content_type", sa.String(255)),
        sa.Column("content_sha1", sa.String(40)),
        sa.Column("warc_file", sa.String(1024)),
        sa.Column("warc_offset", sa.Integer),
        sa.Column("kind", sa.String(16)),
        sa.Column("failure_reason", sa.String(255)),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        if_not_exists=True,
    )
    op.create_index("ix_pages_site", "pages", ["site"], if_not_exists=True)
    op.create_table(
        "runs",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("started", sa.String(64), nullable=False),
        sa.Column("ended", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        sa.Column("report", sa.JSON),
        if_not_exists=True,
    )
    op.create_table(
        "run_sites",
        sa.Column("run_id", sa.String(64), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("site", sa.String(128), primary_key=True),
        sa.Column("discovered", sa.Integer, nullable=False),
        sa.Column("fetched", sa.Integer, nullable=False),
        sa.Column("not_modified", sa.Integer, nullable=False),
        sa.Column("skipped_robots", sa.Integer, nullable=False),
        sa.Column("failed", sa.JSON),
        sa.Column("articles", sa.Integer, nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("alerts", sa.JSON),
        if_not_exists=True,
    )


def downgrade() -> None:
    for table in ("run_sites", "runs", "pages", "sites", "article_organizations", "organizations"):
        op.drop_table(table)
    op.drop_table("rating_records")
    op.drop_table("articles")
