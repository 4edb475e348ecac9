from __future__ import annotations

import pytest

from pipeline.clean import clean_html
from pipeline.clean.dates import is_date_line, parse_date_line, parse_machine_date, published_from_url

BODY = (
    "<p>Năm 2022, Đảng bộ xã có 18 chi bộ với 412 đảng viên; 4 chi bộ hoàn thành xuất sắc nhiệm vụ, "
    "12 chi bộ hoàn thành tốt nhiệm vụ, 2 chi bộ hoàn thành nhiệm vụ, theo báo cáo của Đảng ủy xã.</p>"
) * 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ Sáu, 27/11/2026 07:31", "2026-11-27T07:31:00+07:00"),
        ("16/09/2019 17:50 (GMT+7)", "2019-09-16T17:50:00+07:00"),
        ("Thứ Hai, 16/09/2019 - 16:41", "2019-09-16T16:41:00+07:00"),
        ("07:30 | 21/03/2023", "2023-03-21T07:30:00+07:00"),
        ("Cập nhật lúc 08:15, Thứ Sáu, 15/01/2021", "2021-01-15T08:15:00+07:00"),
        ("(Ngày đăng: 18/01/2022 10:20:35 SA)", "2022-01-18T10:20:35+07:00"),
        ("Đăng lúc 2:05 CH ngày 3-4-2020", "2020-04-03T14:05:00+07:00"),
        ("Ngày 5 tháng 3 năm 2021", "2021-03-05"),
        ("12.5.2020", "2020-05-12"),
        ("Thứ Hai, 16/09/2019, 22h13", "2019-09-16T22:13:00+07:00"),
        ("Cập nhật thứ hai, ngày 24/12/12 11:05 tối", "2012-12-24T23:05:00+07:00"),  # two-digit year, evening
        ("30/11/12 04:00 chiều", "2012-11-30T16:00:00+07:00"),
        ("14/12/22", "2022-12-14"),
        ("31/02/2019", None),
        ("Lượt xem: 1.245", None),
        ("1/1/1980", None),
    ],
)
def test_visible_date_lines(line: str, expected: str | None) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-12-29T01:30:12+00:00", "2021-12-29T08:30:12+07:00"),
        ("2024-01-18T09:05:00.000Z", "2024-01-18T16:05:00+07:00"),
        ("2019-09-16T16:41:00+07:00", "2019-09-16T16:41:00+07:00"),
        ("2019-09-16 16:41", "2019-09-16T16:41:00+07:00"),
        ("2019-09-16", "2019-09-16"),
        ("16/09/2019 16:41", "2019-09-16T16:41:00+07:00"),
        ("2020-01-01T10:00:00+24:00", None),  # no place is a day ahead of UTC: not a moment
        ("2020-01-01T10:00:00-99:99", None),
        ("2020-01-01T25:00:00", None),
        ("soon", None),
    ],
)
def test_machine_dates_in_vietnam_time(value: str, expected: str | None) -> None:
    assert parse_machine_date(value) == expected


def test_url_dates() -> None:
    assert published_from_url("https://baodaklak.vn/tin/2021/03/05/x-1/") == "2021-03-05"
    assert published_from_url("https://baoquangbinh.vn/chinh-tri/201504/x-2124091/") is None  # no day: no date
    assert published_from_url(None) is None


def page(head: str = "", top: str = "", under_title: str = "", after: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'>{head}<title>Tin</title></head><body>"
        f"<div class='header'><span class='date-now'>{top}</span><a href='/'>Trang chủ</a></div>"
        f"<div class='main'><h1>Đảng bộ xã tổng kết công tác năm 2022</h1>{under_title}"
        f"<div class='content'>{BODY}</div>"
        f"{after}</div></body></html>"
    )


def test_banner_today_is_never_the_date() -> None:
    assert clean_html(page(top="Thứ Năm, 21/03/2024")).published is None


def test_comment_and_list_dates_are_never_the_date() -> None:
    after = (
        "<div class='comments'><b>Lan</b> <i>19:07 25/05/2017</i><p>Hay quá</p></div>"
        "<ul class='other-news'><li><a href='/a'>Tin khác một</a> (12/07/2025)</li></ul>"
    )
    assert clean_html(page(top="Thứ Năm, 21/03/2024", after=after)).published is None


def test_date_line_under_the_title() -> None:
    article = clean_html(
        page(top="Thứ Năm, 21/03/2024", under_title="<div class='time'>Thứ Hai, 09/01/2023 - 08:05</div>")
    )
    assert article.published == "2023-01-09T08:05:00+07:00"
    assert "09/01/2023" not in article.body


def test_meta_and_jsonld_outrank_the_visible_line() -> None:
    graph = '{"@graph":[{"@type":"NewsArticle","datePublished":"2023-01-08T23:00:00Z"}]}'
    head = f'<script type="application/ld+json">{graph}</script>'
    article = clean_html(page(head=head, under_title="<div class='time'>09/01/2023 08:05</div>"))
    assert article.published == "2023-01-09T06:00:00+07:00"
    meta = '<meta property="article:published_time" content="2023-01-09T08:05:00+07:00">'
    assert clean_html(page(head=meta)).published == "2023-01-09T08:05:00+07:00"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Xã hội | Cập nhật thứ hai, ngày 24/12/12 11:05 tối", True),
        ("Thứ Hai, 16/09/2019 - 16:41", True),
        ("Ngày 12/3/2023, Đảng ủy xã tổ chức hội nghị.", False),  # a sentence that mentions a date
        ("Lượt xem: 1.245", False),
    ],
)
def test_date_lines_are_told_from_sentences(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


def test_an_impossible_offset_leaves_the_date_to_the_next_source() -> None:
    head = (
        '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-01-09T08:05:00+24:00"}'
        '</script><meta property="article:published_time" content="2023-01-09T08:05:00+07:00">'
    )
    assert clean_html(page(head=head)).published == "2023-01-09T08:05:00+07:00"
