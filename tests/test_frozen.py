"""fast_init: the same frozen records as the dataclass's own __init__, built faster."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from pipeline.models import fast_init


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    name: str
    count: int | None
    scope: str | None = None
    flags: tuple[str, ...] = ()


@fast_init
@dataclasses.dataclass(frozen=True, slots=True)
class Fast:
    name: str
    count: int | None
    scope: str | None = None
    flags: tuple[str, ...] = ()


def test_fast_init_builds_what_the_dataclass_builds() -> None:
    calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
        ((), {"name": "Chi bộ A", "count": 3}),
        (("x", None, "tỉnh B"), {}),
        (("y", 1), {"flags": ("f",)}),
    ]
    for args, kwargs in calls:
        assert dataclasses.astuple(Fast(*args, **kwargs)) == dataclasses.astuple(Plain(*args, **kwargs))
    record = Fast("x", 1)
    assert record == Fast("x", 1) and hash(record) == hash(Fast("x", 1))
    assert dataclasses.replace(record, scope="tỉnh C") == Fast("x", 1, "tỉnh C")
    assert pickle.loads(pickle.dumps(record)) == record
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Fast("x")  # type: ignore[call-arg]


def test_fast_init_refuses_what_it_cannot_copy() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Listed:
        items: list[str] = dataclasses.field(default_factory=list)

    @dataclasses.dataclass
    class Mutable:
        name: str

    for cls in (Listed, Mutable):
        with pytest.raises(TypeError):
            fast_init(cls)
