"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM.

It also keeps the text and the tokens' texts, norms and offsets as plain tuples (``doc._.tokens``)
for the components after it; they are read and written as arrays, without a Token object each.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

import numpy
from spacy.attrs import IDX, NORM, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from pipeline.extract.components import set_ext
from pipeline.extract.tokens import TokenTable
from pipeline.normalize import fold_token


@Language.factory("vnie_normalizer_v1", assigns=["token.norm", "doc._.tokens"], default_config={})
def make_normalizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return TokenNormalizer()


_MOST_ROWS = 1 << 20


class _Vocabulary:
    """Every token string seen (by its ORTH hash): its text, its norm and the norm's hash, each found once.

    A text repeats its words and a vocabulary repeats far more than it grows; the StringStore keeps
    every string anyway, so these tables grow no faster than it does. A Doc's tokens are looked up
    once (ORTH -> row) and read from the rows in C.
    """

    def __init__(self, strings: StringStore) -> None:
        self.strings = strings
        self._empty()

    def _empty(self) -> None:
        self.rows: dict[int, int] = {}
        self.texts: list[str] = []
        self.norms: list[str] = []
        self.norm_hashes = numpy.zeros(1024, dtype="uint64")

    def rows_of(self, orths: list[int]) -> list[int]:
        try:
            return list(map(self.rows.__getitem__, orths))
        except KeyError:  # a string not seen before
            if len(self.rows) >= _MOST_ROWS:  # bounded: a back-fill reads millions of distinct strings
                self._empty()
            for orth in dict.fromkeys(orths):
                if orth not in self.rows:
                    self._learn(orth)
            return list(map(self.rows.__getitem__, orths))

    def _learn(self, orth: int) -> None:
        row = len(self.texts)
        text = self.strings[orth]
        norm = fold_token(text)
        self.rows[orth] = row
        self.texts.append(text)
        self.norms.append(norm)
        if row == len(self.norm_hashes):
            self.norm_hashes = numpy.concatenate([self.norm_hashes, numpy.zeros_like(self.norm_hashes)])
        self.norm_hashes[row] = self.strings.add(norm)


class TokenNormalizer:
    def __init__(self) -> None:
        self.vocabulary: _Vocabulary | None = None

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data.get("vnie_text") or doc.text  # analyze() hands the text over: Doc.text rebuilds it
        count = len(doc)
        if count:
            vocabulary = self.vocabulary
            if vocabulary is None or vocabulary.strings is not doc.vocab.strings:
                vocabulary = self.vocabulary = _Vocabulary(doc.vocab.strings)
            array = doc.to_array([IDX, ORTH])
            starts = tuple(array[:, 0].tolist())
            rows = vocabulary.rows_of(array[:, 1].tolist())
            read = itemgetter(*rows)  # a tuple of the rows' values (the value itself for one row)
            texts, norms = read(vocabulary.texts), read(vocabulary.norms)
            if count == 1:
                texts, norms = (texts,), (norms,)
            doc.from_array([NORM], vocabulary.norm_hashes[rows].reshape(-1, 1))  # type: ignore[arg-type]
        else:
            texts, norms, starts = (), (), ()
        set_ext(doc, "tokens", TokenTable(text, texts, norms, starts))
        return doc
