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


def alongside_an_open_transaction(url: str, statement: Any, result: PageResult) -> list[BaseException]:
    """Write ``result`` while another connection's transaction, which ran ``statement``, stays open until the
    writer waits on it; then commit that transaction. Returns what the writer raised."""
    connect(url).dispose()  # the schema
    other, mine = engine_for(url, readonly=False), engine_for(url, readonly=False)
    failure: list[BaseException] = []

    def write() -> None:
        try:
            write_batch(mine, [result], "run-1", SHARDS)
        except BaseException as error:
            failure.append(error)

    try:
        with other.connect() as conn:
            transaction = conn.begin()
            conn.execute(statement)
            writer = threading.Thread(target=write)
            writer.start()
            wait_until_blocked(other)
            transaction.commit()
            writer.join(timeout=60)
            assert not writer.is_alive()
    finally:
        other.dispose()
        mine.dispose()
    return failure


@pytest.mark.postgres
def test_a_batch_that_collides_with_another_writer_is_written_again(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Another writer's open transaction has just created the page: the batch waits on the unique key, fails
    when the other commits, and is written again, updating that page."""
    caplog.set_level(logging.DEBUG, logger="vnie.backfill")
    statement = insert(pages).values(url=URL, site="baoa", kind="pending")
    assert alongside_an_open_transaction(postgres_url, statement, copy("2025-03-01/vnie-a.warc.gz", 900, "Bài.")) == []
    assert "collided with another writer" in caplog.text
    assert stored(postgres_url) == ("Bài.", "2025-03-01/vnie-a.warc.gz", 900)


@pytest.mark.postgres
def test_writers_sharing_a_new_organization_do_not_collide(postgres_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """The organization is created before the batch, in a short transaction that waits for the other writer's:
    no collision, no batch written twice."""
    caplog.set_level(logging.DEBUG, logger="vnie.backfill")
    statement = insert(organizations).values(name=PARTY_CELL)
    result = copy("2025-03-01/vnie-a.warc.gz", 900, "Bài.", (PARTY_CELL,))
    assert alongside_an_open_transaction(postgres_url, statement, result) == []
    assert "collided" not in caplog.text
    engine = connect(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(select(organizations.c.name).join(article_organizations)).scalars().all() == [PARTY_CELL]
    engine.dispose()


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
