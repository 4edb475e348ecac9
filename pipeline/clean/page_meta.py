"""What a page says about its article outside the body: title, sapo, byline, tags, section, canonical URL.

Read in two steps: ``read_head`` before any pruning (``<meta>``, JSON-LD, ``<title>``, canonical link,
tag and breadcrumb boxes, which chrome removal deletes), then ``find_title``/``find_sapo``/``find_author``
on the page's own elements. ``<meta>`` values are hints for choosing visible elements: the article is
what a reader sees, so a description that is not shown is not used as a sapo.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.clean import chrome
from pipeline.clean.dates import is_date_line, parse_date_line
from pipeline.clean.dom import (
    HtmlElement,
    ancestors,
    has_tokens,
    in_chrome,
    is_element,
    itemprop_elements,
    link_density,
    meta_contents,
    named_elements,
    named_with,
    raw_text,
    related_elements,
    short_text,
    tagged,
    text_of,
)
from pipeline.clean.generic import is_chrome_label
from pipeline.clean.jsonld import breadcrumb_names, is_article, jsonld_items, objects, types
from pipeline.clean.jsonld import text as jsonld_text

_AUTHOR_LABEL = re.compile(
    r"^((tác giả|bài( và|,)? ảnh|ảnh( và|,)? bài|bài|tin( và|,)? ảnh|tin|ảnh|nhóm phóng viên|phóng viên|pv|theo|"
    r"nguồn|by|"
    r"người viết|người đăng|thực hiện|ghi chép|ghi)\s*[:\-–—]\s*|((viết|đăng|gửi) )?bởi\s+|by\s+)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[!?;,:]$")
MAX_TITLE = 400  # characters of a title
MAX_SAPO = 1500
MAX_TEASER_BOX = 700  # characters of a related or listing item: headline and summary
MAX_POSTER_LINE = 200
MAX_HEAD_CHARS = 2000  # of a <title> or <meta> value: a longer one is cut (a title is never that long)


@dataclass(frozen=True, slots=True)
class HeadInfo:
    """Facts from ``<head>``, JSON-LD and boxes that chrome removal deletes."""

    title_tag: str = ""
    og_title: str = ""
    description: str = ""
    canonical: str | None = None
    site_name: str = ""
    og_type: str = ""
    author: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    headline: str = ""


def read_head(root: HtmlElement, url: str | None) -> HeadInfo:
    metas: dict[str, list[str]] = {}
    for name, content in meta_contents(root):
        if content.strip():
            metas.setdefault(name, []).append(" ".join(content[:MAX_HEAD_CHARS].split()))

    def first(*names: str) -> str:
        for name in names:
            if metas.get(name):
                return metas[name][0]
        return ""

    titles_found = tagged(root, "title")
    title_element = titles_found[0] if titles_found else None
    canonical = None
    for link in tagged(root, "link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href", "").strip()
            break
    canonical = _absolute(canonical or first("og:url"), url)
    jsonld = _jsonld_article(root)
    site_name = first("og:site_name", "application-name")
    authors = (first("author", "article:author", "dc.creator", "byl"), _jsonld_author(jsonld))
    author = next((name for name in authors if name and not is_publisher(name, site_name, canonical)), None)
    tags = tuple(dict.fromkeys(metas.get("article:tag", []))) or _rel_links(root, "tag")
    title_tag = " ".join(raw_text(title_element)[:MAX_HEAD_CHARS].split()) if title_element is not None else ""
    og_title = first("og:title", "twitter:title", "title")
    headline = jsonld_text(jsonld.get("headline"))[:MAX_HEAD_CHARS] if jsonld else ""
    declared = [title for title in (title_tag, og_title, headline) if title]
    titles = {_key(text) for title in declared for text in (title, strip_site_name(title))}
    titles.update(_key(text_of(heading)[:MAX_HEAD_CHARS]) for heading in tagged(root, "h1"))
    return HeadInfo(
        title_tag=title_tag,
        og_title=og_title,
        description=first("description", "og:description", "twitter:description"),
        canonical=canonical,
        site_name=site_name,
        og_type=first("og:type").lower(),
        author=author or None,
        section=_section(root, first("article:section"), titles),
        tags=tags,
        headline=headline,
    )


def is_publisher(name: str, site_name: str = "", url: str | None = None) -> bool:
    """Whether a declared author names the publisher, not a writer: a URL or domain ("VCCorp.vn"), the
    site's own name or host ("VnExpress" on vnexpress.net), or a company word ("FPT Online", "Báo ...")."""
    name = " ".join(name.split())
    if name.startswith(("http://", "https://", "www.")) or chrome.DOMAIN_NAME.search(name):
        return True
    folded = _folded_name(name)
    host = url_host(url) or ""
    sites = {_folded_name(site_name), *(_folded_name(label) for label in host.split(".") if len(label) > 3)} - {""}
    if folded and any(folded == site or (len(folded) >= 5 and folded in site) for site in sites):
        return True
    words = set(name.casefold().split())
    return bool(words & chrome.PUBLISHER_WORDS) or name.casefold().startswith(chrome.PUBLISHER_PREFIXES)


