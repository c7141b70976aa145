"""Read the curated reference file (``claims.yaml``) into a :class:`~claimcheck.models.Reference`.

The file is composed with PyYAML into nodes rather than loaded into plain data, so every
problem can name the line it stands on: ``claims.yaml:12: cannot read '21 secnds' as a
duration for attribute 'maximum length'``. Values go through :func:`claimcheck.values.parse_value`,
the same normaliser articles go through. The format is documented in ``docs/claims-format.md``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from claimcheck import yamlparse
from claimcheck.errors import ReferenceFileError
from claimcheck.models import (
    NUMERIC_KINDS,
    Entity,
    Reference,
    ReferenceClaim,
    Tolerance,
    Value,
    ValueKind,
)
from claimcheck.values import numeric_value, parse_number, parse_value
from claimcheck.vocab import (
    AttributeSpec,
    attribute_names,
    attributes,
    fold_key,
    resolve_attribute,
    table,
)

ENTITY_KINDS = ("organisation", "person", "product", "event", "place", "other")
"""The kinds an entity may declare; an entity met only as a claim subject is ``other``."""

_VERSION = "1"

_NULL_TAG = "tag:yaml.org,2002:null"

# How error messages name a kind of value, and how a person would write one.
_KIND_WORDS: dict[ValueKind, tuple[str, str]] = {
    ValueKind.MONEY: ("an amount of money", "$200 million"),
    ValueKind.DURATION: ("a duration", "21 seconds"),
    ValueKind.PERCENT: ("a percentage", "49%"),
    ValueKind.COUNT: ("a number", "28"),
    ValueKind.YEAR: ("a year", "2021"),
    ValueKind.DATE: ("a date", "2025-06-18"),
    ValueKind.WEEKDAY: ("a weekday", "Friday"),
    ValueKind.NAME: ("a name", "Alexandr Wang"),
    ValueKind.CATEGORY: ("a category", "licensing"),
}


class _Invalid(Exception):
    """One problem at one node; raised by the readers, turned into a ReferenceFileError."""

    def __init__(self, node: Node | None, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


def _line(node: Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "mapping"
    return "list" if isinstance(node, SequenceNode) else "single value"


def _fold(name: str) -> str:
    """Key for matching entity names: case-insensitive, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def _closest(word: str, choices: list[str] | tuple[str, ...], count: int = 1) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=count, cutoff=0.6)


def _did_you_mean(word: str, choices: list[str] | tuple[str, ...], count: int = 1) -> str:
    near = _closest(word, choices, count)
    return f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""


# --- tolerance --------------------------------------------------------------------------


def _plain(text: str) -> float | None:
    number = parse_number(text)
    return number[0] if number else None


def _amount_of(kind: ValueKind, scale: float = 1.0) -> Callable[[str], float | None]:
    """A reader for '<amount> <unit>' or a plain number, scaled to the value's unit."""

    def read(text: str) -> float | None:
        value = parse_value(text, [kind])
        if value is not None and value.amount is not None:
            return value.amount / scale
        return _plain(text)

    return read


def _years(text: str) -> float | None:
    return _plain(re.sub(r"\s*years?$", "", text, flags=re.I))


_TOLERANCE_READERS: dict[ValueKind, tuple[Callable[[str], float | None], str]] = {
    ValueKind.MONEY: (_amount_of(ValueKind.MONEY), "$5 million"),
    ValueKind.DURATION: (_amount_of(ValueKind.DURATION), "1 s"),
    ValueKind.PERCENT: (_amount_of(ValueKind.PERCENT), "2 percentage points"),
    ValueKind.COUNT: (_amount_of(ValueKind.COUNT), "2"),
    ValueKind.YEAR: (_years, "1 year"),
    ValueKind.DATE: (_amount_of(ValueKind.DURATION, 86400.0), "3 days"),
}


