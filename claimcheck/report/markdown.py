"""The Markdown report, for a pull-request comment or a wiki page (GitHub-flavoured tables).

A summary line, a table of conflicts and minor differences (claim, other side, location,
reference note and source), a table of agreements, then the unverified count. Cell text
is escaped so a ``|``, a newline or an asterisk in a quote cannot break the table.
"""

from __future__ import annotations

import re

from claimcheck.models import Claim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    Entry,
    by_verdict,
    counted,
    entries,
    extras,
    headline,
    is_reference,
    location,
    plural,
    reference_phrase,
    topic,
    value_phrase,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&!])")
_PROBLEM_HEADER = (
    "Verdict",
    "Subject",
    "Attribute",
    "Claim",
    "Other side",
    "Location",
    "Reference note / source",
)
_AGREE_HEADER = ("Subject", "Attribute", "Value", "Claims", "Location")


class MarkdownReporter(Reporter):
    """Renders the report as GitHub-flavoured Markdown."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """Heading, summary, findings tables and counts, as Markdown text."""
        items = entries(report)
        listed = [entry for entry in items if entry.listed]
        blocks = [f"## {TOOL_NAME} report", _summary(report, items)]
        blocks += _problem_table(listed)
        blocks += _agreements(listed, options)
        blocks += _tail(report, items, listed, options)
        return "\n\n".join(block for block in blocks if block) + "\n"


def cell(text: str) -> str:
    """``text`` made safe for one table cell: Markdown escaped, newlines as ``<br>``."""
    escaped = _SPECIAL.sub(r"\\\1", text)
    return "<br>".join(escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def link(url: str, label: str = "source") -> str:
    """A Markdown link to ``url`` (http and https only; anything else stays plain text)."""
    if not url.startswith(("http://", "https://")):
        return cell(url)
    safe = "".join(f"%{ord(c):02X}" if c in " ()<>|\\`" else c for c in url)
    return f"[{cell(label)}]({safe})"


def _row(cells: tuple[str, ...] | list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: list[list[str]]) -> str:
    lines = [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]
    return "\n".join(lines)


def _summary(report: Report, items: tuple[Entry, ...]) -> str:
    remarks = " · ".join(cell(text) for text in [reference_phrase(report), *extras(report, items)])
    return f"**{cell(headline(report, items))}**  \n{remarks}"


def _claim_cell(claim: Claim) -> str:
    return f"{cell(value_phrase(claim))} — “{cell(claim.span.quote)}”"


def _problem_table(listed: list[Entry]) -> list[str]:
    rows = [
        row
        for v in (Verdict.CONFLICT, Verdict.MINOR)
        for e in by_verdict(listed, v)
        for row in _problem_rows(e)
    ]
    return ["### Conflicts and minor differences", _table(_PROBLEM_HEADER, rows)] if rows else []


def _problem_rows(entry: Entry) -> list[list[str]]:
    finding = entry.finding
    verdict = f"**{finding.verdict.value}**"
    head = [verdict, cell(finding.subject), cell(topic(finding))]
    if is_reference(finding) and finding.reference is not None:
        ref = finding.reference
        other = f"{cell(ref.value_text)} (reference)"
        note = " · ".join(filter(None, [cell(ref.note), *(link(url) for url in ref.sources[:1])]))
        return [
            [*head, _claim_cell(c), other, cell(location(c, False)), note] for c in entry.claims
        ]
    if not entry.claims:
        return [[*head, cell(finding.message), "", "", ""]]
    first, *others = entry.claims
    other = "<br>".join(f"{_claim_cell(c)} ({cell(location(c, False))})" for c in others)
    where = "<br>".join(cell(location(c, False)) for c in entry.claims)
    return [[*head, _claim_cell(first), other, where, ""]]


def _agreements(listed: list[Entry], options: RenderOptions) -> list[str]:
    agreed = by_verdict(listed, Verdict.AGREE)
    if not agreed:
        return []
    if not options.show_agreements:
        return [f"{counted(len(agreed), Verdict.AGREE)} not listed."]
    rows = [_agreement_row(entry) for entry in agreed]
    return ["### Agreements", _table(_AGREE_HEADER, rows)]


def _agreement_row(entry: Entry) -> list[str]:
    finding = entry.finding
    ref = finding.reference
    value = ref.value_text if ref else (entry.claims[0].value.text if entry.claims else "")
    claims = "<br>".join(_claim_cell(claim) for claim in entry.claims)
    where = "<br>".join(cell(location(claim, False)) for claim in entry.claims)
    return [cell(finding.subject), cell(topic(finding)), cell(value), claims, where]


def _tail(
    report: Report, items: tuple[Entry, ...], listed: list[Entry], options: RenderOptions
) -> list[str]:
    blocks = _unverified(by_verdict(listed, Verdict.UNVERIFIED), options)
    outside = sum(1 for entry in items if not entry.in_focus and entry.finding.suppressed is None)
    if outside:
        blocks.append(f"{plural(outside, 'finding')} outside the focus not listed.")
    if report.problems:
        warnings = [
            f"- {cell(p.path)}{f':{p.line}' if p.line else ''}: {cell(p.message)}"
            for p in report.problems
        ]
        blocks += ["### Warnings", "\n".join(warnings)]
    return blocks


def _unverified(unverified: list[Entry], options: RenderOptions) -> list[str]:
    if not unverified:
        return []
    count = (
        f"**{counted(len(unverified), Verdict.UNVERIFIED)}**: stated by one source only "
        "or absent from the reference."
    )
    if not options.show_unverified:
        return [count]
    lines = [
        f"- {cell(location(e.claims[0], False)) if e.claims else ''} "
        f"{cell(e.finding.subject)} {cell(topic(e.finding))}: {cell(e.finding.message)}"
        for e in unverified
    ]
    return [count, "\n".join(lines)]
