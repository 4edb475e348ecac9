"""vnie_organizations: party and state bodies named in the text (see ``pipeline.extract.organizations``).

Assigns every body mention (named or not: "Đảng bộ huyện" still tells the level of a scope) and the
list of named organizations, each once, as written; a body defined in parentheses right after
another ("Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh (Đảng ủy Khối)") is an alias, not a second body.
Subject and cue words inside a body's name ("chi bộ" in "Chi bộ Trường ...") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.mentions import Organization
from pipeline.extract.organizations import OrganizationFinder
from pipeline.normalize import key


def listing_key(name: str) -> str:
    """Names that differ only in case, tone placement or spacing around a dash are one body."""
    return re.sub(r"\s*([-–])\s*", r" \1 ", key(name))


def listed(doc: Doc, mentions: list[Organization]) -> list[Organization]:
    """Named bodies, each once, aliases defined in parentheses left out."""
    seen: set[str] = set()
    out: list[Organization] = []
    for index, org in enumerate(mentions):
        if not org.named:
            continue
        previous = mentions[index - 1] if index else None
        opens = org.start > 0 and doc[org.start - 1].text == "("
        if opens and previous is not None and previous.end == org.start - 1:
            seen.add(listing_key(org.text))
            continue
        name_key = listing_key(org.text)
        if name_key not in seen:
            seen.add(name_key)
            out.append(org)
    return out


@Language.factory(
    "vnie_organizations_v1",
    assigns=["doc._.organizations", "doc._.listed_organizations", "doc._.terms", "doc.spans"],
    default_config={},
)
def make_organization_finder(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return find_organizations


def find_organizations(doc: Doc) -> Doc:
    context = doc.user_data.get("vnie_context")
    mentions = OrganizationFinder(doc, getattr(context, "province", None)).find()
    doc._.organizations = mentions
    doc._.listed_organizations = listed(doc, mentions)
    doc.spans["organizations"] = [Span(doc, org.start, org.end, label=org.level or "body") for org in mentions]
    covered = {i for org in mentions for i in range(org.start, org.end)}
    doc._.terms = [
        term
        for term in doc._.terms
        if term.kind == "rating" or not all(i in covered for i in range(term.start, term.end))
    ]
    return doc
