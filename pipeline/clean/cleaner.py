"""HTML page -> ``Article``: exactly the article a reader sees, on sites never seen before.

Stages, in this order:

1. bytes -> text (``pipeline.clean.encoding``: HTTP header, BOM, ``<meta>``, detection, TCVN3/VNI), parse;
2. what the head says (``pipeline.clean.page_meta.read_head``): canonical URL, titles, description, dates;
3. junk out (``pipeline.clean.generic.strip_junk``): scripts, controls, hidden boxes, unrendered templates;
4. title, sapo, byline and tags from the page's own elements, before chrome removal deletes them;
5. the body container: the site profile's selectors when a layout version of it matches, else the
   generic path (``strip_chrome`` + ``find_container``);
6. container -> paragraphs (``pipeline.clean.paragraphs``): captions, link boxes, chrome lines out;
7. the page kind: a 404 page or a listing page raises ``CleaningError`` instead of returning chrome.

Vocabulary (class names, Vietnamese labels) lives in ``pipeline.clean.chrome``; nothing here names a site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from lxml import etree

from pipeline.clean import chrome
from pipeline.clean.dates import (
    parse_date_line,
    published_from_head,
    published_from_lines,
    published_from_time_elements,
    published_from_url,
)
from pipeline.clean.dom import (
    HtmlElement,
    ancestors,
    document_order,
    has_tokens,
    in_chrome,
    moved,
    parse,
    remove,
    short_texts,
    text_of,
)
from pipeline.clean.encoding import decode_html
from pipeline.clean.generic import (
    BlockTexts,
    Container,
    credit_after,
    find_container,
    looks_like_listing,
    strip_chrome,
    strip_junk,
)
from pipeline.clean.page_meta import (
    HeadInfo,
    clean_author,
    find_byline,
    find_sapo,
    find_tags,
    find_title,
    lead_between,
    looks_like_signature,
    poster_below,
    read_head,
    title_near,
    url_host,
)
from pipeline.clean.paragraphs import Block, Known, blocks_of, select_paragraphs
from pipeline.clean.second_opinion import Opinion, doubts, prefer_theirs, trafilatura_blocks
from pipeline.clean.site_layout import match_layout
from pipeline.models import Article, InputError, SiteProfile, serving_profile
from pipeline.normalize import normalize_text

MAX_MARKUP_BYTES = 8 * 1024 * 1024  # after scripts, styles and inline images are gone
MIN_ARTICLE_CHARS = 80
DATE_LOOKBEHIND = 8  # elements above the title where a date line may sit (a kicker, a meta line)
MAX_DATE_LINE = 120
DATE_LOOKAHEAD = 12  # elements into the body: its first lines, not its comments or related lists
_HEAVY = re.compile(
    rb"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|data:[a-z]+/[a-z0-9.+-]+;base64,[a-z0-9+/=\s]+"
)


class CleaningError(InputError):
    """A page that holds no article (empty, binary, broken, a listing or a 'not found' page)."""


class ListingPageError(CleaningError):
    """A home, section, tag or search page: a list of other articles, not an article."""


class NotFoundPageError(CleaningError):
    """A 'page not found' page served in place of the article."""


@dataclass(frozen=True, slots=True)
class _Page:
    """A parsed page with what was read before pruning."""

    root: HtmlElement
    head: HeadInfo
    url: str | None
    text: str  # the decoded page, for a second opinion


def clean_html(
    data: bytes | str,
    url: str | None = None,
    source: str | None = None,
    *,
    headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    site_profile: SiteProfile | None = None,
    profiles: Sequence[SiteProfile] = (),
) -> Article:
    """The article of one page; raises ``CleaningError`` with a reason when the page holds none.

    ``headers`` are the HTTP response headers (their ``Content-Type`` charset is honoured). The
    layout comes from ``site_profile`` when given, else from the one of ``profiles`` serving the
    page's canonical URL (or ``url``); with neither, the generic path reads the page.
    """
    return clean_and_explain(data, url, source, headers=headers, site_profile=site_profile, profiles=profiles).article


@dataclass(frozen=True, slots=True)
class Cleaned:
    """An article with how its body was found: the second opinion asked, and taken or not."""

    article: Article
    opinion: Opinion


def clean_and_explain(
    data: bytes | str,
    url: str | None = None,
    source: str | None = None,
    *,
    headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    site_profile: SiteProfile | None = None,
    profiles: Sequence[SiteProfile] = (),
) -> Cleaned:
    """``clean_html`` with the second opinion it took (for ``vnie eval --pages`` and the benchmark)."""
    page = _load(data, url, _content_type(headers))
    profile = site_profile
    if profile is None and profiles:
        address = page.head.canonical or url
        profile = serving_profile(address, profiles) if address else None
    return _extract(page, profile, source)


def is_listing_page(data: bytes | str, url: str | None = None, profiles: Sequence[SiteProfile] = ()) -> bool:
    """Whether a page lists other articles (home, section, tag, search) instead of holding one."""
    try:
        clean_html(data, url=url, profiles=profiles)
    except ListingPageError:
        return True
    except CleaningError:
        return False
    return False


def _content_type(headers: Mapping[str, str] | Sequence[tuple[str, str]] | None) -> str | None:
    if not headers:
        return None
    items = headers.items() if isinstance(headers, Mapping) else headers
    for name, value in items:
        if name.lower() == "content-type":
            return value
    return None


def _load(data: bytes | str, url: str | None, content_type: str | None) -> _Page:
    if isinstance(data, str):
        data = _SURROGATES.sub("\ufffd", data)  # unpaired halves of a UTF-16 pair: not text
    raw = data.encode("utf-8") if isinstance(data, str) else data
    _check_bytes(raw)
    if len(raw) > MAX_MARKUP_BYTES:
        raw = _HEAVY.sub(b" ", raw)
        if len(raw) > MAX_MARKUP_BYTES:
            raise CleaningError(
                f"too large: {len(raw) / 1e6:.1f} MB of markup without scripts and inline images; "
                "an article page is far smaller"
            )
        data = raw if isinstance(data, bytes) else raw.decode("utf-8", errors="replace")
    utf8 = False
    try:
        if isinstance(data, bytes):
            decoded = decode_html(data, content_type)
            text, utf8 = decoded.text, decoded.encoding == "utf-8"
        else:
            text = normalize_text(data)
    except InputError as error:
        raise CleaningError(str(error)) from error
    if not utf8 or _holds_control_bytes(raw):
        text = _CONTROLS.sub("", text)  # invisible, and lxml refuses them in the text it is given back
    try:
        root = parse(text)
    except (ValueError, etree.ParserError) as error:
        raise CleaningError(f"not parseable HTML ({error})") from error
    if root is None or (root.find("body") is None and not len(root)):
        raise CleaningError("no HTML document in the input")
    return _Page(root, read_head(root, url), url, text)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROL_BYTES = bytes(byte for byte in range(32) if byte not in (9, 10, 11, 12, 13))


def _holds_control_bytes(raw: bytes) -> bool:
    """Whether UTF-8 bytes can decode to one of ``_CONTROLS`` (the test in C is a tenth of the pattern's
    search; neither decoding, NFC nor the legacy tables make one of another character)."""
    if len(raw.translate(None, _CONTROL_CHARACTERS)) != len(raw):
        return True
    return b"\xef" in raw and any(sequence in raw for sequence in _NONCHARACTERS)  # a byte's search: memchr


_CONTROL_CHARACTERS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())


def _check_bytes(raw: bytes) -> None:
    """Empty and binary inputs, told apart from text cheaply (UTF-16 pages carry NULs but a BOM)."""
    if not raw.strip():
        raise CleaningError("empty input")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return
    head = raw[:8192]
    # A stray NUL from a broken CMS is dropped with the other control characters; many are a binary file.
    if (
        head.count(b"\x00") > len(head) * 0.01
        or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) * 0.05
    ):
        raise CleaningError("binary data, not text or HTML")


@dataclass
class _Parts:
    """What the page says outside its body, as found so far (each stage may refine it)."""

    title: str
    title_element: HtmlElement | None
    title_sure: bool
    sapo: str = ""
    sapo_element: HtmlElement | None = None
    byline: str | None = None
    published: str | None = None
    tags: tuple[str, ...] = ()
    title_boxes: frozenset[HtmlElement] = frozenset()  # the title's ancestors, read before it is removed


def _extract(page: _Page, profile: SiteProfile | None, source: str | None) -> Cleaned:
    root, head = page.root, page.head
    published = published_from_head(root)
    strip_junk(root)
    order = document_order(root)
    guess = find_title(root, head)
    parts = _Parts(guess.text, guess.element, guess.sure, published=published)
    parts.title_boxes = frozenset(ancestors(guess.element)) if guess.element is not None else frozenset()
    parts.sapo, parts.sapo_element = find_sapo(root, parts.title_element, order)
    title_position = order.get(parts.title_element, -1) if parts.title_element is not None else -1
    parts.tags = head.tags or find_tags(root, order, after=title_position)
    parts.byline = find_byline(root, parts.title_boxes) or poster_below(parts.title_element)
    containers = _profile_body(root, profile, parts)
    generic = containers is None
    found: Container | None = None
    if containers is None:
        containers, found = _generic_body(root, order, parts)
    for element in (parts.title_element, parts.sapo_element):  # already read; the body must not repeat them
        if element is not None and element.tag not in ("body", "html") and element not in containers:
            remove(element)
    if _is_not_found(head, parts.title, containers):
        raise NotFoundPageError("a 'page not found' page, not an article")
    blocks = blocks_of(containers)
    known = Known(title=parts.title, sapo=parts.sapo, description=head.description, author=parts.byline or "")
    kept = select_paragraphs(blocks, known)
    if looks_like_listing(root, containers):
        raise ListingPageError("a listing page (home, section, tag or search results), not an article")
    body_blocks = [block for block in kept if block.text]
    body = "\n\n".join(block.text for block in body_blocks)
    opinion = Opinion()
    reasons = doubts(found, body_blocks) if generic else ()
    if reasons:  # unsure of the body: ask trafilatura, keep the better one (rule in second_opinion)
        theirs = [block for block in select_paragraphs(trafilatura_blocks(page.text, page.url), known) if block.text]
        their_body = "\n\n".join(block.text for block in theirs)
        taken = prefer_theirs(body, their_body, reasons)
        opinion = Opinion(reasons, asked=True, taken=taken)
        if taken:
            body_blocks, body = theirs, their_body
    if len(body) + len(parts.sapo) < MIN_ARTICLE_CHARS:
        raise CleaningError("no article text found in the page")
    author = parts.byline or head.author or _signature(body_blocks)
    published = parts.published
    if published is None:
        published = _visible_date(root, parts, containers, order) or published_from_url(page.url)
    article = Article(
        body=normalize_text(body),
        title=normalize_text(parts.title),
        sapo=normalize_text(parts.sapo),
        url=head.canonical or page.url,
        author=normalize_text(author) if author else None,
        published=published,
        site=profile.name if profile is not None else _host(head.canonical or page.url),
        category=normalize_text(head.section) if head.section else None,
        tags=tuple(normalize_text(tag) for tag in parts.tags),
        source=source,
    )
    return Cleaned(article, opinion)


def _profile_body(root: HtmlElement, profile: SiteProfile | None, parts: _Parts) -> list[HtmlElement] | None:
    """The body elements of the profile's matching layout version (None: generic path), taking the
    fields its selectors find; <meta>/JSON-LD dates outrank a date selector."""
    match = match_layout(root, profile, parts.published) if profile is not None else None
    if match is None:
        return None
    parts.title = match.fields.get("title") or parts.title
    parts.title_sure = parts.title_sure or "title" in match.fields
    parts.sapo = match.fields.get("sapo") or parts.sapo
    parts.byline = match.fields.get("author") or parts.byline
    parts.published = parts.published or match.fields.get("published")
    parts.tags = tuple(match.fields["tags"].split("\n")) if match.fields.get("tags") else parts.tags
    parts.title_element = match.elements.get("title", parts.title_element)
    parts.sapo_element = match.elements.get("sapo", parts.sapo_element)
    for element in (*match.removals, match.elements.get("published")):
        if element is not None:
            remove(element)
    if not match.bodies:
        return None
    containers = [body for body in match.bodies if body.getparent() is not None]
    for body in containers:
        _strip_inside(body)
    return containers


def _generic_body(
    root: HtmlElement, order: dict[HtmlElement, int], parts: _Parts
) -> tuple[list[HtmlElement], Container | None]:
    """Chrome out, then the container the prose votes for; a title or sapo without a telling name is
    looked for around it."""
    keep = frozenset(
        ancestor for element in (parts.title_element, parts.sapo_element) if element is not None
        for ancestor in (element, *ancestors(element))
    )  # fmt: skip
    for element in (parts.title_element if parts.title_sure else None, parts.sapo_element):
        if element is not None and element.tag not in ("body", "html"):
            remove(element)  # already read: neither may vote for a container nor repeat in the body
    texts: BlockTexts = {}
    strip_chrome(root, keep, texts)
    container = find_container(root, texts)
    containers = list(container.elements) if container is not None else []
    credit = credit_after(containers[-1]) if containers else None
    if credit is not None:
        containers.append(credit)
    if not parts.title_sure:
        near = title_near(containers, order)
        if near is not None:
            parts.title, parts.title_element = text_of(near), near
            parts.title_boxes = frozenset(ancestors(near))
    if not parts.sapo:
        lead = lead_between(parts.title_element, containers, order)
        if lead is not None:
            parts.sapo, parts.sapo_element = text_of(lead), lead
    return containers, container


def _host(url: str | None) -> str | None:
    host = url_host(url)
    return host.removeprefix("www.") if host else None


def _signature(blocks: list[Block]) -> str | None:
    """The closing line that signs the body; a writer's name above a closing source credit wins."""
    if len(blocks) < 2:
        return None
    candidates = [blocks[-1]]
    if len(blocks) > 2 and chrome.CREDIT_LINE.match(blocks[-1].text):
        candidates.insert(0, blocks[-2])
    for block in candidates:
        if looks_like_signature(block.text, block.emphasis_share, block.align):
            return clean_author(block.text) or None
    return None


