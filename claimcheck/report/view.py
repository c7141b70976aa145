"""Shared read-only views of a Report for the reporters: finding ids, focus, counts, wording.

Every format numbers findings the same way (``F1`` is the first finding of the report),
decides focus the same way and words a claim's value the same way, so a finding read in
the terminal can be found again in the JSON, the CSV or the SARIF log.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from claimcheck.models import (
    VERDICT_RANK,
    Claim,
    Finding,
    FindingKind,
    ReferenceClaim,
    Report,
    Verdict,
)
from claimcheck.vocab import attributes

SECTION_ORDER = (Verdict.CONFLICT, Verdict.MINOR, Verdict.AGREE, Verdict.UNVERIFIED)
"""The order verdicts are presented in: the worst first."""

_NOUNS = {
    Verdict.CONFLICT: ("conflict", "conflicts"),
    Verdict.MINOR: ("minor difference", "minor differences"),
    Verdict.AGREE: ("agreement", "agreements"),
    Verdict.UNVERIFIED: ("unverified claim", "unverified claims"),
}

_SHORT_NOUNS = {Verdict.CONFLICT: ("conflict", "conflicts"), Verdict.AGREE: ("agreement", "")}


@dataclass(frozen=True, slots=True)
class Entry:
    """One finding with its report-wide id, the claims it names and whether it is in focus."""

    id: str
    finding: Finding
    claims: tuple[Claim, ...]
    in_focus: bool

    @property
    def listed(self) -> bool:
        """Whether the finding is shown as a problem: in focus and not suppressed by a baseline."""
        return self.in_focus and self.finding.suppressed is None


def entries(report: Report) -> tuple[Entry, ...]:
    """Every finding of ``report`` in report order, numbered ``F1``, ``F2``, ..."""
    return tuple(each_entry(report))


def each_entry(report: Report, with_claims: bool = True) -> Iterator[Entry]:
    """The entries of :func:`entries` one at a time, for writing a large report without
    holding them all. Without ``with_claims`` an entry's claims are left empty (and looked
    up only to tell whether it is in focus): a report that names claims by id does not
    need them, and an agreement can name thousands."""
    claim_of = {claim.id: claim for claim in report.claims}.get
    focus = frozenset(report.focus)
    for number, finding in enumerate(report.findings, start=1):
        if with_claims or focus:
            claims = tuple(filter(None, map(claim_of, finding.claims)))
            in_focus = _in_focus(focus, claims)
            yield Entry(f"F{number}", finding, claims if with_claims else (), in_focus)
        else:
            yield Entry(f"F{number}", finding, (), True)


def _in_focus(focus: frozenset[str], claims: Iterable[Claim]) -> bool:
    if not focus:
        return True
    return any(claim.article in focus or claim.span.path in focus for claim in claims)


def by_verdict(items: Iterable[Entry], verdict: Verdict) -> list[Entry]:
    """The entries with ``verdict``, sorted by subject, attribute, then report order."""
    chosen = [entry for entry in items if entry.finding.verdict == verdict]
    return sorted(chosen, key=sort_key)


def sort_key(entry: Entry) -> tuple[str, str, str, str, int]:
    """Order for listing: subject, attribute, object, period, then report order."""
    f = entry.finding
    number = int(entry.id[1:])
    return (f.subject.casefold(), f.attribute, f.object, f.period, number)


def tally(items: Iterable[Entry]) -> Counter[Verdict]:
    """How many of ``items`` carry each verdict."""
    return Counter(entry.finding.verdict for entry in items)


def counted(number: int, verdict: Verdict) -> str:
    """``1 conflict``, ``2 minor differences``: a count with the verdict's noun."""
    singular, plural = _NOUNS[verdict]
    return f"{number} {singular if number == 1 else plural}"


def plural(number: int, noun: str, nouns: str = "") -> str:
    """``1 article``, ``3 articles``: a count with its noun."""
    return f"{number} {noun if number == 1 else (nouns or noun + 's')}"


class Tally:
    """Counts of findings for the summary, added up one entry at a time (so that a report
    written piece by piece can count its findings as it writes them)."""

    def __init__(self) -> None:
        self.verdicts: Counter[Verdict] = Counter()
        self.suppressed = 0
        self.out_of_focus = 0

    def add(self, entry: Entry) -> Entry:
        """Count ``entry``; returns it."""
        if entry.listed:
            self.verdicts[entry.finding.verdict] += 1
        self.suppressed += entry.finding.suppressed is not None
        self.out_of_focus += not entry.in_focus
        return entry

    def counts(self, report: Report) -> dict[str, int]:
        """Summary numbers: verdict counts cover in-focus findings no baseline suppresses."""
        return {
            "articles": len(report.articles),
            "claims": len(report.claims),
            **{verdict.value: self.verdicts[verdict] for verdict in SECTION_ORDER},
            "suppressed": self.suppressed,
            "out_of_focus": self.out_of_focus,
            "skipped_files": report.skipped_files,
            "problems": len(report.problems),
            "stale_baseline": len(report.stale_baseline),
        }


