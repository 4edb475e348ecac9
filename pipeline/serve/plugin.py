"""Datasette plugin of ``vnie serve``: article and record pages with the evidence in context.

``/article/ID`` shows an article as a reader sees it with the evidence of each current record
marked (each mark leads to its record); ``/record/ID`` shows one record, its evidence marked in the
article text (by the stored offsets), and links to the article, the original page (a text fragment
that scrolls to the sentence), the article's other records and the record's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

DATABASE = "vnie"
CONTEXT_CHARS = 400
RECORD_FIELDS = (
    "scope", "province", "district", "year", "subject", "rating", "count", "percent", "approx", "total",
    "confidence", "flags", "extractor_version", "run_id",
)  # fmt: skip

RECORD_SQL = """
select r.*, a.title, a.url, a.site, a.published,
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
select id, scope, year, subject, rating, count, percent, approx, total, evidence, evidence_start, evidence_end,
  confidence, flags
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


async def article_page(datasette: Any, request: Any) -> Response:
    article_id = int(request.url_vars["article_id"])
    db = datasette.get_database(DATABASE)
    article = (await db.execute(ARTICLE_SQL, {"id": article_id})).first()
    if article is None:
        raise NotFound(f"There is no article {article_id}")
    records = [dict(row) for row in await db.execute(ARTICLE_RECORDS_SQL, {"id": article_id})]
    spans = [(row["evidence_start"], row["evidence_end"], row["id"]) for row in records]
    context = {
        "article": dict(article),
        "records": records,
        "segments": mark_evidence(article["text"] or "", spans),
        "database": DATABASE,
        "row_href": datasette.urls.row(DATABASE, "articles", str(article_id)),
    }
    return Response.html(await datasette.render_template("article.html", context, request=request))


async def record_page(datasette: Any, request: Any) -> Response:
    record_id = request.url_vars["record_id"]
    db = datasette.get_database(DATABASE)
    result = await db.execute(RECORD_SQL, {"id": int(record_id), "context": CONTEXT_CHARS})
    row = result.first()
    if row is None:
        raise NotFound(f"There is no record {record_id}")
    record = dict(row)
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
    }
    return Response.html(await datasette.render_template("record.html", context, request=request))


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/record/(?P<record_id>\d+)$", record_page),
        (r"^/article/(?P<article_id>\d+)$", article_page),
    ]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """In the records view: id and evidence lead to the record page, article_id to the article."""
    if database != DATABASE or table != "records" or value is None:
        return None
    if column in ("id", "evidence"):
        href = datasette.urls.path(f"/record/{int(row['id'])}")
        return Markup('<a href="{}">{}</a>').format(href, value)
    if column == "article_id":
        href = datasette.urls.path(f"/article/{int(value)}")
        return Markup('<a href="{}">{}</a>').format(href, value)
    return None
