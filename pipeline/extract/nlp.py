"""The spaCy ``vi`` Language vnie extracts with, and ``analyze``: normalized text -> ExtractionResult.

Tokenization is spaCy's rule tokenizer on syllables (pyvi off): it lines up with the domain phrases
and is fast. The components, in order, are registered factories with declared ``assigns``:

    vnie_normalizer -> vnie_sentences -> vnie_terms -> vnie_organizations -> vnie_quantities -> vnie_records

Nothing is downloaded: the only models are underthesea's bundled ones (sentence splitting).

Texts past spaCy's length limit are tokenized in bounded pieces cut at line ends (``TOKENIZE_CHARS``
each) and joined into one Doc, so no page is lost while every component still sees the whole
article (a scope or total stated in the headline applies to a figure far below it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from pipeline.extract.components import NO_SPANS, ext, register_extensions
from pipeline.extract.context import DocContext
from pipeline.models import ExtractionResult, SiteProfile

PIPELINE: tuple[str, ...] = (
    "vnie_normalizer",
    "vnie_sentences",
    "vnie_terms",
    "vnie_organizations",
    "vnie_quantities",
    "vnie_records",
)

# Kept whole by the tokenizer so that no part of them is read as a quantity.
_WHOLE_TOKENS = re.compile(
    r"""^(?:
        \d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}            # dates 31/12/2019, 12.5.2020, 25-01-2019
      | \d{1,4}-?[A-ZĐ][A-Za-zĐđ]*(?:/[A-Za-zĐđ0-9-]+)+  # document codes 21-HD/BTCTW, 132-QĐ/TW
      | (?:19|20)\d{2}-(?:19|20)\d{2}              # year ranges 2017-2020
      | \d{1,2}-\d{1,2}                            # day-month 16-9
      | \d{1,2}:\d{2}                              # times 20:11
      | [Đđ]/[Cc]                                  # đồng chí
    )$""",
    re.VERBOSE | re.ASCII,
)


# Split inside a run without spaces, as writers leave them out: "kém.(Ảnh", "2020.Tham", "12,5%).Năm".
# A dot between capitals ("TP.HCM") or before a digit ("Q.9", "10.6") stays.
# A full stop after a single capital ends the sentence ("xếp loại B."): initials are rare in the news.
_SUFFIXES = (r"(?<=^[A-ZĐ])\.",)
# A figure glued to the word it counts ("1.024đồng chí") and a comma or semicolon glued to what follows
# a figure or a share ("10%;120 đảng viên", "12,5%,trong đó") are split there too.
_INFIXES = (
    r"[()]",
    r"(?<=[0-9])%(?=\S)",
    r"(?<=[a-zà-ỹđ0-9)%])\.(?=[A-ZÀ-ỸĐ(])",
    r"(?<=[0-9])(?=[a-zà-ỹđ])",
    r"(?<=[0-9%])[;,](?=[^\W\d_])",
    r"(?<=%)[;,]",
)
_PREFIXES = (r"[;,](?=[0-9])",)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

# The most characters handed to the tokenizer at once: spaCy refuses more than nlp.max_length (its
# default, 1,000,000), and joining pieces costs a pass over every token, so only longer texts pay it.
TOKENIZE_CHARS = 1_000_000

# Whitespace-delimited chunks whose tokens spaCy's tokenizer keeps (its default, 10,000, fills within a
# few thousand articles; after that every chunk not kept goes through the affix regexes again, ten times
# slower). Bounded like the normalizer's tables: a back-fill reads millions of distinct strings.
TOKENIZER_CACHE = 1 << 18


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process."""
    register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    nlp.tokenizer.token_match = _WHOLE_TOKENS.match  # type: ignore[union-attr]
    infixes = compile_infix_regex([*nlp.Defaults.infixes, *_INFIXES])  # type: ignore[misc]
    nlp.tokenizer.infix_finditer = infixes.finditer  # type: ignore[union-attr]
    prefixes = compile_prefix_regex([*nlp.Defaults.prefixes, *_PREFIXES])  # type: ignore[misc]
    nlp.tokenizer.prefix_search = prefixes.search  # type: ignore[union-attr]
    suffixes = compile_suffix_regex([*nlp.Defaults.suffixes, *_SUFFIXES])  # type: ignore[misc]
    nlp.tokenizer.suffix_search = suffixes.search  # type: ignore[union-attr]
    nlp.tokenizer.max_cache_size = TOKENIZER_CACHE  # type: ignore[union-attr]
    for name in PIPELINE:
        nlp.add_pipe(f"{name}_v1", name=name)
    return nlp


@lru_cache(maxsize=1)
def _components() -> tuple[Callable[[Doc], Doc], ...]:
    """``get_nlp()``'s components in order: ``analyze`` calls them as ``nlp(doc)`` does, without its
    bookkeeping on every call (the pipeline list rebuilt, error handlers looked up), which costs as
    much as a component on a short text. spaCy's default error handler re-raises, as a direct call does."""
    return tuple(component for _name, component in get_nlp().pipeline)


def analyze(
    text: str, *, url: str | None = None, published: str | None = None, site: SiteProfile | None = None
) -> ExtractionResult:
    """Records and organizations of one normalized text (see ``pipeline.extract``)."""
    if _has_lone_surrogate(text):  # unencodable (from a JSON "\\ud800"): spaCy's strings refuse it
        text = _LONE_SURROGATE.sub("\ufffd", text)
    nlp = get_nlp()
    doc = make_doc(nlp, text)
    doc.user_data["vnie_context"] = DocContext.build(url=url, published=published, site=site)
    doc.user_data["vnie_text"] = text
    doc.user_data[NO_SPANS] = True
    for component in _components():
        doc = component(doc)
    return ExtractionResult(
        records=tuple(ext(doc, "records")),
        organizations=tuple(org.text for org in ext(doc, "listed_organizations")),
        flags=tuple(ext(doc, "flags")),
        text=text,
    )


def _has_lone_surrogate(text: str) -> bool:
    """UTF-8 refuses exactly the surrogates, and encodes far faster than the regex scans."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def make_doc(nlp: Language, text: str, limit: int | None = None) -> Doc:
    """The tokens of ``text`` as one Doc, tokenized ``limit`` (``TOKENIZE_CHARS``) characters at most at a time."""
    pieces = bounded_pieces(text, limit or TOKENIZE_CHARS)
    if len(pieces) == 1:
        return nlp.make_doc(text)
    return Doc.from_docs([nlp.make_doc(piece) for piece in pieces], ensure_whitespace=False)


def bounded_pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, after a line end where there is one,
    else after a space, so that no token is cut (only a ``limit``-long run without a blank is)."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start, end)
        if cut < 0:
            cut = text.rfind(" ", start, end)
        cut = end if cut < 0 else cut + 1
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
