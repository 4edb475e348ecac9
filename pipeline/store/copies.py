"""Syndicated copies: the same article on another host, recognized by the digest of its prose.

A copy keeps the prose and changes the rest: another title prefix, a source line ("Theo Báo ..."),
a byline, captions. So the key is the SHA-1 of the body's paragraphs of at least ``PROSE_CHARS``
characters, case and spacing aside; short lines (bylines, credits, captions) do not count. Two
articles with one key are one source: the ``facts`` view counts them once.
"""

from __future__ import annotations

import hashlib
import unicodedata

PROSE_CHARS = 80


def content_key(body: str | None) -> str | None:
    """The digest of the prose paragraphs of ``body``; None when it has none."""
    paragraphs = [
        " ".join(unicodedata.normalize("NFC", line).casefold().split())
        for line in (body or "").splitlines()
        if len(line.strip()) >= PROSE_CHARS
    ]
    if not paragraphs:
        return None
    return hashlib.sha1("\n".join(paragraphs).encode("utf-8")).hexdigest()
