"""Full-text search over articles that matches Vietnamese with or without diacritics.

SQLite's FTS5 ``unicode61`` tokenizer with ``remove_diacritics 2`` folds case and strips every tone
and vowel mark ("Sơn" -> "son", "hoà"/"hòa" -> "hoa") but keeps "đ" apart from "d", because "đ" is a
letter of its own in Unicode. So each indexed column holds the text as written *and* an accent-stripped
copy ("đ" -> "d"): "Đông Sơn" finds the written form, "Dong Son" the stripped one, in a document both
ways. The store keeps the ``articles_fts`` table (rowid = article id) in step with ``articles``.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import Connection, text

FTS_TABLE = "articles_fts"
CREATE_FTS = f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, text, tokenize = 'unicode61 remove_diacritics 2')"

# Deleting an article (records go by cascade) takes its search row along.
CREATE_FTS_DELETE_TRIGGER = (
    f"CREATE TRIGGER {FTS_TABLE}_article_deleted AFTER DELETE ON articles "
    f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
)

_LETTERS = (("đ", "d"), ("Đ", "D"), ("ð", "d"), ("Ð", "D"))


def strip_accents(value: str) -> str:
    """``value`` without tone and vowel marks, "đ" written "d": how people type Vietnamese on a plain keyboard."""
    for letter, plain in _LETTERS:
        value = value.replace(letter, plain)
    decomposed = unicodedata.normalize("NFD", value)
    if not decomposed.isascii():  # each mark that occurs, removed in one pass (a text holds a handful of them)
        for mark in {ch for ch in set(decomposed) if unicodedata.combining(ch)}:
            decomposed = decomposed.replace(mark, "")
    return unicodedata.normalize("NFC", decomposed)


def search_document(value: str | None) -> str:
    """What one FTS column indexes: the text as written, then its accent-stripped copy."""
    if not value:
        return ""
    stripped = strip_accents(value)
    return value if stripped == value else f"{value}\n{stripped}"


_REPLACE_ROW = text(f"INSERT OR REPLACE INTO {FTS_TABLE} (rowid, title, text) VALUES (:id, :title, :text)")


def index_articles(conn: Connection, documents: list[tuple[int, str, str]]) -> None:
    """Make the search rows of articles hold their documents (article id, title, text: ``search_document``'s;
    SQLite only, callers check the dialect): one statement, whether the rows were there or not."""
    conn.execute(
        _REPLACE_ROW, [{"id": article_id, "title": title, "text": text} for article_id, title, text in documents]
    )
