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
from typing import Any, TypeVar

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from pipeline.backfill.shard import PageResult, archive_position
from pipeline.store.database import organizations, pages, save_in
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
    if parallel:
        _create_organizations(engine, results)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with engine.begin() as conn:
                return sum(_write_page(conn, result, run_id, shards) for result in results)
        except DBAPIError as error:
            if attempt == ATTEMPTS or not parallel or not _conflict(error):
                raise
            log.debug("batch of %d pages collided with another writer (%s); writing it again", len(results), error)
            time.sleep(random.uniform(0, 0.02 * 2**attempt))
    raise AssertionError("unreachable")


def _create_organizations(engine: Engine, results: Sequence[PageResult]) -> None:
    """The batch's organizations, created first in a short transaction of their own (in name order, so two
    writers never wait on each other in a cycle): a long batch transaction then only reads them, and
    writers do not block one another on the organization names they share."""
    names = sorted({name for result in results if result.result for name in result.result.organizations})
    if names:
        with engine.begin() as conn:
            conn.execute(postgres_insert(organizations).on_conflict_do_nothing(), [{"name": name} for name in names])


def _write_page(conn: Connection, result: PageResult, run_id: str, shards: frozenset[str]) -> int:
    stored = conn.execute(
        select(pages.c.id, pages.c.warc_file, pages.c.warc_offset).where(pages.c.url == result.url).with_for_update()
    ).first()
    if stored is not None and stored.warc_file in shards and _position(stored) > result.position:
        return 0  # a newer copy of the URL is stored already
    values = result.page_values()
    if result.article is not None and result.result is not None:
        values["article_id"] = save_in(conn, result.article, result.result, run_id)
    if stored is None:
        conn.execute(insert(pages).values(url=result.url, discovered_at=utc_now(), **values))
    else:
        conn.execute(update(pages).where(pages.c.id == stored.id).values(**values))
    return 1


def _position(stored: Any) -> tuple[str, str, int]:
    return archive_position(stored.warc_file, int(stored.warc_offset or 0))


def _conflict(error: DBAPIError) -> bool:
    """A collision with a concurrent writer, which writing the batch again resolves."""
    if isinstance(error, IntegrityError):
        return True
    details = error.orig.args[0] if error.orig is not None and error.orig.args else None
    return isinstance(details, dict) and details.get("C") in _CONFLICTS
