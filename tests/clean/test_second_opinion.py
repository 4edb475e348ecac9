"""The second opinion: when the generic path doubts its body, and when trafilatura's body replaces it."""

from __future__ import annotations

from pipeline.clean import clean_html
from pipeline.clean.cleaner import clean_and_explain
from pipeline.clean.generic import Container
from pipeline.clean.paragraphs import Block
from pipeline.clean.second_opinion import doubts, prefer_theirs, trafilatura_blocks
from tests.paths import FIXTURES

LAYOUTS = FIXTURES / "layouts"
PROSE = "Năm 2022, chi bộ thôn Đông có 31 đảng viên, trong đó 5 đảng viên hoàn thành xuất sắc nhiệm vụ. "


def container(nearby: int = 0, teasers: float = 0.0) -> Container:
    return Container((), 1.0, 0, nearby_prose=nearby, teaser_share=teasers)


def test_doubts() -> None:
    body = [Block(PROSE * 5, "p")]
    length = len(body[0].text)
    assert doubts(None, body) == ("empty",)
    assert doubts(container(), [Block("Ngắn.", "p")]) == ("empty",)
    assert doubts(container(nearby=length), body) == ()
    assert doubts(container(nearby=length * 3), body) == ("short",)  # the body goes on next to what was chosen
    assert doubts(container(teasers=0.6), body) == ("teasers",)
    linked = [Block(PROSE * 5, "p", links=length // 2)]
    assert doubts(container(), linked) == ("link-dense",)


def test_the_rule() -> None:
    ours = PROSE * 3
    more = ours + "Chi bộ còn tổ chức sinh hoạt chuyên đề về giữ gìn vệ sinh môi trường. " * 4
    other = "Giá lúa tăng nhẹ trong tuần, nông dân phấn khởi vì vụ mùa bội thu. " * 8
    assert prefer_theirs("", more, ("empty",))
    assert not prefer_theirs("", "Quá ngắn.", ("empty",))
    assert prefer_theirs(ours, more, ("short",))  # our body and what we missed
    assert not prefer_theirs(ours, other, ("short",))  # another text: ours stays
    assert not prefer_theirs(ours, ours, ("short",))
    assert prefer_theirs(ours, other, ("teasers",))  # ours looked like a list of teasers
    assert not prefer_theirs(ours, other[:200], ("teasers",))


def test_trafilatura_blocks_keep_paragraphs_and_rows_of_figures() -> None:
    paragraphs = [PROSE.replace("thôn Đông", f"thôn {name}") for name in ("Đông", "Tây", "Nam")]
    html = (
        "<html><body><article><h1>Kết quả xếp loại</h1>"
        f"<p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>"
        "<table><tr><td>Mức</td><td>Số chi bộ</td></tr><tr><td>Hoàn thành tốt nhiệm vụ</td><td>12</td></tr></table>"
        f"<p>{paragraphs[2]}</p></article></body></html>"
    )
    blocks = trafilatura_blocks(html, None)
    assert [block.text for block in blocks if block.row] == ["Mức | Số chi bộ", "Hoàn thành tốt nhiệm vụ | 12"]
    assert [block.text for block in blocks if not block.row][-3:] == [text.strip() for text in paragraphs]


def test_a_body_rendered_hidden_is_taken_from_the_second_opinion() -> None:
    page = LAYOUTS / "script_reveal" / "namdong-2023-an.html"
    cleaned = clean_and_explain(page.read_bytes())
    assert cleaned.opinion.doubts == ("empty",) and cleaned.opinion.asked and cleaned.opinion.taken
    assert cleaned.article.body.startswith("Ở các thôn vùng cao của huyện Nam Đông")
    assert "Đang tải" not in cleaned.article.text and cleaned.article.author == "Hồ Văn Lực"


def test_a_sure_body_is_never_second_guessed() -> None:
    for page in sorted(LAYOUTS.glob("*/*.html")):
        if page.parent.name != "script_reveal":
            assert not clean_and_explain(page.read_bytes()).opinion.asked, page.name


def test_site_selectors_are_never_second_guessed() -> None:
    from scrapers.sites import builtin_profiles

    page = FIXTURES / "sites" / "baohatinh" / "article-family-2023.html"
    url = "https://baohatinh.vn/nang-chat-cong-tac-danh-gia-can-bo-post270001.html"
    cleaned = clean_and_explain(page.read_bytes(), url=url, profiles=builtin_profiles())
    assert cleaned.article.site == "baohatinh" and not cleaned.opinion.asked
    assert clean_html(page.read_bytes(), url=url, profiles=builtin_profiles()) == cleaned.article
