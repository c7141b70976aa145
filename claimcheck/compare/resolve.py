"""Resolve entity names: map what an article wrote to one canonical name per entity.

Matches: ``Meta Platforms, Inc.`` -> ``Meta`` when the reference lists ``Meta Platforms``
as an alias; ``Alexander Wang`` -> ``Alexandr Wang`` (fuzzy: reported as a naming
variant). Does not match: ``Meta`` -> ``Metaverse`` (names under five letters only match
exactly). Names the reference does not know are clustered across articles through a
bucketed index (``Goggle`` joins ``Google``), never by comparing all pairs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from claimcheck import vocab
from claimcheck.models import Claim, Reference, Value, ValueKind

MIN_FUZZY_LENGTH = 5
"""Folded names shorter than this only ever match exactly (``Meta`` never fuzzes)."""
RATIO_CUTOFF = 88
"""``fuzz.ratio`` score from which two folded names are the same entity."""
ONE_EDIT_LENGTH = 6
"""Folded names at least this long also match at one edit (``google`` / ``goggle``)."""
BAND_WIDTH = 4
"""Length band of the clustering index: names are compared with neighbouring bands only."""

_SEPARATORS = re.compile(r"[\s\-_/\u2010-\u2015]+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s\b")

Written = dict[str, tuple[str, ...]]
"""Claim id -> the names it wrote that were resolved fuzzily."""


@cache
def _suffixes() -> frozenset[str]:
    words = vocab.table("text")["company_suffixes"]
    return frozenset(_PUNCTUATION.sub("", str(w).lower()) for w in words)


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """Lower-case a name without ``the``, possessive, punctuation or company suffix.

    ``The Meta Platforms, Inc.'s`` folds to ``meta platforms``. Remembered: comparing
    claims folds the same few thousand names hundreds of thousands of times.
    """
    text = _POSSESSIVE.sub("", name.lower())
    tokens = _PUNCTUATION.sub("", _SEPARATORS.sub(" ", text)).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _suffixes():
        tokens.pop()
    return " ".join(tokens)


def best_match(folded: str, choices: Sequence[str]) -> str | None:
    """The choice that is the same name as ``folded`` written slightly differently, or None."""
    if len(folded) < MIN_FUZZY_LENGTH or not choices:
        return None
    hit = process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=RATIO_CUTOFF)
    return str(hit[0]) if hit is not None else _one_edit(folded, choices)


def _one_edit(folded: str, choices: Sequence[str]) -> str | None:
    if len(folded) < ONE_EDIT_LENGTH:
        return None
    hit = process.extractOne(
        folded, choices, scorer=Levenshtein.distance, score_cutoff=1, processor=None
    )
    return str(hit[0]) if hit is not None and len(hit[0]) >= ONE_EDIT_LENGTH else None


class EntityResolver:
    """Maps names to the reference's canonical entity names, exactly or fuzzily."""

    def __init__(self, reference: Reference | None) -> None:
        self._exact: dict[str, str] = {}
        folds: set[str] = set()
        for canonical, alias in _reference_names(reference):
            folded = fold_name(alias)
            if folded:
                folds.add(folded)
                self._exact.setdefault(folded, canonical)
                self._exact.setdefault(folded.replace(" ", ""), canonical)
        self._choices = sorted(f for f in folds if len(f) >= MIN_FUZZY_LENGTH)
        multi = [(frozenset(f.split()), f) for f in folds if " " in f]
        self._multi_word = sorted(multi, key=lambda m: (-len(m[0]), m[1]))
        self._cache: dict[str, tuple[str, bool] | None] = {}

    def canonical(self, name: str) -> str | None:
        """The canonical name when ``name`` folds exactly to a known name or alias."""
        folded = fold_name(name)
        return self._exact.get(folded) or self._exact.get(folded.replace(" ", ""))

    def lookup(self, name: str) -> tuple[str, bool] | None:
        """(canonical, was_fuzzy) for a name the reference knows, else None."""
        if name not in self._cache:
            self._cache[name] = self._lookup(name)
        return self._cache[name]

    def resolve(self, name: str) -> tuple[str, bool]:
        """(canonical, was_fuzzy); an unknown name comes back unchanged and not fuzzy."""
        return self.lookup(name) or (name, False)

    def resolve_value(self, value: Value) -> Value:
        """A NAME value whose key is the canonical name when it is an exact alias."""
        if value.kind is not ValueKind.NAME:
            return value
        canonical = self.canonical(value.key or value.text)
        if canonical is None or canonical.lower() == value.key:
            return value
        return replace(value, key=canonical.lower())

    def _lookup(self, name: str) -> tuple[str, bool] | None:
        exact = self.canonical(name)
        if exact is not None:
            return exact, False
        folded = fold_name(name)
        hit = best_match(folded, self._choices) or self._containing(folded)
        return None if hit is None else (self._exact[hit], True)

    def _containing(self, folded: str) -> str | None:
        """A multi-word alias all of whose words the name contains."""
        tokens = set(folded.split())
        return next((alias for words, alias in self._multi_word if words <= tokens), None)


