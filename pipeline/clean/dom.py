"""Small helpers over lxml trees shared by the cleaning modules: parsing, class/id tokens, text measures.

lxml parses broken, truncated and deeply nested markup the way browsers recover it and iterates in C,
which is what makes cleaning fast. Plain ``etree`` elements are used rather than ``lxml.html``'s
(whose per-element class lookup runs in Python), and everything walks trees iteratively.

Every stage asks the same questions of the same elements (their text, their names, whether a box around
them is chrome), so ``parse`` starts a per-page memo for its thread and the answers are kept: a text until
``remove`` takes something out of the element, the named elements as a list filtered after removals, the
answers about ancestries until the next removal. A change made otherwise than by ``remove`` calls ``moved``.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from lxml import etree
from lxml.etree import _Element as HtmlElement

from pipeline.clean import chrome

_PARSER = etree.HTMLParser(
    remove_comments=True, remove_pis=True, huge_tree=True, no_network=True, recover=True, default_doctype=False
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_BARE_WRAPPER = re.compile(r"</?(?:div|span|font|section|center|b|i|u|em|strong)\s*/?>", re.IGNORECASE)
_SPLIT = re.compile(r"[\s\-_.:/#,;|=+]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAMING = frozenset(chrome.TOKEN_ATTRIBUTES)
_MEMO = threading.local()
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def parse(text: str) -> HtmlElement:
    """The ``<html>`` element of a page (raises ``ValueError``/``ParserError`` on hopeless input).

    libxml2 stops building the tree 2048 levels deep; such markup is flattened (bare wrapper tags
    dropped) and parsed again, so an article buried under thousands of empty ``<div>`` is still read.
    """
    text = _XML_DECLARATION.sub("", text, count=1)
    _MEMO.names, _MEMO.words, _MEMO.named, _MEMO.removed, _MEMO.texts, _MEMO.index = {}, {}, {}, [], {}, {}
    _MEMO.metas, _MEMO.chrome, _MEMO.tagged = {}, (0, {}), {}
    root = etree.fromstring(text, parser=_PARSER)
    if any("Excessive depth" in error.message for error in _PARSER.error_log):
        flat = _BARE_WRAPPER.sub(" ", text)
        root = etree.fromstring(flat, parser=_PARSER)
        if any("Excessive depth" in error.message for error in _PARSER.error_log):
            raise ValueError("markup nested more than 2048 levels deep")
    if root is None:
        raise ValueError("no element in the document")
    return root


HEAD_TAGS = ("meta", "link", "title", "script", "h1")  # what ``read_head`` and the JSON-LD readers look for


def tagged(root: HtmlElement, tag: str) -> list[HtmlElement]:
    """``list(root.iter(tag))`` for one of ``HEAD_TAGS``: the head is read by several stages before any
    removal, and one walk of the tree finds all five kinds (memoised per page until a removal)."""
    memo: dict[HtmlElement, tuple[int, dict[str, list[HtmlElement]]]] | None = getattr(_MEMO, "tagged", None)
    removed = len(getattr(_MEMO, "removed", ()))
    if memo is None:
        return list(root.iter(tag))
    cached = memo.get(root)
    if cached is None or cached[0] != removed:
        found: dict[str, list[HtmlElement]] = {name: [] for name in HEAD_TAGS}
        for element in root.iter(*HEAD_TAGS):
            found[element.tag].append(element)
        cached = memo[root] = (removed, found)
    return cached[1][tag]


def meta_contents(root: HtmlElement) -> list[tuple[str, str]]:
    """``(name, content)`` of the page's ``<meta>`` elements naming something (by ``property``, ``name``
    or ``itemprop``; stripped, lower case) with a content, in order. Memoised per page until a removal."""
    memo: dict[HtmlElement, tuple[int, list[tuple[str, str]]]] = getattr(_MEMO, "metas", {})
    removed = len(getattr(_MEMO, "removed", ()))
    cached = memo.get(root)
    if cached is not None and cached[0] == removed:
        return cached[1]
    found = []
    for meta in tagged(root, "meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if name and content:
            found.append((name, content))
    memo[root] = (removed, found)
    return found


def is_element(node: object) -> bool:
    """True for elements; comments and processing instructions have a non-string ``tag``."""
    return isinstance(getattr(node, "tag", None), str)


def attribute_text(element: HtmlElement) -> str:
    """The attribute values that name an element's role (class, id, itemprop, role, type ...).

    Memoised per page (``parse`` starts a fresh memo for its thread): every stage asks about names.
    """
    memo: dict[HtmlElement, str] = getattr(_MEMO, "names", {})
    value = memo.get(element)
    if value is None:
        value = memo[element] = _naming_text(element.items())
    return value


def _naming_text(items: list[tuple[str, str]]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0][1] if items[0][0] in _NAMING else ""
    return " ".join([value for name, value in items if name in _NAMING and value])


def _naming_values(element: HtmlElement, keys: list[str]) -> str:
    """``_naming_text(element.items())`` from the attribute names: the values of the naming ones only."""
    if len(keys) == 1:
        return (element.get(keys[0]) or "") if keys[0] in _NAMING else ""
    return " ".join([value for name in keys if name in _NAMING and (value := element.get(name))])


@lru_cache(maxsize=16384)
def tokens_of(value: str) -> tuple[str, ...]:
    """Lower-case words of an attribute text: "box-relate-top listComment" -> box relate top list comment."""
    words: list[str] = []
    for part in _SPLIT.split(value):
        if part:
            words.extend(piece.lower() for piece in _CAMEL.split(part) if piece)
    return tuple(words)


@lru_cache(maxsize=16384)
def _chrome_verdict(value: str) -> bool:
    """Chrome when more class/id words name chrome than name content.

    Counting whole words keeps WordPress' ``post hentry ... tag-x category-y`` (an article carrying its
    taxonomy) apart from ``detail-share`` or ``box-comment`` (chrome boxes of an article page).
    """
    chrome_words = content_words = 0
    for word in value.split():
        if _is_chrome_word(word):
            chrome_words += 1
        elif any(token in chrome.CONTENT_TOKENS for token in tokens_of(word)):
            content_words += 1
    return chrome_words > content_words


@lru_cache(maxsize=16384)
def _is_chrome_word(word: str) -> bool:
    tokens = tokens_of(word)
    if any(token in chrome.CHROME_TOKENS for token in tokens):
        return True
    if any(pair in chrome.CHROME_TOKEN_PAIRS for pair in itertools.pairwise(tokens)):
        return True
    lowered = word.lower()
    return any(part in lowered for part in chrome.CHROME_SUBSTRINGS)


def is_chrome_named(element: HtmlElement) -> bool:
    """Whether the element's class/id/role words name chrome (menus, related news, comments, ads ...)."""
    value = attribute_text(element)
    return bool(value) and _chrome_verdict(value)


