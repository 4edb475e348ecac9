"""Rating statements read from the pieces of each sentence: which figure goes with which rating.

The general structures, none fitted to one article:
* "8 TCCSĐ đạt HTXSNV, chiếm 23,5%": figure, subject, rating, and a percent completing it;
* "710 đảng viên HTXSNV; 3.420 HTTNV": the subject carries over to later pieces;
* "91,4% TCCS Đảng và 98% đảng viên hoàn thành tốt nhiệm vụ": one rating for two subjects;
* "hoàn thành tốt nhiệm vụ 46 chi bộ bằng 17,69%", "Đảng viên HTTNV là 6.999 đồng chí": rating first;
* "X hoàn thành tốt nhiệm vụ, trong đó Y hoàn thành xuất sắc": X is "hoàn thành tốt nhiệm vụ trở lên";
* "không có TCCSĐ nào không hoàn thành nhiệm vụ": zero;
* "tỷ lệ đảng viên HTXS là 14%, tổ chức cơ sở đảng là 20%": a rating left out for the second subject;
* "tỷ lệ TCCSĐ và đảng viên HTT trở lên lần lượt là 92% và 95%": figures paired with subjects in order;
* "3 Phó Chủ tịch UBND huyện", "12 đồng chí", "5 đảng bộ xã": posts, people and bodies as what is counted.
Figures that are targets, changes, comparisons, coverage of reviews, admissions, multi-year
commendations, commendations and emulation titles, vote shares, ranges, or that count something
else ("01 nhiệm vụ HTXS", "100% tổ chức đảng") are not read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc

from pipeline.extract.clauses import Piece, Sentence
from pipeline.extract.components import ext
from pipeline.extract.mentions import Quantity, Term, YearMention
from pipeline.extract.tokens import TokenTable
from pipeline.extract.vocabulary import (
    ACHIEVED,
    CB_LDQL,
    CHANGE,
    COMMEND,
    COMPARE,
    COUNT_FILLERS,
    CQ_DV,
    CUMULATIVE,
    DANG_VIEN,
    EVALUATED,
    EVERY_YEAR,
    FIGURE_FOLLOWERS,
    HTNV,
    HTT,
    HTT_UP,
    HTXS,
    MULTIYEAR,
    NOT_CANONICAL,
    NOUN_TARGETS,
    PERSON_SUBJECTS,
    PERSON_UNITS,
    PIECE_CUES,
    PLAN_AHEAD,
    RESPECTIVELY,
    SHARE,
    TARGET,
    TOTAL,
    TSVM,
    TSVM_TB,
    TT_LDQL,
    VOTE,
)
from pipeline.normalize import fold

_FILLERS = [tuple(fold(phrase).split()) for phrase in sorted(COUNT_FILLERS, key=lambda p: -len(p.split()))]
_FILLER_STARTS = {filler[0] for filler in _FILLERS}
_FOLLOWERS = {tuple(fold(phrase).split()) for phrase in FIGURE_FOLLOWERS}
_QUOTES = {'"', "“", "”", "'", "‘", "’", "«", "»"}
_PUNCTUATION = {",", ";", ".", ":", ")", "(", "!", "?", "|", "-", "–", "…", "..."}
_LEADING_WORDS = [tuple(fold(words).split()) for words in ("tỉ lệ", "tỷ lệ", "tổng số", "số")]
_HAVING = {fold(word) for word in ("có", "gồm", "với", "tổng", "cộng", "ở", "trong")}
_ACHIEVED = {tuple(fold(phrase).split()) for phrase in ACHIEVED}
_OF_ALL = tuple(fold("tổng số").split())
_HEADING_WORDS = 12
_LIST_MARKS = {"-", "+", "•", "*", "–", "·"}
_NOUN_TARGETS = {fold(phrase) for phrase in NOUN_TARGETS}
_RANGE_WORDS = {"-", "–", "—", fold("đến"), fold("tới")}
_EXEMPLARY = tuple(fold("tiêu biểu").split())
_ADMINISTRATIVE_UNITS = {fold(word) for word in ("huyện", "thị xã", "thành phố", "quận", "xã", "phường", "thị trấn")}
_ABOUT = [tuple(fold(words).split()) for words in ("đối với", "về", "của")]
_COPULAS = {fold(word) for word in ("là", "đạt", "chiếm", ":")}
_BEFORE_EVALUATED = {tuple(fold(words).split()) for words in ("chất lượng", "đối với", "cho", "chất lượng đối với")}
_CONTINUING = [tuple(fold(phrase).split()) for phrase in ("trong đó", "cụ thể", "gồm", "bao gồm")]


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
    group: str | None = None  # "15 đảng bộ cơ sở và 20 chi bộ cơ sở": one subject, two groups named apart
    listed: bool = False  # "Tỷ lệ HTT trở lên: TCCSĐ 92%, đảng viên 95%": subjects and figures after the rating

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
    listing_totals: bool = False  # "có 17 TCCSĐ, 23 chi bộ trực thuộc với 2.580 đảng viên": one list
    loose: list[Quantity] = field(default_factory=list)  # "100% (42/42)": figures waiting for subject and rating
    clean: Draft | None = None  # the last "trong sạch vững mạnh" statement (its "tiêu biểu" part may follow)


class SentenceReader:
    """Reads the drafts and total statements of the sentences of one Doc."""

    def __init__(self, doc: Doc) -> None:
        tokens: TokenTable = ext(doc, "tokens")
        self.texts, self.norms, self.starts = tokens.texts, tokens.norms, tokens.starts
        self.term_at: dict[int, list[Term]] = {}
        self.vote_starts: set[int] = set()
        for term in ext(doc, "terms"):
            self.term_at.setdefault(term.start, []).append(term)
            if term.value == VOTE and term.kind == "cue":
                self.vote_starts.add(term.start)
        self.quantity_starts = {quantity.start for quantity in ext(doc, "quantities")}
        self._targets_of: dict[int, list[Term]] = {}  # by sentence index
        years: list[YearMention] = ext(doc, "years") or []
        self.until_years = [year for year in years if year.role == "until"]
        self.year_starts = [year.start for year in years]
        context = doc.user_data.get("vnie_context")
        published = getattr(context, "published_year", None)
        plain = [year.year for year in years if year.role == "plain"]
        # The article's own time: its publication, else the latest year it reports on.
        self.reference_year: int | None = published or (max(plain) if plain else None)

    def read(self, sentences: list[Sentence]) -> Reading:
        reading = Reading()
        carried_subject: str | None = None
        paragraph = -1
        previous: Sentence | None = None
        previous_drafts: list[Draft] = []
        for sentence in sentences:
            if sentence.paragraph != paragraph:
                # a heading ("2. Về tổ chức cơ sở đảng", "Kết quả xếp loại đảng viên:") names the subject
                # of the paragraphs after it; any other paragraph starts afresh
                heading = previous is not None and (
                    self._heading(previous) or (self._list_item(previous) and self._list_item(sentence))
                )
                paragraph, previous, previous_drafts = sentence.paragraph, None, []
                carried_subject = carried_subject if heading else None
            in_target = previous is not None and self.continues(sentence, previous) and self.opens_target(previous)
            before = len(reading.drafts)
            carried_subject = self._sentence(sentence, reading, carried_subject, in_target)
            drafts = reading.drafts[before:]
            if previous_drafts and sentence.pieces[0].cues(CUMULATIVE):
                opening = [cue for cue in sentence.cue_starts(CUMULATIVE) if cue <= sentence.start + 1]
                if opening:  # "40 TCCSĐ HTT. Trong đó, 10 TCCSĐ HTXS": one statement
                    self._cumulative([*previous_drafts, *drafts], opening)
            previous, previous_drafts = sentence, drafts
        return reading

    # --- one sentence ----------------------------------------------------------------------------
    def _sentence(self, sentence: Sentence, reading: Reading, carried: str | None, in_target: bool) -> str | None:
        if not any(piece.quantities for piece in sentence.pieces):
            # No figure, no statement: the sentence only passes on the subject it names last.
            subjects = [term.value for piece in sentence.pieces if not piece.depth for term in piece.subjects]
            return subjects[-1] if subjects else carried
        if not sentence.subjects and not any(piece.ratings for piece in sentence.pieces):
            return carried  # figures with neither a subject nor a rating: no statement, no total
        excluded = set(range(sentence.start, sentence.end)) if in_target else self._excluded_positions(sentence)
        state = _SentenceState(sentence, excluded, last_subject=carried)
        noted = len(reading.totals)
        for piece in sentence.pieces:
            self._piece(piece, state, reading)
        self._respectively(sentence, state)
        self._cumulative(state.drafts, sentence.cue_starts(CUMULATIVE))
        used = {draft.count.start for draft in state.drafts if draft.count is not None}
        reading.totals[noted:] = [total for total in reading.totals[noted:] if total.position not in used]
        reading.drafts.extend(state.drafts)
        return state.last_subject

    def _piece(self, piece: Piece, state: _SentenceState, reading: Reading) -> None:
        figures = [q for q in piece.quantities if q.start not in state.excluded and self._counts_ours(q, piece)]
        subject_term = self._subject_term(piece, figures)
        subject = subject_term.value if subject_term else None
        ratings = [term for term in piece.ratings if term.value != NOT_CANONICAL]
        if ratings and self._share_of_those_evaluated(piece, figures, ratings):
            ratings = []  # ", chiếm 11,8% tổng số đảng viên được đánh giá": the share of the statement before
        not_ours = any(term.value == NOT_CANONICAL for term in piece.ratings)
        if subject is not None and not piece.depth:
            state.last_subject = subject  # a breakdown in parentheses does not change the subject
        if piece.opened_by in (";", "|") or piece.cues(CUMULATIVE):
            state.pending = []
        if not_ours and all(term.value == EVALUATED for term in ratings):
            # "hoàn thành nhiệm vụ trở lên", or "được đánh giá, xếp loại" followed by it: not a level of ours
            state.pending = []
        elif not ratings:
            unit_item = self._units_item(piece, state)
            if unit_item is not None:
                state.drafts.append(unit_item)
            else:
                self._unrated_piece(piece, figures, subject, state, reading)
        else:
            self._rated_piece(piece, ratings, figures, subject_term, state)

    def _share_of_those_evaluated(self, piece: Piece, figures: list[Quantity], ratings: list[Term]) -> bool:
        if len(ratings) != 1 or ratings[0].value != EVALUATED or len(figures) != 1 or not figures[0].is_percent:
            return False
        i = figures[0].end
        if tuple(self.norms[i : i + 2]) != _OF_ALL:
            return False
        noun = next((t for t in self.term_at.get(i + 2, ()) if t.kind in ("subject", "unit")), None)
        return noun is not None and noun.end == ratings[0].start

    def _respectively(self, sentence: Sentence, state: _SentenceState) -> None:
        """ "tỷ lệ TCCSĐ và đảng viên HTT trở lên đạt lần lượt 92% và 95%": subjects and figures in order.

        Each "lần lượt" reads the subjects and the one rating between the list item's start (a ";" or
        the "lần lượt" before) and itself, and the figures after it up to the next of those."""
        cues = sentence.cue_starts(RESPECTIVELY)
        if not cues and len(sentence.subjects) < 2:
            return
        items = sorted(p.start for p in sentence.pieces if p.opened_by == ";")
        subjects = sorted(sentence.subjects, key=lambda t: t.start)
        ratings = sorted((t for p in sentence.pieces for t in p.ratings), key=lambda t: t.start)
        quantities = [q for p in sentence.pieces for q in p.quantities if q.start not in state.excluded]
        if not cues:
            cues = self._implicitly_respective(sentence, items, subjects, ratings, quantities)
            if not cues:
                return
        subject_starts = [t.start for t in subjects]
        rating_starts = [t.start for t in ratings]
        quantity_starts = [q.start for q in quantities]
        replaced: list[tuple[int, int]] = []
        new: list[Draft] = []
        for number, cue in enumerate(cues):
            item = bisect_right(items, cue)
            begin = max(items[item - 1] if item else sentence.start, cues[number - 1] if number else sentence.start)
            end = min(
                items[item] if item < len(items) else sentence.end,
                cues[number + 1] if number + 1 < len(cues) else sentence.end,
            )
            named = subjects[bisect_left(subject_starts, begin) : bisect_left(subject_starts, cue)]
            rated = ratings[bisect_left(rating_starts, begin) : bisect_left(rating_starts, cue)]
            figures = quantities[bisect_right(quantity_starts, cue) : bisect_left(quantity_starts, end)]
            if len(named) < 2 or len(figures) != len(named) or len(rated) != 1:
                continue
            if len({figure.is_percent for figure in figures}) != 1 or rated[0].value == NOT_CANONICAL:
                continue
            replaced.append((begin, end))
            for subject, figure in zip(named, figures, strict=True):
                draft = Draft(sentence, rated[0].value, rated[0], subject=subject.value, anchor=figure.start)
                if figure.is_percent:
                    draft.percent = figure
                else:
                    draft.count = figure
                    draft.fraction_total = figure.total if figure.kind == "fraction" else None
                draft.extend(subject.start_char, rated[0].end_char)
                draft.extend(draft.start_char, figure.end_char)
                new.append(draft)
        if replaced:
            starts = [begin for begin, _ in replaced]

            def inside(anchor: int) -> bool:
                at = bisect_right(starts, anchor) - 1
                return at >= 0 and anchor < replaced[at][1]

            state.drafts = [d for d in state.drafts if not inside(d.anchor)] + new

    def _implicitly_respective(
        self, sentence: Sentence, items: list[int], subjects: list[Term], ratings: list[Term],
        quantities: list[Quantity],
    ) -> list[int]:  # fmt: skip
        """Ends of ratings that read as "lần lượt" left out: "tỷ lệ TCCSĐ và đảng viên HTT trở lên đạt 92% và
        95%" - two subjects or more and no figure before the one rating, as many figures after it, listed."""
        found: list[int] = []
        for rating in ratings:
            item = bisect_right(items, rating.start)
            begin = items[item - 1] if item else sentence.start
            end = items[item] if item < len(items) else sentence.end
            named = [t for t in subjects if begin <= t.start < rating.start]
            before = [q for q in quantities if begin <= q.start < rating.start]
            after = [q for q in quantities if rating.end <= q.start < end]
            if len(named) < 2 or before or len(after) != len(named):
                continue
            joined = all(
                len(self.norms[one.end : other.start]) == 1 and self.norms[one.end] in (",", fold("và"))
                for one, other in pairwise(after)
            )
            if joined and not any(t.start > rating.start for t in ratings if t is not rating and t.start < end):
                found.append(rating.end)
        return found

    def _unrated_piece(
        self, piece: Piece, figures: list[Quantity], subject: str | None, state: _SentenceState, reading: Reading
    ) -> None:
        """Figures that complete the statement before, wait for a rating, or state a total."""
        listing = state.listing_totals and piece.opened_by in (",", "và")
        state.listing_totals = False
        if self._listed_after_rating(piece, figures, state.drafts):
            return
        if self._completes(piece, figures, state.drafts):
            return
        elliptical = self._elliptical(piece, figures, state) or self._exemplary_part(piece, figures, state)
        if elliptical is not None:
            state.drafts.append(elliptical)
            state.pending = []
        elif state.pending and piece.depth and figures and not subject and self._other_kind(figures, state):
            # "có 39 TCCSĐ (chiếm 84,78%)", "87,5% TCCSĐ (35/40)": the share or count of what precedes
            state.pending[-1][1].extend(figures)
        elif figures and subject is not None:
            noted = self._note_totals(piece, figures, state.sentence, reading, state.excluded, listing)
            state.listing_totals = noted
            state.pending.append((piece, figures, subject))
        elif figures and self._total_after_colon(piece, figures, state, reading):
            state.pending = []
        elif figures:
            state.pending = []
            state.loose = [*state.loose, *figures] if piece.opened_by == "(" and state.loose else list(figures)
            return
        state.loose = []

    @staticmethod
    def _other_kind(figures: list[Quantity], state: _SentenceState) -> bool:
        """Figures of the other kind (percent or count) than those of the last pending piece."""
        pending = state.pending[-1][1]
        return all(f.is_percent for f in figures) or (
            all(not f.is_percent for f in figures) and all(f.is_percent for f in pending) and len(figures) == 1
        )

    def _rated_piece(
        self, piece: Piece, ratings: list[Term], figures: list[Quantity], subject_term: Term | None,
        state: _SentenceState,
    ) -> None:  # fmt: skip
        if len(ratings) > 1 and ratings[0].value == EVALUATED:
            # "trong 320 công chức được đánh giá có 58 người HTXS": the number evaluated, then a level
            before = [f for f in figures if f.start < ratings[0].start]
            after = [f for f in figures if ratings[0].end <= f.start < ratings[1].start]
            if before and after:
                evaluated = self._draft(state.sentence, ratings[0], before, self._subject_term(piece, before),
                                        state.last_subject)  # fmt: skip
                if evaluated is not None:
                    state.drafts.append(evaluated)
                    state.pending = []
                    state.last_subject = evaluated.subject or state.last_subject
                    subject_term = next((t for t in piece.subjects if t.start >= ratings[0].end), None)
                    ratings, figures = ratings[1:], [f for f in figures if f.start >= ratings[0].end]
        rating = ratings[-1] if ratings[0].value == EVALUATED else ratings[0]  # "được xếp loại HTXSNV"
        if not figures and piece.depth and state.drafts and state.drafts[-1].rating == rating.value:
            return  # "xếp loại A (hoàn thành xuất sắc nhiệm vụ)": the grade's meaning, not a statement
        if not figures and subject_term is not None and state.loose and piece.opened_by == ")":
            figures = state.loose  # "100% (42/42) tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ"
        state.loose = []
        if not figures and subject_term is not None and state.pending and piece.opened_by in ("và", ","):
            zeros = [q for q in state.pending[-1][1] if q.kind == "zero"]
            if zeros and len(state.pending[-1][1]) == 1:
                figures = zeros  # "không có TCCSĐ và đảng viên không hoàn thành nhiệm vụ": none of either
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
        if draft.rating == TSVM and draft.has_figure:
            state.clean = draft
        state.pending = []

    # --- exclusions --------------------------------------------------------------------------------
    def _excluded_positions(self, sentence: Sentence) -> set[int]:
        """Token positions of figures that are not results: targets, comparisons, coverage, multi-year,
        commendations, and everything after a future "đến năm 2025"."""
        spans: list[tuple[int, int]] = []  # [start, end) token ranges, merged once at the end
        excluded: set[int] = set()
        if sentence.cued_pieces:
            tokens = self.texts[sentence.start : sentence.end]
            semicolons = [sentence.start + i for i, text in enumerate(tokens) if text == ";"]
            closing = [sentence.start + i for i, text in enumerate(tokens) if text == ")"]
        else:
            semicolons, closing = [], []
        either = sorted((*semicolons, *closing))

        def first_after(positions: list[int], start: int) -> int:
            after = bisect_right(positions, start)
            return positions[after] if after < len(positions) else sentence.end

        for target in self._targets(sentence):
            piece = self._piece_at(sentence, target.start)
            stop = first_after(closing, target.start) if piece is not None and piece.depth else sentence.end
            if piece is not None and self._noun_target_alone(target, piece):
                stop = piece.end
            spans.append((target.start, stop))
        for piece in sentence.cued_pieces:
            for cue in piece.cues(TARGET):
                before = self._achieved_figure(cue, piece)
                if before is not None:  # "đạt 119% chỉ tiêu": that figure measures the plan, not a rating
                    spans.append((before.start, cue.end))
            for cue in piece.cues(COMPARE):  # the yardstick: "so với năm 2021 (là 95%)", up to its clause's end
                spans.append((cue.start, min(piece.end, first_after(either, cue.start))))
            for cue in piece.cues(MULTIYEAR):  # its own clause, and on to the end of the list item
                spans.append((piece.start, first_after(semicolons, cue.start)))
        for index, piece in enumerate(sentence.pieces):
            commended = piece.has_cues and bool(piece.cues(COMMEND))
            if commended or (piece.has_cues and piece.cues(*PIECE_CUES)):
                group = [piece]
                if index and piece.opened_by == "và":
                    group.append(sentence.pieces[index - 1])
                if index + 1 < len(sentence.pieces) and sentence.pieces[index + 1].opened_by == "và":
                    group.append(sentence.pieces[index + 1])
                if commended and not piece.cues(*PIECE_CUES) and self._titles_conferred(group):
                    continue
                for member in group:
                    # "Kết quả kiểm điểm năm 2022 có 45 chi bộ hoàn thành tốt nhiệm vụ": a review named
                    # beside a level of ours introduces the result; alone, it counts who was reviewed
                    if commended or not self._rated(member):
                        excluded.update(range(member.start, member.end))
            for quantity in piece.quantities:
                if self._after_change(quantity):
                    excluded.add(quantity.start)
            for first, second in zip(piece.quantities, piece.quantities[1:], strict=False):
                between = self.norms[first.end : second.start]
                if len(between) == 1 and between[0] in _RANGE_WORDS:  # "2 - 3 đồng chí", "từ 5 đến 7 chi bộ"
                    excluded.update((first.start, second.start))
        future = self._future_until(sentence)
        if future is not None:
            spans.append((future, sentence.end))
        reached = sentence.start
        for start, stop in sorted(spans):  # each position once, however many spans cover it
            excluded.update(range(max(start, reached), stop))
            reached = max(reached, stop)
        return excluded

    def _targets(self, sentence: Sentence) -> list[Term]:
        """Cues that make what follows a target: "phấn đấu", "chỉ tiêu" (not "đạt 90% chỉ tiêu"), and
        "đề ra", "xác định" when a list or a figure follows them ("Nghị quyết đề ra: ...")."""
        if sentence.index not in self._targets_of:
            self._targets_of[sentence.index] = self._find_targets(sentence)
        return self._targets_of[sentence.index]

    def _find_targets(self, sentence: Sentence) -> list[Term]:
        targets: list[Term] = []
        for piece in sentence.cued_pieces:
            for cue in piece.cues(TARGET):
                if self._achieved_figure(cue, piece) is None and not self._after_achievement(cue):
                    targets.append(cue)
            for cue in piece.cues(PLAN_AHEAD):
                if self._list_or_figure_follows(cue.end, sentence.end):
                    targets.append(cue)
        return targets

    def _noun_target_alone(self, cue: Term, piece: Piece) -> bool:
        """ "Với mục tiêu xây dựng Đảng bộ trong sạch, ...": a target noun with no figure or year after it
        in its clause ("chỉ tiêu 95%", "mục tiêu đến năm 2025") and no list opened after that clause
        governs nothing beyond it."""
        if " ".join(self.norms[cue.start : cue.end]) not in _NOUN_TARGETS:
            return False
        if any(q.start > cue.start for q in piece.quantities):
            return False
        if any(cue.start < start < piece.end for start in self.year_starts):
            return False
        return piece.end >= len(self.texts) or self.texts[piece.end] != ":"

    def opens_target(self, sentence: Sentence) -> bool:
        """A target at the top level of a sentence reaches into the next one when that one goes on
        with "Trong đó" / "Cụ thể" or the sentence ends with a colon."""
        return any(
            (piece := self._piece_at(sentence, target.start)) is not None and not piece.depth
            for target in self._targets(sentence)
        )

    def _heading(self, sentence: Sentence) -> bool:
        """A line without a figure that opens a list (ends with a colon) or is short like a title."""
        if any(piece.quantities for piece in sentence.pieces):
            return False
        words = [i for i in range(sentence.start, sentence.end) if not self.texts[i].isspace()]
        return bool(words) and (self.texts[words[-1]] == ":" or len(words) <= _HEADING_WORDS)

    def _list_item(self, sentence: Sentence) -> bool:
        """A paragraph opening with a list mark ("- ", "+ ", "• "): the items of one list share a subject."""
        first = next((i for i in range(sentence.start, sentence.end) if not self.texts[i].isspace()), None)
        return first is not None and self.texts[first] in _LIST_MARKS

    def continues(self, sentence: Sentence, previous: Sentence) -> bool:
        first = sentence.start
        opens = tuple(self.norms[first : first + 3])
        colon = self.texts[previous.end - 1] == ":" if previous.end > previous.start else False
        return colon or any(opens[: len(phrase)] == phrase for phrase in _CONTINUING)

    @staticmethod
    def _piece_at(sentence: Sentence, position: int) -> Piece | None:
        at = bisect_right(sentence.piece_starts, position) - 1
        piece = sentence.pieces[at] if at >= 0 else None
        return piece if piece is not None and position < piece.end else None

    def _achieved_figure(self, cue: Term, piece: Piece) -> Quantity | None:
        """The share right before a target word, as in "đạt 119,41% chỉ tiêu", "bằng 108% kế hoạch"."""
        for quantity in piece.quantities:
            if quantity.is_percent and 0 <= cue.start - quantity.end <= 1:
                return quantity
        return None

    def _after_achievement(self, cue: Term) -> bool:
        """ "hoàn thành tốt chỉ tiêu", "vượt chỉ tiêu": the target was met; what follows are results."""
        window = self.norms[max(0, cue.start - 3) : cue.start]
        return any(tuple(window[i : i + len(phrase)]) == phrase for phrase in _ACHIEVED for i in range(len(window)))

    def _list_or_figure_follows(self, position: int, end: int) -> bool:
        for i in range(position, min(position + 3, end)):
            if self.texts[i] == ":" or i in self.quantity_starts:
                return True
            if self.texts[i] in _PUNCTUATION:
                return False
        return False

    @staticmethod
    def _rated(piece: Piece) -> bool:
        return any(term.value not in (EVALUATED, NOT_CANONICAL) for term in piece.ratings)

    def _titles_conferred(self, group: list[Piece]) -> bool:
        """A commendation of "trong sạch vững mạnh tiêu biểu" units counts them (the title is the rating)."""
        ratings = [term.value for piece in group for term in piece.ratings]
        return bool(ratings) and all(rating == TSVM_TB for rating in ratings)

    def _future_until(self, sentence: Sentence) -> int | None:
        """Position of "đến năm 2025" when that year is after the article's own time: a target horizon."""
        if self.reference_year is None:
            return None
        for year in self.until_years:
            if sentence.start <= year.start < sentence.end and year.year > self.reference_year:
                return year.start
        return None

    def _after_total_cue(self, quantity: Quantity) -> bool:
        return any(
            term.kind == "cue" and term.value == TOTAL and term.end == quantity.start
            for back in range(1, 4)
            for term in self.term_at.get(quantity.start - back, ())
        )

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
        if quantity.kind == "ratio" or self._voted(quantity):
            return False
        i = self._skip_fillers(quantity.end)
        if i >= piece.end or i >= len(self.texts):
            return True
        if self.texts[i] in _PUNCTUATION or self.texts[i] in _QUOTES or self.texts[i].isspace():
            return True  # punctuation, or the end of the line
        for term in self.term_at.get(i, ()):
            if term.kind in ("subject", "rating", "unit", "role"):
                return True
            if term.kind == "not_subject":
                return False
            if term.kind == "cue" and term.value in (SHARE, CUMULATIVE, TOTAL, CHANGE, COMPARE):
                return True
        for size in (2, 1):
            if tuple(self.norms[i : i + size]) in _FOLLOWERS:
                return True
        return any("0" <= ch <= "9" for ch in self.texts[i])

    def _voted(self, quantity: Quantity) -> bool:
        """ "100% thống nhất", "100% đảng viên nhất trí ...": a vote share, not a rating."""
        if not self.vote_starts:
            return False
        i = self._skip_fillers(quantity.end)
        noun = next((t for t in self.term_at.get(i, ()) if t.kind in ("subject", "unit")), None)
        return (noun.end if noun is not None else i) in self.vote_starts

    def _skip_fillers(self, i: int) -> int:
        while i < len(self.texts) and self.texts[i] in _QUOTES:
            i += 1
        if i >= len(self.norms) or self.norms[i] not in _FILLER_STARTS:
            return i
        for filler in _FILLERS:
            if tuple(self.norms[i : i + len(filler)]) == filler:
                return i + len(filler)
        return i

    def _subject_term(self, piece: Piece, figures: list[Quantity]) -> Term | None:
        """The subject a figure counts: the one right after it (a subject, a post, a body), else the
        first of the piece, unless the figure counts people and that one counts organizations."""
        subjects = piece.subjects
        for figure in figures:
            i = self._skip_fillers(figure.end)
            after = next((term for term in subjects if term.start == i), None)
            if after is None:
                after = next((term for term in self.term_at.get(i, ()) if term.kind == "role"), None)
            if after is not None:
                return after
        if not subjects:
            return None
        if figures and subjects[0].value not in PERSON_SUBJECTS and self._unit_after(figures[0]) in PERSON_UNITS:
            return None  # "Chi bộ đề cử 02 đồng chí ...": the comrades, not the chi bộ
        return subjects[0]

    def _unit_after(self, quantity: Quantity) -> str | None:
        i = self._skip_fillers(quantity.end)
        return next((term.value for term in self.term_at.get(i, ()) if term.kind == "unit"), None)

    def _units_item(self, piece: Piece, state: _SentenceState) -> Draft | None:
        """ "HTXS cho 11/20 sở, ban, ngành; 05/12 huyện, thành phố": in a list of rated agencies, an
        item counting administrative units counts their administrations (agencies too)."""
        if piece.opened_by != ";" or not state.drafts or piece.cues() or not piece.quantities:
            return None
        last = state.drafts[-1]
        figure = piece.quantities[0]
        if last.subject != CQ_DV or last.count is None or figure.start != piece.start or figure.is_percent:
            return None
        if figure.start in state.excluded or last.rating_term.start > last.count.start:
            return None
        if not any(" ".join(self.norms[figure.end : figure.end + size]) in _ADMINISTRATIVE_UNITS for size in (1, 2)):
            return None
        draft = Draft(state.sentence, last.rating, last.rating_term, subject=CQ_DV, anchor=figure.start)
        draft.count = figure
        draft.fraction_total = figure.total if figure.kind == "fraction" else None
        draft.extend(figure.start_char, self.starts[figure.end] + len(self.texts[figure.end]))
        return draft

    def _exemplary_part(self, piece: Piece, figures: list[Quantity], state: _SentenceState) -> Draft | None:
        """ "120 TCCSĐ đạt trong sạch vững mạnh, trong đó 30 TCCSĐ đạt tiêu biểu": the exemplary ones."""
        clean = state.clean
        if clean is None or not figures or figures[0].is_percent != (clean.percent is not None and clean.count is None):
            return None
        figure = figures[0]
        word = next((i for i in range(figure.end, piece.end) if tuple(self.norms[i : i + 2]) == _EXEMPLARY), None)
        cues = state.sentence.cue_starts(CUMULATIVE)
        after = bisect_right(cues, clean.rating_term.start)
        if word is None or not (after < len(cues) and cues[after] < figure.start):
            return None
        subject = self._subject_term(piece, [figure])
        draft = Draft(state.sentence, TSVM_TB, clean.rating_term, anchor=figure.start)
        draft.subject = subject.value if subject is not None else clean.subject
        if figure.is_percent:
            draft.percent = figure
        else:
            draft.count = figure
        draft.extend(figure.start_char, self.starts[word + 1] + len(self.texts[word + 1]))
        return draft

    def _elliptical(self, piece: Piece, figures: list[Quantity], state: _SentenceState) -> Draft | None:
        """A figure whose rating is the one just stated, left out:
        * "tỷ lệ đảng viên HTXS là 14%, tổ chức cơ sở đảng là 20%" (a subject, then "là" and a figure);
        * "HTXS cho 11/20 sở, ban, ngành; 02/11 đơn vị sự nghiệp" (a list item opening with a count)."""
        if not figures or not state.drafts or piece.depth or piece.ratings:
            return None
        if any(cue.value != SHARE for cue in piece.cues()):  # "đảng viên đạt 91,5%": a share, nothing else
            return None
        last = state.drafts[-1]
        if not last.has_figure or last.rating == EVALUATED:
            return None
        figure = figures[0]
        start = piece.start
        for words in (*_ABOUT, *_LEADING_WORDS):  # "đối với", "về", then "tỷ lệ", "số"
            if tuple(self.norms[start : start + len(words)]) == words:
                start += len(words)
        subject = next((t for t in piece.subjects if t.start == start), None)
        if subject is not None and piece.opened_by == ",":
            between = self.norms[subject.end : figure.start]
            if subject.value == last.subject or not (between[-1] in _COPULAS if between else last.listed):
                return None
            kind = "percent" if figure.is_percent else "count"
            if (last.percent is not None) != (kind == "percent"):
                return None
        elif piece.opened_by == ";" and figure.start == piece.start and not figure.is_percent:
            # a list after its rating ("HTXS cho 11/20 A; 5/12 B"): each item names what it counts
            rating_first = last.count is not None and last.rating_term.start < last.count.start
            if not rating_first or any(self.norms[i] in _HAVING for i in range(piece.start, piece.end)):
                return None
            subject = self._subject_term(piece, [figure])
            if subject is None or subject.start != self._skip_fillers(figure.end):
                return None
        else:
            return None
        draft = Draft(state.sentence, last.rating, last.rating_term, anchor=figure.start, listed=last.listed)
        draft.subject = subject.value if subject is not None else last.subject
        draft.subject_carried = subject is None
        if figure.is_percent:
            draft.percent = figure
        else:
            draft.count = figure
            draft.fraction_total = figure.total if figure.kind == "fraction" else None
        draft.extend(subject.start_char if subject is not None else figure.start_char, figure.end_char)
        return draft

    # --- building drafts -----------------------------------------------------------------------------
    def _draft(
        self, sentence: Sentence, rating: Term, figures: list[Quantity], subject: Term | None,
        last_subject: str | None,
    ) -> Draft | None:  # fmt: skip
        if rating.value == EVALUATED and not (
            self._evaluated_follows_count(rating, figures)
            or self._evaluated_then_figure(rating, figures, subject)
            or self._evaluated_then_count(rating, figures)
            or self._evaluated_then_colon(rating, figures, subject)
        ):
            return None
        draft = Draft(sentence, rating.value, rating, anchor=rating.start)
        draft.extend(rating.start_char, rating.end_char)
        counts = [q for q in figures if not q.is_percent]
        percents = [q for q in figures if q.is_percent]
        stated_first: Quantity | None = None
        if self._total_then_count(counts):
            stated_first, counts = counts[0], counts[1:]  # "với tổng số 1.620 đảng viên có 1.400 ..."
            after = self._skip_fillers(counts[0].end)
            subject = next((t for t in sentence.subjects if t.start == after), None)
        if counts:
            draft.count = counts[0]
            draft.fraction_total = counts[0].total if counts[0].kind == "fraction" else None
            draft.extend(counts[0].start_char, counts[0].end_char)
            draft.anchor = counts[0].start
            stated = next((q for q in counts[1:] if self._after_total_cue(q) and q.kind == "count"), None)
            if stated is not None and draft.fraction_total is None and stated.value >= counts[0].value:
                draft.fraction_total = int(stated.value)  # "12 TCCSĐ HTXS trong tổng số 48 TCCSĐ"
            if stated_first is not None and draft.fraction_total is None:
                draft.fraction_total = int(stated_first.value)
        if percents:
            draft.percent = percents[0]
            draft.extend(percents[0].start_char, percents[0].end_char)
            draft.anchor = min(draft.anchor, percents[0].start) if counts else percents[0].start
        if subject is not None:
            draft.subject = subject.value
            draft.extend(*self._leading_words(subject))
        else:
            draft.subject, draft.subject_carried = last_subject, True
            figure = draft.count or draft.percent
            unit = self._unit_after(figure) if figure is not None else None
            if unit is not None:
                draft.subject = subject_of_unit(unit, last_subject)
        return draft

    def _leading_words(self, term: Term) -> tuple[int, int]:
        """Include "tỉ lệ", "số" right before a subject in the evidence ("tỉ lệ đảng viên ...")."""
        i = term.start
        for back in (2, 1):
            if i - back >= 0 and tuple(self.norms[i - back : i]) in _LEADING_WORDS:
                return self.starts[i - back], term.end_char
        return term.start_char, term.end_char

    def _evaluated_then_figure(self, rating: Term, figures: list[Quantity], subject: Term | None) -> bool:
        """ "số đảng viên được đánh giá ... là 93,18%", "tổng số đảng viên được kiểm điểm, đánh giá là
        4.210": the subject right before "được đánh giá", the figure after it."""
        if subject is None or subject.end != rating.start or not figures:
            return False
        return all(figure.start >= rating.end for figure in figures)

    def _total_then_count(self, counts: list[Quantity]) -> bool:
        """A count after "tổng số", then a smaller one: the total of the statement, then its count."""
        if len(counts) < 2 or counts[0].kind != "count" or counts[1].value > counts[0].value:
            return False
        if self._after_total_cue(counts[0]):
            return not self._after_total_cue(counts[1])
        # "chi bộ có 15 đảng viên thì 3 đồng chí HTXSNV": what the body has, then the count rated
        having = counts[0].start > 0 and self.norms[counts[0].start - 1] in _HAVING
        nouns = [
            next((t for t in self.term_at.get(self._skip_fillers(q.end), ()) if t.kind in ("subject", "unit")), None)
            for q in counts[:2]
        ]
        return having and nouns[0] is not None and nouns[0].kind == "subject" and nouns[1] is not None

    def _evaluated_then_count(self, rating: Term, figures: list[Quantity]) -> bool:
        """ "có 25 đảng viên, được đánh giá 23 đồng chí": a count right after, naming what it counts."""
        first = figures[0] if figures else None
        if first is None or first.kind != "count" or first.approx:
            return False
        between = tuple(self.norms[rating.end : first.start])
        if between and between not in _BEFORE_EVALUATED:  # "đánh giá, xếp loại (chất lượng | đối với) 48 TCCSĐ"
            return False
        i = self._skip_fillers(first.end)
        return any(t.kind in ("subject", "unit") for t in self.term_at.get(i, ()))

    def _evaluated_then_colon(self, rating: Term, figures: list[Quantity], subject: Term | None) -> bool:
        """ "Tổng số đảng viên được đánh giá, xếp loại: 2.345 đồng chí": the figure comes in the piece after."""
        if figures or subject is None or subject.end != rating.start:
            return False
        return rating.end < len(self.texts) and self.texts[rating.end] == ":"

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

    def _listed_after_rating(self, piece: Piece, figures: list[Quantity], drafts: list[Draft]) -> bool:
        """ "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên: tổ chức cơ sở đảng 92%, ...": after a rating and a colon,
        a subject and its figure (the items after it are read as elliptical)."""
        if not drafts or not figures or piece.opened_by != ":" or piece.depth:
            return False
        last = drafts[-1]
        if last.has_figure or last.rating == EVALUATED or not piece.subjects:
            return False
        subject, figure = piece.subjects[0], figures[0]
        if subject.start != piece.start or not subject.end <= figure.start <= subject.end + 1:
            return False
        if figure.start > subject.end and self.norms[subject.end] not in _COPULAS:
            return False
        last.subject, last.subject_carried, last.listed = subject.value, False, True
        if figure.is_percent:
            last.percent = figure
        else:
            last.count = figure
            last.fraction_total = figure.total if figure.kind == "fraction" else None
        last.anchor = figure.start
        last.extend(subject.start_char, figure.end_char)
        return True

    def _completes(self, piece: Piece, figures: list[Quantity], drafts: list[Draft]) -> bool:
        """ ", chiếm 23,5%", "(tỷ lệ 94,3%)", ": 1.412 đồng chí" completing the statement before (and
        ", chiếm 11,8% tổng số đảng viên": a share of all those the statement speaks of)."""
        if not drafts or not figures or piece.opened_by in (";", "và", "start", "|"):
            return False
        last = drafts[-1]
        of_all = figures[0].end + len(_OF_ALL)
        # "Hoàn thành xuất sắc nhiệm vụ: 10 TCCSĐ (21,7%)": the count after the rating names its subject
        named = self._skip_fillers(figures[0].end) if not last.has_figure and piece.opened_by == ":" else -1
        for term in piece.subjects:
            if term.start == named and not figures[0].is_percent:
                last.subject, last.subject_carried = term.value, False
            elif not (term.start == of_all and self.norms[figures[0].end : of_all] == _OF_ALL):
                return False
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
            unit = self._unit_after(figure)
            if unit is not None and last.subject_carried:  # "mức “HTXSNV”: 12 đồng chí": people counted
                last.subject = subject_of_unit(unit, last.subject)
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
            if subject == draft.subject:
                own_figures = [q for q in (draft.count, draft.percent) if q is not None]
                own, other = self._subject_term(piece, own_figures), self._subject_term(_piece, figures)
                if own is not None and other is not None and self._phrase(own) != self._phrase(other):
                    draft.group, extra.group = self._phrase(own), self._phrase(other)
            shared.append(extra)
        return shared

    def _phrase(self, term: Term) -> str:
        return " ".join(self.norms[term.start : term.end])

    def _cumulative(self, drafts: list[Draft], cues: list[int]) -> None:
        """ "X hoàn thành tốt nhiệm vụ, trong đó Y hoàn thành xuất sắc nhiệm vụ": X counts both levels
        (``cues``: the positions of "trong đó", in order)."""
        if not cues:
            return
        # "X hoàn thành nhiệm vụ, trong đó Y hoàn thành tốt nhiệm vụ": Y is HTT trở lên and X, being
        # "hoàn thành nhiệm vụ trở lên", has no level of ours.
        for lower, higher, becomes in ((HTNV, HTT, HTT_UP), (HTT, HTXS, HTT_UP)):
            last_higher: dict[str | None, int] = {}  # subject -> the last anchor of its higher-level statements
            for draft in drafts:
                if draft.rating == higher:
                    last_higher[draft.subject] = max(draft.anchor, last_higher.get(draft.subject, -1))
            for draft in drafts:
                if draft.rating != lower or draft.subject not in last_higher:
                    continue
                after = bisect_right(cues, draft.rating_term.start)  # the first "trong đó" after the rating
                if not (after < len(cues) and cues[after] <= last_higher[draft.subject]):
                    continue
                if lower == HTNV:
                    draft.rating = NOT_CANONICAL
                    for part in drafts:
                        if part.rating == HTT and part.subject == draft.subject and part.anchor > cues[after]:
                            part.rating = becomes
                else:
                    draft.rating = becomes

    # --- totals ---------------------------------------------------------------------------------------
    def _note_totals(
        self, piece: Piece, figures: list[Quantity], sentence: Sentence, reading: Reading, excluded: set[int],
        listing: bool = False,
    ) -> bool:  # fmt: skip
        """Note "có 34 TCCSĐ"-like totals (``listing``: the piece goes on with a list "có" opened);
        True when one was noted."""
        noted = False
        having = listing or any(self.norms[i] in _HAVING for i in range(piece.start, figures[0].start + 1))
        for figure in figures:
            if figure.kind != "count" or figure.approx or figure.start in excluded or piece.depth:
                continue
            i = self._skip_fillers(figure.end)
            noun = next((t for t in self.term_at.get(i, ()) if t.kind == "subject"), None) if having else None
            if noun is None:
                noun = self._named_before_total(piece, figure)
            if noun is not None:
                reading.totals.append(TotalStatement(noun.value, int(figure.value), sentence, figure.start))
                noted = True
        return noted

    def _total_after_colon(
        self, piece: Piece, figures: list[Quantity], state: _SentenceState, reading: Reading
    ) -> bool:
        """ "Tổng số đảng viên: 1.520 đồng chí": the subject after "tổng số" ends the piece before the colon."""
        figure = figures[0]
        if piece.opened_by != ":" or figure.start != piece.start or figure.kind != "count" or figure.approx:
            return False
        if figure.start in state.excluded or piece.depth:
            return False
        before = next((p for p in reversed(state.sentence.pieces) if p.end <= piece.start), None)
        if before is None or before.ratings or not before.cues(TOTAL):
            return False
        after = before.cues(TOTAL)[-1].end
        noun = next((t for t in before.subjects if t.start == after and t.end >= before.end - 1), None)
        if noun is None:
            return False
        reading.totals.append(TotalStatement(noun.value, int(figure.value), state.sentence, figure.start))
        return True

    def _named_before_total(self, piece: Piece, figure: Quantity) -> Term | None:
        """ "Tổng số đảng viên của Đảng bộ là 5.560 (đồng chí)": the subject after "tổng số", the figure
        after "là" or a colon."""
        totals = [cue for cue in piece.cues(TOTAL) if cue.start < figure.start]
        if not totals or figure.start == piece.start or self.norms[figure.start - 1] not in _COPULAS:
            return None
        after = totals[-1].end
        return next((t for t in piece.subjects if t.start == after and t.end < figure.start), None)


def subject_of_unit(unit: str, carried: str | None) -> str | None:
    """What a figure counted in a generic unit counts: people in "đồng chí", "người", "cá nhân" (the
    people the context speaks of, the cadres of a leadership context, else party members; but
    "cá nhân" alone says not which people), collectives in "tập thể", else the context's."""
    if unit in PERSON_UNITS:
        if carried in PERSON_SUBJECTS:
            return carried
        if carried == TT_LDQL:
            return CB_LDQL
        return None if unit == "cá nhân" else DANG_VIEN  # "1.321 đồng chí": comrades are party members
    if unit == "tập thể" and carried == CB_LDQL:
        return TT_LDQL
    if unit == "cơ quan" and carried is None:
        return CQ_DV  # "12 cơ quan xếp loại A": agencies
    return carried


def last_every_year_cue(sentence: Sentence, position: int) -> int | None:
    """Token position of the last "hàng năm"/"nhiệm kỳ" before ``position`` in the sentence."""
    starts = sentence.cue_starts(EVERY_YEAR)
    before = bisect_left(starts, position)
    return starts[before - 1] if before else None
