"""Pages: a retry cap for URLs that keep failing, when a URL was found, archives past 2 GB.

* pages.attempts: nights in a row fetching the URL failed transiently (0 for existing rows); the
  nightly run gives a page up for good after ``max_attempts`` of them.
* pages.discovered_at: when the URL first entered the frontier (unknown, so empty, for existing rows).
* pages.warc_offset becomes a BIGINT: a WARC file may grow past 2**31 bytes.
* pages.kind gets a column comment listing its values (PostgreSQL keeps it; SQLite has no comments).

Existing rows keep every value. The comments are frozen here, as a migration must be.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KIND_COMMENT = (
    "pending (in the frontier, to fetch), fetched (archived, not yet processed), article, not_article "
    "(HTML without an article body), not_html, listing (feed, sitemap or category page), gone (404 or 410), "
    "failed (failure_reason says why), robots (forbidden by robots.txt)"
)
ATTEMPTS_COMMENT = "Nights in a row fetching this URL failed transiently; 0 after a fetch that worked"


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(
            sa.Column("attempts", sa.Integer, nullable=False, server_default=sa.text("0"), comment=ATTEMPTS_COMMENT)
        )
        batch.add_column(sa.Column("discovered_at", sa.String(64)))
        batch.alter_column("warc_offset", existing_type=sa.Integer, type_=sa.BigInteger)
        batch.alter_column("kind", existing_type=sa.String(16), comment=KIND_COMMENT, existing_comment=None)


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.alter_column("kind", existing_type=sa.String(16), comment=None, existing_comment=KIND_COMMENT)
        batch.alter_column("warc_offset", existing_type=sa.BigInteger, type_=sa.Integer)
        batch.drop_column("discovered_at")
        batch.drop_column("attempts")
