from __future__ import annotations

import unicodedata

from pipeline.normalize import fold, key, normalize_text, same_name


def test_tone_placement_variants_share_one_key() -> None:
    for old, new in (("hòa", "hoà"), ("Hóa", "Hoá"), ("thủy", "thuỷ"), ("Khỏe", "khoẻ"), ("Ủy", "Uỷ")):
        assert fold(old) == fold(new), (old, new)


def test_fold_keeps_length_so_offsets_survive() -> None:
    text = "Huyện uỷ Kim Thành, Thanh Hoá và ĐẢNG BỘ"
    assert len(fold(text)) == len(text)


def test_eth_and_d_stroke_fold_together() -> None:
    assert fold("Ðảng bộ") == fold("Đảng bộ")  # U+00D0 written for U+0110


def test_distinct_tones_stay_distinct() -> None:
    assert fold("tốt") != fold("tột")
    assert fold("hòa") != fold("hóa")


def test_normalize_text_makes_nfc_and_drops_invisible_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "Đảng viên")
    text = normalize_text(f"{decomposed}\u00a0mới\u200b\r\nxong")
    assert text == "Đảng viên mới\nxong"
    assert unicodedata.is_normalized("NFC", text)


def test_same_name_ignores_case_spacing_and_tone_placement() -> None:
    assert same_name("Đảng bộ  huyện Quảng Hoà", "đảng bộ huyện quảng hòa")
    assert key("Thủy") == key("thuỷ")
