"""A whole-response deadline and waits that a stop request cuts short.

A socket timeout only bounds the silence between two reads, so a server trickling one byte a second
(headers or body) would hold a request forever. ``Deadline`` arms a timer on the socket of each
request it covers; when the time is up the socket is shut down, which ends the blocked read at once
and the response is recorded as a ``timeout``. ``DeadlineAdapter`` is the ``requests`` adapter whose
connections report their sockets to the deadline of the calling thread.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Interrupted(Exception):
    """A stop was requested (SIGTERM, Ctrl-C) while waiting."""


def wait_or_stop(stop: threading.Event | None, seconds: float) -> None:
    """Sleep ``seconds``, unless ``stop`` is set first: then raise ``Interrupted``."""
    if seconds <= 0:
        if stop is not None and stop.is_set():
            raise Interrupted
        return
    if stop is None:
        time.sleep(seconds)
    elif stop.wait(seconds):
        raise Interrupted


class Deadline:
    """Ends whatever socket the current request uses once ``seconds`` have passed since it began."""

    def __init__(self, seconds: float) -> None:
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    @contextmanager
    def covering(self) -> Iterator[Deadline]:
        """Sockets opened by this thread's requests inside the block are watched."""
        previous = getattr(_current, "deadline", None)
        _current.deadline = self
        try:
            yield self
        finally:
            _current.deadline = previous
            with self._lock:
                if self._timer is not None:
                    self._timer.cancel()
                    self._timer = None

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            remaining = self.ends - time.monotonic()
            if remaining <= 0:
                self._expire(sock)
                return
            self._timer = threading.Timer(remaining, self._expire, args=(sock,))
            self._timer.daemon = True
            self._timer.start()

    def _expire(self, sock: socket.socket) -> None:
        self.expired = True
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _watch(connection: HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(connection.sock)


class _WatchedHTTPConnection(HTTPConnection):
    def getresponse(self) -> Any:
        _watch(self)
        return super().getresponse()


class _WatchedHTTPSConnection(HTTPSConnection):
    def getresponse(self) -> Any:
        _watch(self)
        return super().getresponse()


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """``HTTPAdapter`` whose connections are watched by the calling thread's ``Deadline``."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}