def url_host(url: str | None) -> str | None:
    """The host of a URL, None for none or for one that does not parse (``http://[::1``, a port "80x")."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
    except ValueError:
        return None
    return parts.hostname


def _absolute(canonical: str | None, url: str | None) -> str | None:
    """The canonical URL made absolute against the page's URL; one that does not parse as an http(s) URL
    with a host is no canonical (the fetched URL identifies the page then)."""
    if not canonical:
        return url
    try:
        absolute = urljoin(url, canonical) if url else canonical
    except ValueError:
        return url
    if not absolute.startswith(("http://", "https://")) or not url_host(absolute):
        return url
    return absolute


def _rel_links(root: HtmlElement, kind: str) -> tuple[str, ...]:
    """Texts of ``<a rel="tag">`` (WordPress and others mark tags so) or ``rel="category"`` links."""
    texts = []
    for anchor in related_elements(root):
        if anchor.tag != "a":
            continue
        rel = (anchor.get("rel") or "").lower().split()
        if kind in rel and (kind != "tag" or "category" not in rel):
            text = text_of(anchor)
            if 0 < len(text) <= 60:
                texts.append(text)
    return tuple(dict.fromkeys(texts))


def _jsonld_article(root: HtmlElement) -> dict:
    return next((item for item in jsonld_items(root) if is_article(item)), {})


def _jsonld_author(item: dict) -> str | None:
    """The first Person (or plain name) among a JSON-LD article's authors, whatever their nesting."""
    author = item.get("author") if item else None
    if isinstance(author, str):
        return jsonld_text(author) or None
    for entry in objects(author):
        if "Person" in types(entry) and jsonld_text(entry.get("name")):
            return jsonld_text(entry.get("name"))
    if isinstance(author, list):
        return next((jsonld_text(entry) for entry in author if jsonld_text(entry)), None)
    return None


_TAG_NAMES = frozenset({"tag", "tags", "keyword", "keywords", "tukhoa"})
_TAG_LABELS = frozenset({"từ khóa", "từ khoá", "tags", "tag", "thẻ", "chủ đề"})


_LABEL_TAGS = ("strong", "b", "span", "label", "p", "div", "h3", "h4")


def _is_tag_label(element: HtmlElement) -> bool:
    label = (element.text or "").strip(" :")
    return len(label) <= _LONGEST_TAG_LABEL and label.casefold() in _TAG_LABELS  # case folding never shortens


_LONGEST_TAG_LABEL = max(len(label) for label in _TAG_LABELS)


def find_tags(root: HtmlElement, order: dict[HtmlElement, int], after: int = -1) -> tuple[str, ...]:
    """Link texts of the article's tag box ("Từ khóa: a, b") below the title, by its name or label."""
    labelled = [
        element
        for elements in (named_elements(root), root.iter(*_LABEL_TAGS))
        for element in elements
        if order.get(element, -1) >= after and not len(element) and _is_tag_label(element)  # above: skipped below
    ]
    candidates = {*named_with(root, _TAG_NAMES), *labelled}  # the others fail both tests below
    for element in sorted(candidates, key=lambda element: order.get(element, -1)):
        if element.tag in ("html", "body", "head", "meta", "a"):
            continue
        if order.get(element, -1) < after or has_tokens(element, frozenset({"hot", "menu", "header", "nav"})):
            continue
        if has_tokens(element, _TAG_NAMES):
            box: HtmlElement | None = element
        elif _is_tag_label(element) and len(element) == 0:
            box = element.getparent()
        else:
            continue
        if box is None:
            continue
        anchors = [text_of(anchor).lstrip("#") for anchor in box.iter("a")]
        anchors = [text for text in anchors if 0 < len(text) <= 60]
        if 0 < len(anchors) <= 30:
            return tuple(dict.fromkeys(anchors))
    return ()


