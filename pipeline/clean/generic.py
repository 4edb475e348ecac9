"""The generic path: strip chrome from a parsed page and find the element that holds the article.

1. ``strip_junk``: scripts, styles, form controls, hidden elements and unrendered templates go first.
2. ``strip_chrome``: boxes named as chrome (class/id vocabulary), boxes headed by a chrome label ("Tin
   liên quan", "Bình luận" ...) and link lists. An element holding several long paragraphs is never
   removed for its name alone (WordPress puts ``tag-...`` classes on the article itself).
3. ``find_container``: paragraphs vote for their parent and grandparent (readability's idea, scored by
   commas and length as Vietnamese prose is comma-rich), damped by link density and weighed by names;
   siblings that score close to the winner join it (a body split by an ad, a sapo beside the body).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from lxml import etree

from pipeline.clean import chrome
from pipeline.clean.dom import (
    HtmlElement,
    ancestors,
    chrome_named,
    forget_all_texts,
    has_tokens,
    hidden_elements,
    is_chrome_named,
    is_content_named,
    is_element,
    link_density,
    link_text_length,
    raw_text,
    remove,
    short_text,
    short_texts,
    squash,
    text_of,
)

MIN_TEASERS = 6  # linked headlines in small boxes that make a page a list of other articles
MAX_TEASER = 400  # characters of a teaser box: headline, date and a summary
MIN_ARTICLE_PROSE = 300  # characters of prose outside teasers that make a page an article
LONG_PARAGRAPH = 150  # characters of prose that no menu, share bar or tag list holds
MIN_PARAGRAPH = 25
MIN_SENTENCE_WORDS = 5  # words around an inline element that make its block a sentence
CLIMB_SHARE = 0.8  # a parent scoring this share of its best child holds more of the article than the child
PARAGRAPH_TAGS = frozenset({"p", "pre", "blockquote", "li", "dd", "h2", "h3", "h4", "h5", "h6", "td", "th"})
CONTAINER_TAGS = frozenset({"div", "article", "section", "main", "td", "body", "form", "center", "font", "span"})
BLOCK_CHILD_TAGS = frozenset({"p", "div", "table", "ul", "ol", "section", "article", "h2", "h3", "h4", "blockquote"})
INLINE_TAGS = frozenset(
    {"a", "b", "strong", "i", "em", "u", "span", "font", "small", "big", "sub", "sup", "abbr", "cite", "code",
     "mark", "q", "s", "strike", "time", "var", "br", "img", "wbr", "ins", "del", "label", "nobr"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Container:
    """The article's element(s) in document order, and how sure the choice is."""

    elements: tuple[HtmlElement, ...]
    score: float
    text_length: int
    nearby_prose: int = 0  # characters of prose in and next to the best element (its parent's children)
    link_density: float = 0.0  # of the chosen elements
    teaser_share: float = 0.0  # of the best element's score, what teaser summaries gave


def strip_junk(root: HtmlElement) -> None:
    """Remove what no reader sees: code, controls, hidden boxes and unrendered templates."""
    junk: list[HtmlElement] = []
    labels: list[HtmlElement] = []
    for element in root.iter(*chrome.JUNK_TAGS, "label"):  # one walk finds both
        (labels if element.tag == "label" else junk).append(element)
    doomed = [*junk, *hidden_elements(root), *_form_labels(labels)]
    forget_all_texts()  # few are known yet, and each removal would forget its boxes' one by one
    for element in _outermost(doomed):
        if element.tag in ("html", "body"):
            continue
        remove(element)
    for element in _template_boxes(root):
        remove(element)


def _form_labels(labels: list[HtmlElement]) -> list[HtmlElement]:
    """The labels (of a page, in order) of form controls ("Họ tên", "Email" of a comment form); other
    labels hold text."""
    found = []
    for label in labels:
        following = label.getnext()
        if (
            label.get("for") is not None
            or any(True for _ in label.iter(*chrome.FORM_CONTROLS))
            or (following is not None and following.tag in chrome.FORM_CONTROLS)
        ):
            found.append(label)
    return found


