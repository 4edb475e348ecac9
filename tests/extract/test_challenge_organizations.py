"""Organizations: the conventions of gold/FORMAT.md paraphrased in sentences written for this test.

Each case is one convention in other words, other places, other orderings: it measures how the
grammar of body names generalizes, not how it fits any one article. Names of people are made up.
"""

from __future__ import annotations

import pytest

from pipeline.extract import extract_text


def names(text: str, url: str | None = None) -> list[str]:
    return sorted(extract_text(text, url=url).organizations)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # level committees, with or without their place; party bodies with their unit
        ("Chiều 14-1, Thị ủy Bỉm Sơn tổng kết công tác năm.", ["Thị ủy Bỉm Sơn"]),
        ("Theo báo cáo của Tỉnh ủy, toàn tỉnh có 812 tổ chức cơ sở đảng.", ["Tỉnh ủy"]),
        ("Đảng ủy phường Đông Vệ đã ra nghị quyết chuyên đề.", ["Đảng ủy phường Đông Vệ"]),
        ("Đảng bộ thị trấn Vĩnh Lộc có 31 chi bộ trực thuộc.", ["Đảng bộ thị trấn Vĩnh Lộc"]),
        # generic party bodies are not listed
        ("Đảng ủy xã chỉ đạo các chi bộ kiểm điểm cuối năm.", []),
        ("Các đảng bộ, chi bộ cơ sở đều tổ chức hội nghị.", []),
        # committees of a named party body
        ("Ban Thường vụ Thị ủy Bỉm Sơn đã kiểm tra 6 chi bộ.", ["Ban Thường vụ Thị ủy Bỉm Sơn"]),
        ("Ủy ban Kiểm tra Huyện ủy Nga Sơn giám sát 4 đảng viên.", ["Ủy ban Kiểm tra Huyện ủy Nga Sơn"]),
        ("Ban Tuyên giáo - Dân vận Huyện ủy Thạch Thành họp.", ["Ban Tuyên giáo - Dân vận Huyện ủy Thạch Thành"]),
        ("Năm qua, ban thường vụ Đảng ủy xã Yên Thọ đã chỉ đạo.", ["ban thường vụ Đảng ủy xã Yên Thọ"]),
        # state bodies with their level, in any role
        ("UBND huyện Hà Trung ban hành kế hoạch cải cách hành chính.", ["UBND huyện Hà Trung"]),
        ("HĐND tỉnh đã thông qua 24 nghị quyết.", ["HĐND tỉnh"]),
        ("Sở Nội vụ tỉnh Ninh Bình thẩm định kết quả.", ["Sở Nội vụ tỉnh Ninh Bình"]),
        ("Phòng Nội vụ huyện tổng hợp kết quả đánh giá công chức.", ["Phòng Nội vụ huyện"]),
        ("Cục Thuế tỉnh Lào Cai có 9 chi cục.", ["Cục Thuế tỉnh Lào Cai"]),
        ("Sở Giáo dục và Đào tạo tỉnh Hà Nam tổ chức tập huấn.", ["Sở Giáo dục và Đào tạo tỉnh Hà Nam"]),
        # bodies written in lower case
        ("ủy ban nhân dân xã Nga Thủy đã kiện toàn bộ máy.", ["ủy ban nhân dân xã Nga Thủy"]),
        # bodies inside a person's title or role
        ("Giám đốc Sở Tài chính Lê Thị Hằng phát biểu.", ["Sở Tài chính"]),
        ("Phó Bí thư Thường trực Huyện ủy Hậu Lộc Trịnh Văn Dũng chủ trì.", ["Huyện ủy Hậu Lộc"]),
        ("Dự hội nghị có đồng chí Mai Văn Tú, Chủ tịch UBND huyện Yên Định.", ["UBND huyện Yên Định"]),
        # a person after a named institution holds the title, schools named after people keep the name
        ("Hiệu trưởng Trường Tiểu học Yên Thọ Nguyễn Thị Bình phát biểu.", ["Trường Tiểu học Yên Thọ"]),
        ("Giám đốc Công ty Cổ phần Mía đường Lam Sơn Lê Văn An báo cáo.", ["Công ty Cổ phần Mía đường Lam Sơn"]),
        ("Trường THCS Nguyễn Văn Trỗi có 30 giáo viên.", ["Trường THCS Nguyễn Văn Trỗi"]),
        # schools, hospitals, companies named as bodies
        ("Trường THCS Lê Hữu Lập có 42 giáo viên.", ["Trường THCS Lê Hữu Lập"]),
        ("Bệnh viện Đa khoa huyện Quảng Xương tiếp nhận 300 ca.", ["Bệnh viện Đa khoa huyện Quảng Xương"]),
        ("Chi bộ Trường Tiểu học Quang Trung có 17 đảng viên.", ["Chi bộ Trường Tiểu học Quang Trung"]),
        # abbreviations spelled out only where the text defines them
        (
            "Ban Chỉ huy Quân sự (CHQS) huyện Như Thanh tổ chức huấn luyện.",
            ["Ban Chỉ huy Quân sự huyện Như Thanh"],
        ),
        # where a name ends: a verb in title case, a person, a date
        ("Huyện ủy Cẩm Thủy Tổng Kết Công Tác Xây Dựng Đảng", ["Huyện ủy Cẩm Thủy"]),
        ("Trường Mầm non Hoa Sen Tổ Chức Lễ Khai Giảng", ["Trường Mầm non Hoa Sen"]),
        ("Sở Nội vụ Triển khai kế hoạch năm 2024", ["Sở Nội vụ"]),
        ("Ban Quản lý Dự án đầu tư xây dựng huyện Như Xuân", ["Ban Quản lý Dự án đầu tư xây dựng huyện Như Xuân"]),
        ("Công ty Cổ phần Đầu tư và Phát triển Sông Đà báo cáo.", ["Công ty Cổ phần Đầu tư và Phát triển Sông Đà"]),
        ("Chi Bộ Trường Tiểu Học Yên Thọ Đại Hội Nhiệm Kỳ 2025-2027", ["Chi Bộ Trường Tiểu Học Yên Thọ"]),
        ("ĐẢNG ỦY XÃ YÊN THỌ: KẾT NẠP 20 ĐẢNG VIÊN MỚI", ["ĐẢNG ỦY XÃ YÊN THỌ"]),
        # photo credits are not bodies the text names
        ("Quang cảnh hội nghị. (Ảnh: Trung tâm Văn hóa huyện)", []),
    ],
)
def test_conventions(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_a_name_read_short_is_its_longer_form() -> None:
    text = (
        "Đảng ủy cơ quan Chính quyền – đoàn thể huyện họp. Đảng ủy cơ quan Chính quyền – Đoàn thể huyện có 14 chi bộ."
    )
    assert names(text) == ["Đảng ủy cơ quan Chính quyền – Đoàn thể huyện"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Văn phòng Huyện ủy Thạch Thành phối hợp rà soát hồ sơ.", ["Văn phòng Huyện ủy Thạch Thành"]),
        ("Ban Tuyên giáo Tỉnh ủy biên soạn tài liệu.", ["Ban Tuyên giáo Tỉnh ủy"]),
        ("Trung tâm Y tế huyện Thiệu Hóa có 6 khoa.", ["Trung tâm Y tế huyện Thiệu Hóa"]),
        ("Công an huyện Triệu Sơn bắt giữ 3 đối tượng.", ["Công an huyện Triệu Sơn"]),
        ("Đảng ủy Quân sự tỉnh lãnh đạo huấn luyện.", ["Đảng ủy Quân sự tỉnh"]),
        ("Trường THPT Đào Duy Từ đạt chuẩn quốc gia.", ["Trường THPT Đào Duy Từ"]),
        ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HOẰNG HÓA", ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HOẰNG HÓA"]),
        ("Bộ Nội vụ hướng dẫn việc đánh giá công chức.", ["Bộ Nội vụ"]),
        ("Kho bạc Nhà nước huyện Nông Cống có 12 công chức.", ["Kho bạc Nhà nước huyện Nông Cống"]),
        ("Bảo hiểm xã hội tỉnh Phú Thọ triển khai.", ["Bảo hiểm xã hội tỉnh Phú Thọ"]),
        ("Trưởng Ban Dân vận Huyện ủy Tĩnh Gia Lê Văn Hòa dự.", ["Ban Dân vận Huyện ủy Tĩnh Gia"]),
        ("Chi bộ thôn Yên Lạc có 25 đảng viên.", ["Chi bộ thôn Yên Lạc"]),
        ("Đảng bộ Công ty Cổ phần Xi măng Bỉm Sơn có 600 đảng viên.", ["Đảng bộ Công ty Cổ phần Xi măng Bỉm Sơn"]),
        # where a name ends: fields enumerated with a comma, places joined by a dash, a province after a dash
        (
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Bình tổ chức.",
            ["Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Bình"],
        ),
        ("Sở Nội vụ, Sở Tài chính và Kho bạc tỉnh họp.", ["Kho bạc tỉnh", "Sở Nội vụ", "Sở Tài chính"]),
        ("Chi cục Thuế khu vực Tĩnh Gia - Nông Cống thu vượt dự toán.", ["Chi cục Thuế khu vực Tĩnh Gia - Nông Cống"]),
        ("PHÒNG NỘI VỤ THỌ XUÂN - THANH HÓA", ["PHÒNG NỘI VỤ THỌ XUÂN"]),
        # institutions written in lower case, their name in title case
        ("Hôm qua, trường Tiểu học Quảng Phú tổ chức lễ.", ["trường Tiểu học Quảng Phú"]),
        ("Tại bệnh viện Đa khoa huyện Hà Trung có 30 ca.", ["bệnh viện Đa khoa huyện Hà Trung"]),
        ("Hội nghị diễn ra tại hội trường Huyện ủy Quan Hóa.", ["Huyện ủy Quan Hóa"]),
        ("Học sinh các trường Trong tỉnh tham gia.", []),
        # abbreviations defined inside a name, spelled out where they are used again
        ("Đảng ủy Quân sự (ĐUQS) tỉnh Hà Tĩnh lãnh đạo huấn luyện.", ["Đảng ủy Quân sự tỉnh Hà Tĩnh"]),
        (
            "Trường Trung học phổ thông (THPT) Hàm Rồng khai giảng. Trường THPT Hàm Rồng có 40 giáo viên.",
            ["Trường Trung học phổ thông Hàm Rồng"],
        ),
        ("Hội đồng Thi đua - Khen thưởng huyện xét duyệt hồ sơ.", ["Hội đồng Thi đua - Khen thưởng huyện"]),
        # abbreviations joined by "&", "-" or a glued comma are one name
        ("Lê Hà (Trung tâm VH-TT&TT huyện Mường Lát)", ["Trung tâm VH-TT&TT huyện Mường Lát"]),
        ("Sở VH,TT&DL tỉnh tổ chức hội thi.", ["Sở VH,TT&DL tỉnh"]),
        ("Phòng GD&ĐT huyện, Sở Nội vụ cùng dự.", ["Phòng GD&ĐT huyện", "Sở Nội vụ"]),
        ("Sở Giáo dục và Đào tạo (GD&ĐT) tỉnh tổ chức. Sở GD&ĐT tỉnh kết luận.", ["Sở Giáo dục và Đào tạo tỉnh"]),
        ("Phòng Văn hóa và Thông tin (VH&TT) huyện họp.", ["Phòng Văn hóa và Thông tin huyện"]),
        # a lower-case run of a name up to its place; compound nouns opened by a verb-like syllable
        (
            "Ban Quản lý dự án đầu tư xây dựng huyện Quan Sơn có 20 người.",
            ["Ban Quản lý dự án đầu tư xây dựng huyện Quan Sơn"],
        ),
        ("Trung tâm Phát triển quỹ đất huyện Hà Trung bàn giao.", ["Trung tâm Phát triển quỹ đất huyện Hà Trung"]),
        ("Phòng Nội vụ tham mưu cho huyện Hà Trung khen thưởng.", ["Phòng Nội vụ"]),
        ("Chi bộ thôn 3 xã Yên Thọ có 40 đảng viên.", ["Chi bộ thôn 3 xã Yên Thọ"]),
        # hamlets named with a number after their name; a number counting what follows is no part of it
        ("Chi bộ thôn Đông Hưng 2 đạt trong sạch vững mạnh.", ["Chi bộ thôn Đông Hưng 2"]),
        ("Chi bộ thôn Yên Lạc 12/12 đảng viên đạt yêu cầu.", ["Chi bộ thôn Yên Lạc"]),
        # more heads: forest rangers, radio stations, teams, groups, party groups in state bodies
        ("Hạt Kiểm lâm huyện Quan Hóa tuần tra rừng.", ["Hạt Kiểm lâm huyện Quan Hóa"]),
        ("Đài Phát thanh và Truyền hình tỉnh đưa tin.", ["Đài Phát thanh và Truyền hình tỉnh"]),
        ("Đội Quản lý thị trường số 5 kiểm tra.", ["Đội Quản lý thị trường số 5"]),
        ("UBMTTQ xã Định Hòa giám sát.", ["UBMTTQ xã Định Hòa"]),
        ("Đảng đoàn HĐND tỉnh họp.", ["Đảng đoàn HĐND tỉnh"]),
        ("Ban cán sự đảng UBND tỉnh lãnh đạo.", ["Ban cán sự đảng UBND tỉnh"]),
        ("Đội ngũ cán bộ được kiện toàn. Hạt giống tốt được chọn.", []),
        # not bodies: roles, kinds, plurals, members, counts, people, credits, places named like a body
        ("Đoàn công tác thăm quần đảo Trường Sa.", []),
        ("Du khách đến Hội An ngày càng đông.", []),
        ("Trường THCS Trường Sơn có 30 giáo viên.", ["Trường THCS Trường Sơn"]),
        ("Văn phòng Đăng ký đất đai tỉnh cấp giấy.", ["Văn phòng Đăng ký đất đai tỉnh"]),
        ("(Đài Quan Sơn) - Sáng 5-1, Huyện ủy Quan Sơn họp.", ["Huyện ủy Quan Sơn"]),
        ("Ban giám hiệu, Công đoàn nhà trường phối hợp tốt.", []),
        ("Tác giả: Trường Mầm non Hoa Sen", []),
        ("Đồng chí Đoàn Văn Tiến, Tỉnh ủy viên, phát biểu.", []),
        ("Các sở, ban, ngành và các phòng chuyên môn thực hiện tốt.", []),
        ("Có 5 đảng bộ xã được công nhận trong sạch vững mạnh.", []),
        ("Hội nghị được tổ chức trực tuyến đến các điểm cầu.", []),
        ("Trường hợp đảng viên vi phạm sẽ bị xử lý.", []),
        # a kind of party body every unit has, written in lower case, is no body the text names
        ("Năm qua, chi bộ quân sự xã thực hiện tốt nhiệm vụ.", []),
        ("Ở nhiều nơi, đảng bộ cơ quan huyện đã kiểm điểm sớm.", []),
        ("Năm qua, chi bộ quân sự xã Nga Thủy có 8 đảng viên.", ["chi bộ quân sự xã Nga Thủy"]),
    ],
)
def test_more_conventions(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_bodies_in_the_links_to_other_articles_are_not_listed() -> None:
    text = (
        "Huyện ủy Quan Sơn tổng kết công tác năm.\n\nĐảng ủy xã Trung Hạ được biểu dương.\n\n"
        "Tin liên quan\nHuyện ủy Mường Lát triển khai nhiệm vụ\nĐảng ủy Khối cơ quan tỉnh họp"
    )
    assert names(text) == ["Huyện ủy Quan Sơn", "Đảng ủy xã Trung Hạ"]


def test_one_body_written_with_and_without_the_dot_of_its_unit_is_listed_once() -> None:
    text = (
        "Thành ủy TP. Sầm Sơn họp. Thành ủy TP Sầm Sơn kết luận. "
        "Chi bộ 2, phường Quảng Tiến họp; Chi bộ 2 phường Quảng Tiến."
    )
    assert names(text) == ["Chi bộ 2, phường Quảng Tiến", "Thành ủy TP. Sầm Sơn"]


def test_a_menu_line_above_the_article_does_not_cut_its_bodies() -> None:
    text = "Trang chủ\nTin liên quan\nThời sự\n\nHuyện ủy Quan Sơn tổng kết công tác năm. Đảng ủy xã Trung Hạ dự.\n\n"
    text += "Năm qua, toàn huyện có 45 tổ chức cơ sở đảng, 40 tổ chức hoàn thành tốt nhiệm vụ.\n\n" * 3
    assert names(text) == ["Huyện ủy Quan Sơn", "Đảng ủy xã Trung Hạ"]


def test_extra_spaces_inside_a_name_do_not_cut_it() -> None:
    assert names("Huyện ủy  Lang Chánh họp. Cục Thuế  tỉnh Yên Bái có 9 chi cục.") == [
        "Cục Thuế  tỉnh Yên Bái",
        "Huyện ủy  Lang Chánh",
    ]


def test_bodies_named_only_in_a_photo_caption_are_not_listed() -> None:
    text = (
        "Đồng chí Lê Văn An (bên phải) trao cờ của UBND huyện cho xã Ngọc Khê. Đảng ủy xã Ngọc Khê họp.\n\n"
        "Ban Chấp hành Đảng bộ xã Ngọc Trung ra mắt\n(Ảnh: Trần Nam)\n\nNăm qua, Đảng bộ xã Ngọc Khê làm tốt."
    )
    assert names(text) == ["Đảng bộ xã Ngọc Khê", "Đảng ủy xã Ngọc Khê"]
