"""Compare claims with each other and with the reference.

Names are resolved to canonical entities first (``resolve``), claims are grouped by what
they are about (``group``) and pairs of values are judged (``judge``). This is the only
package that uses rapidfuzz.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from claimcheck.compare.group import (
    RefIndex,
    cross_findings,
    finalise,
    reference_findings,
    reference_index,
)
from claimcheck.compare.judge import judge
from claimcheck.compare.periods import place_periods
from claimcheck.compare.resolve import EntityResolver, resolve_claims
from claimcheck.compare.titles import cross_title_findings, reference_title_finding
from claimcheck.models import Claim, Finding, Reference, ReferenceClaim, Verdict

__all__ = ["Comparison", "compare", "judge"]


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
) -> Comparison:
    """Resolve names, then check every claim against the reference and across articles.

    Without a reference only cross-article findings are made. ``published`` maps an
    article to its publication date, which dates levels stated without a period.
    """
    resolver = EntityResolver(reference)
    resolved, written = resolve_claims(claims, resolver)
    resolved = implied_objects(resolved, reference, resolver)
    resolved = place_periods(resolved, reference, resolver, published or {})
    working = [_with_value(claim, resolver) for claim in resolved]
    index = reference_index(reference, lambda name: resolver.canonical(name) or name)
    findings = cross_findings(working, index) + cross_title_findings(working)
    if reference is not None:  # first, and not held twice: finalise replaces each finding
        findings[:0] = _with_titles(reference_findings(working, index, written), working, index)
    return Comparison(tuple(resolved), finalise(findings, working))


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
