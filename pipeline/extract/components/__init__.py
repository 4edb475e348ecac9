"""The registered spaCy components of vnie (see ``pipeline.extract.nlp`` for their order)."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

# analyze() sets this in a Doc's user_data: the spans (doc.spans) are for looking at a Doc, and no
# component reads them, so extraction does not build them (a Span costs three Token objects).
NO_SPANS = "vnie_no_spans"


def wants_spans(doc: Doc) -> bool:
    """Whether the components should fill ``doc.spans`` (for inspection; ``analyze`` asks for none)."""
    return NO_SPANS not in doc.user_data


# The Doc attributes below (doc._.tokens, ...) are read and written with ``ext`` and ``set_ext``: they
# go to doc.user_data under the key spaCy's Underscore uses, without the Underscore object spaCy builds
# on every ``doc._`` (a few microseconds each, some forty times a Doc). ``doc._.<name>`` reads the same.


def ext(doc: Doc, name: str) -> Any:
    """``doc._.<name>`` (``None`` until set, as its default)."""
    user_data: dict[Any, Any] = doc.user_data
    return user_data.get(("._.", name, None, None))


def set_ext(doc: Doc, name: str, value: Any) -> None:
    """``doc._.<name> = value``."""
    user_data: dict[Any, Any] = doc.user_data
    user_data[("._.", name, None, None)] = value


def register_extensions() -> None:
    """Custom attributes the components assign; idempotent."""
    for name, default in (
        ("tokens", None),
        ("sentence_starts", None),
        ("terms", None),
        ("quantities", None),
        ("years", None),
        ("organizations", None),
        ("listed_organizations", None),
        ("records", None),
        ("flags", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Token.has_extension("masked"):
        Token.set_extension("masked", default=False)
    # Importing the modules registers their factories.
    from pipeline.extract.components import (  # noqa: F401
        normalizer,
        organizations,
        quantities,
        records,
        sentences,
        terms,
    )