def chrome_named(root: HtmlElement) -> list[HtmlElement]:
    """The ``named_elements`` that ``is_chrome_named``, in document order."""
    names: dict[HtmlElement, str] | None = getattr(_MEMO, "names", None)
    if names is None:
        return [element for element in named_elements(root) if is_chrome_named(element)]
    found = []
    for element in named_elements(root):
        value = names.get(element)
        if value is None:  # ``attribute_text``, inline: the named elements of a page are many
            value = names[element] = _naming_text(element.items())
        if value and _chrome_verdict(value):
            found.append(element)
    return found


def has_tokens(element: HtmlElement, vocabulary: frozenset[str]) -> bool:
    return not vocabulary.isdisjoint(words_of(element))


def words_of(element: HtmlElement) -> frozenset[str]:
    """The set of ``tokens_of`` the element's naming attributes, memoised per page like them."""
    memo: dict[HtmlElement, frozenset[str]] | None = getattr(_MEMO, "words", None)
    if memo is None:
        return _word_set(attribute_text(element))
    words = memo.get(element)
    if words is None:
        words = memo[element] = _word_set(attribute_text(element))
    return words


@lru_cache(maxsize=16384)
def _word_set(value: str) -> frozenset[str]:
    return frozenset(tokens_of(value))


def named_with(root: HtmlElement, vocabulary: frozenset[str]) -> list[HtmlElement]:
    """The ``named_elements`` whose names hold a word of ``vocabulary``, in document order.

    Each stage asks for other words: an index from word to element, made once per page and root, answers
    them all without another loop over the named elements (the removed ones are left out)."""
    named = named_elements(root)
    indexes: dict[HtmlElement, _WordIndex] | None = getattr(_MEMO, "index", None)
    if indexes is None:
        return [element for element in named if has_tokens(element, vocabulary)]
    index = indexes.get(root)
    if index is None:
        index = indexes[root] = _WordIndex(named)
    return index.find(named, vocabulary)


