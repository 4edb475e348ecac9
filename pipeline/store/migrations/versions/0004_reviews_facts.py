"""Reviews, 2025 provinces, syndicated copies, and the facts view.

* reviews: what analysts said about records (confirm, reject with a reason, correct, add a missed one),
  keyed by article URL + evidence text so they outlive re-processing; ``record_id`` is only the
  current match, re-computed whenever the article is saved.
* provinces: each province as the articles name it (before the 2025 merger) and the province it is
  part of since 2025 (Resolution 202/2025/QH15: 63 provinces -> 34), written down here.
* articles.content_key: a digest of the article's prose paragraphs, equal on a syndicated copy;
  filled for existing rows with the live ``content_key`` (derived data, like 0002's text).
* records (view, re-created): each current record with its review applied and its review state,
  province_2025, and the records analysts added.
* facts (view): the records stating one (scope, year, subject, rating), across articles and sites:
  the value most sources give, how many sources agree, and a conflict mark; copies count once.

The view texts are frozen here, as a migration must be; a later revision re-creates them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pipeline.store.copies import content_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (province as the articles of 2012-2025 name it, province since the 2025 merger)
PROVINCES_2025: tuple[tuple[str, str], ...] = (
    ("Hà Nội", "Hà Nội"), ("Thừa Thiên Huế", "Huế"), ("Lai Châu", "Lai Châu"), ("Điện Biên", "Điện Biên"),
    ("Sơn La", "Sơn La"), ("Lạng Sơn", "Lạng Sơn"), ("Quảng Ninh", "Quảng Ninh"), ("Thanh Hóa", "Thanh Hóa"),
    ("Nghệ An", "Nghệ An"), ("Hà Tĩnh", "Hà Tĩnh"), ("Cao Bằng", "Cao Bằng"),
    ("Tuyên Quang", "Tuyên Quang"), ("Hà Giang", "Tuyên Quang"),
    ("Lào Cai", "Lào Cai"), ("Yên Bái", "Lào Cai"),
    ("Thái Nguyên", "Thái Nguyên"), ("Bắc Kạn", "Thái Nguyên"),
    ("Phú Thọ", "Phú Thọ"), ("Vĩnh Phúc", "Phú Thọ"), ("Hòa Bình", "Phú Thọ"),
    ("Bắc Ninh", "Bắc Ninh"), ("Bắc Giang", "Bắc Ninh"),
    ("Hưng Yên", "Hưng Yên"), ("Thái Bình", "Hưng Yên"),
    ("Hải Phòng", "Hải Phòng"), ("Hải Dương", "Hải Phòng"),
    ("Ninh Bình", "Ninh Bình"), ("Hà Nam", "Ninh Bình"), ("Nam Định", "Ninh Bình"),
    ("Quảng Trị", "Quảng Trị"), ("Quảng Bình", "Quảng Trị"),
    ("Đà Nẵng", "Đà Nẵng"), ("Quảng Nam", "Đà Nẵng"),
    ("Quảng Ngãi", "Quảng Ngãi"), ("Kon Tum", "Quảng Ngãi"),
    ("Gia Lai", "Gia Lai"), ("Bình Định", "Gia Lai"),
    ("Khánh Hòa", "Khánh Hòa"), ("Ninh Thuận", "Khánh Hòa"),
    ("Lâm Đồng", "Lâm Đồng"), ("Đắk Nông", "Lâm Đồng"), ("Bình Thuận", "Lâm Đồng"),
    ("Đắk Lắk", "Đắk Lắk"), ("Phú Yên", "Đắk Lắk"),
    ("Hồ Chí Minh", "Hồ Chí Minh"), ("Bình Dương", "Hồ Chí Minh"), ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("Đồng Nai", "Đồng Nai"), ("Bình Phước", "Đồng Nai"),
    ("Tây Ninh", "Tây Ninh"), ("Long An", "Tây Ninh"),
    ("Cần Thơ", "Cần Thơ"), ("Sóc Trăng", "Cần Thơ"), ("Hậu Giang", "Cần Thơ"),
    ("Vĩnh Long", "Vĩnh Long"), ("Bến Tre", "Vĩnh Long"), ("Trà Vinh", "Vĩnh Long"),
    ("Đồng Tháp", "Đồng Tháp"), ("Tiền Giang", "Đồng Tháp"),
    ("Cà Mau", "Cà Mau"), ("Bạc Liêu", "Cà Mau"),
    ("An Giang", "An Giang"), ("Kiên Giang", "An Giang"),
)  # fmt: skip

REVIEW_ACTIONS = ("confirm", "reject", "correct", "add")
REVIEW_STATUSES = ("linked", "orphaned")
SUBJECTS = (
    "tổ chức cơ sở đảng", "đảng viên", "chi bộ", "tập thể lãnh đạo, quản lý", "cán bộ lãnh đạo, quản lý",
    "cơ quan, đơn vị", "cán bộ, công chức, viên chức",
)  # fmt: skip
RATINGS = (
    "hoàn thành xuất sắc nhiệm vụ", "hoàn thành tốt nhiệm vụ", "hoàn thành nhiệm vụ", "không hoàn thành nhiệm vụ",
    "hoàn thành tốt nhiệm vụ trở lên", "trong sạch vững mạnh", "trong sạch vững mạnh tiêu biểu", "yếu kém",
    "được đánh giá",
)  # fmt: skip


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in values)
    return f"{column} IN ({quoted})"


# The latest review of each record (a later review of the same record replaces an earlier one).
_LATEST = """
  SELECT rv.* FROM reviews AS rv
  WHERE rv.record_id IS NOT NULL AND rv.status = 'linked'
    AND NOT EXISTS (SELECT 1 FROM reviews AS newer
                    WHERE newer.record_id = rv.record_id AND newer.status = 'linked' AND newer.id > rv.id)
