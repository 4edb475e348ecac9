"""``vnie clean`` from the command line: one JSON object per good input, a reason per bad one."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.paths import FIXTURES

GOOD = FIXTURES / "layouts" / "amp" / "donghai-2021-chibo.html"


def test_bad_inputs_are_reported_and_the_others_go_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 4)
    paths = [
        str(tmp_path / "empty.html"),
        str(GOOD),
        str(tmp_path / "binary.html"),
        str(FIXTURES / "kinds" / "category.html"),
        str(FIXTURES / "kinds" / "not_found.html"),
        str(tmp_path / "missing.html"),
    ]
    assert main(["clean", *paths]) == 1
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [row["title"] for row in rows] == ["Phường Đông Hải: 100% chi bộ hoàn thành tốt nhiệm vụ trở lên"]
    assert set(rows[0]) >= {"source", "url", "title", "sapo", "body", "author", "published", "site", "category", "tags"}
    errors = captured.err.splitlines()
    assert len(errors) == 5 and "Traceback" not in captured.err
    assert "empty input" in errors[0] and "binary data" in errors[1]
    assert "listing page" in errors[2] and "not found" in errors[3] and "no such file" in errors[4]


def test_stdin_url_and_no_profile(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = (FIXTURES / "sites" / "baohatinh" / "article-family-2023.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["clean", "-", "--url", "https://baohatinh.vn/x-post1.html"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["site"] == "baohatinh" and row["source"] == "<stdin>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["clean", "-", "--url", "https://baohatinh.vn/x-post1.html", "--no-profile"]) == 0
    assert json.loads(capsys.readouterr().out)["site"] == "baohatinh.vn"


def test_url_is_for_one_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", str(GOOD), str(GOOD), "--url", "https://example.vn/a"]) == 2
    assert "single input" in capsys.readouterr().err


def test_drop_repeated_lines_across_pages_of_a_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = (
        "<html><head><title>Bài {n}</title><link rel='canonical' href='https://example.vn/{n}.html'></head><body>"
        "<h1>Bài số {n} về công tác xây dựng Đảng ở cơ sở</h1><div class='noidung'>"
        "<p>Đoạn văn riêng của bài số {n}, nói về kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, "
        "đảng viên năm 2022 ở xã, với nhiều con số cụ thể và những hạn chế cần khắc phục trong năm tới.</p>"
        "<p>Trang thông tin điện tử xã Hòa Bình Tây</p></div></body></html>"
    )
    paths = []
    for n in range(4):
        path = tmp_path / f"{n}.html"
        path.write_text(template.format(n=n), encoding="utf-8")
        paths.append(str(path))
    assert main(["clean", *paths]) == 0
    assert all("Trang thông tin điện tử" in json.loads(line)["body"] for line in capsys.readouterr().out.splitlines())
    assert main(["clean", "--drop-repeated", *paths]) == 0
    bodies = [json.loads(line)["body"] for line in capsys.readouterr().out.splitlines()]
    assert len(bodies) == 4 and not any("Trang thông tin điện tử" in body for body in bodies)