class _WordIndex:
    """Positions of the named elements holding each word, over the named list as it was when made."""

    def __init__(self, named: list[HtmlElement]) -> None:
        self.named = named
        self.positions: dict[str, list[int]] = {}
        self.alive: tuple[list[HtmlElement], set[HtmlElement]] | None = None
        names: dict[HtmlElement, str] = getattr(_MEMO, "names", {})
        by_name: dict[str, list[int]] = {}  # many elements share a name: its words are looked up once
        for position, element in enumerate(named):
            value = names.get(element)
            if value is None:  # ``attribute_text``, inline: this loop is the page's hottest on names
                value = names[element] = _naming_text(element.items())
            held = by_name.get(value)
            if held is None:
                by_name[value] = [position]
            else:
                held.append(position)
        for value, held in by_name.items():
            for word in _word_set(value):
                self.positions.setdefault(word, []).extend(held)

    def find(self, named: list[HtmlElement], vocabulary: frozenset[str]) -> list[HtmlElement]:
        """The elements of ``named`` (the list made, less what was removed since) holding a word."""
        hits = sorted({position for word in vocabulary for position in self.positions.get(word, ())})
        found = [self.named[position] for position in hits]
        if named is self.named or not found:
            return found
        if self.alive is None or self.alive[0] is not named:
            self.alive = (named, set(named))
        alive = self.alive[1]
        return [element for element in found if element in alive]


def is_content_named(element: HtmlElement) -> bool:
    return has_tokens(element, chrome.CONTENT_TOKENS)


_NAMED_ATTRIBUTES = frozenset({*chrome.TOKEN_ATTRIBUTES, "rel"})
_HIDING_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "style"})


def named_elements(root: HtmlElement) -> list[HtmlElement]:
    """Elements carrying a naming attribute, in document order."""
    return _with_attributes(root)[0]


def hidden_elements(root: HtmlElement) -> list[HtmlElement]:
    """The elements ``is_hidden``, in document order."""
    return _with_attributes(root)[1]


def related_elements(root: HtmlElement) -> list[HtmlElement]:
    """Elements carrying a ``rel`` attribute (``<a rel="tag">``, ``rel="author"``), in document order."""
    return _with_attributes(root)[2]


def itemprop_elements(root: HtmlElement) -> list[HtmlElement]:
    """Elements carrying an ``itemprop`` attribute (schema.org microdata), in document order."""
    return _with_attributes(root)[3]


_Attributed = tuple[list[HtmlElement], list[HtmlElement], list[HtmlElement], list[HtmlElement]]


