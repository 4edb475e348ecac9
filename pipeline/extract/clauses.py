"""Sentences cut into pieces at clause separators, each with the mentions it holds.

A piece is the unit a rating statement is read from ("8 TCCSĐ đạt hoàn thành xuất sắc nhiệm vụ"),
and separators tell how pieces relate: a percent after ", chiếm" completes the piece before it,
"A và B hoàn thành tốt nhiệm vụ" shares one rating, "; " ends what was being listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.extract.mentions import Organization, Quantity, Term
from pipeline.extract.tokens import TokenTable
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
        if not any(term.kind == "cue" for term in self.terms):
            return []
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
    """Every sentence of ``doc`` with its pieces and the mentions inside each piece.

    Only sentences holding a figure are cut into pieces; any other sentence is one piece (it can
    still carry a subject, a scope or a year to the next ones).
    """
    tokens: TokenTable = doc._.tokens
    protected = _protected_tokens(doc)
    terms_by_start = _by_start(doc._.terms)
    quantities_by_start = {q.start: q for q in doc._.quantities}
    orgs_by_start = {org.start: org for org in doc._.organizations}
    starts = doc._.sentence_starts or [0]
    sentences: list[Sentence] = []
    paragraph = 0
    previous_end_char = 0
    for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(tokens)], strict=True)):
        if end <= start:
            continue
        start_char, end_char = tokens.starts[start], tokens.end_char(end - 1)
        if "\n" in tokens.text[previous_end_char:start_char]:
            paragraph += 1
        previous_end_char = end_char
        while previous_end_char > start_char and tokens.text[previous_end_char - 1].isspace():
            previous_end_char -= 1  # a sentence's span can end with the blank line after it
        has_figure = any(i in quantities_by_start for i in range(start, end)) or "|" in tokens.texts[start:end]
        pieces = _pieces(tokens, start, end, protected) if has_figure else [Piece(start, end, "start", 0)]
        for piece in pieces:
            for i in range(piece.start, piece.end):
                if i in terms_by_start:
                    piece.terms.extend(terms_by_start[i])
                if i in quantities_by_start:
                    piece.quantities.append(quantities_by_start[i])
                if i in orgs_by_start:
                    piece.organizations.append(orgs_by_start[i])
        sentences.append(Sentence(index, paragraph, start, end, start_char, end_char, pieces))
    return sentences


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


def _pieces(tokens: TokenTable, start: int, end: int, protected: set[int]) -> list[Piece]:
    pieces: list[Piece] = []
    depth = 0
    opened_by = "start"
    norms = tokens.norms
    piece_start = start
    for i in range(start, end):
        separator = SEPARATORS.get(norms[i])
        if separator is None or i in protected:
            continue
        if i > piece_start:
            pieces.append(Piece(piece_start, i, opened_by, depth))
        if separator == "(":
            depth += 1
        elif separator == ")":
            depth = max(0, depth - 1)
        piece_start, opened_by = i + 1, separator
    if end > piece_start:
        pieces.append(Piece(piece_start, end, opened_by, depth))
    return pieces
