"""vnie_normalizer: the matching key of every token (case and tone placement folded) as its NORM.

It also keeps the text and the tokens' texts, norms and offsets as plain tuples (``doc._.tokens``)
for the components after it; they are read and written as arrays, without a Token object each.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy
from spacy.attrs import IDX, NORM, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from pipeline.extract.tokens import TokenTable
from pipeline.normalize import fold_token


@Language.factory("vnie_normalizer_v1", assigns=["token.norm", "doc._.tokens"], default_config={})
def make_normalizer(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return TokenNormalizer()


class _Vocabulary:
    """Per token string (by its ORTH hash): the text, its norm and the norm's hash, each found once.

    A text repeats its words and a vocabulary repeats far more than it grows; the StringStore keeps
    every string anyway, so these maps grow no faster than it does.
    """

    def __init__(self, strings: StringStore) -> None:
        self.strings = strings
        self.texts: dict[int, str] = {}
        self.norms: dict[int, str] = {}
        self.norm_hashes: dict[int, int] = {}

    def learn(self, orths: list[int]) -> None:
        for orth in set(orths).difference(self.texts):
            text = self.strings[orth]
            norm = fold_token(text)
            self.texts[orth] = text
            self.norms[orth] = norm
            # kept as a signed 64-bit integer, viewed as the unsigned hash: numpy reads these fast
            self.norm_hashes[orth] = _signed(self.strings.add(norm))

    def texts_of(self, orths: list[int]) -> tuple[str, ...]:
        try:
            return tuple(map(self.texts.__getitem__, orths))
        except KeyError:  # a string not seen before
            self.learn(orths)
            return tuple(map(self.texts.__getitem__, orths))


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


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
            orths = array[:, 1].tolist()
            # map() over dict lookups: no Python frame per token
            texts = vocabulary.texts_of(orths)
            norms = tuple(map(vocabulary.norms.__getitem__, orths))
            hashes = numpy.fromiter(map(vocabulary.norm_hashes.__getitem__, orths), dtype="int64", count=count)
            doc.from_array([NORM], hashes.view("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        else:
            texts, norms, starts = (), (), ()
        doc._.tokens = TokenTable(text, texts, norms, starts)
        return doc