"""
# Records analysts added, unless a later add (a new version) or reject (withdrawn) of the same span replaced them.
_ADDED = """
  SELECT rv.* FROM reviews AS rv
  WHERE rv.action = 'add' AND rv.status = 'linked'
    AND NOT EXISTS (SELECT 1 FROM reviews AS newer
                    WHERE newer.record_id IS NULL AND newer.action IN ('add', 'reject')
                      AND newer.article_url = rv.article_url AND newer.evidence = rv.evidence AND newer.id > rv.id)
"""


def _value(column: str) -> str:
    return f"CASE WHEN l.action = 'correct' THEN l.{column} ELSE r.{column} END"


RECORDS_VIEW = f"""
CREATE VIEW records AS
WITH latest AS ({_LATEST}), added AS ({_ADDED})
SELECT r.id,
  CASE l.action WHEN 'confirm' THEN 'confirmed' WHEN 'reject' THEN 'rejected' WHEN 'correct' THEN 'corrected'
    ELSE 'unreviewed' END AS review, r.evidence,
  {_value("year")} AS year, {_value("province")} AS province, {_value("district")} AS district,
  {_value("subject")} AS subject, {_value("rating")} AS rating,
  {_value("count")} AS count, {_value("percent")} AS percent, {_value("total")} AS total,
  {_value("scope")} AS scope, {_value("approx")} AS approx, a.site, a.url, a.title, a.published, p.province_2025,
  r.article_id, r.evidence_start, r.evidence_end, r.confidence, r.flags, r.extractor_version, r.run_id,
  l.id AS review_id, l.reason AS review_reason
