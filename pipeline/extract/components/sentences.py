"""vnie_sentences: sentence starts from underthesea's splitter, line by line.

A line never continues a sentence of the line before (titles, table rows and captions are lines),
and a table row (cells joined by " | ") is one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache, partial

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.components import ext, set_ext

_INNER_STOP = re.compile(r"[.!?…]")


@lru_cache(maxsize=1)
def _splitter() -> Callable[[str], list[str]]:
    # Imported once: ``from underthesea import ...`` resolves a lazy attribute, slowly, on every call.
    from underthesea.pipeline import sent_tokenize as module

    module._load_model()
    return partial(punkt_sentences, abbreviations=frozenset(module.sentence_tokenizer.abbrev_types))


_ENDS = re.compile(r"[.?!]")
_BLANKS = " \t\n\r"


def punkt_sentences(text: str, abbreviations: frozenset[str]) -> list[str]:
    """underthesea's ``sent_tokenize`` (its Punkt-style rules and abbreviations), the same sentences,
    visiting only the stops instead of every character in Python."""
    if not text or not text.strip():
        return []
    sentences: list[str] = []
    start = 0
    n = len(text)
    found = _ENDS.search(text)
    while found is not None:
        i = found.start()
        char = text[i]
        if char == ".":
            dot_end = i
            while dot_end < n and text[dot_end] == ".":
                dot_end += 1
            if dot_end - i >= 3:  # an ellipsis: a boundary at the end or before a capital
                after = dot_end
                while after < n and text[after] in " \t":
                    after += 1
                if after >= n or text[after].isupper():
                    sentence = text[start:dot_end].strip()
                    if sentence:
                        sentences.append(sentence)
                    while dot_end < n and text[dot_end] in _BLANKS:
                        dot_end += 1
                    start = dot_end
                found = _ENDS.search(text, dot_end)
                continue
            if (i > 0 and text[i - 1].isdigit() and i + 1 < n and text[i + 1].isdigit()) or _abbreviation(
                text, i, abbreviations
            ):
                found = _ENDS.search(text, i + 1)
                continue
        end = i + 1
        while end < n and text[end] in ".?!":
            end += 1
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        while end < n and text[end] in _BLANKS:
            end += 1
        start = end
        found = _ENDS.search(text, end)
    final = text[start:].strip()
    if final:
        sentences.append(final)
    return sentences


def _abbreviation(text: str, pos: int, abbreviations: frozenset[str]) -> bool:
    """The word before the full stop at ``pos`` (letters, digits and dots) is a known abbreviation."""
    first = pos - 1
    while first >= 0 and (text[first].isalnum() or text[first] == "."):
        first -= 1
    word = text[first + 1 : pos]
    return bool(word) and word.lower() in abbreviations


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start."""
    sent_tokenize = _splitter()
    starts: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            if " | " in line or not _INNER_STOP.search(line.rstrip()[:-1]):
                # a table row, or a line with no full stop inside it: one sentence (the splitter agrees)
                starts.append(offset + len(line) - len(line.lstrip()))
            else:
                cursor = 0
                for sentence in sent_tokenize(line):
                    found = line.find(sentence[:20], cursor)
                    if found < 0:
                        continue
                    starts.append(offset + found)
                    cursor = found + max(1, len(sentence) - 1)
        offset += len(line) + 1
    return starts


# Token.is_sent_start is not set: its setter re-checks the whole Doc each time (quadratic); the
# starts are kept as token indices instead.
@Language.factory("vnie_sentences_v1", assigns=["doc._.sentence_starts"], default_config={})
def make_sentence_splitter(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return split_sentences


def split_sentences(doc: Doc) -> Doc:
    tokens = ext(doc, "tokens")
    starts = tokens.starts
    # a sentence starts at the first token at or after its first character
    first_tokens = {bisect_left(starts, offset) for offset in sentence_starts(tokens.text)}
    if starts:
        first_tokens.add(0)
    set_ext(doc, "sentence_starts", sorted(index for index in first_tokens if index < len(starts)))
    return doc
