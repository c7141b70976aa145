"""Compare claims with each other and with the reference.

Names are resolved to canonical entities first (``resolve``), claims are grouped by what
they are about (``group``) and pairs of values are judged (``judge``). This is the only
package that uses rapidfuzz.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TypeVar

from claimcheck.compare.group import (
    RefIndex,
    cross_groups,
    finalise,
    reference_findings,
    reference_index,
    stamp,
)
from claimcheck.compare.judge import judge
from claimcheck.compare.periods import place_periods
from claimcheck.compare.resolve import EntityResolver, Written, resolve_claims
from claimcheck.compare.titles import cross_title_findings, reference_title_finding
from claimcheck.forking import Forked
from claimcheck.models import (
    Claim,
    Finding,
    FindingKind,
    Reference,
    ReferenceClaim,
    Verdict,
)

__all__ = ["MAX_PROCESSES", "PARALLEL_CLAIMS", "Comparison", "compare", "judge", "judging"]

T = TypeVar("T")

PARALLEL_CLAIMS = 10_000
"""Fewer claims than this are compared in one process: forking would cost more than it
saves (10,000 claims take about a second)."""

MAX_PROCESSES = 4
"""At most this many processes compare, whatever ``processes`` allows: each forked copy
comes to hold its own copy of the memory the claims take, and the work that is not shared
(every copy resolves the names; this process merges) leaves little to gain past four."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """The claims with canonical names, and the findings that compare them."""

    claims: tuple[Claim, ...]
    """The input claims, in input order, with subject and object canonicalised."""
    findings: tuple[Finding, ...]
    """Findings, most severe first (conflict, minor, agree, unverified)."""


def compare(
    claims: Sequence[Claim],
    reference: Reference | None,
    published: Mapping[str, str] | None = None,
    *,
    processes: int = 1,
) -> Comparison:
    """Resolve names, then check every claim against the reference and across articles.

    Without a reference only cross-article findings are made. ``published`` maps an
    article to its publication date, which dates levels stated without a period. With
    ``processes`` above 1 and many claims, forked copies of this process judge a share of
    the claims and groups each (see ``claimcheck.forking``); the result is the same.
    """
    with judging(claims, reference, published, processes=processes) as comparison:
        return comparison()


@contextmanager
def judging(
    claims: Sequence[Claim],
    reference: Reference | None,
    published: Mapping[str, str] | None = None,
    *,
    processes: int = 1,
) -> Iterator[Callable[[], Comparison]]:
    """``compare`` in two steps. Entering forks the processes that share the work, so the
    caller may start a thread (a progress spinner) afterwards; calling what it gives
    compares. Leaving stops any process still running."""
    shares = max(1, min(processes, MAX_PROCESSES)) if len(claims) >= PARALLEL_CLAIMS else 1
    dates = published or {}

    def child(share: int) -> _Rows:
        return _rows(_judged(_prepare(claims, reference, dates), share, shares), reference)

    def comparison() -> Comparison:
        prepared = _prepare(claims, reference, dates)
        parts = [_judged(prepared, 0, shares)]
        for share in range(1, shares):
            rows = forked.result(share)
            found = _judged(prepared, share, shares) if rows is None else _parts(rows, reference)
            parts.append(found)
        findings = _merged(parts)  # not held twice: finalise replaces each finding in place
        del parts
        findings += cross_title_findings(prepared.working)
        return Comparison(tuple(prepared.resolved), finalise(findings, prepared.working))

    with Forked(shares, child) as forked:
        yield comparison


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The claims with names resolved, ready to judge."""

    resolved: list[Claim]
    """The claims as the report shows them (canonical names, implied objects, periods)."""
    working: list[Claim]
    """``resolved`` with NAME values keyed by canonical name (for comparison only)."""
    written: Written
    index: RefIndex
    reference: Reference | None


def _prepare(
    claims: Sequence[Claim], reference: Reference | None, published: Mapping[str, str]
) -> _Prepared:
    resolver = EntityResolver(reference)
    resolved, written = resolve_claims(claims, resolver)
    resolved = implied_objects(resolved, reference, resolver)
    resolved = place_periods(resolved, reference, resolver, published)
    working = [_with_value(claim, resolver) for claim in resolved]
    index = reference_index(reference, lambda name: resolver.canonical(name) or name)
    return _Prepared(resolved, working, written, index, reference)


@dataclass(frozen=True, slots=True)
class _Share:
    """One share's findings, stamped: the reference findings of every n-th claim and the
    cross findings of every n-th group, from the share's number on."""

    reference: list[Finding]
    groups: list[list[Finding]]


