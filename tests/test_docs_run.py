"""The README's lists about the nightly run match the code (settings, commands, failure reasons, sites file)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pipeline.cli import build_parser
from scrapers.fetch import FETCH_FAILURES, TRANSIENT_FAILURES
from scrapers.settings import DEFAULT_SETTINGS, setting_names, settings_from_mapping
from scrapers.sites import profile_from_dict
from scrapers.state import gave_up_reason

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(title)
    following = re.search(r"^#{2,3} ", README[start + len(title) :], re.MULTILINE)
    return README[start : start + len(title) + (following.start() if following else len(README))]


def test_settings_table_lists_every_setting_with_its_default() -> None:
    rows = re.findall(r"^\| `(\w+)` \| `([^`]*)` \|", section("### Settings"), re.MULTILINE)
    assert [name for name, _ in rows] == list(setting_names())
    for name, default in rows:
        assert default == str(getattr(DEFAULT_SETTINGS, name)), name


def test_commands_of_the_run_are_documented_and_exist() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in ("run", "reprocess", "demo"):
        assert name in commands
        assert f"| `vnie {name}" in README
    run_help = commands["run"].format_help()
    for option in ("--sites", "--sites-file", "--db", "--archive", "--since", "--max-pages", "--report", "--replay"):
        assert option in run_help and option in section("## The nightly run")


def test_every_failure_reason_is_documented() -> None:
    text = section("## The nightly run")
    for reason in (*FETCH_FAILURES, *TRANSIENT_FAILURES, "not_html", "not_article", "processing_error"):
        if reason == "robots":
            assert "`skipped_robots`" in text
        elif not reason.startswith("http_"):
            assert f"`{reason}`" in text, reason
    default = DEFAULT_SETTINGS.max_attempts
    assert f"`{gave_up_reason(default, 'REASON')}`" in text and f"`max_attempts` of them (default {default})" in text


def test_the_sites_file_example_is_valid() -> None:
    example = re.search(r"```toml\n(.*?)```", section("### Adding a site"), re.DOTALL)
    assert example is not None
    data = tomllib.loads(example.group(1))
    settings_from_mapping(data["settings"])
    profiles = [profile_from_dict(site) for site in data["site"]]
    assert profiles[0].name == "baothanhhoa" and profiles[0].article_pattern
