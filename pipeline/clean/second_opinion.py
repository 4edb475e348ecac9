"""A second opinion where the generic path is unsure of the body: trafilatura's extraction, and the rule
that keeps the better of the two.

The generic path is unsure (``doubts``) when the body it found is

* **empty** or nearly so (under ``MIN_BODY`` characters),
* **short**: under ``SHORT_SHARE`` of the prose in and next to the element chosen (the body goes on in
  siblings that were not recognised, or the paragraph filters dropped most of it),
* **link-dense**: more than ``LINK_DENSE`` of its text is link text (a list, not an article),
* **teaser-shaped**: more than ``TEASER_SHARE`` of its score came from summaries under linked headlines.

Then trafilatura reads the same page, and its body replaces ours (``prefer_theirs``) when

* ours is empty and theirs holds at least ``MIN_THEIRS`` characters; or
* theirs is at least ``LONGER`` times as long as ours and repeats at least ``COVERED`` of our words
  (it is our body and what we missed); or
* ours is link-dense or teaser-shaped, theirs shares less than half of our words (it is another part
  of the page) and is at least as long.

Otherwise ours stays: trafilatura never overrides a body we are sure of, and a site profile's
selectors are never second-guessed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from lxml import etree

from pipeline.clean.generic import Container
from pipeline.clean.paragraphs import Block

MIN_BODY = 200
SHORT_SHARE = 0.6
LINK_DENSE = 0.3
TEASER_SHARE = 0.3
MIN_THEIRS = 250
LONGER = 1.3
COVERED = 0.7
MAX_CELL = 200  # characters: a longer cell is a page-layout table, not a table of figures
_WORD = re.compile(r"\w+")
_PARAGRAPHS = frozenset({"p", "head", "item", "quote", "code"})
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its "discarding data" notes are not our messages


@dataclass(frozen=True, slots=True)
class Opinion:
    """Why the generic path doubted its body, and whether trafilatura's replaced it."""

    doubts: tuple[str, ...] = ()
    asked: bool = False
    taken: bool = False


def doubts(container: Container | None, body: list[Block]) -> tuple[str, ...]:
    """What makes the generic path unsure of the body it found (none: it is sure)."""
    length = sum(len(block.text) for block in body)
    if container is None or length < MIN_BODY:
        return ("empty",)
    found = []
    if length < container.nearby_prose * SHORT_SHARE:
        found.append("short")
    if sum(block.links for block in body) > length * LINK_DENSE:
        found.append("link-dense")
    if container.teaser_share > TEASER_SHARE:
        found.append("teasers")
    return tuple(found)


def trafilatura_blocks(text: str, url: str | None) -> list[Block]:
    """trafilatura's body of the page as blocks: paragraphs, headings, list items, table rows."""
    import trafilatura

    try:
        xml = trafilatura.extract(
            text, url=url, output_format="xml", include_comments=False, include_tables=True, deduplicate=False
        )
    except Exception:  # a second opinion that fails is no opinion; the generic body stands
        return []
    if not xml:
        return []
    try:
        document = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return []
    blocks: list[Block] = []
    main = document.find("main")
    for node in (main if main is not None else document).iter(etree.Element):
        if node.tag == "row":
            cells = [" ".join("".join(cell.itertext()).split()) for cell in node if cell.tag == "cell"]
            if any(cells) and max(len(cell) for cell in cells) <= MAX_CELL:  # a row of figures, not a layout
                blocks.append(Block(" | ".join(cells), "tr", row=True))
        elif node.tag in _PARAGRAPHS and not any(child.tag in _PARAGRAPHS for child in node):
            lines = [" ".join(line.split()) for line in _text_with_breaks(node).split("\n")]
            value = "\n".join(line for line in lines if line)
            if value and not _inside(node, "row"):
                blocks.append(Block(value, "h3" if node.tag == "head" else "p"))
    return blocks


def _text_with_breaks(node: etree._Element) -> str:
    parts = [node.text or ""]
    for child in node:
        parts.append("\n" if child.tag == "lb" else "".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _inside(node: etree._Element, tag: str) -> bool:
    return any(parent.tag == tag for parent in node.iterancestors())


def prefer_theirs(ours: str, theirs: str, reasons: tuple[str, ...]) -> bool:
    """The rule of the module docstring: whether trafilatura's body replaces ours."""
    if len(theirs) < MIN_THEIRS:
        return False
    if "empty" in reasons:
        return True
    our_words = set(_WORD.findall(ours.casefold()))
    their_words = set(_WORD.findall(theirs.casefold()))
    covered = len(our_words & their_words) / len(our_words) if our_words else 0.0
    if len(theirs) >= LONGER * len(ours) and covered >= COVERED:
        return True
    elsewhere = "link-dense" in reasons or "teasers" in reasons
    return elsewhere and covered < 0.5 and len(theirs) >= len(ours)