def parse_tolerance(text: str, kind: ValueKind) -> Tolerance:
    """Read a tolerance as written in claims.yaml for a value of ``kind``.

    ``5%`` is relative (0.05) for money, durations, percentages and counts. Anything else is
    an absolute amount in the value's normalised unit: money (``$5 million``), seconds
    (``1 s``, ``2 minutes`` or a plain ``1``), percentage points (``2``), a count (``2``),
    years (``1`` or ``1 year``) or days for dates (``3 days`` or a plain ``3``). A leading
    ``±`` is ignored. Raises ValueError with a message for the user when it cannot be read.
    """
    if kind not in _TOLERANCE_READERS:
        word = _KIND_WORDS[kind][0]
        raise ValueError(f"a tolerance only applies to numbers, dates and years, not to {word}")
    clean = " ".join(str(text).split()).removeprefix("+/-").lstrip("±").strip()
    relative = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", clean)
    if relative and kind in NUMERIC_KINDS:
        return Tolerance(relative=float(relative.group(1)) / 100.0, text=text)
    reader, example = _TOLERANCE_READERS[kind]
    amount = None if relative else reader(clean)
    if amount is None or amount < 0:
        percent = "a percentage like '5%' or " if kind in NUMERIC_KINDS else ""
        word = _KIND_WORDS[kind][0]
        raise ValueError(
            f"cannot read '{text}' as a tolerance for {word}; "
            f"write {percent}an amount like '{example}'"
        )
    return Tolerance(absolute=amount, text=text)


# --- node readers -----------------------------------------------------------------------
# Each reader turns one node into plain data or raises _Invalid at the offending node.

Items = list[tuple[str, Node]]
"""Texts together with the node each was read from (for line numbers)."""


def _scalar(node: Node, key: str) -> str:
    if not isinstance(node, ScalarNode):
        raise _Invalid(node, f"'{key}' must be a single value, not a {_shape(node)}")
    text = "" if node.tag == _NULL_TAG else str(node.value).strip()
    if not text:
        raise _Invalid(node, f"'{key}' is empty")
    return text


def _scalar_list(node: Node, key: str) -> Items:
    if node.tag == _NULL_TAG:
        return []
    if not isinstance(node, SequenceNode):
        raise _Invalid(node, f"'{key}' must be a list of names, like [A, B], not a {_shape(node)}")
    return [(_item(item, key), item) for item in node.value]


def _item(node: Node, key: str) -> str:
    if not isinstance(node, ScalarNode):
        raise _Invalid(node, f"each item of '{key}' must be a single value, not a {_shape(node)}")
    return _scalar(node, key)


def _one_or_list(node: Node, key: str) -> Items:
    return (
        _scalar_list(node, key) if isinstance(node, SequenceNode) else [(_scalar(node, key), node)]
    )


def _value_items(node: Node, key: str) -> Items:
    if isinstance(node, MappingNode):
        raise _Invalid(node, f"'{key}' must be a text, a number or a list of them, not a mapping")
    items = _one_or_list(node, key)
    if not items:
        raise _Invalid(node, f"'{key}' is an empty list")
    return items


def _period(node: Node, key: str) -> str:
    text = _scalar(node, key)
    if not re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", text):
        raise _Invalid(
            node, f"cannot read period '{text}'; write a year (2023) or a month (2025-06)"
        )
    return text


def _month(node: Node, key: str) -> int:
    text = _scalar(node, key)
    months: dict[str, int] = table("dates")["months"]
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    if text.lower() in months:
        return months[text.lower()]
    raise _Invalid(node, f"cannot read month '{text}'; write a month name (January) or 1-12")


def _version(node: Node, key: str) -> str:
    text = node.value if isinstance(node, ScalarNode) else _shape(node)
    if text != _VERSION:
        raise _Invalid(node, f"unsupported version '{text}'; this claimcheck reads version 1")
    return text


