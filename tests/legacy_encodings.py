"""Writing Vietnamese in the legacy encodings the cleaner must read (for tests)."""

from __future__ import annotations

import unicodedata

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """windows-1258 as Vietnamese pages wrote it: â ê ô ă ơ ư precomposed, tones as combining marks
    unless the code page has the toned letter itself."""
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and char not in _TONES and letters:
            base = -2 if letters[-1] in _TONES and len(letters) > 1 else -1  # "ộ" is o + dot + hat in NFD
            letters[base] = unicodedata.normalize("NFC", letters[base] + char)
        else:
            letters.append(char)
    out: list[str] = []
    for char in letters:
        if char in _TONES and out:
            composed = unicodedata.normalize("NFC", out[-1] + char)
            if len(composed) == 1:
                try:
                    composed.encode("cp1258")
                except UnicodeEncodeError:
                    pass
                else:
                    out[-1] = composed
                    continue
        out.append(char)
    return "".join(out).encode("cp1258")
