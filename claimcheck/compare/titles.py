"""Conflicts of title: one person called "CEO" in one place and "interim CEO" in another.

Role claims are grouped by (organisation, person) through a dict; two titles from the same
exclusive set (``data/titles.yaml``) conflict, across articles and against the reference.
Matches: "Scale AI CEO Jason Droege" vs the record's "interim CEO: Jason Droege".
Does not match: "founder" vs "co-founder" (one title), "founder" vs "CEO" (not exclusive).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from claimcheck.compare.judge import name_similarity
from claimcheck.compare.resolve import fold_name
from claimcheck.models import Claim, Finding, FindingKind, ReferenceClaim, Verdict
from claimcheck.vocab import attributes, table

SAME_PERSON = 85.0
"""Name similarity above which two spellings are taken for one person."""


@cache
def _exclusive() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in table("titles")["exclusive"]:
        for title in group:
            out[title] = frozenset(group)
    return out


def _label(attribute: str) -> str:
    spec = attributes().get(attribute)
    return spec.label if spec else attribute


def _titled(claims: Iterable[Claim]) -> list[Claim]:
    return [c for c in claims if c.attribute in _exclusive() and c.modality != "negated"]


def cross_title_findings(claims: Sequence[Claim]) -> list[Finding]:
    """One conflict per (organisation, person) named with two exclusive titles in two articles."""
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in _titled(claims):
        groups[(claim.subject, claim.value.key or claim.value.text.lower())].append(claim)
    findings = []
    for (subject, _), members in sorted(groups.items()):
        titles = sorted({c.attribute for c in members})
        if len(titles) > 1 and len({c.article for c in members}) > 1:
            findings.append(_cross(subject, titles, members))
    return findings


def _cross(subject: str, titles: list[str], members: list[Claim]) -> Finding:
    counts = ", ".join(
        f"{_label(t)} ({sum(1 for c in members if c.attribute == t)})" for t in titles
    )
    person = members[0].value.text
    return Finding(
        kind=FindingKind.CROSS,
        verdict=Verdict.CONFLICT,
        subject=subject,
        attribute=members[0].attribute,
        claims=tuple(c.id for c in members),
        message=f"{person} is called {counts}: one person cannot hold both titles",
        object=person,
    )


def reference_title_finding(claim: Claim, entries: Iterable[ReferenceClaim]) -> Finding | None:
    """A conflict when the record gives this person another title from the same set."""
    siblings = _exclusive().get(claim.attribute, frozenset()) - {claim.attribute}
    for entry in entries:
        if entry.attribute in siblings and _same_person(claim, entry):
            return Finding(
                kind=FindingKind.REFERENCE,
                verdict=Verdict.CONFLICT,
                subject=claim.subject,
                attribute=claim.attribute,
                claims=(claim.id,),
                message=(
                    f"{claim.value.text} is called {_label(claim.attribute)}, but the record "
                    f"says {_label(entry.attribute)}"
                ),
                reference=entry,
            )
    return None


def _same_person(claim: Claim, entry: ReferenceClaim) -> bool:
    name = fold_name(claim.value.text)
    return any(name_similarity(name, fold_name(v.text)) >= SAME_PERSON for v in entry.values)
