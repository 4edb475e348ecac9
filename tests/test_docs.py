"""README lists are checked against the code (the commands table, the set-up commands)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_shows_exactly_the_two_set_up_commands() -> None:
    block = README.split("## Set up", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    parser = build_parser()
    subparsers = next(action for action in parser._actions if action.dest == "command")
    in_code = set(subparsers.choices)  # type: ignore[attr-defined]
    table = README.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `vnie ([a-z]+)", table, flags=re.MULTILINE))
    assert documented == in_code