def _nodes(node: Node, key: str) -> list[Node]:
    if node.tag == _NULL_TAG:
        return []
    if not isinstance(node, SequenceNode):
        raise _Invalid(node, f"'{key}' must be a list (one '- ' item each), not a {_shape(node)}")
    return list(node.value)


def _entity_kind(node: Node, key: str) -> str:
    text = _scalar(node, key).lower()
    if text not in ENTITY_KINDS:
        hint = _did_you_mean(text, ENTITY_KINDS)
        raise _Invalid(
            node, f"unknown entity kind '{text}'{hint} (one of {', '.join(ENTITY_KINDS)})"
        )
    return text


Reader = Callable[[Node, str], Any]


@dataclass(frozen=True, slots=True)
class _Section:
    """What one mapping in the file may hold: a reader per key, and the required keys."""

    label: str
    readers: dict[str, Reader]
    required: tuple[str, ...] = ()


_TOP = _Section("the file", {"version": _version, "entities": _nodes, "claims": _nodes})
_ENTITY = _Section(
    "an entity",
    {
        "name": _scalar,
        "kind": _entity_kind,
        "aliases": _scalar_list,
        "parties": _scalar_list,
        "fiscal_year_end": _month,
    },
    ("name",),
)
_CLAIM = _Section(
    "a claim",
    {
        "id": _scalar,
        "subject": _scalar,
        "attribute": _scalar,
        "value": _value_items,
        "object": _scalar,
        "period": _period,
        "tolerance": _scalar,
        "note": _scalar,
        "sources": _one_or_list,
    },
    ("subject", "attribute", "value"),
)


# --- claim values -----------------------------------------------------------------------


def _attribute_spec(name: str, node: Node) -> AttributeSpec:
    key = resolve_attribute(name)
    if key is None:
        raise _Invalid(node, f"unknown attribute '{name}'{_attribute_hint(name)}")
    return attributes()[key]


def _attribute_hint(name: str) -> str:
    """Suggest up to three close names, one per attribute (not three spellings of one)."""
    by_key: dict[str, str] = {}
    for near in _closest(fold_key(name), attribute_names(), 10):
        by_key.setdefault(resolve_attribute(near) or near, near)
    names = list(by_key.values())[:3]
    return f"; did you mean {' or '.join(repr(n) for n in names)}?" if names else ""


def _bare_count(text: str, kinds: tuple[ValueKind, ...]) -> Value | None:
    """A plain number for a count attribute (``age: 28``), which has no unit to read."""
    number = parse_number(text) if ValueKind.COUNT in kinds else None
    if number is None:
        return None
    return numeric_value(ValueKind.COUNT, text, number[0], number[1], "")


def _parse_item(text: str, node: Node, spec: AttributeSpec) -> Value:
    value = parse_value(text, spec.kinds) or _bare_count(text, spec.kinds)
    if value is None:
        words = " or ".join(_KIND_WORDS[k][0] for k in spec.kinds)
        example = _KIND_WORDS[spec.kinds[0]][1]
        raise _Invalid(
            node,
            f"cannot read '{text}' as {words} for attribute '{spec.label}' "
            f"(write it like '{example}')",
        )
    return value


def _tolerance(text: str | None, node: Node | None, kind: ValueKind) -> Tolerance | None:
    if text is None:
        return None
    try:
        return parse_tolerance(text, kind)
    except ValueError as exc:
        raise _Invalid(node, f"bad tolerance: {exc}") from None


def _slug(*parts: str) -> str:
    text = unicodedata.normalize("NFKD", "-".join(p for p in parts if p))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the walk ---------------------------------------------------------------------------