def _template_boxes(root: HtmlElement) -> list[HtmlElement]:
    """Smallest boxes around unrendered placeholders (``{name} - {time}``, ``{body}``)."""
    found: list[HtmlElement] = []
    text = raw_text(root)
    if "{" not in text:  # no text node holds one (the serializer in C beats the XPath below)
        return found
    owners = set()  # the elements whose own text (theirs and their children's tails) holds a "{"
    for piece in _BRACED_TEXTS(root):
        owner = piece.getparent()
        owners.add(owner.getparent() if piece.is_tail else owner)
    if not owners or not chrome.TEMPLATE_PLACEHOLDER.search(text):
        return found
    for element in root.iter(etree.Element):
        if element not in owners:
            continue
        own = (element.text or "") + "".join(child.tail or "" for child in element if is_element(child))
        if chrome.TEMPLATE_PLACEHOLDER.search(own):
            box = element
            while box.tag in INLINE_TAGS and box.getparent() is not None:
                box = box.getparent()
            if box.tag not in ("body", "html") and not _holds_prose(box) and not _short_prose(box):
                found.append(box)  # a box holding paragraphs stays: the placeholder's line goes later, alone
    return _outermost(found)


_BRACED_TEXTS = etree.XPath(".//text()[contains(., '{')]")  # the text nodes a placeholder may start in
BlockTexts = dict[HtmlElement, str]  # each block's own prose (``block_text``), kept for the walks that follow


def strip_chrome(
    root: HtmlElement, keep: frozenset[HtmlElement] = frozenset(), texts: BlockTexts | None = None
) -> None:
    """Remove named chrome, labelled chrome boxes and link lists, sparing what holds the prose.

    ``keep`` holds elements that must stay (the ancestors of the title and sapo already found); ``texts``
    keeps the blocks' prose for ``find_container`` (entries of the boxes that lost a part are dropped).
    """
    body = root.find("body")
    scope = body if body is not None else root
    texts = {} if texts is None else texts
    runs = prose_runs(scope, texts)
    named = _outermost(chrome_named(root))
    # the page's length before anything goes, measured only when a box below may be weighed against it
    weighed = any(runs.get(element, 0) >= 2 and not is_content_named(element) for element in named)
    total = (len(text_of(scope)) or 1) if weighed else 1
    for element in named:
        if element is scope or element in keep or element.getparent() is None or _inside_sentence(element):
            continue
        if runs.get(element, 0) >= 2 and (is_content_named(element) or len(text_of(element)) > total * 0.5):
            continue
        if is_content_named(element) and _short_prose(element):
            continue  # "content-fck-font-size": the body, whatever else its name says, in short paragraphs
        _remove_counted(element, runs, texts)
    for element in _labelled_boxes(scope, keep, runs):
        if element.getparent() is not None:
            _remove_counted(element, runs, texts)
    for element in _link_lists(scope, runs):
        if element.getparent() is not None and element not in keep:
            _remove_counted(element, runs, texts)


def _short_prose(element: HtmlElement) -> bool:
    """Prose in paragraphs too short to count as runs: at least two of ``MIN_PARAGRAPH`` characters or more,
    ``2 * LONG_PARAGRAPH`` characters in all, few links."""
    text = text_of(element)
    if len(text) < 2 * LONG_PARAGRAPH or link_density(element, len(text)) >= 0.3:
        return False
    paragraphs = 0
    for node in element.iter("p", "li", "td"):  # counted only as far as two
        if len(_paragraph_text(node)) >= 60:
            paragraphs += 1
            if paragraphs >= 2:
                return True
    return False


def _remove_counted(element: HtmlElement, runs: dict[HtmlElement, int], texts: BlockTexts) -> None:
    """Remove an element, take its prose runs off the counts of the boxes that held it and forget the
    texts of those boxes (a link removed from a paragraph changes its text)."""
    held = runs.get(element, 0)
    for holder in ancestors(element):
        texts.pop(holder, None)
        if held:
            runs[holder] = runs.get(holder, 0) - held
    remove(element)


def block_text(node: HtmlElement, texts: BlockTexts) -> str:
    """A block's own prose: a paragraph's text without its links, or a box's text outside its blocks."""
    text = texts.get(node)
    if text is None:
        text = texts[node] = _block_text(node, node.tag)
    return text


def _block_text(node: HtmlElement, tag: str) -> str:
    if not len(node):  # a leaf, paragraph or box: its own text, no link inside
        text = node.text
        return " ".join(text.split()) if text else ""
    return _paragraph_text(node) if _is_paragraph(node, tag) else direct_text(node)


