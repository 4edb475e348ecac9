"""A database that cannot be used is one line on stderr and exit 1, never a traceback; ``export --force``
replaces only what vnie wrote."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pipeline.cli import main


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (PostgreSQL is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def one_line_error(capsys: pytest.CaptureFixture[str], command: str) -> str:
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert err.startswith(f"vnie {command}:"), err
    return err


@pytest.fixture
def corrupted(tmp_path: Path) -> str:
    path = tmp_path / "vnie.sqlite"
    path.write_bytes(b"SQLite format 3\0" + bytes(range(256)) * 40)  # a header, then garbage
    return f"sqlite:///{path}"


@pytest.mark.parametrize("command", [["records"], ["export", "OUT.csv"], ["migrate"]])
def test_a_corrupted_sqlite_file(
    corrupted: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    args = [part.replace("OUT", str(tmp_path / "out")) for part in command]
    assert main([*args, "--db", corrupted]) == 1
    assert "not a database" in one_line_error(capsys, command[0])
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize(
    "url", ["bogus", "postgresql://", "sqlite", "mysql://user@127.0.0.1/vnie", "postgresql://u@:x/db"]
)
@pytest.mark.parametrize("command", [["records"], ["export", "OUT.jsonl"], ["migrate"]])
def test_a_bogus_or_incomplete_vnie_db(
    url: str, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VNIE_DB", url)
    args = [part.replace("OUT", str(tmp_path / "out")) for part in command]
    assert main(args) == 1
    one_line_error(capsys, command[0])


def test_run_and_migrate_with_postgresql_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"postgresql://postgres@127.0.0.1:{closed_port()}/vnie"
    assert main(["migrate", "--db", url]) == 1
    assert "cannot open the database" in one_line_error(capsys, "migrate")
    assert main(["run", "--db", url, "--archive", str(tmp_path / "a"), "--sites", "baothanhhoa"]) == 1
    assert "cannot open the database" in one_line_error(capsys, "run")
    capsys.readouterr()
    assert main(["run", "--db", "bogus", "--archive", str(tmp_path / "a"), "--sites", "baothanhhoa"]) == 1
    one_line_error(capsys, "run")


def test_export_force_replaces_only_what_vnie_wrote(
    fixture_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{fixture_db}"
    folder = tmp_path / "analyses"
    (folder / "notes").mkdir(parents=True)
    (folder / "notes" / "draft.txt").write_text("an analyst's own work", encoding="utf-8")
    (folder / "part-0.parquet").write_bytes(b"not ours either")
    for fmt in ("parquet", "csv"):
        assert main(["export", "--db", db, "--force", "--format", fmt, str(folder)]) == 2
        assert "refusing to replace it" in one_line_error(capsys, "export")
    assert (folder / "notes" / "draft.txt").read_text(encoding="utf-8") == "an analyst's own work"
    export = tmp_path / "records.parquet"
    assert main(["export", "--db", db, str(export)]) == 0
    assert main(["export", "--db", db, "--force", "--site", "baonghean", str(export)]) == 0  # ours: replaced
    assert {path.parts[-3] for path in export.rglob("*.parquet")} == {"site_part=baonghean"}
    (export / "site_part=baonghean" / "README.txt").write_text("added by hand", encoding="utf-8")
    assert main(["export", "--db", db, "--force", str(export)]) == 2  # no longer only ours: kept
    assert (export / "site_part=baonghean" / "README.txt").exists()
