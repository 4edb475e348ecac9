"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM.

It also keeps the tokens' texts, norms and offsets as plain tuples (``doc._.tokens``) for the
components after it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize import fold
from pipeline.tokens import TokenTable


@Language.component("vnie_normalizer", assigns=["token.norm", "doc._.tokens"])
def normalize_tokens(doc: Doc) -> Doc:
    texts, norms, starts = [], [], []
    for token in doc:
        norm = fold(token.text)
        token.norm_ = norm
        texts.append(token.text)
        norms.append(norm)
        starts.append(token.idx)
    doc._.tokens = TokenTable(tuple(texts), tuple(norms), tuple(starts))
    return doc
