"""Discovery: which article URLs a newspaper offers now, from its feeds, sitemaps and category pages.

The parsers are pure functions of bytes; ``discover`` walks a site through a ``fetch_listing``
callable (which fetches politely, archives and answers None when there is nothing new: a 304, a
failure, robots). Everything is yielded as it is found, so a sitemap of 50 000 URLs never sits in a list.
"""

from __future__ import annotations

import email.utils
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from urllib.parse import parse_qsl, urlsplit

from lxml import etree
from lxml import html as lxml_html

from scrapers.content import BodyError, gunzip
from scrapers.state import Found
from scrapers.urls import SiteScope
from scrapers.vocabulary import (
    ARTICLE_QUERY_KEYS,
    LISTING_CHROME_TAGS,
    NEXT_PAGE_CLASSES,
    NEXT_PAGE_TEXTS,
    NOT_ARTICLE_PATH_PARTS,
    NOT_ARTICLE_SUFFIXES,
    PAGE_NUMBER_PATTERNS,
)

log = logging.getLogger(__name__)

FetchListing = Callable[[str, int | None], bytes | None]
KnownFilter = Callable[[Iterable[str]], set[str]]
MAX_SITEMAPS = 1000  # sitemap files followed per site and run (an index of indexes cannot run away)
MAX_URL_CHARS = 4096  # a sitemap <loc> longer than this is no URL (the protocol says under 2048)
_ENTITY_DEPTH = 4  # internal entities inside entities, expanded at most this deep
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D+(\d{1,2}):(\d{2}))?")
_PAGE_NUMBER = tuple(re.compile(pattern, re.IGNORECASE) for pattern in PAGE_NUMBER_PATTERNS)


@dataclass(frozen=True, slots=True)
class Entry:
    """One URL a feed or sitemap lists, with its date when given."""

    url: str
    when: datetime | None = None


@dataclass(frozen=True, slots=True)
class ListingPage:
    """What a category page links to: article candidates and the next page of the listing."""

    articles: tuple[str, ...]
    next_page: str | None


# ---- parsing ----------------------------------------------------------------------------------------
def parse_date(text: str | None) -> datetime | None:
    """ISO 8601 (sitemaps, Atom), RFC 822 (RSS) or day/month/year (some Vietnamese feeds), in UTC."""
    if not text or not text.strip():
        return None
    text = text.strip()
    found: datetime | None = None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            found = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            match = _DMY.match(text)
            if match:
                day, month, year, hour, minute = match.groups()
                try:
                    found = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
                except ValueError:
                    found = None
    if found is None:
        return None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def parse_feed(data: bytes) -> Iterator[Entry]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed (namespaces ignored, broken XML recovered)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return
    if root is None:
        return
    for element in root.iter():
        name = _local(element.tag)
        if name == "item":
            link = _child_text(element, "link")
            if not link:
                guid = next((c for c in element if _local(c.tag) == "guid"), None)
                if guid is not None and guid.text and guid.get("isPermaLink", "true") != "false":
                    link = guid.text.strip()
            if link:
                yield Entry(link, parse_date(_child_text(element, "pubdate", "date", "updated", "published")))
        elif name == "entry":
            links = [c for c in element if _local(c.tag) == "link" and c.get("href")]
            chosen = next((c for c in links if c.get("rel", "alternate") == "alternate"), None)
            if chosen is not None:
                yield Entry(str(chosen.get("href")).strip(), parse_date(_child_text(element, "updated", "published")))


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    when: datetime | None
    is_index: bool


def parse_sitemap(data: bytes) -> Iterator[SitemapEntry]:
    """Entries of a sitemap or sitemap index (news sitemaps too), read as a stream; gzip is unpacked
    by the caller. ``is_index`` marks a child sitemap. A DTD is never loaded and entities are not
    resolved by the parser (no external entities, no billion laughs); a ``<loc>`` spelled with the
    document's own text entities (``&site;/bai-1.html``) is read by expanding them here, bounded."""
    context = etree.iterparse(
        BytesIO(data), events=("end",), recover=True, resolve_entities=False, no_network=True, load_dtd=False
    )
    entities: dict[str, str] | None = None
    try:
        for _event, element in context:
            name = _local(element.tag)
            if name not in ("url", "sitemap"):
                continue
            if entities is None:
                entities = _internal_entities(element)
            loc = _entity_text(element, "loc", entities)
            when = _entity_text(element, "lastmod", entities)
            if when is None:
                news = next((c for c in element if _local(c.tag) == "news"), None)
                when = _child_text(news, "publication_date") if news is not None else None
            if loc:
                yield SitemapEntry(loc, parse_date(when), name == "sitemap")
            element.clear()
    except etree.XMLSyntaxError as error:
        log.warning("sitemap: unreadable XML (%s)", error)


