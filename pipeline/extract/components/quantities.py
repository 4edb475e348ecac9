"""vnie_quantities: figures (counts, percents, N/M fractions, zero in words) and years.

Dates, times, document codes ("21-HD/BTCTW"), document numbers ("Hướng dẫn số 35") and names
with numbers ("Phường 12") are masked first, so no part of them is read as a figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.components import ext, set_ext, wants_spans
from pipeline.extract.mentions import Organization, Quantity, YearMention
from pipeline.extract.numbers import (
    NUMBER_WORDS,
    SHARE_WORDS,
    fraction_words_to_percent,
    is_digits,
    is_integer_text,
    parse_number,
    starts_with_digit,
    words_to_number,
)
from pipeline.extract.tokens import TokenTable
from pipeline.extract.vocabulary import APPROXIMATOR_PHRASES, PLAN_YEAR_CUES, ZERO_PHRASES
from pipeline.normalize import fold

# Digits are ASCII digits only (see ``pipeline.extract.numbers``); tokens are never empty.
_DIGITS = frozenset("0123456789")
_NUMBER = re.compile(r"\d[\d.,]*\d|\d", re.ASCII)
_FRACTION = re.compile(r"(\d[\d.]*)/(\d[\d.]*)", re.ASCII)
# Whole dates, day-month with a dash, times and document codes; "19.1" is a date only after "sáng", "ngày"...
_DATE_LIKE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}-\d{1,2}|\d{1,2}:\d{2}|\d+-?[A-ZĐ].*", re.ASCII)
_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})-((?:19|20)\d{2})", re.ASCII)

# A number right after these words is a date, a document number or part of a name.
_DATE_WORDS = {fold(w) for w in ("ngày", "sáng", "chiều", "tối", "đêm", "hôm", "trưa", "tháng", "quý", "tuần", "lúc")}
_NAME_WORDS = {
    fold(w)
    for w in (
        "chỉ thị", "hướng dẫn", "nghị quyết", "quy định", "quyết định", "kết luận", "công văn", "thông tư",
        "nghị định", "điều", "khoản", "khóa", "lần thứ", "phường", "quận", "chi bộ", "tổ", "khu phố", "khu",
        "ấp", "thôn", "xóm", "bản", "đội", "trung đoàn", "sư đoàn", "lữ đoàn", "tiểu đoàn", "đại đội",
        "tổ dân phố", "kỳ", "giai đoạn", "nhiệm kỳ", "đợt", "lớp", "phòng", "mục", "trang",
    )
}  # fmt: skip
_SHARE_CONNECTORS = {fold(w) for w in ("chiếm", "lệ", "bằng")}
_RANGE_WORDS = {fold(w) for w in ("giai đoạn", "nhiệm kỳ", "từ", "đoạn", "kỳ")}
_YEAR_MIN, _YEAR_MAX = 1945, 2100
_DASHES = ("-", "–", "—")
_NAM, _TU, _DEN, _TOI = fold("năm"), fold("từ"), fold("đến"), fold("tới")
_PHAN, _TRAM, _SO, _CAC, _MOT = fold("phần"), fold("trăm"), fold("số"), fold("các"), fold("một")
_TRO, _LEN, _TINH = fold("trở"), fold("lên"), fold("tính")
_OF_TOTAL = [tuple(fold(p).split()) for p in ("trong tổng số", "trên tổng số", "trong số", "/ tổng số", "/tổng số")]


class _FirstIsDigit(dict[str, bool]):
    """token text -> whether it starts with a digit, worked out once per string: ``text[0]`` makes a
    new string of a non-Latin-1 character on every call."""

    def __missing__(self, text: str) -> bool:
        if len(self) >= 1 << 18:  # bounded: figures are strings too, and a back-fill reads millions
            self.clear()
        starts = self[text] = text[:1] in _DIGITS
        return starts


_STARTS_WITH_DIGIT = _FirstIsDigit()


class _Phrases:
    """Phrases of folded tokens grouped by length, each group a set: one lookup per place and length."""

    def __init__(self, phrases: Sequence[tuple[str, ...]]) -> None:
        sizes = sorted({len(phrase) for phrase in phrases if phrase})
        self.by_size = [(size, frozenset(p for p in phrases if len(p) == size)) for size in sizes]


_STOPS = frozenset((".", ";", ","))
_COMPARE_CUES = _Phrases([("so", "với"), ("so",)])


class QuantityReader:
    def __init__(self, year_min: int = _YEAR_MIN, year_max: int = _YEAR_MAX) -> None:
        self.year_min, self.year_max = year_min, year_max
        self.approximators = sorted(
            ((tuple(fold(phrase).split()), approx) for phrase, approx in APPROXIMATOR_PHRASES.items()),
            key=lambda item: -len(item[0]),
        )
        self.approximators_by_size: list[tuple[int, dict[tuple[str, ...], str]]] = []
        for phrase, approx in self.approximators:  # the first of a phrase written twice wins, as in the list
            if not self.approximators_by_size or self.approximators_by_size[-1][0] != len(phrase):
                self.approximators_by_size.append((len(phrase), {}))
            self.approximators_by_size[-1][1].setdefault(phrase, approx)
        self.zero_phrases = [tuple(fold(phrase).split()) for phrase in ZERO_PHRASES]
        self.plan_cues = _Phrases([tuple(fold(phrase).split()) for phrase in PLAN_YEAR_CUES])
        self.share_words = {tuple(fold(phrase).split()): value for phrase, value in SHARE_WORDS.items()}
        # by first token, each list in its order above: only phrases that can start at a token are tried
        self.share_words_by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for phrase, value in self.share_words.items():
            self.share_words_by_first.setdefault(phrase[0], []).append((phrase, value))
        self.zero_phrases_by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in self.zero_phrases:
            self.zero_phrases_by_first.setdefault(phrase[0], []).append(phrase)
        self.word_starts = {phrase[0] for phrase in (*self.zero_phrases, *self.share_words)} | NUMBER_WORDS

    def __call__(self, doc: Doc) -> Doc:
        tokens: TokenTable = ext(doc, "tokens")
        terms, organizations = ext(doc, "terms"), ext(doc, "organizations")
        noun_starts = {term.start for term in terms if term.kind in ("subject", "unit", "not_subject", "role")}
        noun_starts |= {org.start for org in organizations if not org.named}  # "không có đảng bộ xã nào"
        rating_starts = {term.start for term in terms if term.kind == "rating"}
        # read once, used thrice; compress() and map() keep the scan over every token out of Python frames
        digits = list(compress(range(len(tokens)), map(_STARTS_WITH_DIGIT.__getitem__, tokens.texts)))
        masked = self._mask(tokens, organizations, digits)
        years = self._years(tokens, digits)
        year_tokens = {year.start for year in years}
        quantities: list[Quantity] = []
        word_starts = self.word_starts
        candidates = sorted({*digits, *compress(range(len(tokens)), map(word_starts.__contains__, tokens.norms))})
        reached = 0
        for index in candidates:
            if index < reached or masked[index] or index in year_tokens:
                continue
            found = self._figure(tokens, index, noun_starts, rating_starts)
            if found is not None:
                quantities.append(found)
                reached = found.end
        # token._.masked as Token._ stores it (spaCy's Underscore keys a token's values by its character
        # offset): a Token object per masked token costs more than all the rest of this component
        user_data: dict[Any, Any] = doc.user_data
        starts = tokens.starts
        for index in compress(range(len(masked)), masked):
            user_data[("._.", "masked", starts[index], None)] = True
        set_ext(doc, "quantities", quantities)
        set_ext(doc, "years", years)
        if wants_spans(doc):
            doc.spans["quantities"] = [Span(doc, q.start, q.end, label=q.kind) for q in quantities]
        return doc

    # --- masking -------------------------------------------------------------------------------
    def _mask(self, tokens: TokenTable, organizations: list[Organization], digits: list[int]) -> list[bool]:
        masked = [False] * len(tokens)
        for org in organizations:
            for i in range(org.start, org.end):
                masked[i] = True
        norms, texts = tokens.norms, tokens.texts
        for i in digits:
            text = texts[i]
            previous = norms[i - 1] if i else ""
            previous_two = f"{norms[i - 2]} {previous}" if i > 1 else previous
            if _DATE_LIKE.fullmatch(text) and not _FRACTION.fullmatch(text):
                masked[i] = not _YEAR_RANGE.fullmatch(text)
            elif previous in _DATE_WORDS or previous in _NAME_WORDS or previous_two in _NAME_WORDS:
                masked[i] = True
            elif (
                previous == _SO
                and i > 2
                and (norms[i - 2] in _NAME_WORDS or f"{norms[i - 3]} {norms[i - 2]}" in _NAME_WORDS)
            ):
                masked[i] = True  # "Hướng dẫn số 35", not "tổng số 2.345"
            elif i > 1 and previous in (",", "và") and masked[i - 2] and _NUMBER.fullmatch(texts[i - 2]):
                masked[i] = True  # "Hướng dẫn 05, 09"
        return masked

    # --- years ---------------------------------------------------------------------------------
    def _years(self, tokens: TokenTable, digits: list[int]) -> list[YearMention]:
        years: list[YearMention] = []
        norms, texts = tokens.norms, tokens.texts
        for i in digits:
            text = texts[i]
            ranged = _YEAR_RANGE.fullmatch(text)
            if ranged:
                years.append(YearMention(int(ranged.group(1)), i, tokens.starts[i], "range"))
                years.append(YearMention(int(ranged.group(2)), i, tokens.starts[i], "range"))
                continue
            if not (is_digits(text) and len(text) == 4 and self.year_min <= int(text) <= self.year_max):
                continue
            after_dash = (i > 1 and texts[i - 1] in _DASHES and is_digits(texts[i - 2])) or (
                i > 0 and texts[i - 1][-1:] in _DASHES and is_digits(texts[i - 1][:-1])  # "2005- 2009"
            )
            before_dash = i + 2 < len(texts) and texts[i + 1] in _DASHES and is_digits(texts[i + 2])
            role = "plain"
            if after_dash or before_dash or (i and norms[i - 1] in _RANGE_WORDS):
                role = "range"
            elif self._preceded_by(norms, i, _COMPARE_CUES, within=4):
                role = "compare"
            elif self._preceded_by(norms, i, self.plan_cues, within=4):
                role = "plan"
            if i > 1 and norms[i - 1] == _NAM and norms[i - 2] in (_TU, _DEN, _TOI):
                # "từ năm 2015": a range; "đến năm 2025": a horizon, a target's when it lies ahead
                role = "range" if norms[i - 2] == _TU else "until"
                if role == "until" and i > 2 and norms[i - 3] == _TINH:
                    role = "plan"  # "tính đến năm 2020": as of then
            years.append(YearMention(int(text), i, tokens.starts[i], role))
        return years

    @staticmethod
    def _preceded_by(norms: Sequence[str], index: int, phrases: _Phrases, within: int) -> bool:
        """One of ``phrases`` ends at most ``within`` tokens before ``index``, with no stop after it."""
        window = norms[max(0, index - within - 3) : index]
        length = len(window)
        last_stop = -1
        for at in range(length - 1, -1, -1):
            if window[at] in _STOPS:
                last_stop = at
                break
        for size, of_size in phrases.by_size:
            # the starts looked at, nearest first, until a stop follows the phrase
            first = max(0, length - size - within, last_stop - size + 1)
            for start in range(length - size, first - 1, -1):
                if tuple(window[start : start + size]) in of_size:
                    return True
        return False

    # --- figures -------------------------------------------------------------------------------
    def _figure(self, tokens: TokenTable, i: int, noun_starts: set[int], rating_starts: set[int]) -> Quantity | None:
        texts, norms = tokens.texts, tokens.norms
        text = texts[i]
        if not starts_with_digit(text):
            if norms[i] in self.word_starts:
                return self._words(tokens, i, noun_starts, rating_starts)
            return None
        fraction = _FRACTION.fullmatch(text)
        if fraction:
            count, total = parse_number(fraction.group(1)), parse_number(fraction.group(2))
            if count is None or not total:
                return None
            kind = "fraction" if count <= total else "ratio"
            return self._with_approx(tokens, i, i + 1, kind, count, int(total))
        if not _NUMBER.fullmatch(text):
            return None
        is_percent_sign = i + 1 < len(texts) and texts[i + 1] in ("%", "％")
        in_words = i + 2 < len(texts) and norms[i + 1] == _PHAN and norms[i + 2] == _TRAM
        if is_percent_sign or in_words:
            value = parse_number(text, percent=True)
            end = i + (2 if is_percent_sign else 3)
            return None if value is None else self._with_approx(tokens, i, end, "percent", value)
        value = parse_number(text)
        if value is None:
            return None
        after_share = i and norms[i - 1] in _SHARE_CONNECTORS
        next_is_noun = i + 1 in noun_starts
        if after_share and value <= 100 and not next_is_noun and ("," in text or not is_integer_text(text)):
            return self._with_approx(tokens, i, i + 1, "percent", value)
        if is_integer_text(text):
            of_total = self._of_total(tokens, i + 1)
            if of_total is not None:  # "662 trong tổng số 686": a fraction in words
                total, end = of_total
                return self._with_approx(tokens, i, end, "fraction" if value <= total else "ratio", value, total)
            return self._with_approx(tokens, i, i + 1, "count", value)
        return None

    def _of_total(self, tokens: TokenTable, i: int) -> tuple[int, int] | None:
        """(total, end) of "trong tổng số 686" / "trên tổng số 686" right after a count."""
        for phrase in _OF_TOTAL:
            end = i + len(phrase)
            if tuple(tokens.norms[i:end]) == phrase and end < len(tokens) and is_integer_text(tokens.texts[end]):
                total = parse_number(tokens.texts[end])
                return (int(total), end + 1) if total else None
        return None

    def _words(self, tokens: TokenTable, i: int, noun_starts: set[int], rating_starts: set[int]) -> Quantity | None:
        norms = tokens.norms
        first = norms[i]
        for phrase, value in self.share_words_by_first.get(first, ()):  # in the order of the list
            end = i + len(phrase)
            if tuple(norms[i:end]) == phrase:
                follower = end + 1 if end < len(norms) and norms[end] in (_SO, _CAC) else end
                if follower in noun_starts:
                    return Quantity("percent", value, i, end, tokens.starts[i], tokens.end_char(end - 1))
        for phrase in self.zero_phrases_by_first.get(first, ()):
            end = i + len(phrase)
            if tuple(norms[i:end]) == phrase:
                lookahead = range(end, min(end + 3, len(norms)))
                if any(j in noun_starts or j in rating_starts for j in lookahead):
                    return Quantity("zero", 0, i, end, tokens.starts[i], tokens.end_char(end - 1))
        if norms[i] not in NUMBER_WORDS:
            return None
        if i + 2 < len(norms) and norms[i + 1] == _PHAN and norms[i + 2] in NUMBER_WORDS:
            share = fraction_words_to_percent(tokens.texts[i], tokens.texts[i + 2])  # "hai phần ba"
            follower = i + 4 if i + 3 < len(norms) and norms[i + 3] in (_SO, _CAC) else i + 3
            if share is not None and follower in noun_starts:
                return Quantity("percent", share, i, i + 3, tokens.starts[i], tokens.end_char(i + 2))
        if norms[i] == _NAM:
            return None
        end = i
        while end < len(norms) and end - i < 6 and norms[end] in NUMBER_WORDS:
            end += 1
        if end not in noun_starts:
            return None
        if norms[i] == _MOT and end == i + 1 and norms[end] == _SO:
            return None  # "một số": some
        number = words_to_number(list(tokens.texts[i:end]))
        if number is None:
            return None
        return Quantity("count", number, i, end, tokens.starts[i], tokens.end_char(end - 1))

    def _with_approx(
        self, tokens: TokenTable, start: int, end: int, kind: str, value: float, total: int | None = None
    ) -> Quantity:
        norms = tokens.norms
        trailing_up = end + 1 < len(norms) and norms[end] == _TRO and norms[end + 1] == _LEN
        approx = None
        first = start
        for size, meanings in self.approximators_by_size:  # longest first; one phrase per length can match
            if start - size >= 0:
                meaning = meanings.get(tuple(norms[start - size : start]))
                if meaning is None or (size == 1 and norms[start - 1] == _TU and not trailing_up):
                    continue  # "từ 98% trở lên" only
                approx, first = meaning, start - size
                break
        if trailing_up:
            approx = approx or "over"
            end += 2
        return Quantity(kind, value, first, end, tokens.starts[first], tokens.end_char(end - 1), total, approx)


@Language.factory(
    "vnie_quantities_v1",
    assigns=["doc._.quantities", "doc._.years", "token._.masked", "doc.spans"],
    default_config={"year_min": _YEAR_MIN, "year_max": _YEAR_MAX},
)
def make_quantity_reader(nlp: Language, name: str, year_min: int, year_max: int) -> QuantityReader:
    return QuantityReader(year_min=year_min, year_max=year_max)
