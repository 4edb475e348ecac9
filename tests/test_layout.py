"""The layout's rules, read off the imports: one package per stage, and who may import whom.

Every ``import`` counts, module-level or inside a function (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.paths import REPO

PACKAGES = ("pipeline", "scrapers")
NETWORK = ("requests", "urllib3", "urllib.request", "http", "socket", "ssl", "httpx", "aiohttp", "protego", "warcio")
DATABASE_DRIVERS = ("sqlite3", "sqlalchemy", "pg8000", "psycopg", "psycopg2", "alembic")
# What the web UI may take from the store: opening read-only, the schema and the read queries; and the
# review loop, the one thing a (logged-in) reviewer writes, through its own connection.
STORE_READ_API = {
    "pipeline.store.database": {
        "connect_readonly",
        "database_url",
        "StoreError",
        "iter_records",
        "RECORD_COLUMNS",
        "connect",
    },
    "pipeline.store.review": None,
    "pipeline.store.schema": None,  # None: any name
    "pipeline.store.query": None,
    "pipeline.store.search": None,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def our_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for package in PACKAGES
        for path in sorted((REPO / package).rglob("*.py"))
        if "migrations/versions" not in path.as_posix()
    }


@cache
def imports_of(module: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(imported module, names taken from it) for every import statement of ``module``."""
    path = our_modules()[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, frozenset[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, frozenset()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = frozenset(alias.name for alias in node.names)
            found.append((base, names))
            # "from pipeline.clean import chrome" imports the submodule pipeline.clean.chrome
            found.extend((f"{base}.{name}", frozenset()) for name in names if f"{base}.{name}" in our_modules())
    return tuple(found)


def imported(module: str) -> set[str]:
    return {name for name, _ in imports_of(module)}


@cache
def closure(module: str) -> frozenset[str]:
    """Every module ``module`` imports, directly or through our own modules."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        current = todo.pop()
        for name in imported(current):
            if name not in seen:
                seen.add(name)
                if name in our_modules():
                    todo.append(name)
    return frozenset(seen)


def within(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def modules_of(package: str) -> Iterator[str]:
    return (module for module in our_modules() if within(module, package))


def test_the_stages_are_packages() -> None:
    for package in ("clean", "extract", "store", "serve", "evaluate", "commands"):
        assert (REPO / "pipeline" / package / "__init__.py").exists(), package
    loose = {path.stem for path in (REPO / "pipeline").glob("*.py")}
    # Only what every stage shares, the orchestration shells and the CLI stay at the top.
    assert loose <= {"__init__", "__main__", "models", "normalize", "inputs", "run", "process", "reprocess", "cli"}


def test_every_package_says_what_enters_and_leaves_it() -> None:
    for module, path in our_modules().items():
        if path.name == "__init__.py":
            docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
            assert docstring, f"{module}/__init__.py has no docstring"


@pytest.mark.parametrize("stage", ["pipeline.clean", "pipeline.extract"])
def test_clean_and_extract_are_pure(stage: str) -> None:
    allowed = ("pipeline.models", "pipeline.normalize", stage)
    for module in modules_of(stage):
        for name in imported(module):
            if within(name, "pipeline") and name != "pipeline":
                assert within(name, *allowed), f"{module} imports {name}"
            assert not within(name, "scrapers", *NETWORK), f"{module} imports {name}"


def test_clean_and_extract_do_not_reach_each_other_through_others() -> None:
    for module in modules_of("pipeline.clean"):
        assert not any(within(name, "pipeline.extract", "spacy") for name in closure(module)), module
    for module in modules_of("pipeline.extract"):
        assert not any(within(name, "pipeline.clean", "lxml", "trafilatura") for name in closure(module)), module


def test_the_store_knows_no_spacy() -> None:
    for module in modules_of("pipeline.store"):
        reached = closure(module)
        assert not any(within(name, "spacy", "thinc", "underthesea") for name in reached), module
        stages = ("pipeline.clean", "pipeline.extract", "pipeline.serve", "pipeline.evaluate", "pipeline.commands")
        assert not any(within(name, *stages, "scrapers") for name in imported(module)), module


def test_the_web_ui_only_reads_through_the_store() -> None:
    for module in modules_of("pipeline.serve"):
        for name, names in imports_of(module):
            assert not within(name, *DATABASE_DRIVERS), f"{module} opens the database itself ({name})"
            assert not within(name, "pipeline.clean", "pipeline.extract", "pipeline.commands", "scrapers"), module
            if within(name, "pipeline.store") and name != "pipeline.store":
                assert name in STORE_READ_API, f"{module} imports {name}, not a read API of the store"
                allowed = STORE_READ_API[name]
                assert allowed is None or names <= allowed, f"{module} takes {sorted(names - allowed)} from {name}"


def test_nothing_imports_the_commands() -> None:
    for module in our_modules():
        if within(module, "pipeline.commands") or module == "pipeline.cli":
            continue
        assert not any(within(name, "pipeline.commands") for name in imported(module)), module


def test_the_rules_see_imports_inside_functions() -> None:
    """The reader itself: a lazy import inside a function is found (commands import their stages lazily)."""
    assert "pipeline.clean" in imported("pipeline.commands.clean")
    assert "pipeline.extract.nlp" in imported("pipeline.extract")