FROM rating_records AS r
JOIN articles AS a ON a.id = r.article_id
LEFT JOIN latest AS l ON l.record_id = r.id
LEFT JOIN provinces AS p ON p.name = {_value("province")}
WHERE r.extractor_version = a.extractor_version
UNION ALL
SELECT NULL, 'added', l.evidence, l.year, l.province, l.district, l.subject, l.rating, l.count, l.percent, l.total,
  l.scope, l.approx, a.site, a.url, a.title, a.published, p.province_2025,
  a.id, l.evidence_start, l.evidence_end, 1.0, '[]', NULL, NULL, l.id, l.reason
FROM added AS l
JOIN articles AS a ON a.url = l.article_url
LEFT JOIN provinces AS p ON p.name = l.province
"""

RECORDS_VIEW_0002 = """
CREATE VIEW records AS
SELECT r.id, r.article_id, a.url, a.site, a.title, a.published,
       r.scope, r.province, r.district, r.year, r.subject, r.rating, r.count, r.percent, r.approx, r.total,
       r.evidence, r.evidence_start, r.evidence_end, r.confidence, r.flags, r.extractor_version, r.run_id
FROM rating_records AS r JOIN articles AS a ON a.id = r.article_id
WHERE r.extractor_version = a.extractor_version
"""


def facts_view(aggregate: str) -> str:
    """The facts view; ``aggregate`` is the dialect's string aggregate (group_concat or string_agg)."""
    key = "scope, year, subject, rating"
    return f"""
CREATE VIEW facts AS
WITH stated AS (
  SELECT rec.*, COALESCE(rec.site, '') AS site_name,
    COALESCE((SELECT MIN(b.id) FROM articles AS b WHERE b.content_key = a.content_key), a.id) AS source_id,
    COALESCE(CAST(rec.count AS TEXT), CAST(rec.percent AS TEXT) || '%') AS value_key
  FROM records AS rec JOIN articles AS a ON a.id = rec.article_id
  WHERE rec.review <> 'rejected' AND rec.scope IS NOT NULL AND rec.year IS NOT NULL
    AND (rec.count IS NOT NULL OR rec.percent IS NOT NULL)
),
by_value AS (
  SELECT {key}, value_key, MIN(count) AS count, MIN(percent) AS percent, MAX(total) AS total,
    MIN(province) AS province, MIN(province_2025) AS province_2025, MIN(district) AS district,
    COUNT(DISTINCT source_id) AS agreeing, MIN(published) AS first_published, MIN(id) AS first_record,
    MIN(url) AS first_url
  FROM stated GROUP BY {key}, value_key
),
ranked AS (
  SELECT by_value.*,
    ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY agreeing DESC, first_published, value_key) AS value_rank,
    COUNT(*) OVER (PARTITION BY {key}) AS values_stated
  FROM by_value
),
others AS (
  SELECT {key}, {aggregate}(value_key || ' (' || CAST(agreeing AS TEXT) || ')', '; ') AS other_values
  FROM ranked WHERE value_rank > 1 GROUP BY {key}
),
site_names AS (
  SELECT {key}, {aggregate}(site_name, ', ') AS sites
  FROM (SELECT DISTINCT {key}, site_name FROM stated) AS distinct_sites GROUP BY {key}
),
counted AS (
  SELECT {key}, COUNT(DISTINCT source_id) AS sources, COUNT(*) AS records,
    {aggregate}(CAST(id AS TEXT), ',') AS record_ids
  FROM stated GROUP BY {key}
)
SELECT ranked.scope, ranked.province, ranked.province_2025, ranked.district, ranked.year, ranked.subject,
  ranked.rating, ranked.count, ranked.percent, ranked.total,
  CASE WHEN ranked.count IS NOT NULL AND ranked.total > 0
    THEN ROUND(100.0 * ranked.count / ranked.total, 1) ELSE ranked.percent END AS share,
  counted.sources, ranked.agreeing, CASE WHEN ranked.values_stated > 1 THEN 1 ELSE 0 END AS conflict,
  others.other_values, site_names.sites, counted.records, counted.record_ids, ranked.first_record,
  ranked.first_url, ranked.first_published
FROM ranked
JOIN counted ON counted.scope = ranked.scope AND counted.year = ranked.year
  AND counted.subject = ranked.subject AND counted.rating = ranked.rating
JOIN site_names ON site_names.scope = ranked.scope AND site_names.year = ranked.year
  AND site_names.subject = ranked.subject AND site_names.rating = ranked.rating
LEFT JOIN others ON others.scope = ranked.scope AND others.year = ranked.year
  AND others.subject = ranked.subject AND others.rating = ranked.rating
WHERE ranked.value_rank = 1
"""


