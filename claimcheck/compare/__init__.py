"""Compare claims with each other and with the reference.

Names are resolved to canonical entities first (``resolve``), claims are grouped by what
they are about (``group``) and pairs of values are judged (``judge``). This is the only
package that uses rapidfuzz.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from claimcheck import vocab
from claimcheck.compare.group import (
    RefIndex,
    cross_findings,
    finalise,
    reference_findings,
    reference_index,
)
from claimcheck.compare.judge import judge
from claimcheck.compare.resolve import EntityResolver, resolve_claims
from claimcheck.compare.titles import cross_title_findings, reference_title_finding
from claimcheck.extract.context import resolve_part
from claimcheck.extract.figures import EARLIER
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
    resolved = current_periods(resolved, reference, resolver, published or {})
    working = [_with_value(claim, resolver) for claim in resolved]
    index = reference_index(reference, lambda name: resolver.canonical(name) or name)
    findings = cross_findings(working, index) + cross_title_findings(working)
    if reference is not None:
        checked = reference_findings(working, index, written)
        findings = _with_titles(checked, working, index) + findings
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


def current_periods(
    claims: Sequence[Claim],
    reference: Reference | None,
    resolver: EntityResolver,
    published: Mapping[str, str],
) -> list[Claim]:
    """Date a level stated without a period ("Netflix now counts 283 million members")
    with the latest period the record or the coverage reports for it up to the article's
    publication month; a level with nothing reported by then stays undated. A level for a
    year ("ended 2024 with ...") is the year's last month the record or coverage reports.

    A deal's terms (price paid, stake bought) are dated by the deal's year: "In June Meta
    paid ..." is 2025's deal, an undated one is the deal in the news (the publication
    year), and one with no date at all is the deal most of the coverage dates."""
    claims = [_deal_year(claim, published) for claim in claims]
    year_ends = {
        resolver.canonical(e.name) or e.name: e.fiscal_year_end
        for e in (reference.entities if reference else ())
    }
    deal_years = _main_deal_years(claims)
    periods: dict[tuple[str, str, str], set[str]] = {}
    for claim in claims:
        if claim.period:
            periods.setdefault((claim.subject, claim.attribute, claim.object), set()).add(
                claim.period
            )
    for entry in reference.claims if reference else ():
        if entry.period:
            subject = resolver.canonical(entry.subject) or entry.subject
            obj = (resolver.canonical(entry.object) or entry.object) if entry.object else ""
            periods.setdefault((subject, entry.attribute, obj), set()).add(entry.period)
    out = []
    for claim in claims:
        spec = vocab.attributes().get(claim.attribute)
        when = published.get(claim.article, "")[:7]
        key = (claim.subject, claim.attribute, claim.object)
        known = periods.get(key, set())
        if spec is not None and spec.stock and claim.period in ("", EARLIER) and when:
            dated = [p for p in known if p != EARLIER]
            latest = max((p for p in dated if _start_of(p) <= when), key=_month_of, default="")
            if latest and claim.period == EARLIER:
                start = _start_of(latest)
                latest = max((p for p in dated if _month_of(p) < start), key=_month_of, default="")
            if latest:
                claim = replace(claim, period=latest)
        elif _BARE_MONTH.match(claim.period):
            months = sorted(p for p in known if len(p) == 7 and p[4:] == claim.period[1:])
            if len(months) == 1:
                claim = replace(claim, period=months[0])
        elif _LABEL.match(claim.period):
            ends = _label_matches(claim.period, known, year_ends.get(claim.subject, 12))
            if len(ends) == 1:
                claim = replace(claim, period=ends[0])
        elif spec is not None and spec.stock and _is_year(claim.period):
            months = [p for p in known if p[:5] == claim.period + "-"]
            if claim.period not in known and months:
                claim = replace(claim, period=max(months))
        elif spec is not None and spec.deal and not claim.period:
            claim = replace(claim, period=deal_years.get(key, ""))
        out.append(claim)
    return out


def _main_deal_years(claims: Sequence[Claim]) -> dict[tuple[str, str, str], str]:
    """For each deal term, the year more than half of its dated claims give."""
    years: dict[tuple[str, str, str], Counter[str]] = {}
    for claim in claims:
        spec = vocab.attributes().get(claim.attribute)
        if spec is not None and spec.deal and claim.period:
            key = (claim.subject, claim.attribute, claim.object)
            years.setdefault(key, Counter())[claim.period] += 1
    out = {}
    for key, counts in years.items():
        year, count = counts.most_common(1)[0]
        if count * 2 > sum(counts.values()):
            out[key] = year
    return out


def _deal_year(claim: Claim, published: Mapping[str, str]) -> Claim:
    spec = vocab.attributes().get(claim.attribute)
    if spec is None or not spec.deal:
        return claim
    if len(claim.period) == 7 and claim.period[4] == "-":
        return replace(claim, period=claim.period[:4])
    if _BARE_MONTH.match(claim.period):
        claim = replace(claim, period="")
    year = published.get(claim.article, "")[:4]
    if not claim.period and year:
        return replace(claim, period=year)
    return claim


_BARE_MONTH = re.compile(r"^--\d{2}$")
_LABEL = re.compile(r"^(?P<part>Q[1-4]|H[12])(?: (?P<year>\d{4}))?$")


def _label_matches(label: str, known: set[str], year_end: int) -> list[str]:
    """Months among ``known`` a quarter or half written without a usable date can be: "the
    fiscal fourth quarter" of a company whose year ends in January is a January."""
    m = _LABEL.match(label)
    if m is None:
        return []
    part = m.group("part")
    back = 3 * (4 - int(part[1])) if part[0] == "Q" else (6 if part == "H1" else 0)
    month = (year_end - 1 - back) % 12 + 1
    year = m.group("year")
    out = []
    for period in known:
        fits = year is None or resolve_part(part, year, None, year_end) == period
        if len(period) == 7 and int(period[5:]) == month and fits:
            out.append(period)
    return sorted(out)


def _start_of(period: str) -> str:
    """A period's first month: ``2024`` -> ``2024-01``."""
    return f"{period}-01" if _is_year(period) else period[:7]


def _is_year(period: str) -> bool:
    return len(period) == 4 and period.isdigit()


def _month_of(period: str) -> str:
    """A period's last month, for ordering: ``2024`` -> ``2024-12``; ``Q4`` sorts last."""
    if len(period) == 4 and period.isdigit():
        return f"{period}-12"
    return period[:7] if period[:4].isdigit() else "9999"


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
