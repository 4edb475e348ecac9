"""The README's analysts section is checked against the code: schema docs, canned queries, commands."""

from __future__ import annotations

import re

from pipeline.cli import COMMAND_MODULES
from pipeline.serve.app import metadata
from pipeline.store.schema import metadata as schema
from tests.paths import README

SCHEMA_START = (
    "<!-- schema: generated from pipeline/serve/metadata.yaml, checked by tests/serve/test_schema_docs.py -->"
)
SCHEMA_END = "<!-- end of schema -->"
MY_COMMANDS = ("records", "export", "serve", "migrate")


def expected_schema() -> str:
    """The README schema: every documented table (the records view first), one line per column."""
    tables = metadata()["databases"]["vnie"]["tables"]
    lines = []
    for name, table in tables.items():
        if table.get("hidden"):
            continue
        kind = "view" if name not in schema.tables else "table"
        lines += [f"**`{name}`** ({kind}): {table['description']}", ""]
        lines += [f"- `{column}`: {doc}" for column, doc in table["columns"].items()]
        lines.append("")
    return "\n".join(lines).strip()


def test_the_readme_schema_is_the_documented_schema() -> None:
    text = README.read_text(encoding="utf-8")
    assert SCHEMA_START in text and SCHEMA_END in text
    documented = text.split(SCHEMA_START, 1)[1].split(SCHEMA_END, 1)[0].strip()
    assert documented == expected_schema(), "regenerate the README schema from:\n" + expected_schema()


def test_the_readme_names_every_canned_query_and_my_commands() -> None:
    text = README.read_text(encoding="utf-8")
    for name, query in metadata()["databases"]["vnie"]["queries"].items():
        assert f"`{name}`" in text and query["title"] in text, name
    commands = {module.rsplit(".", 1)[-1] for module in COMMAND_MODULES}
    for command in MY_COMMANDS:
        assert command in commands
        assert re.search(rf"^\| `vnie {command}\b", text, re.M), command
