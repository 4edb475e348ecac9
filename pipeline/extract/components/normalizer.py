"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM.

It also keeps the text and the tokens' texts, norms and offsets as plain tuples (``doc._.tokens``)
for the components after it; they are read and written as arrays, without a Token object each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import IDX, LENGTH, NORM
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract.tokens import TokenTable
from pipeline.normalize import fold_token


@Language.factory("vnie_normalizer_v1", assigns=["token.norm", "doc._.tokens"], default_config={})
def make_normalizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return normalize_tokens


def normalize_tokens(doc: Doc) -> Doc:
    text = doc.user_data.get("vnie_text") or doc.text  # analyze() hands the text over: Doc.text rebuilds it
    if len(doc):
        offsets = doc.to_array([IDX, LENGTH]).tolist()
        starts = tuple(start for start, _ in offsets)
        texts = tuple(text[start : start + length] for start, length in offsets)
    else:
        texts, starts = (), ()
    norms = tuple(fold_token(token) for token in texts)
    if norms:
        strings = doc.vocab.strings
        hash_of = {norm: strings.add(norm) for norm in set(norms)}  # a text repeats its words
        hashes = numpy.array([hash_of[norm] for norm in norms], dtype="uint64").reshape(-1, 1)
        doc.from_array([NORM], hashes)  # type: ignore[arg-type]
    doc._.tokens = TokenTable(text, texts, norms, starts)
    return doc
