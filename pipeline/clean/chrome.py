"""Vocabulary of page chrome: what a reader of a Vietnamese news page does not read as the article.

Only data lives here (tag names, class/id words, Vietnamese labels, patterns); the code applying it
is ``pipeline.clean``. Keeping the two apart lets a new CMS be handled by adding words, not code.
Words are matched against the *tokens* of ``class``/``id``/``itemprop``/``role``/``type`` values,
split on ``-``, ``_``, spaces, dots and camelCase ("box-relate-top" -> box, relate, top).
"""

from __future__ import annotations

import re

# Elements whose content is never article text.
JUNK_TAGS: frozenset[str] = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "video",
        "audio", "source", "track", "map", "input", "button", "select", "option", "textarea",
        "nav", "aside", "footer", "menu", "dialog", "link", "meta", "base", "figcaption",
        # AMP components that never hold the article (their placeholders say "Đang tải quảng cáo")
        "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads", "amp-analytics", "amp-pixel", "amp-social-share",
        "amp-sidebar", "amp-consent", "amp-iframe", "amp-video", "amp-youtube", "amp-facebook-comments",
        "amp-facebook-like", "amp-call-tracking", "amp-user-notification", "amp-geo", "amp-install-serviceworker",
    }
)  # fmt: skip

# Form controls: a <label> naming one of these is part of a form (CMSes also use <label> for dates and names).
FORM_CONTROLS: frozenset[str] = frozenset({"input", "select", "textarea", "button"})

# Block-level elements: each one starts a new paragraph of the output.
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt", "fieldset",
        "figure", "figcaption", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
        "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "td", "th", "tr",
        "ul", "caption", "font-block",
    }
)  # fmt: skip

HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Class/id tokens of chrome, matched as whole tokens.
CHROME_TOKENS: frozenset[str] = frozenset(
    {
        # navigation and page frame
        "nav", "navbar", "navigation", "menu", "menubar", "submenu", "breadcrumb", "breadcrumbs", "crumb",
        "crumbs", "footer", "sidebar", "sidebox", "topbar", "toolbar", "masthead", "logo", "copyright",
        "pagination", "pager", "paging", "hotline", "search", "timkiem", "login", "dangnhap", "signup",
        # related, most read, other news
        "related", "relate", "relation", "lienquan", "tinlienquan", "other", "others", "tinkhac", "othernews",
        "morenews", "readmore", "mostview", "mostviewed", "mostread", "docnhieu", "xemnhieu", "popular",
        "trending", "newest", "latest", "tinmoi", "recommend", "recommended", "suggest", "suggestion",
        "cungchuyenmuc", "samecategory", "samecat", "hot", "hotnews", "highlight", "focus", "tieudiem",
        "event", "events", "sukien", "topic", "topics", "timeline", "teaser", "teasers",
        # sharing, tags, tools
        "share", "sharing", "sharebox", "social", "sns", "facebook", "fb", "zalo", "twitter", "like",
        "likes", "tag", "tags", "tagged", "keyword", "keywords", "tukhoa", "print", "email", "mail",
        "tool", "tools", "fontsize", "font", "zoom", "rating", "vote", "poll", "bookmark", "follow",
        # comments
        "comment", "comments", "cmt", "binhluan", "ykien", "ykienbandoc", "reply", "replies", "disqus",
        "feedback", "gopy",
        # advertising, popups, widgets
        "ad", "ads", "adv", "advert", "advertise", "advertisement", "advertising", "adsbygoogle", "banner",
        "banners", "quangcao", "qc", "sponsor", "sponsored", "popup", "modal", "overlay", "cookie",
        "cookies", "newsletter", "subscribe", "weather", "thoitiet", "widget", "gallery", "slider",
        "carousel", "player", "audio", "video", "podcast", "epaper", "download",
        # pictures
        "caption", "captions", "figcaption", "imgcaption", "photocaption", "chuthich", "credit",
    }
)  # fmt: skip

