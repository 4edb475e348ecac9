"""Constraints, indexes, the audit table, the current-records view and accent-blind search.

* rating_records: canonical subject/rating/approx values, 0 <= percent <= 100, counts >= 0,
  0 <= confidence <= 1, sane offsets; indexes for the common filters.
* articles: ``text`` (the text the evidence offsets point into) and ``extractor_version`` (the
  version of its current records), filled for existing rows.
* record_changes: what re-processing an article added, removed or changed.
* records: a view of the current records with their article's url, site, title and date.
* articles_fts (SQLite only): FTS5 over the text as written plus an accent-stripped copy.

Stored records that break a new constraint stop the upgrade with a list of their ids: they are
never dropped silently. The derived columns (articles.text, the search rows) are filled with the
live ``normalize_text`` and ``search_document``: they are derived data, refilled by a later
revision if either changes; the constraint values are frozen here, as a migration must be.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.normalize import normalize_text
from pipeline.store.search import CREATE_FTS, CREATE_FTS_DELETE_TRIGGER, FTS_TABLE, search_document

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SUBJECTS = (
    "tổ chức cơ sở đảng",
    "đảng viên",
    "chi bộ",
    "tập thể lãnh đạo, quản lý",
    "cán bộ lãnh đạo, quản lý",
    "cơ quan, đơn vị",
    "cán bộ, công chức, viên chức",
)
RATINGS = (
    "hoàn thành xuất sắc nhiệm vụ",
    "hoàn thành tốt nhiệm vụ",
    "hoàn thành nhiệm vụ",
    "không hoàn thành nhiệm vụ",
    "hoàn thành tốt nhiệm vụ trở lên",
    "trong sạch vững mạnh",
    "trong sạch vững mạnh tiêu biểu",
    "yếu kém",
    "được đánh giá",
)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"


RECORD_CHECKS = {
    "subject": _one_of("subject", SUBJECTS),
    "rating": _one_of("rating", RATINGS),
    "approx": "approx IS NULL OR " + _one_of("approx", ("over", "under", "about")),
    "percent": "percent IS NULL OR (percent >= 0 AND percent <= 100)",
    "count": "count IS NULL OR count >= 0",
    "total": "total IS NULL OR total >= 0",
    "confidence": "confidence >= 0 AND confidence <= 1",
    "offsets": "evidence_start >= 0 AND evidence_end >= evidence_start",
}

RECORDS_VIEW = """
CREATE VIEW records AS
SELECT r.id, r.article_id, a.url, a.site, a.title, a.published,
       r.scope, r.province, r.district, r.year, r.subject, r.rating, r.count, r.percent, r.approx, r.total,
       r.evidence, r.evidence_start, r.evidence_end, r.confidence, r.flags, r.extractor_version, r.run_id
FROM rating_records AS r JOIN articles AS a ON a.id = r.article_id
WHERE r.extractor_version = a.extractor_version
"""


def upgrade() -> None:
    bind = op.get_bind()
    _refuse_records_breaking_checks(bind)

    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("text", sa.Text))
        batch.add_column(sa.Column("extractor_version", sa.String(32)))
        batch.create_index("ix_articles_site", ["site"])
        batch.create_index("ix_articles_published", ["published"])
    _fill_article_text(bind)
    op.execute(
        "UPDATE articles SET extractor_version = "
        "(SELECT MAX(r.extractor_version) FROM rating_records AS r WHERE r.article_id = articles.id)"
    )

    with op.batch_alter_table("rating_records") as batch:
        for name, condition in RECORD_CHECKS.items():
            batch.create_check_constraint(op.f(f"ck_rating_records_{name}"), condition)
        batch.create_index("ix_rating_records_district", ["district"])
        batch.create_index("ix_rating_records_run_id", ["run_id"])
        batch.create_index("ix_rating_records_article_version", ["article_id", "extractor_version"])
        batch.create_index("ix_rating_records_province_year", ["province", "year"])
        batch.create_index("ix_rating_records_subject_rating", ["subject", "rating"])
    op.create_index("ix_pages_article_id", "pages", ["article_id"])
    op.create_index("ix_run_sites_site", "run_sites", ["site"])

    op.create_table(
        "record_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("record_id", sa.Integer),
        sa.Column("change", sa.String(8), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("changed_at", sa.String(64), nullable=False),
        sa.Column("from_version", sa.String(32)),
        sa.Column("to_version", sa.String(32), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("after", sa.JSON),
        sa.CheckConstraint("change IN ('added', 'removed', 'changed')", name=op.f("ck_record_changes_change")),
    )
    op.create_index("ix_record_changes_article_id", "record_changes", ["article_id"])
    op.execute(RECORDS_VIEW)

    if bind.dialect.name == "sqlite":
        op.execute(CREATE_FTS)
        op.execute(CREATE_FTS_DELETE_TRIGGER)
        _fill_search_index(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_article_deleted")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    op.execute("DROP VIEW IF EXISTS records")
    op.drop_index("ix_record_changes_article_id", table_name="record_changes")
    op.drop_table("record_changes")
    op.drop_index("ix_run_sites_site", table_name="run_sites")
    op.drop_index("ix_pages_article_id", table_name="pages")
    with op.batch_alter_table("rating_records") as batch:
        for index in ("district", "run_id", "article_version", "province_year", "subject_rating"):
            batch.drop_index(f"ix_rating_records_{index}")
        for name in RECORD_CHECKS:
            batch.drop_constraint(op.f(f"ck_rating_records_{name}"), type_="check")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_published")
        batch.drop_index("ix_articles_site")
        batch.drop_column("extractor_version")
        batch.drop_column("text")


def _refuse_records_breaking_checks(bind: sa.Connection) -> None:
    problems = []
    for name, condition in RECORD_CHECKS.items():
        ids = bind.execute(sa.text(f"SELECT id FROM rating_records WHERE NOT ({condition}) ORDER BY id")).scalars()
        found = list(ids)
        if found:
            shown = ", ".join(map(str, found[:20])) + (" ..." if len(found) > 20 else "")
            problems.append(f"{len(found)} record(s) break the rule on {name}: ids {shown}")
    if problems:
        raise RuntimeError(
            "cannot add the record constraints of revision 0002; fix or delete these records, then retry: "
            + "; ".join(problems)
        )


def _article_rows(bind: sa.Connection) -> list[sa.Row]:
    return list(bind.execute(sa.text("SELECT id, title, sapo, body, text FROM articles ORDER BY id")))


def _fill_article_text(bind: sa.Connection) -> None:
    for row in _article_rows(bind):
        joined = "\n\n".join(part for part in (row.title, row.sapo, row.body) if part and part.strip())
        update = sa.text("UPDATE articles SET text = :text WHERE id = :id")
        bind.execute(update, {"text": normalize_text(joined), "id": row.id})


def _fill_search_index(bind: sa.Connection) -> None:
    for row in _article_rows(bind):
        bind.execute(
            sa.text(f"INSERT INTO {FTS_TABLE} (rowid, title, text) VALUES (:id, :title, :text)"),
            {"id": row.id, "title": search_document(row.title), "text": search_document(row.text)},
        )