def _is_not_found(head: HeadInfo, title: str, containers: list[HtmlElement]) -> bool:
    if not any(chrome.NOT_FOUND.search(text) for text in (title, head.title_tag, head.og_title) if text):
        return False  # the titles first: measuring the body costs more
    return sum(len(text_of(element)) for element in containers) <= 600


def _visible_date(
    root: HtmlElement, parts: _Parts, containers: list[HtmlElement], order: dict[HtmlElement, int]
) -> str | None:
    """The date line between the title and the first lines of the body (or just above the title).

    Never further: the banner's "today" sits above, comment, teaser and list dates below.
    """
    if not containers or containers[0] not in order:
        return None
    title, boxes = parts.title_element, parts.title_boxes - {root}  # the boxes holding the title are no banner
    body = order[containers[0]]
    start = order.get(title, body) if title is not None else body
    first, last = min(start, body) - DATE_LOOKBEHIND, body + DATE_LOOKAHEAD
    window = list(order)[max(first, 0) : last + 1]  # ``document_order``: positions 0, 1, ... as listed
    nearby = [
        element
        for element in window
        if element.getparent() is not None and element.tag not in ("html", "body", "head") and len(element) <= 6
    ]
    timed = [element for element in nearby if element.tag == "time" or element.get("itemprop")]
    moment = published_from_time_elements(element for element in timed if not _banner(element, boxes))
    if moment:
        return moment
    lines = []
    for element, text in zip(nearby, short_texts(nearby, MAX_DATE_LINE), strict=True):
        if text and parse_date_line(text) and not _banner(element, boxes):
            position = order[element]
            lines.append((0 if position >= start else 1, abs(position - start), text))
    lines.sort()
    return published_from_lines(text for _, _, text in lines)


