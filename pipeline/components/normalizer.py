"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM.

It also keeps the text and the tokens' texts, norms and offsets as plain tuples (``doc._.tokens``)
for the components after it; they are read and written as arrays, without a Token object each.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, NORM, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize import fold
from pipeline.tokens import TokenTable


@Language.component("vnie_normalizer", assigns=["token.norm", "doc._.tokens"])
def normalize_tokens(doc: Doc) -> Doc:
    strings = doc.vocab.strings
    if len(doc):
        table = doc.to_array([ORTH, IDX])
        texts = tuple(strings[int(orth)] for orth in table[:, 0])
        starts = tuple(int(offset) for offset in table[:, 1])
    else:
        texts, starts = (), ()
    norms = tuple(fold(text) for text in texts)
    if norms:
        doc.from_array([NORM], numpy.array([strings.add(norm) for norm in norms], dtype="uint64").reshape(-1, 1))
    doc._.tokens = TokenTable(doc.text, texts, norms, starts)
    return doc
