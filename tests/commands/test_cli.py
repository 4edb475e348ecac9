from __future__ import annotations

import pytest

from pipeline.cli import COMMAND_MODULES, build_parser, main


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    for module_name in COMMAND_MODULES:
        name = module_name.rsplit(".", 1)[-1]
        name = "eval" if name == "evaluate" else name
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: vnie" in capsys.readouterr().out


def test_no_command_is_bad_usage() -> None:
    assert main([]) == 2