def _internal_entities(element: etree._Element) -> dict[str, str]:
    """The text entities the document's internal DTD declares (external ones are left out)."""
    dtd = element.getroottree().docinfo.internalDTD
    if dtd is None:
        return {}
    return {str(e.name): str(e.content) for e in dtd.iterentities() if e.content is not None and not e.system_url}


def _entity_text(element: etree._Element, name: str, entities: dict[str, str]) -> str | None:
    """The text of the first child ``name``, entity references expanded (None when empty or too long)."""
    for child in element:
        if _local(child.tag) != name:
            continue
        parts = [child.text or ""]
        for part in child:
            if part.tag is etree.Entity:
                parts.append(_expand(str(part.name), entities, _ENTITY_DEPTH))
            parts.append(part.tail or "")
        text = "".join(parts).strip()
        return text if text and len(text) <= MAX_URL_CHARS else None
    return None


_REFERENCE = re.compile(r"&([A-Za-z_][\w.-]*);")


def _expand(name: str, entities: dict[str, str], depth: int) -> str:
    """An entity's text, its own references expanded ``depth`` deep; at most ``MAX_URL_CHARS`` + 1
    characters and a thousand references are ever produced, so a billion laughs costs nothing."""
    out: list[str] = []
    budget = {"chars": MAX_URL_CHARS + 1, "references": 1000}

    def walk(value: str, depth: int) -> None:
        position = 0
        for match in _REFERENCE.finditer(value):
            emit(value[position : match.start()])
            budget["references"] -= 1
            inner = entities.get(match.group(1))
            if budget["chars"] <= 0 or budget["references"] <= 0:
                return
            if inner is not None and depth > 0:
                walk(inner, depth - 1)
            position = match.end()
        emit(value[position:])

    def emit(text: str) -> None:
        if budget["chars"] > 0:
            out.append(text[: budget["chars"]])
            budget["chars"] -= len(text)

    if name in entities:
        walk(entities[name], depth - 1)
    return "".join(out)


def looks_like_article(url: str, pattern: str | None = None) -> bool:
    """Whether a link of a listing page leads to an article (a site's own ``article_pattern`` wins)."""
    if pattern:
        return re.search(pattern, url) is not None
    parts = urlsplit(url)
    path = parts.path.lower()
    if path in ("", "/") or any(part in path for part in NOT_ARTICLE_PATH_PARTS) or path.endswith(NOT_ARTICLE_SUFFIXES):
        return False
    if any(key.lower() in ARTICLE_QUERY_KEYS and value.isdigit() for key, value in parse_qsl(parts.query)):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0]
    return re.search(r"\d{4,}", stem) is not None or stem.count("-") >= 3


def page_number(url: str) -> int:
    for pattern in _PAGE_NUMBER:
        match = pattern.search(url)
        if match:
            return int(match.group(1))
    return 1


def parse_listing(data: bytes, page_url: str, scope: SiteScope, pattern: str | None = None) -> ListingPage:
    """Article links and the next page of a category page (navigation, header and footer left out)."""
    try:
        root = lxml_html.fromstring(data)
    except (etree.ParserError, ValueError):
        return ListingPage((), None)
    next_page = _next_page(root, page_url, scope)
    for element in list(root.iter(*LISTING_CHROME_TAGS)):
        element.drop_tree()
    here = urlsplit(page_url).path
    articles: dict[str, None] = {}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        url = scope.canonical(href, page_url) if href else None
        if not url or url == next_page or not scope.owns(url) or urlsplit(url).path == here:
            continue
        if looks_like_article(url, pattern):
            articles.setdefault(url)
    return ListingPage(tuple(articles), next_page)


def _next_page(root: lxml_html.HtmlElement, page_url: str, scope: SiteScope) -> str | None:
    candidates: list[str] = []
    for element in root.iter("link", "a"):
        href = element.get("href")
        if not href:
            continue
        rel = (element.get("rel") or "").lower().split()
        classes = (element.get("class") or "").lower().split()
        text = " ".join(element.text_content().split()).lower() if element.tag == "a" else ""
        if "next" in rel or any(c in NEXT_PAGE_CLASSES for c in classes) or (text and text in NEXT_PAGE_TEXTS):
            candidates.append(href)
    wanted = str(page_number(page_url) + 1)
    candidates.extend(
        str(a.get("href")) for a in root.iter("a") if a.get("href") and " ".join(a.text_content().split()) == wanted
    )
    for href in candidates:
        url = scope.canonical(href, page_url)
        if url and url != scope.canonical(page_url) and scope.owns(url) and page_number(url) > page_number(page_url):
            return url
    return None


# ---- walking a site ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DiscoveryPlan:
    """Where to look on one site, and how far back."""

    scope: SiteScope
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    categories: tuple[str, ...]
    since: date | None = None
    max_listing_pages: int = 20
    sitemap_bytes: int = 50_000_000
    article_pattern: str | None = None


