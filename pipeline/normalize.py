"""Vietnamese text normalization.

Two different jobs live here:

* ``normalize_text`` makes the text we keep (NFC, no NBSP or zero-width characters) so that
  offsets of evidence point into exactly what is stored;
* ``fold`` makes a *matching key* of the same length: lower case, ``Ð``/``Đ`` unified and the tone
  mark of ``oa``/``oe``/``uy`` put on one fixed vowel, so "hòa"/"hoà", "Hóa"/"Hoá", "thủy"/"thuỷ"
  match while every output keeps the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000\t"), " "
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_NEWLINES = re.compile(r"\r\n?|\u2028|\u2029|\x0b|\x0c")
_LINE_ENDS = ("\r", "\u2028", "\u2029", "\x0b", "\x0c")  # what _NEWLINES can match first

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Clusters whose tone is written on either vowel: old style "hòa", new style "hoà".
_CLUSTERS = ("oa", "oe", "uy")
_WORD = re.compile(r"[^\W\d_]+")


_CLEAN_UP = {**_SPACES, **_INVISIBLE}
_NEEDS_CLEAN_UP = re.compile("[" + "".join(map(chr, _CLEAN_UP)) + "]")


def normalize_text(text: str) -> str:
    """NFC, ordinary spaces for NBSP and friends, invisible characters removed, ``\\n`` line ends."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if any(end in text for end in _LINE_ENDS):  # str.__contains__ scans far faster than the regex
        text = _NEWLINES.sub("\n", text)
    return text.translate(_CLEAN_UP) if _NEEDS_CLEAN_UP.search(text) else text


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Matching key of one syllable; same length as ``word`` when ``word`` is NFC."""
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in word)
    lowered = lowered.replace("ð", "đ")
    decomposed = unicodedata.normalize("NFD", lowered)
    tone = next((ch for ch in decomposed if ch in _TONES), None)
    if tone is None:
        return lowered
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if not any(cluster in base for cluster in _CLUSTERS):
        return lowered
    if len(base) != len(lowered):
        return lowered
    for cluster in _CLUSTERS:
        at = base.find(cluster)
        if at < 0:
            continue
        # "qu" + "y" is not the cluster: "quý" keeps its mark on y anyway.
        tone_on = at + 1
        toned = base[:tone_on] + unicodedata.normalize("NFC", base[tone_on] + tone) + base[tone_on + 1 :]
        return toned if len(toned) == len(lowered) else lowered
    return lowered


def fold(text: str) -> str:
    """Length-preserving matching key of a whole text (see module docstring)."""
    text = text.replace("Ð", "Đ").replace("ð", "đ")
    return _WORD.sub(lambda match: fold_word(match.group(0)), text)


@lru_cache(maxsize=131072)
def fold_token(text: str) -> str:
    """``fold`` of one token, cached: a vocabulary repeats far more than it grows."""
    return fold(text)


@lru_cache(maxsize=131072)
def key(text: str) -> str:
    """Comparison key for names: NFC, folded, spaces collapsed."""
    return " ".join(fold(normalize_text(text)).split())


def same_name(left: str, right: str) -> bool:
    return key(left) == key(right)