def _with_attributes(root: HtmlElement) -> _Attributed:
    """The elements carrying a naming attribute, hidden ones, ``rel`` and ``itemprop``, in document order.

    One loop in Python finds them (it beats an XPath of their attribute tests several times over). Memoised
    per page: after ``remove`` calls the lists are filtered (what they removed is known), not searched again."""
    memo: dict[HtmlElement, tuple[int, _Attributed]] = getattr(_MEMO, "named", {})
    removed: list[HtmlElement] = getattr(_MEMO, "removed", [])
    cached = memo.get(root)
    if cached is not None and cached[0] == len(removed):
        return cached[1]
    if cached is not None:
        gone: set[HtmlElement] = set()
        for element in removed[cached[0] :]:
            gone.update(element.iter())
        found = tuple([element for element in elements if element not in gone] for elements in cached[1])
        lists: _Attributed = (found[0], found[1], found[2], found[3])
    else:
        named: list[HtmlElement] = []
        hiding: list[HtmlElement] = []
        related: list[HtmlElement] = []
        propertied: list[HtmlElement] = []
        names: dict[HtmlElement, str] = getattr(_MEMO, "names", {})
        for element in root.iter(etree.Element):
            keys = element.keys()
            if keys:
                if not _NAMED_ATTRIBUTES.isdisjoint(keys):
                    named.append(element)
                    if element not in names:  # ``attribute_text``, from the names in hand: every stage asks
                        names[element] = _naming_values(element, keys)
                    if "rel" in keys:
                        related.append(element)
                    if "itemprop" in keys:
                        propertied.append(element)
                if not _HIDING_ATTRIBUTES.isdisjoint(keys) and _hidden(element, keys):
                    hiding.append(element)
        lists = (named, hiding, related, propertied)
    memo[root] = (len(removed), lists)
    return lists


def is_hidden(element: HtmlElement) -> bool:
    """Hidden by inline style or attribute: a reader never sees it (templates, popups, tabs)."""
    return _hidden(element, element.keys())


def _hidden(element: HtmlElement, keys: list[str]) -> bool:
    """``is_hidden`` with the attribute names in hand (the attribute scan has them): only those present are read."""
    if "hidden" in keys or ("aria-hidden" in keys and element.get("aria-hidden") == "true"):
        return True
    style = element.get("style") if "style" in keys else None
    if not style:
        return False
    lowered = style.lower()  # every match holds "none" or "hidden" (on case: ``chrome.FOLD_EXCEPTIONS``)
    if "none" not in lowered and "hidden" not in lowered and not chrome.FOLD_EXCEPTIONS.search(style):
        return False
    return bool(_HIDDEN_STYLE.search(style))


def raw_text(element: HtmlElement) -> str:
    """All text inside an element, as in the markup (without the text that follows it)."""
    if not len(element):  # a leaf: its text is all of it, without starting a serializer
        return element.text or ""
    return _tostring(element, method="text", encoding="unicode", with_tail=False)


_tostring = etree.tostring


def text_of(element: HtmlElement) -> str:
    """Visible text of an element with whitespace collapsed.

    Memoised per page like the names: every stage measures the same boxes. ``remove`` forgets the texts
    of the boxes that held what it removed; a change made otherwise must call ``moved``."""
    try:
        memo: dict[HtmlElement, str] = _MEMO.texts
    except AttributeError:  # no page parsed in this thread: nothing to keep
        memo = {}
    text = memo.get(element)
    if text is None:  # ``raw_text``, inline: the most asked question of a page
        raw = _tostring(element, method="text", encoding="unicode", with_tail=False) if len(element) else element.text
        text = memo[element] = " ".join(raw.split()) if raw else ""
    return text


def short_text(element: HtmlElement, limit: int) -> str | None:
    """``text_of`` the element when it is at most ``limit`` characters long, else None; a long text is
    split only as far as needed to tell (its words are many: splitting them all costs)."""
    memo: dict[HtmlElement, str] = getattr(_MEMO, "texts", {})
    text = memo.get(element)
    if text is None:
        most = limit // 2 + 1  # words of one letter and a space each: more make more than ``limit`` characters
        words = raw_text(element).split(None, most)
        if len(words) > most:
            return None
        text = memo[element] = " ".join(words)
    return text if len(text) <= limit else None


def short_texts(elements: list[HtmlElement], limit: int) -> list[str | None]:
    """``short_text`` of each element (listed in document order), the boxes holding a long one told long
    without being read: a text squashed is never shorter than the squashed text of a part of it. The
    elements are asked last to first, so a box comes after what it holds (a wrapper of a page is not
    serialized to find it has more than ``limit`` characters)."""
    found: list[str | None] = [None] * len(elements)
    long: set[HtmlElement] = set()
    for index in range(len(elements) - 1, -1, -1):
        element = elements[index]
        if element in long:
            continue
        text = found[index] = short_text(element, limit)
        if text is None:
            for holder in element.iterancestors():
                if holder in long:
                    break
                long.add(holder)
    return found


