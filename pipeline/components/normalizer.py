"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.normalize import fold


@Language.component("vnie_normalizer", assigns=["token.norm"])
def normalize_tokens(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = fold(token.text)
    return doc