# Pairs of adjacent tokens that name chrome only together ("tin-lien-quan", "doc-nhieu").
CHROME_TOKEN_PAIRS: frozenset[tuple[str, str]] = frozenset(
    {
        ("lien", "quan"), ("doc", "nhieu"), ("xem", "nhieu"), ("binh", "luan"), ("y", "kien"),
        ("tin", "khac"), ("tin", "moi"), ("cung", "chuyen"), ("chuyen", "muc"), ("tu", "khoa"),
        ("thoi", "tiet"), ("quang", "cao"), ("chia", "se"), ("most", "view"), ("most", "read"),
        ("read", "more"), ("see", "more"), ("view", "more"), ("xem", "them"), ("doc", "them"),
        ("other", "news"), ("more", "news"), ("tim", "kiem"), ("chu", "thich"), ("top", "bar"),
        ("font", "size"), ("ban", "in"), ("in", "bai"), ("gui", "bai"),
    }
)  # fmt: skip

# Substrings that mark chrome even inside longer tokens ("sharedaddy", "fbcomments", "listComment").
CHROME_SUBSTRINGS: tuple[str, ...] = (
    "comment", "share", "social", "related", "breadcrumb", "sidebar", "footer", "banner", "popup", "weather",
    "advert", "quangcao", "binhluan", "lienquan", "docnhieu", "xemnhieu", "tinkhac", "newsletter", "cookie",
    "mostview", "mostread", "caption", "thoitiet", "tukhoa",
)  # fmt: skip

# Class/id tokens of the article itself (a chrome word next to one of these is weighed, not obeyed).
CONTENT_TOKENS: frozenset[str] = frozenset(
    {
        "article", "articles", "content", "contents", "detail", "details", "chitiet", "body", "entry", "post",
        "news", "story", "text", "main", "noidung", "baiviet", "tintuc", "fulltext", "maincontent", "newsdetail",
        "detailcontent", "singlepage", "single", "hentry", "cms", "page", "blog", "reading", "journal",
    }
)  # fmt: skip

# Tokens of the sapo (lead paragraph) element.
SAPO_TOKENS: frozenset[str] = frozenset(
    {
        "sapo", "lead", "leadin", "summary", "desc", "description", "intro", "introduction", "excerpt",
        "chapeau", "tomtat", "abstract", "standfirst", "teaser", "init", "headline2", "subtitle", "alead",
        "short", "trich", "trichdan",
    }
)  # fmt: skip

# Tokens of the title element.
TITLE_TOKENS: frozenset[str] = frozenset(
    {"title", "tieude", "headline"}
)  # fmt: skip

# Tokens of bylines.
AUTHOR_TOKENS: frozenset[str] = frozenset(
    {"author", "authors", "tacgia", "byline", "writer", "reporter", "nguoiviet", "butdanh", "signature", "sign"}
)  # fmt: skip

# Tokens of elements that hold the page's *current* date (a banner), never the article's.
BANNER_DATE_TOKENS: frozenset[str] = frozenset(
    {"today", "now", "datenow", "currentdate", "homnay", "clock", "header", "topbar", "masthead", "weather"}
)  # fmt: skip

# Tokens of elements that hold the article's date line.
DATE_TOKENS: frozenset[str] = frozenset(
    {
        "date", "time", "datetime", "publish", "published", "publishdate", "pubdate", "posted", "postdate",
        "ngay", "ngaydang", "thoigian", "meta", "info", "dateline", "created", "updated",
    }
)  # fmt: skip

