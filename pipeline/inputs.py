"""Reading inputs of the CLI: bytes -> text or HTML, with a clear reason when an input is unusable.

Bad input never raises out of here: each problem becomes an ``InputError`` with a message for the
person running the command, and the other inputs go on.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from pipeline.models import InputError
from pipeline.normalize import normalize_text

MAX_TEXT_BYTES = 5 * 1024 * 1024  # an article is a few kB; megabytes of "text" are not one
MAX_HTML_BYTES = 8 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_VIETNAMESE_LETTERS = re.compile("[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[^\W\d_]{2,}")
_HTML_HINT = re.compile(rb"<\s*(html|body|div|p|article|head)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawInput:
    source: str
    data: bytes

    @property
    def looks_like_html(self) -> bool:
        return self.source.lower().endswith(HTML_SUFFIXES) or bool(_HTML_HINT.search(self.data[:4096]))


def read_source(source: str) -> RawInput:
    """Bytes of a path, or of stdin for ``-``."""
    if source == "-":
        return RawInput("<stdin>", sys.stdin.buffer.read())
    path = Path(source)
    if not path.exists():
        raise InputError("no such file")
    if path.is_dir():
        raise InputError("is a directory")
    try:
        size = path.stat().st_size
        limit = MAX_HTML_BYTES if source.lower().endswith(HTML_SUFFIXES) else MAX_TEXT_BYTES
        if size > limit * 4:
            raise InputError(f"too large ({size / 1e6:.1f} MB); an article is far smaller")
        return RawInput(source, path.read_bytes())
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}") from error


def decode(data: bytes, declared: str | None = None) -> str:
    """Text of ``data``: BOM, then a declared charset, then UTF-8, then detection."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in (declared, "utf-8"):
        if not encoding:
            continue
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None:
        raise InputError("cannot tell its character encoding")
    return str(best)


def check_binary(data: bytes) -> None:
    if not data.strip():
        raise InputError("empty input")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16 text has NUL bytes by design
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("binary data, not text or HTML")
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    if control > len(head) * 0.05:
        raise InputError("binary data, not text or HTML")


def text_of(raw: RawInput) -> str:
    """Validated article text of a plain-text input."""
    check_binary(raw.data)
    if len(raw.data) > MAX_TEXT_BYTES:
        raise InputError(f"too large ({len(raw.data) / 1e6:.1f} MB of text); an article is far smaller")
    text = normalize_text(decode(raw.data))
    check_vietnamese(text)
    return text


def check_vietnamese(text: str) -> None:
    """Refuse text that is not Vietnamese: it cannot hold the records we look for."""
    if not text.strip():
        raise InputError("no text")
    words = _LATIN_WORD.findall(text[:20000])
    marked = len(_VIETNAMESE_LETTERS.findall(text[:20000]))
    if not words or marked < max(3, len(words) * 0.05):
        raise InputError("not Vietnamese text (no Vietnamese letters found)")
