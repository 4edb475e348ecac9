"""Sentences cut into pieces at clause separators, each with the mentions it holds.

A piece is the unit a rating statement is read from ("8 TCCSĐ đạt hoàn thành xuất sắc nhiệm vụ"),
and separators tell how pieces relate: a percent after ", chiếm" completes the piece before it,
"A và B hoàn thành tốt nhiệm vụ" shares one rating, "; " ends what was being listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from pipeline.mentions import Organization, Quantity, Term
from pipeline.normalize import fold

SEPARATORS = {";": ";", ",": ",", ":": ":", "(": "(", ")": ")", fold("và"): "và", fold("hoặc"): "và", "|": "|"}


@dataclass
class Piece:
    start: int
    end: int
    opened_by: str  # the separator before it: start, ";", ",", ":", "(", ")", "và", "|"
    depth: int  # parenthesis depth
    quantities: list[Quantity] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Term]:
        return [term for term in self.terms if term.kind == kind]

    @property
    def ratings(self) -> list[Term]:
        return self.of_kind("rating")

    @property
    def subjects(self) -> list[Term]:
        return self.of_kind("subject")

    def cues(self, *kinds: str) -> list[Term]:
        return [term for term in self.terms if term.kind == "cue" and (not kinds or term.value in kinds)]


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    start_char: int
    end_char: int
    pieces: list[Piece]


def split_sentences(doc: Doc) -> list[Sentence]:
    """Every sentence of ``doc`` with its pieces and the mentions inside each piece."""
    protected = _protected_tokens(doc)
    terms_by_start = _by_start(doc._.terms)
    quantities_by_start = {q.start: q for q in doc._.quantities}
    orgs_by_start = {org.start: org for org in doc._.organizations}
    sentences: list[Sentence] = []
    paragraph = 0
    previous_end_char = 0
    text = doc._.tokens.text
    for index, span in enumerate(sentence_spans(doc)):
        if "\n" in text[previous_end_char : span.start_char]:
            paragraph += 1
        previous_end_char = span.end_char
        pieces = _pieces(doc, span, protected)
        for piece in pieces:
            for i in range(piece.start, piece.end):
                piece.terms.extend(terms_by_start.get(i, ()))
                if i in quantities_by_start:
                    piece.quantities.append(quantities_by_start[i])
                if i in orgs_by_start:
                    piece.organizations.append(orgs_by_start[i])
        sentences.append(Sentence(index, paragraph, span.start, span.end, span.start_char, span.end_char, pieces))
    return sentences


def sentence_spans(doc: Doc) -> list[Span]:
    """Sentences from the sentence starts in one pass (``Doc.sents`` re-walks the doc per sentence)."""
    starts = doc._.sentence_starts or [0]
    return [doc[start:end] for start, end in zip(starts, [*starts[1:], len(doc)], strict=True)]


def _by_start(terms: list[Term]) -> dict[int, list[Term]]:
    grouped: dict[int, list[Term]] = {}
    for term in terms:
        grouped.setdefault(term.start, []).append(term)
    return grouped


def _protected_tokens(doc: Doc) -> set[int]:
    """Tokens inside a term, figure or name: a comma there ("trong sạch, vững mạnh") separates nothing."""
    protected: set[int] = set()
    for item in (*doc._.terms, *doc._.quantities, *doc._.organizations):
        protected.update(range(item.start + 1, item.end))
    return protected


def _pieces(doc: Doc, span: Span, protected: set[int]) -> list[Piece]:
    pieces: list[Piece] = []
    depth = 0
    start = span.start
    opened_by = "start"
    norms = doc._.tokens.norms
    for i in range(span.start, span.end):
        separator = SEPARATORS.get(norms[i])
        if separator is None or i in protected:
            continue
        if i > start:
            pieces.append(Piece(start, i, opened_by, depth))
        if separator == "(":
            depth += 1
        elif separator == ")":
            depth = max(0, depth - 1)
        start, opened_by = i + 1, separator
    if span.end > start:
        pieces.append(Piece(start, span.end, opened_by, depth))
    return pieces
