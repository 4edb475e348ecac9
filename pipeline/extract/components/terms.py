"""vnie_terms: subjects, ratings, cues, counting units and posts (roles), matched on folded syllables.

One PhraseMatcher on NORM; overlaps are resolved by longest match within each family (nouns,
ratings, cues), so "đảng viên mới" (not a subject) beats "đảng viên" and "hoàn thành tốt nhiệm vụ
trở lên" beats "hoàn thành tốt nhiệm vụ".
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.extract.components import ext, set_ext, wants_spans
from pipeline.extract.mentions import Term
from pipeline.extract.vocabulary import (
    CB_LDQL,
    CUE_PHRASES,
    GENERIC_UNITS,
    NOT_SUBJECTS,
    ROLE_PHRASES,
    rating_phrases,
    subject_phrases,
)
from pipeline.normalize import fold

FAMILIES = {"subject": "noun", "not_subject": "noun", "unit": "noun", "role": "noun", "rating": "rating", "cue": "cue"}


def vocabulary_labels() -> Iterable[tuple[str, str]]:
    """(label, phrase) pairs; a label is ``kind:value``."""
    for subject, phrases in subject_phrases().items():
        yield from ((f"subject:{subject}", phrase) for phrase in phrases)
    yield from ((f"not_subject:{phrase}", phrase) for phrase in NOT_SUBJECTS)
    yield from ((f"unit:{phrase}", phrase) for phrase in GENERIC_UNITS)
    yield from ((f"role:{CB_LDQL}", phrase) for phrase in ROLE_PHRASES)
    for rating, phrases in rating_phrases().items():
        yield from ((f"rating:{rating}", phrase) for phrase in phrases)
    for cue, cue_phrases in CUE_PHRASES.items():
        yield from ((f"cue:{cue}", phrase) for phrase in cue_phrases)


class TermMatcher:
    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        by_label: dict[str, list[Doc]] = {}
        for label, phrase in vocabulary_labels():
            pattern = nlp.make_doc(phrase)
            for token in pattern:
                token.norm_ = fold(token.text)
            by_label.setdefault(label, []).append(pattern)
        for label, patterns in by_label.items():
            self.matcher.add(label, patterns)
        # read once instead of per match: match id -> (family, label), label -> (kind, value)
        self.labels = {nlp.vocab.strings[label]: (FAMILIES[label.split(":", 1)[0]], label) for label in by_label}
        self.kinds = {label: _kind_value(label) for label in by_label}
        self.label_ids = {label: nlp.vocab.strings[label] for label in by_label}

    def __call__(self, doc: Doc) -> Doc:
        tokens = ext(doc, "tokens")
        labels = self.labels
        families: dict[str, list[tuple[int, int, str]]] = {"noun": [], "rating": [], "cue": []}
        for match_id, start, end in self.matcher(doc):
            family, label = labels[match_id]
            families[family].append((start, end, label))
        kept_ratings = longest(families["rating"])  # kept as they are below
        if families["cue"] and kept_ratings:
            # A cue word inside a rating ("kiểm điểm" in "được kiểm điểm, đánh giá") is part of the rating.
            inside_rating = {i for start, end, _ in kept_ratings for i in range(start, end)}
            families["cue"] = [m for m in families["cue"] if not all(i in inside_rating for i in range(m[0], m[1]))]
        terms: list[Term] = []
        starts, texts = tokens.starts, tokens.texts
        kinds, label_ids = self.kinds, self.label_ids
        spans = wants_spans(doc)
        for family, matches in families.items():
            kept = kept_ratings if family == "rating" else longest(matches)
            if spans:
                doc.spans[family] = [Span(doc, start, end, label=label_ids[label]) for start, end, label in kept]
            for start, end, label in kept:
                kind, value = kinds[label]
                terms.append(Term(kind, value, start, end, starts[start], starts[end - 1] + len(texts[end - 1])))
        set_ext(doc, "terms", sorted(terms, key=_term_order))
        return doc


def _kind_value(label: str) -> tuple[str, str]:
    kind, value = label.split(":", 1)
    return kind, value


def _term_order(term: Term) -> tuple[int, int]:
    return term.start, -term.end


def longest(matches: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The longest matches that do not overlap (earlier first among equals), in text order, as spaCy's
    ``filter_spans`` picks them, on plain tuples."""
    taken: set[int] = set()
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(matches, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if start not in taken and end - 1 not in taken:
            kept.append((start, end, label))
            taken.update(range(start, end))
    return sorted(kept)


@Language.factory("vnie_terms_v1", assigns=["doc._.terms", "doc.spans"], default_config={})
def make_term_matcher(nlp: Language, name: str) -> TermMatcher:
    return TermMatcher(nlp)
