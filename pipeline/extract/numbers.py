"""Vietnamese news numbers: "5.560", "23,5", "1.234,56", "79.17%", "ba mươi tư", "một nửa".

No library reads these right: the dot groups thousands and the comma is the decimal mark, except
where a writer used a dot as a decimal point ("79.17%"), which the context has to tell.

Only ASCII digits are digits here: superscripts ("²⁰²³") and other scripts' digits are text, and a
value past ``LARGEST`` (no rating counts that many; past it a float is no longer exact, and SQLite's
integers end at 2**63) is no number at all, so neither can reach int() or the store.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from pipeline.normalize import fold

LARGEST = 10**15
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_THOUSANDS_DOT_DECIMAL_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+", re.ASCII)
_DECIMAL_COMMA = re.compile(r"\d+,\d+", re.ASCII)
_THOUSANDS_COMMA_DECIMAL_DOT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+", re.ASCII)
_DECIMAL_DOT = re.compile(r"\d+\.\d+", re.ASCII)
_PLAIN = re.compile(r"\d+", re.ASCII)
_UNITS = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "nhăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
}
_TEN_WORDS = {"mười": 10}
_MULTIPLIERS = {"mươi": 10, "chục": 10, "trăm": 100, "nghìn": 1000, "ngàn": 1000, "triệu": 1_000_000}
_FILLERS = {"linh", "lẻ"}
NUMBER_WORDS = frozenset(fold(word) for word in (*_UNITS, *_TEN_WORDS, *_MULTIPLIERS, *_FILLERS))
_FOLDED_UNITS = {fold(word): value for word, value in _UNITS.items()}
_FOLDED_MULTIPLIERS = {fold(word): value for word, value in _MULTIPLIERS.items()}
_TEN = fold("mười")

# Shares written in words: the value is a percent.
SHARE_WORDS: dict[str, float] = {
    "một nửa": 50.0,
    "nửa": 50.0,
    "toàn bộ": 100.0,
    "tất cả": 100.0,
    "100 phần trăm": 100.0,
}


def parse_number(text: str, *, percent: bool = False) -> float | None:
    """Value of one written number, or None; ``percent`` says a % sign follows (a dot may be decimal)."""
    value = _parse(text.strip(), percent)
    return value if value is not None and math.isfinite(value) and value < LARGEST else None


def is_digits(text: str) -> bool:
    """ASCII digits only ("2023", not "²⁰²³" nor another script's digits)."""
    return text.isascii() and text.isdigit()


def starts_with_digit(text: str) -> bool:
    return "0" <= text[:1] <= "9"


def _parse(text: str, percent: bool) -> float | None:
    if _THOUSANDS_DOT_DECIMAL_COMMA.fullmatch(text):
        whole, _, decimals = text.partition(",")
        return float(whole.replace(".", "") + "." + decimals)
    if _THOUSANDS_DOT.fullmatch(text):
        grouped = float(text.replace(".", ""))
        if percent and grouped > 100 and text.count(".") == 1:
            return float(text)  # "79.170%" is not seventy-nine thousand percent
        return grouped
    if _DECIMAL_COMMA.fullmatch(text):
        return float(text.replace(",", "."))
    if _THOUSANDS_COMMA_DECIMAL_DOT.fullmatch(text):
        return float(text.replace(",", ""))
    if _DECIMAL_DOT.fullmatch(text):
        return float(text)
    if _PLAIN.fullmatch(text):
        return float(text)
    return None


def is_integer_text(text: str) -> bool:
    """True for counts: "5.560", "01", "34" (not "23,5")."""
    return bool(_PLAIN.fullmatch(text) or _THOUSANDS_DOT.fullmatch(text))


def words_to_number(words: list[str]) -> int | None:
    """Value of a number written in words ("ba mươi tư" -> 34, "một trăm linh năm" -> 105)."""
    keys = [fold(word) for word in words]
    if not keys or any(word not in NUMBER_WORDS for word in keys):
        return None
    total = section = pending = 0
    for word in keys:
        if word in _FOLDED_UNITS:
            pending = _FOLDED_UNITS[word]
        elif word == _TEN:
            section += 10
            pending = 0
        elif word in _FOLDED_MULTIPLIERS:
            factor = _FOLDED_MULTIPLIERS[word]
            if factor >= 1000:
                total += (section + pending or 1) * factor
                section = 0
            else:
                section += (pending or 1) * factor
            pending = 0
    return total + section + pending


def fraction_words_to_percent(numerator: str, denominator: str) -> float | None:
    """ "hai phần ba" -> 66.67: the numerator and denominator are numbers in words or digits."""
    top = _word_or_digits(numerator)
    bottom = _word_or_digits(denominator)
    if top is None or not bottom:
        return None
    return round(float(Fraction(top, bottom) * 100), 2)


def _word_or_digits(text: str) -> int | None:
    if is_digits(text):
        value = parse_number(text)
        return None if value is None else int(value)
    return words_to_number(text.split())
