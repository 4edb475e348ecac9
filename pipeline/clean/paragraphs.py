"""The article container -> paragraphs a reader reads.

The container is walked once in document order (lxml ``iterwalk``): every block element starts a
paragraph, ``<br><br>`` splits one, a data table becomes one line per row with cells joined by
`` | `` (layout tables of old CMSes are walked like divs). Each paragraph remembers how much of it is
link text and emphasis and whether a picture precedes it; the filters then drop captions, "Xem thêm"
link boxes, comment and share lines, leaked templates, a repeated title or sapo and the Title-Cased
copy of the description some CMSes print under the body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import NamedTuple

from lxml import etree

from pipeline.clean import chrome
from pipeline.clean.dates import is_date_line, parse_date_line
from pipeline.clean.dom import HtmlElement, has_tokens, is_element, short_text, squash, text_of
from pipeline.clean.generic import is_chrome_label

MAX_CAPTION = 300
MAX_META_LINE = 120  # a CMS's date/byline/views line above the body
STYLE_CONTRAST = 0.1  # a style worn by this share of the other prose tells no caption apart
PHOTO_STORY_SHARE = 0.8  # captions holding this share of the other prose make a photo story
_ALIGN = re.compile(r"text-align\s*:\s*(right|center|left|justify)", re.IGNORECASE)
_EMPHASIS = frozenset({"b", "strong", "i", "em"})
_ITALIC = frozenset({"i", "em", "cite"})
_META_NAMES = chrome.DATE_TOKENS | chrome.AUTHOR_TOKENS
_INLINE_META = frozenset({"span", "small", "em", "i", "font", "b", "strong"})


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph of the container with what the filters need to know about it."""

    text: str
    tag: str
    links: int = 0
    emphasis: int = 0  # characters in bold or italics
    italic: int = 0  # characters in italics
    image: bool = False
    align: str = ""
    row: bool = False
    meta: bool = False  # a date or byline element of the CMS (named so, or a <time>)
    line_links: tuple[float, ...] = ()  # link share of each line (lines come from single <br>)
    boxed: bool = False  # inside a small box around a picture: a caption by its place

    @property
    def link_share(self) -> float:
        return self.links / len(self.text) if self.text else 0.0

    @property
    def emphasis_share(self) -> float:
        return self.emphasis / len(self.text) if self.text else 0.0

    @property
    def italic_share(self) -> float:
        return self.italic / len(self.text) if self.text else 0.0


def blocks_of(containers: Iterable[HtmlElement]) -> list[Block]:
    blocks: list[Block] = []
    for container in containers:
        walker = _Walker(blocks)
        walker.pictures = picture_boxes(container)
        walker.walk(container)
    return blocks


def picture_boxes(container: HtmlElement) -> set[HtmlElement]:
    """Small boxes around a picture (``<div class=image><img><div>caption</div></div>``, an image
    table of old CMSes): their text is a caption, whatever the box is called."""
    boxes: set[HtmlElement] = set()
    for image in container.iter("img"):
        box = None
        for parent in image.iterancestors():
            if parent is container or parent.tag in ("p", "body", "html") or short_text(parent, MAX_CAPTION) is None:
                break
            if any(len(text_of(anchor).split(None, 2)) >= 3 for anchor in parent.iter("a")):
                break  # a teaser, not a picture
            box = parent
        if box is not None and text_of(box) and box.tag in _PICTURE_BOX_TAGS:
            boxes.add(box)
    return boxes


_PICTURE_BOX_TAGS = frozenset({"div", "table", "figure", "center", "span", "section", "dl"})


