"""A faster ``__init__`` for frozen, slotted dataclasses, the same objects built.

A frozen dataclass's generated ``__init__`` sets each field through ``object.__setattr__``, a slow
generic call; extraction builds about a hundred such records per article (terms, figures, bodies,
records), so that call was a measurable part of its time. ``fast_init`` gives the class an
``__init__`` with the same signature and defaults that writes each slot through its descriptor.
Everything else (equality, hashing, ``replace``, the frozen ``__setattr__``) is the dataclass's own.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    """Decorate a ``@dataclass(frozen=True, slots=True)`` class (above the dataclass decorator)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: fast_init is for frozen, slotted dataclasses")
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: fast_init does not run __post_init__")
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if any(not field.init or field.kw_only or field.default_factory is not dataclasses.MISSING for field in fields):
        raise TypeError(f"{cls.__name__}: fast_init takes positional fields with plain defaults only")
    signature = inspect.signature(cls.__init__)
    namespace: dict[str, Any] = {}
    arguments = ["self"]
    for parameter in list(signature.parameters.values())[1:]:
        if parameter.default is inspect.Parameter.empty:
            arguments.append(parameter.name)
        else:
            namespace[f"_default_{parameter.name}"] = parameter.default
            arguments.append(f"{parameter.name}=_default_{parameter.name}")
    lines = []
    for field in fields:
        namespace[f"_set_{field.name}"] = cls.__dict__[field.name].__set__
        lines.append(f"    _set_{field.name}(self, {field.name})")
    exec(f"def __init__({', '.join(arguments)}):\n" + "\n".join(lines or ["    pass"]), namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = dict(cls.__init__.__annotations__)
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
