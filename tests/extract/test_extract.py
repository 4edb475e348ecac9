"""Extraction patterns, each on a short text written for this test (invented figures)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.extract import extract_text
from pipeline.extract.vocabulary import (
    CB_LDQL,
    CBCCVC,
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
    YEU_KEM,
)

PROVINCIAL = "https://baothanhhoa.vn/tin-tuc/bai-viet-123.htm"


def read(text: str, url: str | None = PROVINCIAL, published: str | None = None) -> list[dict[str, Any]]:
    return [record.to_dict() for record in extract_text(text, url=url, published=published).records]


def facts(text: str, **context: Any) -> set[tuple[Any, ...]]:
    return {(r["subject"], r["rating"], r["count"], r["percent"]) for r in read(text, **context)}


def test_count_subject_rating_and_share() -> None:
    text = (
        "Năm 2022, Đảng bộ huyện Yên Định có 42 tổ chức cơ sở đảng với 6.120 đảng viên. Kết quả có "
        "9 TCCSĐ hoàn thành xuất sắc nhiệm vụ (chiếm 21,4%), 30 TCCSĐ hoàn thành tốt nhiệm vụ; "
        "không có TCCSĐ nào không hoàn thành nhiệm vụ."
    )
    records = read(text)
    assert {(r["rating"], r["count"], r["percent"]) for r in records} == {
        (HTXS, 9, 21.4),
        (HTT, 30, None),
        (KHT, 0, None),
    }
    for record in records:
        assert record["scope"] == "Đảng bộ huyện Yên Định"
        assert record["district"] == "Yên Định"
        assert record["province"] == "Thanh Hóa"
        assert record["year"] == 2022
        assert record["total"] == 42
    first = next(r for r in records if r["rating"] == HTXS)
    assert first["evidence"] == "9 TCCSĐ hoàn thành xuất sắc nhiệm vụ (chiếm 21,4%)"
    assert text[first["start"] : first["end"]] == first["evidence"]


def test_subject_carries_over_to_later_clauses() -> None:
    text = "Năm 2021, có 812 đảng viên hoàn thành xuất sắc nhiệm vụ, chiếm 13,2%; 4.950 HTTNV, chiếm 80,9%; 301 HTNV."
    assert facts(text) == {(DANG_VIEN, HTXS, 812, 13.2), (DANG_VIEN, HTT, 4950, 80.9), (DANG_VIEN, HTNV, 301, None)}


def test_one_rating_stated_for_two_subjects() -> None:
    text = "Năm 2019, có 68,5% TCCSĐ và 75,3% đảng viên hoàn thành tốt nhiệm vụ."
    assert facts(text) == {(TCCSD, HTT, None, 68.5), (DANG_VIEN, HTT, None, 75.3)}


def test_rating_before_the_count() -> None:
    text = (
        "Kết quả năm 2020 của 90 chi bộ trực thuộc: hoàn thành xuất sắc nhiệm vụ có 15 chi bộ (chiếm 16,7%), "
        "hoàn thành tốt nhiệm vụ 60 chi bộ bằng 66,7%; đạt trong sạch vững mạnh là 70."
    )
    assert facts(text) == {("chi bộ", HTXS, 15, 16.7), ("chi bộ", HTT, 60, 66.7), ("chi bộ", TSVM, 70, None)}


def test_subject_then_rating_then_count() -> None:
    text = (
        "Năm 2023, số đảng viên hoàn thành xuất sắc nhiệm vụ là 410 đồng chí, đạt 12%; "
        "đảng viên hoàn thành nhiệm vụ: 95 đồng chí."
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 410, 12.0), (DANG_VIEN, HTNV, 95, None)}


def test_cumulative_trong_do_makes_the_first_figure_hoan_thanh_tot_tro_len() -> None:
    text = "Năm 2020, có 48/52 đảng bộ cơ sở hoàn thành tốt nhiệm vụ, trong đó 11 đảng bộ cơ sở hoàn thành xuất sắc."
    records = read(text)
    assert {(r["rating"], r["count"], r["total"]) for r in records} == {(HTT_UP, 48, 52), (HTXS, 11, 52)}


def test_fraction_gives_count_and_total() -> None:
    text = (
        "Qua đánh giá năm 2022, có 24/180 chi bộ đạt hoàn thành xuất sắc nhiệm vụ, 150 chi bộ hoàn thành tốt nhiệm vụ."
    )
    records = read(text)
    assert {(r["count"], r["total"]) for r in records} == {(24, 180), (150, 180)}


def test_approximators() -> None:
    text = "Năm 2018 có trên 90% đảng viên hoàn thành tốt nhiệm vụ trở lên và gần 5% đảng viên hoàn thành nhiệm vụ."
    approx = {r["rating"]: r["approx"] for r in read(text)}
    assert approx == {HTT_UP: "over", HTNV: "under"}


def test_numbers_in_words_and_shares_in_words() -> None:
    text = (
        "Năm 2019, có ba mươi tư đảng viên hoàn thành xuất sắc nhiệm vụ và một nửa số chi bộ đạt trong sạch vững mạnh."
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 34, None), ("chi bộ", TSVM, None, 50.0)}


def test_old_categories_map_literally() -> None:
    text = (
        "Theo kết quả năm 2014, 97,1% đảng viên đủ tư cách, hoàn thành tốt nhiệm vụ; 0,8% đảng viên vi phạm tư cách. "
        "Có 120 tổ chức cơ sở đảng trong sạch, vững mạnh, trong đó 31 tổ chức cơ sở đảng trong sạch, vững mạnh tiêu "
        "biểu; 4 tổ chức cơ sở đảng yếu kém."
    )
    assert facts(text) == {
        (DANG_VIEN, HTT, None, 97.1),
        (DANG_VIEN, KHT, None, 0.8),
        (TCCSD, TSVM, 120, None),
        (TCCSD, TSVM_TB, 31, None),
        (TCCSD, YEU_KEM, 4, None),
    }


def test_abbreviation_typos_are_read() -> None:
    text = "Năm 2021 xã có 17 đảng viên HTSXNV, chiếm 9%; 150 đảng viên HTTVN."
    assert facts(text) == {(DANG_VIEN, HTXS, 17, 9.0), (DANG_VIEN, HTT, 150, None)}


def test_quoted_ratings() -> None:
    text = (
        "Năm 2020, chi bộ có 3/15 đảng viên “Hoàn thành xuất sắc nhiệm vụ” và 12 đảng viên “Hoàn thành tốt nhiệm vụ”."
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 3, None), (DANG_VIEN, HTT, 12, None)}


def test_evaluated_counts() -> None:
    text = "Năm 2021, toàn tỉnh có 1.205/1.250 tổ chức cơ sở đảng được đánh giá, xếp loại chất lượng."
    records = read(text)
    assert [(r["rating"], r["count"], r["total"], r["scope"]) for r in records] == [
        (EVALUATED, 1205, 1250, "Đảng bộ tỉnh Thanh Hóa")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Năm 2024, huyện phấn đấu 95% TCCSĐ hoàn thành tốt nhiệm vụ trở lên, 90% đảng viên hoàn thành tốt.",
        "Chỉ tiêu năm 2023: ít nhất 20% đảng viên hoàn thành xuất sắc nhiệm vụ.",
        "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ năm 2022 tăng 2,4% so với năm trước.",
        "Năm 2020 có 85 chi bộ được khen thưởng vì hoàn thành xuất sắc nhiệm vụ 5 năm liền.",
        "Năm 2021 có 1.200 đảng viên được kiểm điểm, 98% đảng viên được kiểm tra.",
        "Năm 2022 kết nạp 130/120 đảng viên, đạt 108% kế hoạch.",
        "Năm 2022 có 04 nhiệm vụ hoàn thành xuất sắc nhiệm vụ và 2 nhiệm vụ hoàn thành tốt nhiệm vụ.",
        "Năm 2021, 100% cán bộ, chiến sĩ đạt yêu cầu, trong đó 80% đạt khá, giỏi.",
        "Đảng bộ xã đạt trong sạch vững mạnh 3 năm liên tục (2019 - 2021).",
    ],
)
def test_what_is_not_a_record(text: str) -> None:
    assert read(text) == []


def test_a_result_beside_its_target_keeps_the_result() -> None:
    text = "Năm 2022, tỉ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên là 97,6% (Nghị quyết đề ra ít nhất 95%)."
    assert facts(text) == {(DANG_VIEN, HTT_UP, None, 97.6)}


def test_several_years_in_one_text() -> None:
    text = (
        "Năm 2021, Đảng bộ huyện Nông Cống có 92% đảng viên hoàn thành tốt nhiệm vụ trở lên. "
        "Trước đó, năm 2020 tỉ lệ này là 89%, và năm 2019 có 87% đảng viên hoàn thành tốt nhiệm vụ trở lên."
    )
    years = {r["year"]: r["percent"] for r in read(text)}
    assert years[2021] == 92.0
    assert years[2019] == 87.0


def test_every_year_without_a_year_gives_no_year() -> None:
    text = "Hằng năm, chi bộ có 10% đảng viên hoàn thành xuất sắc nhiệm vụ."
    assert [r["year"] for r in read(text)] == [None]


def test_year_is_not_the_publication_year_nor_a_plan_year() -> None:
    text = (
        "Hội nghị tổng kết công tác năm 2020, triển khai nhiệm vụ năm 2021 của Huyện ủy Hậu Lộc.\n\n"
        "Toàn Đảng bộ huyện có 55 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
    )
    records = read(text, published="2021-01-12")
    assert [(r["year"], r["scope"]) for r in records] == [(2020, "Đảng bộ huyện Hậu Lộc")]


def test_table_rows_are_read_through_their_header() -> None:
    text = (
        "Kết quả năm 2022 của Đảng bộ huyện Nga Sơn:\n"
        "Mức xếp loại | Tổ chức cơ sở đảng | Tỷ lệ (%) | Đảng viên | Tỷ lệ (%)\n"
        "Hoàn thành xuất sắc nhiệm vụ | 10 | 20,8 | 702 | 12,5\n"
        "Hoàn thành tốt nhiệm vụ | 35 | 72,9 | 4.605 | 82,1"
    )
    assert facts(text) == {
        (TCCSD, HTXS, 10, 20.8),
        (DANG_VIEN, HTXS, 702, 12.5),
        (TCCSD, HTT, 35, 72.9),
        (DANG_VIEN, HTT, 4605, 82.1),
    }
    assert {r["year"] for r in read(text)} == {2022}


def test_table_with_year_columns() -> None:
    text = "Nội dung | Năm 2020 | Năm 2021\nĐảng viên hoàn thành xuất sắc nhiệm vụ | 640 | 702"
    assert {(r["year"], r["count"]) for r in read(text)} == {(2020, 640), (2021, 702)}


def test_dates_and_document_codes_are_not_figures() -> None:
    text = (
        "Thực hiện Hướng dẫn số 27-HD/BTCTW ngày 25/9/2019, đến ngày 15-01-2020 có 37 TCCSĐ "
        "hoàn thành tốt nhiệm vụ năm 2019."
    )
    assert facts(text) == {(TCCSD, HTT, 37, None)}


def test_same_statement_twice_is_one_record() -> None:
    text = (
        "Năm 2021, huyện Kim Thành có 30/41 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\n\n"
        "Trong năm 2021 toàn huyện có 30/41 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, chiếm 73,2%."
    )
    records = read(text)
    assert len(records) == 1
    assert records[0]["percent"] == 73.2
    assert records[0]["scope"] == "Đảng bộ huyện Kim Thành"


def test_two_values_for_one_statement_in_one_sentence_are_left_out() -> None:
    text = "Năm 2017 có 40,2% tổng số đảng viên hoàn thành tốt nhiệm vụ và 12,1% tổng số đảng viên hoàn thành tốt"
    result = extract_text(text)
    assert result.records == ()
    assert any("ambiguous" in flag for flag in result.flags)


def test_province_and_district_from_a_district_portal() -> None:
    records = read(
        "Năm 2021, Đảng bộ xã có 23 đảng viên hoàn thành xuất sắc nhiệm vụ.", url="https://huulung.langson.gov.vn/x"
    )
    assert [(r["province"], r["district"]) for r in records] == [("Lạng Sơn", "Hữu Lũng")]


def test_validation_flags() -> None:
    text = "Năm 2020, có 60/50 chi bộ hoàn thành tốt nhiệm vụ, chiếm 90%; 8 chi bộ hoàn thành nhiệm vụ, chiếm 30%."
    flags = {flag for record in read(text) for flag in record["flags"]}
    assert "shares_exceed_100" in flags


def test_percent_disagreeing_with_count_and_total_is_flagged() -> None:
    text = "Năm 2020, có 12/40 chi bộ hoàn thành xuất sắc nhiệm vụ, chiếm 50%."
    (record,) = read(text)
    assert "percent_disagrees_with_count_and_total" in record["flags"]
    assert record["confidence"] < 0.95


def test_share_in_parentheses_between_subject_and_rating() -> None:
    assert facts("Năm 2021, có 39 TCCSĐ (chiếm 84,78%) hoàn thành tốt nhiệm vụ.") == {(TCCSD, HTT, 39, 84.78)}


def test_figure_after_a_colon() -> None:
    (record,) = read("Năm 2021, số TCCSĐ hoàn thành xuất sắc nhiệm vụ: 12/48, chiếm 25%.")
    assert (record["count"], record["total"], record["percent"]) == (12, 48, 25.0)


def test_shares_listed_after_colons() -> None:
    text = "Năm 2020, đảng viên HTXSNV: 10,5%; HTTNV: 80,1%; KHTNV: 0,5%."
    assert facts(text) == {(DANG_VIEN, HTXS, None, 10.5), (DANG_VIEN, HTT, None, 80.1), (DANG_VIEN, KHT, None, 0.5)}


def test_khong_before_an_abbreviation_is_the_lowest_level() -> None:
    text = (
        "Năm 2022 có 5.686 đồng chí HTTNV (chiếm 80,5%), 20 đồng chí không HTNV (chiếm 0,3%) trong tổng số đảng viên."
    )
    assert (DANG_VIEN, KHT, 20, 0.3) in facts(text)


def test_evaluated_then_a_level_that_is_not_ours_is_no_record() -> None:
    assert read("Năm 2023, có 98,2% TCCSĐ được đánh giá, xếp loại hoàn thành nhiệm vụ trở lên.") == []


def test_every_year_alike_is_a_multi_year_statement() -> None:
    assert read("Tỷ lệ đảng viên hoàn thành nhiệm vụ hằng năm đều đạt trên 95%.") == []


def test_mass_organizations_are_not_party_subjects() -> None:
    assert read("Năm 2022, có 45/50 cơ sở Hội đạt trong sạch vững mạnh và 20 chi đoàn vững mạnh.") == []


def test_collectives_count_for_the_leadership_subject() -> None:
    text = "Năm 2021, tập thể lãnh đạo, quản lý có 45 tập thể hoàn thành xuất sắc nhiệm vụ."
    assert facts(text) == {("tập thể lãnh đạo, quản lý", HTXS, 45, None)}


def test_count_out_of_a_total_in_words() -> None:
    text = "Năm 2018, có 662 trong tổng số 686 TCCSĐ được đánh giá, xếp loại; 120 TCCSĐ hoàn thành xuất sắc nhiệm vụ."
    assert {(r["rating"], r["count"], r["total"]) for r in read(text)} == {(EVALUATED, 662, 686), (HTXS, 120, 686)}


def test_the_number_evaluated_is_the_total_of_what_follows() -> None:
    text = "Năm 2023, trong tổng số 2.345 đảng viên được đánh giá, có 312 đồng chí hoàn thành xuất sắc nhiệm vụ."
    records = {r["rating"]: (r["count"], r["total"]) for r in read(text)}
    assert records == {EVALUATED: (2345, None), HTXS: (312, 2345)}


def test_title_cased_headline() -> None:
    assert facts("Năm 2023: 95% Tổ Chức Cơ Sở Đảng Hoàn Thành Tốt Nhiệm Vụ Trở Lên") == {(TCCSD, HTT_UP, None, 95.0)}


def test_unnamed_commune_body_is_the_commune_the_article_names() -> None:
    text = "Đảng ủy xã Quảng Phú tổ chức hội nghị.\n\nNăm 2023, Đảng bộ xã có 12/14 chi bộ hoàn thành tốt nhiệm vụ."
    assert [r["scope"] for r in read(text)] == ["Đảng bộ xã Quảng Phú"]


def test_count_in_parentheses_after_a_share() -> None:
    text = (
        "Năm 2022 có 15,6% tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ (10/64 tổ chức); "
        "78,1% hoàn thành tốt (50 tổ chức)."
    )
    assert {(r["rating"], r["count"], r["percent"], r["total"]) for r in read(text)} == {
        (HTXS, 10, 15.6, 64),
        (HTT, 50, 78.1, 64),
    }


def test_an_approximate_number_evaluated_is_no_total() -> None:
    text = "Năm 2022, trong tổng số hơn 11.000 đảng viên được đánh giá, có 1.420 đồng chí hoàn thành xuất sắc nhiệm vụ."
    assert {r["rating"]: r["total"] for r in read(text)}[HTXS] is None


def test_table_column_of_units_counts_the_subject_named_before_it() -> None:
    text = (
        "Kết quả xếp loại tổ chức cơ sở đảng năm 2024 như sau:\n"
        "Mức xếp loại | Số tổ chức | Tỷ lệ\n"
        "Hoàn thành xuất sắc nhiệm vụ | 7 | 17,9%\n"
        "Hoàn thành tốt nhiệm vụ | 29 | 74,4%"
    )
    assert facts(text) == {(TCCSD, HTXS, 7, 17.9), (TCCSD, HTT, 29, 74.4)}


def test_total_is_the_stated_number_of_units_not_the_number_evaluated() -> None:
    text = (
        "Năm 2020, toàn tỉnh có 1.092 TCCSĐ; qua đánh giá có 1.051 TCCSĐ được xếp loại, trong đó 206 TCCSĐ "
        "hoàn thành xuất sắc nhiệm vụ (19,6%), 790 hoàn thành tốt nhiệm vụ (75,2%)."
    )
    records = read(text)
    assert {(r["rating"], r["count"], r["total"]) for r in records} == {
        (EVALUATED, 1051, 1092),
        (HTXS, 206, 1092),
        (HTT, 790, 1092),
    }
    assert all(not r["flags"] for r in records)  # the percents are of the 1.051 evaluated


def test_chi_bo_of_a_hamlet() -> None:
    text = (
        "Đại hội Chi bộ khu phố 3, phường Đông Vệ.\n\nNăm 2021, chi bộ có 6/42 đảng viên hoàn thành xuất sắc nhiệm vụ."
    )
    assert [r["scope"] for r in read(text)] == ["Chi bộ khu phố 3 phường Đông Vệ"]
    assert names_of(text) == ["Chi bộ khu phố 3, phường Đông Vệ"]


def names_of(text: str) -> list[str]:
    return list(extract_text(text).organizations)


def test_among_n_units_gives_the_total() -> None:
    text = "Năm 2021, trong 56 TCCSĐ của huyện, có 12 TCCSĐ hoàn thành xuất sắc nhiệm vụ."
    assert [(r["count"], r["total"]) for r in read(text)] == [(12, 56)]


def test_a_figure_for_a_whole_term_has_no_year() -> None:
    text = "Năm 2020 là năm cuối nhiệm kỳ.\n\nTrong nhiệm kỳ 2015 - 2020, có 85% TCCSĐ đạt trong sạch vững mạnh."
    assert [(r["year"], r["percent"]) for r in read(text)] == [(None, 85.0)]


def test_the_nearer_of_a_year_and_a_period_decides() -> None:
    text = "Giai đoạn 2016 - 2020 đã qua; riêng năm 2020 có 152/159 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
    assert [r["year"] for r in read(text)] == [2020]
    text = "Năm 2017 là năm đầu nhiệm kỳ, hằng năm có 90% đảng viên hoàn thành tốt nhiệm vụ."
    assert [r["year"] for r in read(text)] == [None]


# --- robustness: what a hostile or broken page may hold ---------------------------------------------
def test_digits_of_other_scripts_are_text_not_figures() -> None:
    text = "Năm ²⁰²³ có ٥ đảng viên hoàn thành tốt nhiệm vụ; năm 2023 có 7 đảng viên hoàn thành xuất sắc nhiệm vụ."
    assert [(r["year"], r["rating"], r["count"]) for r in read(text)] == [(2023, HTXS, 7)]


@pytest.mark.parametrize("figure", ["9" * 400, "9" * 400 + "%", "99.999.999.999.999.999.999", "1" + "0" * 30 + "/2"])
def test_numbers_past_any_count_are_no_figures(figure: str) -> None:
    text = f"Năm 2022 có {figure} đảng viên hoàn thành tốt nhiệm vụ, 12 đảng viên hoàn thành xuất sắc nhiệm vụ."
    assert facts(text) == {(DANG_VIEN, HTXS, 12, None)}


def test_a_text_past_spacys_length_limit_keeps_its_headline_context() -> None:
    headline = "Đảng bộ huyện Quỳnh Lưu có 46 tổ chức cơ sở đảng\n\n"
    filler = ("Một đoạn văn dài " + "x" * 200 + ".\n\n") * 5_000  # over 1,000,000 characters
    text = headline + filler + "Năm 2022 có 9 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ."
    assert len(text) > 1_000_000
    (record,) = read(text)
    assert (record["scope"], record["total"], record["count"]) == ("Đảng bộ huyện Quỳnh Lưu", 46, 9)
    assert text[record["start"] : record["end"]] == record["evidence"]


def test_records_are_the_same_whether_the_text_is_tokenized_whole_or_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pipeline.extract import nlp

    text = (
        "Huyện Diễn Châu có 52 tổ chức cơ sở đảng với 7.010 đảng viên\n\n"
        "Năm 2021, có 11 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ (chiếm 21,2%), 37 hoàn thành tốt nhiệm vụ."
        "\n\nVề đảng viên, 812 đồng chí hoàn thành xuất sắc nhiệm vụ; 5.960 đồng chí hoàn thành tốt nhiệm vụ.\n\n"
    ) * 3
    whole = read(text)
    monkeypatch.setattr(nlp, "TOKENIZE_CHARS", 120)
    assert read(text) == whole


# --- what is not a record, and what only looks like a target --------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # a generic "tổ chức đảng" pools grassroots organizations and chi bộ
        "Năm 2022, 100% tổ chức đảng trong huyện hoàn thành tốt nhiệm vụ trở lên.",
        # commendations count who was praised, not who was rated
        "Năm 2022, Huyện ủy khen thưởng 14 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ.",
        "Tặng giấy khen cho 20 đảng viên và 3 chi bộ hoàn thành xuất sắc nhiệm vụ năm 2022.",
        "Năm 2021, có 45 cá nhân đạt danh hiệu chiến sĩ thi đua, 130 cá nhân đạt lao động tiên tiến.",
        # a vote share
        "Năm 2023, 100% đảng viên nhất trí đề nghị xếp loại chi bộ hoàn thành tốt nhiệm vụ.",
        # a target announced in one sentence and listed in the next
        "Đại hội thông qua 6 chỉ tiêu chủ yếu. Trong đó, hằng năm có trên 85% tổ chức cơ sở đảng hoàn thành "
        "tốt nhiệm vụ trở lên.",
        "Nghị quyết đề ra: hằng năm 90% đảng viên hoàn thành tốt nhiệm vụ.",
    ],
)
def test_more_of_what_is_not_a_record(text: str) -> None:
    assert read(text) == []


def test_a_target_horizon_ahead_of_the_article_is_a_target() -> None:
    assert read("Đến năm 2030, 95% đảng viên hoàn thành tốt nhiệm vụ trở lên.", published="2025-10-02") == []
    text = "Đến năm 2021, toàn huyện có 40 chi bộ đạt trong sạch vững mạnh."
    assert facts(text, published="2022-01-15") == {("chi bộ", TSVM, 40, None)}


def test_units_commended_for_the_exemplary_title_are_counted() -> None:
    text = "Năm 2021, Đảng ủy tặng giấy khen cho 6 tổ chức cơ sở đảng đạt trong sạch vững mạnh tiêu biểu."
    assert facts(text) == {(TCCSD, TSVM_TB, 6, None)}


def test_a_pooled_figure_beside_a_grassroots_one() -> None:
    text = "Năm 2022, 100% tổ chức đảng hoàn thành tốt nhiệm vụ trở lên; 4 tổ chức cơ sở đảng hoàn thành xuất sắc."
    assert facts(text) == {(TCCSD, HTXS, 4, None)}


def test_a_met_target_is_no_target() -> None:
    text = "Năm 2020, thu ngân sách đạt 112% chỉ tiêu; 100% chi bộ hoàn thành tốt nhiệm vụ trở lên."
    assert facts(text) == {("chi bộ", HTT_UP, None, 100.0)}
    text = "Nhiệm kỳ qua, Đảng bộ đã hoàn thành các chỉ tiêu chủ yếu: hằng năm có 85% chi bộ đạt trong sạch vững mạnh."
    assert facts(text) == {("chi bộ", TSVM, None, 85.0)}


def test_a_streak_reaches_only_its_own_clause() -> None:
    text = (
        "Hằng năm có 90% đảng viên hoàn thành tốt nhiệm vụ, 8% đảng viên hoàn thành xuất sắc nhiệm vụ, chi bộ "
        "đạt trong sạch vững mạnh 4 năm liền."
    )
    assert facts(text) == {(DANG_VIEN, HTT, None, 90.0), (DANG_VIEN, HTXS, None, 8.0)}


def test_good_within_the_completed_is_good_and_above() -> None:
    text = "Năm 2021, 100% đảng viên hoàn thành nhiệm vụ, trong đó 91% đảng viên hoàn thành tốt nhiệm vụ."
    assert facts(text) == {(DANG_VIEN, HTT_UP, None, 91.0)}


def test_shares_that_only_add_up_with_excellent_inside_good() -> None:
    text = (
        "Năm 2019, số đảng viên hoàn thành tốt nhiệm vụ chiếm 80,5%, số hoàn thành xuất sắc nhiệm vụ chiếm 17,2%, "
        "số hoàn thành nhiệm vụ chiếm 18,1%."
    )
    assert (DANG_VIEN, HTT_UP, None, 80.5) in facts(text)
    text = (
        "Năm 2019, có 70% đảng viên hoàn thành tốt nhiệm vụ, 20% hoàn thành xuất sắc nhiệm vụ, 9% hoàn thành nhiệm vụ."
    )
    assert (DANG_VIEN, HTT, None, 70.0) in facts(text)


def test_a_headline_figure_told_again_in_the_body_is_one_record() -> None:
    text = (
        "Thọ Xuân: năm 2022 có 95% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên\n\n"
        "Đảng bộ xã Xuân Hồng là nơi tổ chức hội nghị điểm của huyện. Năm 2022, toàn huyện có 95% tổ chức cơ sở "
        "đảng hoàn thành tốt nhiệm vụ trở lên."
    )
    (record,) = read(text)
    assert record["evidence"].startswith("95% tổ chức cơ sở đảng")
    assert record["start"] > text.index("\n")  # in the body's words


def test_punctuation_run_into_a_word_is_split() -> None:
    text = "Năm 2014, xã có 5 chi bộ trong sạch vững mạnh, không còn chi bộ yếu kém.(Ảnh: T.L)"
    assert ("chi bộ", YEU_KEM, 0, None) in facts(text)


# --- subjects -------------------------------------------------------------------------------------------
def test_posts_counted_are_leading_and_managing_cadres() -> None:
    text = (
        "Năm 2021, huyện có 3 Phó Chủ tịch UBND huyện hoàn thành xuất sắc nhiệm vụ; 14 trưởng, phó phòng "
        "hoàn thành tốt nhiệm vụ."
    )
    assert facts(text) == {(CB_LDQL, HTXS, 3, None), (CB_LDQL, HTT, 14, None)}


def test_people_counted_in_a_leadership_context() -> None:
    text = (
        "Về cán bộ lãnh đạo, quản lý năm 2022: 25 người hoàn thành xuất sắc nhiệm vụ, 61 người hoàn thành tốt nhiệm vụ."
    )
    assert facts(text) == {(CB_LDQL, HTXS, 25, None), (CB_LDQL, HTT, 61, None)}
    text = "Năm 2021, tập thể lãnh đạo, quản lý có 35 tập thể hoàn thành xuất sắc nhiệm vụ, 120 cá nhân hoàn thành tốt."
    assert facts(text) == {(TT_LDQL, HTXS, 35, None), (CB_LDQL, HTT, 120, None)}


def test_comrades_of_a_chi_bo_are_its_party_members() -> None:
    text = (
        "Năm 2023, Chi bộ trường Tiểu học Hòa Bình có 18 đảng viên. Chi bộ đề nghị 4 đồng chí xếp loại hoàn "
        "thành xuất sắc nhiệm vụ, 14 đồng chí hoàn thành tốt nhiệm vụ."
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 4, None), (DANG_VIEN, HTT, 14, None)}


def test_individuals_without_a_context_are_no_subject() -> None:
    assert read("Năm 2022, có 25 cá nhân hoàn thành xuất sắc nhiệm vụ.") == []


def test_the_collective_of_a_committee_is_the_leadership_collective() -> None:
    text = (
        "Năm 2022, về tập thể cấp ủy, có 12 tập thể hoàn thành xuất sắc nhiệm vụ và 40 tập thể hoàn thành tốt nhiệm vụ."
    )
    assert facts(text) == {(TT_LDQL, HTXS, 12, None), (TT_LDQL, HTT, 40, None)}


def test_bodies_written_as_what_a_figure_counts() -> None:
    assert facts("Trong nhiệm kỳ không có đảng bộ xã nào xếp loại yếu kém.") == {(TCCSD, YEU_KEM, 0, None)}
    text = "Năm 2021 có 5 đảng bộ xã hoàn thành xuất sắc nhiệm vụ, 3 Đảng bộ huyện hoàn thành tốt nhiệm vụ."
    assert facts(text) == {(TCCSD, HTXS, 5, None)}


def test_agencies_rated_by_a_state_body_in_groups() -> None:
    text = (
        "Năm 2019, UBND tỉnh công nhận hoàn thành xuất sắc nhiệm vụ cho 9/18 sở, ban, ngành; 3/10 đơn vị sự "
        "nghiệp công lập; công nhận hoàn thành tốt nhiệm vụ cho 8/18 sở, ban, ngành."
    )
    assert {(r["subject"], r["rating"], r["count"], r["total"]) for r in read(text)} == {
        (CQ_DV, HTXS, 9, 18),
        (CQ_DV, HTXS, 3, 10),
        (CQ_DV, HTT, 8, 18),
    }


def test_a_list_that_does_not_follow_its_rating_takes_none() -> None:
    text = "Năm 2025 có 10 đảng viên hoàn thành xuất sắc nhiệm vụ; 2 tập thể phòng; 1 cá nhân."
    assert facts(text) == {(DANG_VIEN, HTXS, 10, None)}


# --- rating forms, evaluated, percent-only figures ----------------------------------------------------
def test_letter_grades() -> None:
    text = (
        "Năm 2023, có 9 cơ quan, đơn vị xếp loại A (hoàn thành xuất sắc nhiệm vụ), 21 cơ quan, đơn vị xếp loại B "
        "(hoàn thành tốt nhiệm vụ)."
    )
    assert facts(text) == {(CQ_DV, HTXS, 9, None), (CQ_DV, HTT, 21, None)}


def test_the_number_evaluated_stated_after_its_subject() -> None:
    text = "Năm 2022, tổng số đảng viên được kiểm điểm, đánh giá là 4.210, đạt 96,4%."
    assert facts(text) == {(DANG_VIEN, EVALUATED, 4210, 96.4)}
    records = read("Bình quân hằng năm, số tổ chức cơ sở đảng được đánh giá chiếm 98,6%.")
    assert [(r["subject"], r["rating"], r["percent"], r["year"]) for r in records] == [(TCCSD, EVALUATED, 98.6, None)]


def test_a_rating_left_out_for_the_second_subject() -> None:
    text = "Năm 2020, tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ là 14%, tổ chức cơ sở đảng là 20%."
    assert facts(text) == {(DANG_VIEN, HTXS, None, 14.0), (TCCSD, HTXS, None, 20.0)}


def test_figures_respectively_of_the_subjects_named() -> None:
    text = "Năm 2022, tỷ lệ tổ chức cơ sở đảng và đảng viên hoàn thành tốt nhiệm vụ trở lên lần lượt là 92% và 95%."
    assert facts(text) == {(TCCSD, HTT_UP, None, 92.0), (DANG_VIEN, HTT_UP, None, 95.0)}


def test_a_share_of_all_those_evaluated_completes_the_statement() -> None:
    text = (
        "Năm 2021, 326 đảng viên được xếp loại hoàn thành xuất sắc nhiệm vụ, chiếm 11,8% tổng số đảng viên "
        "được đánh giá."
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 326, 11.8)}


# --- totals ---------------------------------------------------------------------------------------------
def test_a_total_after_the_rating() -> None:
    (record,) = read("Năm 2022, có 12 TCCSĐ hoàn thành xuất sắc nhiệm vụ trong tổng số 48 TCCSĐ.")
    assert (record["count"], record["total"]) == (12, 48)


def test_totals_listed_after_one_verb() -> None:
    text = (
        "Đảng bộ phường hiện có 12 tổ chức cơ sở đảng, 30 chi bộ trực thuộc với 1.450 đảng viên. Năm 2023 có "
        "6 chi bộ trực thuộc hoàn thành xuất sắc nhiệm vụ, 210 đảng viên hoàn thành xuất sắc nhiệm vụ."
    )
    assert {(r["subject"], r["total"]) for r in read(text)} == {("chi bộ", 30), (DANG_VIEN, 1450)}


def test_a_year_range_written_with_a_loose_dash_is_no_year() -> None:
    assert [r["year"] for r in read("Nhìn lại 5 năm (2011- 2015), có 120 chi bộ đạt trong sạch vững mạnh.")] == [None]


def test_a_share_at_the_end_of_a_line_completes_its_line() -> None:
    text = (
        "Kết quả đánh giá đảng viên năm 2020\n"
        "+ Hoàn thành xuất sắc nhiệm vụ 215 đồng chí, tỷ lệ 12,1%\n"
        "+ Hoàn thành tốt nhiệm vụ 1.420 đồng chí, tỷ lệ 80%"
    )
    assert facts(text) == {(DANG_VIEN, HTXS, 215, 12.1), (DANG_VIEN, HTT, 1420, 80.0)}


def test_a_quoted_level_and_and_above_after_the_quote() -> None:
    assert facts("Năm 2021, có 45 chi bộ được xếp loại “Hoàn thành tốt nhiệm vụ” trở lên.") == {
        ("chi bộ", HTT_UP, 45, None)
    }
    assert read("Năm 2021, 98% đảng viên đạt “hoàn thành nhiệm vụ” trở lên.") == []


def test_two_levels_abbreviated_together_are_good_and_above() -> None:
    assert facts("Năm 2020 có 50 TCCSĐ đạt HTTNV và HTXSNV, chiếm 92%.") == {(TCCSD, HTT_UP, 50, 92.0)}


def test_the_exemplary_part_of_the_clean_and_strong() -> None:
    text = (
        "Năm 2019, Đảng bộ có 120 tổ chức cơ sở đảng đạt trong sạch vững mạnh, trong đó có 30 tổ chức cơ sở "
        "đảng đạt tiêu biểu."
    )
    assert facts(text) == {(TCCSD, TSVM, 120, None), (TCCSD, TSVM_TB, 30, None)}


def test_the_count_after_a_rating_and_colon_names_its_subject() -> None:
    text = (
        "Năm 2022, 46/46 đơn vị được đánh giá, xếp loại, trong đó: Hoàn thành xuất sắc nhiệm vụ: 10 TCCSĐ "
        "(21,74%)."
    )
    assert (TCCSD, HTXS, 10, 21.74) in facts(text)


def test_a_sentence_going_on_with_trong_do_continues_the_statement() -> None:
    text = "Năm 2021 có 40 chi bộ hoàn thành tốt nhiệm vụ. Trong đó, có 10 chi bộ hoàn thành xuất sắc nhiệm vụ."
    assert facts(text) == {("chi bộ", HTT_UP, 40, None), ("chi bộ", HTXS, 10, None)}


def test_ranges_are_no_figures() -> None:
    assert read("Năm 2021, có từ 5 đến 7 chi bộ hoàn thành xuất sắc nhiệm vụ.") == []
    assert read("Năm 2021, có 2 - 3 đồng chí hoàn thành xuất sắc nhiệm vụ.") == []


def test_an_average_has_no_year() -> None:
    text = "Năm 2020 là năm cuối nhiệm kỳ. Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên bình quân đạt 97%."
    assert [(r["year"], r["percent"]) for r in read(text)] == [(None, 97.0)]


def test_a_table_of_units_gives_a_record_per_unit_and_level() -> None:
    text = (
        "Kết quả xếp loại đảng viên năm 2022 của các chi bộ:\n"
        "STT | Chi bộ | Tổng số đảng viên | HTXSNV | HTTNV\n"
        "1 | Chi bộ xóm Đồng | 35 | 5 | 28\n"
        "2 | Chi bộ xóm Bãi | 41 | 6 | 33"
    )
    assert {(r["subject"], r["rating"], r["count"], r["total"]) for r in read(text)} == {
        (DANG_VIEN, HTXS, 5, 35),
        (DANG_VIEN, HTT, 28, 35),
        (DANG_VIEN, HTXS, 6, 41),
        (DANG_VIEN, HTT, 33, 41),
    }


def test_figures_before_a_parenthesis_then_the_subject_and_rating() -> None:
    text = "Năm 2021, có 100% (42/42) tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên."
    assert {(r["count"], r["percent"], r["total"]) for r in read(text)} == {(42, 100.0, 42)}


def test_two_groups_of_one_subject_named_apart_are_two_records() -> None:
    text = "Năm 2021, có 15 đảng bộ cơ sở và 20 chi bộ cơ sở hoàn thành tốt nhiệm vụ."
    assert facts(text) == {(TCCSD, HTT, 15, None), (TCCSD, HTT, 20, None)}


def test_the_n_of_an_earlier_fraction_is_the_total_of_the_same_subject() -> None:
    text = (
        "Thọ Xuân: 95/98 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên\n\n"
        "Năm 2022, huyện Thọ Xuân có 20 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ."
    )
    assert {r["rating"]: r["total"] for r in read(text)} == {HTT_UP: 98, HTXS: 98}


def test_a_lone_surrogate_and_a_broken_url_do_not_end_extraction() -> None:
    result = extract_text("Năm 2022 có \ud800 12 chi bộ hoàn thành tốt nhiệm vụ.", url="http://[::1")
    assert [(r.subject, r.count) for r in result.records] == [("chi bộ", 12)]
    assert "\ud800" not in result.text


def test_seeded_noise_never_ends_extraction() -> None:
    """Domain words mixed with control characters, other scripts' digits, huge numbers and broken
    punctuation: every input gives records whose offsets point into the text (no timing asserted)."""
    import random

    pieces = (
        "năm 2021 có 12 15,5% 1.234 3/4 TCCSĐ đảng viên chi bộ hoàn thành xuất sắc tốt nhiệm vụ trở lên trong đó "
        "không có , ; : ( ) | - . \n \n\n “ ” phấn đấu lần lượt tổng số được đánh giá loại A Đảng bộ huyện xã "
        "Chi bộ thôn ²⁰²³ ٥ ∞ 1e309 99999999999999999999999 \x00 \x0b \u200b \u202e \ud800 % ba mươi tư một nửa"
    ).split(" ")
    generator = random.Random(12)
    for _ in range(150):
        text = " ".join(generator.choice(pieces) for _ in range(generator.choice((5, 40, 300))))
        result = extract_text(text, url=generator.choice((None, "http://[::1", "https://x.thanhhoa.gov.vn/a")))
        for record in result.records:
            assert result.text[record.start : record.end] == record.evidence
            assert record.count is None or 0 <= record.count < 2**63


def test_public_servants_graded_by_letter() -> None:
    text = (
        "Năm 2022, kết quả xếp loại công chức: Loại A (Hoàn thành xuất sắc nhiệm vụ): 15 người; Loại B (Hoàn "
        "thành tốt nhiệm vụ): 60 người; Loại C: 3 người."
    )
    assert facts(text) == {(CBCCVC, HTXS, 15, None), (CBCCVC, HTT, 60, None), (CBCCVC, HTNV, 3, None)}


def test_agencies_graded_by_letter_at_the_end_of_a_sentence() -> None:
    text = "Năm 2021, có 12 cơ quan xếp loại A, 20 cơ quan xếp loại B. Năm 2022 cũng vậy."
    assert facts(text) == {(CQ_DV, HTXS, 12, None), (CQ_DV, HTT, 20, None)}


def test_a_heading_naming_collectives_and_individuals() -> None:
    text = (
        "Năm 2023, đối với tập thể, cá nhân lãnh đạo, quản lý: 100% tập thể hoàn thành tốt nhiệm vụ trở lên; "
        "98,5% cá nhân hoàn thành tốt nhiệm vụ trở lên."
    )
    assert facts(text) == {(TT_LDQL, HTT_UP, None, 100.0), (CB_LDQL, HTT_UP, None, 98.5)}


def test_more_spellings_abbreviated_and_plain() -> None:
    text = "Năm 2022, có 120 ĐV hoàn thành xuất sắc nhiệm vụ, tương đương 12,5%; 3 ĐV chưa hoàn thành."
    assert facts(text) == {(DANG_VIEN, HTXS, 120, 12.5), (DANG_VIEN, KHT, 3, None)}


def test_counts_that_only_add_up_with_excellent_inside_good() -> None:
    text = (
        "Năm 2021, Đảng bộ có 48 tổ chức cơ sở đảng; 12 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 40 tổ "
        "chức cơ sở đảng hoàn thành tốt nhiệm vụ."
    )
    assert (TCCSD, HTT_UP, 40, None) in facts(text)
    text = text.replace("40 tổ", "30 tổ")
    assert (TCCSD, HTT, 30, None) in facts(text)


def test_a_total_named_before_its_number() -> None:
    text = "Tổng số đảng viên của Đảng bộ xã là 420 đồng chí. Năm 2022 có 56 đảng viên hoàn thành xuất sắc nhiệm vụ."
    assert [(r["count"], r["total"]) for r in read(text)] == [(56, 420)]


def test_districts_in_a_list_of_rated_agencies_are_agencies() -> None:
    text = "Năm 2019, UBND tỉnh công nhận hoàn thành tốt nhiệm vụ cho 6/18 sở, ban, ngành; 6/11 huyện, thành phố."
    assert {(r["subject"], r["count"], r["total"]) for r in read(text)} == {(CQ_DV, 6, 18), (CQ_DV, 6, 11)}
    assert read("Năm 2019, có 6/11 huyện, thành phố đạt chuẩn nông thôn mới; 3 huyện hoàn thành tốt nhiệm vụ.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Năm 2022, 100% các chi bộ hoàn thành tốt nhiệm vụ.", {("chi bộ", HTT, None, 100.0)}),
        (
            "Năm 2022 có 45 chi bộ hoàn thành tốt nhiệm vụ, tăng 3 so với năm 2021, 12 chi bộ hoàn thành xuất sắc "
            "nhiệm vụ.",
            {("chi bộ", HTT, 45, None), ("chi bộ", HTXS, 12, None)},
        ),
        ("So với năm 2020, năm 2021 có 12 TCCSĐ hoàn thành xuất sắc nhiệm vụ.", {(TCCSD, HTXS, 12, None)}),
        (
            "Với mục tiêu xây dựng Đảng bộ trong sạch, năm 2022 có 45 TCCSĐ hoàn thành tốt nhiệm vụ.",
            {(TCCSD, HTT, 45, None)},
        ),
        ("Mục tiêu đến năm 2025, 95% đảng viên hoàn thành tốt nhiệm vụ.", set()),
        ("Chỉ tiêu năm 2023: ít nhất 20% đảng viên hoàn thành xuất sắc nhiệm vụ, 90% hoàn thành tốt.", set()),
    ],
)
def test_what_cues_reach(text: str, expected: set[tuple[Any, ...]]) -> None:
    """A comparison reaches its own clause; a target noun with nothing after it in its clause, only it."""
    assert facts(text) == expected


def test_a_review_named_beside_a_level_introduces_the_result() -> None:
    assert facts("Kết quả kiểm điểm năm 2022 có 45 chi bộ hoàn thành tốt nhiệm vụ.") == {("chi bộ", HTT, 45, None)}
    text = "Năm 2022, 100% đảng viên được kiểm điểm và 95% hoàn thành tốt nhiệm vụ."
    assert facts(text) == {(DANG_VIEN, HTT, None, 95.0)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong 5 năm (2016 - 2020), có 232 TCCSĐ hoàn thành xuất sắc nhiệm vụ.",
        "Sau 5 năm thực hiện, có 232 TCCSĐ hoàn thành xuất sắc nhiệm vụ.",
        "5 năm qua, có 232 TCCSĐ hoàn thành xuất sắc nhiệm vụ.",
    ],
)
def test_figures_summed_over_several_years_have_no_year(sentence: str) -> None:
    assert [r["year"] for r in read("Năm 2020 là năm cuối nhiệm kỳ.\n\n" + sentence)] == [None]


def test_a_heading_and_list_items_pass_their_subject_across_blank_lines() -> None:
    text = (
        "Năm 2022, kết quả đánh giá tổ chức cơ sở đảng:\n\n- Hoàn thành xuất sắc nhiệm vụ: 12 tổ chức (25%);\n\n"
        "- Hoàn thành tốt nhiệm vụ: 30 tổ chức."
    )
    assert facts(text) == {(TCCSD, HTXS, 12, 25.0), (TCCSD, HTT, 30, None)}
    assert facts("2. Về tổ chức cơ sở đảng\n\nNăm 2022 có 12 tổ chức hoàn thành xuất sắc nhiệm vụ.") == {
        (TCCSD, HTXS, 12, None)
    }
    assert read("Chi bộ họp để bàn về công tác tổ chức cơ sở đảng trong năm tới và nhiều việc khác nữa.\n\n"
                "Năm 2022 có 12 tổ chức hoàn thành xuất sắc nhiệm vụ.") == []  # fmt: skip
