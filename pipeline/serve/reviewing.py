"""Reviewing in the web UI: reviewers log in with a token link, then confirm, reject, correct or add records.

``vnie serve --reviewer NAME`` makes a random token per reviewer and prints a login link; following it
sets Datasette's signed actor cookie (``{"id": NAME, "vnie_reviewer": true}``). Review forms POST to
``/record/ID/review`` and ``/article/ID/review``; anyone else's POST is refused (403), and Datasette's
CSRF protection covers the forms. The write goes through ``pipeline.store.review`` on a connection of
its own: the Datasette database stays read-only.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from datasette.utils.asgi import Forbidden, NotFound, Response

from pipeline.store.review import ReviewError, add_record, review_record
from pipeline.store.schema import REVIEW_VALUES

MAX_ID = 2**63 - 1


@dataclass(frozen=True, slots=True)
class ReviewAccess:
    """The database reviews are written to, and each reviewer's login token."""

    path: Path
    tokens: dict[str, str] = field(default_factory=dict)  # reviewer name -> token

    @classmethod
    def for_reviewers(cls, path: Path, names: list[str]) -> ReviewAccess:
        return cls(path, {name: secrets.token_urlsafe(24) for name in names})

    def login_links(self, base: str) -> dict[str, str]:
        return {name: f"{base}/-/vnie-login?token={quote(token)}" for name, token in self.tokens.items()}

    def reviewer_of(self, token: str) -> str | None:
        found = None
        for name, expected in self.tokens.items():
            if secrets.compare_digest(token.encode(), expected.encode()):
                found = name
        return found


def access(datasette: Any) -> ReviewAccess | None:
    return getattr(datasette, "vnie_review_access", None)


def reviewer(datasette: Any, request: Any) -> str | None:
    """The logged-in reviewer's name, or None."""
    actor = request.actor or {}
    granted = access(datasette)
    if granted is None or not actor.get("vnie_reviewer") or actor.get("id") not in granted.tokens:
        return None
    return str(actor["id"])


def parse_id(value: str, what: str) -> int:
    number = int(value)
    if number > MAX_ID:
        raise NotFound(f"There is no {what} {value}")
    return number


async def login(datasette: Any, request: Any) -> Response:
    granted = access(datasette)
    name = granted.reviewer_of(request.args.get("token", "")) if granted else None
    if name is None:
        raise Forbidden("This login link is not valid (vnie serve --reviewer NAME prints one per reviewer)")
    response = Response.redirect(datasette.urls.path("/"))
    response.set_cookie("ds_actor", datasette.sign({"a": {"id": name, "vnie_reviewer": True}}, "actor"))
    datasette.add_message(request, f"Logged in as {name}: record and article pages now offer review forms")
    return response


def _values(form: dict[str, str]) -> dict[str, str]:
    return {name: form[name] for name in REVIEW_VALUES if name in form}


async def _write(call: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(None, call)


def _engine(granted: ReviewAccess) -> Any:
    from pipeline.store.database import connect

    return connect(f"sqlite:///{granted.path}")


async def review_record_post(datasette: Any, request: Any) -> Response:
    record_id = parse_id(request.url_vars["record_id"], "record")
    name = reviewer(datasette, request)
    granted = access(datasette)
    if name is None or granted is None:
        raise Forbidden("Log in as a reviewer first: vnie serve --reviewer NAME prints your login link")
    form = dict(await request.post_vars())
    action = form.get("action", "")

    def write() -> int:
        engine = _engine(granted)
        try:
            changes = _values(form) if action == "correct" else None
            return review_record(
                engine, record_id, action, reviewer=name, reason=form.get("reason"), changes=changes
            )
        finally:
            engine.dispose()

    try:
        number = await _write(write)
    except ReviewError as error:
        datasette.add_message(request, f"Not saved: {error}", datasette.ERROR)
    else:
        datasette.add_message(request, f"Saved: record {record_id} {action}ed (review {number})")
    return Response.redirect(datasette.urls.path(f"/record/{record_id}"))


async def add_record_post(datasette: Any, request: Any) -> Response:
    article_id = parse_id(request.url_vars["article_id"], "article")
    name = reviewer(datasette, request)
    granted = access(datasette)
    if name is None or granted is None:
        raise Forbidden("Log in as a reviewer first: vnie serve --reviewer NAME prints your login link")
    form = dict(await request.post_vars())

    def write() -> int:
        engine = _engine(granted)
        try:
            return add_record(
                engine, article_id, evidence=form.get("evidence", ""), values=_values(form), reviewer=name,
                reason=form.get("reason"),
            )  # fmt: skip
        finally:
            engine.dispose()

    try:
        number = await _write(write)
    except ReviewError as error:
        datasette.add_message(request, f"Not saved: {error}", datasette.ERROR)
    else:
        datasette.add_message(request, f"Saved: a record added to this article (review {number})")
    return Response.redirect(datasette.urls.path(f"/article/{article_id}"))
