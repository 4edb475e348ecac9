"""Sentences cut into pieces at clause separators, each with the mentions it holds.

A piece is the unit a rating statement is read from ("8 TCCSĐ đạt hoàn thành xuất sắc nhiệm vụ"),
and separators tell how pieces relate: a percent after ", chiếm" completes the piece before it,
"A và B hoàn thành tốt nhiệm vụ" shares one rating, "; " ends what was being listed.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import compress

from spacy.tokens import Doc

from pipeline.extract.components import ext
from pipeline.extract.mentions import Organization, Quantity, Term
from pipeline.extract.tokens import TokenTable
from pipeline.normalize import fold

BREAK = "\n\n"  # paragraphs are separated by a blank line (a line end alone ends a line: a title, a row)
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
    _cue_cache: dict[str, list[Term]] | None = field(default=None, repr=False)
    _kind_cache: dict[str, list[Term]] | None = field(default=None, repr=False)

    def of_kind(self, kind: str) -> list[Term]:
        """The piece's terms of one kind, in order (read-only: the lists are shared between calls; like
        ``cues``, read once the piece is filled, and sorted into kinds in one pass at the first read)."""
        by_kind = self._kind_cache if self._kind_cache is not None else self._by_kind()
        return by_kind.get(kind) or []

    @property
    def ratings(self) -> list[Term]:
        by_kind = self._kind_cache if self._kind_cache is not None else self._by_kind()
        return by_kind.get("rating") or []

    @property
    def subjects(self) -> list[Term]:
        by_kind = self._kind_cache if self._kind_cache is not None else self._by_kind()
        return by_kind.get("subject") or []

    def _by_kind(self) -> dict[str, list[Term]]:
        by_kind: dict[str, list[Term]] = {}
        for term in self.terms:
            by_kind.setdefault(term.kind, []).append(term)
        self._kind_cache = by_kind
        return by_kind

    def cues(self, *kinds: str) -> list[Term]:
        by_kind = self._cue_cache if self._cue_cache is not None else self._cues
        if not by_kind:
            return []
        if not kinds:
            return [term for terms in by_kind.values() for term in terms]
        if len(kinds) == 1:
            return by_kind.get(kinds[0], [])
        return sorted((term for kind in kinds for term in by_kind.get(kind, ())), key=lambda term: term.start)

    @property
    def has_cues(self) -> bool:
        return bool(self._cue_cache if self._cue_cache is not None else self._cues)

    @property
    def _cues(self) -> dict[str, list[Term]]:
        """By kind; read once the piece is filled (``split_sentences`` and ``tables.cells`` fill it first).
        Cached by hand: functools.cached_property takes a lock on every read before Python 3.12."""
        if self._cue_cache is None:
            by_kind: dict[str, list[Term]] = {}
            for term in self.terms:
                if term.kind == "cue":
                    by_kind.setdefault(term.value, []).append(term)
            self._cue_cache = by_kind
        return self._cue_cache


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    start_char: int
    end_char: int
    pieces: list[Piece]
    _cue_starts: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _subjects: list[Term] | None = field(default=None, repr=False)
    _piece_starts: list[int] | None = field(default=None, repr=False)
    _cued_pieces: list[Piece] | None = field(default=None, repr=False)

    def cue_starts(self, kind: str) -> list[int]:
        """Token positions of the sentence's cues of one kind, in order (worked out once per kind)."""
        starts = self._cue_starts.get(kind)
        if starts is None:
            starts = self._cue_starts[kind] = sorted(
                cue.start for piece in self.cued_pieces for cue in piece.cues(kind)
            )
        return starts

    @property
    def cued_pieces(self) -> list[Piece]:
        """The pieces holding any cue, in order (most pieces hold none)."""
        if self._cued_pieces is None:
            self._cued_pieces = [piece for piece in self.pieces if piece.has_cues]
        return self._cued_pieces

    @property
    def subjects(self) -> list[Term]:
        if self._subjects is None:
            self._subjects = [term for piece in self.pieces for term in piece.subjects]
        return self._subjects

    @property
    def piece_starts(self) -> list[int]:
        if self._piece_starts is None:
            self._piece_starts = [piece.start for piece in self.pieces]
        return self._piece_starts


def split_sentences(doc: Doc) -> list[Sentence]:
    """Every sentence of ``doc`` with its pieces and the mentions inside each piece.

    Only sentences holding a figure are cut into pieces; any other sentence is one piece (it can
    still carry a subject, a scope or a year to the next ones).
    """
    tokens: TokenTable = ext(doc, "tokens")
    protected = _protected_tokens(doc)
    # mentions in text order, handed to the pieces holding their first token
    terms = sorted(ext(doc, "terms"), key=lambda term: term.start)
    quantities = sorted(ext(doc, "quantities"), key=lambda quantity: quantity.start)
    orgs = sorted(ext(doc, "organizations"), key=lambda org: org.start)
    term_starts = [term.start for term in terms]
    quantity_starts = [quantity.start for quantity in quantities]
    org_starts = [org.start for org in orgs]
    starts = ext(doc, "sentence_starts") or [0]
    sentences: list[Sentence] = []
    paragraph = 0
    previous_end_char = 0
    for index, (start, end) in enumerate(zip(starts, [*starts[1:], len(tokens)], strict=True)):
        if end <= start:
            continue
        start_char, end_char = tokens.starts[start], tokens.end_char(end - 1)
        if BREAK in tokens.text[previous_end_char:start_char]:
            paragraph += 1
        last = end - 1
        while last > start and tokens.texts[last].isspace():  # the line end is a token of its own
            last -= 1
        previous_end_char = tokens.end_char(last)
        first_quantity = bisect_left(quantity_starts, start)
        has_figure = first_quantity < len(quantities) and quantity_starts[first_quantity] < end
        has_figure = has_figure or "|" in tokens.texts[start:end]
        pieces = _pieces(tokens, start, end, protected) if has_figure else [Piece(start, end, "start", 0)]
        for piece in pieces:
            piece.terms.extend(terms[bisect_left(term_starts, piece.start) : bisect_left(term_starts, piece.end)])
            piece.quantities.extend(
                quantities[bisect_left(quantity_starts, piece.start) : bisect_left(quantity_starts, piece.end)]
            )
            piece.organizations.extend(orgs[bisect_left(org_starts, piece.start) : bisect_left(org_starts, piece.end)])
        sentences.append(Sentence(index, paragraph, start, end, start_char, end_char, pieces))
    return sentences



def _protected_tokens(doc: Doc) -> set[int]:
    """Tokens inside a term, figure or name: a comma there ("trong sạch, vững mạnh") separates nothing."""
    protected: set[int] = set()
    for item in (*ext(doc, "terms"), *ext(doc, "quantities"), *ext(doc, "organizations")):
        if item.end - item.start > 1:  # a one-token item has no inside
            protected.update(range(item.start + 1, item.end))
    return protected


def _pieces(tokens: TokenTable, start: int, end: int, protected: set[int]) -> list[Piece]:
    pieces: list[Piece] = []
    depth = 0
    opened_by = "start"
    norms = tokens.norms
    piece_start = start
    for i in compress(range(start, end), map(SEPARATORS.__contains__, norms[start:end])):  # the separators
        if i in protected:
            continue
        separator = SEPARATORS[norms[i]]
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
