"""A made-up article of any length, for timing extraction against text length.

The paragraphs are invented for this purpose (units, names and figures included): a headline with
a scope and a total, then report paragraphs with figures, bodies, years, targets and a table, cycled
until the text reaches the length asked for.
"""

from __future__ import annotations

HEADLINE = "Huyện Yên Thành có 48 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ năm 2022\n\n"
PARAGRAPHS = (
    "Chiều 12/1, Ban Thường vụ Huyện ủy Yên Thành tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2022 "
    "và triển khai nhiệm vụ năm 2023. Đảng bộ huyện hiện có 52 tổ chức cơ sở đảng với 7.315 đảng viên.",
    "Qua kiểm điểm, đánh giá, xếp loại, có 11 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ (chiếm 21,2%), "
    "37 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, 4 tổ chức cơ sở đảng hoàn thành nhiệm vụ; không có tổ chức "
    "cơ sở đảng nào không hoàn thành nhiệm vụ.",
    "Về đảng viên, 812 đồng chí hoàn thành xuất sắc nhiệm vụ, chiếm 11,1%; 5.960 đồng chí hoàn thành tốt nhiệm vụ, "
    "chiếm 81,5%; 43 đồng chí không hoàn thành nhiệm vụ.",
    "Đồng chí Trần Văn Bình, Phó Bí thư Thường trực Huyện ủy, đề nghị các cấp ủy phấn đấu năm 2023 có 95% đảng "
    "viên hoàn thành tốt nhiệm vụ trở lên, kết nạp 250 đảng viên mới, tăng 12% so với năm 2022.",
    "Đảng ủy xã Hoa Thành có 14 chi bộ trực thuộc với 420 đảng viên; năm 2022 có 3/14 chi bộ hoàn thành xuất sắc "
    "nhiệm vụ, 56 đảng viên hoàn thành xuất sắc nhiệm vụ.",
    "Mức xếp loại | Số tổ chức | Tỷ lệ (%)\n"
    "Hoàn thành xuất sắc nhiệm vụ | 11 | 21,2\n"
    "Hoàn thành tốt nhiệm vụ | 37 | 71,2",
    "Hội nghị trao giấy khen cho 9 tập thể và 21 cá nhân có thành tích xuất sắc; UBND huyện, Mặt trận Tổ quốc "
    "huyện và các đoàn thể chính trị - xã hội cùng tham dự.",
)


def made_up_article(length: int) -> str:
    """A text of ``length`` characters: the headline, then the paragraphs cycled (cut at ``length``)."""
    parts = [HEADLINE]
    size = len(HEADLINE)
    index = 0
    while size < length:
        paragraph = PARAGRAPHS[index % len(PARAGRAPHS)] + "\n\n"
        parts.append(paragraph)
        size += len(paragraph)
        index += 1
    return "".join(parts)[:length]