def prose_runs(scope: HtmlElement, texts: BlockTexts) -> dict[HtmlElement, int]:
    """How many long runs of non-link prose (``LONG_PARAGRAPH`` characters or more) each element holds,
    counted in one walk of the tree (asking each box in turn would walk its subtree again and again)."""
    counts: dict[HtmlElement, int] = {}
    for node in scope.iter(etree.Element):
        tag = node.tag
        if tag in INLINE_TAGS:
            continue
        text = texts.get(node)
        if text is None:
            if len(node):  # ``_block_text`` of an element with children
                text = texts[node] = _paragraph_text(node) if _is_paragraph(node, tag) else direct_text(node)
            else:  # a leaf, inline here (most are): its own text, see ``_block_text``
                own = node.text
                text = texts[node] = " ".join(own.split()) if own else ""
        if len(text) >= LONG_PARAGRAPH:
            counts[node] = counts.get(node, 0) + 1
            for holder in node.iterancestors():
                counts[holder] = counts.get(holder, 0) + 1
    return counts


def _inside_sentence(element: HtmlElement) -> bool:
    """An inline element (a tag link, a highlighted name) with prose around it in its block: never chrome,
    whatever its class says, as removing it would cut words out of a sentence."""
    if element.tag not in INLINE_TAGS:
        return False
    block = element.getparent()
    while block is not None and block.tag in INLINE_TAGS:
        block = block.getparent()
    if block is None:
        return False
    own = text_of(element)
    around = direct_text(block).replace(own, " ", 1)
    words = 0
    for word in around.split():  # counted only as far as a sentence's words
        if word[:1].isalpha():
            words += 1
            if words >= MIN_SENTENCE_WORDS:
                return not is_chrome_named(block)
    return False


def _holds_prose(element: HtmlElement, paragraphs: int = 2) -> bool:
    """Whether at least ``paragraphs`` long runs of non-link prose sit inside the element."""
    if len(text_of(element)) < LONG_PARAGRAPH * paragraphs:
        return False
    count = 0
    for node in element.iter(etree.Element):
        if not is_element(node) or node.tag in INLINE_TAGS:
            continue
        text = _paragraph_text(node) if is_paragraph(node) else direct_text(node)
        if len(text) >= LONG_PARAGRAPH:
            count += 1
            if count >= paragraphs:
                return True
    return False


def label_of(text: str) -> str:
    """Case-folded text of a would-be box heading, without trailing punctuation, arrows or counts."""
    text = squash(text).casefold().strip(" :>»›→|-–—•*#()[]0123456789")
    return text


MAX_LABEL = 60  # characters of a box heading


def is_chrome_label(text: str) -> bool:
    return len(text) <= MAX_LABEL and label_of(text) in chrome.CHROME_LABELS


_LABEL_BOX_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "header", "dt")


def _labelled_boxes(
    scope: HtmlElement, keep: frozenset[HtmlElement], runs: dict[HtmlElement, int]
) -> list[HtmlElement]:
    """Boxes headed by a chrome label ("Tin liên quan", "Ý kiến bạn đọc (4)").

    A label that opens its box takes the whole box (reader comments are long prose, yet chrome); a
    label further down a box takes itself and the list after it, as the box may be the article.
    """
    found: list[HtmlElement] = []
    boxes = [element for element in scope.iter(*_LABEL_BOX_TAGS) if len(element) <= 3]
    for element, text in zip(boxes, short_texts(boxes, MAX_LABEL), strict=True):
        if not text or not is_chrome_label(text):
            continue
        parent = element.getparent()
        if parent is None or parent is scope:
            continue
        if element.tag in ("strong", "b", "span") and parent.tag in ("p", "div", "li") and text_of(parent) == text:
            element, parent = parent, parent.getparent()
            if parent is None or parent is scope:
                continue
        removable = parent not in keep and parent.tag not in ("body", "html", "form")
        if removable and (_opens(element, parent) or not runs.get(parent)):
            found.append(parent)
            continue
        follower = element.getnext()
        is_heading = element.tag in chrome.HEADING_TAGS or element.tag == "header"
        if follower is not None and _is_link_list(follower):
            found.extend((element, follower))
        elif is_heading and (follower is None or not runs.get(follower)):
            found.append(element)
            if follower is not None and follower.tag in ("ul", "ol", "div", "table") and not runs.get(follower):
                found.append(follower)
    return _outermost(found)


def _opens(label: HtmlElement, box: HtmlElement) -> bool:
    """Whether ``label`` is the first thing with text in ``box``."""
    for child in box:
        if not is_element(child):
            continue
        if child is label:
            return not (box.text or "").strip()
        if text_of(child):
            return False
    return False


def _is_link_list(element: HtmlElement) -> bool:
    if next(islice(element.iterdescendants("a"), 1, None), None) is None:  # fewer than two links
        return False
    return link_density(element) >= 0.5


