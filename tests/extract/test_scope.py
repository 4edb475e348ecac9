"""The scope of rating records: which party body (or administrative unit) the figures are about.

Texts, units and figures are made up for these tests.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_text


def scopes(text: str, url: str | None = None) -> list[str | None]:
    return [record.scope for record in extract_text(text, url=url).records]


def test_a_bare_committee_on_a_district_portal_is_that_district_never_a_malformed_party_body() -> None:
    text = "Huyện ủy cho biết năm 2022 có 45 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
    assert scopes(text, "https://yenlac.vinhphuc.gov.vn/tin/a.html") == ["Đảng bộ huyện Yên Lạc"]


def test_a_chi_bo_is_the_scope_of_its_own_members_not_the_ward_above_it() -> None:
    text = (
        "Thực hiện chỉ đạo của Đảng ủy phường Đông Hòa, Chi bộ trường Tiểu học Sao Mai tổ chức hội nghị. "
        "Phó Bí thư Đảng ủy phường Đông Hòa dự.\n\n"
        "Chi bộ hiện có 14 đảng viên. Năm 2023, có 3 đảng viên hoàn thành xuất sắc nhiệm vụ."
    )
    assert scopes(text) == ["Chi bộ trường Tiểu học Sao Mai"]


def test_the_party_body_of_a_provincial_office_with_the_province_of_the_site() -> None:
    text = "Đảng ủy Sở Tài chính tỉnh tổng kết năm 2022.\n\nNăm 2022, Đảng bộ có 95% đảng viên hoàn thành tốt nhiệm vụ."
    (record,) = extract_text(text, url="https://baophuyen.vn/a.html").records
    assert (record.scope, record.province) == ("Đảng bộ Sở Tài chính tỉnh Phú Yên", "Phú Yên")


def test_a_bloc_committee_of_a_district_and_its_short_form() -> None:
    text = (
        "Đảng ủy cơ quan Đảng - Đoàn thể huyện Yên Lạc tổng kết. "
        "Năm 2022, Đảng ủy cơ quan Đảng - Đoàn thể huyện có 8/9 chi bộ hoàn thành tốt nhiệm vụ."
    )
    assert scopes(text, "https://baovinhphuc.com.vn/a.html") == ["Đảng bộ cơ quan Đảng - Đoàn thể huyện Yên Lạc"]


def test_an_unnamed_commune_body_is_the_one_named_just_before_it() -> None:
    text = (
        "* Đảng bộ xã Tân Tiến tổ chức đại hội. Năm 2019, Đảng bộ xã có 7 chi bộ trong sạch vững mạnh.\n\n"
        "* Đảng bộ xã Yên Phương tổ chức đại hội. Năm 2019, Đảng bộ xã có 9 chi bộ trong sạch vững mạnh."
    )
    assert scopes(text) == ["Đảng bộ xã Tân Tiến", "Đảng bộ xã Yên Phương"]


def test_only_a_body_an_earlier_sentence_opens_with_carries_over() -> None:
    text = (
        "Năm 2021, Đảng ủy Khối Doanh nghiệp tỉnh kết nạp 120 đảng viên, đạt chỉ tiêu Tỉnh ủy giao. "
        "Qua đánh giá, 92% đảng viên hoàn thành tốt nhiệm vụ."
    )
    assert scopes(text, "https://baophuyen.vn/a.html") == ["Đảng bộ Khối Doanh nghiệp tỉnh Phú Yên"]


def test_a_source_opening_the_sentence_is_its_topic() -> None:
    text = (
        "Đảng ủy Khối các cơ quan tỉnh tổng kết.\n\n"
        "* Theo Thị ủy Bình Minh, toàn Đảng bộ thị xã kết nạp 300 đảng viên. "
        "Hàng năm, trên 90% đảng viên hoàn thành tốt nhiệm vụ."
    )
    assert scopes(text, "https://baovinhlong.com.vn/a.html") == ["Đảng bộ thị xã Bình Minh"]


def test_the_site_says_the_province_when_the_text_names_no_body() -> None:
    text = "Theo Ban Thường vụ Tỉnh ủy, 5 năm qua có 1.200 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
    assert scopes(text, "https://baovinhlong.com.vn/a.html") == ["Đảng bộ tỉnh Vĩnh Long"]


def test_the_url_slug_of_the_headline_says_the_district() -> None:
    url = "https://tphcm.dangcongsan.vn/tin-tuc/quan-binh-thanh-tong-ket-cong-tac-dang-123.html"
    text = "Quận ủy cho biết năm 2022 có 40/42 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên."
    assert scopes(text, url) == ["Đảng bộ quận Bình Thạnh"]


def test_a_headline_opening_with_a_district_names_the_scope() -> None:
    text = "Yên Lạc: 90% đảng viên hoàn thành tốt nhiệm vụ\n\nNăm 2022, toàn Đảng bộ có 90% đảng viên hoàn thành tốt."
    assert scopes(text, "https://baovinhphuc.com.vn/a.html") == ["Đảng bộ huyện Yên Lạc"]


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        (
            "Năm 2022, UBND tỉnh công nhận 12 cơ quan, đơn vị hoàn thành xuất sắc nhiệm vụ.",
            "https://baophuyen.vn/a.html",
            "tỉnh Phú Yên",
        ),
        (
            "Năm 2022, Sở Nội vụ cho biết có 1.250 cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ.",
            "https://baophuyen.vn/a.html",
            "tỉnh Phú Yên",
        ),
        (
            "Năm 2022, UBND thành phố Buôn Ma Thuột đánh giá 25 cơ quan, đơn vị hoàn thành tốt nhiệm vụ.",
            "https://baodaklak.vn/a.html",
            "thành phố Buôn Ma Thuột",
        ),
    ],
)
def test_a_state_bodys_ratings_are_scoped_to_the_administrative_unit(text: str, url: str, expected: str) -> None:
    assert scopes(text, url) == [expected]


def test_a_place_followed_by_a_title_cased_verb_is_no_city() -> None:
    text = "Đảng ủy Khối các cơ quan thành phố Biểu dương 12 tổ chức; năm 2022 có 95% đảng viên hoàn thành tốt."
    (record,) = extract_text(text, url="https://baodanang.vn/a.html").records
    assert record.scope == "Đảng bộ Khối các cơ quan thành phố Đà Nẵng"


def test_the_body_of_the_headline_is_what_the_article_is_about() -> None:
    text = (
        "Huyện ủy Yên Lạc tổng kết công tác xây dựng Đảng\n\n"
        "Đảng ủy xã Tân Tiến được biểu dương. Đảng ủy xã Tân Tiến có nhiều mô hình hay.\n\n"
        "Năm 2022, toàn Đảng bộ có 95% đảng viên hoàn thành tốt nhiệm vụ."
    )
    assert scopes(text) == ["Đảng bộ huyện Yên Lạc"]


def test_a_ward_formed_in_2025_belongs_to_its_province_with_no_district() -> None:
    text = "Năm 2025, Đảng ủy phường Hội An Tây có 20/22 chi bộ hoàn thành tốt nhiệm vụ."
    (record,) = extract_text(text, url="https://baodanang.vn/a.html").records
    assert (record.scope, record.province, record.district) == ("Đảng bộ phường Hội An Tây", "Đà Nẵng", None)


@pytest.mark.parametrize(
    "text",
    [
        "Huyện Kim Sơn tổng kết.\n\nNăm 2020, 95% đảng viên của Đảng bộ xã Tân Lập hoàn thành tốt nhiệm vụ.",
        "Huyện Kim Sơn tổng kết.\n\nNăm 2020, 12 chi bộ trực thuộc Đảng bộ xã Tân Lập đạt trong sạch vững mạnh.",
    ],
)
def test_the_body_the_rated_ones_belong_to_inside_the_statement(text: str) -> None:
    assert scopes(text, "https://baoninhbinh.org.vn/a.html") == ["Đảng bộ xã Tân Lập"]


def test_a_commune_portal_says_its_commune() -> None:
    text = "Năm 2022, Đảng ủy xã có 95% đảng viên hoàn thành tốt nhiệm vụ."
    assert scopes(text, "https://vinhchanh.thoaison.angiang.gov.vn/tin/a.html") == ["Đảng bộ xã Vĩnh Chánh"]
    # a school's site under a district is no commune portal
    assert scopes("Năm 2022, có 95% đảng viên hoàn thành tốt nhiệm vụ.", "https://thso1.donghy.edu.vn/a.html") == [
        "Đảng bộ huyện Đồng Hỷ"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2022, Đảng bộ TP.Thanh Hóa có 95% đảng viên hoàn thành tốt nhiệm vụ.", "Đảng bộ thành phố Thanh Hóa"),
        ("Năm 2022, Đảng bộ TX Sơn Tây có 95% đảng viên hoàn thành tốt nhiệm vụ.", "Đảng bộ thị xã Sơn Tây"),
        ("Năm 2022, Đảng bộ H.Kim Sơn có 95% đảng viên hoàn thành tốt nhiệm vụ.", "Đảng bộ huyện Kim Sơn"),
        ("Năm 2022, TP.Vinh có 95% đảng viên hoàn thành tốt nhiệm vụ.", "Đảng bộ thành phố Vinh"),
        ("Năm 2022, Quận ủy Q.3 cho biết có 95% đảng viên hoàn thành tốt nhiệm vụ.", "Đảng bộ quận 3"),
    ],
)
def test_abbreviated_unit_words(text: str, expected: str) -> None:
    assert scopes(text, "https://baothanhhoa.vn/a.html") == [expected]
