from __future__ import annotations

import unicodedata

import pytest

from pipeline.clean.encoding import (
    charset_of_content_type,
    charset_of_markup,
    decode_html,
    legacy_font_encoding,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from tests.legacy_encodings import cp1258

TEXT = "Đảng bộ huyện có 34 tổ chức cơ sở đảng với 5.560 đảng viên; 8 tổ chức hoàn thành xuất sắc nhiệm vụ."
PAGE = "<html><head>{meta}<title>Tin</title></head><body><p>{text}</p></body></html>"


def html(text: str = TEXT, meta: str = "") -> str:
    return PAGE.format(meta=meta, text=" ".join([text] * 3))


def test_utf8_with_and_without_declaration() -> None:
    assert TEXT in decode_html(html().encode("utf-8")).text
    assert TEXT in decode_html(html(meta='<meta charset="utf-8">').encode("utf-8")).text


def test_bom_wins() -> None:
    page = decode_html(b"\xef\xbb\xbf" + html(meta='<meta charset="windows-1258">').encode("utf-8"))
    assert TEXT in page.text and page.declared == "bom"
    assert TEXT in decode_html(html().encode("utf-16")).text


def test_windows_1258_from_meta_http_equiv_and_header() -> None:
    declared = html(meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
    page = decode_html(cp1258(declared))
    assert page.encoding == "cp1258" and TEXT in page.text  # combining tones composed to NFC
    assert unicodedata.is_normalized("NFC", page.text)
    assert TEXT in decode_html(cp1258(html()), "text/html; charset=windows-1258").text


def test_header_outranks_markup() -> None:
    page = decode_html(cp1258(html(meta='<meta charset="utf-8">')), "text/html; charset=windows-1258")
    assert TEXT in page.text


def test_latin1_label_on_utf8_bytes_is_overruled() -> None:
    page = decode_html(html(meta='<meta charset="iso-8859-1">').encode("utf-8"), "text/html; charset=ISO-8859-1")
    assert TEXT in page.text


def test_truncated_utf8_sequence_at_the_end() -> None:
    data = html().encode("utf-8")
    cut = data[: data.index("viên".encode()) + 2]
    assert decode_html(cut).text.startswith("<html>")


def test_undeclared_legacy_bytes_are_detected() -> None:
    page = decode_html(cp1258(html()))
    assert "tổ chức cơ sở đảng" in page.text


def test_tcvn3_font_text_is_converted() -> None:
    latin = "§¶ng bé huyÖn cã 34 tæ chøc c¬ së ®¶ng víi 5.560 ®¶ng viªn"  # TCVN3 bytes read as Latin-1
    assert tcvn3_to_unicode(latin) == "Đảng bộ huyện có 34 tổ chức cơ sở đảng với 5.560 đảng viên"
    page = html(text=latin, meta='<meta charset="iso-8859-1">').replace("<p>", '<p><font face=".VnTime">')
    decoded = decode_html(page.encode("latin-1"))
    assert decoded.legacy == "tcvn3"
    assert "Đảng bộ huyện có 34 tổ chức cơ sở đảng" in decoded.text


def test_vni_font_text_is_converted() -> None:
    latin = "Ñaûng boä huyeän coù 34 toå chöùc cô sôû ñaûng vôùi 5.560 ñaûng vieân"
    assert vni_to_unicode(latin) == "Đảng bộ huyện có 34 tổ chức cơ sở đảng với 5.560 đảng viên"
    assert vni_to_unicode("ÑAÛNG BOÄ") == "ĐẢNG BỘ"
    decoded = decode_html(html(text=latin).encode("cp1252"))
    assert decoded.legacy == "vni" and "tổ chức cơ sở đảng" in decoded.text


@pytest.mark.parametrize(
    "text",
    [TEXT, "Le comité a été créé à Paris en 1998 pour étudier la qualité de l'eau et des rivières du pays."],
)
def test_unicode_text_is_not_taken_for_a_font_encoding(text: str) -> None:
    assert legacy_font_encoding(" ".join([text] * 5)) is None


def test_charset_labels() -> None:
    assert charset_of_content_type('text/html; charset="UTF-8"') == "utf-8"
    assert charset_of_content_type("text/html") is None
    assert charset_of_markup(b'<?xml version="1.0" encoding="windows-1258"?><html>') == "windows-1258"
    assert charset_of_markup(b"<meta http-equiv='Content-Type' content='text/html; charset=tcvn'>") == "tcvn"