def plan_for(
    scope: SiteScope,
    robots_sitemaps: tuple[str, ...],
    *,
    since: date | None,
    max_listing_pages: int,
    sitemap_bytes: int,
) -> DiscoveryPlan:
    """The plan of a profile: its feeds, its sitemaps and robots.txt's, its categories (the home page
    when the profile names nothing at all)."""
    profile = scope.profile
    sitemaps = tuple(dict.fromkeys((*profile.sitemaps, *robots_sitemaps)))
    categories = profile.categories or (() if profile.feeds or sitemaps else (profile.base_url,))
    pattern = profile.article_pattern
    return DiscoveryPlan(
        scope=scope,
        feeds=profile.feeds,
        sitemaps=sitemaps,
        categories=categories,
        since=since,
        max_listing_pages=max_listing_pages,
        sitemap_bytes=sitemap_bytes,
        article_pattern=str(pattern) if pattern else None,
    )


def discover(plan: DiscoveryPlan, fetch_listing: FetchListing, known: KnownFilter) -> Iterator[Found]:
    """Article URLs of one site, canonical, on the site, dated no earlier than ``plan.since``. Feeds,
    sitemaps (robots.txt's ``Sitemap:`` lines included) and categories off the site are never fetched."""
    listings = {plan.scope.canonical(url) for url in (*plan.feeds, *plan.sitemaps, *plan.categories)}
    for feed in _on_site(plan, plan.feeds):
        data = fetch_listing(feed, None)
        if data is not None:
            yield from _keep(plan, (Entry(e.url, e.when) for e in parse_feed(data)), listings)
    yield from _walk_sitemaps(plan, fetch_listing, listings)
    for category in _on_site(plan, plan.categories):
        yield from _walk_category(plan, category, fetch_listing, known, listings)


def _on_site(plan: DiscoveryPlan, urls: Iterable[str]) -> list[str]:
    """The canonical forms of ``urls`` that are on the site; the others are logged and left out."""
    kept = []
    for url in urls:
        absolute = plan.scope.canonical(url)
        if absolute is not None and plan.scope.owns(absolute):
            kept.append(absolute)
        else:
            log.warning("%s: %s is not on the site; not fetched", plan.scope.profile.name, url)
    return kept


def _keep(plan: DiscoveryPlan, entries: Iterable[Entry], listings: set[str | None]) -> Iterator[Found]:
    for entry in entries:
        if plan.since is not None and entry.when is not None and entry.when.date() < plan.since:
            continue
        url = plan.scope.canonical(entry.url)
        if url and url not in listings and plan.scope.owns(url):
            yield Found(url, entry.when)


def _walk_sitemaps(plan: DiscoveryPlan, fetch_listing: FetchListing, listings: set[str | None]) -> Iterator[Found]:
    queue = _on_site(plan, plan.sitemaps)
    visited: set[str] = set()
    while queue and len(visited) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        data = fetch_listing(url, plan.sitemap_bytes)
        if data is None:
            continue
        if data[:2] == b"\x1f\x8b":
            try:
                data = gunzip(data, plan.sitemap_bytes)
            except BodyError as error:
                log.warning("%s: %s", url, error)
                continue
        children: list[str] = []
        yield from _keep(plan, _split_index(plan, parse_sitemap(data), children), listings)
        queue.extend(children)


def _split_index(plan: DiscoveryPlan, entries: Iterable[SitemapEntry], children: list[str]) -> Iterator[Entry]:
    """Pages of a sitemap, passing on; child sitemaps of an index (dated no earlier than since) go to ``children``."""
    for entry in entries:
        if not entry.is_index:
            yield Entry(entry.url, entry.when)
        elif plan.since is None or entry.when is None or entry.when.date() >= plan.since:
            child = plan.scope.canonical(entry.url)
            if child and plan.scope.owns(child):
                children.append(child)


def _walk_category(
    plan: DiscoveryPlan, start: str, fetch_listing: FetchListing, known: KnownFilter, listings: set[str | None]
) -> Iterator[Found]:
    """Follow a category's pagination until a page brings no URL we did not know (or the depth limit)."""
    page_url: str | None = start
    seen_pages: set[str] = set()
    seen_links: set[str] = set()
    while page_url and page_url not in seen_pages and len(seen_pages) < plan.max_listing_pages:
        seen_pages.add(page_url)
        data = fetch_listing(page_url, None)
        if data is None:
            return
        listing = parse_listing(data, page_url, plan.scope, plan.article_pattern)
        links = [url for url in listing.articles if url not in listings and url not in seen_links]
        already = known(links)
        new = [url for url in links if url not in already]
        seen_links.update(links)
        yield from (Found(url) for url in new)
        if not new:
            return
        page_url = listing.next_page
