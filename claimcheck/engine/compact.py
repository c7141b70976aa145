"""Share the strings of extracted records, so that a large run holds each text once.

Every claim of a file repeats the file's path, the claims of a sentence repeat the
sentence, and the whole corpus repeats a few dozen attribute names, units and modalities;
each record that comes back from a worker process or a Dask worker holds its own copies of
them (the cache's decoder interns them as it reads). ``compact`` rebuilds the records with
every string interned (one object per distinct text), which is several times smaller for a
large corpus. The records are equal to the ones given: only which objects hold the text
changes.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from typing import Any

from claimcheck.engine import ExtractedFile


def compact(extracted: ExtractedFile) -> ExtractedFile:
    """The same records, their strings interned (``sys.intern``: one object per text)."""
    shared = _share(extracted)
    assert isinstance(shared, ExtractedFile)
    return shared


def _share(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return sys.intern(value)
    if kind is tuple:
        return tuple(map(_share, value))
    rebuild = _REBUILDERS.get(kind) or _REBUILDERS.setdefault(kind, _rebuilder(kind))
    return rebuild(value)


Rebuild = Callable[[Any], Any]

_REBUILDERS: dict[type, Rebuild] = {}
"""The rebuilder of each type met so far."""


def _rebuilder(kind: type) -> Rebuild:
    """For a record type, a function that rebuilds a record with shared field values; for
    any other type (numbers, enums, None), one that keeps the value."""
    if not dataclasses.is_dataclass(kind):
        return _same
    names = tuple(field.name for field in dataclasses.fields(kind))

    def rebuild(record: Any) -> Any:
        return kind(*[_share(getattr(record, name)) for name in names])

    return rebuild


def _same(value: Any) -> Any:
    return value