_SECTION_NAMES = frozenset({"category", "cate", "cat", "chuyenmuc", "genre"})
_CRUMB_NAMES = frozenset({"breadcrumb", "breadcrumbs", "crumb", "crumbs"})
_HOME = frozenset({"trang chủ", "home", "trang nhất", "diễn đàn", "forum"})
_BOX_HEADINGS = ("h2", "h3", "h4", "h5", "strong", "b", "span", "div", "p")


def _section(root: HtmlElement, declared: str, titles: set[str]) -> str | None:
    """The article's section: ``article:section``, a ``rel=category`` link, the last step of a JSON-LD
    or visible breadcrumb, or a box named as the category. Never the home page, a tag box, a sidebar
    heading ("Xem nhiều nhất") nor the article's own title (breadcrumbs often end on it)."""

    def usable(name: str) -> bool:
        key = _key(name)
        return bool(key) and len(name) <= 80 and key not in _HOME and key not in titles and not is_chrome_label(name)

    sources = (
        lambda: [declared],
        lambda: list(_rel_links(root, "category")),
        lambda: breadcrumb_names(root),
        lambda: _box_links(named_with(root, _CRUMB_NAMES)),
        lambda: _box_links(named_with(root, _SECTION_NAMES)),
    )
    for source in sources:
        names = [name for name in source() if name and usable(name)]
        if names:
            return names[-1]
    return None


def _box_links(named: list[HtmlElement]) -> list[str]:
    """Link texts of the first short box of ``named`` (a breadcrumb, a category link) that is not a tag box."""
    for element in named:
        if has_tokens(element, _TAG_NAMES) or short_text(element, 200) is None:
            continue
        if (element.text or text_of(element)).strip().casefold().startswith(tuple(_TAG_LABELS)):
            continue  # "Tag: a, b, c"
        if any(is_chrome_label(text_of(label)) for label in element.iter(*_BOX_HEADINGS) if len(label) <= 3):
            continue  # a sidebar box headed "Xem nhiều nhất": its links are other articles
        links = [text_of(element)] if element.tag == "a" else [text_of(anchor) for anchor in element.iter("a")]
        links = [link for link in links if link]
        if links:
            return links
    return []


@dataclass(frozen=True, slots=True)
class TitleGuess:
    text: str
    element: HtmlElement | None = None
    sure: bool = False  # a heading that matches the declared title, or the page's only h1


def find_title(root: HtmlElement, head: HeadInfo) -> TitleGuess:
    """The visible title: the heading that matches the page's declared title (og:title, JSON-LD, <title>),
    even inside a box named like chrome (sites call their main column "sidebar"); else the page's h1,
    unless that h1 is only a section label (a menu link's text) while the page declares another title."""
    declared = declared_title(head)
    references = [_key(text) for text in (head.og_title, head.headline, head.title_tag, declared) if text]
    best: tuple[int, HtmlElement] | None = None
    labels: set[str] | None = None
    for element in _title_candidates(root):
        text = short_text(element, MAX_TITLE)
        if text is None or len(text) < 4 or is_chrome_label(text):
            continue
        key = _key(text)
        chrome_box = in_chrome(element)
        if key in references:
            rank = 0
        elif len(key) >= 10 and any(key in reference for reference in references):
            rank = 1
        elif element.tag == "h1" and not chrome_box:
            if declared and key not in _key(declared):
                if labels is None:  # the page's link texts, read only when they can matter
                    labels = {_key(text_of(anchor)) for anchor in root.iter("a")}
                if key in labels:
                    continue  # a section label set as h1 ("Chính trị - Xã hội"), not this article's title
            rank = 4
        else:
            continue
        rank += 2 if chrome_box and rank < 4 else 0
        if best is None or rank < best[0]:
            best = (rank, element)
    if best is not None:
        return TitleGuess(text_of(best[1]), best[1], sure=True)
    shown = _element_showing(root, {*references})
    if shown is not None:  # the declared title shown in an element without a telling name
        return TitleGuess(text_of(shown), shown, sure=True)
    return TitleGuess(_cut(declared, MAX_TITLE))


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word (a declared title of a megabyte is not a title)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-–") + "…"