class _Builder:
    """Walks the composed file once, collecting entities, claims and every problem."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[ReferenceFileError] = []
        self.entities: list[Entity] = []
        self.names: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.parties: list[tuple[int, Items]] = []

    def fail(self, node: Node | None, message: str) -> None:
        self.errors.append(ReferenceFileError(self.path, message, _line(node)))

    def guard(self, read: Callable[..., Any], *args: Any) -> Any:
        """Call a reader; on _Invalid record the problem and return None."""
        try:
            return read(*args)
        except _Invalid as exc:
            self.fail(exc.node, exc.message)
            return None

    def build(self, root: Node) -> Reference:
        got = self.section(root, _TOP)
        data = got[0] if got else {}
        for node in data.get("entities") or []:
            self.entity(node)
        claims = [self.claim(node) for node in data.get("claims") or []]
        self.resolve_parties()
        found = tuple(c for c in claims if c is not None)
        return Reference(path=self.path, entities=tuple(self.entities), claims=found)

    def section(
        self, node: Node, section: _Section
    ) -> tuple[dict[str, Any], dict[str, Node]] | None:
        """Read a mapping by the section's table; None when it cannot be used."""
        fields = self.guard(self.mapping, node, section)
        if fields is None:
            return None
        missing = [key for key in section.required if key not in fields]
        if missing:
            needs = ", ".join(section.required)
            self.fail(node, f"{section.label} is missing '{missing[0]}' (required: {needs})")
        data = {key: self.guard(section.readers[key], sub, key) for key, sub in fields.items()}
        if missing or any(v is None for v in data.values()):
            return None
        return data, fields

    def mapping(self, node: Node, section: _Section) -> dict[str, Node]:
        if not isinstance(node, MappingNode):
            label = section.label
            raise _Invalid(
                node, f"{label} must be a mapping of keys to values, not a {_shape(node)}"
            )
        fields: dict[str, Node] = {}
        for key_node, sub in node.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
            if key in fields:
                self.fail(key_node, f"key '{key}' appears twice in {section.label}")
            elif key in section.readers:
                fields[key] = sub
            else:
                self.fail(key_node, self.unknown_key(key, section))
        return fields

    @staticmethod
    def unknown_key(key: str, section: _Section) -> str:
        allowed = tuple(section.readers)
        hint = _did_you_mean(key, allowed)
        return f"unknown key '{key}' in {section.label}{hint} (allowed: {', '.join(allowed)})"

    # entities -----------------------------------------------------------------------------

    def entity(self, node: Node) -> None:
        got = self.section(node, _ENTITY)
        if got is None:
            return
        data, fields = got
        kind = data.get("kind", "organisation")
        aliases: Items = data.get("aliases", [])
        index = len(self.entities)
        self.entities.append(
            Entity(
                data["name"],
                kind,
                tuple(a for a, _ in aliases),
                (),
                _line(node),
                data.get("fiscal_year_end", 12),
            )
        )
        for text, sub in [(data["name"], fields["name"]), *aliases]:
            self.register(text, index, sub)
        if "parties" in data and kind != "event":
            message = f"'{data['name']}' is of kind '{kind}'; only an 'event' has parties"
            self.fail(fields["parties"], message)
        elif "parties" in data:
            self.parties.append((index, data["parties"]))

    def register(self, text: str, index: int, node: Node) -> None:
        """Make ``text`` name entity ``index``; a name may point at one entity only."""
        other = self.names.setdefault(_fold(text), index)
        if other != index:
            first = self.entities[other]
            self.fail(node, f"'{text}' already names entity '{first.name}' (line {first.line})")

    def canonical(self, text: str, node: Node) -> str:
        """The entity name ``text`` refers to; an unknown name becomes an entity of its own."""
        index = self.names.get(_fold(text))
        if index is None:
            index = len(self.entities)
            self.entities.append(Entity(text, "other", line=_line(node)))
            self.names[_fold(text)] = index
        return self.entities[index].name

    def resolve_parties(self) -> None:
        for index, items in self.parties:
            names = [self.party(text, sub) for text, sub in items]
            kept = tuple(n for n in names if n)
            self.entities[index] = replace(self.entities[index], parties=kept)

    def party(self, text: str, node: Node) -> str:
        index = self.names.get(_fold(text))
        if index is not None:
            return self.entities[index].name
        known = [e.name for e in self.entities]
        hint = _did_you_mean(text, known)
        self.fail(node, f"party '{text}' is not a known entity{hint} (declare it under entities)")
        return ""

    # claims -------------------------------------------------------------------------------

    def claim(self, node: Node) -> ReferenceClaim | None:
        got = self.section(node, _CLAIM)
        if got is None:
            return None
        data, fields = got
        try:
            spec = _attribute_spec(data["attribute"], fields["attribute"])
            values = tuple(_parse_item(text, sub, spec) for text, sub in data["value"])
            tolerance = _tolerance(data.get("tolerance"), fields.get("tolerance"), values[0].kind)
        except _Invalid as exc:
            self.fail(exc.node, exc.message)
            return None
        return self.finish(node, data, fields, spec, values, tolerance)

    def finish(
        self,
        node: Node,
        data: dict[str, Any],
        fields: dict[str, Node],
        spec: AttributeSpec,
        values: tuple[Value, ...],
        tolerance: Tolerance | None,
    ) -> ReferenceClaim | None:
        subject = self.canonical(data["subject"], fields["subject"])
        obj = self.canonical(data["object"], fields["object"]) if "object" in data else ""
        period = data.get("period", "")
        claim_id = data.get("id") or _slug(subject, spec.key, obj, period)
        if not self.unique_id(claim_id, fields.get("id", node), explicit="id" in data):
            return None
        return ReferenceClaim(
            id=claim_id,
            subject=subject,
            attribute=spec.key,
            values=values,
            value_text=" or ".join(text for text, _ in data["value"]),
            object=obj,
            period=period,
            tolerance=tolerance,
            note=data.get("note", ""),
            sources=tuple(text for text, _ in data.get("sources", [])),
            path=self.path,
            line=_line(node),
        )

    def unique_id(self, claim_id: str, node: Node, explicit: bool) -> bool:
        """Record a claim id; a second claim with the same id is an error."""
        if claim_id not in self.ids:
            self.ids[claim_id] = _line(node)
            return True
        first = self.ids[claim_id]
        advice = "" if explicit else "; give one of them an 'id'"
        self.fail(node, f"duplicate claim id '{claim_id}' (first used on line {first}){advice}")
        return False


