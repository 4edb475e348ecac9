"""Figures in table rows ("Hoàn thành xuất sắc nhiệm vụ | 12 | 20,3"), read through their header row.

A cleaned table is one line per row, cells joined by " | ". The header row tells what each column
holds: a subject ("Số TCCSĐ", "Đảng viên"), a percent ("Tỷ lệ (%)", of the subject column to its
left) or a year ("Năm 2021"). Rows are read in either orientation: a rating in the first cell and
subjects in the header, or a subject in the first cell and ratings in the header. A table of units
(a row per chi bộ or agency, ratings in the header) gives a record per row and rating, of the
subject its "Tổng số ..." column or the text before it names, with that column as the row's total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.extract.assemble import Draft
from pipeline.extract.clauses import Piece, Sentence
from pipeline.extract.components import ext
from pipeline.extract.mentions import Quantity, Term
from pipeline.extract.numbers import is_integer_text, parse_number
from pipeline.extract.tokens import TokenTable
from pipeline.extract.vocabulary import NOT_CANONICAL

_NUMBER_CELL = re.compile(r"\s*([0-9][0-9.,]*)\s*(%?)\s*")
_PERCENT_HEADER = re.compile(r"%|t[ỷỉ]\s*l[ệe]", re.IGNORECASE)
_TOTAL_HEADER = re.compile(r"t[ổô]ng", re.IGNORECASE)
# A count column named by no noun ("Số lượng", "SL", "Số"): it counts the subject named before the table.
_COUNT_HEADER = re.compile(r"\s*(?:s[ốo]\s*l[ưu][ợo]ng|sl|s[ốo])\s*", re.IGNORECASE)
_COUNT_AND_SHARE = re.compile(r"\s*([0-9][0-9.]*)\s*\(\s*([0-9][0-9.,]*)\s*%\s*\)?\s*")
# A first column numbering the rows ("STT", "TT", "Số TT"): not what a row is about.
_ROW_NUMBER_HEADER = re.compile(r"\s*(?:s[ốo]\s*)?t\.?\s*t\.?|stt\s*", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


@dataclass(frozen=True, slots=True)
class Column:
    subject: str | None = None
    unit: bool = False  # "Số tổ chức", "Số đồng chí": counts of the subject named before the table
    rating: Term | None = None
    percent: bool = False
    year: int | None = None
    total: bool = False  # "Tổng số đảng viên": the size of each row's group


def is_table_row(sentence: Sentence) -> bool:
    return any(piece.opened_by == "|" for piece in sentence.pieces)


def read_tables(doc: Doc, sentences: list[Sentence]) -> tuple[list[Draft], dict[int, int]]:
    """Drafts from every table, and the year a column header gives each draft (by draft id)."""
    drafts: list[Draft] = []
    years: dict[int, int] = {}
    table: list[Sentence] = []
    first = 0  # position of the table's first row in ``sentences``
    for position, sentence in enumerate([*sentences, None]):
        if sentence is not None and is_table_row(sentence):
            if not table:
                first = position
            table.append(sentence)
            continue
        if len(table) >= 2:
            _read_table(doc, table, drafts, years, _subject_before(sentences[max(0, first - 2) : first]))
        table = []
    return drafts, years


def cells(sentence: Sentence) -> list[Piece]:
    """The cells of a table row: its pieces merged between " | " separators."""
    merged: list[Piece] = []
    for piece in sentence.pieces:
        if merged and piece.opened_by not in ("|", "start"):
            cell = merged[-1]
            cell.end = piece.end
            cell.terms.extend(piece.terms)
            cell.quantities.extend(piece.quantities)
            continue
        merged.append(Piece(piece.start, piece.end, "|", 0, list(piece.quantities), list(piece.terms)))
    return merged


def _subject_before(before: list[Sentence]) -> str | None:
    """The last subject named in the two sentences before a table ("kết quả xếp loại đảng viên:")."""
    subjects = [term.value for sentence in before for piece in sentence.pieces for term in piece.subjects]
    return subjects[-1] if subjects else None


def _read_table(
    doc: Doc, rows: list[Sentence], drafts: list[Draft], years: dict[int, int], context_subject: str | None
) -> None:
    header = cells(rows[0])
    numbered = bool(header) and bool(_ROW_NUMBER_HEADER.fullmatch(cell_text(doc, header[0])))
    columns = [_column(doc, cell, context_subject) for cell in header[int(numbered) :]]
    # A table of units ("Chi bộ | Tổng số đảng viên | HTXSNV | HTTNV"): each row is a group of the
    # subject its total column (or the text before the table) names, with the group's size.
    counted = [i for i, c in enumerate(columns) if c.subject and c.rating is None and not c.percent and not c.year]
    total_column = next((i for i in counted if columns[i].total), None)
    table_subject = columns[total_column].subject if total_column is not None else context_subject
    by_statement: dict[tuple[str, str, int | None], Draft] = {}  # one row's (subject, rating, year)
    for row in rows[1:]:
        by_statement.clear()
        row_cells = cells(row)
        cells_ = row_cells[int(numbered) :]  # "1 | Hoàn thành xuất sắc nhiệm vụ | ...": the row's number first
        row_rating = _rating(cells_[0]) if cells_ else None
        row_subject = _subject(cells_[0]) if cells_ else None
        row_total = None
        if total_column is not None and total_column < len(cells_):
            size = _number(doc, cells_[total_column], percent=False)
            row_total = int(size) if size is not None else None
        last_subject: str | None = None
        for index, cell in enumerate(cells_[1:], start=1):
            column = columns[index] if index < len(columns) else Column()
            if column.subject:
                last_subject = column.subject
            value = _number(doc, cell, percent=column.percent)
            share = None
            if value is None and not column.percent:
                value, share = _count_and_share(doc, cell)  # "12 (24%)": a count and its share in one cell
            if value is None:
                continue
            rating = row_rating or column.rating
            subject = column.subject or row_subject or (last_subject if column.percent else None)
            if subject is None and column.rating is not None and row_rating is None:
                subject = table_subject
            if rating is None or subject is None or rating.value == NOT_CANONICAL:
                continue
            quantity = _quantity(doc, cell, value, column.percent)
            if quantity is None:
                continue
            draft = by_statement.get((subject, rating.value, column.year))
            if draft is None:
                draft = Draft(row, rating.value, rating, subject=subject, anchor=cell.start)
                if subject == table_subject and column.rating is not None:
                    draft.fraction_total = row_total
                draft.extend(ext(doc, "tokens").starts[cells_[0].start], quantity.end_char)
                drafts.append(draft)
                by_statement[(subject, rating.value, column.year)] = draft
                if column.year is not None:
                    years[id(draft)] = column.year
            if column.percent and draft.percent is None:
                draft.percent = quantity
            elif not column.percent and draft.count is None:
                draft.count = quantity
                if share is not None and draft.percent is None:
                    draft.percent = Quantity("percent", share, *_position(quantity))
            draft.extend(draft.start_char, quantity.end_char)


def _column(doc: Doc, cell: Piece, context_subject: str | None) -> Column:
    text = cell_text(doc, cell)
    year = _YEAR.search(text)
    unit = any(term.kind == "unit" for term in cell.terms) or bool(_COUNT_HEADER.fullmatch(text))
    return Column(
        subject=_subject(cell) or (context_subject if unit else None),
        unit=unit,
        rating=_rating(cell),
        percent=bool(_PERCENT_HEADER.search(text)),
        year=int(year.group(1)) if year else None,
        total=bool(_TOTAL_HEADER.search(text)),
    )


def cell_text(doc: Doc, cell: Piece) -> str:
    tokens: TokenTable = ext(doc, "tokens")
    return tokens.text[tokens.starts[cell.start] : tokens.end_char(cell.end - 1)] if cell.end > cell.start else ""


def _subject(cell: Piece) -> str | None:
    subjects = cell.subjects
    return subjects[0].value if subjects else None


def _rating(cell: Piece) -> Term | None:
    ratings = cell.ratings
    return ratings[0] if ratings else None


def _number(doc: Doc, cell: Piece, percent: bool) -> float | None:
    if cell.end <= cell.start:
        return None
    text = cell_text(doc, cell)
    found = _NUMBER_CELL.fullmatch(text)
    if not found:
        return None
    if not percent and not found.group(2) and not is_integer_text(found.group(1)):
        return None
    return parse_number(found.group(1), percent=percent or bool(found.group(2)))


def _count_and_share(doc: Doc, cell: Piece) -> tuple[float | None, float | None]:
    found = _COUNT_AND_SHARE.fullmatch(cell_text(doc, cell)) if cell.end > cell.start else None
    if not found or not is_integer_text(found.group(1)):
        return None, None
    return parse_number(found.group(1), percent=False), parse_number(found.group(2), percent=True)


def _position(quantity: Quantity) -> tuple[int, int, int, int]:
    return quantity.start, quantity.end, quantity.start_char, quantity.end_char


def _quantity(doc: Doc, cell: Piece, value: float, percent: bool) -> Quantity | None:
    tokens: TokenTable = ext(doc, "tokens")
    start_char, end_char = tokens.starts[cell.start], tokens.end_char(cell.end - 1)
    return Quantity("percent" if percent else "count", value, cell.start, cell.end, start_char, end_char)
