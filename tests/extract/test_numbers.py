from __future__ import annotations

import pytest

from pipeline.extract.numbers import fraction_words_to_percent, parse_number, words_to_number


@pytest.mark.parametrize(
    ("text", "percent", "value"),
    [
        ("5.560", False, 5560),
        ("23,5", True, 23.5),
        ("1.234,56", False, 1234.56),
        ("79.17", True, 79.17),  # a dot used as decimal point before %
        ("12.480", False, 12480),
        ("01", False, 1),
        ("0,29", True, 0.29),
        ("1,234.5", False, 1234.5),
    ],
)
def test_parse_number(text: str, percent: bool, value: float) -> None:
    assert parse_number(text, percent=percent) == pytest.approx(value)


def test_garbage_is_not_a_number() -> None:
    assert parse_number("abc") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ba mươi tư", 34),
        ("mười lăm", 15),
        ("hai mươi mốt", 21),
        ("một trăm linh năm", 105),
        ("hai nghìn ba trăm", 2300),
        ("bảy", 7),
        ("không", 0),
    ],
)
def test_words_to_number(words: str, value: int) -> None:
    assert words_to_number(words.split()) == value


def test_words_that_are_not_numbers() -> None:
    assert words_to_number(["đảng", "viên"]) is None


def test_fraction_in_words_is_a_percent() -> None:
    assert fraction_words_to_percent("hai", "ba") == pytest.approx(66.67)
    assert fraction_words_to_percent("1", "4") == 25.0