def _banner(element: HtmlElement, boxes: frozenset[HtmlElement] = frozenset()) -> bool:
    for node in (element, *ancestors(element)):
        if node.tag in ("body", "html") or node in boxes:
            return False
        if has_tokens(node, chrome.BANNER_DATE_TOKENS) or in_chrome(node):
            return True
    return False


def _strip_inside(body: HtmlElement) -> None:
    """Chrome a CMS puts inside its own body element (related boxes, ads, share bars)."""
    parent = body.getparent()
    if parent is None:
        return
    index = parent.index(body)
    holder = etree.Element("div")
    moved(body)  # its boxes lose it for a while
    holder.append(body)
    strip_chrome(holder)
    parent.insert(index, body)
    moved(body)  # and get it back without what was removed inside it


# --- several pages of one site -------------------------------------------------------------------


def strip_repeated_lines(articles: Sequence[Article], min_pages: int = 3, share: float = 0.5) -> list[Article]:
    """Drop body lines that recur on many pages of one site: a site's chrome, not any article's text.

    Only short lines are considered (under 200 characters) and only when at least ``min_pages`` pages
    of the same site are given; a line is chrome when it appears on more than ``share`` of them.
    """
    by_site: dict[str | None, list[int]] = {}
    for index, article in enumerate(articles):
        by_site.setdefault(article.site, []).append(index)
    result = list(articles)
    for indices in by_site.values():
        if len(indices) < min_pages:
            continue
        counts: Counter[str] = Counter()
        for index in indices:
            counts.update({line for line in articles[index].body.split("\n\n") if len(line) < 200})
        repeated = {line for line, count in counts.items() if count > len(indices) * share}
        if not repeated:
            continue
        for index in indices:
            article = articles[index]
            lines = [line for line in article.body.split("\n\n") if line not in repeated]
            result[index] = replace(article, body="\n\n".join(lines))
    return result
