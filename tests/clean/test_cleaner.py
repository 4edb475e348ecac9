"""The cleaner's contract: fields of the Article, bad inputs, listing and 'not found' pages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.clean import (
    CleaningError,
    ListingPageError,
    NotFoundPageError,
    clean_html,
    is_listing_page,
    strip_repeated_lines,
)
from pipeline.models import Article, InputError
from scrapers.sites import builtin_profiles
from tests.legacy_encodings import cp1258
from tests.paths import FIXTURES

LAYOUTS = FIXTURES / "layouts"
KINDS = FIXTURES / "kinds"

ARTICLE = """<html><head><meta charset="utf-8"><title>{title} - Báo Thử</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/xdd">Xây dựng Đảng</a> <a href="/kt">Kinh tế</a></div>
<h1>{title}</h1>
<div class="content">{paragraphs}</div>
<div class="comments"><div>{{name}} - {{time}}</div><div>{{body}}</div><a>Trả lời</a></div>
</body></html>"""
PARAGRAPH = (
    "<p>Năm 2022, Đảng bộ xã có 18 chi bộ với 412 đảng viên; 4 chi bộ hoàn thành xuất sắc nhiệm vụ, "
    "12 chi bộ hoàn thành tốt nhiệm vụ, 2 chi bộ hoàn thành nhiệm vụ, theo báo cáo của Đảng ủy xã.</p>"
)


def page(title: str = "Đảng bộ xã tổng kết năm 2022", paragraphs: int = 3) -> str:
    return ARTICLE.format(title=title, paragraphs=PARAGRAPH * paragraphs)


def test_article_of_a_page_has_title_body_and_no_templates() -> None:
    article = clean_html(page(), url="https://www.example.vn/a-1.html", source="a.html")
    assert isinstance(article, Article)
    assert article.title == "Đảng bộ xã tổng kết năm 2022"
    assert article.body.count("18 chi bộ") == 3
    assert article.body.count("\n\n") == 2  # paragraphs separated by blank lines
    assert "{name}" not in article.text and "Trả lời" not in article.text and "Trang chủ" not in article.text
    assert article.site == "example.vn" and article.url == "https://www.example.vn/a-1.html"
    assert article.source == "a.html"


def test_fields_of_a_wordpress_page() -> None:
    article = clean_html((LAYOUTS / "wordpress" / "thcs-nguyentrai-2021-dangvien.html").read_bytes())
    assert article.title == "Chi bộ Trường THCS Nguyễn Trãi tổng kết công tác xây dựng Đảng năm 2021"
    assert article.author == "Lan Phương"
    assert article.published == "2021-12-29T08:30:12+07:00"  # UTC in <meta>, Vietnam time out
    assert (
        article.url
        == "https://thcsnguyentrai.example.edu.vn/2021/12/29/chi-bo-tong-ket-cong-tac-xay-dung-dang-nam-2021/"
    )
    assert article.tags == ("tổng kết", "xây dựng Đảng")
    assert article.category == "Chi bộ"
    assert "Phạm Thị Hoa" not in article.text  # reader comments are chrome, however long
    assert "Đảng viên chi bộ biểu quyết" not in article.text  # picture caption


def test_sapo_marked_up_apart_is_kept_apart() -> None:
    article = clean_html((LAYOUTS / "comments_widget" / "namp0-2022-chibo.html").read_bytes())
    assert article.sapo.startswith("Những năm gần đây, các chi bộ thôn, bản")
    assert article.sapo not in article.body
    assert article.text.index(article.sapo) < article.text.index("Ở xã Nậm Pồ")
    assert "{{" not in article.text and "Lò Văn Tiến" not in article.text


def test_statistics_table_rows_are_lines_of_cells() -> None:
    article = clean_html((LAYOUTS / "old_table" / "sonlam-2020-tccsd.html").read_bytes())
    assert "Hoàn thành xuất sắc nhiệm vụ | 9 | 17,3" in article.body.splitlines()
    assert "Mức xếp loại | Số tổ chức cơ sở đảng | Tỷ lệ (%)" in article.body.splitlines()
    assert article.published == "2021-01-15T08:15:00+07:00"  # the date line, not the banner's "Hôm nay"


def test_output_is_nfc_even_from_combining_marks() -> None:
    decomposed = unicodedata.normalize("NFD", page())
    article = clean_html(decomposed.encode("utf-8"))
    assert unicodedata.is_normalized("NFC", article.text)
    assert "18 chi bộ" in article.body


def test_http_charset_is_honoured() -> None:
    html = page().replace('<meta charset="utf-8">', "")
    data = cp1258(html)
    article = clean_html(data, headers={"Content-Type": "text/html; charset=windows-1258"})
    assert "hoàn thành xuất sắc nhiệm vụ" in article.body


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 500, "binary"),
        (b"<html><head><title>x</title><style>" + b"p{color:red}" * 2000, "no article text"),
        (b"<html><body><p>Ng\xc3\xa0y mai.</p></body></html>", "no article text"),
        ("<html><body>" + "<div>" * 5000 + "<p>Sâu</p>" + "</div>" * 5000 + "</body></html>", "no article text"),
        (b"just some words, not a page", "no article text"),
    ],
)
def test_bad_inputs_get_a_reason(data: bytes | str, reason: str) -> None:
    with pytest.raises(CleaningError, match=reason) as caught:
        clean_html(data)
    assert isinstance(caught.value, InputError)  # the CLI reports it per input and goes on


def test_stray_nul_bytes_do_not_lose_the_page() -> None:
    """A few NULs from a broken CMS are dropped like other control characters; a file of them is binary."""
    clean = page(paragraphs=4)
    stray = clean.replace("<p>", "<p>\x00", 3).encode("utf-8")
    assert clean_html(stray).body == clean_html(clean).body
    with pytest.raises(CleaningError, match="binary"):
        clean_html(clean.replace("<p>", "<p>" + "\x00" * 40).encode("utf-8"))


def test_truncated_page_keeps_what_arrived() -> None:
    html = page(paragraphs=4)
    cut = html[: html.index("</div>", html.index('class="content"')) - 100]
    article = clean_html(cut.encode("utf-8")[:-1])  # cut inside a UTF-8 sequence too
    assert article.body.count("18 chi bộ") >= 3


def test_article_under_thousands_of_wrappers_is_found() -> None:
    html = page().replace('<div class="content">', "<div>" * 3000 + '<div class="content">')
    html = html.replace('</div>\n<div class="comments">', "</div>" * 3001 + '\n<div class="comments">')
    assert clean_html(html).body.count("18 chi bộ") == 3


def test_huge_page_is_refused_with_its_size() -> None:
    filler = "<p>" + "x" * 1000 + "</p>"
    html = page().replace("</body>", filler * 9000 + "</body>")
    with pytest.raises(CleaningError, match=r"too large: \d+\.\d MB"):
        clean_html(html.encode("utf-8"))


def test_huge_page_of_inline_images_is_read() -> None:
    picture = '<img src="data:image/png;base64,' + "QUJD" * 600_000 + '">'
    html = page().replace("<h1>", picture * 4 + "<h1>")
    assert clean_html(html.encode("utf-8")).body.count("18 chi bộ") == 3


@pytest.mark.parametrize("name", ["category", "home", "search"])
def test_listing_pages_are_recognised(name: str) -> None:
    data = (KINDS / f"{name}.html").read_bytes()
    with pytest.raises(ListingPageError, match="listing page"):
        clean_html(data)
    assert is_listing_page(data)


def test_not_found_page() -> None:
    data = (KINDS / "not_found.html").read_bytes()
    with pytest.raises(NotFoundPageError, match="not found"):
        clean_html(data)
    assert not is_listing_page(data)


@pytest.mark.parametrize("path", sorted(LAYOUTS.glob("*/*.html")), ids=lambda path: path.stem)
def test_articles_are_not_listings(path: Path) -> None:
    assert not is_listing_page(path.read_bytes())


def test_site_profile_can_be_switched_off() -> None:
    data = (FIXTURES / "sites" / "baobacgiang" / "articlecontent-2021.html").read_bytes()
    url = "https://baobacgiang.vn/bg/xay-dung-dang/371901/x.html"
    with_profile = clean_html(data, url=url, profiles=builtin_profiles())
    generic = clean_html(data, url=url)
    assert with_profile.site == "baobacgiang" and generic.site == "baobacgiang.vn"
    assert with_profile.sapo.startswith("(BGĐT) - Chiều 28/12/2021")  # p.alead of the 2019 layout
    assert with_profile.text.split() == generic.text.split()


def test_repeated_lines_across_pages_of_a_site_are_chrome() -> None:
    def article(body: str) -> Article:
        return Article(body=body, title="t", site="example.vn")

    pages = [article(f"Đoạn riêng số {n} của bài.\n\nBáo Thử - Cơ quan của Đảng bộ tỉnh") for n in range(4)]
    pages.append(Article(body="Báo Thử - Cơ quan của Đảng bộ tỉnh", title="t", site="other.vn"))
    cleaned = strip_repeated_lines(pages)
    assert [page.body for page in cleaned[:4]] == [f"Đoạn riêng số {n} của bài." for n in range(4)]
    assert cleaned[4].body == "Báo Thử - Cơ quan của Đảng bộ tỉnh"  # one page of a site proves nothing
    assert strip_repeated_lines(pages[:2]) == pages[:2]


def test_captions_in_unnamed_picture_boxes() -> None:
    html = page().replace(
        '<div class="content">',
        '<div class="content"><div class="x1"><img src="a.jpg"><div class="x2">Quang cảnh hội nghị tổng kết</div></div>'
        '<table class="x3"><tr><td><img src="b.jpg"></td></tr><tr><td>Đảng viên mới tuyên thệ</td></tr></table>',
    )
    article = clean_html(html)
    assert "Quang cảnh" not in article.text and "tuyên thệ" not in article.text
    assert article.body.count("18 chi bộ") == 3


# ---- hostile and broken inputs: a correct result or a clear reason, never an exception ---------------

ONE_BODY = "<div class='content'>" + PARAGRAPH * 3 + "</div>"


def head_page(head: str, body: str = ONE_BODY, title: str = "Đảng bộ xã tổng kết năm 2022") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body><h1>{title}</h1>{body}</body></html>"


def test_control_characters_are_dropped_not_fatal() -> None:
    body = "<div><span class='ad'>Quảng cáo</span>chữ\x01 tiếp\x08 theo</div>" + ONE_BODY
    article = clean_html(head_page("<title>Tiêu\x02 đề</title>", body, title="Đảng bộ\x1f xã tổng kết"))
    assert article.title == "Đảng bộ xã tổng kết"  # lxml refuses such characters in text it is handed back
    assert article.body.count("18 chi bộ") == 3 and "\x01" not in article.text


@pytest.mark.parametrize("invisible", ["\x01", "\x7f", "\ufffe", "\uffff"])
def test_control_characters_in_utf8_bytes_are_dropped(invisible: str) -> None:
    html = head_page("", title=f"Đảng bộ{invisible} xã tổng kết")
    article = clean_html(html.encode("utf-8"))
    assert article.title == "Đảng bộ xã tổng kết" and invisible not in article.text


def test_unpaired_surrogates_in_text_input() -> None:
    article = clean_html(head_page("", title="Đảng bộ xã \ud800 tổng kết"))
    assert "\ufffd" in article.title and article.body.count("18 chi bộ") == 3


@pytest.mark.parametrize("href", ["http://[::1", "http://[::1]:80x/a", "https://", "javascript:void(0)"])
def test_a_canonical_that_does_not_parse_is_no_canonical(href: str) -> None:
    article = clean_html(head_page(f'<link rel="canonical" href="{href}">'), url="https://baothu.example.vn/a-1.html")
    assert article.url == "https://baothu.example.vn/a-1.html" and article.site == "baothu.example.vn"


@pytest.mark.parametrize(
    "script",
    [
        "[" * 100_000 + "]" * 100_000,  # deeper than the JSON parser goes (RecursionError)
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        '{"@type":"BreadcrumbList","itemListElement":[[{"name":"Thời sự"}],[{"item":{"name":"Xây dựng"}}],3,null]}',
        '{"@type":{"x":1},"headline":{"a":1},"author":[[["x"]],{"name":5}],"@graph":7,"datePublished":[2020]}',
        '{"@graph":{"@type":"NewsArticle","headline":["x"],"author":[[{"@type":"Person","name":"Lan Anh"}]]}}',
        "not json at all {",
    ],
    ids=["deep-arrays", "deep-objects", "nested-breadcrumb", "wrong-types", "graph-object", "broken"],
)
def test_jsonld_of_any_shape(script: str) -> None:
    article = clean_html(head_page(f'<script type="application/ld+json">{script}</script>'))
    assert article.title == "Đảng bộ xã tổng kết năm 2022" and article.body.count("18 chi bộ") == 3


def test_jsonld_breadcrumb_items_in_their_own_arrays_give_the_section() -> None:
    script = (
        '{"@type":"BreadcrumbList","itemListElement":[[{"position":1,"name":"Trang chủ"}],'
        '[{"position":2,"item":{"name":"Xây dựng Đảng"}}],[{"position":3,"name":"Đảng bộ xã tổng kết năm 2022"}]]}'
    )
    assert clean_html(head_page(f'<script type="application/ld+json">{script}</script>')).category == "Xây dựng Đảng"


def test_a_megabyte_title_is_cut_to_a_title() -> None:
    article = clean_html(head_page("<title>" + "Tiêu đề rất dài " * 70_000 + "</title>", title=""))
    assert 0 < len(article.title) <= 401 and article.body.count("18 chi bộ") == 3


def test_a_megabyte_heading_is_text_not_a_title() -> None:
    article = clean_html(head_page("<title>Đảng bộ xã tổng kết năm 2022</title>", title="Chữ " * 250_000))
    assert article.title == "Đảng bộ xã tổng kết năm 2022"


# ---- metadata from the right place -------------------------------------------------------------------


def test_the_publisher_is_no_author_and_co_authors_are_not_counted() -> None:
    heads = [
        '<meta name="author" content="VCCorp.vn">',
        '<meta name="author" content="Báo Thử điện tử">',
        '<meta name="author" content="Công ty Cổ phần Truyền thông Thử">',
        '<meta property="og:site_name" content="Báo Thử"><meta name="author" content="BaoThu">',
    ]
    for head in heads:
        assert clean_html(head_page(head), url="https://baothu.example.vn/a.html").author is None, head
    byline = "<div class='author'>Lan Anh và 2 tác giả khác</div>" + ONE_BODY
    assert clean_html(head_page("", byline)).author == "Lan Anh"


def test_the_declared_title_loses_the_site_name() -> None:
    head = '<meta property="og:title" content="Chi bộ thôn Đông tổng kết năm 2022 - BaoThu">'
    article = clean_html(head_page(head, title=""), url="https://baothu.example.vn/a.html")
    assert article.title == "Chi bộ thôn Đông tổng kết năm 2022"


def test_a_sidebar_heading_is_no_section() -> None:
    box = "<div class='box-category'><h3>Xem nhiều nhất</h3><a href='/a'>Giá lúa tăng</a></div>"
    assert clean_html(head_page("", ONE_BODY + box)).category is None


def test_a_placeholder_in_the_bodys_own_text_drops_only_its_line() -> None:
    """A source box rendered by script leaves "Theo {SourceName}" in the body's own text: the box of
    short paragraphs around it is the article, not a template."""
    paragraphs = "".join(
        f"<p>Chi bộ thôn {n} có 12 đảng viên, năm 2023 có {n} đảng viên hoàn thành xuất sắc nhiệm vụ.</p>"
        for n in range(1, 7)
    )
    html = head_page("", f"<div class='knc-content'>{paragraphs}Theo {{SourceName}} <a href='#'>Lấy link!</a></div>")
    article = clean_html(html)
    assert article.body.count("đảng viên hoàn thành xuất sắc") == 6 and "{" not in article.text