def _link_lists(scope: HtmlElement, runs: dict[HtmlElement, int]) -> list[HtmlElement]:
    """Lists and tables of links (menus, related and most-read boxes without telling names)."""
    found: list[HtmlElement] = []
    for element in scope.iter("ul", "ol", "table", "div", "section", "dl", "p", "center"):
        if runs.get(element):
            continue
        if next(islice(element.iterdescendants("a"), 2, None), None) is None:  # fewer than three links
            continue
        text = text_of(element)
        if not text:
            continue
        if link_density(element, len(text)) >= 0.6:
            found.append(element)
    return _outermost(found)


def _outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """Drop elements that sit inside another element of the list.

    What the boxes of the list hold is gathered top down (in C, each subtree once when the list is in
    document order): cheaper than walking up from each element, as most are leaves deep in the page."""
    inside: set[HtmlElement] = set()
    for element in elements:
        if element not in inside and len(element):
            inside.update(element.iterdescendants())
    return [element for element in elements if element not in inside]


def find_container(root: HtmlElement, texts: BlockTexts | None = None) -> Container | None:
    """The element holding the most article-like prose, with the siblings that belong to it."""
    texts = {} if texts is None else texts
    scores: dict[HtmlElement, float] = {}
    teasers: dict[HtmlElement, float] = {}  # the part of a score that teaser summaries gave
    prose: dict[HtmlElement, int] = {}  # characters of prose that voted for an element
    body = root.find("body")
    if body is None:
        return None  # a page cut off inside its <head>
    for element in body.iter(etree.Element):
        tag = element.tag
        if tag in INLINE_TAGS:
            continue
        text = texts.get(element)
        if text is None:
            text = texts[element] = _block_text(element, tag)
        if len(text) < MIN_PARAGRAPH:
            continue
        if _is_paragraph(element, tag):
            parent = _parent(element)
            targets = [parent, _parent(parent)]
        else:  # a div or td with bare text (old table layouts, <br>-separated paragraphs)
            targets = [element, _parent(element)]
        points = 1.0 + text.count(",") + min(len(text) // 100, 3)
        teaser = _follows_headline(element)
        if teaser:
            points *= 0.2  # the summary of a teaser (a linked headline above it): another article's prose
        imprint = is_imprint(text)
        if imprint:
            points *= 0.1  # the site's imprint: owner, licence, address, comma-rich but nobody's article
        for depth, target in enumerate(targets):
            if target is not None and target.tag != "html":
                scores[target] = scores.get(target, 0.0) + points / (1 + depth)
                if not (teaser or imprint):
                    prose[target] = prose.get(target, 0) + len(text)
                if teaser:
                    teasers[target] = teasers.get(target, 0.0) + points / (1 + depth)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:12]
    best, best_score = None, 0.0
    for element, raw in ranked:
        weighted = raw * _name_weight(element)
        if weighted <= best_score:
            continue  # links only lower a score: no need to measure them
        final = weighted * (1 - link_density(element))
        if final > best_score:
            best, best_score = element, final
    if best is None:
        return None
    parent = best.getparent()
    if parent is not None and parent.tag not in ("body", "html") and parent in scores:
        climbed = scores[parent] * _name_weight(parent) * (1 - link_density(parent))
        if climbed >= best_score * CLIMB_SHARE:  # the body goes on in siblings too small to vote alone
            best, best_score = parent, climbed
    elements = _with_siblings(best, best_score, scores)
    length = sum(len(text_of(element)) for element in elements)
    links = sum(link_text_length(element) for element in elements)
    teaser_share = teasers.get(best, 0.0) / scores[best] if scores.get(best) else 0.0
    around = best.getparent()
    nearby = prose.get(around, 0) if around is not None and around.tag not in ("body", "html") else 0
    return Container(tuple(elements), best_score, length, nearby, links / length if length else 0.0, teaser_share)


def is_imprint(text: str) -> bool:
    """Whether a text reads as the site's imprint (``chrome.FOOTER_TEXT``), its pieces looked for first."""
    lowered = text.lower()
    for piece in chrome.FOOTER_PIECES:  # a loop: ``any()`` over a generator costs a third more here
        if piece in lowered:
            break
    else:
        if not chrome.FOLD_EXCEPTIONS.search(text):
            return False
    return bool(chrome.FOOTER_TEXT.search(text))


_SKIPPED_ABOVE = INLINE_TAGS | {"div", "p"}  # empty elements between a headline and its summary


