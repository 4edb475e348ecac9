"""vnie_sentences: sentence starts from underthesea's splitter, line by line.

A line never continues a sentence of the line before (titles, table rows and captions are lines),
and a table row (cells joined by " | ") is one sentence.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def sentence_starts(text: str) -> list[int]:
    """Character offsets where sentences start."""
    from underthesea import sent_tokenize

    starts: list[int] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            if " | " in line:
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


@Language.component("vnie_sentences", assigns=["token.is_sent_start", "doc._.sentence_starts"])
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
    for index in token_starts:  # the other tokens stay "unknown", which Doc.sents reads as "not a start"
        doc[index].is_sent_start = True
    doc._.sentence_starts = token_starts
    return doc