class _Walker:
    """Accumulates the text of the open block and flushes it as ``Block`` items."""

    def __init__(self, out: list[Block]) -> None:
        self.out = out
        self.parts: list[tuple[str, bool, bool, bool]] = []  # text, inside a link, emphasised, italic
        self.image = False
        self.meta = False
        self.in_link = 0
        self.in_emphasis = 0
        self.in_italic = 0
        self.blocks: list[HtmlElement] = []
        self.pictures: set[HtmlElement] = set()
        self.boxes = 0  # picture boxes open around the walk

    def walk(self, container: HtmlElement) -> None:
        walker = etree.iterwalk(container, events=("start", "end"))
        pictures = self.pictures
        block_tags = chrome.BLOCK_TAGS
        italics: list[bool] = []  # of the open elements: the end event pops what its start pushed
        for event, node in walker:
            tag = node.tag
            if not isinstance(tag, str):  # ``is_element``: a comment or a processing instruction
                continue
            if event == "start":
                if tag in _ITALIC:
                    italic = True
                else:  # set in italics by its style (inline: asked of every element of the body)
                    style = node.get("style")
                    italic = bool(style) and "italic" in style.lower()
                italics.append(italic)
                if node in pictures:
                    self.flush()
                    self.out.append(Block("", tag, image=True))
                    self.boxes += 1
                if tag == "table" and is_data_table(node):
                    self.flush()
                    self.out.extend(Block(row, "tr", row=True) for row in table_rows(node))
                    walker.skip_subtree()
                    continue
                if tag in block_tags:
                    self.flush()
                    self.blocks.append(node)
                elif tag == "br":
                    self.parts.append(("\n", False, False, False))
                elif tag == "img":
                    self.image = True
                elif tag == "time" or (tag in _INLINE_META and has_tokens(node, _META_NAMES)):
                    self.meta = True
                elif tag == "a":
                    self.in_link += 1
                if tag in _EMPHASIS:
                    self.in_emphasis += 1
                if italic:
                    self.in_italic += 1
                text = node.text
                if text:
                    self.add(text)
            else:
                italic = italics.pop()
                picture = node in pictures
                if tag in block_tags or picture:
                    self.flush()
                    if self.blocks and self.blocks[-1] is node:
                        self.blocks.pop()
                if picture:
                    self.boxes -= 1
                if tag == "a":
                    self.in_link -= 1
                if tag in _EMPHASIS:
                    self.in_emphasis -= 1
                if italic:
                    self.in_italic -= 1
                if node is not container:
                    tail = node.tail
                    if tail:
                        self.add(tail)
        self.flush()

    def add(self, text: str | None) -> None:
        if text:
            italic = self.in_italic > 0
            self.parts.append((text, self.in_link > 0, italic or self.in_emphasis > 0, italic))

    def flush(self) -> None:
        paragraphs = _paragraphs(self.parts) if self.parts else []
        if not paragraphs and not self.image:  # only white space since the last block: nothing to add
            self.parts = []
            self.meta = False
            return
        element = self.blocks[-1] if self.blocks else None
        tag = element.tag if element is not None else "div"
        align = _alignment(element) if element is not None else ""
        meta = self.meta or (element is not None and has_tokens(element, _META_NAMES))
        if not paragraphs and self.image:
            self.out.append(Block("", tag, image=True, align=align))
        for index, lines in enumerate(paragraphs):
            if len(lines) == 1:  # most paragraphs are one line: no sums to make
                line = lines[0]
                text, links, emphasis, italic = line.text, line.links, line.emphasis, line.italic
            else:
                text = "\n".join(line.text for line in lines)
                links = sum(line.links for line in lines)
                emphasis = sum(line.emphasis for line in lines)
                italic = sum(line.italic for line in lines)
            self.out.append(
                Block(
                    text,
                    tag,
                    links=links,
                    emphasis=emphasis,
                    italic=italic,
                    image=self.image and index == 0,
                    align=align,
                    meta=meta,
                    line_links=tuple(line.links / len(line.text) for line in lines),
                    boxed=self.boxes > 0,
                )
            )
        self.parts = []
        self.image = False
        self.meta = False


class _Line(NamedTuple):  # a tuple: one is made per line of the page's body, a frozen dataclass costs more
    text: str
    links: int  # characters inside links
    emphasis: int  # characters in bold or italics
    italic: int  # characters in italics


def _paragraphs(parts: list[tuple[str, bool, bool, bool]]) -> list[list[_Line]]:
    """Parts -> paragraphs (split at blank lines, i.e. ``<br><br>``) of lines with link/emphasis counts."""
    paragraphs: list[list[_Line]] = []
    lines: list[_Line] = []
    text: list[str] = []
    links = emphasis = italics = 0
    blank = False

    def end_line() -> None:
        nonlocal links, emphasis, italics, blank
        line = squash("".join(text))
        if line:
            lines.append(_Line(line, links, emphasis, italics))
        elif lines:
            blank = True
        text.clear()
        links = emphasis = italics = 0

    for value, in_link, emphasised, italic in parts:
        for number, piece in enumerate(value.split("\n") if "\n" in value else (value,)):
            if number:
                end_line()
            size = len(piece.strip())
            if size and blank:
                paragraphs.append(lines.copy())
                lines.clear()
                blank = False
            text.append(piece)
            if in_link:
                links += size
            if emphasised:
                emphasis += size
            if italic:
                italics += size
    end_line()
    if lines:
        paragraphs.append(lines)
    return paragraphs


