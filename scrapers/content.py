"""Response bodies: content codings undone under a size cap, so a gzip bomb or a cut stream is a
named failure rather than a crash or a full memory. Used alike on live responses and archived ones."""

from __future__ import annotations

import zlib
from typing import Any


class BodyError(Exception):
    """A response body that cannot be used; ``reason`` is its failure name."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason


def decode_body(raw: bytes, content_encoding: str | None, limit: int) -> bytes:
    """The body without its content coding, refusing more than ``limit`` bytes (gzip bombs included)."""
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity"):
        if len(raw) > limit:
            raise BodyError("too_large", f"{len(raw)} bytes, more than {limit}")
        return raw
    if coding in ("gzip", "x-gzip"):
        return gunzip(raw, limit)
    if coding == "deflate":
        try:
            return _inflate(zlib.decompressobj(), raw, limit)
        except BodyError as error:
            if error.reason != "broken_gzip":
                raise  # a bomb is too_large whichever way it is wrapped
            return _inflate(zlib.decompressobj(-zlib.MAX_WBITS), raw, limit)  # raw deflate, as some servers send
    raise BodyError("broken_encoding", f"unsupported content coding {coding!r}")


def decode_prefix(raw: bytes, content_encoding: str | None, limit: int) -> bytes:
    """The first ``limit`` bytes of the decoded body, however long or cut short the body is (robots.txt
    is read this way: its first 500 KiB are enough)."""
    coding = (content_encoding or "").strip().lower()
    if coding in ("", "identity"):
        return raw[:limit]
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise BodyError("broken_encoding", f"unsupported content coding {coding!r}")
    wbits = (16 + zlib.MAX_WBITS,) if coding != "deflate" else (zlib.MAX_WBITS, -zlib.MAX_WBITS)
    for bits in wbits:
        try:
            return bytes(zlib.decompressobj(bits).decompress(raw, limit))
        except zlib.error as error:
            failure = error
    raise BodyError("broken_gzip", f"cannot decompress: {failure}")


def gunzip(data: bytes, limit: int) -> bytes:
    return _inflate(zlib.decompressobj(16 + zlib.MAX_WBITS), data, limit)


def _inflate(decompressor: Any, data: bytes, limit: int) -> bytes:
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as error:
        raise BodyError("broken_gzip", f"cannot decompress: {error}") from error
    if len(out) > limit:
        raise BodyError("too_large", f"more than {limit} bytes once decompressed")
    if not decompressor.eof:
        raise BodyError("broken_gzip", "compressed body ends early")
    return bytes(out)
