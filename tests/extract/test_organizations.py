"""Organizations named in texts written for this test."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_text


def names(text: str, url: str | None = None) -> list[str]:
    return list(extract_text(text, url=url).organizations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sáng 3-2, Huyện ủy Như Xuân tổ chức hội nghị.", ["Huyện ủy Như Xuân"]),
        ("Đảng bộ xã Xuân Lập có 12 chi bộ.", ["Đảng bộ xã Xuân Lập"]),
        ("Ban Thường vụ (BTV) Thành ủy Sầm Sơn đã họp.", ["Ban Thường vụ Thành ủy Sầm Sơn"]),
        ("Theo Ban Tổ chức Trung ương và Bộ Chính trị, ...", ["Ban Tổ chức Trung ương", "Bộ Chính trị"]),
        ("Các TCCSĐ, MTTQ và các đoàn thể quán triệt.", ["Mặt trận Tổ quốc"]),
        (
            "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh (Đảng ủy Khối) họp.",
            ["Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh"],
        ),
        ("Chi bộ 3, phường Ba Đình tổng kết.", ["Chi bộ 3, phường Ba Đình"]),
        ("Bí thư Huyện ủy Thọ Xuân Nguyễn Văn An phát biểu.", ["Huyện ủy Thọ Xuân"]),
        ("Phó Chủ tịch UBND tỉnh Lê Văn Bình dự.", []),
        ("các đảng bộ, chi bộ trực thuộc đều đạt yêu cầu.", []),
        ("Ban Chấp hành Đảng bộ huyện họp phiên thường kỳ.", []),
    ],
)
def test_bodies_by_head_noun(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_same_body_spelled_two_ways_is_listed_once() -> None:
    text = "Đảng ủy Khối Dân - Chính - Đảng TP HCM họp. Lãnh đạo Đảng ủy Khối Dân-Chính-Đảng TP HCM phát biểu."
    assert names(text) == ["Đảng ủy Khối Dân - Chính - Đảng TP HCM"]


def test_scope_of_a_khoi_body_gets_the_province_of_the_site() -> None:
    text = "Đảng ủy Khối các cơ quan tỉnh cho biết năm 2021 có 95% đảng viên hoàn thành tốt nhiệm vụ."
    (record,) = extract_text(text, url="https://baothanhhoa.vn/a.htm").records
    assert record.scope == "Đảng bộ Khối các cơ quan tỉnh Thanh Hóa"
    assert (record.province, record.district) == ("Thanh Hóa", None)


def test_gazetteer_knows_units_before_and_after_the_2025_reform() -> None:
    from pipeline.extract.gazetteer import gazetteer

    places = gazetteer()
    assert places.province("Hà Giang") == "Hà Giang"  # one of the 63 provinces before the reform
    assert places.district_units("Đông Sơn", "Thanh Hóa")  # a district dissolved in 2024
    assert any(unit.district is None for unit in places.commune_units("Hàm Thuận Bắc"))  # a commune after 2025