def declared_title(head: HeadInfo) -> str:
    """The title the page declares for machines, without the site's name ("... - VnExpress")."""
    for text in (head.og_title, head.headline):
        if text:
            return strip_site_name(text, head.site_name, head.canonical, strict=True)
    return strip_site_name(head.title_tag, head.site_name, head.canonical)


def _element_showing(root: HtmlElement, keys: set[str]) -> HtmlElement | None:
    body = root.find("body")
    if body is None:
        return None
    for element in body.iter(*_TITLE_LIKE):
        if len(element) <= 3:
            text = short_text(element, MAX_TITLE) or ""
            if (
                len(text) >= 10
                and _key(text) in keys
                and not in_chrome(element)
                and link_density(element, len(text)) < 0.5
            ):
                return element
    return None


def title_near(containers: list[HtmlElement], order: dict[HtmlElement, int]) -> HtmlElement | None:
    """A title-like line just above the body or opening it, for pages without a usable h1 or og:title:
    named "title", a heading, large or bold type (markup or inline style), short and not a sentence;
    the last such line before the body gains a point, as titles sit right above their articles."""
    if not containers or containers[0] not in order:
        return None
    start = order[containers[0]]
    inside = set(containers[0].iter(etree.Element))
    best: tuple[float, int, HtmlElement] | None = None
    scored: list[tuple[float, int, HtmlElement]] = []
    seen_inside = 0
    for element, position in order.items():
        if position < start - 60 or element.getparent() is None:
            continue
        if element in inside:
            if element is containers[0] or not text_of(element):
                continue
            seen_inside += 1
            if seen_inside > 6:
                break
        elif position >= start:
            continue
        titleish = _titleish(element)  # asked once: the score needs it too
        score = _title_score(element) if titleish else 0
        if score > 0 or (element not in inside and titleish):
            scored.append((score, position, element))
    before = [item for item in scored if item[1] < start and item[2] not in inside]
    if before:  # the nearest title-ish line above the body, when it has the length of a title
        score, position, element = before[-1]
        bonus = 2.0 if len(text_of(element).split(None, 4)) >= 5 else 1.0
        scored[scored.index(before[-1])] = (score + bonus, position, element)
    for item in scored:
        if item[0] >= 2 and (best is None or item[:2] > best[:2]):
            best = item
    return best[2] if best else None


def _titleish(element: HtmlElement) -> bool:
    """A short line that could be a title: not a sentence, a date, a link or chrome."""
    if len(element) > 3 or element.tag not in _TITLE_LIKE:
        return False
    text = text_of(element)
    if not 15 <= len(text) <= 200 or text.endswith((".", ":", ";", ",", ")")) or is_chrome_label(text):
        return False
    return not (in_chrome(element) or link_density(element, len(text)) >= 0.5 or parse_date_line(text))


def _title_score(element: HtmlElement) -> float:
    """Points of a ``_titleish`` line: a title's name, a heading's tag, large or bold type."""
    text = text_of(element)
    score = 0.0
    if has_tokens(element, chrome.TITLE_TOKENS):
        score += 3
    if element.tag in ("h1", "h2", "h3"):
        score += 3
    sizes = " ".join(font.get("size", "") for font in element.iter("font"))
    styles = " ".join(node.get("style", "") for node in element.iter(etree.Element))
    if any(int(size) >= 4 for size in re.findall(r"\d+", sizes)) or any(
        float(size) >= 17 for size in _LARGE_TYPE.findall(styles)
    ):
        score += 2
    bold = sum(len(text_of(node)) for node in element.iter("b", "strong"))
    if bold >= len(text) * 0.8 or _BOLD_STYLE.search(styles):
        score += 1
    return score


_LARGE_TYPE = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)px", re.IGNORECASE)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_TITLE_LIKE = frozenset({"h1", "h2", "h3", "h4", "p", "div", "td", "span", "font", "b", "strong"})