def _alignment(element: HtmlElement) -> str:
    if element.tag == "center":
        return "center"
    align = (element.get("align") or "").lower()
    style = element.get("style")
    match = _ALIGN.search(style) if style else None
    return match.group(1).lower() if match else align


def is_data_table(table: HtmlElement) -> bool:
    """A table of figures (rows of short cells), not a page-layout or picture table."""
    if table.find(".//table") is not None or table.find(".//img") is not None:
        return False
    rows = [row for row in table.iter("tr")]
    if len(rows) < 2:
        return False
    cells = [cell for row in rows for cell in row if is_element(cell) and cell.tag in ("td", "th")]
    if max((sum(1 for c in row if is_element(c) and c.tag in ("td", "th")) for row in rows), default=0) < 2:
        return False
    lengths = [len(text_of(cell)) for cell in cells]
    short = sum(1 for length in lengths if length <= 200)
    return short >= len(lengths) * 0.8 and max(lengths, default=0) <= 800


def table_rows(table: HtmlElement) -> list[str]:
    rows: list[str] = []
    for row in table.iter("tr"):
        cells = [text_of(cell) for cell in row if is_element(cell) and cell.tag in ("td", "th")]
        if any(cells):
            rows.append(" | ".join(cells))
    caption = table.find("caption")
    if caption is not None and text_of(caption):
        rows.insert(0, text_of(caption))
    return rows


@dataclass(frozen=True, slots=True)
class Known:
    """Texts printed elsewhere on the page: the body may not repeat them in another case or cut."""

    title: str = ""
    sapo: str = ""
    description: str = ""
    author: str = ""


def select_paragraphs(blocks: list[Block], known: Known) -> list[Block]:
    """The blocks a reader reads, in order."""
    kept: list[Block] = []
    seen: set[str] = set()
    seen_prose = False
    title, sapo, description = _fold(known.title), _fold(known.sapo), _fold(known.description)
    author = _fold(known.author) or None
    blocks = _without_link_boxes(blocks)
    captions = caption_blocks(blocks)
    story = is_photo_story(blocks, captions)
    for index, block in enumerate(blocks):
        text = block.text
        if not text:
            continue
        folded = _fold(text)
        if _is_chrome_text(block, folded):
            continue
        if block.link_share >= 0.5 and len(text) <= 60 and parse_date_line(text):
            continue  # a post's permalink date and its tools ("14/12/22 Trả lời")
        if index in captions and not (story and not _is_credit(text)):
            continue
        if description and _is_cased_copy(text, folded, description, sapo):
            continue
        if title and block.links and title in folded and len(folded) - len(title) <= 80 and folded != title:
            continue  # a breadcrumb ending on the title: "Trang chủ / Chính trị / <title>"
        if not seen_prose and len(text) <= MAX_META_LINE and (block.meta or (block.links and is_date_line(text))):
            continue  # the CMS's date line (with its category links) above the body
        if (not kept or block.tag in chrome.HEADING_TAGS) and (folded in (title, sapo) or folded == author):
            continue  # the title or the byline printed again as the body's first line or heading
        if block.tag in chrome.HEADING_TAGS and folded in seen:
            continue  # a header block and the body both show the lead as a heading
        seen.add(folded)
        seen_prose = seen_prose or len(text) >= 150
        kept.append(block)
    return kept


def caption_blocks(blocks: list[Block]) -> set[int]:
    """Indexes of the blocks that caption a picture: text inside a picture's box, or a short block right
    after a picture set apart by a style (italics, centring, a credit, a caption tag).

    A style counts only where the article's other prose does not wear it too: on a page that centres
    its paragraphs or sets them in italics, centred italic text after a picture is prose. A bold line
    followed by prose is a subheading, and a block ending with a colon introduces what follows (a step
    heading, "Cách làm:"): neither captions anything.
    """
    after: list[tuple[int, Block]] = []
    plain_length = centred = italics = 0
    found: set[int] = set()
    after_image = False
    texts = [index for index, block in enumerate(blocks) if block.text]
    following: dict[int, int | None] = dict(zip(texts, [*texts[1:], None], strict=False))
    for index, block in enumerate(blocks):
        if not block.text:
            after_image = after_image or block.image
            continue
        picture = after_image or block.image
        after_image = False
        if block.boxed:
            found.add(index)
        elif picture:
            after.append((index, block))
        elif len(block.text) >= 20 and not block.meta:
            plain_length += len(block.text)
            centred += len(block.text) if block.align == "center" else 0
            italics += len(block.text) if block.italic_share >= 0.6 else 0
    centre_tells = plain_length == 0 or centred < plain_length * STYLE_CONTRAST
    italic_tells = plain_length == 0 or italics < plain_length * STYLE_CONTRAST
    for index, block in after:
        text = block.text
        if len(text) > MAX_CAPTION or text.rstrip().endswith(":"):
            continue
        if _is_subheading(block, following[index], blocks, found):
            continue
        if (
            (italic_tells and block.italic_share >= 0.6)
            or (block.emphasis_share >= 0.6 and block.italic_share < 0.6)
            or (centre_tells and block.align == "center")
            or bool(chrome.CAPTION_CREDIT.search(text))
            or block.tag in ("figcaption", "caption")
        ):
            found.add(index)
    return found


