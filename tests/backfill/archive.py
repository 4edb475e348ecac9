"""The archive the back-fill tests reprocess, and a database's content compared record for record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pipeline.store.database import (
    article_organizations,
    articles,
    connect,
    organizations,
    pages,
    rating_records,
    record_changes,
    run_sites,
    runs,
)
from tests.mockserver import FakeNewspaper, PaperSpec
from tests.mockserver.warc import Record, article, listing, response, robots, write_shards

SHARDS = 4
PER_SITE = 4  # articles of each paper in each shard
UPDATED = 2  # this article of the first paper is archived again, corrected, in the last shard


def papers() -> list[FakeNewspaper]:
    return [
        FakeNewspaper(PaperSpec(name, articles=64), port=8100 + n) for n, name in enumerate(("baoa", "baob", "baoc"))
    ]


def build(root: Path) -> list[Path]:
    """Four shards of three papers: articles, listings, robots.txt, a 404, a 304, a page rendered by a
    script (no article in it), a PDF, and one URL archived twice (the later copy corrected)."""
    sites = papers()
    first = sites[0]
    script_page = FakeNewspaper(PaperSpec(first.spec.name, redesigned=True), port=first.port)
    shards: list[list[Record]] = []
    for shard in range(SHARDS):
        if shard == SHARDS - 1:
            first.update_article(UPDATED)
        records = [robots(sites[shard % 3]), listing(sites[shard % 3], sites[shard % 3].spec.categories[0])]
        for number in range(shard * PER_SITE, (shard + 1) * PER_SITE):
            records.extend(article(paper, number) for paper in sites)
        shards.append(records)
    shards[0].append(response(first, first.article_path(60), b"<html>khong thay</html>", status=404))
    shards[1].append(response(sites[1], sites[1].article_path(5), b"", status=304))
    shards[1].append(response(first, first.article_path(61), script_page.article_html(61).encode()))
    shards[2].append(
        response(sites[2], "/van-ban/quyet-dinh-12.pdf", b"%PDF-1.4\n% van ban\n", content_type="application/pdf")
    )
    shards[3].append(article(first, UPDATED))
    return write_shards(root, shards)


def snapshot(url: str) -> dict[str, Any]:
    """Everything a reprocess stores, without ids, timestamps and run ids: equal for equal results."""
    engine = connect(url)
    try:
        with engine.connect() as conn:
            urls = dict(conn.execute(select(articles.c.id, articles.c.url)).all())
            names = dict(conn.execute(select(organizations.c.id, organizations.c.name)).all())
            latest = conn.execute(select(runs.c.id).order_by(runs.c.started.desc(), runs.c.id.desc())).first()

            def rows(table: Any, drop: set[str], **link: str) -> list[str]:
                found = []
                for row in conn.execute(select(table)).mappings():
                    kept = {key: value for key, value in row.items() if key not in drop and key not in link}
                    for column, to in link.items():
                        kept[to] = (urls if to == "article_url" else names).get(row[column])
                    found.append(json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str))
                return sorted(found)

            tallies = [
                {key: value for key, value in row.items() if key != "run_id"}
                for row in conn.execute(select(run_sites).where(run_sites.c.run_id == latest.id)).mappings()
            ] if latest else []  # fmt: skip
            return {
                "articles": rows(articles, {"id", "extracted_at"}),
                "records": rows(rating_records, {"id", "run_id"}, article_id="article_url"),
                "organizations": sorted(names.values()),
                "links": rows(article_organizations, set(), article_id="article_url", organization_id="organization"),
                "pages": rows(pages, {"id", "discovered_at"}, article_id="article_url"),
                "run_sites": sorted(tallies, key=lambda tally: tally["site"]),
                "audit": conn.execute(select(record_changes.c.change)).scalars().all(),
            }
    finally:
        engine.dispose()
