"""`vnie extract` and `vnie eval` from the command line, bad inputs included (texts written for this test)."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest

from pipeline.cli import main

ARTICLE = (
    "Năm 2022, Đảng bộ huyện Hoằng Hóa có 61 tổ chức cơ sở đảng. Kết quả đánh giá, có 14 tổ chức cơ sở đảng "
    "hoàn thành xuất sắc nhiệm vụ, chiếm 23%; 45 tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines() if line.startswith("{")], err


def test_extract_a_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bai.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    status, rows, _ = run(capsys, "extract", str(path), "--url", "https://baothanhhoa.vn/a.htm")
    assert status == 0
    (row,) = rows
    assert set(row) == {"source", "url", "title", "published", "records", "organizations"}
    assert [(r["count"], r["percent"], r["province"]) for r in row["records"]] == [
        (14, 23.0, "Thanh Hóa"),
        (45, None, "Thanh Hóa"),
    ]
    assert row["organizations"] == ["Đảng bộ huyện Hoằng Hóa"]


def test_extract_from_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode("utf-8")), encoding="utf-8"))
    status, rows, _ = run(capsys, "extract", "-")
    assert status == 0
    assert len(rows[0]["records"]) == 2


def test_extract_jsonl_in_the_gold_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": ARTICLE, "url": "https://baothanhhoa.vn/a.htm", "published": "2023-01-10"},
        {"id": "b", "html": f"<html><body><article><h1>Tin</h1><p>{ARTICLE}</p></article></body></html>"},
        {"id": "c"},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\nnot json\n", "utf-8")
    status, rows, err = run(capsys, "extract", "--jsonl", str(path))
    assert status == 1  # line c and the last line are bad; a and b still come out
    assert [row["id"] for row in rows] == ["a", "b"]
    assert all(set(row) == {"id", "records", "organizations"} for row in rows)
    assert len(rows[0]["records"]) == 2 and len(rows[1]["records"]) == 2
    assert "needs 'text' or 'html'" in err and "not JSON" in err


def test_table_format_for_people(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bai.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", "--format", "table", str(path)]) == 0
    assert "hoàn thành xuất sắc" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"   \n\n ", "empty input"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
        ("english.txt", b"The committee met on Monday and approved the annual budget for roads.", "not Vietnamese"),
        ("huge.txt", ("Đảng viên hoàn thành nhiệm vụ. " * 400_000).encode("utf-8"), "too large"),
        ("broken.html", b"<html><body><div><script>var a = 1;", "no article text"),
        ("missing.txt", None, "no such file"),
    ],
)
def test_bad_input_gets_a_message_and_the_rest_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, message: str
) -> None:
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    status, rows, err = run(capsys, "extract", str(bad), str(good))
    assert status == 1
    assert message in err and name in err
    assert "Traceback" not in err
    assert [row["source"] for row in rows] == [str(good)]


def windows_1258(text: str) -> bytes:
    """Vietnamese as windows-1258 writes it: letters precomposed, tone marks apart."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encode", [lambda text: text.encode("utf-16"), windows_1258], ids=["utf-16", "cp1258"])
def test_other_encodings_are_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str], encode) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cu.txt"
    path.write_bytes(encode(ARTICLE))
    status, rows, _ = run(capsys, "extract", str(path))
    assert status == 0
    assert len(rows[0]["records"]) == 2


def test_eval_prints_scores_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = {
        "id": "mau",
        "url": "https://baothanhhoa.vn/a.htm",
        "published": None,
        "text": ARTICLE,
        "organizations": ["Đảng bộ huyện Hoằng Hóa"],
        "records": [
            {"scope": "Đảng bộ huyện Hoằng Hóa", "province": "Thanh Hóa", "district": "Hoằng Hóa", "year": 2022,
             "subject": "tổ chức cơ sở đảng", "rating": "hoàn thành xuất sắc nhiệm vụ", "count": 14, "percent": 23.0,
             "approx": None, "total": 61, "evidence": "14 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, chiếm 23%"},
            {"scope": "Đảng bộ huyện Hoằng Hóa", "province": "Thanh Hóa", "district": "Hoằng Hóa", "year": 2021,
             "subject": "đảng viên", "rating": "hoàn thành tốt nhiệm vụ", "count": 3, "percent": None,
             "approx": None, "total": None, "evidence": "made up"},
        ],
    }  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["eval", "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    assert "mau: missed" in out and "mau: spurious" in out
    assert "records P=0.500 R=0.500 F1=0.500" in out
    assert main(["eval", "--gold", str(tmp_path / "none.jsonl")]) == 1
