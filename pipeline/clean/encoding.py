"""Bytes of an HTML page -> Unicode text (NFC), the way a browser would read it, plus Vietnamese legacies.

Order: byte-order mark, the HTTP ``Content-Type`` charset, ``<meta charset>`` / ``http-equiv`` (or the
XML declaration), then UTF-8, then detection by charset-normalizer. Two Vietnamese twists:

* servers often *declare* Latin-1 while sending UTF-8, so a Latin declaration loses to valid UTF-8;
* pages from the 1990s-2000s carry Vietnamese in *font encodings* (TCVN3/ABC with ``.VnTime`` fonts,
  VNI with ``VNI-Times``): the bytes are Latin-1, the letters only look Vietnamese in that font. Such
  text is recognised and converted; ``DecodedPage.legacy`` says which one was found.

windows-1258 writes tones as combining marks; every result is NFC so it matches precomposed text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from pipeline.models import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([-\w.:]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_LEGACY_FONT = re.compile(rb"""face\s*=\s*["']?\s*(\.vn|vni[- ])|font-family\s*:[^;"'>]{0,40}(\.vn|vni[- ])""", re.I)
_HEAD_BYTES = 200_000  # where <meta charset> may be looked for (pages with huge inline CSS put it late)

# WHATWG: labels that browsers treat as windows-1252; Python spellings of the others.
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252", "x-cp1252": "cp1252",
    "utf8": "utf-8", "unicode": "utf-8", "utf-8": "utf-8", "windows-1258": "cp1258", "x-cp1258": "cp1258",
    "tcvn": "tcvn3", "tcvn3": "tcvn3", "tcvn-3": "tcvn3", "tcvn5712": "tcvn3", "tcvn-5712": "tcvn3",
    "x-viet-tcvn5712": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3", "vni": "vni", "x-viet-vni": "vni",
}  # fmt: skip
_LATIN = {"cp1252", "latin-1", "iso8859-1"}

# TCVN 5712:1993 (the TCVN3/ABC font encoding uses its 0xA0-0xFF half): bytes 0x80-0xFF -> Unicode.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# Only the 0xA1-0xFF half is used by TCVN3 font text; 0x80-0x9F would clash with cp1252 punctuation.
_TCVN3_TABLE = {0xA0 + i: ch for i, ch in enumerate(_TCVN3_HIGH[0x20:]) if i}
# Letters that TCVN3 text is full of and that Western text almost never uses: ¸ µ ¶ · ¹ ® © ¨ « ¬ § ­.
_TCVN3_MARKERS = re.compile("[\u00b8\u00b5\u00b6\u00b7\u00b9\u00ae\u00a9\u00a8\u00ab\u00ac\u00a7\u00ad\u00aa]")

# VNI: a base letter followed by a Latin-1 letter standing for the marks (built in ``_vni_table``).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}
_VNI_MARKERS = re.compile("[aeouyAEOUYôöÔÖ][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]")
_VIETNAMESE = re.compile("[ăđĩũơưĂĐĨŨƠƯ\u1ea0-\u1ef9]")  # letters no Latin-1 text holds
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """Text of a page and how it was read (for logs and the ``vnie clean`` report)."""

    text: str
    encoding: str
    declared: str | None = None
    legacy: str | None = None  # "tcvn3" or "vni" when font-encoded Vietnamese was converted


def decode_html(data: bytes, content_type: str | None = None) -> DecodedPage:
    """NFC text of an HTML page; raises ``InputError`` when no encoding reads it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _finish(data[3:].decode("utf-8", errors="replace"), "utf-8", "bom")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _finish(data.decode("utf-16", errors="replace"), "utf-16", "bom")
    declared = charset_of_content_type(content_type) or charset_of_markup(data)
    codec = _codec(declared)
    if codec == "utf-8" or codec in _LATIN or codec is None:
        text = _utf8(data)
        if text is not None:
            return _finish(text, "utf-8", declared)
    if codec in ("tcvn3", "vni"):
        return _finish(data.decode("cp1252", errors="replace"), "cp1252", declared, force=codec)
    if codec is not None:
        try:
            return _finish(data.decode(codec), codec, declared)
        except (UnicodeDecodeError, LookupError):
            pass
    latin = data.decode("cp1252", errors="replace")
    legacy = legacy_font_encoding(latin)  # font-encoded Vietnamese is Latin-1 bytes: detection would misread it
    if legacy:
        return _finish(latin, "cp1252", declared, force=legacy)
    best = from_bytes(data[: _HEAD_BYTES * 5], cp_isolation=["utf_8", "cp1258", "cp1252", "utf_16"]).best()
    if best is None or best.encoding is None:
        raise InputError("cannot tell its character encoding")
    return _finish(data.decode(best.encoding, errors="replace"), best.encoding, declared)


def charset_of_content_type(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def charset_of_markup(data: bytes) -> str | None:
    """Charset named by ``<meta charset>``, ``<meta http-equiv=Content-Type>`` or the XML declaration."""
    head = data[:_HEAD_BYTES]
    match = _XML_ENCODING.search(head[:200]) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace").lower() if match else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _ALIASES:
        return _ALIASES[label]
    try:
        import codecs

        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf8(data: bytes) -> str | None:
    """UTF-8 text, tolerating a cut in the last bytes (truncated downloads) and rare stray bytes."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start >= len(data) - 3:
            return data.decode("utf-8", errors="replace")
        sample = data[: 1 << 20]
        bad = sample.decode("utf-8", errors="replace").count("\ufffd")
        high = sum(1 for byte in sample if byte >= 0x80)
        if high and bad / high < 0.01:
            return data.decode("utf-8", errors="replace")
        return None


