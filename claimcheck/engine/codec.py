"""ExtractedFile <-> JSON, for the cache: a strict decoder that rebuilds the records exactly.

A record is a JSON array of its fields in declaration order, an enum its value, a tuple an
array. The decoder checks every value against the field's type hint, so anything that is
not what ``encode`` wrote (a truncated row, another layout) raises ``DecodeError`` rather
than giving a wrong record. JSON keeps ``2021`` and ``2021.0`` apart, and escapes every
non-ASCII character, so strings (lone surrogates from a JSON feed included) and numbers
come back as they were.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

from claimcheck.engine import ExtractedFile


class DecodeError(ValueError):
    """The data is not an encoded ExtractedFile."""


def encode(extracted: ExtractedFile) -> bytes:
    """The file's records as compact JSON bytes."""
    text = json.dumps(_plain(extracted), ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii")


def decode(data: bytes) -> ExtractedFile:
    """The ExtractedFile ``encode`` wrote; DecodeError when ``data`` is anything else."""
    try:
        raw = json.loads(data)
    except (ValueError, TypeError) as error:  # UnicodeDecodeError is a ValueError
        raise DecodeError(f"not JSON: {error}") from None
    built = _build(ExtractedFile, raw)
    assert isinstance(built, ExtractedFile)
    return built


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_plain(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, str | int | float):
        return value
    raise TypeError(f"cannot encode {type(value).__name__} for the cache")


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _build(hint: Any, raw: Any) -> Any:
    """``raw`` (parsed JSON) as a value of type ``hint``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if raw is None and type(None) in options:
            return None
        for option in options:
            if option is not type(None):
                try:
                    return _build(option, raw)
                except DecodeError:
                    continue
        raise DecodeError(f"{raw!r} is not {hint}")
    if origin is tuple:
        return _build_tuple(typing.get_args(hint), raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = _hints(hint)
        if not isinstance(raw, list) or len(raw) != len(fields):
            raise DecodeError(f"not a {hint.__name__} record")
        return hint(*(_build(kind, item) for (_, kind), item in zip(fields, raw, strict=True)))
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(raw)
        except (ValueError, TypeError):
            raise DecodeError(f"{raw!r} is not a {hint.__name__}") from None
    return _scalar(hint, raw)


def _build_tuple(args: tuple[Any, ...], raw: Any) -> tuple[Any, ...]:
    if not isinstance(raw, list):
        raise DecodeError(f"{raw!r} is not a list")
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_build(args[0], item) for item in raw)
    if len(raw) != len(args):
        raise DecodeError(f"{raw!r} does not have {len(args)} items")
    return tuple(_build(kind, item) for kind, item in zip(args, raw, strict=True))


def _scalar(hint: Any, raw: Any) -> Any:
    if hint is bool:
        ok = isinstance(raw, bool)
    elif hint is int:
        ok = isinstance(raw, int) and not isinstance(raw, bool)
    elif hint is float:  # a float field may hold an int: JSON keeps which it was
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
    elif hint is str:
        ok = isinstance(raw, str)
    else:
        raise DecodeError(f"no decoder for {hint}")
    if not ok:
        raise DecodeError(f"{raw!r} is not {hint.__name__}")
    return raw
