"""Words and patterns the crawler recognizes, kept apart from the code that applies them."""

from __future__ import annotations

# Query parameters that only track a visit: dropped when a URL is canonicalized.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "zarsrc", "zarsi", "_ga",
     "gidzl", "ref", "refsrc", "cmpid", "share", "from_share", "amp"}
)  # fmt: skip
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "itm_", "pk_", "mtm_", "ga_")

# Link texts and classes of "next page" in a category listing (Vietnamese CMSes and generic ones).
NEXT_PAGE_TEXTS: tuple[str, ...] = ("trang sau", "trang tiếp", "tiếp theo", "tiếp", "sau", "next", "»", "›", ">", ">>")
NEXT_PAGE_CLASSES: tuple[str, ...] = ("next", "page-next", "pagination-next", "btn-next")

# Parts of a page that hold navigation, never the list of articles.
LISTING_CHROME_TAGS: tuple[str, ...] = ("nav", "header", "footer", "aside", "script", "style", "noscript", "form")

# Paths that are never articles: sections, tags, search, media, feeds, accounts.
NOT_ARTICLE_PATH_PARTS: tuple[str, ...] = (
    "/tag/", "/tags/", "/tim-kiem", "/search", "/login", "/dang-nhap", "/dang-ky", "/rss", "/feed",
    "/video/", "/media/", "/podcast", "/lien-he", "/contact", "/gioi-thieu", "/about", "/author/", "/tac-gia/",
)  # fmt: skip
NOT_ARTICLE_SUFFIXES: tuple[str, ...] = (
    ".xml", ".rss", ".gz", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".pdf", ".doc", ".docx", ".xls",
    ".xlsx", ".zip", ".rar", ".mp3", ".mp4", ".css", ".js", ".ico",
)  # fmt: skip

# Content types a page of an article may come as; anything else is recorded as not_html.
HTML_CONTENT_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")

# Query parameters that carry an article id on CMSes with "news.aspx?id=123" style addresses.
ARTICLE_QUERY_KEYS: tuple[str, ...] = ("id", "newsid", "news_id", "articleid", "article_id", "aid", "nid", "itemid")

# Where a category page keeps its page number: ?page=3, ?p=3, /trang-3, /page/3, /p3.
PAGE_NUMBER_PATTERNS: tuple[str, ...] = (
    r"[?&](?:page|trang|p|pg)=(\d+)",
    r"/(?:trang|page)[-/](\d+)",
    r"/p(\d+)(?:\.html?)?$",
)
