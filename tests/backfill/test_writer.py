"""The back-fill's batch writer: the later copy of a URL wins in whichever order the shards arrive, and a
batch that collides with a concurrent writer on PostgreSQL is written again, not lost."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from sqlalchemy import insert, select, text

from pipeline.backfill.shard import PageResult
from pipeline.backfill.writer import write_batch
from pipeline.models import Article, ExtractionResult
from pipeline.store.database import (
    article_organizations,
    articles,
    connect,
    engine_for,
    organizations,
    pages,
)

URL = "http://127.0.0.1:8100/xay-dung-dang/bai-100007.html"
SHARDS = frozenset({"2025-03-01/vnie-a.warc.gz", "2025-03-02/vnie-b.warc.gz"})
PARTY_CELL = "Chi bộ thôn Đồi Thông"


def copy(warc_file: str, offset: int, body: str, organizations: tuple[str, ...] = ()) -> PageResult:
    article = Article(body=body, title="Kết quả đánh giá đảng viên", url=URL, site="baoa")
    return PageResult(
        url=URL, site="baoa", warc_file=warc_file, warc_offset=offset, status=200,
        fetched_at="2025-03-01T08:00:00+00:00", content_type="text/html", etag=None, last_modified=None,
        content_sha1=str(offset), kind="article", article=article, result=ExtractionResult(organizations=organizations),
    )  # fmt: skip


def stored(url: str) -> tuple[str, str, int]:
    engine = connect(url)
    with engine.connect() as conn:
        body = conn.execute(select(articles.c.body)).scalar_one()
        page = conn.execute(select(pages.c.warc_file, pages.c.warc_offset)).one()
    engine.dispose()
    return body, page.warc_file, page.warc_offset


@pytest.mark.parametrize("order", ["archive order", "reversed"])
def test_the_later_copy_of_a_url_wins_in_any_order(store_url: str, order: str) -> None:
    older = copy("2025-03-01/vnie-a.warc.gz", 900, "Bản đầu tiên của bài.")
    same_file_later = copy("2025-03-01/vnie-a.warc.gz", 5000, "Bản sửa trong cùng tệp.")
    newer = copy("2025-03-02/vnie-b.warc.gz", 120, "Bản sửa ngày hôm sau.")
    batches = [[older], [same_file_later], [newer]]
    engine = connect(store_url)
    for batch in batches if order == "archive order" else batches[::-1]:
        write_batch(engine, batch, "run-1", SHARDS)
    engine.dispose()
    assert stored(store_url) == ("Bản sửa ngày hôm sau.", "2025-03-02/vnie-b.warc.gz", 120)


def test_a_stored_copy_outside_the_run_does_not_hold_back_an_older_one(store_url: str) -> None:
    """A page row pointing at a file this run does not read (an earlier archive, since moved) is replaced."""
    engine = connect(store_url)
    write_batch(engine, [copy("2031-01-01/vnie-z.warc.gz", 1, "Bản ở tệp đã chuyển đi.")], "run-0", frozenset())
    write_batch(engine, [copy("2025-03-01/vnie-a.warc.gz", 900, "Bản đầu tiên của bài.")], "run-1", SHARDS)
    engine.dispose()
    assert stored(store_url)[0] == "Bản đầu tiên của bài."


@pytest.mark.postgres
def test_a_batch_that_collides_with_another_writer_is_written_again(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Another worker's open transaction has just created the same organization: this batch waits on the
    unique key, fails when the other commits, and is written again, finding the organization."""
    caplog.set_level(logging.DEBUG, logger="vnie.backfill")
    connect(postgres_url).dispose()  # the schema
    other, mine = engine_for(postgres_url, readonly=False), engine_for(postgres_url, readonly=False)
    failure: list[BaseException] = []
    with other.connect() as conn:
        transaction = conn.begin()
        conn.execute(insert(organizations).values(name=PARTY_CELL))

        def write() -> None:
            try:
                write_batch(mine, [copy("2025-03-01/vnie-a.warc.gz", 900, "Bài.", (PARTY_CELL,))], "run-1", SHARDS)
            except BaseException as error:
                failure.append(error)

        writer = threading.Thread(target=write)
        writer.start()
        wait_until_blocked(other)
        transaction.commit()
        writer.join(timeout=60)
    assert not failure and not writer.is_alive()
    assert "collided with another writer" in caplog.text
    with mine.connect() as conn:
        linked = conn.execute(select(organizations.c.name).join(article_organizations)).scalars().all()
    assert linked == [PARTY_CELL]
    other.dispose()
    mine.dispose()


def wait_until_blocked(engine: Any, seconds: float = 30) -> None:
    """Until some session of this database waits on a lock (the writer, on the organization's unique key)."""
    deadline = time.monotonic() + seconds
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    with engine.connect() as conn:
        while conn.execute(query).scalar_one() == 0:
            assert time.monotonic() < deadline, "the writer never waited on the other transaction"
            time.sleep(0.02)
            conn.rollback()
