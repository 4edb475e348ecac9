"""Challenge sentences for the records side of extraction: paraphrases of each convention of
gold/FORMAT.md, in words written for this file (places from the gazetteer, figures made up), with
other orderings, punctuation and units than the rules were first written from. They measure whether
the rules hold on wordings not seen, one failure class of issue 9 after another.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.extract import extract_text
from pipeline.extract.vocabulary import (
    CB_LDQL,
    CBCCVC,
    CHI_BO,
    CQ_DV,
    DANG_VIEN,
    EVALUATED,
    HTNV,
    HTT,
    HTT_UP,
    HTXS,
    KHT,
    TCCSD,
    TSVM,
    TSVM_TB,
    TT_LDQL,
)

PHU_YEN = "https://baophuyen.vn/chinh-tri/bai-viet-8812.html"
DAK_LAK = "https://baodaklak.vn/chinh-tri/tin-4471.html"
NGHE_AN = "https://baonghean.vn/xay-dung-dang/bai-2290.html"


def read(text: str, url: str | None = PHU_YEN, published: str | None = None) -> list[dict[str, Any]]:
    return [record.to_dict() for record in extract_text(text, url=url, published=published).records]


def facts(text: str, url: str | None = PHU_YEN) -> set[tuple[Any, ...]]:
    return {(r["subject"], r["rating"], r["count"], r["percent"]) for r in read(text, url)}


def scopes(text: str, url: str | None = PHU_YEN) -> set[str | None]:
    return {r["scope"] for r in read(text, url)}


# --- 1. scope ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "url", "scope"),
    [
        pytest.param(
            "Huyện ủy Sơn Hòa Tổ chức hội nghị tổng kết công tác năm 2022. "
            "Toàn Đảng bộ có 31 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
            PHU_YEN,
            "Đảng bộ huyện Sơn Hòa",
            id="title-cased-verb-after-a-committee",
        ),
        pytest.param(
            "Đảng ủy xã Hòa Hiệp Trung đánh giá năm 2023: có 12/14 chi bộ hoàn thành tốt nhiệm vụ.",
            PHU_YEN,
            "Đảng bộ xã Hòa Hiệp Trung",
            id="commune-committee-stands-for-its-party-body",
        ),
        pytest.param(
            "BCH Đảng bộ phường Xuân Phú họp phiên cuối năm. Năm 2022, có 93% đảng viên hoàn thành tốt nhiệm vụ.",
            PHU_YEN,
            "Đảng bộ phường Xuân Phú",
            id="executive-committee-abbreviated",
        ),
        pytest.param(
            "Thành ủy Buôn Ma Thuột vừa công bố kết quả năm 2021. Có 18 tổ chức cơ sở đảng hoàn thành xuất sắc "
            "nhiệm vụ.",
            DAK_LAK,
            "Đảng bộ thành phố Buôn Ma Thuột",
            id="city-committee",
        ),
        pytest.param(
            "Chi bộ thôn Phú Lộc sinh hoạt cuối năm. Chi bộ có 26 đảng viên; năm 2022 có 4 đồng chí hoàn thành "
            "xuất sắc nhiệm vụ, 20 đồng chí hoàn thành tốt nhiệm vụ.",
            PHU_YEN,
            "Chi bộ thôn Phú Lộc",
            id="chi-bo-of-a-hamlet",
        ),
        pytest.param(
            "Chi bộ Trường THCS Nguyễn Du (Đảng bộ xã Hòa Thắng) tổ chức kiểm điểm. Năm học qua, chi bộ có "
            "2 đảng viên hoàn thành xuất sắc nhiệm vụ năm 2023.",
            PHU_YEN,
            "Chi bộ Trường THCS Nguyễn Du",
            id="chi-bo-of-a-school-under-a-commune",
        ),
        pytest.param(
            "Đảng bộ huyện Đồng Xuân tổng kết công tác xây dựng Đảng năm 2022\n\n"
            "Năm qua, 96% đảng viên hoàn thành tốt nhiệm vụ trở lên.",
            PHU_YEN,
            "Đảng bộ huyện Đồng Xuân",
            id="headline-only-scope",
        ),
        pytest.param(
            "Đảng bộ xã Hòa Quang Bắc: nâng cao chất lượng sinh hoạt chi bộ\n\n"
            "Huyện ủy Phú Hòa đánh giá cao. Huyện ủy Phú Hòa đề nghị phát huy. Huyện ủy Phú Hòa lưu ý hạn chế.\n\n"
            "Năm 2022, có 10/12 chi bộ hoàn thành tốt nhiệm vụ.",
            PHU_YEN,
            "Đảng bộ xã Hòa Quang Bắc",
            id="the-headline-body-over-a-committee-named-more-often",
        ),
        pytest.param(
            "Năm 2022, toàn huyện có 38 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
            "https://tuyan.phuyen.gov.vn/tin-tuc/123.html",
            "Đảng bộ huyện Tuy An",
            id="district-portal-host",
        ),
        pytest.param(
            "Năm 2023, có 9 đảng viên hoàn thành xuất sắc nhiệm vụ.",
            "https://krongpac.daklak.dcs.vn/tin/55.html",
            "Đảng bộ huyện Krông Pắc",
            id="party-portal-host",
        ),
        pytest.param(
            "Đảng ủy Khối các cơ quan tỉnh tổng kết năm 2022. Toàn Đảng bộ Khối có 40 tổ chức cơ sở đảng hoàn "
            "thành tốt nhiệm vụ.",
            PHU_YEN,
            "Đảng bộ Khối các cơ quan tỉnh Phú Yên",
            id="bloc-committee-province-from-the-site",
        ),
        pytest.param(
            "Đảng ủy xã Ea Tiêu (huyện Cư Kuin) cho biết, năm 2022 có 18 chi bộ hoàn thành tốt nhiệm vụ.",
            DAK_LAK,
            "Đảng bộ xã Ea Tiêu",
            id="a-place-in-parentheses-only-locates-the-body-before-it",
        ),
        pytest.param(
            "Trường Tiểu học Nguyễn Trãi tổ chức tổng kết năm học.\n\n"
            "Năm 2022, chi bộ nhà trường có 12 đảng viên; có 3 đồng chí hoàn thành xuất sắc nhiệm vụ.",
            "https://thnguyentrai.tuyhoa.edu.vn/tin/a.html",
            "Chi bộ Trường Tiểu học Nguyễn Trãi",
            id="chi-bo-of-the-school-the-article-is-about",
        ),
        pytest.param(
            "Bệnh viện Đa khoa tỉnh Phú Yên tổng kết công tác Đảng. Năm 2022, Đảng bộ bệnh viện có 95% đảng viên "
            "hoàn thành tốt nhiệm vụ trở lên.",
            PHU_YEN,
            "Đảng bộ Bệnh viện Đa khoa tỉnh Phú Yên",
            id="party-body-of-the-hospital-the-article-is-about",
        ),
    ],
)
def test_scope(text: str, url: str, scope: str) -> None:
    assert scopes(text, url) == {scope}


def test_the_total_of_an_institution_s_own_party_body() -> None:
    text = (
        "Trường Tiểu học Nguyễn Trãi tổ chức tổng kết năm học.\n\n"
        "Năm 2022, chi bộ nhà trường có 12 đảng viên; có 3 đồng chí hoàn thành xuất sắc nhiệm vụ."
    )
    assert [r["total"] for r in read(text, "https://thnguyentrai.tuyhoa.edu.vn/tin/a.html")] == [12]


@pytest.mark.parametrize(
    ("text", "url", "scope"),
    [
        pytest.param(
            "UBND tỉnh Phú Yên công bố kết quả đánh giá năm 2022: 11/21 sở, ban, ngành hoàn thành xuất sắc nhiệm vụ.",
            PHU_YEN,
            "tỉnh Phú Yên",
            id="province-rates-its-agencies",
        ),
        pytest.param(
            "Năm 2021, UBND thành phố Buôn Ma Thuột đánh giá 1.340 cán bộ, công chức, viên chức; có 210 người "
            "hoàn thành xuất sắc nhiệm vụ.",
            DAK_LAK,
            "thành phố Buôn Ma Thuột",
            id="city-rates-its-public-servants",
        ),
        pytest.param(
            "Sở Nội vụ cho biết, năm 2023 có 86% công chức, viên chức của tỉnh hoàn thành tốt nhiệm vụ.",
            DAK_LAK,
            "tỉnh Đắk Lắk",
            id="home-affairs-department-province-from-the-site",
        ),
    ],
)
def test_state_scope(text: str, url: str, scope: str) -> None:
    assert scopes(text, url) == {scope}


# --- 2. subjects ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Năm 2022, 2 Phó Chủ tịch UBND huyện hoàn thành xuất sắc nhiệm vụ.",
            {(CB_LDQL, HTXS, 2, None)},
            id="posts-counted",
        ),
        pytest.param(
            "Năm 2023, đối với cán bộ lãnh đạo, quản lý: 15 người hoàn thành xuất sắc nhiệm vụ, 47 người hoàn "
            "thành tốt nhiệm vụ.",
            {(CB_LDQL, HTXS, 15, None), (CB_LDQL, HTT, 47, None)},
            id="people-after-a-leadership-heading",
        ),
        pytest.param(
            "Năm 2022, có 6 tập thể cấp ủy hoàn thành xuất sắc nhiệm vụ.",
            {(TT_LDQL, HTXS, 6, None)},
            id="committee-collectives",
        ),
        pytest.param(
            "Năm 2023, trong 320 cán bộ, công chức, viên chức được đánh giá có 58 người hoàn thành xuất sắc "
            "nhiệm vụ, 250 người hoàn thành tốt nhiệm vụ.",
            {(CBCCVC, EVALUATED, 320, None), (CBCCVC, HTXS, 58, None), (CBCCVC, HTT, 250, None)},
            id="public-servants-counted-as-people",
        ),
        pytest.param(
            "Chi bộ khu phố 3 có 19 đảng viên. Kết quả đánh giá năm 2022 có 3 đồng chí hoàn thành xuất sắc nhiệm vụ.",
            {(DANG_VIEN, HTXS, 3, None)},
            id="comrades-of-a-chi-bo",
        ),
        pytest.param(
            "Năm 2021 có 14 trưởng, phó phòng hoàn thành tốt nhiệm vụ.",
            {(CB_LDQL, HTT, 14, None)},
            id="heads-and-deputies-counted",
        ),
        pytest.param(
            "Năm 2022, đối với cán bộ diện Ban Thường vụ Huyện ủy Tuy An quản lý, có 45 đồng chí hoàn thành xuất sắc "
            "nhiệm vụ, 120 đồng chí hoàn thành tốt nhiệm vụ.",
            {(CB_LDQL, HTXS, 45, None), (CB_LDQL, HTT, 120, None)},
            id="cadres-a-standing-committee-manages",
        ),
    ],
)
def test_subjects(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected


# --- 3. rating forms -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Năm 2022, có 9 cơ quan, đơn vị xếp loại A (hoàn thành xuất sắc nhiệm vụ), 25 cơ quan, đơn vị xếp "
            "loại B (hoàn thành tốt nhiệm vụ).",
            {(CQ_DV, HTXS, 9, None), (CQ_DV, HTT, 25, None)},
            id="letter-grades-with-their-meaning",
        ),
        pytest.param(
            "Kết quả xếp loại đảng viên năm 2023: hoàn thành tốt nhiệm vụ: 512 người, tỷ lệ 61,3%; hoàn thành "
            "nhiệm vụ: 40 người, tỷ lệ 4,8%.",
            {(DANG_VIEN, HTT, 512, 61.3), (DANG_VIEN, HTNV, 40, 4.8)},
            id="rating-before-the-count-with-a-unit",
        ),
        pytest.param(
            "Năm 2015, có 45 đảng viên hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực.",
            {(DANG_VIEN, HTNV, 45, None)},
            id="pre-2018-limited-capacity",
        ),
        pytest.param(
            "Năm 2016, số đảng viên đủ tư cách, hoàn thành xuất sắc nhiệm vụ là 312 đồng chí, chiếm 14,2%.",
            {(DANG_VIEN, HTXS, 312, 14.2)},
            id="pre-2018-excellent",
        ),
        pytest.param(
            "Năm 2022, có 7 công chức xếp loại B và 1 công chức xếp loại D.",
            {(CBCCVC, HTT, 7, None), (CBCCVC, KHT, 1, None)},
            id="letter-grades-alone",
        ),
        pytest.param(
            "Kết quả năm 2022: 05 chi bộ HTXSNV; 12 chi bộ HTTNV; 01 chi bộ HTNV.",
            {(CHI_BO, HTXS, 5, None), (CHI_BO, HTT, 12, None), (CHI_BO, HTNV, 1, None)},
            id="abbreviated-rating-right-after-a-head-noun",
        ),
        pytest.param(
            "Năm 2022: có 15 chi bộ HTXSNV, chiếm 30%, 32 chi bộ HTTNV (64%); đảng viên: 280 đảng viên HTXSNV (15,1%).",
            {(CHI_BO, HTXS, 15, 30.0), (CHI_BO, HTT, 32, 64.0), (DANG_VIEN, HTXS, 280, 15.1)},
            id="abbreviated-ratings-in-a-list",
        ),
        pytest.param(
            "Năm 2017, có 28 tổ chức cơ sở đảng đạt trong sạch, vững mạnh; 3 tổ chức cơ sở đảng đạt trong sạch, "
            "vững mạnh tiêu biểu.",
            {(TCCSD, TSVM, 28, None), (TCCSD, TSVM_TB, 3, None)},
            id="clean-and-strong-and-exemplary",
        ),
        pytest.param(
            "Năm 2022, 86,4% đảng viên hoàn thành xuất sắc nhiệm vụ và hoàn thành tốt nhiệm vụ.",
            {(DANG_VIEN, HTT_UP, None, 86.4)},
            id="both-upper-levels-named-in-full",
        ),
        pytest.param(
            "Năm 2022, 91,2% chi bộ hoàn thành tốt nhiệm vụ hoặc hoàn thành xuất sắc nhiệm vụ.",
            {(CHI_BO, HTT_UP, None, 91.2)},
            id="both-upper-levels-joined-by-or",
        ),
        pytest.param(
            "Năm 2022, 93% đảng viên hoàn thành tốt nhiệm vụ (HTTNV) trở lên.",
            {(DANG_VIEN, HTT_UP, None, 93.0)},
            id="abbreviation-in-parentheses-before-and-above",
        ),
        pytest.param(
            "Năm 2022, 12 công chức được xếp loại A; 30 công chức xếp loại mức B; 2 công chức đạt loại C.",
            {(CBCCVC, HTXS, 12, None), (CBCCVC, HTT, 30, None), (CBCCVC, HTNV, 2, None)},
            id="letter-grades-after-any-grading-verb",
        ),
        pytest.param(
            "Năm 2022, có 45 đảng viên được xếp loại xuất sắc, 12 đơn vị đạt loại tốt.",
            set(),
            id="levels-named-by-a-bare-adjective-are-not-ours",
        ),
        pytest.param(
            "Năm 2022, mức “Hoàn thành xuất sắc nhiệm vụ”: 12 đồng chí; mức “Hoàn thành tốt nhiệm vụ”: 40 đồng chí.",
            {(DANG_VIEN, HTXS, 12, None), (DANG_VIEN, HTT, 40, None)},
            id="quoted-level-then-a-colon-and-people-counted",
        ),
        pytest.param(
            "Năm 2022, không có TCCSĐ và đảng viên không hoàn thành nhiệm vụ.",
            {(TCCSD, KHT, 0, None), (DANG_VIEN, KHT, 0, None)},
            id="none-of-two-subjects",
        ),
    ],
)
def test_rating_forms(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected


# --- 4. totals -----------------------------------------------------------------------------------------
def test_total_stated_earlier_for_the_same_scope() -> None:
    text = (
        "Đảng bộ huyện Tây Hòa có 48 TCCSĐ với 6.120 đảng viên. Năm 2022, có 11 TCCSĐ hoàn thành xuất sắc nhiệm "
        "vụ; 905 đảng viên hoàn thành xuất sắc nhiệm vụ."
    )
    totals = {(r["subject"], r["total"]) for r in read(text)}
    assert totals == {(TCCSD, 48), (DANG_VIEN, 6120)}


def test_total_in_the_headline_as_x_of_n() -> None:
    text = "Huyện Phú Hòa: 44/47 TCCSĐ hoàn thành tốt nhiệm vụ năm 2022\n\nTrong đó có 12 TCCSĐ hoàn thành xuất sắc."
    totals = {(r["rating"], r["count"], r["total"]) for r in read(text)}
    assert totals == {(HTT_UP, 44, 47), (HTXS, 12, 47)}


def test_total_as_trong_tong_so() -> None:
    text = "Năm 2023, có 37 chi bộ hoàn thành tốt nhiệm vụ trong tổng số 52 chi bộ."
    assert {(r["count"], r["total"]) for r in read(text)} == {(37, 52)}


def test_total_of_a_fraction_in_parentheses() -> None:
    text = "Năm 2021, 87,5% TCCSĐ (35/40) hoàn thành tốt nhiệm vụ."
    assert {(r["count"], r["percent"], r["total"]) for r in read(text)} == {(35, 87.5, 40)}


def test_what_a_body_has_then_the_count_rated() -> None:
    text = "Năm 2022, chi bộ có 15 đảng viên thì 3 đồng chí hoàn thành xuất sắc nhiệm vụ."
    assert [(r["subject"], r["count"], r["total"]) for r in read(text)] == [(DANG_VIEN, 3, 15)]


def test_total_named_before_a_colon() -> None:
    text = "Tổng số đảng viên: 1.520 đồng chí. Năm 2022, có 180 đảng viên hoàn thành xuất sắc nhiệm vụ."
    assert [(r["count"], r["total"]) for r in read(text)] == [(180, 1520)]


def test_total_stated_before_the_count_in_one_clause() -> None:
    text = "Năm 2022, Đảng bộ huyện Sơn Hòa với tổng số 1.620 đảng viên có 1.400 đảng viên hoàn thành tốt nhiệm vụ."
    assert [(r["count"], r["total"]) for r in read(text)] == [(1400, 1620)]


# --- 5. "được đánh giá" ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Năm 2022, 15/15 đảng viên được đánh giá, xếp loại.",
            {(DANG_VIEN, EVALUATED, 15, None)},
            id="x-of-n-evaluated",
        ),
        pytest.param(
            "Năm 2021, tổng số đảng viên được kiểm điểm, đánh giá là 4.210, đạt 96,4%.",
            {(DANG_VIEN, EVALUATED, 4210, 96.4)},
            id="reviewed-and-evaluated-number-after-the-subject",
        ),
        pytest.param(
            "Năm 2022, tổng số đảng viên được đánh giá, xếp loại: 2.345 đồng chí; trong đó 310 đồng chí hoàn thành "
            "xuất sắc nhiệm vụ.",
            {(DANG_VIEN, EVALUATED, 2345, None), (DANG_VIEN, HTXS, 310, None)},
            id="number-evaluated-after-a-colon",
        ),
        pytest.param(
            "Chi bộ thôn Mỹ Phú có 25 đảng viên, được đánh giá 23 đồng chí (miễn đánh giá 2 đồng chí). Năm 2022 có "
            "4 đồng chí hoàn thành xuất sắc nhiệm vụ.",
            {(DANG_VIEN, EVALUATED, 23, None), (DANG_VIEN, HTXS, 4, None)},
            id="evaluated-then-the-count",
        ),
        pytest.param(
            "Năm 2022, đánh giá, xếp loại chất lượng 52 chi bộ trực thuộc; kết quả: 10 chi bộ hoàn thành xuất sắc "
            "nhiệm vụ.",
            {(CHI_BO, EVALUATED, 52, None), (CHI_BO, HTXS, 10, None)},
            id="evaluating-then-what-was-evaluated",
        ),
        pytest.param(
            "Năm 2023, có 128 tổ chức cơ sở đảng được đánh giá, xếp loại chất lượng.",
            {(TCCSD, EVALUATED, 128, None)},
            id="grassroots-evaluated",
        ),
    ],
)
def test_evaluated(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected


# --- 6. percent-only figures ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Năm 2022, tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên đạt 92%.",
            {(CHI_BO, HTT_UP, None, 92.0)},
            id="share-after-the-rating",
        ),
        pytest.param(
            "Năm 2023, tỷ lệ TCCSĐ hoàn thành tốt nhiệm vụ trở lên đạt 88%, đảng viên đạt 91,5%.",
            {(TCCSD, HTT_UP, None, 88.0), (DANG_VIEN, HTT_UP, None, 91.5)},
            id="two-subjects-close-together",
        ),
        pytest.param(
            "Năm 2021, đảng viên hoàn thành tốt nhiệm vụ trở lên chiếm 95,2%; tổ chức cơ sở đảng hoàn thành tốt "
            "nhiệm vụ trở lên chiếm 90,1%.",
            {(DANG_VIEN, HTT_UP, None, 95.2), (TCCSD, HTT_UP, None, 90.1)},
            id="subject-first-share-last",
        ),
        pytest.param(
            "Năm 2022, có 98% chi bộ trực thuộc và 94% đảng viên hoàn thành tốt nhiệm vụ.",
            {(CHI_BO, HTT, None, 98.0), (DANG_VIEN, HTT, None, 94.0)},
            id="one-rating-two-shares",
        ),
        pytest.param(
            "Năm 2022, tỷ lệ TCCSĐ và đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 92% và 95%.",
            {(TCCSD, HTT_UP, None, 92.0), (DANG_VIEN, HTT_UP, None, 95.0)},
            id="respectively-left-out",
        ),
        pytest.param(
            "Năm 2022, tỷ lệ hoàn thành tốt nhiệm vụ trở lên của TCCSĐ đạt 92%, của đảng viên đạt 95%.",
            {(TCCSD, HTT_UP, None, 92.0), (DANG_VIEN, HTT_UP, None, 95.0)},
            id="subjects-after-the-rating-with-cua",
        ),
        pytest.param(
            "Tỷ lệ hoàn thành tốt nhiệm vụ trở lên năm 2022: tổ chức cơ sở đảng 92%, đảng viên 95%.",
            {(TCCSD, HTT_UP, None, 92.0), (DANG_VIEN, HTT_UP, None, 95.0)},
            id="subjects-and-shares-listed-after-the-rating",
        ),
    ],
)
def test_percent_only(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected


# --- 8. precision --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Ban Thường vụ Huyện ủy tặng giấy khen cho 15 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ năm 2022.",
            id="certificates-of-merit",
        ),
        pytest.param(
            "Năm 2022, huyện khen thưởng 42 đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu.",
            id="commended-members",
        ),
        pytest.param(
            "Trong nhiệm kỳ, có 320 lượt tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
            id="counts-of-times-over-a-term",
        ),
        pytest.param(
            "Năm 2022, có 95% tổ chức đảng hoàn thành tốt nhiệm vụ trở lên.",
            id="pooled-party-organizations",
        ),
        pytest.param(
            "Năm 2024, Đảng bộ huyện đặt mục tiêu có trên 90% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
            id="target-as-a-goal-set",
        ),
        pytest.param(
            "Năm 2023, Đảng bộ xã kết nạp 12 đảng viên mới, 100% chi bộ tham gia sinh hoạt đầy đủ.",
            id="admissions-and-attendance",
        ),
        pytest.param(
            "Có 7 chi bộ 5 năm liền đạt trong sạch vững mạnh.",
            id="five-years-running",
        ),
        pytest.param(
            "Hội nghị có 100% đại biểu thống nhất thông qua nghị quyết về đánh giá đảng viên hoàn thành tốt nhiệm vụ.",
            id="vote-share",
        ),
        pytest.param(
            "Năm 2022, có từ 3 đến 5 đảng viên hoàn thành xuất sắc nhiệm vụ ở mỗi chi bộ.",
            id="range",
        ),
    ],
)
def test_not_a_record(text: str) -> None:
    assert read(text) == []


# --- tables --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Kết quả xếp loại tổ chức cơ sở đảng năm 2022\n"
            "Mức xếp loại | Số lượng | Tỷ lệ (%)\n"
            "Hoàn thành xuất sắc nhiệm vụ | 12 | 24\n"
            "Hoàn thành tốt nhiệm vụ | 33 | 66",
            {(TCCSD, HTXS, 12, 24.0), (TCCSD, HTT, 33, 66.0)},
            id="count-column-named-by-no-noun",
        ),
        pytest.param(
            "Kết quả đánh giá năm 2022 như sau:\n"
            "Nội dung | Hoàn thành xuất sắc nhiệm vụ | Hoàn thành tốt nhiệm vụ\n"
            "Tổ chức cơ sở đảng | 12 (24%) | 33 (66%)\n"
            "Đảng viên | 420 (12,5%) | 2.810 (83,6%)",
            {
                (TCCSD, HTXS, 12, 24.0),
                (TCCSD, HTT, 33, 66.0),
                (DANG_VIEN, HTXS, 420, 12.5),
                (DANG_VIEN, HTT, 2810, 83.6),
            },
            id="count-and-share-in-one-cell",
        ),
        pytest.param(
            "Kết quả xếp loại đảng viên năm 2022\n"
            "STT | Xếp loại | Số đảng viên | Tỷ lệ\n"
            "1 | Hoàn thành xuất sắc nhiệm vụ | 420 | 12,5%\n"
            "2 | Hoàn thành tốt nhiệm vụ | 2.810 | 83,6%",
            {(DANG_VIEN, HTXS, 420, 12.5), (DANG_VIEN, HTT, 2810, 83.6)},
            id="numbered-rows",
        ),
        pytest.param(
            "Kết quả năm 2022:\nĐối tượng | HTXSNV | HTTNV | KHTNV\n"
            "Tổ chức cơ sở đảng | 12 | 33 | 0\nĐảng viên | 420 | 2.810 | 15",
            {
                (TCCSD, HTXS, 12, None),
                (TCCSD, HTT, 33, None),
                (TCCSD, KHT, 0, None),
                (DANG_VIEN, HTXS, 420, None),
                (DANG_VIEN, HTT, 2810, None),
                (DANG_VIEN, KHT, 15, None),
            },
            id="subjects-in-rows-ratings-in-the-header",
        ),
    ],
)
def test_tables(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected


# --- punctuation and spacing as pages leave them -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Năm 2022, có 1.024đồng chí hoàn thành xuất sắc nhiệm vụ.",
            {(DANG_VIEN, HTXS, 1024, None)},
            id="figure-glued-to-its-noun",
        ),
        pytest.param(
            "Năm 2022, có 15 đảng viên hoàn thành xuất sắc nhiệm vụ,chiếm 10%;120 đảng viên hoàn thành tốt nhiệm vụ.",
            {(DANG_VIEN, HTXS, 15, 10.0), (DANG_VIEN, HTT, 120, None)},
            id="separators-glued-to-figures",
        ),
        pytest.param(
            "Năm 2022, có 48 chi bộ hoàn thành tốt nhiệm vụ, chiếm 80,5%,trong đó 9 chi bộ hoàn thành xuất sắc "
            "nhiệm vụ.",
            {(CHI_BO, HTT_UP, 48, 80.5), (CHI_BO, HTXS, 9, None)},
            id="comma-glued-after-a-share",
        ),
    ],
)
def test_spacing(text: str, expected: set[tuple[Any, ...]]) -> None:
    assert facts(text) == expected
