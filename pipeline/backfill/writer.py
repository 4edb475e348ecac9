"""Page results -> the database, a batch per transaction, safe with several writers at once.

On PostgreSQL every Dask worker writes its own shards through its own connection; on SQLite, which
takes one writer at a time, the client is the only writer. Either way a batch is one transaction:

- a page's row is locked (``SELECT ... FOR UPDATE``) before it is compared: of two copies of a URL,
  the one later in the archive wins, whichever shard finishes first, as in the single-process loop;
- the batch's organizations are created first, each batch in a short transaction of its own, so that
  writers do not wait on each other's long transactions for the names they share;
- two workers creating the same page or article at once still collide on a unique key; the batch is
  rolled back and written again (it then finds the other's row). Saves are idempotent, so a batch
  or a whole shard written twice (a retried task) changes nothing.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from pipeline.backfill.shard import PageResult, archive_position
from pipeline.store.database import ArticleRows, ArticleWriter, chunked, organizations, pages
from scrapers.state import utc_now

log = logging.getLogger("vnie.backfill")

ATTEMPTS = 8  # a batch that still collides after this many tries fails its shard (and Dask retries it)
_CONFLICTS = ("40001", "40P01")  # PostgreSQL: serialization failure, deadlock detected

T = TypeVar("T")


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_batch(engine: Engine, results: Sequence[PageResult], run_id: str, shards: frozenset[str]) -> int:
    """Store ``results`` in one transaction; returns how many pages were written (an older copy of a URL
    whose newer copy, in one of ``shards``, is already stored is left out)."""
    parallel = engine.dialect.name != "sqlite"  # SQLite has one writer: nobody to collide with
    prepared = [(result, result.article_rows()) for result in results]
    if parallel:
        _create_organizations(engine, prepared)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.connect() as conn:
                if not parallel:
                    conn.info["sqlite_begin"] = "BEGIN IMMEDIATE"  # the write lock up front, as every writer
                with conn.begin():
                    return _write(conn, prepared, run_id, shards)
        except DBAPIError as error:
            if attempt == ATTEMPTS or not parallel or not _conflict(error):
                raise
            log.debug("batch of %d pages collided with another writer (%s); writing it again", len(results), error)
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
    raise AssertionError("unreachable")


Prepared = tuple[PageResult, ArticleRows | None]


def _create_organizations(engine: Engine, prepared: Sequence[Prepared]) -> None:
    """The batch's organizations, created first in a short transaction of their own (in name order, so two
    writers never wait on each other in a cycle): a long batch transaction then only reads them, and
    writers do not block one another on the organization names they share."""
    names = sorted({name for _result, rows in prepared if rows is not None for name in rows.organizations})
    if names:
        with engine.begin() as conn:
            conn.execute(postgres_insert(organizations).on_conflict_do_nothing(), [{"name": name} for name in names])


# Built once, so SQLAlchemy finds them compiled in its cache. The page rows of a batch are locked in URL order.
_STORED_PAGES = (
    select(pages.c.url, pages.c.id, pages.c.warc_file, pages.c.warc_offset)
    .where(pages.c.url.in_(bindparam("urls", expanding=True)))
    .order_by(pages.c.url)
    .with_for_update()
)
_INSERT_PAGES = insert(pages)
_UPDATE_PAGES = update(pages).where(pages.c.id == bindparam("page_id"))


@dataclass(slots=True)
class _Page:
    """A URL's row in ``pages`` as the batch leaves it: the copy stored (or about to be), and what to write."""

    warc_file: str | None
    warc_offset: int
    id: int | None = None  # None: a row to insert
    values: dict[str, Any] = field(default_factory=dict)  # the columns to write; empty: nothing

    @property
    def position(self) -> tuple[str, str, int]:
        return archive_position(self.warc_file or "", self.warc_offset)


def _write(conn: Connection, prepared: Sequence[Prepared], run_id: str, shards: frozenset[str]) -> int:
    """The batch in the caller's transaction: the stored page rows looked up (and locked) at once, the newer
    copies' articles saved in archive order, then the page rows written, many to a statement."""
    urls = sorted({result.url for result, _rows in prepared})
    known: dict[str, _Page] = {}
    for chunk in chunked(urls):
        for row in conn.execute(_STORED_PAGES, {"urls": chunk}):
            known[row.url] = _Page(row.warc_file, int(row.warc_offset or 0), int(row.id))
    chosen = []
    for result, rows in prepared:
        page = known.get(result.url)
        if page is not None and page.warc_file in shards and page.position > result.position:
            continue  # a newer copy of the URL is stored already (or comes earlier in this batch)
        if page is None:
            page = known[result.url] = _Page(result.warc_file, result.warc_offset)
        page.warc_file, page.warc_offset = result.warc_file, result.warc_offset
        chosen.append((result, rows, page))
    saved = [rows for _result, rows, _page in chosen if rows is not None]
    ids = iter(ArticleWriter(conn, run_id).save_all(saved))
    for result, rows, page in chosen:
        values = result.page_values()
        if rows is not None:
            values["article_id"] = next(ids)
        page.values.update(values)  # a second copy of the URL writes over the first, as two updates would
    new = [{"url": url, "discovered_at": utc_now(), **page.values} for url, page in known.items() if page.id is None]
    changed = [{"page_id": page.id, **page.values} for page in known.values() if page.id is not None and page.values]
    for statement, rows_of in ((_INSERT_PAGES, new), (_UPDATE_PAGES, changed)):
        for _keys, group in groupby(rows_of, key=lambda row: row.keys()):  # one statement per set of columns
            conn.execute(statement, list(group))
    return len(chosen)


def _conflict(error: DBAPIError) -> bool:
    """A collision with a concurrent writer, which writing the batch again resolves."""
    if isinstance(error, IntegrityError):
        return True
    details = error.orig.args[0] if error.orig is not None and error.orig.args else None
    return isinstance(details, dict) and details.get("C") in _CONFLICTS
