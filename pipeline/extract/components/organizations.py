"""vnie_organizations: party and state bodies named in the text (see ``pipeline.extract.organizations``).

Assigns every body mention (named or not: "Đảng bộ huyện" still tells the level of a scope) and the
list of named organizations, each once, as written; a body defined in parentheses right after
another ("Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh (Đảng ủy Khối)") is an alias, not a second body.
Subject and cue words inside a body's name ("chi bộ" in "Chi bộ Trường ...") are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.body_names import PERSON_TITLES, RELATED_LINKS
from pipeline.extract.components import ext, set_ext, wants_spans
from pipeline.extract.mentions import Organization
from pipeline.extract.organizations import OrganizationFinder
from pipeline.normalize import fold, key


@lru_cache(maxsize=16384)
def listing_key(name: str) -> str:
    """Names that differ only in case, tone placement, spacing around a dash, a comma or the dot of an
    abbreviated unit ("TP. Vinh", "TP.Vinh", "TP Vinh") are one body."""
    folded = _UNIT_DOT.sub(r"\1 ", key(name).replace(",", " "))
    return " ".join(re.sub(r"\s*([-–])\s*", r" \1 ", folded).split())


_UNIT_DOT = re.compile(r"\b(tp|tx|tt|q|h|p)\.\s*")


def listed(doc: Doc, mentions: list[Organization]) -> list[Organization]:
    """Named bodies, each once: aliases defined in parentheses and shorter forms of a listed name left out.

    A body written two ways is listed as written where it stands on its own rather than inside a
    person's title ("Bí thư Huyện ủy X ..." then "Huyện uỷ X đã ...": the second spelling).
    """
    groups: dict[str, list[Organization]] = {}
    aliases: set[str] = set()
    texts = ext(doc, "tokens").texts
    links = related_links_start(ext(doc, "tokens").text)
    for index, org in enumerate(mentions):
        if not org.named or org.start_char >= links:
            continue
        name_key = listing_key(org.text)
        previous = mentions[index - 1] if index else None
        opens = org.start > 0 and texts[org.start - 1] == "("
        if opens and previous is not None and previous.end == org.start - 1 and name_key not in groups:
            aliases.add(name_key)
            continue
        groups.setdefault(name_key, []).append(org)
    text = ext(doc, "tokens").text
    captions = any(word in text for word in _CAPTION_WORDS)  # once: most texts have no caption
    chosen = [
        _on_its_own(doc, group)
        for name_key, group in groups.items()
        if name_key not in aliases and not (captions and all(in_caption(text, org.start_char) for org in group))
    ]
    by_key = sorted(chosen, key=lambda org: listing_key(org.text))
    # A listed name's longer forms follow it in sorted order. The shorter is the same body read short or
    # written without its place ("Huyện ủy" beside "Huyện ủy Kim Sơn", "Đảng ủy cơ quan Đảng" beside
    # "Đảng ủy cơ quan Đảng – Đoàn thể quận"): the longer form is its name.
    shorter = {
        id(org) for org, other in pairwise(by_key) if listing_key(other.text).startswith(listing_key(org.text) + " ")
    }
    return [org for org in chosen if id(org) not in shorter]


_TITLES = [tuple(fold(title).split()) for title in PERSON_TITLES]
_RELATED_LINKS = re.compile(
    r"^[ \t]*(?:" + "|".join(re.escape(words) for words in RELATED_LINKS) + r")[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


_CAPTION = re.compile(r"\(\s*(?:ảnh|bên trái|bên phải|giữa|thứ \w+ từ (?:trái|phải))|từ trái sang|từ phải sang", re.I)
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def in_caption(text: str, at: int) -> bool:
    """Whether the sentence or line around ``at`` is a photo's caption ("... (bên phải) trao cờ ... (Ảnh: X)"):
    the bodies of a caption are the picture's, the article names them elsewhere when they matter."""
    window = max(0, at - 600)  # a caption is short: look no further back
    before = max(window - 1, text.rfind("\n", window, at), *(text.rfind(m, window, at) for m in (". ", "! ", "? ")))
    after = _SENTENCE_END.search(text, at)
    end = after.start() if after else len(text)
    if _CAPTION.search(text, before + 1, end):
        return True
    line_end = text.find("\n", at)  # the credit on the next line: "... ra mắt\n(Ảnh: X)"
    return line_end >= 0 and _CREDIT_LINE.match(text, line_end + 1) is not None


_CREDIT_LINE = re.compile(r"\s*\(?\s*ảnh\s*:", re.I)
_CAPTION_WORDS = ("ảnh", "Ảnh", "ẢNH", "bên trái", "bên phải", "giữa)", "từ trái", "từ phải")


def related_links_start(text: str) -> int:
    """Where a list of links to other articles starts ("Tin liên quan", "Các tin khác" on a line of its own,
    in the last three quarters of the text: above, it is the site's menu): the bodies named after it are
    in those articles' headlines, not this one's text."""
    found = _RELATED_LINKS.search(text, len(text) // 4)
    return found.start() if found else len(text)


def _on_its_own(doc: Doc, group: list[Organization]) -> Organization:
    if len(group) == 1:
        return group[0]
    norms = ext(doc, "tokens").norms
    for org in group:
        start = org.start
        if not any(start >= size and tuple(norms[start - size : start]) in titles for size, titles in _TITLES_BY_SIZE):
            return org
    return group[0]


_TITLES_BY_SIZE = [(size, {t for t in _TITLES if len(t) == size}) for size in sorted({len(t) for t in _TITLES})]


@Language.factory(
    "vnie_organizations_v1",
    assigns=["doc._.organizations", "doc._.listed_organizations", "doc._.terms", "doc.spans"],
    default_config={},
)
def make_organization_finder(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return find_organizations


def find_organizations(doc: Doc) -> Doc:
    context = doc.user_data.get("vnie_context")
    mentions = OrganizationFinder(doc, getattr(context, "province", None), getattr(context, "district", None)).find()
    set_ext(doc, "organizations", mentions)
    set_ext(doc, "listed_organizations", listed(doc, mentions))
    if wants_spans(doc):
        doc.spans["organizations"] = [Span(doc, org.start, org.end, label=org.level or "body") for org in mentions]
    covered = {i for org in mentions for i in range(org.start, org.end)}
    terms = [
        term
        for term in ext(doc, "terms")
        if term.kind == "rating" or not covered.issuperset(range(term.start, term.end))
    ]
    set_ext(doc, "terms", terms)
    return doc
