"""The registered spaCy components, each tested on a blank ``vi`` pipeline (texts written for this test)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.extract.components import register_extensions
from pipeline.extract.context import DocContext
from pipeline.extract.nlp import PIPELINE, get_nlp


def blank(*names: str) -> Language:
    register_extensions()
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    for name in names:
        nlp.add_pipe(f"{name}_v1", name=name)
    return nlp


def test_the_pipeline_is_the_declared_ordered_list() -> None:
    nlp = get_nlp()
    assert tuple(nlp.pipe_names) == PIPELINE
    analysis = nlp.analyze_pipes()
    assert not analysis["problems"] or all(not problems for problems in analysis["problems"].values())
    assigns = {name: set(meta["assigns"]) for name, meta in analysis["summary"].items()}
    assert "doc._.records" in assigns["vnie_records"]
    assert "token.norm" in assigns["vnie_normalizer"]


def test_normalizer_folds_case_and_tone_placement() -> None:
    doc = blank("vnie_normalizer")("Thanh Hoá và THANH HÓA")
    assert doc[1].norm_ == doc[4].norm_
    assert doc._.tokens.texts == ("Thanh", "Hoá", "và", "THANH", "HÓA")


def test_sentences_follow_lines_and_underthesea() -> None:
    doc = blank("vnie_normalizer", "vnie_sentences")("Dòng tiêu đề\nCâu một ở đây. Câu hai ở đây.")
    starts = [doc[i].text for i in doc._.sentence_starts]
    assert starts == ["Dòng", "Câu", "Câu"]


def test_a_blank_line_starts_a_paragraph_a_line_end_does_not() -> None:
    from pipeline.extract.clauses import split_sentences

    doc = get_nlp()("Câu một có 5 chi bộ.\n\nCâu hai có 3 chi bộ.\nCâu ba.\n\n\nCâu bốn.")
    assert [sentence.paragraph for sentence in split_sentences(doc)] == [0, 1, 1, 2]


def test_terms_find_subjects_ratings_and_cues() -> None:
    doc = blank("vnie_normalizer", "vnie_terms")("phấn đấu 90% đảng viên HTXSNV và tổ chức cơ sở đảng yếu kém")
    found = {(term.kind, term.value) for term in doc._.terms}
    assert ("cue", "target") in found
    assert ("subject", "đảng viên") in found
    assert ("subject", "tổ chức cơ sở đảng") in found
    assert ("rating", "hoàn thành xuất sắc nhiệm vụ") in found
    assert ("rating", "yếu kém") in found


def test_quantities_mask_dates_and_codes() -> None:
    nlp = blank("vnie_normalizer", "vnie_sentences", "vnie_terms", "vnie_organizations", "vnie_quantities")
    doc = nlp.make_doc("Ngày 12/01/2021, theo Hướng dẫn 27-HD/BTCTW, có 14/20 chi bộ và trên 95,5% đảng viên.")
    doc.user_data["vnie_context"] = DocContext()
    doc = nlp(doc)
    found = [(q.kind, q.value, q.total, q.approx) for q in doc._.quantities]
    assert found == [("fraction", 14, 20, None), ("percent", 95.5, None, "over")]
    assert any(token._.masked for token in doc if token.text == "12/01/2021")


def test_organizations_component_lists_named_bodies_once() -> None:
    nlp = blank("vnie_normalizer", "vnie_sentences", "vnie_terms", "vnie_organizations")
    doc = nlp.make_doc("Huyện ủy Hà Trung họp. Ban Thường vụ Huyện ủy Hà Trung và huyện uỷ Hà Trung kết luận.")
    doc.user_data["vnie_context"] = DocContext()
    doc = nlp(doc)
    assert [org.text for org in doc._.listed_organizations] == ["Huyện ủy Hà Trung", "Ban Thường vụ Huyện ủy Hà Trung"]
    assert {org.scope for org in doc._.organizations} == {"Đảng bộ huyện Hà Trung"}


def test_records_component_takes_its_config() -> None:
    nlp = blank()
    for name in PIPELINE:
        config = {"base_confidence": 0.5} if name == "vnie_records" else {}
        nlp.add_pipe(f"{name}_v1", name=name, config=config)
    doc = nlp.make_doc("Năm 2020 có 12 đảng viên hoàn thành xuất sắc nhiệm vụ.")
    doc.user_data["vnie_context"] = DocContext()
    (record,) = nlp(doc)._.records
    assert record.confidence == 0.5


def test_long_texts_are_tokenized_in_pieces_into_one_doc() -> None:
    from pipeline.extract.nlp import bounded_pieces, make_doc

    text = "Năm 2021, Đảng bộ xã Định Hòa có 12 chi bộ.\n\nCó 3 chi bộ hoàn thành xuất sắc nhiệm vụ; " * 40
    pieces = bounded_pieces(text, 300)
    assert "".join(pieces) == text
    assert all(len(piece) <= 300 for piece in pieces)
    assert all(piece.endswith(("\n", " ")) for piece in pieces[:-1])  # cut at a blank, never inside a word
    nlp = get_nlp()
    whole, in_pieces = nlp.make_doc(text), make_doc(nlp, text, limit=300)
    assert in_pieces.text == text
    assert [(t.idx, t.text) for t in in_pieces] == [(t.idx, t.text) for t in whole]


def test_a_run_without_blanks_is_cut_at_the_limit() -> None:
    from pipeline.extract.nlp import bounded_pieces

    assert bounded_pieces("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_sentence_splitter_matches_underthesea() -> None:
    from underthesea.pipeline.sent_tokenize import sent_tokenize

    from pipeline.extract.components.sentences import _splitter

    lines = [
        "Năm 2023, Chi bộ A có 12 đảng viên. TP. Hồ Chí Minh có 1.500 tổ chức! Ông T. Văn nói...",
        "Kết quả: 95,5% đạt... Có 3 chi bộ? Vâng!! Đạt 12.5 điểm... và tiếp tục",
        "Tp. Vinh, ts. Nam và e.g. 2.3.4 ... Hết.",
        "   ",
        "...Bắt đầu bằng dấu chấm. a.b.c. Z",
    ]
    fast = _splitter()
    for line in lines:
        assert fast(line) == sent_tokenize(line)


def test_normalizer_tables_start_afresh_past_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.extract import extract_text
    from pipeline.extract.components import normalizer

    text = "Năm 2023, Chi bộ Thôn Đông có 12 đảng viên, 10 đồng chí hoàn thành tốt nhiệm vụ."
    before = extract_text(text)
    monkeypatch.setattr(normalizer, "_MOST_ROWS", 4)
    assert extract_text(text + " Thêm.") is not None
    assert extract_text(text) == before


def test_spans_are_built_for_inspection_and_skipped_by_extraction() -> None:
    from pipeline.extract.components import NO_SPANS, wants_spans

    text = "Năm 2022, Đảng bộ xã Hòa An có 7 chi bộ hoàn thành tốt nhiệm vụ."
    doc = get_nlp()(text)
    assert wants_spans(doc)
    assert {"noun", "rating", "organizations", "quantities"} <= set(doc.spans)
    assert [span.text for span in doc.spans["quantities"]] == ["7"]
    quiet = get_nlp().make_doc(text)
    quiet.user_data[NO_SPANS] = True
    quiet = get_nlp()(quiet)
    assert not wants_spans(quiet)
    assert not quiet.spans
    assert quiet._.records == doc._.records


def test_ext_reads_and_writes_what_doc_underscore_does() -> None:
    from pipeline.extract.components import ext, set_ext

    doc = get_nlp()("Chi bộ Thôn Bắc có 9 đảng viên.")
    for name in ("tokens", "sentence_starts", "terms", "quantities", "years", "organizations", "records", "flags"):
        assert ext(doc, name) is getattr(doc._, name)
    blank_doc = get_nlp().make_doc("Chi bộ.")
    assert ext(blank_doc, "records") is None and blank_doc._.records is None  # the default until set
    marker: list[str] = ["set by ext"]
    set_ext(blank_doc, "flags", marker)
    assert blank_doc._.flags is marker
    blank_doc._.years = [2024]
    assert ext(blank_doc, "years") == [2024]


def test_piece_terms_of_a_kind_keep_text_order() -> None:
    from pipeline.extract.clauses import Piece
    from pipeline.extract.mentions import Term

    piece = Piece(0, 9, "start", 0)
    piece.terms.extend(
        [
            Term("subject", "chi bộ", 0, 2, 0, 6),
            Term("rating", "hoàn thành tốt nhiệm vụ", 3, 8, 10, 30),
            Term("subject", "đảng viên", 8, 10, 31, 40),
        ]
    )
    assert [term.start for term in piece.subjects] == [0, 8]
    assert [term.value for term in piece.ratings] == ["hoàn thành tốt nhiệm vụ"]
    assert piece.of_kind("unit") == []
    assert piece.subjects is piece.subjects  # sorted into kinds once


def test_a_sentence_lists_the_pieces_holding_cues() -> None:
    from pipeline.extract.clauses import split_sentences

    doc = get_nlp()("Năm 2023 có 8 chi bộ hoàn thành tốt nhiệm vụ, phấn đấu năm 2024 có 10 chi bộ đạt mức đó.")
    (sentence,) = split_sentences(doc)
    cued = sentence.cued_pieces
    assert cued and all(piece.has_cues for piece in cued)
    assert [p for p in sentence.pieces if p.cues()] == cued
    assert sentence.cue_starts("target") == sorted(c.start for p in sentence.pieces for c in p.cues("target"))


def test_the_tokenizer_keeps_many_more_chunks_than_spacys_default() -> None:
    from pipeline.extract.nlp import TOKENIZER_CACHE

    tokenizer = get_nlp().tokenizer
    assert tokenizer.max_cache_size == TOKENIZER_CACHE > 100_000  # type: ignore[attr-defined]
    text = "Đảng bộ xã Tân Lập có 12 chi bộ (chiếm 80%)."
    assert [t.text for t in tokenizer(text)] == [t.text for t in tokenizer(text)]  # cached: the same tokens
