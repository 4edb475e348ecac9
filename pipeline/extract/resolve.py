"""Scope, year, total, province and district of each rating statement, from the text around it.

* Year: a year in the same sentence (the nearest before the figure, else the first after); none when
  the sentence says "hàng năm" without one; else the nearest year before in the paragraph, then
  before in the article, then the first of the article, then the URL ("...-nam-2018"). Years in
  ranges (2017-2020), comparisons (so với năm 2014) and plans (nhiệm vụ năm 2021) are never it.
* Scope: the party body named nearest before the figure in its sentence, else the body leading an
  earlier sentence of the paragraph, else the article's main body; unnamed mentions ("Đảng bộ
  huyện", "toàn huyện") resolve to the body of that level the article names, or to the site's.
* Total: the N of "x/N" of the statement or of an earlier one of the same subject and scope in the
  paragraph, else a total statement ("có 34 TCCSĐ") of the same subject, scope and year; a statement
  without a year speaks of the latest year the article reports.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipeline.extract.assemble import Draft, Reading, TotalStatement, last_every_year_cue
from pipeline.extract.body_names import LEVEL_COMMITTEES
from pipeline.extract.clauses import Sentence
from pipeline.extract.context import DocContext
from pipeline.extract.gazetteer import DISTRICT_KINDS, PROVINCE_LEVEL_CITIES, gazetteer
from pipeline.extract.mentions import Organization, Term, YearMention
from pipeline.extract.vocabulary import CHI_BO, EVALUATED
from pipeline.models import fast_init
from pipeline.normalize import fold, key

# Bodies with a party organization of their own that reports on itself ("Chi bộ Trường ...", "Đảng bộ Công an ...").
_INSTITUTIONS = frozenset(
    key(head)
    for head in (
        "Trường", "Bệnh viện", "Công an", "Công ty", "Tổng công ty", "Trung tâm", "Bộ Chỉ huy", "Ban Chỉ huy",
        "Bộ đội Biên phòng", "Đồn", "Viện", "Học viện", "Kho bạc", "Bảo hiểm xã hội", "Chi cục", "Cục",
        "Đại học", "Hợp tác xã", "Quân khu", "Sư đoàn", "Lữ đoàn", "Trung đoàn", "Tiểu đoàn",
    )
)  # fmt: skip
_PLURAL = frozenset(fold(word) for word in ("các", "những", "mỗi", "nhiều", "số"))
SCOPE_LEVELS = ("province", "district", "city", "commune", "khoi", "office", "chibo")
# Subjects a state body rates: their scope is the administrative unit ("tỉnh Phú Yên"), not a party body.
STATE_SUBJECTS = frozenset({"cơ quan, đơn vị", "cán bộ, công chức, viên chức"})
_NO_TERM = Term("rating", "", 0, 0, 0, 0)


@fast_init
@dataclass(frozen=True, slots=True)
class Place:
    scope: str | None
    province: str | None
    district: str | None


class _SentenceAt:
    """The sentence holding a token position, read like a dict of every position without building one
    (sentences are in text order and do not overlap, as ``split_sentences`` makes them)."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences = sentences
        self.starts = [sentence.start for sentence in sentences]

    def get(self, position: int, default: Sentence | None = None) -> Sentence | None:
        at = bisect_right(self.starts, position) - 1
        return self.sentences[at] if at >= 0 and position < self.sentences[at].end else default

    def __contains__(self, position: int) -> bool:
        return self.get(position) is not None

    def __getitem__(self, position: int) -> Sentence:
        sentence = self.get(position)
        if sentence is None:
            raise KeyError(position)
        return sentence