def aggregate_function(dialect: str) -> str:
    return "group_concat" if dialect == "sqlite" else "string_agg"


def upgrade() -> None:
    bind = op.get_bind()
    provinces = op.create_table(
        "provinces",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("province_2025", sa.String(128), nullable=False),
    )
    op.bulk_insert(provinces, [{"name": old, "province_2025": new} for old, new in PROVINCES_2025])

    op.execute("DROP VIEW IF EXISTS records")  # before altering what it reads
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("content_key", sa.String(40)))
        batch.create_index("ix_articles_content_key", ["content_key"])
    for row in list(bind.execute(sa.text("SELECT id, body FROM articles ORDER BY id"))):
        bind.execute(
            sa.text("UPDATE articles SET content_key = :key WHERE id = :id"),
            {"key": content_key(row.body), "id": row.id},
        )

    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_url", sa.String(2048), nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("scope", sa.String(512)),
        sa.Column("province", sa.String(128)),
        sa.Column("district", sa.String(128)),
        sa.Column("year", sa.Integer),
        sa.Column("subject", sa.String(64)),
        sa.Column("rating", sa.String(64)),
        sa.Column("count", sa.Integer),
        sa.Column("percent", sa.Float),
        sa.Column("approx", sa.String(8)),
        sa.Column("total", sa.Integer),
        sa.Column("reason", sa.Text),
        sa.Column("reviewer", sa.String(255), nullable=False),
        sa.Column("reviewed_at", sa.String(64), nullable=False),
        sa.Column("before", sa.JSON),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("rating_records.id", ondelete="SET NULL")),
        sa.Column("evidence_start", sa.Integer),
        sa.Column("evidence_end", sa.Integer),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("status_note", sa.Text),
        sa.CheckConstraint(_one_of("action", REVIEW_ACTIONS), name=op.f("ck_reviews_action")),
        sa.CheckConstraint(_one_of("status", REVIEW_STATUSES), name=op.f("ck_reviews_status")),
        sa.CheckConstraint("subject IS NULL OR " + _one_of("subject", SUBJECTS), name=op.f("ck_reviews_subject")),
        sa.CheckConstraint("rating IS NULL OR " + _one_of("rating", RATINGS), name=op.f("ck_reviews_rating")),
        sa.CheckConstraint("percent IS NULL OR (percent >= 0 AND percent <= 100)", name=op.f("ck_reviews_percent")),
        sa.CheckConstraint("count IS NULL OR count >= 0", name=op.f("ck_reviews_count")),
        sa.CheckConstraint("total IS NULL OR total >= 0", name=op.f("ck_reviews_total")),
    )
    op.create_index("ix_reviews_article_url", "reviews", ["article_url"])
    op.create_index("ix_reviews_record_id", "reviews", ["record_id"])

    op.execute(RECORDS_VIEW)
    op.execute(facts_view(aggregate_function(bind.dialect.name)))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS facts")
    op.execute("DROP VIEW IF EXISTS records")
    op.drop_index("ix_reviews_record_id", table_name="reviews")
    op.drop_index("ix_reviews_article_url", table_name="reviews")
    op.drop_table("reviews")
    with op.batch_alter_table("articles") as batch:
        batch.drop_index("ix_articles_content_key")
        batch.drop_column("content_key")
    op.drop_table("provinces")
    op.execute(RECORDS_VIEW_0002)
