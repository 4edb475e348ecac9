"""The registered spaCy components of vnie (see ``pipeline.extract.nlp`` for their order)."""

from __future__ import annotations

from spacy.tokens import Doc, Token

# analyze() sets this in a Doc's user_data: the spans (doc.spans) are for looking at a Doc, and no
# component reads them, so extraction does not build them (a Span costs three Token objects).
NO_SPANS = "vnie_no_spans"


def wants_spans(doc: Doc) -> bool:
    """Whether the components should fill ``doc.spans`` (for inspection; ``analyze`` asks for none)."""
    return NO_SPANS not in doc.user_data


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