class Resolver:
    def __init__(self, sentences: list[Sentence], years: list[YearMention], orgs: list[Organization],
                 context: DocContext, text: str = "", norms: Sequence[str] = ()) -> None:  # fmt: skip
        self.sentences = sentences
        self.context = context
        orgs = _without_locations(orgs, text)
        self.years = sorted((y for y in years if y.role == "plain"), key=lambda y: y.start)
        if context.published_year:
            self.years = [y for y in self.years if y.year <= context.published_year]
        self.year_starts = [y.start for y in self.years]
        self.range_starts = sorted(y.start for y in years if y.role == "range")  # "(2016 - 2020)": a term
        self.orgs = sorted((org for org in orgs if org.level in SCOPE_LEVELS), key=lambda org: org.start)
        self.state_orgs = [org for org in orgs if org.level == "state" and org.scope]
        self.sentence_of = _SentenceAt(sentences)
        self.orgs_in: dict[int, list[Organization]] = {}  # by sentence index, in text order
        for org in self.orgs:
            sentence_of_org = self.sentence_of.get(org.start)
            if sentence_of_org is not None:
                self.orgs_in.setdefault(sentence_of_org.index, []).append(org)
        self.main = self._main_scope()
        self.agency_orgs = [o for o in orgs if o.level == "state" and key(o.head) in _INSTITUTIONS and o.named]
        self.figure_ends = {q.end - 1 for sentence in sentences for piece in sentence.pieces for q in piece.quantities}
        self.norms = norms
        self.institution = self._institution() if self.agency_orgs else None

    # --- year --------------------------------------------------------------------------------------
    def year(self, draft: Draft) -> int | None:
        sentence, position = draft.sentence, draft.anchor
        inside = self._years_between(sentence.start, sentence.end)
        before = [y for y in inside if y.start < position]
        period_cue = last_every_year_cue(sentence, position)
        ranges = self.range_starts[
            bisect_left(self.range_starts, sentence.start) : bisect_left(self.range_starts, position)
        ]
        if ranges:  # "Trong 5 năm (2016 - 2020), có 232 ...": figures summed over a term
            period_cue = max(ranges[-1], period_cue if period_cue is not None else -1)
        if before:  # the nearer of a year and "hàng năm"/"nhiệm kỳ" decides
            nearest = before[-1]
            return nearest.year if period_cue is None or period_cue < nearest.start else None
        if last_every_year_cue(sentence, sentence.end) is not None:
            return None  # "hàng năm" anywhere in the sentence and no year: no single year
        if inside:
            return inside[0].year
        earlier = self._years_between(0, sentence.start)
        if earlier:  # the nearest before (in the paragraph when the paragraph names one)
            return earlier[-1].year
        if self.years:
            return self.years[0].year
        return self.context.url_year

    # --- scope -------------------------------------------------------------------------------------
    def place(self, draft: Draft) -> Place:
        if draft.subject in STATE_SUBJECTS:
            return self._unit_place(draft)
        org = self._scope_org(draft)
        if (org is None or (org.scope is None and org.level is None)) and self.institution is not None:
            return self._institution_place(draft, org, self.institution)
        return self._place_of(org)

    def _institution_place(self, draft: Draft, org: Organization | None, institution: Organization) -> Place:
        """ "Trường Tiểu học X tổng kết ... chi bộ nhà trường có 3 đồng chí HTXSNV": an article naming no
        party body but a school, hospital, police or army unit or company: its own party body, a chi bộ
        where the text calls it one."""
        head = org.head if org is not None else None
        if head is None:
            sentence = draft.sentence
            own = [t for t in sentence.subjects if t.value == CHI_BO and t.start < draft.anchor]
            head = "Chi bộ" if any(not self._counted(t.start) for t in own) else "Đảng bộ"
        head = "Chi bộ" if key(head).startswith(key("Chi")) else "Đảng bộ"
        province = institution.province or self.context.province
        return Place(f"{head} {institution.text}", province, institution.district)

    def _counted(self, position: int) -> bool:
        """Whether a figure or a plural word stands right before ``position`` ("15 chi bộ", "các chi bộ")."""
        before = self.norms[position - 1] if 0 < position <= len(self.norms) else ""
        return position - 1 in self.figure_ends or before in _PLURAL

    def _institution(self) -> Organization | None:
        """The school, hospital, police or army unit or company the article is about, when it names no party body."""
        if any(o.scope and o.named for o in self.orgs):
            return None
        first = self.sentences[0].end if self.sentences else 0
        about = [o for o in self.agency_orgs if o.role == "subject" or o.start < first]
        return about[0] if about else None

    def _scope_org(self, draft: Draft) -> Organization | None:
        sentence = draft.sentence
        orgs = self.orgs_in.get(sentence.index, ())
        rating_start = draft.rating_term.start
        # "95% đảng viên của Đảng bộ xã X hoàn thành ...": the body the rated ones belong to, inside the statement
        belonging = [o for o in orgs if draft.anchor <= o.start < rating_start and o.role in ("owner", "attached")]
        if belonging:
            return self._resolved(belonging[0])
        in_sentence = [o for o in orgs if o.start < draft.anchor]
        if in_sentence:
            return self._resolved(in_sentence[-1])
        for previous in reversed(self.sentences[: sentence.index]):
            if previous.paragraph != sentence.paragraph:
                break
            # the body an earlier sentence is about: the one opening it, not one named in passing
            leading = [o for o in self.orgs_in.get(previous.index, ()) if o.role == "subject"]
            if leading:
                return self._resolved(leading[0])
        return self.main

    def _resolved(self, org: Organization) -> Organization | None:
        if org.level in ("khoi", "office"):
            return self._completed(org)
        if org.scope is not None:
            return org
        if org.level is None:
            return self.main or org
        same_level = [o for o in self.orgs if o.scope and o.level == org.level]
        if org.level == "city":  # "Đảng bộ thành phố": a city of either level
            same_level = [o for o in self.orgs if o.scope and key(o.scope).startswith(key("Đảng bộ thành phố"))]
        if not same_level:
            return org
        paragraph = self.sentence_of[org.start].paragraph if org.start in self.sentence_of else None
        before = [o for o in same_level if o.start < org.start and self.sentence_of[o.start].paragraph == paragraph]
        bodies = [o for o in before if o.head != "place"]
        if bodies or before:  # "Đảng bộ xã Tân Lập ... Năm 2020, Đảng bộ xã có": the body just named
            return (bodies or before)[-1]
        counts = Counter(key(o.scope or "") for o in same_level)
        return max(same_level, key=lambda o: (counts[key(o.scope or "")], -o.start))

    def _completed(self, org: Organization) -> Organization:
        """ "Đảng ủy Khối" -> the fullest name the article gives of that body ("Đảng bộ Khối Cơ quan ... tỉnh X")."""
        prefix = key(org.scope or "")
        fuller = [o for o in self.orgs if o.level == org.level and o.scope and key(o.scope).startswith(prefix)]
        return max(fuller, key=lambda o: (len(o.scope or ""), -o.start)) if fuller else org

    def _main_scope(self) -> Organization | None:
        """The body the article is about: named most often where it acts, not as the owner or in a title."""
        named = [o for o in self.orgs if o.scope and (o.named or o.head == "place")]
        acting = [o for o in named if o.role not in ("title", "owner")] or named
        if not acting:
            unnamed = [o for o in self.orgs if o.level in ("province", "district")]
            return unnamed[0] if unnamed else None
        rank = {"khoi": 0, "office": 0, "province": 1, "district": 1, "commune": 2, "chibo": 3}
        counts = Counter(key(o.scope or "") for o in acting)
        first = self.sentences[0].end if self.sentences else 0
        headline = {key(o.scope or "") for o in acting if o.start < first}
        # the headline names the body the article is about: its bodies come first, then the most named
        best = max(acting, key=lambda o: (key(o.scope or "") in headline, counts[key(o.scope or "")],
                                          -rank.get(o.level or "", 4), -o.start))  # fmt: skip
        return self._completed(best) if best.level in ("khoi", "office") else best

    def _unit_place(self, draft: Draft) -> Place:
        """A state body's rating of agencies or public servants: scoped to the administrative unit."""
        sentence = draft.sentence
        in_sentence = [o for o in self.state_orgs if sentence.start <= o.start < draft.anchor]
        in_paragraph = [o for o in self.state_orgs if self.sentence_of[o.start].paragraph == sentence.paragraph
                        and o.start < draft.anchor]  # fmt: skip
        nearest = in_sentence or in_paragraph
        chosen: Organization | None = nearest[-1] if nearest else None
        if chosen is None and self.state_orgs:
            counts = Counter(key(o.scope or "") for o in self.state_orgs)
            chosen = max(self.state_orgs, key=lambda o: (counts[key(o.scope or "")], -o.start))
        if chosen is not None:
            return Place(chosen.scope, chosen.province or self.context.province, chosen.district)
        party = self._place_of(self._scope_org(draft))
        unit = party.scope[len("Đảng bộ ") :] if party.scope and party.scope.startswith("Đảng bộ ") else None
        if unit and unit.split()[0] in ("tỉnh", "thành", "huyện", "quận", "thị", "xã", "phường"):
            return Place(unit, party.province, party.district)
        province = self.context.province
        if province:
            return Place(f"{'thành phố' if province in PROVINCE_LEVEL_CITIES else 'tỉnh'} {province}", province, None)
        return Place(None, None, None)

    def _place_of(self, org: Organization | None) -> Place:
        context = self.context
        if org is None:
            return Place(self._site_scope(), context.province, context.district)
        if org.scope is None and org.level is None:
            return Place(self._site_scope(), context.province, None)
        scope = org.scope
        province = org.province or context.province
        district = org.district
        if org.level in ("province", "khoi", "office"):
            district = None
            if scope is None and org.level == "province" and province:
                scope = self._province_scope() if province == context.province else f"Đảng bộ tỉnh {province}"
            province = self._province_in(scope) or province
        elif org.level in ("district", "city"):
            if scope is None:
                scope = self._unnamed_district_scope(org)
                district = context.district
            if district and province is None:
                units = gazetteer().district_units(district)
                province = units[0].province if len({u.province for u in units}) == 1 else None
        elif org.level in ("commune", "chibo"):
            if scope is None and org.level == "commune" and context.commune:
                scope = f"Đảng bộ {context.commune}"  # "Đảng ủy xã" on the commune's own portal
            if context.province and org.province and org.province != context.province:
                province = context.province
            district = district if district and org.province == province else context.district
        return Place(scope, province, district)

    def _site_scope(self) -> str | None:
        """No body named at all: the party organization of the site's unit (commune, district, else province)."""
        context = self.context
        if context.commune:
            return f"Đảng bộ {context.commune}"
        if context.district:
            units = gazetteer().district_units(context.district, context.province)
            if units:
                return f"Đảng bộ {units[0].kind} {units[0].name}"
        return self._province_scope()

    def _province_scope(self) -> str | None:
        """A bare "Đảng bộ tỉnh" in a provincial paper: the province's."""
        province = self.context.province
        if province is None:
            return None
        return f"Đảng bộ {'thành phố' if province in PROVINCE_LEVEL_CITIES else 'tỉnh'} {province}"

    def _unnamed_district_scope(self, org: Organization) -> str | None:
        """ "Đảng bộ thành phố" on a city's own site: the city; "Huyện ủy" on a district's site: the district."""
        context = self.context
        unit = LEVEL_COMMITTEES.get(org.head) or next(
            (u for u in DISTRICT_KINDS if key(org.text).endswith(key(u))), None
        )
        if context.province and unit == "thành phố" and context.district is None:
            return f"Đảng bộ thành phố {context.province}"
        if context.district:
            units = gazetteer().district_units(context.district, context.province)
            kind = units[0].kind if units else unit
            return f"Đảng bộ {kind} {context.district}" if kind else None
        return None

    @staticmethod
    def _province_in(scope: str | None) -> str | None:
        if not scope:
            return None
        words = scope.split()
        places = gazetteer()
        for size in (4, 3, 2, 1):
            if len(words) > size and places.province(" ".join(words[-size:])):
                return places.province(" ".join(words[-size:]))
        return None

    # --- totals ------------------------------------------------------------------------------------
    def totals(
        self, drafts: list[Draft], reading: Reading, places: list[Place], years: list[int | None]
    ) -> list[int | None]:
        """The total of each draft, in one pass (linear in the number of drafts and statements)."""
        latest = max((y for y in years if y is not None), default=None)
        stated = _StatedTotals(self, reading.totals, latest)
        result: list[int | None] = []
        paragraph = None
        fractions: dict[tuple[str | None, str | None, int | None], int] = {}
        evaluated: dict[tuple[str | None, str | None, int | None], int] = {}
        earlier_fractions: dict[tuple[str | None, str | None, int | None], int] = {}  # in the whole text
        for draft, place, year in zip(drafts, places, years, strict=True):
            if draft.sentence.paragraph != paragraph:  # what earlier statements tell holds within a paragraph
                paragraph, fractions, evaluated = draft.sentence.paragraph, {}, {}
            same = (draft.subject, place.scope, year)
            if draft.fraction_total is not None:
                result.append(draft.fraction_total)
            else:
                carried = fractions.get(same)
                if carried is None:
                    carried = stated.total(draft, place, year)
                # "trong 2.345 đảng viên được đánh giá, có 312 ...": the number evaluated, when no total is given;
                # else the N of an earlier "x/N" (the headline's "95/98 TCCSĐ ...") for the same subject and scope
                if carried is None:
                    carried = evaluated.get(same)
                if carried is None:
                    carried = earlier_fractions.get(same)
                counted = draft.count.value if draft.count is not None and not draft.count.is_percent else None
                result.append(carried if carried is None or counted is None or counted <= carried else None)
            if draft.fraction_total is not None:
                fractions[same] = draft.fraction_total
                earlier_fractions.setdefault(same, draft.fraction_total)
            count = draft.count
            if draft.rating == EVALUATED and count and count.kind == "count" and not count.approx:
                evaluated[same] = int(count.value)
        return result

    def statement_year(self, sentence: Sentence) -> int | None:
        """The last year of a sentence stating a total."""
        inside = self._years_between(sentence.start, sentence.end)
        return inside[-1].year if inside else None

    def _years_between(self, start: int, end: int) -> list[YearMention]:
        return self.years[bisect_left(self.year_starts, start) : bisect_left(self.year_starts, end)]


