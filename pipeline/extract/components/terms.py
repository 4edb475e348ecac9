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
from spacy.util import filter_spans

from pipeline.extract.mentions import Term
from pipeline.extract.vocabulary import (
    CB_LDQL,
    CUE_PHRASES,
    EVERY_YEAR,
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

    def __call__(self, doc: Doc) -> Doc:
        families: dict[str, list[Span]] = {"noun": [], "rating": [], "cue": []}
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            families[FAMILIES[label.split(":", 1)[0]]].append(Span(doc, start, end, label=label))
        terms: list[Term] = []
        ratings = filter_spans(families["rating"])
        inside_rating = {i for span in ratings for i in range(span.start, span.end)}
        # A cue word inside a rating ("kiểm điểm" in "được kiểm điểm, đánh giá") is part of the rating.
        families["cue"] = [
            span for span in families["cue"] if not all(i in inside_rating for i in range(span.start, span.end))
        ]
        for family, spans in families.items():
            kept = filter_spans(spans)
            doc.spans[family] = kept
            for span in kept:
                kind, value = span.label_.split(":", 1)
                terms.append(Term(kind, value, span.start, span.end, span.start_char, span.end_char))
        terms.extend(spans_of_years(doc))
        doc._.terms = sorted(terms, key=lambda term: (term.start, -term.end))
        return doc


_SPAN_BEFORE = {fold(word) for word in ("trong", "sau", "qua", "suốt")}
_SPAN_AFTER = [tuple(fold(words).split()) for words in ("qua", "gần đây", "trở lại đây", "vừa qua")]
_NAM = fold("năm")


def spans_of_years(doc: Doc) -> list[Term]:
    """ "trong 5 năm", "5 năm qua": a span of several years, read like "hàng năm" (no single year)."""
    tokens = doc._.tokens
    norms, texts = tokens.norms, tokens.texts
    found: list[Term] = []
    for i in range(1, len(norms) - 1):
        if norms[i] != _NAM or not (texts[i - 1].isascii() and texts[i - 1].isdigit() and len(texts[i - 1]) <= 2):
            continue
        if texts[i - 1] in ("0", "1", "01"):
            continue
        before = i > 1 and norms[i - 2] in _SPAN_BEFORE
        after = any(tuple(norms[i + 1 : i + 1 + len(words)]) == words for words in _SPAN_AFTER)
        if before or after:
            start = i - 2 if before else i - 1
            found.append(Term("cue", EVERY_YEAR, start, i + 1, tokens.starts[start], tokens.end_char(i)))
    return found


@Language.factory("vnie_terms_v1", assigns=["doc._.terms", "doc.spans"], default_config={})
def make_term_matcher(nlp: Language, name: str) -> TermMatcher:
    return TermMatcher(nlp)
