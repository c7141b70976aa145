"""ExtractedFile <-> JSON, for the cache: a strict decoder that rebuilds the records exactly.

A record is a JSON array of its fields in declaration order, an enum its value, a tuple an
array. The decoder checks every value against the field's type hint, so anything that is
not what ``encode`` wrote (a truncated row, another layout) raises ``DecodeError`` rather
than giving a wrong record. JSON keeps ``2021`` and ``2021.0`` apart, and escapes every
non-ASCII character, so strings (lone surrogates from a JSON feed included) and numbers
come back as they were. Strings come back interned (see ``_string``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from collections.abc import Callable
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
    built = _decoder(ExtractedFile)(raw)
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


Decoder = Callable[[Any], Any]


@cache
def _hints(cls: type) -> tuple[tuple[str, Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@cache
def _decoder(hint: Any) -> Decoder:
    """A function that turns parsed JSON into a value of type ``hint`` (built once per type,
    so decoding a row does not inspect type hints again)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(hint))
    if origin is tuple:
        return _tuple(typing.get_args(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum(hint)
    if hint is str:
        return _string
    if hint in _SCALARS:
        return _scalar(hint, _SCALARS[hint])
    raise TypeError(f"no decoder for {hint}")


def _union(options: tuple[Any, ...]) -> Decoder:
    nullable = type(None) in options
    decoders = [_decoder(option) for option in options if option is not type(None)]

    def decode_union(raw: Any) -> Any:
        if raw is None and nullable:
            return None
        for decoder in decoders:
            try:
                return decoder(raw)
            except DecodeError:
                continue
        raise DecodeError(f"{raw!r} is none of {options}")

    return decode_union


def _tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def decode_items(raw: Any) -> tuple[Any, ...]:
            if type(raw) is not list:
                raise DecodeError(f"{raw!r} is not a list")
            return tuple(map(item, raw))

        return decode_items
    decoders = [_decoder(arg) for arg in args]

    def decode_fixed(raw: Any) -> tuple[Any, ...]:
        if type(raw) is not list or len(raw) != len(decoders):
            raise DecodeError(f"{raw!r} is not a list of {len(decoders)} items")
        return tuple(decoder(value) for decoder, value in zip(decoders, raw, strict=True))

    return decode_fixed


def _record(cls: type) -> Decoder:
    """A decoder written for ``cls`` (as ``dataclasses`` writes ``__init__``): its fields are
    unpacked and checked inline, scalars without a call, so that a warm run over thousands
    of cached files decodes their records at a few microseconds each."""
    hints = _hints(cls)
    names = [f"f{i}" for i in range(len(hints))]
    scope: dict[str, Any] = {"_cls": cls, "DecodeError": DecodeError, "_bad": _bad}
    checks = [_inline(name, hint, scope) for name, (_, hint) in zip(names, hints, strict=True)]
    unpack = f"    {', '.join(names)}, = raw\n" if names else ""
    source = (
        "def decode_record(raw):\n"
        f"    if type(raw) is not list or len(raw) != {len(names)}:\n"
        f"        raise DecodeError('not a {cls.__name__} record')\n"
        f"{unpack}"
        f"    return _cls({', '.join(checks)})\n"
    )
    exec(source, scope)  # the source is built above from type hints only
    decoder: Decoder = scope["decode_record"]
    return decoder


_INLINE = {str: "_intern({v})", int: "{v}", bool: "{v}"}
"""Scalar field types checked inline: the expression kept when the type is right."""


def _inline(name: str, hint: Any, scope: dict[str, Any]) -> str:
    """An expression that checks and converts the parsed JSON in variable ``name`` to a
    ``hint``; any other type goes through its ``_decoder``, bound into ``scope``."""
    if hint in _INLINE:
        scope["_intern"] = _intern
        kept = _INLINE[hint].format(v=name)
        return f"({kept} if type({name}) is {hint.__name__} else _bad({name}, '{hint.__name__}'))"
    if hint is float:
        accepted = f"type({name}) is float or type({name}) is int"
        return f"({name} if {accepted} else _bad({name}, 'float'))"
    options = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(options) == 2:
        inner = [option for option in options if option is not type(None)]
        if len(inner) == 1 and (inner[0] in _INLINE or inner[0] is float):
            return f"(None if {name} is None else {_inline(name, inner[0], scope)})"
    helper = f"_d{len(scope)}"
    scope[helper] = _decoder(hint)
    return f"{helper}({name})"


def _bad(raw: Any, kind: str) -> Any:
    raise DecodeError(f"{raw!r} is not {kind}")


_intern = sys.intern


def _enum(cls: type[Enum]) -> Decoder:
    members = {member.value: member for member in cls}  # a dict lookup, not Enum.__call__

    def decode_enum(raw: Any) -> Any:
        try:
            return members[raw]
        except (KeyError, TypeError):  # TypeError: a list or an object is not hashable
            raise DecodeError(f"{raw!r} is not a {cls.__name__}") from None

    return decode_enum


_SCALARS: dict[Any, tuple[type, ...]] = {
    bool: (bool,),
    int: (int,),
    float: (float, int),  # a float field may hold an int: JSON keeps which it was
}
"""What JSON gives for each scalar field type (``json`` builds exactly these types)."""


def _scalar(hint: type, accepted: tuple[type, ...]) -> Decoder:
    def decode_scalar(raw: Any) -> Any:
        if type(raw) not in accepted:
            raise DecodeError(f"{raw!r} is not {hint.__name__}")
        return raw

    return decode_scalar


def _string(raw: Any) -> str:
    """A string field, interned: a file's claims repeat its path and their sentences, and
    a corpus a few dozen attribute names and units; a large run keeps one object of each."""
    if type(raw) is not str:
        raise DecodeError(f"{raw!r} is not str")
    return sys.intern(raw)
