from __future__ import annotations

import pytest

from pipeline.extract.numbers import (
    fraction_words_to_percent,
    is_digits,
    parse_number,
    starts_with_digit,
    words_to_number,
)


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


@pytest.mark.parametrize(
    "text",
    [
        "²⁰²³",  # superscripts are digits to str.isdigit(), not to int()
        "٢٠٢٣",  # another script's digits
        "9" * 400,  # a float of it is infinity
        "1" + "0" * 15,  # past LARGEST: no rating counts that many, and SQLite's integers end at 2**63
        "1.000.000.000.000.000",
    ],
)
def test_what_no_number_is(text: str) -> None:
    assert parse_number(text) is None
    assert parse_number(text, percent=True) is None


def test_the_largest_number_read_is_exact() -> None:
    assert parse_number("999.999.999.999.999") == 999_999_999_999_999


def test_digits_are_ascii_digits() -> None:
    assert is_digits("2023")
    assert not is_digits("²⁰²³")
    assert not is_digits("٢٠٢٣")
    assert not starts_with_digit("²")
    assert starts_with_digit("5.560")
    assert fraction_words_to_percent("²", "ba") is None
