"""Datasette plugin of ``vnie serve``: the dashboard, article and record pages, review forms, hygiene.

``/`` is the dashboard (``dashboard.py``). ``/article/ID`` shows an article as a reader sees it with
the evidence of each current record marked (each mark leads to its record); ``/record/ID`` shows one
record, its evidence marked in the article text (by the stored offsets), its review state and
reviews, and links to the article, the original page (a text fragment that scrolls to the
sentence), the article's other records and the record's history. A logged-in reviewer gets review
forms on both (``reviewing.py``). The records table is compact: the URL as a link icon, titles cut
short. ``guard.py`` wraps the app and hardens every connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from pipeline.serve import dashboard, guard, reviewing
from pipeline.store.schema import REVIEW_VALUES

DATABASE = "vnie"
CONTEXT_CHARS = 400
RECORD_FIELDS = (
    "scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total",
    "confidence", "flags", "extractor_version", "run_id",
)  # fmt: skip

TITLE_CHARS = 48
RECORD_SQL = """
select r.*, a.title, a.url, a.site, a.published,
  (select review from records where records.id = r.id) as review,
  substr(a.text, max(0, r.evidence_start - :context) + 1, r.evidence_start - max(0, r.evidence_start - :context))
    as text_before,
  substr(a.text, r.evidence_start + 1, r.evidence_end - r.evidence_start) as text_evidence,
  substr(a.text, r.evidence_end + 1, :context) as text_after,
  r.extractor_version = a.extractor_version as is_current
