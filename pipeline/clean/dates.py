"""Publication date of an article page, in Vietnam time (ISO 8601, ``+07:00``).

Sources, most trusted first: JSON-LD ``datePublished``, ``<meta>`` tags, ``<time datetime>`` near the
article, the visible date line ("Thứ Sáu, 27/11/2026 07:31", "16/09/2019 17:50 (GMT+7)", "ngày 5 tháng 3
năm 2021"), then a full date in the URL (``/2019/09/16/``). Never the banner's "today": a page header shows the
day it was *served*, which would date every archived article to the crawl. So a visible date counts only
in a short line near the title or the body and outside header, comment and list boxes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone

from lxml.etree import _Element

from pipeline.clean.dom import meta_contents
from pipeline.clean.jsonld import is_article, jsonld_items

VIETNAM = timezone(timedelta(hours=7))
FIRST_YEAR = 1995  # Vietnamese newspapers went online in the late 1990s

_META_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
    "publish_date", "published_time", "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.created",
    "sailthru.date", "parsely-pub-date", "date", "created", "article.published", "itemdatepublished",
)  # fmt: skip
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
)
_DMY = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})(?![\d/])")
_DMY_SHORT = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{2})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>(?:19|20)\d{2})", re.IGNORECASE)
_TIME = re.compile(
    r"(?<![\d:])(?P<H>[01]?\d|2[0-3])\s*[:hg]\s*(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\d:])\s*(?P<p>AM|PM|SA|CH|sáng|trưa|chiều|tối)?(?!\w)",
    re.I,
)
_AFTERNOON = frozenset({"PM", "CH", "CHIỀU", "TỐI"})
_MORNING = frozenset({"AM", "SA", "SÁNG"})
_DATE_LINE_CUES = re.compile(
    r"cập nhật|đăng lúc|đăng ngày|ngày đăng|thứ (hai|ba|tư|năm|sáu|bảy)|chủ nhật|\bgmt\b|\|", re.IGNORECASE
)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-]?(?P<m>0[1-9]|1[0-2])(?:[/-]?(?P<d>0[1-9]|[12]\d|3[01]))?/")
_UPDATED = re.compile(r"cập nhật|updated|sửa", re.IGNORECASE)
MAX_DATE_LINE = 120  # characters: a longer block is a sentence that merely mentions a date


def iso(day: date, clock: time | None) -> str:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS+07:00``."""
    if clock is None:
        return day.isoformat()
    return datetime.combine(day, clock, tzinfo=VIETNAM).isoformat()


def parse_machine_date(value: str) -> str | None:
    """A date written for machines (meta tags, JSON-LD, ``datetime``) in Vietnam time."""
    value = value.strip()
    match = _ISO.search(value)
    if match:
        day = _date(match["y"], match["m"], match["d"])
        if day is None:
            return None
        if match["H"] is None:
            return day.isoformat()
        try:
            clock = time(int(match["H"]), int(match["M"]), int(match["S"] or 0))
            moment = datetime.combine(day, clock, tzinfo=_zone(match["tz"]) or VIETNAM).astimezone(VIETNAM)
        except (ValueError, OverflowError):
            return None  # not a moment: "25:00", or a UTC offset of a day or more
        return moment.replace(microsecond=0).isoformat()
    return parse_date_line(value)


def parse_date_line(text: str) -> str | None:
    """A date line as Vietnamese pages print it: day first, time before or after, in Vietnam time."""
    match = _DMY.search(text) or _WORDS.search(text)
    if match is None:
        iso_match = _ISO.search(text)
        if iso_match:
            return parse_machine_date(iso_match.group(0))
        match = _DMY_SHORT.search(text)  # "24/12/12": a two-digit year, in a date line only
        if match is None:
            return None
    day = _date(_full_year(match["y"]), match["m"], match["d"])
    if day is None:
        return None
    rest = text[: match.start()] + " " + text[match.end() :]
    clock_match = _TIME.search(rest)
    clock = None
    if clock_match:
        hour = int(clock_match["H"])
        marker = (clock_match["p"] or "").upper()
        if marker in _AFTERNOON and hour < 12:
            hour += 12
        elif marker in _MORNING and hour == 12:
            hour = 0
        clock = time(hour, int(clock_match["M"]), int(clock_match["S"] or 0))
    return iso(day, clock)


def is_date_line(text: str) -> bool:
    """A CMS's date line ("Thứ Hai, 16/09/2019 - 16:41", "Xã hội | Cập nhật ngày 24/12/12 11:05 tối"):
    short, holding a date with a clock time, a weekday or an update label, and not a sentence."""
    text = text.strip()
    if len(text) > MAX_DATE_LINE or text.endswith((".", "!", "?", "…")) or parse_date_line(text) is None:
        return False
    return bool(_TIME.search(text) or _DATE_LINE_CUES.search(text))


def _full_year(year: str) -> str:
    if len(year) != 2:
        return year
    century = 2000 if 2000 + int(year) <= datetime.now(VIETNAM).year + 1 else 1900
    return str(century + int(year))


def _date(year: str, month: str, day: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not FIRST_YEAR <= value.year <= datetime.now(VIETNAM).year + 1:
        return None
    return value


def _zone(text: str | None) -> timezone | None:
    """The UTC offset written (None when none is); raises ``ValueError`` for one of 24 h or more."""
    if not text:
        return None
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def published_from_head(root: _Element) -> str | None:
    """Date from JSON-LD or ``<meta>``: call before scripts are stripped from the tree."""
    for value in _jsonld_dates(root):
        parsed = parse_machine_date(value)
        if parsed:
            return parsed
    metas: dict[str, str] = {}
    for name, content in meta_contents(root):
        if name not in metas:
            metas[name] = content
    for name in _META_NAMES:
        if name in metas:
            parsed = parse_machine_date(metas[name])
            if parsed:
                return parsed
    return None


def _jsonld_dates(root: _Element) -> Iterator[str]:
    for item in jsonld_items(root):
        value = item.get("datePublished") or item.get("dateCreated")
        if is_article(item) and isinstance(value, str):
            yield value


def published_from_time_elements(elements: Iterable[_Element]) -> str | None:
    """``<time datetime>`` or ``itemprop=datePublished`` among the article's own elements."""
    for element in elements:
        if element.tag == "time" or (element.get("itemprop") or "").lower() in ("datepublished", "datecreated"):
            value = element.get("datetime") or element.get("content") or " ".join(element.itertext())
            parsed = parse_machine_date(value) if value else None
            if parsed:
                return parsed
    return None


def published_from_lines(lines: Iterable[str]) -> str | None:
    """The first short line that is a date line ("Thứ Hai, 16/09/2019 - 16:41"); update lines come last."""
    updated = None
    for line in lines:
        if len(line) > MAX_DATE_LINE:
            continue
        parsed = parse_date_line(line)
        if parsed is None:
            continue
        if _UPDATED.search(line):
            updated = updated or parsed
            continue
        return parsed
    return updated


def published_from_url(url: str | None) -> str | None:
    """``/2019/09/16/`` or ``/20190916/`` in the path; a month alone (``/201909/``) dates no article."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    if not match or not match["d"]:
        return None
    day = _date(match["y"], match["m"], match["d"])
    return day.isoformat() if day else None