def _is_subheading(block: Block, next_index: int | None, blocks: list[Block], captions: set[int]) -> bool:
    """A short bold line (not italic) that is not a sentence, with prose right below it."""
    if block.emphasis_share < 0.6 or block.italic_share >= 0.6 or len(block.text) > 120:
        return False
    if block.text.rstrip().endswith((".", "!", "?", "…")) or next_index is None or next_index in captions:
        return False
    below = blocks[next_index]
    return len(below.text) >= 60 and below.emphasis_share < 0.6 and not below.image


def is_photo_story(blocks: list[Block], captions: set[int]) -> bool:
    """A photo story carries its text in its captions: three captioned pictures or more whose captions hold
    nearly as much text as the prose around them, or more (a news report's captions are a small part)."""
    if len(captions) < 3:
        return False
    caption_length = sum(len(blocks[index].text) for index in captions)
    prose = sum(len(block.text) for index, block in enumerate(blocks) if index not in captions and block.text)
    return caption_length >= prose * PHOTO_STORY_SHARE


def _is_credit(text: str) -> bool:
    """A picture credit alone ("Ảnh: Minh Anh"), not a caption that ends with one."""
    return len(text) <= 60 and bool(chrome.CAPTION_CREDIT.match(text.strip()))


def _without_link_boxes(blocks: list[Block]) -> list[Block]:
    """Drop a chrome label ("Các tin khác:", "Tin liên quan") with the link lines that follow it.

    A label followed by prose stays: articles do end on words such as "Chia sẻ bài viết".
    """
    lines = [
        (block_index, line, share)
        for block_index, block in enumerate(blocks)
        for line, share in zip(block.text.split("\n"), block.line_links or (block.link_share,), strict=False)
    ]
    dropped: set[int] = set()
    position = 0
    while position < len(lines):
        block_index, line, _ = lines[position]
        if is_chrome_label(line):
            follower = position + 1
            while follower < len(lines) and lines[follower][2] >= 0.5:
                follower += 1
            if follower > position + 1:
                dropped.update(range(position, follower))
                position = follower
                continue
        position += 1
    if not dropped:
        return blocks
    numbers: dict[int, list[int]] = {}
    for number, (block_index, _, _) in enumerate(lines):
        numbers.setdefault(block_index, []).append(number)
    result: list[Block] = []
    for block_index, block in enumerate(blocks):
        own = numbers.get(block_index, [])
        keep = [lines[number][1] for number in own if number not in dropped]
        if len(keep) == len(own):
            result.append(block)
        elif keep:
            result.append(replace(block, text="\n".join(keep), links=0, line_links=()))
    return result


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .…")


def _is_chrome_text(block: Block, folded: str) -> bool:
    text = block.text
    if ("{" in text or "[[" in text) and chrome.TEMPLATE_PLACEHOLDER.search(text):  # each holds one or the other
        return True
    bare = folded.strip(" :!.·|-–—»›>")
    if bare in chrome.CHROME_LINES:
        return True
    if len(folded) <= 200 and any(pattern.search(folded) for pattern in chrome.CHROME_LINE_PATTERNS):
        return True
    return block.link_share >= 0.4 and folded.startswith(chrome.LINK_BOX_PREFIXES)


def _is_cased_copy(text: str, folded: str, description: str, sapo: str) -> bool:
    """The description re-printed in Title Case (a share box's text), or cut short of it."""
    if len(folded) < 30 or not description.startswith(folded.rstrip(" .…")):
        return False
    words = [word for word in text.split() if word[:1].isalpha()]
    capitalised = sum(1 for word in words if word[:1].isupper())
    return len(words) >= 5 and capitalised >= len(words) * 0.7
