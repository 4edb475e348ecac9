"""Every command the README shows works verbatim right after `make demo`, in a fresh working folder.

`make demo` is `vnie demo` in the checkout (the test reads the Makefile to be sure); the test runs
that in an empty folder, as a new user's first step, then every line of the README's ``sh`` blocks
(the nightly run's synopses aside: they need the network and name placeholders), each inline
``vnie ...`` command of the analysts' section, the Python and DuckDB snippets on the export, and
the SQL examples on the database, each through a shell with ``.venv/bin`` on PATH.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import README, REPO

TEXT = README.read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\b(?:[A-Z]{2,}[A-Z_]*|ID)\b|\.\.\.")


def sections(*titles: str) -> str:
    """The README text of the level-2 sections named (each up to the next level-2 heading)."""
    parts = re.split(r"^(?=## )", TEXT, flags=re.MULTILINE)
    return "".join(part for part in parts if part.splitlines()[0].removeprefix("## ").strip() in titles)


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def shown_commands() -> list[str]:
    """The shell lines to run, in README order: sh blocks outside the nightly run, then the analysts' inline ones."""
    outside_run = sections(*[t for t in re.findall(r"^## (.+)$", TEXT, re.MULTILINE) if t != "The nightly run"])
    lines = [line.strip() for block in fenced(outside_run, "sh") for line in block.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("make ")]
    # inline examples: a command with arguments, none a placeholder, not one left waiting for a value
    inline = re.findall(r"`(vnie [^`]+)`", sections("For analysts"))
    for command in inline:
        words = command.split()
        complete = len(words) >= 3 and not words[-1].startswith("--") and not PLACEHOLDER.search(command)
        if complete and not command.startswith("vnie serve") and command not in lines:
            lines.append(command)
    return lines


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", "HF_HUB_OFFLINE": "1"}
    env.pop("VNIE_DB", None)
    return subprocess.run(["sh", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_make_demo_is_vnie_demo() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/vnie demo" in recipe


def test_the_readme_shows_the_commands_this_test_runs() -> None:
    commands = shown_commands()
    assert any(command.startswith("vnie review correct") for command in commands)
    assert any(command.startswith("vnie records --facts") for command in commands)
    assert any(command.startswith("vnie export") for command in commands)
    assert "vnie eval --gold data/reviewed-gold.jsonl" in commands


@pytest.fixture(scope="module")
def after_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new-user")
    done = run("vnie demo", folder)
    assert done.returncode == 0, done.stderr
    assert (folder / "data" / "vnie.sqlite").is_file()
    return folder


def test_every_readme_command_works_verbatim_after_the_demo(after_demo: Path) -> None:
    for command in shown_commands():
        done = run(command, after_demo)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command
        if command.startswith("vnie records") and "--format ids" not in command:
            assert done.stdout.strip(), f"{command} printed nothing"
    facts = run('vnie records --facts --district "Can Lộc" --year 2022 --format csv', after_demo).stdout
    assert ",1,Đảng bộ huyện" not in facts and "conflict" in facts
    gold = (after_demo / "data" / "reviewed-gold.jsonl").read_text(encoding="utf-8")
    assert "the district's own report" not in gold and '"count": 11' in gold


def test_the_readme_snippets_on_the_export_and_the_database_run(
    after_demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    assert run("vnie export data/exports/records.parquet --force", after_demo).returncode == 0
    monkeypatch.chdir(after_demo)
    export = sections("For analysts").split("### Export", 1)[1].split("\n### ", 1)[0]
    for snippet in fenced(export, "python"):
        scope: dict[str, object] = {}
        exec(snippet, scope)  # the README's own lines
        assert len(scope["records"]) > 250  # type: ignore[arg-type]
    queries = fenced(sections("For analysts"), "sql")
    duck = [query for query in queries if query.startswith("-- DuckDB")]
    assert len(duck) == 1 and duckdb.sql(duck[0]).fetchall()
    database = sqlite3.connect(after_demo / "data" / "vnie.sqlite")
    for query in (query for query in queries if not query.startswith("-- DuckDB")):
        assert database.execute(query).fetchall(), query
    database.close()