# Headings of chrome boxes, compared after case folding and dropping trailing punctuation/counts.
CHROME_LABELS: frozenset[str] = frozenset(
    {
        "liên quan", "tin liên quan", "bài liên quan", "bài viết liên quan", "tin bài liên quan", "tin tức liên quan",
        "tin cùng chuyên mục", "cùng chuyên mục", "bài cùng chuyên mục", "tin khác", "các tin khác",
        "tin bài khác", "bài viết khác", "các bài viết khác", "tin đã đưa", "các tin đã đưa", "đọc nhiều",
        "đọc nhiều nhất", "xem nhiều", "xem nhiều nhất", "tin đọc nhiều", "tin xem nhiều", "tin mới",
        "tin mới nhất", "mới nhất", "tin nổi bật", "nổi bật", "tiêu điểm", "tin tiêu điểm", "có thể bạn quan tâm",
        "bạn có thể quan tâm", "đừng bỏ lỡ", "xem thêm", "đọc thêm", "bình luận", "các bình luận",
        "ý kiến bạn đọc", "ý kiến của bạn", "gửi ý kiến", "gửi ý kiến của bạn", "gửi bình luận", "viết bình luận",
        "ý kiến", "chia sẻ", "chia sẻ bài viết", "chia sẻ thông tin với bạn bè", "chia sẻ thông tin với bạn bè!",
        "từ khóa", "từ khoá", "tags", "tag", "thẻ", "chủ đề", "thời tiết", "quảng cáo", "liên kết website",
        "liên kết", "video", "ảnh", "multimedia", "sự kiện", "dòng sự kiện", "tin ảnh", "thông báo", "lịch",
        "theo dòng sự kiện", "bài đọc nhiều", "tin cùng sự kiện", "tin nóng", "góc nhìn", "infographic",
        "podcast", "emagazine", "e-magazine", "địa phương", "tìm kiếm", "tin trong ngày", "tin 24h",
        "bạn đọc", "thăm dò ý kiến", "tin vắn", "tin tức khác", "xem tiếp",
    }
)  # fmt: skip

# Short texts that are chrome wherever they stand alone as a whole block.
CHROME_LINES: frozenset[str] = frozenset(
    {
        "tắt [x]", "[x]", "x", "đóng", "đóng lại", "trở về", "quay lại", "về đầu trang", "lên đầu trang",
        "in bài viết", "in bài", "bản in", "gửi email", "gửi bài viết", "lưu bài viết", "lưu", "a-", "a+",
        "a- a+", "cỡ chữ", "trả lời", "thích", "báo cáo vi phạm", "gửi", "gửi bình luận", "0 bình luận",
        "facebook", "zalo", "twitter", "sao chép liên kết", "copy link", "quảng cáo", "advertisement",
        "theo dõi", "nghe bài viết", "nghe", "đọc bài", "tải ứng dụng", "đăng nhập", "đăng ký",
    }
)  # fmt: skip

# Prefixes of in-body link boxes ("Xem thêm: <a>...</a>"); such a block is dropped when mostly links.
LINK_BOX_PREFIXES: tuple[str, ...] = (
    "xem thêm", "đọc thêm", "tin liên quan", "bài liên quan", "tin cùng chuyên mục", "mời xem", "mời đọc",
    "xem tiếp", "có thể bạn quan tâm", ">>", "»", "→", "video:", "clip:",
)  # fmt: skip

# Unrendered template placeholders: {name}, {{ body }}, ${time}, {%...%}, [[title]].
TEMPLATE_PLACEHOLDER = re.compile(r"\{\{?\s*[#/]?[A-Za-z_][\w.]*\s*\}\}?|\$\{\w+\}|\{%[^%]*%\}|\[\[\w+\]\]")

# Comment counters and widgets' boilerplate sentences ("12 bình luận", "Ý kiến của bạn sẽ được biên tập").
CHROME_LINE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"^\(?\d+\)?\s*(bình luận|ý kiến|lượt xem|lượt thích|chia sẻ|comments?)$", re.IGNORECASE),
    re.compile(r"^(thích|like)\s*\(?\d+\)?$", re.IGNORECASE),
    re.compile(r"ý kiến của bạn sẽ được", re.IGNORECASE),
    re.compile(r"vui lòng (gõ|nhập|viết) tiếng việt có dấu", re.IGNORECASE),
    re.compile(r"^(lượt xem|lượt đọc|views?)\s*:?\s*\d+$", re.IGNORECASE),
    # a source box's tools ("Link bài gốc Lấy link!", "Copy link") and the bare address it shows
    re.compile(r"^(link bài gốc|link gốc|nguồn bài viết|xem bài gốc)\b.{0,40}$", re.IGNORECASE),
    re.compile(r"^(lấy|copy|sao chép) link!?$", re.IGNORECASE),
    re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE),
    re.compile(r"^(bản quyền (thuộc|của|©)|copyright\b|©|\(c\) \d)", re.IGNORECASE),  # a footer's copyright line
    re.compile(r"^(đang tải|loading)\b.{0,30}$", re.IGNORECASE),  # a veil shown until the page's script runs
)

