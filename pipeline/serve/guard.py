"""What keeps ``vnie serve`` safe to leave running: an ASGI guard and hardened SQLite connections.

The guard answers before Datasette does:

* a Host header naming another machine is refused (400), so a DNS-rebinding page cannot read the UI;
* POST is refused (405, with a message) except on the review forms and Datasette's logout: the UI is
  read-only, and a POST to a canned query must not reach Datasette's write path;
* pages that show the database's path on disk (``/-/databases``) answer 404;
* every response carries a Content-Security-Policy (only this server's scripts, styles and images;
  no frames), ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff`` and ``Referrer-Policy``.

Connections refuse SQL functions that reach outside the data (``fts3_tokenizer`` returns a memory
pointer, ``load_extension`` loads code) and cap the size of any value SQL can build, and full-text
search reads a query as plain words, so a lone ``"`` is a search, not a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

# SQLite's C constants (sqlite3.h), named here so the UI never imports a database driver itself.
SQLITE_OK, SQLITE_DENY, SQLITE_FUNCTION, SQLITE_LIMIT_LENGTH = 0, 1, 31, 0

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[dict[str, Any], Receive, Send], Awaitable[None]]

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
POST_PATHS = (re.compile(r"^/record/\d+/review$"), re.compile(r"^/article/\d+/review$"), re.compile(r"^/-/logout$"))
HIDDEN_PATHS = re.compile(r"^/-/databases(\.json)?$")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
# SQL functions no query of the UI needs and an attacker would: memory pointers, code, files.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit", "fts5_source_id"})
MAX_VALUE_BYTES = 20_000_000  # no string or blob SQL builds may be larger (zeroblob(1e12) and the like)


def host_name(header: str) -> str:
    """The host of a Host header, without its port (IPv6 brackets removed)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def guard(app: ASGIApp, allowed_hosts: Iterable[str] = ()) -> ASGIApp:
    """``app`` behind the checks of the module docstring."""
    hosts = LOCAL_HOSTS | {host.lower().strip("[]") for host in allowed_hosts if host not in ("", "0.0.0.0", "::")}

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        path = scope.get("path", "")
        if host not in hosts:
            await _refuse(send, 400, f"vnie serve answers for {', '.join(sorted(hosts))}, not for the host {host!r}")
            return
        if scope.get("method") not in ("GET", "HEAD", "OPTIONS") and not any(p.match(path) for p in POST_PATHS):
            await _refuse(send, 405, "vnie serve is read-only: only the review forms accept POST (log in first)")
            return
        if HIDDEN_PATHS.match(path):
            await _refuse(send, 404, "not shown: this page would tell where the database lies on disk")
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await app(scope, receive, send_with_headers)

    return guarded


async def _refuse(send: Any, status: int, message: str) -> None:
    body = f"{status}: {message}\n".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _authorize(action: int, first: str | None, second: str | None, _database: str | None, _trigger: str | None) -> int:
    if action == SQLITE_FUNCTION and (second or "").lower() in DENIED_FUNCTIONS:
        return SQLITE_DENY
    return SQLITE_OK


def escape_fts(query: str) -> str:
    """A full-text query of plain words: each word quoted (quotes inside dropped); nothing matches no word."""
    words = [word.replace('"', "") for word in query.split()]
    return " ".join(f'"{word}"' for word in words if word) or '""'


def harden(conn: Any) -> None:
    """Deny the dangerous functions, cap value sizes, and make search read plain words (``conn``: the
    sqlite3 connection Datasette opened)."""
    conn.set_authorizer(_authorize)
    conn.setlimit(SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.create_function("escape_fts", 1, escape_fts, deterministic=True)