_TITLE_TAGS = frozenset({"h2", "h3", "div", "p", "span", "td", "strong", "b"})


def _title_candidates(root: HtmlElement) -> list[HtmlElement]:
    headings = list(root.iter("h1"))
    titled = set(named_with(root, chrome.TITLE_TOKENS))
    titled.update(element for element in itemprop_elements(root) if element.get("itemprop", "").lower() == "headline")
    named = [element for element in named_elements(root) if element in titled and element.tag in _TITLE_TAGS]
    return headings + named


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def strip_site_name(title: str, site_name: str = "", url: str | None = None, *, strict: bool = False) -> str:
    """ "Article - Báo Thanh Hóa" -> "Article": the last separated part when it names the site (its name
    or its host, "VnExpress" for vnexpress.net); unless ``strict``, any short last part of a <title>."""
    title = " ".join(title.split())
    host = url_host(url) or ""
    names = {_folded_name(site_name), *(_folded_name(label) for label in host.split(".") if len(label) > 3)} - {""}
    for separator in chrome.TITLE_SEPARATORS:
        if separator in title:
            head, _, tail = title.rpartition(separator)
            folded = _folded_name(tail)
            site = len(folded) >= 3 and any(name in folded or folded in name for name in names)
            if head and (site or (not strict and len(tail) <= 40)):
                return head.strip()
    return title


def _folded_name(text: str) -> str:
    """A name without case, spaces, dots or tones: "Báo Thanh Hóa" -> "baothanhhoa", "VnExpress" -> "vnexpress"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


def is_meta_line(text: str) -> bool:
    """A line about the article, not of it: a date line, or who posted it when ("Thảo luận trong 'X' bắt
    đầu bởi Y, 14/12/12.", "Đăng bởi Y lúc 08:30 12/3/2024")."""
    if len(text) > 200:
        return False
    return is_date_line(text) or (bool(chrome.POSTED_BY.search(text)) and parse_date_line(text) is not None)


def find_sapo(
    root: HtmlElement, title_element: HtmlElement | None, order: dict[HtmlElement, int]
) -> tuple[str, HtmlElement | None]:
    """The lead paragraph when the page marks it up apart (``sapo``/``lead``/``summary`` names, or an
    ``h2`` right under the title); it often holds the totals the records need."""
    start = order.get(title_element, -1) if title_element is not None else -1
    spare = frozenset(ancestors(title_element)) if title_element is not None else frozenset()
    candidates = set(named_with(root, chrome.SAPO_TOKENS))  # or an h2/h3 under the title (``_is_heading_lead``)
    if title_element is not None:
        candidates.update(root.iter("h2", "h3"))
    for element in sorted(candidates, key=lambda element: order.get(element, -1)):
        if order.get(element, -1) < start or element.tag in ("html", "body", "meta"):
            continue
        if not has_tokens(element, chrome.SAPO_TOKENS) and not _is_heading_lead(element, title_element):
            continue
        text = short_text(element, MAX_SAPO)
        if text is None or len(text) < 30 or in_chrome(element, spare=spare) or _is_teaser(element):
            continue
        if is_meta_line(text):
            continue
        return text, element
    return "", None


def lead_between(
    title_element: HtmlElement | None, containers: list[HtmlElement], order: dict[HtmlElement, int]
) -> HtmlElement | None:
    """A lead paragraph set between the title and the body without a telling name: prose of 60 to
    1000 characters, not a caption, a date line or a link."""
    if title_element is None or not containers:
        return None
    start, end = order.get(title_element), order.get(containers[0])
    if start is None or end is None or end <= start:
        return None
    wrappers = set(ancestors(containers[0]))
    inside_title = set(title_element.iter())
    for element, position in order.items():
        if position <= start or element in inside_title:
            continue
        if position >= end:
            break
        if element in wrappers or element.tag not in _LEAD_TAGS or element.getparent() is None:
            continue
        text = text_of(element)
        if not 60 <= len(text) <= 1000 or link_density(element, len(text)) > 0.2:
            continue
        if (len(text) <= 80 and parse_date_line(text)) or is_meta_line(text):
            continue
        previous = element.getprevious()
        picture_above = previous is not None and previous.find(".//img") is not None and not text_of(previous)
        if element.find(".//img") is not None or picture_above or (previous is not None and previous.tag == "img"):
            continue
        if chrome.CAPTION_CREDIT.search(text) or in_chrome(element):
            continue
        return element
    return None


_LEAD_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "span", "td", "strong", "b", "em", "i", "font"})


