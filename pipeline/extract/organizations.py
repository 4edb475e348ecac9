"""Organizations named in a text, read by a small grammar of Vietnamese body names.

underthesea's NER calls party bodies locations or misses them, so bodies are read by rule. A name is a
head noun (``body_names``: "Đảng bộ", "Huyện ủy", "Ban Thường vụ", "UBND", "Sở", "Trường" ...), then a
descriptor in title case ("Tuyên giáo", "Giáo dục và Đào tạo", "Mầm non Hoa Sen"), then what the body
belongs to: a place, confirmed against the gazetteer ("thành phố Biểu dương" names no city "Biểu"), or
another body ("Chi bộ Ban Tuyên giáo Tỉnh ủy X", "Ban Chấp hành Đảng bộ Cục Thuế tỉnh").

Each body also gets the scope it stands for: a committee its party organization ("Huyện ủy Hòa Vang"
-> "Đảng bộ huyện Hòa Vang"), the party body of an agency, school or hamlet itself ("Chi bộ trường
Tiểu học X"), a state body its administrative unit ("UBND tỉnh" -> "tỉnh X"). A unit left bare at the
end of a name ("Đảng ủy Khối các cơ quan tỉnh") is the site's or the one the article names.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import itemgetter

import numpy
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc

from pipeline.extract.body_names import (
    AGENCY_HEADS,
    ATTACHING_WORDS,
    BLOC_WORDS,
    CENTRAL_BODIES,
    COMMITTEE_ABBREVIATIONS,
    COMMITTEE_HEADS,
    COUNCIL_HEADS,
    COUNTER_WORDS,
    CREDIT_WORDS,
    FAMILY_NAMES,
    FORCE_WORDS,
    HAMLET_WORDS,
    HEADS_NAMED_AFTER_PEOPLE,
    KNOWN_ABBREVIATIONS,
    LEVEL_COMMITTEES,
    LOWER_CASE_AGENCIES,
    LOWER_CASE_INSTITUTIONS,
    MEMBER_SUFFIXES,
    MIDDLE_NAMES,
    NAME_STOP_WORDS,
    NOT_BODY_AFTER_HEAD,
    NOT_BODY_BEFORE_HEAD,
    NOT_NAME_STARTS,
    PARTY_HEADS,
    PARTY_MODIFIERS,
    PERSON_TITLES,
    PLURAL_WORDS,
    STOP_WORD_COMPOUNDS,
    TOPIC_WORDS,
    UNIT_WORDS,
)
from pipeline.extract.components import ext
from pipeline.extract.gazetteer import PROVINCE_LEVEL_CITIES, gazetteer
from pipeline.extract.mentions import Organization
from pipeline.extract.tokens import TokenTable
from pipeline.extract.vocabulary import statistic_abbreviations
from pipeline.models import fast_init
from pipeline.normalize import fold, key

_LEVEL_OF_UNIT = {
    "tỉnh": "province",
    "thành phố": "district",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
    "đặc khu": "commune",
}
_CONNECTORS = frozenset({fold("và"), "-", "–", "&"})
_QUOTES_OPEN = frozenset({"“", '"', "‘", "«"})
_QUOTES_CLOSE = frozenset({"”", '"', "’", "»"})
_PLURAL = frozenset(fold(w) for w in PLURAL_WORDS)
_COUNTERS = frozenset(fold(w) for w in COUNTER_WORDS)
_NONE_HAS = (fold("không"), fold("có"))
_NAMED_AFTER_PEOPLE = frozenset(fold(w) for w in HEADS_NAMED_AFTER_PEOPLE)
_NOT_AFTER = {fold(head): {fold(w) for w in words} for head, words in NOT_BODY_BEFORE_HEAD.items()}
_TRUNG_UONG = (fold("trung"), fold("ương"))
_MEMBER = frozenset(fold(w) for w in MEMBER_SUFFIXES)
_UY = frozenset({fold("ủy"), fold("uỷ")})
_LEVEL_FIRST = frozenset(fold(text.split()[0]) for text in LEVEL_COMMITTEES)
_ABBREVIATION = re.compile(r"(?=.{2})[A-ZĐ]+(?:&[A-ZĐ]+)*")  # "BTV", "HĐND", "GD&ĐT"
_UNIT_ABBREVIATIONS = {"tp": "thành phố", "tx": "thị xã", "tt": "thị trấn", "h": "huyện", "q": "quận", "p": "phường"}
_GLUED_UNIT = re.compile(r"(TP|TX|TT|H|Q|P)\.(\w+)", re.IGNORECASE)
_ABBREVIATED_UNITS = frozenset({"tx", "tt"})
_STATISTIC_WORDS = frozenset(key(word) for word in statistic_abbreviations())  # "chi bộ HTXSNV": a rating


@dataclass(frozen=True, slots=True)
class _Head:
    kind: str  # level | party | committee | council | agency | central
    words: tuple[str, ...]  # folded
    text: str  # canonical spelling


@fast_init
@dataclass(frozen=True, slots=True)
class _Place:
    """A place: ``unit`` "huyện" + ``name`` "Kim Sơn"; a bare unit has no name, a bare name no unit."""

    unit: str | None
    name: str | None
    start: int
    end: int


@fast_init
@dataclass(frozen=True, slots=True)
class _Body:
    head: _Head
    start: int
    head_end: int
    name_end: int  # end of the descriptor ("Tuyên giáo", "khu phố 3")
    end: int
    owner: _Body | _Place | None = None
    skipped: tuple[tuple[int, int], ...] = ()  # "(BTV)" right after a head: a definition, not the name
    lower: bool = False  # a head written in lower case ("chi bộ trường ...", "Trưởng ban ...")
    central: bool = False  # "... Trung ương"


@dataclass(frozen=True, slots=True)
class _Locality:
    """ "huyện Kim Thành có ...", "toàn tỉnh ...": a place standing for its party organization."""

    place: _Place
    start: int
    end: int


def _phrases(kind: str, texts: Iterable[str]) -> dict[str, list[_Head]]:
    by_first: dict[str, list[_Head]] = {}
    for text in texts:
        words = tuple(fold(text).split())
        by_first.setdefault(words[0], []).append(_Head(kind, words, text))
    return by_first


def _head_table() -> dict[str, list[_Head]]:
    table: dict[str, list[_Head]] = {}
    for kind, texts in (
        ("level", LEVEL_COMMITTEES),
        ("party", PARTY_HEADS),
        ("committee", COMMITTEE_HEADS),
        ("council", COUNCIL_HEADS),
        ("agency", AGENCY_HEADS),
        ("central", CENTRAL_BODIES),
    ):
        for first, heads in _phrases(kind, texts).items():
            table.setdefault(first, []).extend(heads)
    return {first: sorted(heads, key=lambda h: -len(h.words)) for first, heads in table.items()}


_HEADS = _head_table()
_UNITS = sorted(((tuple(fold(words).split()), unit) for words, unit in UNIT_WORDS.items()), key=lambda i: -len(i[0]))
_UNIT_FIRST = frozenset(words[0] for words, _unit in _UNITS)
_UNITS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # the same order, by first word
for _unit_words, _unit in _UNITS:
    _UNITS_BY_FIRST.setdefault(_unit_words[0], []).append((_unit_words, _unit))
_HAMLETS = sorted((tuple(fold(w).split()) for w in HAMLET_WORDS), key=len, reverse=True)
_BLOC = sorted((tuple(fold(w).split()) for w in (*BLOC_WORDS, *FORCE_WORDS)), key=len, reverse=True)
_BLOC_FIRST = frozenset(words[0] for words in _BLOC)
_HAMLET_FIRST = frozenset(words[0] for words in _HAMLETS)
_MODIFIERS = [tuple(fold(w).split()) for w in PARTY_MODIFIERS]
_LOWER_AGENCIES = frozenset(tuple(fold(w).split()) for w in LOWER_CASE_AGENCIES)
_LOWER_INSTITUTIONS: dict[str, list[tuple[str, ...]]] = {}
for _words in sorted((tuple(fold(w).split()) for w in LOWER_CASE_INSTITUTIONS), key=len, reverse=True):
    _LOWER_INSTITUTIONS.setdefault(_words[0], []).append(_words)
_NOT_BODY_AFTER = {fold(head): {fold(w) for w in words} for head, words in NOT_BODY_AFTER_HEAD.items()}
_COMMITTEE_ABBREVIATIONS = {fold(abbreviation): full for abbreviation, full in COMMITTEE_ABBREVIATIONS.items()}
_STOP = frozenset(fold(w) for w in NAME_STOP_WORDS)
_STOP_COMPOUNDS = frozenset(tuple(fold(w).split()) for w in STOP_WORD_COMPOUNDS)
_TRUONG = fold("trưởng")
_CUA, _TOAN, _SO, _HOI, _KHOI = (fold(w) for w in ("của", "toàn", "số", "hội", "khối"))
_VA = fold("và")
_CREDIT_WORDS = frozenset(fold(w) for w in CREDIT_WORDS)
_TOPIC_WORDS = frozenset(fold(w) for w in TOPIC_WORDS)
_ATTACHING = frozenset(fold(w) for w in ATTACHING_WORDS)
_TITLES = [tuple(fold(title).split()) for title in PERSON_TITLES]
_TITLES_BY_LAST: dict[str, list[tuple[str, ...]]] = {}
for _title in _TITLES:
    _TITLES_BY_LAST.setdefault(_title[-1], []).append(_title)
# First words of heads read in any case (party bodies, level committees), of heads read only when
# capitalized (or right after "Trưởng": "Trưởng ban ..."), and of places standing for their party body.
_ANY_CASE_FIRST = frozenset(h.words[0] for heads in _HEADS.values() for h in heads if h.kind in ("level", "party"))
_CAPITAL_FIRST = frozenset([*_HEADS, *_COMMITTEE_ABBREVIATIONS, *(fold(a) for a in KNOWN_ABBREVIATIONS)])
_PLACE_FIRST = frozenset([*_UNIT_FIRST, fold("toàn")])
_LOWER_CASE_FIRST = frozenset(
    h.words[0] for heads in _HEADS.values() for h in heads if h.kind in ("committee", "council") and len(h.words) > 1
)
_ALL_FIRST = _ANY_CASE_FIRST | _CAPITAL_FIRST | _PLACE_FIRST
# A cheap test before reading a body: a one-word head or abbreviation, or the first two words of a longer head.
_ONE_WORD_HEADS = frozenset(
    [*(h.words[0] for heads in _HEADS.values() for h in heads if len(h.words) == 1), *_COMMITTEE_ABBREVIATIONS,
     *(fold(a) for a in KNOWN_ABBREVIATIONS)]
)  # fmt: skip
_HEAD_BIGRAMS = frozenset(h.words[:2] for heads in _HEADS.values() for h in heads if len(h.words) > 1)


def _capital(text: str) -> bool:
    """A syllable or abbreviation written with a capital ("Tuyên", "BĐBP", "VHTTDL", "TT&TT")."""
    return bool(text) and text[0].isupper() and text.replace(".", "").replace("&", "").isalpha()


def _lower(text: str) -> bool:
    return bool(text) and text[0].islower() and text.isalpha()


def initials(words: Sequence[str]) -> str:
    """ "Ban Thường vụ" -> "BTV", "Hội đồng nhân dân" -> "HĐND": how abbreviations of names are made."""
    letters = []
    for word in words:
        if word.lower() == "và":
            letters.append("&")  # "Giáo dục và Đào tạo" -> "GD&ĐT"
            continue
        first = word[:1].upper()
        if first != "Đ":
            first = unicodedata.normalize("NFD", first)[:1]
        letters.append(first)
    return "".join(letters)


@dataclass
class _Units:
    """The places the article names, by unit word, to complete a unit left bare ("Cục Thuế tỉnh")."""

    named: dict[str, Counter[str]] = field(default_factory=dict)
    _most: dict[str, str | None] = field(default_factory=dict)  # read many times once all are learnt

    def add(self, unit: str | None, name: str | None) -> None:
        if unit and name:
            self.named.setdefault(unit, Counter())[name] += 1
            self._most.pop(unit, None)

    def most_named(self, unit: str) -> str | None:
        if unit not in self._most:
            counts = self.named.get(unit)
            self._most[unit] = counts.most_common(1)[0][0] if counts else None
        return self._most[unit]


class OrganizationFinder:
    """Reads the organizations of one Doc (whose tokens carry folded NORMs)."""

    def __init__(self, doc: Doc, province_hint: str | None, district_hint: str | None = None) -> None:
        tokens: TokenTable = ext(doc, "tokens")
        self.text = tokens.text
        self.texts, self.norms, self.starts = tokens.texts, tokens.norms, tokens.starts
        sentence_starts: list[int] = list(ext(doc, "sentence_starts") or [0])
        # Extra spaces inside a line ("Huyện ủy  Kim Sơn") are tokens of their own: names are read without
        # them, and their mentions given back in the Doc's token indices.
        self._doc_index: tuple[int, ...] | None = None
        spaces = set()
        if "  " in self.text or "\t" in self.text:
            spaces = {int(k) for k in numpy.flatnonzero(doc.to_array(IS_SPACE)) if "\n" not in self.texts[k]}
        if spaces and len(spaces) < len(self.texts):
            keep = tuple(k for k in range(len(self.texts)) if k not in spaces)
            self._doc_index = keep
            pick = itemgetter(*keep)
            self.texts, self.norms, self.starts = (tuple(pick(values)) if len(keep) > 1 else (pick(values),)
                                                   for values in (self.texts, self.norms, self.starts))  # fmt: skip
            sentence_starts = sorted({bisect_left(keep, start) for start in sentence_starts})
        self.size = len(self.texts)
        self.province_hint = province_hint
        self.district_hint = district_hint
        self.places = gazetteer()
        self.units = _Units()
        self.defined: dict[str, str] = {}
        self.full_khoi = False
        self._places_at: dict[int, _Place | None] = {}
        self._glued_at: dict[int, _Place | None] = {}
        self._unit_scopes: dict[tuple[str, str], tuple[str | None, str | None, str, str]] = {}
        self.sentence_starts = sentence_starts

    def find(self) -> list[Organization]:
        """Every body mention, outermost first; a body inside another's name is part of it."""
        self.defined = self._definitions()
        found: list[_Body | _Locality] = []
        texts, norms, size = self.texts, self.norms, self.size
        reached = 0
        # the same candidates as testing every token in turn, with the scan in C (compress, map)
        firsts = set(compress(range(size), map(_ALL_FIRST.__contains__, norms)))
        dotted = self._dotted()
        candidates = sorted(firsts.union([i for i in dotted if i not in firsts and self._glued(i)]))
        for i in candidates:
            if i < reached:
                continue
            norm = norms[i]
            item: _Body | _Locality | None = None
            opens_head = norm in _ONE_WORD_HEADS or (i + 1 < size and (norm, norms[i + 1]) in _HEAD_BIGRAMS)
            if opens_head and (
                norm in _ANY_CASE_FIRST
                or (
                    norm in _CAPITAL_FIRST
                    and (
                        texts[i][:1].isupper()
                        or norm in _LOWER_CASE_FIRST
                        or (i and norms[i - 1] == _TRUONG)
                        or self._lower_institution(i) is not None
                    )
                )
            ):
                item = self._body(i)
            if item is None and (norm in _PLACE_FIRST or self._glued(i)):
                item = self._locality(i)
            if isinstance(item, _Body) and self._quoted(item):
                item = None  # “Chi bộ bốn tốt”: the name of a model or a title, not a body
            if item is not None:
                found.append(item)
                reached = item.end
        headline = self._headline_place()
        if headline is not None and not any(item.start <= headline.start < item.end for item in found):
            found.insert(next((k for k, item in enumerate(found) if item.start > headline.start), len(found)), headline)
        for item in found:
            self._learn_units(item)
        self.full_khoi = any(isinstance(item, _Body) and self._is_khoi(item) and not self._bare_khoi(item)
                             for item in found)  # fmt: skip
        organizations = [self._organization(item) for item in found]
        return self._agencies_as_their_party_bodies(found, organizations)

    def _dotted(self) -> list[int]:
        """Tokens holding a full stop, in order: found from the text's stops (no pass over every token)."""
        dotted: list[int] = []
        at = self.text.find(".")
        while at >= 0:
            token = bisect_right(self.starts, at) - 1
            if token >= 0 and at < self.starts[token] + len(self.texts[token]) and (not dotted or dotted[-1] != token):
                dotted.append(token)
            at = self.text.find(".", at + 1)
        return dotted

    def _tokens_of_char(self, char: str) -> list[int]:
        """Tokens that are ``char`` alone, in order, found from the text (no pass over every token)."""
        found: list[int] = []
        at = self.text.find(char)
        while at >= 0:
            token = bisect_right(self.starts, at) - 1
            if token >= 0 and self.starts[token] == at and self.texts[token] == char:
                found.append(token)
            at = self.text.find(char, at + 1)
        return found

    def _headline_place(self) -> _Locality | None:
        """ "Tân Châu: Kết nạp ...", "Kim Sơn tổng kết ...": a headline opening with a district or province.

        Only the first lines are headlines; the name must be a known district (of the site's province
        when the site tells it) or a province, followed by a colon, a dash or a lower-case word.
        """
        offset = 0
        for _line in range(4):
            while offset < len(self.text) and self.text[offset].isspace():
                offset += 1
            if offset >= len(self.text):
                return None
            j = bisect_left(self.starts, offset)
            place = self._opening_place(j) if j < self.size else None
            if place is not None:
                return _Locality(place, j, place.end)
            offset = self.text.find("\n", offset)
            if offset < 0:
                return None
        return None

    def _opening_place(self, j: int) -> _Place | None:
        end = self._known_name(j, None)
        if end == j or end >= self.size:
            return None
        after = self.texts[end]
        if not (after in (":", "-", "–") or _lower(after) or (after.isupper() and self.texts[j].isupper())):
            return None
        name = self._text(j, end)
        if name.isupper():
            name = name.title()
        province = self.places.province(name)
        if province is not None and (self.province_hint in (None, province)):
            return _Place("thành phố" if province in PROVINCE_LEVEL_CITIES else "tỉnh", province, j, end)
        districts = self.places.district_units(name, self.province_hint) if self.province_hint else ()
        if not districts and self.province_hint is None:
            found = self.places.district_units(name)
            districts = found if len({u.province for u in found}) == 1 else ()
        if not districts:
            return None
        return _Place(districts[0].kind, districts[0].name, j, end)

    def _quoted(self, body: _Body) -> bool:
        closed = body.end < self.size and self.texts[body.end] in _QUOTES_CLOSE
        return body.start > 0 and self.texts[body.start - 1] in _QUOTES_OPEN and closed

    def _role(self, start: int) -> str:
        """Where a mention stands: opening its sentence, inside a person's title, after "của", or elsewhere."""
        norms = self.norms
        titles = _TITLES_BY_LAST.get(norms[start - 1], ()) if start else ()
        if any(tuple(norms[max(0, start - len(title)) : start]) == title for title in titles):
            return "title"
        if start > 0 and norms[start - 1] == _CUA:
            return "owner"
        if start > 0 and norms[start - 1] in _ATTACHING:
            return "attached"  # "chi bộ trực thuộc Đảng bộ X", "đảng viên ở Đảng bộ xã Y": where the subject belongs
        sentence_start = self.sentence_start(start)
        while sentence_start < start and not self.texts[sentence_start][:1].isalnum():
            sentence_start += 1  # "* ", "- ": a bullet
        if start == sentence_start or (start > 0 and norms[start - 1] == _TOAN):
            return "subject"  # "Đảng bộ huyện ... có", "toàn Đảng bộ huyện ...": what the sentence is about
        before = self.texts[sentence_start:start]
        if start - sentence_start <= 10 and before[-1] == "," and before.count(",") == 1:
            return "subject"  # "Năm 2022, Đảng bộ huyện ...": after an opening adverbial
        if start - sentence_start == 1 and norms[sentence_start] in _TOPIC_WORDS:
            return "subject"  # "Theo Thị ủy X, ...", "Tại Đảng bộ xã Y, ...": the sentence's source or place
        return "plain"

    def sentence_start(self, i: int) -> int:
        index = bisect_right(self.sentence_starts, i) - 1
        return self.sentence_starts[index] if index >= 0 else 0

    def _agencies_as_their_party_bodies(self, found: Sequence[_Body | _Locality],
                                        organizations: list[Organization]) -> list[Organization]:  # fmt: skip
        """ "Trường X" where the article names "Chi bộ trường X": the school stands for its party body."""
        own: dict[str, Organization] = {}
        for item, org in zip(found, organizations, strict=True):
            if isinstance(item, _Body) and item.head.kind == "party" and org.level in ("office", "chibo") and org.scope:
                own.setdefault(key(self._text(item.head_end, item.end)), org)
        if not own:
            return organizations
        result = []
        for item, org in zip(found, organizations, strict=True):
            if isinstance(item, _Body) and item.head.kind in ("agency", "committee"):
                name = key(org.text)
                party = next((p for d, p in own.items() if name == d or name.startswith(d + " ")), None)
                if party is not None:
                    org = replace(org, scope=party.scope, level=party.level, province=party.province,
                                  district=party.district)  # fmt: skip
            result.append(org)
        return result

    # --- heads ---------------------------------------------------------------------------------
    def _head_at(self, i: int, *, nested: bool = False) -> _Head | None:
        norm = self.norms[i]
        for head in _HEADS.get(norm, ()):
            if tuple(self.norms[i : i + len(head.words)]) == head.words and self._head_written(i, head, nested):
                return head
        full = _COMMITTEE_ABBREVIATIONS.get(norm)
        if full and self.texts[i].isupper():
            return _Head("committee", (norm,), full)
        return None

    def _head_written(self, i: int, head: _Head, nested: bool) -> bool:
        """Party bodies in any case; other heads capitalized, or in lower case inside a party body's name."""
        text = self.texts[i]
        previous = self.norms[i - 1] if i else ""
        if previous in _NOT_AFTER.get(" ".join(head.words), ()):
            return False
        if head.kind in ("level", "party"):
            return True
        if i > 0 and _capital(self.texts[i - 1]) and key(self.texts[i - 1]) in FAMILY_NAMES and not text.isupper():
            return False  # "Nguyễn Trường An": a person's name, not a school
        if head.kind == "agency" and key(text) in FAMILY_NAMES and self._person_follows(i + len(head.words)):
            return False  # "Đoàn Hữu Trưng": a person whose family name is a head noun
        if head.kind == "agency" and _capital(text) and self._place_named_like(i, len(head.words)):
            return False  # "quần đảo Trường Sa", "phố cổ Hội An": a place whose name starts with a head noun
        if _capital(text) or text.isupper():
            return True
        if previous == _TRUONG and head.kind in ("committee", "agency"):
            return True  # "Trưởng ban Tuyên giáo Tỉnh ủy": the body inside a title, in lower case
        if head.kind in ("committee", "council") and len(head.words) > 1 and text.islower():
            return True  # "ban thường vụ huyện ủy", "ủy ban nhân dân xã": written in lower case
        if head.kind == "agency" and self._lower_institution(i) == head.words:
            return True  # "trường Tiểu học Kim Đồng", "bệnh viện Đa khoa huyện": an institution in lower case
        return nested and head.kind == "agency" and head.words in _LOWER_AGENCIES

    def _lower_institution(self, i: int) -> tuple[str, ...] | None:
        """The head of "trường Tiểu học X", "trung tâm Y tế huyện": an institution's head in lower case, then
        its name in title case (no sentence-opening word, no place)."""
        for words in _LOWER_INSTITUTIONS.get(self.norms[i], ()):
            after = i + len(words)
            if tuple(self.norms[i:after]) != words or after >= self.size or not self.texts[i].islower():
                continue
            text = self.texts[after]
            if _capital(text) and not text.isupper() and key(text) not in NOT_NAME_STARTS:
                return None if self._known_name(after, None) > after else words
        return None

    def _place_named_like(self, i: int, head_size: int) -> bool:
        """Whether the capitalized words at ``i`` are, all of them, a known place ("Trường Sa", "Hội An")."""
        after = i + head_size
        if after >= self.size or not _capital(self.texts[after]) or self.norms[i] not in self.places.first_words:
            return False
        end = self._known_name(i, None)
        return end > after and not (end < self.size and _capital(self.texts[end]))

    # --- one body ------------------------------------------------------------------------------
    def _body(self, i: int, *, nested: bool = False) -> _Body | None:
        head = self._head_at(i, nested=nested)
        if head is None:
            return self._known_abbreviation(i)
        end = i + len(head.words)
        if end < self.size and self.norms[end] in _MEMBER and head.kind in ("level", "party", "committee"):
            return None  # "Tỉnh ủy viên", "Đảng ủy viên": a member, not a body
        if end < self.size and self.norms[end] in _NOT_BODY_AFTER.get(" ".join(head.words), ()):
            return None  # "Hội nghị", "Trường hợp", "Đoàn viên"
        skipped: tuple[tuple[int, int], ...] = ()
        if (
            end + 2 < self.size
            and self.texts[end] == "("
            and self.texts[end + 2] == ")"
            and _ABBREVIATION.fullmatch(self.texts[end + 1])
        ):
            skipped, end = ((end, end + 3),), end + 3  # "Ban Thường vụ (BTV) Huyện ủy": a definition
        lower = not (self.texts[i][:1].isupper())
        if head.kind == "level":
            place = self._level_place(end, LEVEL_COMMITTEES[head.text])
            return _Body(head, i, end, end, place.end if place else end, place, skipped, lower)
        if head.kind == "central":
            return _Body(head, i, end, end, end, None, skipped, lower, central=True)
        if head.kind == "party":
            return self._party(i, head, end, skipped, lower)
        if head.kind == "council":
            if end + 1 < self.size and self.texts[end] in ("-", "–"):
                joint = self._head_at(end + 1)
                if joint is not None and joint.kind == "council":  # "HĐND - UBND huyện": one joint office
                    end += 1 + len(joint.words)
            place = self._place(end)
            return _Body(head, i, end, end, place.end if place else end, place, skipped, lower)
        if head.kind == "committee":
            return self._committee(i, head, end, skipped, lower)
        return self._agency(i, head, end, skipped, lower, nested)

    def _known_abbreviation(self, i: int) -> _Body | None:
        """ "MTTQ" standing alone: the body everyone knows by it."""
        text = self.texts[i]
        full = KNOWN_ABBREVIATIONS.get(text)
        if full is None:
            return None
        return _Body(_Head("central", (self.norms[i],), full), i, i + 1, i + 1, i + 1, central=True)

    def _party(self, i: int, head: _Head, end: int, skipped: tuple[tuple[int, int], ...],
               lower: bool) -> _Body | None:  # fmt: skip
        j = end
        for words in _MODIFIERS:  # "Đảng bộ bộ phận ...", "Đảng bộ cơ sở ..." (alone they are kinds)
            if tuple(self.norms[j : j + len(words)]) == words:
                j += len(words)
                break
        place = self._place(j)
        if place is not None:
            if place.name is None and self._counted(i):
                return None  # "100% đảng bộ xã", "không có đảng bộ xã nào": what was rated
            return _Body(head, i, end, end, place.end, place, skipped, lower)
        hamlet_end = self._hamlet(j) if self._bloc_words(j) == j else j
        if hamlet_end > j:
            return self._with_comma_owner(_Body(head, i, end, hamlet_end, hamlet_end, None, skipped, lower))
        if j < self.size and self.texts[j].isdigit() and not self._counts_next(j):  # "Chi bộ 4"
            return self._with_comma_owner(_Body(head, i, end, j + 1, j + 1, None, skipped, lower))
        inner = self._body(j, nested=True) if j < self.size and self.norms[j] in _HEADS else None
        if inner is not None and inner.head.kind in ("agency", "committee", "council", "level"):
            return self._with_comma_owner(_Body(head, i, end, j, inner.end, inner, skipped, lower))
        descriptor_end = self._descriptor(j, lower_start=True)
        if descriptor_end == j:
            return self._bare_party(i, head, end, skipped, lower)
        descriptor_end, owner, skipped = self._after_descriptor(descriptor_end, skipped)
        body = _Body(head, i, end, descriptor_end, owner.end if owner else descriptor_end, owner, skipped, lower)
        return self._with_comma_owner(body) if owner is None else body

    def _counts_next(self, j: int) -> bool:
        """ "Đảng ủy 4 xã": the number counts the noun after it, it names nothing."""
        after = j + 1
        if after >= self.size or not _lower(self.texts[after]):
            return False
        return self.norms[after] in _UNIT_FIRST or any(self.norms[after] == words[0] for words in _HAMLETS)

    def _bare_party(self, i: int, head: _Head, end: int, skipped: tuple[tuple[int, int], ...],
                    lower: bool) -> _Body | None:  # fmt: skip
        """ "Đảng bộ" alone names the article's body; "các chi bộ", "5 đảng bộ" are what was rated."""
        if lower or self._counted(i):
            return None
        return _Body(head, i, end, end, end, None, skipped, lower)

    def _counted(self, i: int) -> bool:
        """ "5 đảng bộ", "các chi bộ", "3 lượt Đảng bộ xã", "không có đảng bộ xã ...": what was rated."""
        if i == 0:
            return False
        previous = self.norms[i - 1]
        if self.texts[i - 1][:1].isdigit() or previous in _PLURAL or previous in _COUNTERS:
            return True
        return i > 1 and (self.norms[i - 2], previous) == _NONE_HAS

    def _committee(self, i: int, head: _Head, end: int, skipped: tuple[tuple[int, int], ...], lower: bool) -> _Body:
        if tuple(self.norms[end : end + 2]) == _TRUNG_UONG:
            return _Body(head, i, end, end, end + 2, None, skipped, lower, central=True)
        name_end = end
        if end + 1 < self.size and self.texts[end] in ("-", "–") and _capital(self.texts[end + 1]):
            joined = self._descriptor(end + 1)  # "Ban Tuyên giáo - Dân vận Huyện ủy": two committees made one
            if joined > end + 1 and isinstance(self._owner(joined), _Body):
                name_end = joined
        owner = self._owner(name_end)
        return _Body(head, i, end, name_end, owner.end if owner else name_end, owner, skipped, lower)

    def _agency(self, i: int, head: _Head, end: int, skipped: tuple[tuple[int, int], ...], lower: bool,
                nested: bool) -> _Body | None:  # fmt: skip
        if tuple(self.norms[end : end + 2]) == _TRUNG_UONG:
            return _Body(head, i, end, end, end + 2, None, skipped, lower, central=True)
        people = " ".join(head.words) in _NAMED_AFTER_PEOPLE
        descriptor_end = self._descriptor(end, lower_start=True, people=people)
        if descriptor_end == end:
            inner = self._owner(end)
            if isinstance(inner, _Body):  # "Văn phòng Huyện ủy", "Trường Đại học X"
                return _Body(head, i, end, end, inner.end, inner, skipped, lower)
            place = self._place(end)
            if place is not None and (place.name or head.kind == "agency"):
                return _Body(head, i, end, end, place.end, place, skipped, lower)
            if end < self.size and self.texts[end].isdigit() and not lower:  # "Quân khu 7"
                return _Body(head, i, end, end + 1, end + 1, None, skipped, lower)
            return None
        descriptor_end, owner, skipped = self._after_descriptor(descriptor_end, skipped, people)
        return _Body(head, i, end, descriptor_end, owner.end if owner else descriptor_end, owner, skipped, lower)

    def _after_descriptor(self, j: int, skipped: tuple[tuple[int, int], ...], people: bool = False
                          ) -> tuple[int, _Body | _Place | None, tuple[tuple[int, int], ...]]:  # fmt: skip
        """(descriptor end, owner, skipped) past an abbreviation defined inside the name: "Ban Chỉ huy Quân
        sự (CHQS) huyện X", "Trường Trung học phổ thông (THPT) Lê Lợi" (the definition is not the name)."""
        definition = self._definition_end(j)
        if definition > j:
            owner = self._owner(definition)
            if owner is not None:
                return j, owner, (*skipped, (j, definition))
            more = self._descriptor(definition, people=people) if _capital(self.texts[definition]) else definition
            if more > definition:
                return more, self._owner(more), (*skipped, (j, definition))
        return j, self._owner(j), skipped

    def _defines_words_before(self, j: int) -> bool:
        """Whether "(ABBR)" at ``j`` abbreviates the words right before it ("Trung học phổ thông (THPT)")."""
        end = self._definition_end(j)
        if end == j:
            return False
        abbreviation = self.texts[end - 2]
        start = j - len(abbreviation)
        return start >= 0 and initials(self.texts[start:j]) == abbreviation

    def _definition_end(self, j: int) -> int:
        """End of "(CHQS)", "(Bộ CHQS)" at ``j``: an abbreviation defined inside a name; ``j`` when none."""
        texts = self.texts
        if j >= self.size or texts[j] != "(":
            return j
        for close in (j + 2, j + 3):
            if close < self.size and texts[close] == ")" and _ABBREVIATION.fullmatch(texts[close - 1]):
                inside = texts[j + 1 : close]
                return close + 1 if all(t.isalpha() or _ABBREVIATION.fullmatch(t) for t in inside) else j
        return j

    def _owner(self, j: int) -> _Body | _Place | None:
        """What the body named up to ``j`` belongs to: a place or another body."""
        if j >= self.size:
            return None
        place = self._place(j)
        if place is not None:
            return place
        if self.norms[j] in _HEADS or self.norms[j] in _COMMITTEE_ABBREVIATIONS:
            inner = self._body(j, nested=True)
            if inner is not None:
                return inner
        return None

    def _with_comma_owner(self, body: _Body) -> _Body:
        """ "Chi bộ 3, phường Ba Đình", "Chi bộ Khoa ..., Trường Đại học X": the body it belongs to."""
        j = body.end
        direct = self._place(j) if j < self.size and self.norms[j] in _UNIT_FIRST else None
        if direct is not None and direct.name:  # "Chi bộ thôn 3 xã Kim Chính": no comma
            return _Body(body.head, body.start, body.head_end, body.name_end, direct.end, direct, body.skipped,
                         body.lower)  # fmt: skip
        if j + 1 >= self.size or self.texts[j] != ",":
            return body
        place = self._place(j + 1)
        if place is not None and place.name:
            return _Body(body.head, body.start, body.head_end, body.name_end, place.end, place, body.skipped,
                         body.lower)  # fmt: skip
        if _capital(self.texts[j + 1]):
            head = self._head_at(j + 1)
            inner = self._body(j + 1, nested=True) if head is not None and head.kind == "agency" else None
            if inner is not None:
                return _Body(body.head, body.start, body.head_end, body.name_end, inner.end, inner, body.skipped,
                             body.lower)  # fmt: skip
        return body

    # --- descriptors ---------------------------------------------------------------------------
    def _descriptor(self, start: int, *, lower_start: bool = False, people: bool = False) -> int:
        """End of a title-case descriptor: "Tuyên giáo", "Giáo dục và Đào tạo", "Chế độ chính sách - Thông tin".

        A capitalized syllable may take one lower-case syllable of its word ("Ngoại ngữ"), or a short
        lower-case run when a capitalized word, a unit or a number follows ("Chính trị quốc gia Hồ Chí
        Minh"); a run of capitals (a proper name) takes none. The descriptor ends where a place or another
        body starts, or after a known place ("Phòng Nội vụ Kim Sơn"). ``people``: the head names
        institutions after people, so a family name does not end it ("Trường Tiểu học Lê Lợi").
        """
        j = start
        segments = 0
        capitals = 0  # capitalized syllables just read
        if lower_start:
            j = self._bloc_words(start)
            if j == start:
                j = self._lower_bridge(start, capitals=1, opening=True)
            segments = int(j > start)
        while j < self.size:
            text, norm = self.texts[j], self.norms[j]
            if norm in _UNIT_FIRST and self._place(j) is not None:
                break
            if norm in _HEADS and self._starts_body(j):
                break
            if norm in _CONNECTORS and segments and j + 1 < self.size and _capital(self.texts[j + 1]):
                j += 1
                capitals = 0
                continue
            if text == "," and segments and (self._glued_comma(j) or self._enumerated(j + 1)):
                j += 1  # "Văn hóa, Thể thao và Du lịch": one name enumerating its fields
                capitals = 0
                continue
            if _capital(text):
                headline = j > start and self._in_headline_case(j)
                if capitals == 0 or self._in_capitals(j) or headline:
                    place_end = self._known_name(j, None)
                    known = place_end - j > 1 or (place_end > j and self.places.province(self._text(j, place_end)))
                    if known and (headline or not (place_end < self.size and _capital(self.texts[place_end]))):
                        return self._joined_places(place_end)  # in a headline, words after a place are its verb
                after_connector = j > start and self.norms[j - 1] in _CONNECTORS
                compound = j + 1 < self.size and (norm, self.norms[j + 1]) in _STOP_COMPOUNDS  # "Dự án", "Đầu tư"
                starts_none = key(text) in NOT_NAME_STARTS and not after_connector and not (j > start and compound)
                if starts_none or key(text) in _STATISTIC_WORDS:
                    break
                if norm in _STOP and j > start and self._in_headline_case(j):
                    break  # "Trường Mầm Non Hoa Sen Tổ Chức ...": in a headline every word is capitalized
                if (
                    j > start
                    and _lower(self.texts[j - 1])
                    and self.norms[j - 1] not in _CONNECTORS
                    and (self._stops_name(j))
                ):
                    break  # "Sở Nội vụ Triển khai ...": a name in sentence case, then a headline's verb
                person = key(text) in FAMILY_NAMES and j + 1 < self.size and _capital(self.texts[j + 1])
                if segments and person and not people and not self._in_capitals(j):
                    break  # "Đảng ủy Khối Lê Văn An": a person follows the body
                if segments >= 3 and person and people and not self._in_capitals(j):
                    break  # "Trường Tiểu học Kim Chính Nguyễn Thị Bình": named already, the title's holder follows
                j += 1
                segments += 1
                capitals += 0 if (len(text) > 1 and text.isupper() and not self._in_capitals(j - 1)) else 1
                continue
            if text.isdigit() and segments:
                if j > start and self.norms[j - 1] == _SO:  # "Tiểu học số 1 Minh Lập"
                    j += 1
                    capitals = 0
                    continue
                return j + 1  # "Quân khu 7"
            if _lower(text) and segments:
                bridged = self._lower_bridge(j, capitals=capitals)
                if bridged > j:
                    j = bridged
                    capitals = 0
                    continue
                if capitals == 1 and not self._stops_name(j) and norm not in _UNIT_FIRST:
                    j += 1  # the second syllable of a capitalized word: "Tuyên giáo"
                    capitals = 0
                    continue
            break
        while j > start and (self.texts[j - 1] in (",", "-", "–") or self.norms[j - 1] in _CONNECTORS):
            j -= 1
        return j

    def _joined_places(self, j: int) -> int:
        """ "khu vực Hoằng Hóa - Hậu Lộc": places joined by a dash end a name together; a province after the
        dash ("Hà Đông - Hà Nội") says where the body is, it is not part of its name."""
        while j + 1 < self.size and self.texts[j] in ("-", "–"):
            end = self._known_name(j + 1, None)
            if end == j + 1 or self.places.province(self._text(j + 1, end)) is not None:
                break
            j = end
        return j

    def _glued_comma(self, j: int) -> bool:
        """ "VH,TT&DL": a comma with no space around it, between two abbreviations, joins one name."""
        starts, texts = self.starts, self.texts
        if j == 0 or j + 1 >= self.size or not (texts[j - 1].isupper() and _capital(texts[j + 1])):
            return False
        return starts[j - 1] + len(texts[j - 1]) == starts[j] and starts[j] + 1 == starts[j + 1]

    def _enumerated(self, j: int) -> bool:
        """After a comma in a descriptor: title-case words, no head, then "và" and a capital ("Thể thao và Du lịch")."""
        k = j
        while k < self.size and k - j < 4 and (_capital(self.texts[k]) or (k > j and _lower(self.texts[k]))):
            if self.norms[k] == _VA:
                break
            if self.norms[k] in _HEADS and self._starts_body(k):
                return False
            k += 1
        return (
            k > j
            and _capital(self.texts[j])
            and k + 1 < self.size
            and self.norms[k] == _VA
            and _capital(self.texts[k + 1])
            and not (self.norms[k + 1] in _HEADS and self._starts_body(k + 1))
        )

    def _in_capitals(self, j: int) -> bool:
        """Whether token ``j`` stands in a line written in capitals (a headline, a letterhead)."""
        words = [t for t in self.texts[max(0, j - 2) : j + 3] if t.isalpha()]
        return len(words) >= 3 and all(w.isupper() and len(w) > 1 for w in words)

    def _in_headline_case(self, j: int) -> bool:
        """Whether token ``j`` opens words all written with a capital (Title Case or CAPITALS): the one before
        and the two after ("Mầm non Hoa Sen Tổ Chức Lễ ...": the name before may have lower-case syllables)."""
        words = [t for t in self.texts[max(0, j - 1) : j + 3] if t.isalpha()]
        return len(words) >= 4 and all(w[0].isupper() for w in words)

    def _person_follows(self, j: int) -> bool:
        """Two or more title-cased syllables and then lower case or punctuation: the rest of a person's name
        (a middle name "Văn", "Thị" says so even where the rest is also a place: "Đoàn Văn Tiến")."""
        end = j
        while end < self.size and self.texts[end].istitle() and self.texts[end].isalpha() and end - j < 3:
            end += 1
        if end - j < 2:
            return False
        return key(self.texts[j]) in MIDDLE_NAMES or not self._is_named(self._text(j, end), None)

    def _starts_body(self, j: int) -> bool:
        head = self._head_at(j, nested=True)
        if head is None:
            return False
        after = j + len(head.words)
        return not (after < self.size and self.norms[after] in _NOT_BODY_AFTER.get(" ".join(head.words), ()))

    def _lower_bridge(self, j: int, *, capitals: int, opening: bool = False) -> int:
        """End of a lower-case run that continues the name: a capitalized word, a unit or a number follows.

        ``opening``: the run opens the descriptor, right after the head; a body after a comma then does not
        make it a name ("Ban giám hiệu, Công đoàn nhà trường": two bodies, the first no name)."""
        if capitals > 1:
            return j
        k = j
        while k < self.size and k - j < 6 and _lower(self.texts[k]) and not self._stops_name(k):
            if self.norms[k] in _UNIT_FIRST and self._place(k) is not None:
                break
            k += 1
        if k == j or k >= self.size:
            return j
        if k - j > 4:  # a long lower-case run continues a name only up to a place ("... đầu tư xây dựng huyện X")
            return k if self.norms[k] in _UNIT_FIRST and self._place(k) is not None else j
        after = self.texts[k]
        if self.norms[k] in _UNIT_FIRST and self._place(k) is not None:
            return k
        if self.norms[k - 1] == _SO and after.isdigit():
            return k
        if after == "(" and self._defines_words_before(k):
            return k  # "Trung học phổ thông (THPT)": the words the abbreviation stands for
        if self.norms[k] in _CONNECTORS and k + 1 < self.size and _capital(self.texts[k + 1]):
            return k
        if (
            after == ","
            and not opening
            and k + 1 < self.size
            and _capital(self.texts[k + 1])
            and self._starts_body(k + 1)
        ):
            return k  # "Chi bộ Khoa học tự nhiên, Trường Đại học X": the body it belongs to follows
        if not _capital(after) or key(after) in NOT_NAME_STARTS:
            return j
        if k - j > 1 and self._starts_body(k):
            return j  # "Phòng Nội vụ tham mưu UBND ...": a verb between two bodies
        return k

    def _stops_name(self, k: int) -> bool:
        """A verb or function word ends a name, unless it opens a compound noun ("dự án", "công nghiệp")."""
        norms = self.norms
        if norms[k] not in _STOP:
            return False
        opens = k + 1 < self.size and (norms[k], norms[k + 1]) in _STOP_COMPOUNDS
        return not (opens or (k > 0 and (norms[k - 1], norms[k]) in _STOP_COMPOUNDS))

    def _bloc_words(self, j: int) -> int:
        """ "khối các cơ quan", "cơ quan", "quân sự": lower-case descriptors of bloc and force bodies."""
        start = j
        while j < self.size and self.norms[j] in _BLOC_FIRST:
            for words in _BLOC:
                if words[0] == _VA and j == start:
                    continue  # "và cơ quan" only joins a second bloc word to a first
                if tuple(self.norms[j : j + len(words)]) == words:
                    j += len(words)
                    break
            else:
                break
        return j if j > start else start

    def _hamlet(self, j: int) -> int:
        """End of "thôn Đông", "ấp Kà Ốt", "khu phố 3" after a chi bộ; ``j`` when none."""
        if j >= self.size or self.norms[j] not in _HAMLET_FIRST:
            return j
        for words in _HAMLETS:
            if tuple(self.norms[j : j + len(words)]) != words:
                continue
            k = j + len(words)
            if k < self.size and self.texts[k].isdigit():
                return k + 1
            if k < self.size and self.norms[k] == _SO and k + 1 < self.size and self.texts[k + 1].isdigit():
                return k + 2
            end = k
            while end < self.size and end - k < 4 and _capital(self.texts[end]):
                if end == k and key(self.texts[end]) in NOT_NAME_STARTS:
                    break
                if end > k and key(self.texts[end]) in FAMILY_NAMES:
                    break
                end += 1
            if end > k and end + 1 < self.size and self.texts[end].isdigit():
                after = self.texts[end + 1]
                if not (_lower(after) and self.norms[end + 1] not in _STOP) and after not in ("/", "%"):
                    end += 1  # "thôn Đông Sơn 2 đạt ...", not "thôn Yên Lạc 12 đảng viên": a count
            return end if end > k else j
        return j

    # --- places --------------------------------------------------------------------------------
    def _place(self, j: int) -> _Place | None:
        """ "huyện Đông Sơn", "Phường 12", "TP HCM", "tỉnh" (bare), "TP.Vinh", "H.Kim Sơn": a unit and its name."""
        if j >= self.size:
            return None
        if self.norms[j] not in _UNIT_FIRST:
            return self._glued_place(j) if "." in self.texts[j] else None
        if j not in self._places_at:
            self._places_at[j] = self._read_place(j)
        return self._places_at[j]

    def _read_place(self, j: int) -> _Place | None:
        if j + 1 < self.size and self.norms[j + 1] in _UY and self.norms[j] in _LEVEL_FIRST:
            return None  # "Tỉnh ủy": a committee, not a place
        for words, unit in _UNITS_BY_FIRST.get(self.norms[j], ()):
            end = j + len(words)
            if tuple(self.norms[j:end]) != words:
                continue
            if end < self.size and self.texts[end].isdigit():
                return _Place(unit, self.texts[end], j, end + 1)
            if unit == "xã" and end < self.size and self.norms[end] == _HOI:
                return None  # "xã hội"
            name_end = self._known_name(end, unit) if end < self.size else end
            if name_end == end:
                name_end = self._unlisted_name(end)
            if name_end > end:
                return _Place(unit, self._text(end, name_end), j, name_end)
            if words[0] == "tp" and not self.texts[j].isupper():
                return None
            if words[0] in _ABBREVIATED_UNITS:
                return None  # "TX", "TT" alone: not sure to be a unit
            return _Place(unit, None, j, end)
        return None

    def _glued(self, i: int) -> bool:
        norm = self.norms[i]
        return "." in norm and norm[:1].isalpha() and self._glued_place(i) is not None

    def _glued_place(self, j: int) -> _Place | None:
        """ "TP.Vinh", "TX.Sơn Tây", "H.Kim Sơn", "Q.3": a unit abbreviation glued to the name by its dot."""
        found = _GLUED_UNIT.fullmatch(self.texts[j])
        if found is None or j in self._glued_at:
            return self._glued_at.get(j)
        unit = _UNIT_ABBREVIATIONS[found.group(1).lower()]
        first = found.group(2)
        place = None
        if first.isdigit():
            place = _Place(unit, first, j, j + 1)
        else:
            end = j + 1
            while end < self.size and end - j < 5 and _capital(self.texts[end]):
                end += 1
            for stop in range(end, j, -1):
                name = " ".join([first, *self.texts[j + 1 : stop]])
                if self._is_named(name, unit):
                    place = _Place(unit, name, j, stop)
                    break
        self._glued_at[j] = place
        return place

    def _unlisted_name(self, start: int) -> int:
        """A unit the gazetteer lacks (dissolved before its time): two to four capitalized syllables.

        Only after a unit word, and never one capitalized syllable then lower case ("thành phố Biểu
        dương" is a verb written in title case, not a city).
        """
        end = start
        while end < self.size and end - start < 4 and self.texts[end].istitle() and self.texts[end].isalpha():
            end += 1
        first = key(self.texts[start]) if end > start else ""
        if end - start < 2 or first in NOT_NAME_STARTS or first in FAMILY_NAMES:
            return start  # "TP Nguyễn Văn An": a person after the unit, no place
        return end

    def _level_place(self, j: int, unit: str) -> _Place | None:
        """The place after "Huyện ủy": a known name ("Huyện ủy Thọ Xuân") or a unit ("Quận ủy quận 10")."""
        place = self._place(j)
        if place is not None and place.name:
            return place
        end = self._known_name(j, unit)
        return _Place(unit, self._text(j, end), j, end) if end > j else None

    def _known_name(self, start: int, unit: str | None) -> int:
        """End of the longest known place name of ``unit``'s kind at ``start`` (``start`` when none)."""
        best = start
        if start >= self.size or self.norms[start] not in self.places.first_words:
            return best
        for size in range(1, 7):
            end = start + size
            if end > self.size:
                break
            last = self.texts[end - 1]
            if not (_capital(last) or (last in ("-", "–") and size > 1)):
                break
            if last in ("-", "–"):
                continue
            if self._is_named(self._text(start, end), unit):
                best = end
        return best

    def _is_named(self, name: str, unit: str | None) -> bool:
        places = self.places
        if unit == "tỉnh":
            return places.province(name) is not None
        if unit in ("huyện", "quận", "thị xã"):
            return bool(places.district_units(name))
        if unit == "thành phố":
            return places.province(name) is not None or bool(places.district_units(name))
        if unit in ("xã", "phường", "thị trấn", "đặc khu"):
            return bool(places.commune_units(name))
        return places.is_place(name)

    def _locality(self, i: int) -> _Locality | None:
        if i > 0 and self.norms[i - 1] in _PLURAL:
            return None  # "các xã Tân Lập, Tân Hòa": a list of units, none of them the scope
        whole = self.norms[i] == _TOAN
        start = i + 1 if whole else i
        place = self._place(start)  # "huyện Kim Sơn", "TP.Vinh"
        if place is None or (place.name is None and not whole):
            return None
        if place.unit == "thành phố" and place.name is None and not self.texts[start].islower():
            return None
        return _Locality(place, i, place.end)

    # --- what a body stands for ----------------------------------------------------------------
    def _learn_units(self, item: _Body | _Locality | _Place | None) -> None:
        if isinstance(item, _Locality):
            self.units.add(item.place.unit, item.place.name)
        elif isinstance(item, _Place):
            self.units.add(item.unit, item.name)
        elif isinstance(item, _Body):
            if item.head.kind == "level" and isinstance(item.owner, _Place) and item.owner.unit:
                self.units.add(item.owner.unit, item.owner.name)
            else:
                self._learn_units(item.owner)

    def _organization(self, item: _Body | _Locality) -> Organization:
        if isinstance(item, _Locality):
            return self._locality_organization(item)
        scope, level, province, district = self._stands_for(item)
        return Organization(
            text=self._listed_text(item), start=self._doc_start(item.start), end=self._doc_end(item.end),
            start_char=self.starts[item.start],
            end_char=self._end_char(item.end), head=item.head.text, scope=scope, level=level, province=province,
            district=district, named=self._named(item), role=self._role(item.start),
        )  # fmt: skip

    def _locality_organization(self, item: _Locality) -> Organization:
        place = item.place
        text = self._text(item.start, item.end)
        assert place.unit is not None
        if place.name is None:
            level = "city" if place.unit == "thành phố" else _LEVEL_OF_UNIT[place.unit]
            return Organization(text, self._doc_start(item.start), self._doc_end(item.end), self.starts[item.start],
                                self._end_char(item.end),
                                "place", level=level, named=False, role=self._role(item.start))  # fmt: skip
        province, district, level, unit_text = self._unit_scope(place.unit, place.name)
        return Organization(text, self._doc_start(item.start), self._doc_end(item.end), self.starts[item.start],
                            self._end_char(item.end), "place",
                            scope=f"Đảng bộ {unit_text}", level=level, province=province, district=district,
                            named=False, role=self._role(item.start))  # fmt: skip

    def _stands_for(self, body: _Body) -> tuple[str | None, str | None, str | None, str | None]:
        """(scope, level, province, district) of a body."""
        kind = body.head.kind
        owner = body.owner
        if body.central:
            return None, "central", None, None
        if kind in ("committee", "agency") and isinstance(owner, _Body) and owner.head.kind in ("level", "party"):
            return self._stands_for(owner)  # "Ban Thường vụ Huyện ủy X", "Văn phòng Tỉnh ủy": the party body
        if kind == "level":
            unit = LEVEL_COMMITTEES[body.head.text]
            if isinstance(owner, _Place) and owner.name:
                province, district, level, unit_text = self._unit_scope(owner.unit or unit, owner.name)
                return f"Đảng bộ {unit_text}", level, province, district
            return None, ("city" if unit == "thành phố" else _LEVEL_OF_UNIT[unit]), None, None
        if kind == "party":
            return self._party_scope(body)
        if kind in ("council", "agency", "committee"):
            place = self._last_place(body)
            if place is None or place.unit is None:
                return None, ("state" if kind != "committee" else "committee"), self.province_hint, None
            name = place.name or self._bare_unit_name(place.unit)
            if name is None:
                return None, "state", self.province_hint, None
            province, district, _level, unit_text = self._unit_scope(place.unit, name)
            return unit_text, "state", province, district
        return None, None, None, None

    def _party_scope(self, body: _Body) -> tuple[str | None, str | None, str | None, str | None]:
        chi_bo = body.head.text in ("Chi bộ", "Chi ủy")
        owner = body.owner
        if body.name_end == body.head_end and isinstance(owner, _Place) and not chi_bo:
            assert owner.unit is not None
            if owner.name is None:
                level = "city" if owner.unit == "thành phố" else _LEVEL_OF_UNIT[owner.unit]
                return None, level, None, None
            province, district, level, unit_text = self._unit_scope(owner.unit, owner.name)
            return f"Đảng bộ {unit_text}", level, province, district
        if body.end == body.head_end:
            return None, ("chibo" if chi_bo else None), None, None
        name = self._scope_name(body.head_end, body)
        prefix = "Chi bộ" if chi_bo else "Đảng bộ"
        place = self._last_place(body)
        province, district = self.province_hint, None
        if place is not None and place.unit is not None:
            named = place.name or self._bare_unit_name(place.unit)
            if named:
                province, district, _level, _text = self._unit_scope(place.unit, named)
        descriptor = tuple(self.norms[body.head_end : body.head_end + 3])
        bloc = any(descriptor[: len(words)] == words for words in _BLOC)
        if chi_bo:
            level = "chibo"
        elif bloc:
            level = "khoi"
        else:
            level = "office"
        return f"{prefix} {name}", level, province, (None if level in ("khoi", "office") else district)

    def _scope_name(self, start: int, body: _Body) -> str:
        """The name after the head as a scope: commas dropped, a bare unit at the end completed."""
        words = [self.texts[j] for j in range(start, body.end) if not any(a <= j < b for a, b in body.skipped)]
        text = " ".join(" ".join(words).replace(",", " ").split())
        tail = self._last_owner(body)
        if isinstance(tail, _Place) and tail.unit and tail.name is None:
            name = self._bare_unit_name(tail.unit)
            if name:
                text = f"{text} {name}"
        elif isinstance(tail, _Body) and tail.head.kind == "level" and tail.owner is None:
            name = self._bare_unit_name(LEVEL_COMMITTEES[tail.head.text])
            if name:
                text = f"{text} {name}"
        return _spell_out_city(text)

    def _last_owner(self, body: _Body) -> _Body | _Place | None:
        owner: _Body | _Place | None = body
        while isinstance(owner, _Body) and owner.owner is not None:
            owner = owner.owner
        return owner

    def _last_place(self, body: _Body) -> _Place | None:
        owner = self._last_owner(body)
        if isinstance(owner, _Place):
            return owner
        if isinstance(owner, _Body) and owner.head.kind == "level":
            return _Place(LEVEL_COMMITTEES[owner.head.text], None, owner.end, owner.end)
        return None

    def _bare_unit_name(self, unit: str) -> str | None:
        """The name of a unit left bare: the site's province or district, else the one the article names."""
        if unit == "tỉnh":
            return self.province_hint or self.units.most_named("tỉnh")
        if unit == "thành phố" and self.province_hint in PROVINCE_LEVEL_CITIES:
            return self.province_hint
        if unit in ("huyện", "quận", "thị xã", "thành phố"):
            if self.district_hint:
                kinds = {u.kind for u in self.places.district_units(self.district_hint, self.province_hint)}
                if unit in kinds or not kinds:
                    return self.district_hint
            return self.units.most_named(unit)
        return self.units.most_named(unit)

    def _unit_scope(self, unit: str, place: str) -> tuple[str | None, str | None, str, str]:
        """(province, district, level, unit text) of ``unit`` ``place``: "huyện Kim Sơn", "tỉnh Sơn La"."""
        cached = self._unit_scopes.get((unit, place))
        if cached is None:
            cached = self._unit_scopes[(unit, place)] = self._read_unit_scope(unit, place)
        return cached

    def _read_unit_scope(self, unit: str, place: str) -> tuple[str | None, str | None, str, str]:
        places = self.places
        province_name = places.province(place)
        if unit == "tỉnh" or (unit == "thành phố" and province_name in PROVINCE_LEVEL_CITIES):
            name = province_name or place
            return name, None, "province", f"{unit} {name}"
        if unit in ("xã", "phường", "thị trấn", "đặc khu"):
            communes = places.commune_units(place, self.province_hint) or places.commune_units(place)
            province = communes[0].province if len({c.province for c in communes}) == 1 else self.province_hint
            district = communes[0].district if len({c.district for c in communes}) == 1 else None
            return province, district, "commune", f"{unit} {place}"
        districts = places.district_units(place, self.province_hint) or places.district_units(place)
        province = districts[0].province if len({d.province for d in districts}) == 1 else self.province_hint
        return province, place, "district", f"{unit} {place}"

    # --- listing -------------------------------------------------------------------------------
    def _named(self, body: _Body) -> bool:
        """Whether the body is one the text names (listed), not a kind of body or a bare generic one."""
        i = body.start
        if i > 0 and (self.norms[i - 1] in _PLURAL or self.texts[i - 1][:1].isdigit()):
            return False  # "các Đảng bộ", "5 chi bộ": a subject
        if i > 1 and self.texts[i - 1] == ":" and self.norms[i - 2] in _CREDIT_WORDS:
            return False  # "(Ảnh: Trung tâm Văn hóa huyện)": a credit, not a body the text names
        if self._opening_credit(body):
            return False  # "(Đài Kim Sơn) - Sáng 5-1, ...": the source opening a dispatch
        if body.lower and body.head.kind == "agency" and self._lower_institution(i) == body.head.words:
            return body.name_end > body.head_end or isinstance(body.owner, _Body)  # "trường Tiểu học Kim Đồng"
        if body.lower and body.head.kind not in ("level", "party"):
            return (isinstance(body.owner, _Place) and body.owner.name is not None) or (
                isinstance(body.owner, _Body) and self._has_name(body.owner) and body.head.kind != "agency"
            )  # "ủy ban nhân dân xã Tân Lập", "ban thường vụ Huyện ủy Kim Sơn": named in lower case
        if self._bare_khoi(body) and self.full_khoi:
            return False  # "Đảng ủy Khối" after its full name: the same body
        return self._has_name(body)

    def _opening_credit(self, body: _Body) -> bool:
        """A body alone in parentheses opening a line: the dispatch's source."""
        i, end = body.start, body.end
        if i == 0 or self.texts[i - 1] != "(" or end >= self.size or self.texts[end] != ")":
            return False
        k = self.starts[i - 1]
        while k > 0 and self.text[k - 1] in " \t":
            k -= 1
        return k == 0 or self.text[k - 1] == "\n"

    def _is_khoi(self, body: _Body) -> bool:
        return body.head.kind == "party" and body.head_end < self.size and self.norms[body.head_end] == _KHOI

    def _bare_khoi(self, body: _Body) -> bool:
        return self._is_khoi(body) and body.end == body.head_end + 1

    def _common_descriptor(self, body: _Body) -> bool:
        """ "chi bộ quân sự xã", "đảng bộ cơ quan huyện": a kind of body every unit has, in lower case."""
        return all(_lower(text) for text in self.texts[body.head_end : body.name_end])

    def _has_name(self, body: _Body) -> bool:
        kind, owner = body.head.kind, body.owner
        if body.central:
            return True
        if kind == "level":
            return not body.lower or isinstance(owner, _Place)
        if kind == "party":
            if isinstance(owner, _Body):
                return True
            if body.name_end > body.head_end and not (body.lower and self._common_descriptor(body)):
                return True
            return isinstance(owner, _Place) and owner.name is not None
        joined = kind == "committee" and body.name_end > body.head_end  # "Ban Tuyên giáo - Dân vận Huyện ủy"
        if kind in ("committee", "agency") and isinstance(owner, _Body) and (body.name_end == body.head_end or joined):
            if owner.head.kind == "party" and owner.end == owner.head_end:
                # "Ban Chấp hành Đảng bộ" names the article's body; "Ban Thường vụ Đảng ủy" is generic
                return owner.head.text == "Đảng bộ" and not owner.lower
            return self._has_name(owner) and not owner.lower
        if kind == "committee":
            return False
        if kind == "council":
            return isinstance(owner, _Place) and owner.unit is not None
        return True  # an agency with a descriptor, a number or a place

    def _listed_text(self, body: _Body) -> str:
        """The name as written, a definition in parentheses left out, abbreviations the text defines spelled out."""
        if not body.skipped and not self.defined and not body.central:
            return self._text(body.start, body.end)
        parts: list[str] = []
        j = body.start
        for a, b in body.skipped:
            parts.append(self._text(j, a))
            j = b
        parts.append(self._text(j, body.end))
        text = " ".join(part for part in parts if part)
        if body.central and self.texts[body.start] in KNOWN_ABBREVIATIONS:
            return body.head.text
        for abbreviation, full in self.defined.items():
            if abbreviation not in text:
                continue
            text = re.sub(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", full, text)
        return text

    def _definitions(self) -> dict[str, str]:
        """Abbreviations the text defines, by the initials of the words they stand for.

        "Ban Thường vụ (BTV)", "Bộ Chỉ huy Quân sự (Bộ CHQS)" (the head word repeated) and
        "BĐBP (Bộ đội Biên phòng)" all define an abbreviation; a parenthesis holds at most five tokens.
        """
        defined: dict[str, str] = {}
        texts = self.texts
        if "(" not in self.text:
            return defined
        for i in self._tokens_of_char("("):
            if i < 1 or i > self.size - 3:
                continue
            close = next((k for k in range(i + 2, min(i + 8, self.size)) if texts[k] == ")"), None)
            if close is None:
                continue
            inside = texts[i + 1 : close]
            abbreviation = inside[-1]
            if _ABBREVIATION.fullmatch(abbreviation) and len(inside) <= 2:
                start = i - len(abbreviation)
                words = texts[max(0, start) : i]
                if start >= 0 and all(w.isalpha() for w in words) and initials(words) == abbreviation:
                    defined[abbreviation] = self._text(start, i)
            elif (
                _ABBREVIATION.fullmatch(texts[i - 1])
                and all(w.isalpha() for w in inside)
                and (initials(inside) == texts[i - 1])
            ):
                defined[texts[i - 1]] = self._text(i + 1, close)
        return defined

    # --- text ----------------------------------------------------------------------------------
    def _doc_start(self, start: int) -> int:
        return start if self._doc_index is None else self._doc_index[start]

    def _doc_end(self, end: int) -> int:
        return end if self._doc_index is None else self._doc_index[end - 1] + 1

    def _text(self, start: int, end: int) -> str:
        if end <= start:
            return ""
        return self.text[self.starts[start] : self._end_char(end)]

    def _end_char(self, end: int) -> int:
        return self.starts[end - 1] + len(self.texts[end - 1])


def _spell_out_city(scope: str) -> str:
    """ "... TP HCM" -> "... thành phố Hồ Chí Minh": the scope spelled as analysts query it."""
    for alias in ("TP. Hồ Chí Minh", "TP Hồ Chí Minh", "TP. HCM", "TP.HCM", "TP HCM", "TPHCM"):
        if scope.endswith(alias):
            return scope[: -len(alias)] + "thành phố Hồ Chí Minh"
    return scope
