"""vnie_sentences: sentence starts from underthesea's splitter, line by line.

A line never continues a sentence of the line before (titles, table rows and captions are lines),
and a table row (cells joined by " | ") is one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

_INNER_STOP = re.compile(r"[.!?…]")


@lru_cache(maxsize=1)
def _splitter() -> Callable[[str], list[str]]:
    # Imported once: ``from underthesea import ...`` resolves a lazy attribute, slowly, on every call.
    from underthesea.pipeline.sent_tokenize import sent_tokenize

    return sent_tokenize


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
    tokens = doc._.tokens
    char_starts = sentence_starts(tokens.text)
    token_starts = []
    pointer = 0
    for index, offset in enumerate(tokens.starts):
        is_start = index == 0
        while pointer < len(char_starts) and char_starts[pointer] <= offset:
            is_start = True
            pointer += 1
        if is_start:
            token_starts.append(index)
    doc._.sentence_starts = token_starts
    return doc
