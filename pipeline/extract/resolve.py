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

from collections import Counter
from dataclasses import dataclass

from pipeline.extract.assemble import Draft, Reading, last_every_year_cue
from pipeline.extract.body_names import LEVEL_COMMITTEES
from pipeline.extract.clauses import Sentence
from pipeline.extract.context import DocContext
from pipeline.extract.gazetteer import DISTRICT_KINDS, PROVINCE_LEVEL_CITIES, gazetteer
from pipeline.extract.mentions import Organization, YearMention
from pipeline.extract.vocabulary import EVALUATED
from pipeline.normalize import key

SCOPE_LEVELS = ("province", "district", "city", "commune", "khoi", "office", "chibo")
# Subjects a state body rates: their scope is the administrative unit ("tỉnh Phú Yên"), not a party body.
STATE_SUBJECTS = frozenset({"cơ quan, đơn vị", "cán bộ, công chức, viên chức"})


@dataclass(frozen=True, slots=True)
class Place:
    scope: str | None
    province: str | None
    district: str | None


class Resolver:
    def __init__(self, sentences: list[Sentence], years: list[YearMention], orgs: list[Organization],
                 context: DocContext) -> None:  # fmt: skip
        self.sentences = sentences
        self.context = context
        self.years = sorted((y for y in years if y.role == "plain"), key=lambda y: y.start)
        if context.published_year:
            self.years = [y for y in self.years if y.year <= context.published_year]
        self.orgs = [org for org in orgs if org.level in SCOPE_LEVELS]
        self.state_orgs = [org for org in orgs if org.level == "state" and org.scope]
        self.sentence_of = {}
        for sentence in sentences:
            for i in range(sentence.start, sentence.end):
                self.sentence_of[i] = sentence
        self.orgs_in: dict[int, list[Organization]] = {}  # by sentence index, in text order
        for org in self.orgs:
            sentence_of_org = self.sentence_of.get(org.start)
            if sentence_of_org is not None:
                self.orgs_in.setdefault(sentence_of_org.index, []).append(org)
        self.main = self._main_scope()

    # --- year --------------------------------------------------------------------------------------
    def year(self, draft: Draft) -> int | None:
        sentence, position = draft.sentence, draft.anchor
        inside = [y for y in self.years if sentence.start <= y.start < sentence.end]
        before = [y for y in inside if y.start < position]
        period_cue = last_every_year_cue(sentence, position)
        if before:  # the nearer of a year and "hàng năm"/"nhiệm kỳ" decides
            nearest = before[-1]
            return nearest.year if period_cue is None or period_cue < nearest.start else None
        if last_every_year_cue(sentence, sentence.end) is not None:
            return None  # "hàng năm" anywhere in the sentence and no year: no single year
        if inside:
            return inside[0].year
        earlier = [y for y in self.years if y.start < sentence.start]
        same_paragraph = [y for y in earlier if self.sentence_of[y.start].paragraph == sentence.paragraph]
        if same_paragraph:
            return same_paragraph[-1].year
        if earlier:
            return earlier[-1].year
        if self.years:
            return self.years[0].year
        return self.context.url_year

    # --- scope -------------------------------------------------------------------------------------
    def place(self, draft: Draft) -> Place:
        if draft.subject in STATE_SUBJECTS:
            return self._unit_place(draft)
        org = self._scope_org(draft)
        return self._place_of(org)

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
        counts.update(key(o.scope or "") for o in acting if o.start < first)  # the headline's body counts twice
        best = max(acting, key=lambda o: (counts[key(o.scope or "")], -rank.get(o.level or "", 4), -o.start))
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
        latest = max((y for y in years if y is not None), default=None)
        result: list[int | None] = []
        for index, draft in enumerate(drafts):
            if draft.fraction_total is not None:
                result.append(draft.fraction_total)
                continue
            carried, evaluated = None, None
            for earlier_index in range(index - 1, -1, -1):
                earlier = drafts[earlier_index]
                if earlier.sentence.paragraph != draft.sentence.paragraph:
                    break
                same = (
                    earlier.subject == draft.subject
                    and places[earlier_index].scope == places[index].scope
                    and years[earlier_index] == years[index]
                )
                if same and earlier.fraction_total is not None:
                    carried = earlier.fraction_total
                    break
                count = earlier.count
                if same and evaluated is None and earlier.rating == EVALUATED and count and count.kind == "count":
                    evaluated = None if count.approx else int(count.value)
            if carried is None:
                carried = self._stated_total(draft, reading, places[index], years[index], latest)
            # "trong 2.345 đảng viên được đánh giá, có 312 ...": the number evaluated, when no total is given
            result.append(carried if carried is not None else evaluated)
        return result

    def _stated_total(self, draft: Draft, reading: Reading, place: Place, year: int | None,
                      latest: int | None) -> int | None:  # fmt: skip
        by_sentence: dict[int, list[int]] = {}
        for statement in reading.totals:
            if statement.subject != draft.subject:
                continue
            fake = Draft(statement.sentence, draft.rating, draft.rating_term, anchor=statement.position)
            statement_place = self._place_of(self._scope_org(fake))
            if place.scope and statement_place.scope and key(place.scope) != key(statement_place.scope):
                continue
            statement_year = self._statement_year(statement.sentence, statement.position)
            if statement_year is None:
                if year != latest:
                    continue
            elif statement_year != year:
                continue
            by_sentence.setdefault(statement.sentence.index, []).append(statement.value)
        if not by_sentence:
            return None
        before = [i for i in by_sentence if i <= draft.sentence.index]
        chosen = max(before) if before else min(by_sentence)
        value = sum(by_sentence[chosen])
        count = draft.count.value if draft.count is not None and not draft.count.is_percent else None
        if count is not None and count > value:
            return None
        return value

    def _statement_year(self, sentence: Sentence, position: int) -> int | None:
        inside = [y for y in self.years if sentence.start <= y.start < sentence.end]
        return inside[-1].year if inside else None
