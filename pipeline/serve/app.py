"""``vnie serve``: Datasette over the SQLite store, read-only, with vnie's metadata, queries and pages.

The database is opened ``mode=ro`` and every request for a write connection is refused, so no SQL
sent through the UI can change the data; a nightly run may keep writing to the file meanwhile. The
only writes are reviews, by logged-in reviewers, through the store (``reviewing.py``). All scripts
and styles are served from here: vnie's own (``static/``) and plotly.js from the plotly package.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from pipeline.serve import plugin
from pipeline.serve.reviewing import ReviewAccess

HERE = Path(__file__).resolve().parent
METADATA = HERE / "metadata.yaml"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
DATABASE = plugin.DATABASE
SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 3000, "max_returned_rows": 5000, "allow_download": False}


class ReadOnlyDatabase(Database):
    """A Datasette database that never opens a connection able to write."""

    def connect(self, write: bool = False) -> Any:
        if write:
            raise PermissionError("vnie serve is read-only: no write connection to the database")
        return super().connect(write=False)


@lru_cache(maxsize=1)
def _metadata() -> dict[str, Any]:
    return dict(yaml.safe_load(METADATA.read_text(encoding="utf-8")))


def metadata() -> dict[str, Any]:
    """The Datasette metadata (a copy: Datasette may add to it)."""
    return copy.deepcopy(_metadata())


def plotly_js_folder() -> Path:
    """The folder of the plotly package holding ``plotly.min.js`` (served as /vnie-plotly/)."""
    import plotly

    return Path(plotly.__file__).resolve().parent / "package_data"


def build_datasette(
    path: Path, *, reviewers: ReviewAccess | None = None, allowed_hosts: tuple[str, ...] = ()
) -> Datasette:
    """A Datasette instance serving the SQLite file at ``path`` as database ``vnie``; ``reviewers`` may
    log in and review, and the Host header must name this machine or one of ``allowed_hosts``."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="vnie")
    # Datasette prints every exception, a 404 included, with all its local variables when rich is
    # installed (rich comes with spaCy); ordinary client errors should not flood the console. (Imported
    # here: importing this module before datasette.app breaks the registration of Datasette's plugins.)
    from datasette import handle_exception as datasette_errors

    datasette_errors.rich = None
    datasette = Datasette(
        metadata=metadata(),
        template_dir=str(TEMPLATES),
        static_mounts=[("vnie-static", str(STATIC)), ("vnie-plotly", str(plotly_js_folder()))],
        settings=SETTINGS,
    )
    datasette.vnie_review_access = reviewers or ReviewAccess(path)
    datasette.vnie_allowed_hosts = allowed_hosts
    datasette.add_database(ReadOnlyDatabase(datasette, path=str(path), is_mutable=True), name=DATABASE)
    datasette.remove_database("_memory")  # Datasette adds an empty one when started without files
    return datasette


def serve(path: Path, *, host: str, port: int, reviewers: ReviewAccess | None = None) -> None:
    import uvicorn

    datasette = build_datasette(path, reviewers=reviewers, allowed_hosts=(host,))
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