def summary_counts(report: Report, items: Iterable[Entry]) -> dict[str, int]:
    """Summary numbers: verdict counts cover in-focus findings no baseline suppresses."""
    tally = Tally()
    for entry in items:
        tally.add(entry)
    return tally.counts(report)


def headline(report: Report, items: tuple[Entry, ...]) -> str:
    """One-sentence summary: articles, claims and findings per verdict."""
    counts = summary_counts(report, items)
    verdicts = ", ".join(
        plural(counts[v.value], *_SHORT_NOUNS.get(v, (v.value, v.value))) for v in SECTION_ORDER
    )
    articles = plural(counts["articles"], "article")
    return f"{articles}, {plural(counts['claims'], 'claim')}: {verdicts}"


def reference_phrase(report: Report) -> str:
    """Which reference file was used, or that none was."""
    if report.reference_path:
        return f"reference: {report.reference_path}"
    return "no reference used — cross-checking articles only"


def extras(report: Report, items: tuple[Entry, ...]) -> list[str]:
    """Summary remarks that only apply sometimes: suppressions, stale baseline, problems."""
    counts = summary_counts(report, items)
    remarks = []
    if counts["suppressed"]:
        remarks.append(f"{counts['suppressed']} suppressed by baseline")
    if counts["stale_baseline"]:
        remarks.append(
            plural(counts["stale_baseline"], "stale baseline entry", "stale baseline entries")
        )
    if counts["skipped_files"]:
        remarks.append(plural(counts["skipped_files"], "skipped file"))
    if counts["problems"]:
        remarks.append(plural(counts["problems"], "problem"))
    return remarks


T = TypeVar("T")


def per_claim(make: Callable[[Claim], T]) -> Callable[[Claim], T]:
    """``make``, remembered by claim id: on a large corpus a claim is in nine findings on
    average, and a report that writes a claim's text in each writes it once. Make one for
    each report written (ids are unique within a report)."""
    made: dict[str, T] = {}

    def remembered(claim: Claim) -> T:
        try:
            return made[claim.id]
        except KeyError:
            found = made[claim.id] = make(claim)
            return found

    return remembered


def location(claim: Claim, column: bool = True) -> str:
    """``path:line:col`` (or ``path:line``) of the claim's words."""
    span = claim.span
    return f"{span.path}:{span.line}:{span.column}" if column else f"{span.path}:{span.line}"


_UNSHOWN_QUALIFIERS = frozenset({"range", "acquisition", "none"})
"""Qualifiers the value's own text already says ("acquired (100%)", "between 5 and 21")."""


def value_phrase(claim: Claim) -> str:
    """The claim's value as written, with its qualifier, modality and claimant when not plain.

    ``about $14 billion (projected, according to Reuters)``
    """
    text = claim.value.text
    qualifier = claim.qualifier.strip()
    shown = qualifier not in _UNSHOWN_QUALIFIERS
    if shown and qualifier and not text.casefold().startswith(qualifier.casefold()):
        text = f"{qualifier} {text}"
    notes = [claim.modality] if claim.modality and claim.modality != "asserted" else []
    if claim.claimant:
        said = claim.claimant
        notes.append(said if said.casefold().startswith("according to") else f"according to {said}")
    return f"{text} ({', '.join(notes)})" if notes else text


def attribute_label(key: str) -> str:
    """How people name an attribute (``maximum length`` for ``max_length``)."""
    spec = attributes().get(key)
    return spec.label if spec else key


def topic(finding: Finding) -> str:
    """The attribute with its object and period: ``stake · Scale AI (2025)``."""
    text = attribute_label(finding.attribute)
    if finding.object:
        text += f" · {finding.object}"
    if finding.period:
        text += f" ({finding.period})"
    return text


def reference_where(reference: ReferenceClaim) -> str:
    """``claims.yaml:14``: where a reference entry is written."""
    return f"{reference.path}:{reference.line}" if reference.line else reference.path


def first_source(reference: ReferenceClaim | None) -> str:
    """The reference entry's first source URL, or an empty string."""
    return reference.sources[0] if reference and reference.sources else ""


def is_reference(finding: Finding) -> bool:
    """Whether the finding compares claims with a reference entry."""
    return finding.kind == FindingKind.REFERENCE and finding.reference is not None


def worst_verdicts(items: Iterable[Entry]) -> dict[str, Verdict]:
    """For each claim id, the worst verdict of any unsuppressed finding that uses it."""
    worst: dict[str, Verdict] = {}
    for entry in items:
        if entry.finding.suppressed is not None:
            continue
        verdict = entry.finding.verdict
        for claim_id in entry.finding.claims:
            if claim_id not in worst or VERDICT_RANK[verdict] > VERDICT_RANK[worst[claim_id]]:
                worst[claim_id] = verdict
    return worst
