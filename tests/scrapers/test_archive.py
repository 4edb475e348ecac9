from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import scrapers.archive as archive_module
from scrapers.archive import WarcArchive, iter_responses, read_response, warc_files
from scrapers.content import BodyError
from scrapers.fetch import Exchange

HTML = "<html><body><p>Năm 2024, Đảng bộ xã có 12 chi bộ.</p></body></html>".encode()


def exchange(number: int, **changes: object) -> Exchange:
    values: dict[str, object] = {
        "url": f"http://127.0.0.1:9/bai-{number}.html",
        "request_headers": (("Host", "127.0.0.1:9"), ("User-Agent", "vnie/test")),
        "status": 200,
        "reason": "OK",
        "headers": (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")),
        "raw_body": gzip.compress(HTML),
        "fetched_at": "2026-01-02T03:04:05+00:00",
    }
    values.update(changes)
    return Exchange(**values)  # type: ignore[arg-type]


def test_request_and_response_round_trip(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000, run_id="run-1") as archive:
        where = [archive.write(exchange(n), role="article", site="baoa") for n in range(3)]
    again = read_response(where[1].path, where[1].offset)
    assert (again.url, again.status, again.role, again.site) == (
        "http://127.0.0.1:9/bai-1.html",
        200,
        "article",
        "baoa",
    )
    assert again.fetched_at == "2026-01-02T03:04:05Z"
    assert again.page(1_000_000).body == HTML  # stored as sent (gzip), decoded on the way out
    from warcio.archiveiterator import ArchiveIterator

    with open(where[0].path, "rb") as handle:
        types = [record.rec_type for record in ArchiveIterator(handle)]
    assert types == ["warcinfo"] + ["response", "request"] * 3


def test_rotation_by_size(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=1500, run_id="run-2") as archive:
        for n in range(8):
            archive.write(exchange(n), role="article", site=None)
    files = list(warc_files(tmp_path))
    assert len(files) > 2
    assert [r.url for f in files for r in iter_responses(f)] == [f"http://127.0.0.1:9/bai-{n}.html" for n in range(8)]
    assert all(r.page(1_000_000).body == HTML for f in files for r in iter_responses(f))


def test_rotation_by_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [datetime(2026, 1, 1, 23, 59, tzinfo=UTC)]

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return clock[0]

    monkeypatch.setattr(archive_module, "datetime", Clock)
    with WarcArchive(tmp_path, max_bytes=10_000_000, run_id="run-3") as archive:
        archive.write(exchange(1), role="article", site=None)
        clock[0] = datetime(2026, 1, 2, 0, 1, tzinfo=UTC)  # midnight passes during the run
        archive.write(exchange(2), role="article", site=None)
    assert sorted(p.parent.name for p in warc_files(tmp_path)) == ["2026-01-01", "2026-01-02"]
    assert [p.parent.name for p in warc_files(tmp_path, since=date(2026, 1, 2))] == ["2026-01-02"]


def test_a_torn_tail_leaves_the_records_before_it(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000, run_id="run-4") as archive:
        for n in range(3):
            archive.write(exchange(n), role="article", site=None)
    path = next(warc_files(tmp_path))
    path.write_bytes(path.read_bytes()[:-150])  # killed while writing the last request record
    assert len(list(iter_responses(path))) == 3
    path.write_bytes(path.read_bytes()[:-400])  # ... or in the middle of the last response
    assert len(list(iter_responses(path))) == 2


def test_truncated_records_say_so(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_bytes=10_000_000, run_id="run-5") as archive:
        where = archive.write(exchange(1, raw_body=b"x" * 100, truncated="length"), role="article", site=None)
    record = read_response(where.path, where.offset)
    assert record.truncated == "length"
    with pytest.raises(BodyError):
        record.page(1_000_000)


def test_files_are_never_reopened(tmp_path: Path) -> None:
    for run in ("run-a", "run-b"):
        with WarcArchive(tmp_path, max_bytes=10_000_000, run_id=run) as archive:
            archive.write(exchange(1), role="article", site=None)
    assert len(list(warc_files(tmp_path))) == 2