def _is_heading_lead(element: HtmlElement, title_element: HtmlElement | None) -> bool:
    if title_element is None or element.tag not in ("h2", "h3"):
        return False
    previous = element.getprevious()
    while previous is not None and not text_of(previous):
        previous = previous.getprevious()
    return previous is title_element and len(text_of(element)) >= 50


def _is_teaser(element: HtmlElement) -> bool:
    """A summary inside a small box that links to another article (a related or listing item)."""
    for box in (element, element.getparent()):
        if box is None or short_text(box, MAX_TEASER_BOX) is None:
            return False
        for anchor in box.iter("a"):
            if len(text_of(anchor).split(None, 3)) >= 4 and element not in anchor.iterancestors():
                return True
    return False


def poster_below(title: HtmlElement | None) -> str | None:
    """Who posted the article, from a forum's or blog's line right under the title ("Thảo luận trong 'X'
    bắt đầu bởi Y, 14/12/22.", "Đăng bởi Y lúc 20:41")."""
    following = title.getnext() if title is not None else None
    for _ in range(3):
        if following is None:
            return None
        text = (short_text(following, MAX_POSTER_LINE) or "") if is_element(following) else ""
        match = chrome.POSTER.search(text)
        if match:
            return clean_author(match.group("name")) or None
        following = following.getnext()
    return None


def find_byline(root: HtmlElement, spare: frozenset[HtmlElement] = frozenset()) -> str | None:
    """Text of a byline element (``author``/``tacgia`` names, ``itemprop=author``, ``rel=author``);
    the innermost one when bylines nest ("Viết bởi <span itemprop=name>...")."""
    found: list[HtmlElement] = []
    named = named_with(root, chrome.AUTHOR_TOKENS)
    if any("author" in (element.get("rel") or "") for element in related_elements(root)):
        authored = set(named)
        named = [
            element for element in named_elements(root) if element in authored or "author" in (element.get("rel") or "")
        ]
    for element in named:
        if element.tag in ("html", "body", "meta", "link"):
            continue
        text = text_of(element)
        if not text or len(text) > 80 or in_chrome(element, spare=spare) or is_chrome_label(text):
            continue
        if found and found[-1] in element.iterancestors():
            found[-1] = element
        elif not found:
            found.append(element)
    if not found:
        return None
    element = found[0]
    names = [text_of(node) for node in element.iter(etree.Element) if (node.get("itemprop") or "").lower() == "name"]
    return clean_author(names[0] if names and names[0] else text_of(element)) or None


_CO_AUTHORS = re.compile(r"\s*(và|cùng|\+)\s*\d+\s*(tác giả|người|cộng sự)( khác)?\s*$", re.IGNORECASE)
_DATE_OR_TIME = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\b\d{1,2}[:h]\d{2}\b|\(?GMT[+-]\d+\)?")


def clean_author(text: str) -> str:
    """A byline without its label ("Bài và ảnh:"), the date printed next to it or a count of co-authors
    ("và 1 tác giả khác")."""
    text = _CO_AUTHORS.sub("", " ".join(text.split()))
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", _DATE_OR_TIME.sub(" ", text))
    text = _AUTHOR_LABEL.sub("", " ".join(text.split())).strip(" -–—|,")
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1]
    if text.count("(") != text.count(")"):  # a bracket cut off with a date, not one closing "(Báo X)"
        text = text.strip("()")
    return " ".join(text.strip(" -–—|,").split())


def looks_like_signature(text: str, emphasis: float, align: str) -> bool:
    """A closing line that signs the article: short, no sentence, set apart by bold or alignment."""
    words = text.split()
    if not words or len(text) > 50 or len(words) > 7 or _SENTENCE_END.search(text):
        return False
    if "\n" in text:
        return False
    if emphasis >= 0.5 or align == "right" or _AUTHOR_LABEL.match(text):
        return True
    letters = [word for word in words if word[:1].isalpha()]
    return bool(letters) and (text.isupper() or all(word[:1].isupper() for word in letters)) and len(words) <= 4