class _StatedTotals:
    """Total statements ("có 34 TCCSĐ") indexed by subject, year and scope, each placed once.

    A statement without a year speaks of the latest year the article reports; one without a scope
    (or a draft without one) matches any scope. Of the sentences that match, the last one before the
    draft wins, else the first after it; the statements of that sentence add up.
    """

    def __init__(self, resolver: Resolver, statements: list[TotalStatement], latest: int | None) -> None:
        # (subject, year) -> scope key (None: any) -> sentence index -> summed value
        self.index: dict[tuple[str, int | None], dict[str | None, dict[int, int]]] = {}
        for statement in statements:
            fake = Draft(statement.sentence, "", _NO_TERM, anchor=statement.position)
            scope = resolver.place(fake).scope
            year = resolver.statement_year(statement.sentence)
            by_scope = self.index.setdefault((statement.subject, latest if year is None else year), {})
            by_sentence = by_scope.setdefault(key(scope) if scope else None, {})
            by_sentence[statement.sentence.index] = by_sentence.get(statement.sentence.index, 0) + statement.value
        self.sorted: dict[tuple[tuple[str, int | None], str | None], list[int]] = {
            (group, scope): sorted(by_sentence)
            for group, by_scope in self.index.items()
            for scope, by_sentence in by_scope.items()
        }
        self.everywhere: dict[tuple[str, int | None], dict[int, int]] = {}
        for group, by_scope in self.index.items():
            merged = self.everywhere.setdefault(group, {})
            for by_sentence in by_scope.values():
                for sentence, value in by_sentence.items():
                    merged[sentence] = merged.get(sentence, 0) + value
        self.everywhere_sorted = {group: sorted(merged) for group, merged in self.everywhere.items()}

    def total(self, draft: Draft, place: Place, year: int | None) -> int | None:
        if draft.subject is None:
            return None
        group = (draft.subject, year)
        by_scope = self.index.get(group)
        if not by_scope:
            return None
        if place.scope:
            scopes = [scope for scope in (key(place.scope), None) if scope in by_scope]
            candidates = [(by_scope[scope], self.sorted[(group, scope)]) for scope in scopes]
        else:
            candidates = [(self.everywhere[group], self.everywhere_sorted[group])]
        chosen = _chosen_sentence([ordered for _, ordered in candidates], draft.sentence.index)
        if chosen is None:
            return None
        value = sum(by_sentence.get(chosen, 0) for by_sentence, _ in candidates)
        count = draft.count.value if draft.count is not None and not draft.count.is_percent else None
        if count is not None and count > value:
            return None
        return value


def _without_locations(orgs: list[Organization], text: str) -> list[Organization]:
    """Without the places that only say where the body before them is: "Đảng ủy xã Ea Tiêu (huyện Cư Kuin)"."""
    if not text:
        return orgs
    ordered = sorted(orgs, key=lambda org: org.start_char)
    kept = ordered[:1]
    for before, org in pairwise(ordered):
        between = text[before.end_char : org.start_char].strip()
        if org.head == "place" and before.head != "place" and before.scope and between == "(":
            continue
        kept.append(org)
    return kept


def _chosen_sentence(orders: list[list[int]], sentence: int) -> int | None:
    """The last sentence index at or before ``sentence`` in any of ``orders``, else the first after it."""
    before = [ordered[bisect_right(ordered, sentence) - 1] for ordered in orders if ordered and ordered[0] <= sentence]
    if before:
        return max(before)
    after = [ordered[0] for ordered in orders if ordered]
    return min(after) if after else None
