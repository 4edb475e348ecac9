"""What the components find in a text, as typed records over token positions.

Positions are token indices ``[start, end)`` plus character offsets into the normalized text, so
evidence spans can be cut from the text exactly as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import fast_init


@fast_init
@dataclass(frozen=True, slots=True)
class Term:
    """A subject, rating, cue or counting unit (``kind``), with its canonical ``value``."""

    kind: str
    value: str
    start: int
    end: int
    start_char: int
    end_char: int


@fast_init
@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure: ``count`` (value int), ``percent``, ``fraction`` (value = count, total) or ``zero``."""

    kind: str
    value: float
    start: int
    end: int
    start_char: int
    end_char: int
    total: int | None = None
    approx: str | None = None

    @property
    def is_percent(self) -> bool:
        return self.kind == "percent"

    @property
    def count(self) -> int | None:
        return None if self.kind == "percent" else int(self.value)


@fast_init
@dataclass(frozen=True, slots=True)
class YearMention:
    """A year; ``role`` is plain, range (2017-2020), compare (so với năm 2014), plan (nhiệm vụ năm 2021)
    or until (đến năm 2025)."""

    year: int
    start: int
    start_char: int
    role: str = "plain"


@fast_init
@dataclass(frozen=True, slots=True)
class Organization:
    """A named party or state body as written, with the party scope it stands for (if any)."""

    text: str
    start: int
    end: int
    start_char: int
    end_char: int
    head: str
    scope: str | None = None
    level: str | None = None  # province | district | commune | khoi | chibo | central | state | committee
    province: str | None = None
    district: str | None = None
    named: bool = True
    role: str = "plain"  # subject (opens its sentence) | title | owner (after "của") | attached (after "thuộc") | plain
