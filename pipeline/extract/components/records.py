"""vnie_records: rating records assembled from the other components' mentions.

Pieces of sentences -> drafts (``pipeline.extract.assemble``) -> scope, year, total (``pipeline.extract.resolve``)
-> merged and checked records (``pipeline.extract.validate``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.assemble import SentenceReader
from pipeline.extract.clauses import split_sentences
from pipeline.extract.components import ext, set_ext
from pipeline.extract.context import DocContext
from pipeline.extract.resolve import Resolver
from pipeline.extract.tables import read_tables
from pipeline.extract.validate import check, merge_duplicates, read_inclusive_shares
from pipeline.extract.vocabulary import NOT_CANONICAL
from pipeline.models import RatingRecord

BASE_CONFIDENCE = 0.95


@Language.factory(
    "vnie_records_v1", assigns=["doc._.records", "doc._.flags"], default_config={"base_confidence": BASE_CONFIDENCE}
)
def make_record_assembler(nlp: Language, name: str, base_confidence: float) -> Callable[[Doc], Doc]:
    return partial(assemble_records, base_confidence=base_confidence)


def assemble_records(doc: Doc, base_confidence: float = BASE_CONFIDENCE) -> Doc:
    context: DocContext = doc.user_data.get("vnie_context") or DocContext()
    sentences = split_sentences(doc)
    reading = SentenceReader(doc).read(sentences)
    table_drafts, column_years = read_tables(doc, sentences)
    drafts = [
        d
        for d in sorted([*reading.drafts, *table_drafts], key=lambda d: d.start_char)
        if d.has_figure and d.subject and d.rating != NOT_CANONICAL
    ]
    tokens = ext(doc, "tokens")
    resolver = Resolver(sentences, ext(doc, "years"), ext(doc, "organizations"), context, tokens.text, tokens.norms)
    places = [resolver.place(draft) for draft in drafts]
    years = [column_years.get(id(draft)) or resolver.year(draft) for draft in drafts]
    totals = resolver.totals(drafts, reading, places, years)
    records = []
    text = ext(doc, "tokens").text
    for draft, place, year, total in zip(drafts, places, years, totals, strict=True):
        start, end = evidence_bounds(text, draft.start_char, draft.end_char)
        count = draft.count
        percent = draft.percent
        approx = (count.approx if count is not None else None) or (percent.approx if percent is not None else None)
        confidence = base_confidence - (0.1 if draft.subject_carried else 0) - (0.05 if draft.shared else 0)
        records.append(
            RatingRecord(
                subject=draft.subject or "",
                rating=draft.rating,
                count=None if count is None else int(count.value),
                percent=None if percent is None else round(float(percent.value), 2),
                evidence=text[start:end],
                scope=place.scope,
                province=place.province,
                district=place.district,
                year=year,
                approx=approx,
                total=total,
                start=start,
                end=end,
                confidence=round(confidence, 2),
            )
        )
    merged, flags = merge_duplicates(records, [draft.sentence.index for draft in drafts], [d.group for d in drafts])
    set_ext(doc, "records", check(read_inclusive_shares(merged), context.published_year))
    set_ext(doc, "flags", flags)
    return doc


def evidence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The evidence span without surrounding blanks, with a parenthesis it opened closed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if text.count("(", start, end) > text.count(")", start, end) and text[end : end + 1] == ")":
        end += 1
    return start, end