def _reference_names(reference: Reference | None) -> Iterator[tuple[str, str]]:
    """(canonical, alias) pairs: entities first, so they win over claim-only names."""
    if reference is None:
        return
    for entity in reference.entities:
        yield entity.name, entity.name
        for alias in entity.aliases:
            yield entity.name, alias
    for claim in reference.claims:
        yield claim.subject, claim.subject
        if claim.object:
            yield claim.object, claim.object


def cluster_names(counts: Mapping[str, int]) -> dict[str, str]:
    """Map each spelling to its cluster's most frequent spelling (ties: alphabetical).

    Names are compared only with cluster representatives that share their first two
    letters and a neighbouring length band, most frequent names first, so the result
    does not depend on the order the names were met in.
    """
    by_fold: dict[str, Counter[str]] = defaultdict(Counter)
    for name, count in counts.items():
        by_fold[fold_name(name)][name] += count
    root: dict[str, str] = {}
    buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for folded in sorted(by_fold, key=lambda f: (-by_fold[f].total(), f)):
        root[folded] = best_match(folded, _neighbours(folded, buckets)) or folded
        if root[folded] == folded and len(folded) >= MIN_FUZZY_LENGTH:
            buckets[_bucket(folded)].append(folded)
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for folded, spellings in by_fold.items():
        members[root[folded]].update(spellings)
    best = {r: min(c, key=lambda s: (-c[s], s)) for r, c in members.items()}
    return {name: best[root[fold_name(name)]] for name in counts}


def _bucket(folded: str) -> tuple[str, int]:
    return folded[:2], len(folded) // BAND_WIDTH


def _neighbours(folded: str, buckets: Mapping[tuple[str, int], list[str]]) -> list[str]:
    prefix, band = _bucket(folded)
    return [rep for b in (band - 1, band, band + 1) for rep in buckets.get((prefix, b), ())]


def resolve_claims(
    claims: Sequence[Claim], resolver: EntityResolver
) -> tuple[list[Claim], Written]:
    """Claims with canonical subject and object, and the names each wrote fuzzily.

    Reference names win; other names are clustered across all claims.
    """
    names = [n for c in claims for n in (c.subject, c.object) if n]
    found = {name: resolver.lookup(name) for name in dict.fromkeys(names)}
    clustered = cluster_names(Counter(n for n in names if found[n] is None))
    table = {name: hit or (clustered[name], False) for name, hit in found.items()}
    resolved, written = [], {}
    for claim in claims:
        new, fuzzy = _apply(claim, table)
        resolved.append(new)
        if fuzzy:
            written[claim.id] = fuzzy
    return resolved, written


def _apply(claim: Claim, table: Mapping[str, tuple[str, bool]]) -> tuple[Claim, tuple[str, ...]]:
    subject, subject_fuzzy = table.get(claim.subject, (claim.subject, False))
    obj, object_fuzzy = table.get(claim.object, (claim.object, False))
    fuzzy = tuple(n for n, f in ((claim.subject, subject_fuzzy), (claim.object, object_fuzzy)) if f)
    if subject == claim.subject and obj == claim.object:
        return claim, fuzzy
    subject_text = claim.subject_text
    if subject != claim.subject:
        subject_text = subject_text or claim.subject
    return replace(claim, subject=subject, object=obj, subject_text=subject_text), fuzzy
