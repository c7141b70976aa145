"""Helpers for the frozen records in loops that run once per claim or finding: a faster
``dataclasses.replace``, and one object for each distinct record."""

from __future__ import annotations

import dataclasses
import math
import operator
from collections.abc import Callable
from typing import Any, Generic, TypeVar

R = TypeVar("R")

_LAYOUTS: dict[type, tuple[dict[str, int], Callable[[Any], Any]]] = {}
"""For each record type: its field positions, and a getter of all its field values."""


def evolve(record: R, **changes: Any) -> R:
    """``dataclasses.replace(record, **changes)`` for a dataclass whose fields are all set
    by ``__init__`` in declaration order (every record in ``models``), at half the cost."""
    kind = type(record)
    layout = _LAYOUTS.get(kind) or _LAYOUTS.setdefault(kind, _layout(kind))
    positions, values_of = layout
    values = list(values_of(record))
    for name, value in changes.items():
        values[positions[name]] = value
    return kind(*values)


def _layout(kind: type) -> tuple[dict[str, int], Callable[[Any], Any]]:
    names = [field.name for field in dataclasses.fields(kind)]
    if len(names) < 2:
        raise TypeError(f"evolve() needs a record of two fields or more, not {kind.__name__}")
    return {name: i for i, name in enumerate(names)}, operator.attrgetter(*names)


class Canon(Generic[R]):
    """Hands out one object for each distinct record, so that a large run holds each value
    (``$14 billion``, ``2021``) once however many claims state it.

    Records are the same only when every field is of the same type and equal, and a float
    has the same sign: ``2`` and ``2.0``, ``0.0`` and ``-0.0`` stay apart, as they are
    written differently.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], R] = {}

    def __call__(self, record: R) -> R:
        """The first record met that is the same as ``record`` (``record`` itself if new)."""
        kind = type(record)
        _, values_of = _LAYOUTS.get(kind) or _LAYOUTS.setdefault(kind, _layout(kind))
        key = (kind, *map(_exact, values_of(record)))
        return self._seen.setdefault(key, record)


def _exact(value: object) -> object:
    if type(value) is float:
        return float, value, math.copysign(1.0, value)
    return type(value), value
