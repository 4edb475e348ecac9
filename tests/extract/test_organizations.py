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
        ("Phó Chủ tịch UBND tỉnh Lê Văn Bình dự.", ["UBND tỉnh"]),  # a council with its level, in a title
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place name is confirmed against the gazetteer: a Title-Cased verb after "thành phố" is no city
        ("Đảng ủy Khối các cơ quan thành phố Khen thưởng 8 tập thể.", ["Đảng ủy Khối các cơ quan thành phố"]),
        # a person after a committee: the name stops where the known place does (or at once)
        (
            "Bí thư Quận ủy Đàm Văn Hùng phát biểu. Bí thư Huyện ủy Kim Sơn Bế Văn Lâm dự.",
            ["Quận ủy", "Huyện ủy Kim Sơn"],
        ),
        # members of a committee are people, not bodies
        ("Đồng chí Lò Văn Tú, Tỉnh ủy viên, phát biểu; Đảng ủy viên Hà Văn Nam dự.", []),
        # a party body of another body: one name, the inner body not listed apart
        ("Chi bộ Ban Dân vận Tỉnh ủy Lào Cai tổng kết.", ["Chi bộ Ban Dân vận Tỉnh ủy Lào Cai"]),
        # state bodies with a title-case descriptor and their unit
        (
            "Sở Nội vụ tỉnh phối hợp với Phòng Tư pháp huyện Yên Lạc và Cục Thống kê.",
            ["Sở Nội vụ tỉnh", "Phòng Tư pháp huyện Yên Lạc", "Cục Thống kê"],
        ),
        # schools and hospitals are bodies; a school's head may be written in lower case inside a chi bộ's name
        (
            "Chi bộ trường Tiểu học số 2 Hòa Bình làm việc với Bệnh viện Đa khoa tỉnh.",
            ["Chi bộ trường Tiểu học số 2 Hòa Bình", "Bệnh viện Đa khoa tỉnh"],
        ),
        # lower-case words inside a name, joined by dashes
        ("Vừa qua, chi bộ Kế hoạch tài chính - Tổng hợp đã họp.", ["chi bộ Kế hoạch tài chính - Tổng hợp"]),
        # a department's chi bộ, then the university it belongs to
        (
            "Chi bộ Khoa Kinh tế, Trường Đại học Tây Bắc kết nạp đảng viên.",
            ["Chi bộ Khoa Kinh tế, Trường Đại học Tây Bắc"],
        ),
        # army, border guard and police units
        (
            "Đồn Biên phòng Cửa khẩu Lao Bảo và Bộ Chỉ huy Quân sự tỉnh phối hợp với Công an huyện Hướng Hóa.",
            ["Đồn Biên phòng Cửa khẩu Lao Bảo", "Bộ Chỉ huy Quân sự tỉnh", "Công an huyện Hướng Hóa"],
        ),
        # councils only with their level; the bare conjuncts of a list are not names
        (
            "HĐND, UBND xã Phú Mỹ và Chủ tịch Hội đồng nhân dân phường 7 dự.",
            ["UBND xã Phú Mỹ", "Hội đồng nhân dân phường 7"],
        ),
        # a letterhead in capitals: the agency ends with its known place
        (
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO BẮC NINH - TRƯỜNG THPT HÀN THUYÊN\nTin tức",
            ["SỞ GIÁO DỤC VÀ ĐÀO TẠO BẮC NINH", "TRƯỜNG THPT HÀN THUYÊN"],
        ),
        # a model or title in quotes is not a body; "Hội nghị" is a meeting
        (
            "Phong trào “Chi bộ bốn tốt” được phát động tại Hội nghị của Hội Nông dân xã Đông Hưng.",
            ["Hội Nông dân xã Đông Hưng"],
        ),
        # a number that counts the noun after it names nothing
        ("Các chi bộ trực thuộc Đảng ủy 3 xã vùng cao đều đạt.", []),
    ],
)
def test_names_read_by_their_grammar(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_abbreviations_are_spelled_out_only_where_the_text_defines_them() -> None:
    text = "Ban Chấp hành (BCH) Đảng bộ xã Tân Lập họp. BCH Đảng bộ xã Tân Lập thống nhất."
    assert names(text) == ["Ban Chấp hành Đảng bộ xã Tân Lập"]
    assert names("Theo Nghị quyết của BCH Trung ương, các cấp ủy quán triệt.") == ["BCH Trung ương"]
    # the head word repeated inside the parentheses, or the abbreviation first and its words after it
    assert names("Bộ Chỉ huy Quân sự (Bộ CHQS) tỉnh tổng kết. Bộ CHQS tỉnh triển khai.") == ["Bộ Chỉ huy Quân sự tỉnh"]
    assert names("Lực lượng BĐBP (Bộ đội Biên phòng) tỉnh; Đảng ủy BĐBP tỉnh họp.") == [
        "Đảng ủy Bộ đội Biên phòng tỉnh"
    ]


def test_a_shorter_form_of_a_listed_name_is_the_same_body() -> None:
    text = "Huyện ủy Yên Lạc họp. Huyện ủy đã chỉ đạo. Đảng ủy Khối Doanh nghiệp tỉnh họp. Đảng ủy Khối kết luận."
    assert names(text) == ["Huyện ủy Yên Lạc", "Đảng ủy Khối Doanh nghiệp tỉnh"]


def test_a_body_written_two_ways_is_listed_as_written_where_it_stands_alone() -> None:
    assert names("Bí thư Huyện ủy Yên Lạc dự. Huyện uỷ Yên Lạc đã kết luận.") == ["Huyện uỷ Yên Lạc"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a unit the gazetteer lacks: two capitalized syllables after a unit word still name it
        ("Trung tâm Chính trị huyện Vạn Lộc mở lớp bồi dưỡng.", ["Trung tâm Chính trị huyện Vạn Lộc"]),
        # abbreviations inside a company's name do not make the name a person's
        ("Công ty TNHH MTV Cao su Đắk Lắk tổ chức hội nghị.", ["Công ty TNHH MTV Cao su Đắk Lắk"]),
        # a joint office of the two councils, and the youth union named after its level
        (
            "Chi bộ Văn phòng HĐND - UBND huyện và Tỉnh đoàn Hà Tĩnh phối hợp.",
            ["Chi bộ Văn phòng HĐND - UBND huyện", "Tỉnh đoàn Hà Tĩnh"],
        ),
        # army units named by their number
        ("Đảng ủy Sư đoàn 312 và Trung đoàn 48 tổ chức hội nghị.", ["Đảng ủy Sư đoàn 312", "Trung đoàn 48"]),
        # committees and councils written in lower case, with the body they belong to
        (
            "Theo ban thường vụ Huyện ủy Kim Sơn, ủy ban nhân dân xã Tân Lập đã ban hành kế hoạch.",
            ["ban thường vụ Huyện ủy Kim Sơn", "ủy ban nhân dân xã Tân Lập"],
        ),
        # a photo credit names no body of the text; nor does a person after "TP"
        ("(Ảnh: Trung tâm Văn hóa huyện Kim Sơn). Chủ tịch HĐND TP Nguyễn Văn An dự.", ["HĐND TP"]),
        # bloc words joined by "và"
        ("Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh tổng kết.", ["Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"]),
    ],
)
def test_more_bodies(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline in Title Case or capitals: its verbs end the name
        ("Chi Bộ Trường Mầm Non Hoa Sen Tổ Chức Hội Nghị", ["Chi Bộ Trường Mầm Non Hoa Sen"]),
        ("CHI BỘ TRƯỜNG MẦM NON HOA SEN TỔ CHỨC ĐẠI HỘI", ["CHI BỘ TRƯỜNG MẦM NON HOA SEN"]),
        # head nouns inside other words and names: a country, people whose family name is a head noun
        ("Tây Ban Nha vô địch. Anh Đoàn Hữu Trưng và chị Nguyễn Trường An dự.", []),
    ],
)
def test_what_looks_like_a_body_but_is_not(text: str, expected: list[str]) -> None:
    assert names(text) == expected
