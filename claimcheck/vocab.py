"""Vocabularies from ``claimcheck/data/*.yaml``, loaded once and shared by every stage.

Words live in data files so that adding a currency, a role title or an attribute cue
is an edit to YAML, not to code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from claimcheck import yamlparse
from claimcheck.models import ValueKind


@cache
def table(name: str) -> Any:
    """The parsed contents of ``data/<name>.yaml`` (cached; treat as read-only)."""
    text = resources.files("claimcheck.data").joinpath(f"{name}.yaml").read_text("utf-8")
    return yamlparse.load(text)


# Letters that case-insensitive patterns match to ASCII letters but ``str.lower`` leaves
# non-ASCII: folded the same way, so a word a pattern matched finds its table entry.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_KEY_BREAKS = re.compile(r"[\s_\-]+")


def fold_key(text: str) -> str:
    """Lower-case a phrase and fold hyphens, underscores and runs of spaces to one space."""
    return " ".join(_KEY_BREAKS.split(text.strip().translate(_ASCII_FOLDS).lower()))


@dataclass(frozen=True, slots=True)
class AttributeSpec:
    """What an attribute is called, which values it takes and which words cue it."""

    key: str
    label: str
    kinds: tuple[ValueKind, ...]
    cues: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    multi: bool = False
    """Several values can all be right (founders, platforms): they never conflict."""
    object_preps: tuple[str, ...] = ()
    role: bool = False
    """A role title (the value is the person holding it)."""
    stock: bool = False
    """A level at a moment (users, employees): stated without a period, it is the level
    at publication, the latest period reported by then."""
    before: tuple[str, ...] = ()
    """Words right before a level that make it the previous level ("was $15.49")."""
    deal: bool = False
    """A term of a deal (price paid, stake bought): its period is the year the deal was
    made ("In June Meta paid ..." is 2025's deal), and one stated without a date is the
    deal in the news, of the year the article was published."""


@cache
def attributes() -> dict[str, AttributeSpec]:
    """Every known attribute by canonical key, role titles included."""
    specs: dict[str, AttributeSpec] = {}
    for key, raw in table("attributes").items():
        specs[key] = AttributeSpec(
            key=key,
            label=raw.get("label", key),
            kinds=tuple(ValueKind(k) for k in raw["kinds"]),
            cues=tuple(raw.get("cues") or ()),
            aliases=tuple(raw.get("aliases") or ()),
            multi=bool(raw.get("multi", False)),
            object_preps=tuple(raw.get("object") or ()),
            deal=bool(raw.get("deal", False)),
            before=tuple(raw.get("before") or ()),
            stock=bool(raw.get("stock", False)),
        )
    for key, titles in table("roles").items():
        specs[key] = AttributeSpec(
            key=key,
            label=titles[0],
            kinds=(ValueKind.NAME,),
            aliases=tuple(titles),
            multi=key == "founder",
            role=True,
        )
    return specs


@cache
def _attribute_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for key, spec in attributes().items():
        for name in (key, spec.label, *spec.aliases):
            names.setdefault(fold_key(name), key)
    return names


def resolve_attribute(name: str) -> str | None:
    """Canonical attribute key for a name a person wrote (``founded (year)``), or None."""
    return _attribute_names().get(fold_key(name))


def attribute_names() -> list[str]:
    """Every accepted attribute name, for suggestions in error messages."""
    return sorted(_attribute_names())


def role_titles() -> dict[str, str]:
    """Role title wording (folded) -> canonical role attribute key."""
    out: dict[str, str] = {}
    for key, titles in table("roles").items():
        for title in titles:
            out[fold_key(title)] = key
    return out


def phrase_pattern(phrases: list[str] | tuple[str, ...] | set[str], flags: int = re.I) -> str:
    """A regex alternation matching any phrase as whole words, longest first.

    Spaces and hyphens inside a phrase match either a space or a hyphen. Phrases of the
    same length come in alphabetical order, so the pattern is the same in every process
    (a set's order is not): the cache of extracted files keys on it.
    """
    alts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        parts = [re.escape(p) for p in re.split(r"[\s\-]+", phrase.strip()) if p]
        if parts:
            alts.append(r"[\s\-]+".join(parts))
    return r"(?<![\w$])(?:" + "|".join(alts) + r")(?![\w])"


WORD = re.compile(r"\w+")
"""A word: a maximal run of word characters (as prefilters and alias indexes split text)."""
_CASE_ALIASES = "\u0130\u0131\u017f\u212a"
"""The non-ASCII characters a case-insensitive pattern matches to an ASCII letter (dotted
and dotless i, long s, the Kelvin sign; tests check the list is complete): a word holding
one can match a phrase that the lower-cased words do not show."""


@lru_cache(maxsize=4)
def sentence_words(text: str) -> frozenset[str] | None:
    """The lower-cased words (``\\w+`` runs) of a text, computed once for every prefilter
    of a sentence; None when a case alias makes them unreliable (every prefilter admits)."""
    if text.isascii():
        return frozenset(WORD.findall(text.lower()))
    if any(c in text for c in _CASE_ALIASES):
        return None
    return frozenset(w.lower() for w in WORD.findall(text))


def phrase_triggers(phrases: list[str] | tuple[str, ...] | set[str]) -> frozenset[str] | None:
    """For each phrase, the word every match of it holds: its longest ASCII ``\\w+`` run,
    lower-cased. A match of ``phrase_pattern(phrases)`` stands between non-word characters and
    its parts between spaces or hyphens, so each run of the phrase is a whole word of the
    text; a text holding none of these words cannot match. None when a phrase has no such
    run (then no prefilter can be built from it)."""
    out = set()
    for phrase in phrases:
        runs = [w for w in WORD.findall(phrase) if w.isascii()]
        if not runs:
            return None
        out.add(max(runs, key=len).lower())
    return frozenset(out)


def may_hold(text: str, triggers: frozenset[str] | None) -> bool:
    """Prefilter: False only when ``text`` holds none of ``triggers`` as a word, which proves
    that no pattern needing one of them can match it."""
    words = sentence_words(text)
    return words is None or triggers is None or not words.isdisjoint(triggers)