# Image credits and captions: a short block with these words right after a picture is its caption.
CAPTION_CREDIT = re.compile(r"(^|[\s(.])(ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh|photo|video)\s*:", re.IGNORECASE)

# Titles and headings of "page not found" pages.
NOT_FOUND = re.compile(
    r"\b404\b|không tìm thấy|không tồn tại|đã bị xóa|đã bị xoá|page not found|not found|lỗi truy cập|trang bạn tìm",
    re.IGNORECASE,
)

# Separators between an article title and the site name in <title>.
TITLE_SEPARATORS: tuple[str, ...] = (" | ", " - ", " – ", " — ", " :: ", " » ")

# Attributes whose values are read as tokens.
TOKEN_ATTRIBUTES: tuple[str, ...] = ("class", "id", "itemprop", "role", "type", "data-role", "data-type")

# Words of a publisher's name, not a writer's: a declared author holding one names the site or its owner.
PUBLISHER_WORDS: frozenset[str] = frozenset(
    {
        "online", "corp", "corporation", "jsc", "group", "media", "news", "newspaper", "magazine", "press",
        "digital", "network", "company", "admin", "administrator", "webmaster", "editor", "editors",
        "tạp chí", "tòa soạn", "toà soạn", "ban biên tập", "btv", "bbt",
    }
)  # fmt: skip
PUBLISHER_PREFIXES: tuple[str, ...] = (
    "báo ", "tạp chí ", "tòa soạn", "toà soạn", "ban biên tập", "công ty", "cổng thông tin", "trang thông tin",
    "đài phát thanh", "đài truyền hình", "nhà xuất bản",
)  # fmt: skip
DOMAIN_NAME = re.compile(r"\b[\w-]+\.(vn|com|net|org|info|gov|edu|asia|tv)\b", re.IGNORECASE)

# Who posted an article and when, as forums and blogs print it above the text ("bắt đầu bởi", "Đăng bởi").
POSTED_BY = re.compile(
    r"\b(bắt đầu|đăng|viết|gửi|chia sẻ|posted|started|written)\s+(bởi|by)\b|\bthảo luận trong\b", re.IGNORECASE
)

# A source credit line ("Theo K14", "Nguồn: Báo Thanh Hóa", "Theo TTXVN/Reuters").
CREDIT_LINE = re.compile(r"^(theo|nguồn)\s*:?\s+\S", re.IGNORECASE)
# The poster's name in such a line.
POSTER = re.compile(
    r"\b(bắt đầu|đăng|viết|gửi|posted|started|written)\s+(bởi|by)\s+(?P<name>[^,;|\n]{2,40}?)\s*(,|;|\||lúc|vào|$)",
    re.IGNORECASE,
)

# The imprint of a site's footer: owner, licence, editor in chief, address, copyright.
FOOTER_TEXT = re.compile(
    r"©|®|\bcopyright\b|all rights reserved|bản quyền thuộc|ghi rõ nguồn|giấy phép (số|hoạt động)|/GP-|\bGP-\s?\w"
    r"|cơ quan chủ quản|chịu trách nhiệm (nội dung|xuất bản|chính)|tổng biên tập\s*:|tòa soạn\s*:|toà soạn\s*:"
    r"|trụ sở\s*:|\b(tel|fax|hotline|điện thoại|email)\s*:",
    re.IGNORECASE,
)
# Pieces one of which, in lower case, every match of FOOTER_TEXT holds: looking for them in the lowered
# text (C string search) spares the pattern on most paragraphs. Exact, as the pattern's letters match
# ignoring case only what lowers to them, or one of FOLD_EXCEPTIONS (tests/clean/test_chrome.py checks).
FOOTER_PIECES: tuple[str, ...] = (
    "©", "®", "copyright", "all rights reserved", "bản quyền thuộc", "ghi rõ nguồn", "giấy phép ", "gp-",
    "cơ quan chủ quản", "chịu trách nhiệm ", "tổng biên tập", "tòa soạn", "toà soạn", "trụ sở", "tel", "fax",
    "hotline", "điện thoại", "email",
)  # fmt: skip
FOLD_EXCEPTIONS = re.compile("[\u0130\u0131\u017f]")  # İ lowers to two letters; ı and ſ match i and s