def _follows_headline(element: HtmlElement) -> bool:
    """Whether the element comes right after a linked headline (``<h3><a>...</a></h3><p>summary``)."""
    previous = element.getprevious()
    while previous is not None and not text_of(previous) and previous.tag in _SKIPPED_ABOVE:
        previous = previous.getprevious()
    if previous is None:
        return False
    text = text_of(previous)
    if len(text.split(None, 2)) < 3:  # fewer than three words (split no further than telling)
        return False
    return link_density(previous, len(text)) >= 0.8


_PROSE_TAGS = frozenset({"p", "pre", "h2", "h3", "h4", "h5", "h6"})
_LEAF_TAGS = frozenset({"td", "th", "li", "dd", "blockquote"})


def is_paragraph(element: HtmlElement) -> bool:
    """A leaf block of prose: a p or heading, or a cell/item/quote without blocks inside."""
    return _is_paragraph(element, element.tag)


def _is_paragraph(element: HtmlElement, tag: str) -> bool:
    """``is_paragraph`` with the tag already read (lxml builds the string anew on each read)."""
    if tag in _PROSE_TAGS:
        return True
    return tag in _LEAF_TAGS and not _has_blocks(element)


def direct_text(element: HtmlElement) -> str:
    """Text of an element outside its block children (its own prose, inline markup included)."""
    text = element.text
    parts = [text] if text else []
    for child in element:
        if child.tag in INLINE_TAGS:  # a comment's tag is a function: never in the set
            parts.append(raw_text(child) if len(child) else (child.text or ""))  # a leaf's, without a call
        tail = child.tail
        if tail:
            parts.append(tail)
    return " ".join(" ".join(parts).split())


def _paragraph_text(element: HtmlElement) -> str:
    """Prose of a paragraph without its links (a list item that is one link scores nothing)."""
    text = text_of(element)
    if not text or (not len(element) and element.tag != "a"):
        return text  # no text, or no child that could be a link
    half, links = len(text) * 0.5, 0
    for anchor in element.iter("a"):  # told as soon as the links make half of it
        links += len(text_of(anchor))
        if links >= half:
            return ""
    return text


def _parent(element: HtmlElement | None) -> HtmlElement | None:
    """The parent that groups several things: wrappers holding only this branch are passed through
    (a paragraph pasted from Word sits in its own one-cell table, a div in a div in a div)."""
    parent = element.getparent() if element is not None else None
    while parent is not None and parent.tag not in ("body", "html") and _wraps_one(parent):
        parent = parent.getparent()
    return parent


def _wraps_one(element: HtmlElement) -> bool:
    first = next(iter(element), None)  # not len(): lxml counts children one by one
    if first is None or first.getnext() is not None or (element.text or "").strip():
        return False
    return not (first.tail or "").strip()


def _name_weight(element: HtmlElement) -> float:
    """A factor, not a bonus: a named wrapper holding half the votes must not beat the body it wraps."""
    weight = 1.0
    if is_content_named(element):
        weight *= 1.25
    if is_chrome_named(element):
        weight *= 0.5
    if has_tokens(element, chrome.SAPO_TOKENS):
        weight *= 0.9
    if element.tag in ("article", "main"):
        weight *= 1.1
    elif element.tag in ("body", "form"):
        weight *= 0.8
    return weight


def _is_lead(element: HtmlElement) -> bool:
    text = text_of(element)
    return 80 <= len(text) <= 1500 and link_density(element, len(text)) < 0.25 and not _holds_links(element)


def _holds_links(element: HtmlElement) -> bool:
    return any(len(text_of(anchor).split(None, 2)) >= 3 for anchor in element.iter("a"))


