"""Indented JSON text, written fast and piece by piece, for the reports that are read as
indented JSON (SARIF, ClaimReview).

``json.dumps(value, indent=2, ensure_ascii=False)`` writes the text these formats have
always had, but with an indent ``json`` leaves its C encoder for a Python one that walks
the tree through nested generators: about 5 µs a value, a minute and a half for the SARIF
log of 10,000 articles. :func:`indented` writes the same text byte for byte (tests compare
the two) in one recursive walk whose strings go through ``json``'s own C string encoder;
:func:`items` writes a list that is a document's bulk one item at a time, so a large log is
never held whole; and :class:`Shared` writes the text of a part that recurs (a claim's
location, in every finding about it) once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

INDENT = 2
"""Spaces per level, as ``json.dumps(..., indent=2)``."""

_HOLE = "\x00claimcheck-items\x00"
"""A string no report holds: it marks where :func:`items` writes the list's items."""


class Shared:
    """A part placed in many documents (or many places of one): its text is written once
    for each level it is placed at, then copied."""

    __slots__ = ("texts", "value")

    def __init__(self, value: Any) -> None:
        self.value = value
        self.texts: dict[int, str] = {}

    def text(self, level: int) -> str:
        """The part's text placed ``level`` levels deep."""
        text = self.texts.get(level)
        if text is None:
            text = self.texts[level] = indented(self.value, level)
        return text


def indented(value: Any, level: int = 0) -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` for ``value`` placed ``level``
    levels deep (its inner lines indented one level more, its closing bracket at
    ``level``). Like ``json`` without ``check_circular``, it trusts ``value`` is a tree."""
    out: list[str] = []
    _write(value, level, out)
    return "".join(out)


def items(document: Any, path: tuple[str | int, ...], each: Iterable[Any]) -> Iterator[str]:
    """``json.dumps(document, indent=2, ensure_ascii=False) + "\n"`` with the list at
    ``path`` (keys and indexes from the top; ``()``: the document is the list) holding
    ``each``'s items, written an item at a time. What ``document`` has there is replaced."""
    head, _, tail = _text_with(document, path, [_HOLE]).partition(encode_basestring(_HOLE))
    level = (len(head) - head.rfind("\n") - 1) // INDENT
    between = ",\n" + " " * (level * INDENT)
    first = True
    for item in each:
        text = indented(item, level)
        yield (head + text) if first else (between + text)
        first = False
    if first:  # no items: the list is written empty, as ``json`` writes it
        yield _text_with(document, path, []) + "\n"
    else:
        yield tail + "\n"


def _text_with(document: Any, path: tuple[str | int, ...], value: list[Any]) -> str:
    """The text of ``document`` with ``value`` put at ``path``."""
    if not path:
        return indented(value)
    holder = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return indented(document)


def _write(value: Any, level: int, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        _dict(value, level, out)
    elif kind is list or kind is tuple:
        _list(value, level, out)
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is Shared:
        out.append(value.text(level))
    elif isinstance(value, str):  # a subclass, an enum say: by its text, as ``json`` does
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        _dict(value, level, out)
    elif isinstance(value, list | tuple):
        _list(value, level, out)
    else:
        out.append(_scalar(value))


def _dict(value: dict[Any, Any], level: int, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    pad, closing = _pad(level + 1), _pad(level) + "}"
    opening = "{" + pad
    for key, item in value.items():
        named = _NAMED.get(key) if type(key) is str else None
        out.append(opening + (named or _named(key)))
        if type(item) is str:  # most values: no call to ``_write``
            out.append(encode_basestring(item))
        else:
            _write(item, level + 1, out)
        opening = "," + pad
    out.append(closing)


def _named(key: Any) -> str:
    """``"key": ``, remembered for the few keys documents repeat."""
    named = _key(key) + ": "
    if type(key) is str and len(_NAMED) < _NAMED_KEPT:
        _NAMED[key] = named
    return named


_NAMED: dict[str, str] = {}
_NAMED_KEPT = 4096
"""Keys whose text is remembered, at most (a document's keys are a few dozen names)."""


def _list(value: list[Any] | tuple[Any, ...], level: int, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    pad = _pad(level + 1)
    opening = "[" + pad
    for item in value:
        out.append(opening)
        _write(item, level + 1, out)
        opening = "," + pad
    out.append(_pad(level) + "]")


def _scalar(value: Any) -> str:
    """A value that is not a string or a container, as ``json`` writes it (an int or
    float subclass, such as an enum, by its base type's text)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _float(value: float) -> str:
    if math.isfinite(value):
        return float.__repr__(value)
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _key(key: Any) -> str:
    """A dict key as ``json`` writes it: strings as they are, numbers, booleans and None
    as their JSON text in quotes."""
    if isinstance(key, str):
        return encode_basestring(key)
    if key is True or key is False or key is None:
        return f'"{_scalar(key)}"'
    if isinstance(key, int | float):
        return f'"{_scalar(key)}"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


_PADS: list[str] = []


def _pad(level: int) -> str:
    """A newline and the indent of ``level``."""
    while len(_PADS) <= level:
        _PADS.append("\n" + " " * (len(_PADS) * INDENT))
    return _PADS[level]
