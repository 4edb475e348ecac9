"""Rating statements read from the pieces of each sentence: which figure goes with which rating.

The general structures, none fitted to one article:
* "8 TCCSĐ đạt HTXSNV, chiếm 23,5%": figure, subject, rating, and a percent completing it;
* "710 đảng viên HTXSNV; 3.420 HTTNV": the subject carries over to later pieces;
* "91,4% TCCS Đảng và 98% đảng viên hoàn thành tốt nhiệm vụ": one rating for two subjects;
* "hoàn thành tốt nhiệm vụ 46 chi bộ bằng 17,69%", "Đảng viên HTTNV là 6.999 đồng chí": rating first;
* "X hoàn thành tốt nhiệm vụ, trong đó Y hoàn thành xuất sắc": X is "hoàn thành tốt nhiệm vụ trở lên";
* "không có TCCSĐ nào không hoàn thành nhiệm vụ": zero.
Figures that are targets, changes, comparisons, coverage of reviews, admissions, multi-year
commendations, or that count something else ("01 nhiệm vụ HTXS") are not read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from pipeline.extract.clauses import Piece, Sentence
from pipeline.extract.mentions import Quantity, Term
from pipeline.extract.tokens import TokenTable
from pipeline.extract.vocabulary import (
    CHANGE,
    COMPARE,
    COUNT_FILLERS,
    CUMULATIVE,
    DANG_VIEN,
    EVALUATED,
    EVERY_YEAR,
    FIGURE_FOLLOWERS,
    HTT,
    HTT_UP,
    HTXS,
    MULTIYEAR,
    NOT_CANONICAL,
    PIECE_CUES,
    SHARE,
    TARGET,
    TOTAL,
)
from pipeline.normalize import fold

_FILLERS = [tuple(fold(phrase).split()) for phrase in sorted(COUNT_FILLERS, key=lambda p: -len(p.split()))]
_FOLLOWERS = {tuple(fold(phrase).split()) for phrase in FIGURE_FOLLOWERS}
_QUOTES = {'"', "“", "”", "'", "‘", "’", "«", "»"}
_PUNCTUATION = {",", ";", ".", ":", ")", "(", "!", "?", "|", "-", "–", "…", "..."}
_PERSON_UNITS = ("đồng chí", "đ/c")
_LEADING_WORDS = {tuple(fold(words).split()) for words in ("tỉ lệ", "tỷ lệ", "số")}
_HAVING = {fold(word) for word in ("có", "gồm", "với", "tổng", "cộng", "ở", "trong")}


@dataclass
class Draft:
    """A rating statement being assembled; becomes a RatingRecord once scope, year and total are known."""

    sentence: Sentence
    rating: str
    rating_term: Term
    subject: str | None = None
    count: Quantity | None = None
    percent: Quantity | None = None
    fraction_total: int | None = None
    start_char: int = 0
    end_char: int = 0
    anchor: int = 0  # token position used to look for year and scope
    subject_carried: bool = False
    shared: bool = False

    def extend(self, start_char: int, end_char: int) -> None:
        self.start_char = min(self.start_char, start_char) if self.end_char else start_char
        self.end_char = max(self.end_char, end_char)

    @property
    def has_figure(self) -> bool:
        return self.count is not None or self.percent is not None


@dataclass(frozen=True, slots=True)
class TotalStatement:
    """ "có 34 TCCSĐ", "hiện có 5.560 đảng viên": a denominator, not a record."""

    subject: str
    value: int
    sentence: Sentence
    position: int


@dataclass
class Reading:
    drafts: list[Draft] = field(default_factory=list)
    totals: list[TotalStatement] = field(default_factory=list)


@dataclass
class _SentenceState:
    """What reading one sentence carries from piece to piece."""

    sentence: Sentence
    excluded: set[int]
    drafts: list[Draft] = field(default_factory=list)
    pending: list[tuple[Piece, list[Quantity], str]] = field(default_factory=list)  # figure + subject, no rating
    last_subject: str | None = None


class SentenceReader:
    """Reads the drafts and total statements of the sentences of one Doc."""

    def __init__(self, doc: Doc) -> None:
        tokens: TokenTable = doc._.tokens
        self.texts, self.norms, self.starts = tokens.texts, tokens.norms, tokens.starts
        self.term_at: dict[int, list[Term]] = {}
        for term in doc._.terms:
            self.term_at.setdefault(term.start, []).append(term)

    def read(self, sentences: list[Sentence]) -> Reading:
        reading = Reading()
        carried_subject: str | None = None
        paragraph = -1
        for sentence in sentences:
            if sentence.paragraph != paragraph:
                paragraph, carried_subject = sentence.paragraph, None
            carried_subject = self._sentence(sentence, reading, carried_subject)
        return reading

    # --- one sentence ----------------------------------------------------------------------------
    def _sentence(self, sentence: Sentence, reading: Reading, carried: str | None) -> str | None:
        if not any(piece.quantities for piece in sentence.pieces):
            # No figure, no statement: the sentence only passes on the subject it names last.
            subjects = [term.value for piece in sentence.pieces if not piece.depth for term in piece.subjects]
            return subjects[-1] if subjects else carried
        state = _SentenceState(sentence, self._excluded_positions(sentence), last_subject=carried)
        noted = len(reading.totals)
        for piece in sentence.pieces:
            self._piece(piece, state, reading)
        self._cumulative(sentence, state.drafts)
        used = {draft.count.start for draft in state.drafts if draft.count is not None}
        reading.totals[noted:] = [total for total in reading.totals[noted:] if total.position not in used]
        reading.drafts.extend(state.drafts)
        return state.last_subject

    def _piece(self, piece: Piece, state: _SentenceState, reading: Reading) -> None:
        figures = [q for q in piece.quantities if q.start not in state.excluded and self._counts_ours(q, piece)]
        subject_term = self._subject_term(piece, figures)
        subject = subject_term.value if subject_term else None
        ratings = [term for term in piece.ratings if term.value != NOT_CANONICAL]
        not_ours = any(term.value == NOT_CANONICAL for term in piece.ratings)
        if subject is not None and not piece.depth:
            state.last_subject = subject  # a breakdown in parentheses does not change the subject
        if piece.opened_by in (";", "|") or piece.cues(CUMULATIVE):
            state.pending = []
        if not_ours and all(term.value == EVALUATED for term in ratings):
            # "hoàn thành nhiệm vụ trở lên", or "được đánh giá, xếp loại" followed by it: not a level of ours
            state.pending = []
        elif not ratings:
            self._unrated_piece(piece, figures, subject, state, reading)
        else:
            self._rated_piece(piece, ratings, figures, subject_term, state)

    def _unrated_piece(
        self, piece: Piece, figures: list[Quantity], subject: str | None, state: _SentenceState, reading: Reading
    ) -> None:
        """Figures that complete the statement before, wait for a rating, or state a total."""
        if self._completes(piece, figures, state.drafts):
            return
        if state.pending and piece.depth and figures and not subject and all(f.is_percent for f in figures):
            state.pending[-1][1].extend(figures)  # "có 39 TCCSĐ (chiếm 84,78%)": the share of what precedes
        elif figures and subject is not None:
            self._note_totals(piece, figures, state.sentence, reading, state.excluded)
            state.pending.append((piece, figures, subject))
        elif figures:
            state.pending = []

    def _rated_piece(
        self, piece: Piece, ratings: list[Term], figures: list[Quantity], subject_term: Term | None,
        state: _SentenceState,
    ) -> None:  # fmt: skip
        rating = ratings[-1] if ratings[0].value == EVALUATED else ratings[0]  # "được xếp loại HTXSNV"
        if not figures and subject_term is None and state.pending and piece.opened_by in (")", ","):
            _, figures, adopted = state.pending.pop()  # "có 39 TCCSĐ (chiếm 84,78%) hoàn thành tốt nhiệm vụ"
            subject_term = next((t for t in state.sentence.subjects if t.value == adopted), None)
        draft = self._draft(state.sentence, rating, figures, subject_term, state.last_subject)
        if draft is None:
            return
        if draft.subject is not None:
            state.last_subject = draft.subject
        state.drafts.extend(self._sharing(state.pending, piece, draft))
        state.drafts.append(draft)
        state.pending = []

    # --- exclusions --------------------------------------------------------------------------------
    def _excluded_positions(self, sentence: Sentence) -> set[int]:
        """Token positions of figures that are not results: targets, comparisons, coverage, multi-year."""
        excluded: set[int] = set()
        tokens = range(sentence.start, sentence.end)
        semicolons = [i for i in tokens if self.texts[i] == ";"]
        closing = [i for i in tokens if self.texts[i] == ")"]
        either = sorted((*semicolons, *closing))

        def first_after(positions: list[int], start: int) -> int:
            after = bisect_right(positions, start)
            return positions[after] if after < len(positions) else sentence.end

        for piece in sentence.pieces:
            for cue in piece.cues(TARGET):
                stop = first_after(closing, cue.start) if piece.depth else sentence.end
                excluded.update(range(cue.start, stop))
            for cue in piece.cues(COMPARE):
                excluded.update(range(cue.start, first_after(either, cue.start)))
            for cue in piece.cues(MULTIYEAR):
                before = bisect_left(semicolons, cue.start)
                begin = semicolons[before - 1] if before else sentence.start
                excluded.update(range(begin, first_after(semicolons, cue.start)))
        for index, piece in enumerate(sentence.pieces):
            if piece.cues(*PIECE_CUES):
                group = [piece]
                if index and piece.opened_by == "và":
                    group.append(sentence.pieces[index - 1])
                if index + 1 < len(sentence.pieces) and sentence.pieces[index + 1].opened_by == "và":
                    group.append(sentence.pieces[index + 1])
                for member in group:
                    excluded.update(range(member.start, member.end))
            for quantity in piece.quantities:
                if self._after_change(quantity):
                    excluded.add(quantity.start)
        return excluded

    def _after_change(self, quantity: Quantity) -> bool:
        for back in (1, 2, 3):
            i = quantity.start - back
            if i < 0 or self.texts[i] in _PUNCTUATION:
                return False
            if any(term.kind == "cue" and term.value == CHANGE for term in self.term_at.get(i, ())):
                return True
        return False

    # --- what a figure counts ------------------------------------------------------------------------
    def _counts_ours(self, quantity: Quantity, piece: Piece) -> bool:
        """False when the word after the figure names something that is not ours ("01 nhiệm vụ")."""
        if quantity.kind == "ratio":
            return False
        i = self._skip_fillers(quantity.end)
        if i >= piece.end or i >= len(self.texts):
            return True
        if self.texts[i] in _PUNCTUATION or self.texts[i] in _QUOTES:
            return True
        for term in self.term_at.get(i, ()):
            if term.kind in ("subject", "rating", "unit"):
                return True
            if term.kind == "not_subject":
                return False
            if term.kind == "cue" and term.value in (SHARE, CUMULATIVE, TOTAL, CHANGE, COMPARE):
                return True
        for size in (2, 1):
            if tuple(self.norms[i : i + size]) in _FOLLOWERS:
                return True
        return any("0" <= ch <= "9" for ch in self.texts[i])

    def _skip_fillers(self, i: int) -> int:
        while i < len(self.texts) and self.texts[i] in _QUOTES:
            i += 1
        for filler in _FILLERS:
            if tuple(self.norms[i : i + len(filler)]) == filler:
                return i + len(filler)
        return i

    def _subject_term(self, piece: Piece, figures: list[Quantity]) -> Term | None:
        """The subject a figure counts: the one right after it, else the first of the piece."""
        subjects = piece.subjects
        for figure in figures:
            i = self._skip_fillers(figure.end)
            after = next((term for term in subjects if term.start == i), None)
            if after is not None:
                return after
        return subjects[0] if subjects else None

    def _unit_after(self, quantity: Quantity) -> str | None:
        i = self._skip_fillers(quantity.end)
        return next((term.value for term in self.term_at.get(i, ()) if term.kind == "unit"), None)

    # --- building drafts -----------------------------------------------------------------------------
    def _draft(
        self, sentence: Sentence, rating: Term, figures: list[Quantity], subject: Term | None,
        last_subject: str | None,
    ) -> Draft | None:  # fmt: skip
        if rating.value == EVALUATED and not self._evaluated_follows_count(rating, figures):
            return None
        draft = Draft(sentence, rating.value, rating, anchor=rating.start)
        draft.extend(rating.start_char, rating.end_char)
        counts = [q for q in figures if not q.is_percent]
        percents = [q for q in figures if q.is_percent]
        if counts:
            draft.count = counts[0]
            draft.fraction_total = counts[0].total if counts[0].kind == "fraction" else None
            draft.extend(counts[0].start_char, counts[0].end_char)
            draft.anchor = counts[0].start
        if percents:
            draft.percent = percents[0]
            draft.extend(percents[0].start_char, percents[0].end_char)
            draft.anchor = min(draft.anchor, percents[0].start) if counts else percents[0].start
        if subject is not None:
            draft.subject = subject.value
            draft.extend(*self._leading_words(subject))
        else:
            draft.subject, draft.subject_carried = last_subject, True
            if last_subject is None and draft.count is not None and self._unit_after(draft.count) in _PERSON_UNITS:
                draft.subject = DANG_VIEN  # "1.321 đồng chí": comrades are party members
        return draft

    def _leading_words(self, term: Term) -> tuple[int, int]:
        """Include "tỉ lệ", "số" right before a subject in the evidence ("tỉ lệ đảng viên ...")."""
        i = term.start
        for back in (2, 1):
            if i - back >= 0 and tuple(self.norms[i - back : i]) in _LEADING_WORDS:
                return self.starts[i - back], term.end_char
        return term.start_char, term.end_char

    def _evaluated_follows_count(self, rating: Term, figures: list[Quantity]) -> bool:
        """ "662 TCCSĐ được đánh giá": the count of what was evaluated needs a figure right before."""
        for quantity in figures:
            i = self._skip_fillers(quantity.end)
            while i < rating.start:
                terms = self.term_at.get(i, ())
                noun = next((t for t in terms if t.kind in ("subject", "unit")), None)
                if noun is None:
                    break
                i = noun.end
            if i == rating.start:
                return True
        return False

    def _completes(self, piece: Piece, figures: list[Quantity], drafts: list[Draft]) -> bool:
        """ ", chiếm 23,5%", "(tỷ lệ 94,3%)", ": 1.412 đồng chí" completing the statement before."""
        if not drafts or not figures or piece.subjects or piece.opened_by in (";", "và", "start", "|"):
            return False
        last = drafts[-1]
        first_norm = self.norms[piece.start]
        opens_with_share = any(term.start == piece.start for term in piece.cues(SHARE))
        figure = figures[0]
        introduced = opens_with_share or piece.opened_by == "(" or figure.start == piece.start
        if figure.is_percent and last.percent is None and (introduced or first_norm == fold("là")):
            last.percent = figure
            last.extend(figure.start_char, figure.end_char)
            return True
        if not figure.is_percent and last.count is None and piece.opened_by == "(" and last.percent is not None:
            last.count = figure  # "15,6% tổ chức cơ sở đảng HTXSNV (10/64 tổ chức)"
            last.fraction_total = figure.total if figure.kind == "fraction" else None
            last.extend(figure.start_char, figure.end_char)
            return True
        if not figure.is_percent and last.count is None and last.percent is None and piece.opened_by == ":":
            last.count = figure
            last.fraction_total = figure.total if figure.kind == "fraction" else None
            last.extend(figure.start_char, figure.end_char)
            for extra in figures[1:2]:
                if extra.is_percent:  # ": 12/48 (25%)"
                    last.percent = extra
                    last.extend(extra.start_char, extra.end_char)
            return True
        return figure.is_percent and (opens_with_share or piece.opened_by == "(")

    def _sharing(self, pending: list[tuple[Piece, list[Quantity], str]], piece: Piece, draft: Draft) -> list[Draft]:
        """Pieces "Q S và" before "Q S R" take the same rating."""
        if not pending or not draft.has_figure:
            return []
        joined_by_and = piece.opened_by == "và"
        own_kind = draft.percent is not None and draft.count is None
        shared: list[Draft] = []
        for _piece, figures, subject in pending:
            different = subject != draft.subject
            if not (joined_by_and or different):
                continue
            if not figures or figures[0].is_percent != own_kind:
                continue
            extra = Draft(draft.sentence, draft.rating, draft.rating_term, subject=subject, shared=True)
            figure = figures[0]
            if figure.is_percent:
                extra.percent = figure
            else:
                extra.count = figure
                extra.fraction_total = figure.total if figure.kind == "fraction" else None
            extra.anchor = figure.start
            extra.extend(figure.start_char, figure.end_char)
            extra.extend(draft.rating_term.start_char, draft.rating_term.end_char)
            shared.append(extra)
        return shared

    def _cumulative(self, sentence: Sentence, drafts: list[Draft]) -> None:
        """ "X hoàn thành tốt nhiệm vụ, trong đó Y hoàn thành xuất sắc nhiệm vụ": X counts both levels."""
        cues = sentence.cue_starts(CUMULATIVE)
        if not cues:
            return
        last_excellent: dict[str | None, int] = {}  # subject -> the last anchor of its HTXS statements
        for draft in drafts:
            if draft.rating == HTXS:
                last_excellent[draft.subject] = max(draft.anchor, last_excellent.get(draft.subject, -1))
        for draft in drafts:
            if draft.rating != HTT or draft.subject not in last_excellent:
                continue
            after = bisect_right(cues, draft.rating_term.start)  # the first "trong đó" after the rating
            if after < len(cues) and cues[after] <= last_excellent[draft.subject]:
                draft.rating = HTT_UP

    # --- totals ---------------------------------------------------------------------------------------
    def _note_totals(
        self, piece: Piece, figures: list[Quantity], sentence: Sentence, reading: Reading, excluded: set[int]
    ) -> None:
        having = any(self.norms[i] in _HAVING for i in range(piece.start, figures[0].start + 1))
        for figure in figures:
            if figure.kind != "count" or figure.approx or figure.start in excluded or piece.depth:
                continue
            i = self._skip_fillers(figure.end)
            noun = next((t for t in self.term_at.get(i, ()) if t.kind == "subject"), None)
            if noun is not None and having:
                reading.totals.append(TotalStatement(noun.value, int(figure.value), sentence, figure.start))


def last_every_year_cue(sentence: Sentence, position: int) -> int | None:
    """Token position of the last "hàng năm"/"nhiệm kỳ" before ``position`` in the sentence."""
    starts = sentence.cue_starts(EVERY_YEAR)
    before = bisect_left(starts, position)
    return starts[before - 1] if before else None