def _finish(text: str, encoding: str, declared: str | None, force: str | None = None) -> DecodedPage:
    # valid UTF-8 holding Vietnamese letters cannot be font-encoded text (those bytes are not UTF-8)
    unicode_vietnamese = encoding == "utf-8" and bool(_VIETNAMESE.search(text, 0, 60_000))
    legacy = force or (None if unicode_vietnamese else legacy_font_encoding(text))
    if legacy == "tcvn3":
        text = tcvn3_to_unicode(text)
    elif legacy == "vni":
        text = vni_to_unicode(text)
    return DecodedPage(nfc(text), encoding, declared, legacy)


NFC_PIECE = 1024  # characters of markup normalized at a time (see ``nfc``)


def nfc(text: str) -> str:
    """``unicodedata.normalize("NFC", text)``, piece by piece: a page holding one decomposed letter costs
    the full normalization of one piece, not of the whole page (the quick check passes the others).

    The pieces are cut before a ``<``: an ASCII character is a starter that never composes with what
    precedes it, so no reordering or composition crosses the cut and the joined pieces are the
    normalization of the whole (Unicode's "stable code points", UAX #15)."""
    if len(text) <= NFC_PIECE:
        return unicodedata.normalize("NFC", text)
    pieces = []
    start, size = 0, len(text)
    while start < size:
        cut = text.find("<", start + NFC_PIECE)
        if cut < 0:
            cut = size
        pieces.append(unicodedata.normalize("NFC", text[start:cut]))
        start = cut
    return "".join(pieces)


def legacy_font_encoding(text: str) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when the text is Vietnamese typed in a legacy font encoding, else None."""
    sample = _visible(text[:60_000])
    words = _WORD.findall(sample)
    if len(words) < 20 or len(_VIETNAMESE.findall(sample)) > len(words) * 0.05:
        return None
    fonts = bool(_LEGACY_FONT.search(text[:60_000].encode("latin-1", errors="ignore")))
    tcvn = sum(1 for word in words if _TCVN3_MARKERS.search(word)) / len(words)
    vni = sum(1 for word in words if _VNI_MARKERS.search(word) or "ñ" in word or "Ñ" in word) / len(words)
    threshold = 0.08 if fonts else 0.15
    if tcvn >= threshold and tcvn >= vni:
        return "tcvn3"
    if vni >= threshold:
        return "vni"
    return None


def _visible(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", html)
    return re.sub(r"<[^>]*>", " ", html)


def tcvn3_to_unicode(text: str) -> str:
    """Text typed with a TCVN3 (ABC, ``.VnTime``) font, read as Latin-1, back to Unicode."""
    return text.translate(_TCVN3_TABLE)


def vni_to_unicode(text: str) -> str:
    """Text typed with a VNI font (``VNI-Times``), read as Latin-1, back to Unicode (one pass, so a
    converted "ô" is not converted again into "ơ")."""
    return _VNI_SEQUENCE.sub(lambda match: _VNI_TABLE[match.group(0)], text)


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
    for code, base in bases.items():
        combos = dict(_VNI_TONES)
        if base in "aeo":
            combos.update({mark: "\u0302" + tone for mark, tone in _VNI_HAT.items()})
        if base == "a":
            combos.update({mark: "\u0306" + tone for mark, tone in _VNI_BREVE.items()})
        for mark, combining in combos.items():
            composed = unicodedata.normalize("NFC", base + combining)
            table[code + mark] = composed
            table[code.upper() + mark.upper()] = composed.upper()
            table[code.upper() + mark] = composed.upper()
    for code, letter in _VNI_SINGLE.items():
        table[code] = letter
        table[code.upper()] = letter.upper()
    return table


_VNI_TABLE = _vni_table()
_VNI_SEQUENCE = re.compile("|".join(re.escape(key) for key in sorted(_VNI_TABLE, key=len, reverse=True)))