def forget_texts(element: HtmlElement) -> None:
    """Forget the memoised texts of an element and of the boxes holding it (its content changed)."""
    memo: dict[HtmlElement, str] = getattr(_MEMO, "texts", {})
    if memo:
        memo.pop(element, None)
        for parent in element.iterancestors():
            memo.pop(parent, None)


def forget_all_texts() -> None:
    """Forget every memoised text: before many removals, cheaper than forgetting their boxes' one by one."""
    memo: dict[HtmlElement, str] | None = getattr(_MEMO, "texts", None)
    if memo:
        memo.clear()


def moved(element: HtmlElement) -> None:
    """Call after moving an element or changing its content other than by ``remove``: the memoised texts
    and named lists that may hold it are forgotten."""
    forget_texts(element)
    getattr(_MEMO, "named", {}).clear()
    getattr(_MEMO, "index", {}).clear()
    getattr(_MEMO, "metas", {}).clear()
    getattr(_MEMO, "tagged", {}).clear()
    if getattr(_MEMO, "chrome", None) is not None:
        _MEMO.chrome = (len(getattr(_MEMO, "removed", ())), {})


def squash(text: str) -> str:
    """Whitespace runs (NBSP and other Unicode spaces included) -> one space, ends trimmed."""
    return " ".join(text.split())


def link_text_length(element: HtmlElement) -> int:
    return sum(len(text_of(anchor)) for anchor in element.iter("a"))


def link_density(element: HtmlElement, text_length: int | None = None) -> float:
    """Share of an element's text that sits inside links (menus and related boxes are near 1)."""
    length = len(text_of(element)) if text_length is None else text_length
    if length == 0:
        return 0.0
    return min(1.0, link_text_length(element) / length)


def ancestors(element: HtmlElement) -> Iterator[HtmlElement]:
    """Parent, grandparent ... up to the root (lxml's iterator, in C)."""
    return element.iterancestors()


def in_chrome(
    element: HtmlElement, stop: HtmlElement | None = None, spare: frozenset[HtmlElement] = frozenset()
) -> bool:
    """Whether the element or an ancestor (below ``stop``, below any of ``spare``: the boxes known to hold
    the article, whatever they are called) is named as chrome."""
    if stop is None and not spare:
        return _in_chrome(element)
    if is_chrome_named(element):
        return True
    for parent in ancestors(element):
        if parent is stop or parent in spare or parent.tag in ("body", "html"):
            return False
        if is_chrome_named(parent):
            return True
    return False


def _in_chrome(element: HtmlElement) -> bool:
    """``in_chrome`` without ``stop`` or ``spare``, memoised for the element and the boxes walked through
    (each box's answer is its own name's or its parent's) until the next ``remove`` changes ancestries."""
    generation = len(getattr(_MEMO, "removed", ()))
    memo: dict[HtmlElement, bool] | None = None
    cached = getattr(_MEMO, "chrome", None)
    if cached is not None:
        if cached[0] != generation:
            cached = _MEMO.chrome = (generation, {})
        memo = cached[1]
    walked = []
    node = element
    while True:
        known = memo.get(node) if memo is not None else None
        if known is not None:
            result = known
            break
        walked.append(node)
        if is_chrome_named(node):
            result = True
            break
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            result = False
            break
        node = parent
    if memo is not None:
        for node in walked:
            memo[node] = result
    return result


def remove(element: HtmlElement) -> None:
    """Remove an element and its content, keeping the text that follows it (its tail)."""
    parent = element.getparent()
    if parent is None:
        return
    removed: list[HtmlElement] | None = getattr(_MEMO, "removed", None)
    if removed is not None:
        removed.append(element)
    forget_texts(parent)
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def document_order(root: HtmlElement) -> dict[HtmlElement, int]:
    """Position of every element in document order (for "after the title" comparisons)."""
    return dict(zip(root.iter(etree.Element), itertools.count()))


def serialize(element: HtmlElement) -> str:
    return etree.tostring(element, encoding="unicode", method="html")