def _with_siblings(best: HtmlElement, best_score: float, scores: dict[HtmlElement, float]) -> list[HtmlElement]:
    """The best element with the siblings that continue the article: ones that score close to it, a lead
    just above it, paragraphs set as siblings (``<p>``, or a ``<div><span>`` holding only text), what
    lies between two chosen ones (a subheading, a picture) and a signature right after the last."""
    parent = best.getparent()
    if parent is None or best.tag in ("body", "html"):
        return [best]
    threshold = max(10.0, best_score * 0.2)
    siblings = [sibling for sibling in parent if is_element(sibling)]
    chosen: set[int] = set()
    before = True
    for index, sibling in enumerate(siblings):
        if sibling is best:
            chosen.add(index)
            before = False
            continue
        if is_chrome_named(sibling) or sibling.tag in chrome.HEADING_TAGS:
            continue
        score = scores.get(sibling, 0.0) * _name_weight(sibling)
        if score >= threshold and link_density(sibling) < 0.3:
            chosen.add(index)
        elif before and sibling.tag in ("div", "p", "span", "section") and _is_lead(sibling):
            chosen.add(index)  # a lead paragraph set apart just above the body
        elif sibling.tag == "p" and _reads_as_paragraph(sibling):
            chosen.add(index)
    position = siblings.index(best) + 1
    while position < len(siblings):  # the body going on in <div><span> paragraphs, up to a separator
        sibling = siblings[position]
        if position not in chosen:
            text_box = sibling.tag in _TEXT_BOXES and not _has_blocks(sibling)
            if text_box and _reads_as_paragraph(sibling):
                chosen.add(position)
            elif sibling.tag == "hr" or (text_of(sibling) and (not text_box or link_density(sibling) >= 0.5)):
                break  # a short line is passed over: a subheading when more paragraphs follow
        position += 1
    first, last = min(chosen), max(chosen)
    for index in range(first + 1, last):  # a subheading or a picture between two parts of the body
        sibling = siblings[index]
        if index not in chosen and not is_chrome_named(sibling) and link_density(sibling) < 0.5:
            chosen.add(index)
    if last + 1 < len(siblings) and last != siblings.index(best) and _is_signature_box(siblings[last + 1]):
        chosen.add(last + 1)
    return [siblings[index] for index in sorted(chosen)]


_TEXT_BOXES = frozenset({"div", "span", "font", "section", "center"})


def _reads_as_paragraph(element: HtmlElement) -> bool:
    text = text_of(element)
    density = link_density(element, len(text))
    return (len(text) > 80 and density < 0.25) or (0 < len(text) <= 80 and density == 0 and text.endswith("."))


def _has_blocks(element: HtmlElement) -> bool:
    """A block inside (a loop in Python: lxml's matcher of eleven tags costs more to set up than most cells
    and items hold)."""
    for node in element.iterdescendants():  # noqa: SIM110 - a loop: resuming a generator for ``any()`` costs
        if node.tag in BLOCK_CHILD_TAGS:
            return True
    return False


def _is_signature_box(element: HtmlElement) -> bool:
    """A short line of a name or two after the body, no sentence and no link ("Phạm Hồng Nhung")."""
    text = text_of(element)
    words = text.split()
    return (
        0 < len(words) <= 7
        and len(text) <= 60
        and not text.endswith((".", ",", ";", ":", "!", "?"))
        and not any(True for _ in element.iter("a"))
        and not _has_blocks(element)
        and not is_chrome_named(element)
    )


def credit_after(container: HtmlElement) -> HtmlElement | None:
    """The source credit printed just after the body ("Theo K14", "Nguồn: Ban Tuyên giáo"): the first
    element with text after the container, when it is such a short line."""
    node: HtmlElement | None = container
    while node is not None and node.tag not in ("body", "html"):
        following = node.getnext()
        while following is not None and (not is_element(following) or not text_of(following)):
            following = following.getnext()
        if following is not None:
            text = text_of(following)
            if len(text) <= 80 and chrome.CREDIT_LINE.match(text) and link_density(following, len(text)) < 0.5:
                return following
            return None
        node = node.getparent()
    return None


def looks_like_listing(root: HtmlElement, containers: list[HtmlElement]) -> bool:
    """A page of teasers (home, section, tag, search): many linked headlines, each in a small box, and
    next to no prose outside those boxes where the article would be."""
    body = root.find("body")
    scope = body if body is not None else root
    headlines = [anchor for anchor in scope.iter("a") if 4 <= len(text_of(anchor).split(None, 40)) <= 40]
    if len(headlines) < MIN_TEASERS:
        return False
    units: set[HtmlElement] = set()
    for anchor in headlines:
        unit = anchor
        for parent in ancestors(anchor):
            if parent is scope or short_text(parent, MAX_TEASER) is None:
                break
            unit = parent
        units.add(unit)
    if len(units) < MIN_TEASERS:
        return False
    prose = 0
    for container in containers:
        for element in container.iter(etree.Element):
            if element.tag in INLINE_TAGS or element in units or not units.isdisjoint(element.iterancestors()):
                continue
            text = _paragraph_text(element) if is_paragraph(element) else direct_text(element)
            if len(text) >= 60:
                prose += len(text)
    return prose < MIN_ARTICLE_PROSE
