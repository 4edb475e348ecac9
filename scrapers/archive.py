"""The raw archive: every response, with its request, in WARC files (warcio), the source of truth.

Files are only ever created, never appended to after a restart: ``<root>/<UTC day>/vnie-<time>-<run>-<n>.warc.gz``,
a new one when the day changes or the current one passes ``max_bytes``. Each record is a gzip member
flushed to the operating system before its position is returned, so a ``kill -9`` loses at most the
record being written; readers stop quietly at such a torn tail.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline import __version__
from pipeline.models import FetchedPage
from scrapers.content import BodyError, decode_body
from scrapers.fetch import Exchange

log = logging.getLogger(__name__)

ROLE_HEADER = "Vnie-Role"  # article | listing | robots: why the page was fetched
SITE_HEADER = "Vnie-Site"
WARC_SUFFIX = ".warc.gz"


@dataclass(frozen=True, slots=True)
class ArchivedAt:
    """Where a response record lies: its file and the byte offset of the record."""

    path: Path
    offset: int


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """A response record read back from a WARC file."""

    path: Path
    offset: int
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    raw_body: bytes
    fetched_at: str
    role: str | None = None
    site: str | None = None
    truncated: str | None = None

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def page(self, limit: int) -> FetchedPage:
        """The decoded page; raises ``BodyError`` for a body that cannot be used."""
        if self.truncated:
            raise BodyError(
                "too_large" if self.truncated == "length" else "truncated", f"record truncated ({self.truncated})"
            )
        body = decode_body(self.raw_body, self.header("Content-Encoding"), limit) if self.status == 200 else b""
        return FetchedPage(
            url=self.url,
            status=self.status,
            body=body,
            headers=self.headers,
            fetched_at=self.fetched_at,
            site=self.site,
        )


class WarcArchive:
    """Append-only writer shared by the threads of one run."""

    def __init__(self, root: Path, *, max_bytes: int, run_id: str, operator: str = "") -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.run_id = run_id
        self.operator = operator
        self._lock = threading.Lock()
        self._file: IO[bytes] | None = None
        self._writer: WARCWriter | None = None
        self._path: Path | None = None
        self._day: date | None = None
        self._sequence = 0

    def write(self, exchange: Exchange, *, role: str, site: str | None) -> ArchivedAt:
        """Write one request/response pair; returns where the response record starts."""
        request, response = _records(exchange, role=role, site=site)
        with self._lock:
            writer, handle, path = self._current()
            offset = handle.tell()
            writer.write_request_response_pair(request, response)
            handle.flush()
            return ArchivedAt(path, offset)

    def close(self) -> None:
        with self._lock:
            self._close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _current(self) -> tuple[WARCWriter, IO[bytes], Path]:
        today = datetime.now(UTC).date()
        if self._file is not None and (self._day != today or self._file.tell() >= self.max_bytes):
            self._close()
        if self._file is None or self._writer is None or self._path is None:
            self._sequence += 1
            folder = self.root / today.isoformat()
            folder.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            self._path = folder / f"vnie-{stamp}-{self.run_id[-8:]}-{self._sequence:05d}{WARC_SUFFIX}"
            self._file = open(self._path, "xb")  # noqa: SIM115 - kept open across writes, closed in _close
            self._writer = WARCWriter(self._file, gzip=True)
            self._day = today
            info = {"software": f"vnie/{__version__}", "format": "WARC File Format 1.0", "run": self.run_id}
            if self.operator:
                info["operator"] = self.operator
            self._writer.write_record(self._writer.create_warcinfo_record(self._path.name, info))
            self._file.flush()
        return self._writer, self._file, self._path

    def _close(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        self._file = self._writer = self._path = None


def _records(exchange: Exchange, *, role: str, site: str | None) -> tuple[object, object]:
    builder = WARCWriter(BytesIO(), gzip=True)
    warc_date = exchange.fetched_at.replace("+00:00", "Z")
    extra = {"WARC-Date": warc_date, ROLE_HEADER: role}
    if site:
        extra[SITE_HEADER] = site
    if exchange.truncated:
        extra["WARC-Truncated"] = exchange.truncated
    target = exchange.url
    status_line = f"{exchange.status} {exchange.reason}".strip()
    response = builder.create_warc_record(
        target,
        "response",
        payload=BytesIO(exchange.raw_body),
        length=len(exchange.raw_body),
        warc_headers_dict=extra,
        http_headers=StatusAndHeaders(status_line, list(exchange.headers), protocol=exchange.http_version),
    )
    path = target.split("://", 1)[-1]
    path = "/" + path.split("/", 1)[1] if "/" in path else "/"
    request = builder.create_warc_record(
        target,
        "request",
        payload=BytesIO(b""),
        length=0,
        warc_headers_dict={"WARC-Date": warc_date},
        http_headers=StatusAndHeaders(
            f"GET {path} {exchange.http_version}", list(exchange.request_headers), is_http_request=True
        ),
    )
    return request, response


def warc_files(root: Path, since: date | None = None) -> Iterator[Path]:
    """The WARC files under ``root`` in the order they were written (day folders, then names)."""
    for path in sorted(root.rglob(f"*{WARC_SUFFIX}"), key=lambda p: (p.parent.name, p.name)):
        day = _day_of(path)
        if since is None or day is None or day >= since:
            yield path


def _day_of(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.parent.name)
    except ValueError:
        return None


def iter_responses(path: Path) -> Iterator[ArchivedResponse]:
    """Every response record of one WARC file; a torn tail (a run killed mid-write) ends it quietly."""
    with open(path, "rb") as handle:
        records = ArchiveIterator(handle)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                body = record.raw_stream.read()  # before get_record_offset(), which skips to the record's end
                yield _response(path, records.get_record_offset(), record, body)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
            log.warning(
                "%s: archive ends with an incomplete record (%s); the records before it are intact", path, error
            )


def read_response(path: Path, offset: int) -> ArchivedResponse:
    """The response record at ``offset`` of ``path``."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        for record in ArchiveIterator(handle):
            if record.rec_type == "response" and record.http_headers is not None:
                return _response(path, offset, record, record.raw_stream.read())
            break
    raise ArchiveLoadFailed(f"no response record at {path}:{offset}")


def _response(path: Path, offset: int, record: object, body: bytes) -> ArchivedResponse:
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    http_headers = record.http_headers  # type: ignore[attr-defined]
    return ArchivedResponse(
        path=path,
        offset=offset,
        url=rec_headers.get_header("WARC-Target-URI"),
        status=int(http_headers.get_statuscode() or 0),
        headers=tuple(http_headers.headers),
        raw_body=body,
        fetched_at=rec_headers.get_header("WARC-Date"),
        role=rec_headers.get_header(ROLE_HEADER),
        site=rec_headers.get_header(SITE_HEADER),
        truncated=rec_headers.get_header("WARC-Truncated"),
    )