def _judged(prepared: _Prepared, share: int, shares: int) -> _Share:
    working, index = prepared.working, prepared.index
    found: list[Finding] = []
    if prepared.reference is not None:
        picked = range(share, len(working), shares)
        found = _with_titles(
            reference_findings(working, index, prepared.written, picked), working, index
        )
        stamp(found, working)
    return _Share(found, cross_groups(working, index, share, shares))


def _merged(parts: Sequence[_Share]) -> list[Finding]:
    """The shares' findings in the order one process makes them: every reference finding in
    claim order, then the cross findings group by group."""
    count = len(parts)
    out = list(_interleaved([part.reference for part in parts], count))
    for group in _interleaved([part.groups for part in parts], count):
        out += group
    return out


def _interleaved(lists: Sequence[Sequence[T]], count: int) -> Iterator[T]:
    """Item i of the whole is item i // count of list i % count."""
    total = sum(map(len, lists))
    return (lists[i % count][i // count] for i in range(total))


_Row = tuple[FindingKind, Verdict, str, str, tuple[str, ...], str, int, str, str, str]
_Rows = tuple[list[_Row], list[list[_Row]]]


def _rows(part: _Share, reference: Reference | None) -> _Rows:
    """A share as plain tuples, which pickle fast; the entry is sent as its position."""
    positions = {id(entry): i for i, entry in enumerate(reference.claims if reference else ())}

    def row(f: Finding) -> _Row:
        entry = positions[id(f.reference)] if f.reference is not None else -1
        return (
            f.kind,
            f.verdict,
            f.subject,
            f.attribute,
            f.claims,
            f.message,
            entry,
            f.object,
            f.period,
            f.fingerprint,
        )

    return [row(f) for f in part.reference], [[row(f) for f in g] for g in part.groups]


def _parts(rows: _Rows, reference: Reference | None) -> _Share:
    """The share that ``_rows`` sent, back as findings."""
    entries = reference.claims if reference else ()

    def finding(r: _Row) -> Finding:
        kind, verdict, subject, attribute, ids, message, entry, obj, period, mark = r
        return Finding(
            kind=kind,
            verdict=verdict,
            subject=subject,
            attribute=attribute,
            claims=ids,
            message=sys.intern(message),
            reference=entries[entry] if entry >= 0 else None,
            object=obj,
            period=period,
            fingerprint=mark,
        )

    found, groups = rows
    return _Share([finding(r) for r in found], [[finding(r) for r in g] for g in groups])


def implied_objects(
    claims: Sequence[Claim], reference: Reference | None, resolver: EntityResolver
) -> list[Claim]:
    """Fill a missing second entity when every other mention of that subject's relation
    names the same one: "Amazon holds 20%" is about Rivian when all else says "of Rivian"."""
    seen: dict[tuple[str, str], set[str]] = {}
    for claim in claims:
        if claim.object:
            seen.setdefault((claim.subject, claim.attribute), set()).add(claim.object)
    for entry in reference.claims if reference else ():
        if entry.object:
            subject = resolver.canonical(entry.subject) or entry.subject
            seen.setdefault((subject, entry.attribute), set()).add(entry.object)
    out = []
    for claim in claims:
        objects = seen.get((claim.subject, claim.attribute), set())
        if not claim.object and len(objects) == 1:
            claim = replace(claim, object=next(iter(objects)))
        out.append(claim)
    return out


def _with_titles(
    findings: list[Finding], claims: Sequence[Claim], index: RefIndex
) -> list[Finding]:
    """Replace "no reference entry" with a conflict of title where the record names the
    same person under an exclusive title ("CEO" against the record's "interim CEO")."""
    by_id = {claim.id: claim for claim in claims}
    by_subject: dict[str, list[ReferenceClaim]] = {}
    for (subject, _, obj), entries in index.items():
        if not obj:
            by_subject.setdefault(subject, []).extend(entries)
    out = []
    for finding in findings:
        claim = by_id[finding.claims[0]]
        better = None
        if finding.verdict is Verdict.UNVERIFIED:
            better = reference_title_finding(claim, by_subject.get(claim.subject, ()))
        out.append(better or finding)
    return out


def _with_value(claim: Claim, resolver: EntityResolver) -> Claim:
    """The claim with a NAME value keyed by its canonical name (for comparison only)."""
    value = resolver.resolve_value(claim.value)
    return claim if value is claim.value else replace(claim, value=value)
