"""The vocabulary's shortcuts are exact: a faster test never answers otherwise than the pattern it spares."""

from __future__ import annotations

import re
import sys

import pytest

from pipeline.clean import chrome
from pipeline.clean.dom import is_hidden, parse
from pipeline.clean.generic import is_imprint

IMPRINTS = [  # one for each branch of the pattern
    "© 2024 Báo Điện tử", "Bản quyền thuộc Báo Thử", "Copyright 2019", "All rights reserved.", "Ghi rõ nguồn khi",
    "Giấy phép số 12/GP-BTTTT", "Giấy phép hoạt động báo", "theo /GP-12", "GP- 7a", "Cơ quan chủ quản: Tỉnh",
    "Chịu trách nhiệm nội dung", "Chịu trách nhiệm xuất bản", "chịu trách nhiệm chính", "Tổng biên tập : A",
    "Tòa soạn: 1 Lê Lợi", "Toà soạn:", "Trụ sở : số 3", "Tel: 0123", "Fax : 0123", "Hotline: 1900", "Điện thoại: 02",
    "Email: a@b.vn", "Registered ®",
]  # fmt: skip


@pytest.mark.parametrize("text", IMPRINTS)
def test_imprint_pieces_find_every_imprint_whatever_its_case(text: str) -> None:
    for variant in (text, text.upper(), text.lower(), text.title(), f"Trang chủ {text.swapcase()} hết"):
        assert chrome.FOOTER_TEXT.search(variant), variant
        assert is_imprint(variant), variant


@pytest.mark.parametrize(
    "text", ["Năm 2022, chi bộ có 18 đảng viên.", "Khách sạn hotel", "telex", "GIẤY PHÉP", "trụ sở mới", ""]
)
def test_imprint_agrees_with_the_pattern_on_prose(text: str) -> None:
    assert is_imprint(text) == bool(chrome.FOOTER_TEXT.search(text))


def test_case_folding_exceptions_are_all_known() -> None:
    """Every character the patterns' letters match ignoring case lowers to that letter, or is one of
    ``FOLD_EXCEPTIONS`` (for which the pattern itself is asked): the imprint's pieces and a hiding style's."""
    pieces = (*chrome.FOOTER_PIECES, "none", "hidden")
    letters = {char for piece in pieces for char in piece if char.isalpha()}
    everything = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    for letter in letters:
        for match in re.finditer(re.escape(letter), everything, re.IGNORECASE):
            char = match.group()
            assert char.lower() == letter or chrome.FOLD_EXCEPTIONS.match(char), (letter, hex(ord(char)))


@pytest.mark.parametrize(
    ("style", "hidden"),
    [("display:none", True), ("DISPLAY : NONE", True), ("visibility: Hidden", True), ("display:block", False),
     ("color: red; display:\tnone", True), ("overflow: hidden", False), ("font-weight: bold", False)],
)  # fmt: skip
def test_hidden_styles(style: str, hidden: bool) -> None:
    root = parse(f"<html><body><div style='{style}'>x</div></body></html>")
    assert is_hidden(root.find("body/div")) is hidden