# --- reading the file -------------------------------------------------------------------


def _read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ReferenceFileError(shown, "reference file not found") from None
    except IsADirectoryError:
        raise ReferenceFileError(shown, "is a directory, not a reference file") from None
    except OSError as exc:
        raise ReferenceFileError(shown, f"cannot read the reference file: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReferenceFileError(shown, "not UTF-8 text", line) from None


def _compose(text: str, shown: str) -> Node:
    try:
        root = yamlparse.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or exc.context
        message = f"invalid YAML: {problem} (check the indentation and quoting)"
        raise ReferenceFileError(shown, message, line) from None
    except yaml.YAMLError as exc:
        raise ReferenceFileError(shown, f"invalid YAML: {exc}") from None
    if root is None:
        raise ReferenceFileError(shown, "the file is empty; expected version, entities and claims")
    return root


def validate_reference(path: Path | str) -> tuple[Reference | None, list[ReferenceFileError]]:
    """Every problem in a reference file, in line order, for ``claimcheck validate``.

    Returns the parsed Reference only when the file has no problem at all, else None.
    """
    shown = str(path)
    try:
        root = _compose(_read_text(Path(path), shown), shown)
    except ReferenceFileError as exc:
        return None, [exc]
    builder = _Builder(shown)
    reference = builder.build(root)
    errors = sorted(builder.errors, key=lambda e: e.line)
    return (None if errors else reference), errors


def load_reference(path: Path | str) -> Reference:
    """Parse and validate a reference file; raises ReferenceFileError for its first problem."""
    reference, errors = validate_reference(path)
    if errors:
        raise errors[0]
    assert reference is not None
    return reference