from rating_records as r join articles as a on a.id = r.article_id
where r.id = :id
"""


def text_fragment(url: str, quoted: str) -> str:
    """``url`` with a text fragment (``#:~:text=``) that makes the browser scroll to and mark ``quoted``."""
    encoded = quote(" ".join(quoted.split()), safe="").replace("-", "%2D")
    return f"{url.split('#', 1)[0]}#:~:text={encoded}"


ARTICLE_SQL = """
select id, url, site, title, sapo, author, published, category, text, extractor_version, extracted_at
from articles where id = :id
"""
ARTICLE_RECORDS_SQL = """
select id, scope, province, district, year, subject, rating, count, percent, approx, total, evidence,
  evidence_start, evidence_end, confidence, flags, review
from records where article_id = :id order by evidence_start, id
"""


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text, marked when it is the evidence of ``record_id``."""

    text: str
    record_id: int | None = None


def mark_evidence(text: str, spans: list[tuple[int, int, int]]) -> list[Segment]:
    """Cut ``text`` at the ``(start, end, record_id)`` spans; a span overlapping the last is marked from its end."""
    segments: list[Segment] = []
    at = 0
    for start, end, record_id in sorted(spans):
        start = max(start, at)
        end = min(end, len(text))
        if start >= end:
            continue
        if start > at:
            segments.append(Segment(text[at:start]))
        segments.append(Segment(text[start:end], record_id))
        at = end
    if at < len(text):
        segments.append(Segment(text[at:]))
    return segments


REVIEWS_SQL = """
select id, action, reviewer, reviewed_at, reason, status, status_note, count, percent, before
from reviews where record_id = :id or (record_id is null and article_url = :url and evidence = :evidence)
order by id
"""
ADDED_SQL = """
select review_id, subject, rating, count, percent, total, year, evidence from records
where article_id = :id and review = 'added' order by evidence_start
"""


async def article_page(datasette: Any, request: Any) -> Response:
    article_id = reviewing.parse_id(request.url_vars["article_id"], "article")
    db = datasette.get_database(DATABASE)
    article = (await db.execute(ARTICLE_SQL, {"id": article_id})).first()
    if article is None:
        raise NotFound(f"There is no article {article_id}")
    records = [dict(row) for row in await db.execute(ARTICLE_RECORDS_SQL, {"id": article_id})]
    spans = [(row["evidence_start"], row["evidence_end"], row["id"]) for row in records if row["id"] is not None]
    context = {
        "article": dict(article),
        "records": [row for row in records if row["id"] is not None],
        "added": [dict(row) for row in await db.execute(ADDED_SQL, {"id": article_id})],
        "segments": mark_evidence(article["text"] or "", spans),
        "database": DATABASE,
        "row_href": datasette.urls.row(DATABASE, "articles", str(article_id)),
        "reviewer": reviewing.reviewer(datasette, request),
        "fields": REVIEW_VALUES,
    }
    return Response.html(await datasette.render_template("article.html", context, request=request))


async def record_page(datasette: Any, request: Any) -> Response:
    record_id = str(reviewing.parse_id(request.url_vars["record_id"], "record"))
    db = datasette.get_database(DATABASE)
    result = await db.execute(RECORD_SQL, {"id": int(record_id), "context": CONTEXT_CHARS})
    row = result.first()
    if row is None:
        raise NotFound(f"There is no record {record_id}")
    record = dict(row)
    shown = (await db.execute("select * from records where id = :id", {"id": int(record_id)})).first()
    reviews = await db.execute(
        REVIEWS_SQL, {"id": int(record_id), "url": record["url"], "evidence": record["evidence"]}
    )
    urls = datasette.urls
    context = {
        "record": record,
        "database": DATABASE,
        "offsets_match": record["text_evidence"] == record["evidence"],
        "article_href": urls.path(f"/article/{int(record['article_id'])}"),
        "article_row_href": urls.row(DATABASE, "articles", str(record["article_id"])),
        "source_href": text_fragment(record["url"], record["evidence"]) if record["url"] else None,
        "row_href": urls.row(DATABASE, "rating_records", record_id),
        "siblings_href": urls.table(DATABASE, "records") + f"?article_id={record['article_id']}",
        "history_href": urls.database(DATABASE) + f"/record_history?record_id={record_id}&article_id=",
        "fields": [(name, record[name]) for name in RECORD_FIELDS],
        "shown": dict(shown) if shown else None,
        "reviews": [dict(row) for row in reviews],
        "reviewer": reviewing.reviewer(datasette, request),
        "value_fields": REVIEW_VALUES,
    }
    return Response.html(await datasette.render_template("record.html", context, request=request))


async def dashboard_page(datasette: Any, request: Any) -> Response:
    wanted = dashboard.Filter(
        province=request.args.get("province", ""),
        district=request.args.get("district", ""),
        rating=request.args.get("rating", dashboard.LEVELS[0]),
    )
    shown = await dashboard.panels(datasette.get_database(DATABASE), wanted)
    context = {
        "d": shown,
        "levels": dashboard.LEVELS,
        "subjects": dashboard.SUBJECTS,
        "level_short": dashboard.LEVEL_SHORT,
        "figures_json": dashboard.figure_data(shown.figures),
        "database": DATABASE,
        "reviewer": reviewing.reviewer(datasette, request),
        "metadata": datasette.metadata(),
    }
    return Response.html(await datasette.render_template("dashboard.html", context, request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/$", dashboard_page),
        (r"^/record/(?P<record_id>\d{1,30})$", record_page),
        (r"^/article/(?P<article_id>\d{1,30})$", article_page),
        (r"^/record/(?P<record_id>\d{1,30})/review$", reviewing.review_record_post),
        (r"^/article/(?P<article_id>\d{1,30})/review$", reviewing.add_record_post),
        (r"^/-/vnie-login$", reviewing.login),
    ]


class OrderedFacet(ColumnFacet):
    """A column facet listing its values in order (years from the first), not by count."""

    type = "ordered"

    async def facet_results(self) -> Any:
        results, timed_out = await super().facet_results()
        for result in results:
            result["results"].sort(key=lambda item: (item["value"] is None, item["value"]))
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type]:
    return [OrderedFacet]


@hookimpl(trylast=True)  # after Datasette's own functions, so our escape_fts replaces its
def prepare_connection(conn: Any) -> None:
    guard.harden(conn)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    hosts = getattr(datasette, "vnie_allowed_hosts", ())
    return lambda app: guard.guard(app, hosts)


@hookimpl
def extra_js_urls(template: str, database: str | None, table: str | None) -> list[str]:
    return ["/vnie-static/vnie.js"]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """In the records and facts views: compact cells, and links to the record, the article, the page."""
    if database != DATABASE or table not in ("records", "facts") or value is None:
        return None
    if column == "url" or column == "first_url":
        return Markup('<a class="page-link" href="{}" title="{}" rel="noreferrer">↗</a>').format(value, value)
    if column == "title":
        short = value if len(value) <= TITLE_CHARS else value[: TITLE_CHARS - 1].rstrip() + "…"
        return Markup('<span title="{}">{}</span>').format(value, short)
    if column == "first_record":
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(f"/record/{int(value)}"), value)
    if table != "records":
        return None
    if column in ("id", "evidence"):
        target = f"/record/{int(row['id'])}" if row["id"] is not None else f"/article/{int(row['article_id'])}"
        return Markup('<a href="{}">{}</a>').format(datasette.urls.path(target), value)
    if column == "article_id":
        href = datasette.urls.path(f"/article/{int(value)}")
        return Markup('<a href="{}">{}</a>').format(href, value)
    if column == "review":
        return Markup('<span class="review review-{}">{}</span>').format(value, value)
    return None
