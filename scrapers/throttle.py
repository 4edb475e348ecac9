"""Politeness per server: one request at a time, and a pause after each, shared by every site worker.
A wait for a server's turn ends with ``Interrupted`` as soon as the run's ``stop`` event is set."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from scrapers.deadline import wait_or_stop
from scrapers.urls import host_key


@dataclass(slots=True)
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_time: float = 0.0


@dataclass(slots=True)
class Turn:
    """One request slot on a server; ``pause`` is how long the server rests after it."""

    pause: float


class HostThrottle:
    """One request at a time per server, with a pause after each (shared by every site worker)."""

    def __init__(self, stop: threading.Event | None = None) -> None:
        self.stop = stop
        self._hosts: dict[str, _Host] = {}
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, url: str, pause: float) -> Iterator[Turn]:
        with self._guard:
            host = self._hosts.setdefault(host_key(url), _Host())
        with host.lock:
            wait_or_stop(self.stop, host.next_time - time.monotonic())
            turn = Turn(pause)
            try:
                yield turn
            finally:
                host.next_time = time.monotonic() + turn.pause
