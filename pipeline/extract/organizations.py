"""Organizations named in a text: party and state bodies found by their head nouns.

underthesea's NER calls party bodies locations or misses them, so bodies are read by rule: a head
noun ("Đảng bộ", "Huyện ủy", "Ban Thường vụ" ...) followed by the name of a place (from the
gazetteer, after a unit word such as "huyện"), or a run of capitalized syllables. Each body also
gets the party scope it stands for ("Huyện ủy Đông Sơn" -> "Đảng bộ huyện Đông Sơn").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from pipeline.extract.gazetteer import (
    BODY_ABBREVIATIONS,
    BODY_HEADS,
    COMMITTEE_HEADS,
    FAMILY_NAMES,
    NOT_NAME_STARTS,
    PERSON_TITLES,
    PROVINCE_LEVEL_CITIES,
    SELF_NAMED_BODIES,
    STATE_HEADS,
    gazetteer,
)
from pipeline.extract.mentions import Organization
from pipeline.extract.tokens import TokenTable
from pipeline.normalize import fold, key

_UNIT_WORDS: dict[tuple[str, ...], str] = {
    (fold("thành"), fold("phố")): "thành phố",
    (fold("thị"), fold("xã")): "thị xã",
    (fold("thị"), fold("trấn")): "thị trấn",
    (fold("tp"),): "thành phố",
    (fold("tp"), "."): "thành phố",
    (fold("tỉnh"),): "tỉnh",
    (fold("huyện"),): "huyện",
    (fold("quận"),): "quận",
    (fold("xã"),): "xã",
    (fold("phường"),): "phường",
}
_UNIT_WORDS_LONGEST_FIRST = sorted(_UNIT_WORDS.items(), key=lambda item: -len(item[0]))
_UNIT_FIRST_WORDS = {words[0] for words in _UNIT_WORDS}
_KHOI_WORDS = {fold(w) for w in ("các", "và", "-", "–", "cơ", "quan", "doanh", "nghiệp", "dân", "chính", "đảng")}
_TRAILING_PLACE_WORDS = {fold("tỉnh"), fold("thành"), fold("tp")}
# "Đảng ủy cơ sở", "Đảng bộ các cấp": a kind of body, not one body.
_TOAN = fold("toàn")
_HAMLET_WORDS = [
    tuple(fold(w).split())
    for w in ("tổ dân phố", "khu phố", "khu dân cư", "thôn", "xóm", "ấp", "bản", "khu", "tổ", "khối", "làng", "buôn")
]
_GENERIC_AFTER_BODY = {fold(w) for w in ("cơ", "các", "cấp", "xã", "huyện", "tỉnh", "phường", "trực", "bộ")}
_TITLES = [tuple(fold(title).split()) for title in PERSON_TITLES]
_LEVEL_OF_UNIT = {
    "tỉnh": "province",
    "thành phố": "district",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
}
_BODY_UNIT = {  # committees named after their level: "Huyện ủy X" = party committee of huyện X
    fold("huyện ủy"): "huyện",
    fold("tỉnh ủy"): "tỉnh",
    fold("thành ủy"): "thành phố",
    fold("quận ủy"): "quận",
    fold("thị ủy"): "thị xã",
}


@dataclass(frozen=True, slots=True)
class _Phrase:
    words: tuple[str, ...]  # folded
    text: str


def _phrases(texts: Sequence[str]) -> dict[str, list[_Phrase]]:
    """Phrases by their first folded word, longest first."""
    by_first: dict[str, list[_Phrase]] = {}
    for text in texts:
        words = tuple(fold(text).split())
        by_first.setdefault(words[0], []).append(_Phrase(words, text))
    return {first: sorted(group, key=lambda p: -len(p.words)) for first, group in by_first.items()}


_BODIES = _phrases(BODY_HEADS)
_COMMITTEES = _phrases(COMMITTEE_HEADS)
_SELF_NAMED = _phrases(SELF_NAMED_BODIES)
_STATE = _phrases(STATE_HEADS)
_ABBREVIATIONS = {fold(abbreviation): full for abbreviation, full in BODY_ABBREVIATIONS.items()}
# Words a body or a place mention can start with: every other token is skipped at once.
_FIRST_WORDS = frozenset(
    [*_BODIES, *_COMMITTEES, *_SELF_NAMED, *_STATE, *_ABBREVIATIONS, *(w[0] for w in _UNIT_WORDS), fold("toàn")]
)


def _is_capitalized(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


class OrganizationFinder:
    """Reads the organizations of one Doc (whose tokens carry folded NORMs)."""

    def __init__(self, doc: Doc, province_hint: str | None) -> None:
        tokens: TokenTable = doc._.tokens
        self.text = tokens.text
        self.texts, self.norms, self.starts = tokens.texts, tokens.norms, tokens.starts
        self.size = len(tokens)
        self.province_hint = province_hint
        self.places = gazetteer()

    def find(self) -> list[Organization]:
        found: list[Organization] = []
        reached = 0
        for i, norm in enumerate(self.norms):
            if i < reached or norm not in _FIRST_WORDS:
                continue
            org = self._at(i) or self._locality(i)
            if org is not None:
                found.append(org)
                reached = org.end
        return found

    def _locality(self, i: int) -> Organization | None:
        """ "huyện Kim Thành có ...", "toàn tỉnh có ...": a place standing for its party organization."""
        whole = self.norms[i] == _TOAN
        if not whole and self.norms[i] not in _UNIT_FIRST_WORDS:
            return None
        start = i + 1 if whole else i
        if start >= self.size or _is_capitalized(self.texts[start]):
            return None
        place = self._unit_and_place(start)
        if place is None:
            return None
        unit, name, stop = place
        if name is None:
            if not whole:
                return None
            level = "city" if unit == "thành phố" else _LEVEL_OF_UNIT[unit]
            return self._make(i, stop, self._text(i, stop), head="place", level=level, named=False)
        if not self.places.is_place(name):
            return None
        organization = self._make(i, stop, self._text(i, stop), head="place", unit=unit, place=name, named=False)
        return replace(organization, named=False)

    # --- one mention -----------------------------------------------------------------------------
    def _at(self, i: int) -> Organization | None:
        committee = self._match(i, _COMMITTEES)
        if committee is not None:
            return self._committee(i, committee)
        self_named = self._match(i, _SELF_NAMED)
        body = self._match(i, _BODIES)
        if self_named is not None and (body is None or len(self_named.words) >= len(body.words)):
            end = i + len(self_named.words)
            if _is_capitalized(self.texts[i]) and not self._name_follows(end):
                return self._make(i, end, self_named.text, named=True)
        if body is not None:
            return self._body(i, body)
        state = self._match(i, _STATE)
        if state is not None and _is_capitalized(self.texts[i]):
            return self._state(i, state)
        abbreviation = _ABBREVIATIONS.get(self.norms[i])
        if abbreviation and self.texts[i].isupper() and abbreviation in SELF_NAMED_BODIES:
            return Organization(abbreviation, i, i + 1, self.starts[i], self._end_char(i + 1), abbreviation,
                                level="mass")  # fmt: skip
        return None

    def _match(self, i: int, phrases: dict[str, list[_Phrase]]) -> _Phrase | None:
        for phrase in phrases.get(self.norms[i], ()):
            if tuple(self.norms[i : i + len(phrase.words)]) == phrase.words:
                return phrase
        if phrases is _COMMITTEES:
            full = _ABBREVIATIONS.get(self.norms[i])
            if full and self.texts[i].isupper() and full in COMMITTEE_HEADS:
                return _Phrase((self.norms[i],), full)
        return None

    def _name_follows(self, end: int) -> bool:
        return end < self.size and _is_capitalized(self.texts[end]) and self.texts[end].isalpha()

    def _committee(self, i: int, committee: _Phrase) -> Organization | None:
        end = i + len(committee.words)
        head_text = committee.text if self.texts[i].isupper() and len(committee.words) == 1 else self._text(i, end)
        if end + 2 < self.size and self.texts[end] == "(" and self.texts[end + 2] == ")":
            end += 3  # "Ban Thường vụ (BTV) Huyện ủy": the definition is not part of the name
        if end < self.size and self.norms[end] == fold("trung") and self.norms[end + 1 : end + 2] == (fold("ương"),):
            text = f"{head_text} {self._text(end, end + 2)}"
            return self._make(i, end + 2, text, head=committee.text, level="central", named=True)
        inner = self._at(end) if end < self.size else None
        if inner is not None and inner.start == end and inner.level not in ("state", "committee"):
            # "Ban Chấp hành Đảng bộ" names a body; "Ban Thường vụ Huyện ủy" (no place) does not.
            bare_party_body = key(inner.text) in (key("Đảng bộ"), key("Đảng ủy")) or inner.level == "khoi"
            generic = inner.end < self.size and self.norms[inner.end] in _GENERIC_AFTER_BODY
            named = inner.named or (bare_party_body and _is_capitalized(self.texts[end]) and not generic)
            text = f"{head_text} {inner.text}"
            return replace(inner, text=text, start=i, start_char=self.starts[i], head=committee.text, named=named)
        place = self._unit_and_place(end)
        if place is not None:
            _unit, name, stop = place
            text = f"{head_text} {self._text(end, stop)}"
            return self._make(i, stop, text, head=committee.text, level="committee", named=bool(name))
        return self._make(i, end, head_text, head=committee.text, level="committee", named=False)

    def _body(self, i: int, body: _Phrase) -> Organization | None:
        end = i + len(body.words)
        head_norm = " ".join(body.words)
        head_text = self._text(i, end)
        if fold("khối") in body.words:
            stop = self._khoi_name(end)
            named = stop > end
            text = self._text(i, stop)
            scope = "Đảng bộ Khối" + (" " + self._text(end, stop) if stop > end else "")
            return self._make(i, stop, text, head=body.text, scope=self._with_province(scope), level="khoi",
                              named=named)  # fmt: skip
        if fold("quân") in body.words or fold("công") in body.words:
            stop = self._trailing_place(end)
            scope = self._with_province(f"{body.text} {self._text(end, stop)}".strip())
            return self._make(i, stop, self._text(i, stop), head=body.text, scope=scope, level="khoi", named=True)
        unit = _BODY_UNIT.get(head_norm)
        place = self._unit_and_place(end)
        if place is not None:
            unit_word, name, stop = place
            if name is None:
                level = "city" if unit_word == "thành phố" else _LEVEL_OF_UNIT[unit_word]
                return self._make(i, stop, self._text(i, stop), head=body.text, level=level, named=False)
            return self._make(i, stop, self._text(i, stop), head=body.text, unit=unit_word, place=name, named=True)
        stop = self._place_name(end)
        if head_norm == fold("chi bộ"):
            stop = self._chi_bo_name(end)
            if stop == end:
                return None  # "các chi bộ": a subject, not a body
            name = self._text(end, stop)
            scope = "Chi bộ " + " ".join(name.replace(",", " ").split())
            return self._make(i, stop, self._text(i, stop), head=body.text, scope=scope, level="chibo", named=True)
        if stop > end and unit is not None:
            return self._make(i, stop, self._text(i, stop), head=body.text, unit=unit, place=self._text(end, stop),
                              named=True)  # fmt: skip
        if unit is not None:
            named = unit in ("tỉnh", "thành phố") and _is_capitalized(self.texts[i])
            return self._make(i, end, head_text, head=body.text, unit=unit, named=named)
        after_figure = i > 0 and any(ch.isdigit() for ch in self.texts[i - 1])
        if not _is_capitalized(self.texts[i]) or after_figure:
            return None  # "5 Đảng bộ đạt ...", "các đảng bộ": a subject, not a body
        return self._make(i, end, head_text, head=body.text, level=None, named=False)

    def _state(self, i: int, state: _Phrase) -> Organization:
        end = i + len(state.words)
        place = self._unit_and_place(end)
        stop = place[2] if place else self._place_name(end)
        name = place[1] if place else self._text(end, stop)
        after_title = any(tuple(self.norms[max(0, i - len(t)) : i]) == t for t in _TITLES)
        named = bool(name) and self.places.is_place(name or "") and not after_title
        return self._make(i, stop, self._text(i, stop), head=state.text, level="state", named=named)

    # --- names -----------------------------------------------------------------------------------
    def _unit_and_place(self, start: int) -> tuple[str, str | None, int] | None:
        """(unit word, place name or None, end) for "huyện Đông Sơn", "Phường 12", "TP HCM"."""
        if start >= self.size or self.norms[start] not in _UNIT_FIRST_WORDS:
            return None
        for words, unit in _UNIT_WORDS_LONGEST_FIRST:
            end = start + len(words)
            if tuple(self.norms[start:end]) != words:
                continue
            if end < self.size and self.texts[end].isdigit():
                return unit, self.texts[end], end + 1
            stop = self._place_name(end)
            if stop > end:
                return unit, self._text(end, stop), stop
            return unit, None, end
        return None

    def _place_name(self, start: int) -> int:
        """End of the place name starting at ``start``: the gazetteer's longest match, else capitalized syllables."""
        best = start
        for size in range(1, 6):
            end = start + size
            if end > self.size or not all(_is_capitalized(self.texts[j]) for j in range(start, end)):
                break
            if self.places.is_place(self._text(start, end)):
                best = end
        if best > start:
            return best
        end = start
        while end < self.size and end - start < 6:
            text = self.texts[end]
            if not (text[:1].isupper() and (text.isalpha() or text.isupper())):
                break
            if (end > start and key(text) in FAMILY_NAMES) or (end == start and key(text) in NOT_NAME_STARTS):
                break
            end += 1
        return end

    def _chi_bo_name(self, start: int) -> int:
        end = start
        for words in _HAMLET_WORDS:  # "Chi bộ khu phố 3", "chi bộ thôn Đông"
            if tuple(self.norms[start : start + len(words)]) == words:
                end = start + len(words)
                break
        if end < self.size and self.texts[end].isdigit():
            end += 1
        else:
            name_end = self._place_name(end)
            end = name_end if name_end > end else start
        if end > start and end + 1 < self.size and self.texts[end] == ",":
            place = self._unit_and_place(end + 1)
            if place is not None and place[1]:
                return place[2]
        return end

    def _khoi_name(self, start: int) -> int:
        end = start
        while end < self.size:
            text, norm = self.texts[end], self.norms[end]
            if norm in _TRAILING_PLACE_WORDS:
                return self._trailing_place(end)
            if not (_is_capitalized(text) and text.isalpha()) and norm not in _KHOI_WORDS:
                break
            if key(text) in FAMILY_NAMES and text[:1].isupper():
                break  # "Đảng ủy Khối Lê Kim Tuyền": a person follows the body
            if norm in _KHOI_WORDS and not _is_capitalized(text) and end == start and norm in ("-", "–"):
                break
            end += 1
        while end > start and self.texts[end - 1] in ("-", "–", "và", "các"):
            end -= 1
        return end

    def _trailing_place(self, start: int) -> int:
        """Include a trailing "tỉnh" / "TP HCM" / "thành phố X" after a Khối or military body name."""
        end = start
        while end < self.size and _is_capitalized(self.texts[end]) and self.texts[end].isalpha():
            if self.norms[end] in _TRAILING_PLACE_WORDS:
                break
            end += 1
        if end < self.size and self.norms[end] == fold("tỉnh"):
            end += 1
            return self._place_name(end) if self._place_name(end) > end else end
        place = self._unit_and_place(end)
        if place is not None:
            return place[2]
        return end

    # --- scopes ----------------------------------------------------------------------------------
    def _make(
        self, start: int, end: int, text: str, *, head: str | None = None, scope: str | None = None,
        level: str | None = None, named: bool, unit: str | None = None, place: str | None = None,
    ) -> Organization:  # fmt: skip
        province = district = None
        if unit is not None:
            level = _LEVEL_OF_UNIT.get(unit, level)
            if place is not None:
                province, district, level, scope = self._place_scope(unit, place)
        return Organization(
            text=text, start=start, end=end, start_char=self.starts[start], end_char=self._end_char(end),
            head=head or text, scope=scope, level=level, province=province, district=district, named=named,
        )  # fmt: skip

    def _place_scope(self, unit: str, place: str) -> tuple[str | None, str | None, str, str]:
        """(province, district, level, scope) of a body of ``unit`` ``place``."""
        places = self.places
        province_name = places.province(place)
        if unit == "tỉnh" or (unit == "thành phố" and province_name in PROVINCE_LEVEL_CITIES):
            name = province_name or place
            return name, None, "province", f"Đảng bộ {unit} {name}"
        if unit in ("xã", "phường", "thị trấn"):
            communes = places.commune_units(place, self.province_hint) or places.commune_units(place)
            province = communes[0].province if len({c.province for c in communes}) == 1 else self.province_hint
            district = communes[0].district if len({c.district for c in communes}) == 1 else None
            return province, district, "commune", f"Đảng bộ {unit} {place}"
        districts = places.district_units(place, self.province_hint) or places.district_units(place)
        province = districts[0].province if len({d.province for d in districts}) == 1 else self.province_hint
        return province, place, "district", f"Đảng bộ {unit} {place}"

    def _with_province(self, scope: str) -> str:
        """ "Đảng bộ Khối ... tỉnh" -> "... tỉnh Nam Định"; "TP HCM" -> "thành phố Hồ Chí Minh"."""
        words = scope.split()
        if words and fold(words[-1]) == fold("tỉnh") and self.province_hint:
            return f"{scope} {self.province_hint}"
        for alias in ("TP HCM", "TPHCM", "TP.HCM", "TP. HCM", "TP Hồ Chí Minh", "TP. Hồ Chí Minh"):
            if scope.endswith(alias):
                return scope[: -len(alias)] + "thành phố Hồ Chí Minh"
        return scope

    # --- text ------------------------------------------------------------------------------------
    def _text(self, start: int, end: int) -> str:
        if end <= start:
            return ""
        return self.text[self.starts[start] : self._end_char(end)]

    def _end_char(self, end: int) -> int:
        return self.starts[end - 1] + len(self.texts[end - 1])
