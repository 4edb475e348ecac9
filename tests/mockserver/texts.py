"""Article texts of the fake newspapers, written for vnie's tests (invented places and figures)."""

from __future__ import annotations

import random
from dataclasses import dataclass

DISTRICTS = (
    "Sơn Lâm", "Bình Giang Tây", "Hòa Mỹ", "Tam Nông Hạ", "Phú Lộc Thượng", "Đồng Xuân Bắc", "Kim Sơn Nam",
    "Thạch Bàn", "Yên Định Tây", "Lạc Thủy Đông", "Quảng Phú", "Vĩnh Hưng Hạ",
)  # fmt: skip


def percent(part: int, whole: int) -> str:
    """23,5 — a Vietnamese percent with a decimal comma."""
    return f"{100 * part / whole:.1f}".replace(".", ",")


def thousands(number: int) -> str:
    """5.560 — thousands separated by dots, as Vietnamese papers write them."""
    return f"{number:,}".replace(",", ".")


@dataclass(frozen=True, slots=True)
class Story:
    title: str
    sapo: str
    paragraphs: tuple[str, ...]
    published: str  # YYYY-MM-DD
    year: int


def story(paper: str, number: int, version: int = 1) -> Story:
    """A rating article, different for each (paper, number), stable across calls."""
    rng = random.Random(f"{paper}-{number}")
    district = DISTRICTS[number % len(DISTRICTS)]
    year = 2019 + number % 6
    total = rng.randint(30, 70)
    excellent = rng.randint(4, total // 4)
    good = rng.randint(total // 3, total // 2)
    passed = total - excellent - good - 1
    members = rng.randint(2500, 9000)
    members_excellent = rng.randint(members // 10, members // 6)
    members_failed = rng.randint(3, 25)
    day = 1 + number % 27
    paragraphs = (
        f"Năm {year}, Đảng bộ huyện {district} có {total} tổ chức cơ sở đảng với {thousands(members)} đảng viên. "
        f"Kết quả đánh giá cho thấy {excellent} tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm "
        f"{percent(excellent, total)}%; {good} tổ chức hoàn thành tốt nhiệm vụ, chiếm {percent(good, total)}%; "
        f"{passed} tổ chức hoàn thành nhiệm vụ và 1 tổ chức không hoàn thành nhiệm vụ.",
        f"Đối với đảng viên, có {members_excellent} đồng chí được xếp loại hoàn thành xuất sắc nhiệm vụ, chiếm "
        f"{percent(members_excellent, members)}%; {members_failed} đồng chí không hoàn thành nhiệm vụ.",
        "Phát biểu kết luận hội nghị, đồng chí Bí thư Huyện ủy đề nghị các chi bộ, đảng bộ cơ sở tiếp tục đổi mới "
        "cách đánh giá, gắn kết quả xếp loại với việc thực hiện nhiệm vụ chính trị của từng địa phương, khắc phục "
        "tình trạng nể nang, ngại va chạm khi tự phê bình và phê bình.",
        f"Dịp này, Ban Thường vụ Huyện ủy {district} tặng giấy khen cho các tập thể và cá nhân có thành tích "
        "tiêu biểu trong công tác xây dựng Đảng; đồng thời giao chỉ tiêu phấn đấu cho năm tiếp theo.",
    )
    if version > 1:
        paragraphs = (*paragraphs, f"Bài viết được cập nhật lần {version} sau khi Huyện ủy gửi số liệu chính thức.")
    return Story(
        title=f"Huyện {district} đánh giá, xếp loại tổ chức đảng và đảng viên năm {year}",
        sapo=f"Ngày {day}/12, Ban Thường vụ Huyện ủy {district} tổ chức hội nghị tổng kết công tác đánh giá, "
        f"xếp loại chất lượng tổ chức cơ sở đảng và đảng viên năm {year}.",
        paragraphs=paragraphs,
        published=f"{year + 1}-01-{1 + number % 28:02d}",
        year=year,
    )
