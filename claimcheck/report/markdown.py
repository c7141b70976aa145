"""The Markdown report, for a pull-request comment or a wiki page (GitHub-flavoured tables).

A summary line, a table of conflicts and minor differences (claim, other side, location,
reference note and source), a table of agreements, then the unverified count. Cell text
is escaped so a ``|``, a newline or an asterisk in a quote cannot break the table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

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
    per_claim,
    plural,
    reference_phrase,
    topic,
    value_phrase,
)

_SPECIAL = "\\`*_[]<>|~#&!"
"""Characters a table cell escapes with a backslash."""
_ESCAPES = str.maketrans({char: "\\" + char for char in _SPECIAL})
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
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The text a table row at a time (a large report is not held whole)."""
        items = entries(report)
        listed = [entry for entry in items if entry.listed]
        cells = _ClaimCells()
        blocks: list[Block] = [f"## {TOOL_NAME} report", _summary(report, items)]
        blocks += _problem_table(listed, cells)
        blocks += _agreements(listed, options, cells)
        blocks += _tail(report, items, listed, options)
        return _joined(blocks)


Block = str | Iterator[str]
"""A paragraph, or a table's lines (made as they are written)."""


def _joined(blocks: list[Block]) -> Iterator[str]:
    """The blocks with a blank line between them, empty ones left out, then a newline."""
    gap = ""
    for block in blocks:
        lines = iter([block]) if isinstance(block, str) else block
        for line in lines:
            if line:
                yield gap + line
                gap = "\n"
        gap = "\n\n" if gap else ""
    yield "\n"


def cell(text: str) -> str:
    """``text`` made safe for one table cell: Markdown escaped, newlines as ``<br>``."""
    escaped = text.translate(_ESCAPES)
    if "\r" in escaped or "\n" in escaped:
        return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
    return escaped


def link(url: str, label: str = "source") -> str:
    """A Markdown link to ``url`` (http and https only; anything else stays plain text)."""
    if not url.startswith(("http://", "https://")):
        return cell(url)
    safe = "".join(f"%{ord(c):02X}" if c in " ()<>|\\`" else c for c in url)
    return f"[{cell(label)}]({safe})"


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(title: str, header: tuple[str, ...], rows: Iterator[list[str]]) -> list[Block]:
    """The title and the table's lines, made as they are written; nothing without rows."""
    first = next(rows, None)
    if first is None:
        return []
    lines = chain([header, ["---"] * len(header), first], rows)
    return [title, map(_row, lines)]


def _summary(report: Report, items: tuple[Entry, ...]) -> str:
    remarks = " · ".join(cell(text) for text in [reference_phrase(report), *extras(report, items)])
    return f"**{cell(headline(report, items))}**  \n{remarks}"


def _claim_cell(claim: Claim) -> str:
    return f"{cell(value_phrase(claim))} — “{cell(claim.span.quote)}”"


def _where_cell(claim: Claim) -> str:
    return cell(location(claim, False))


class _ClaimCells:
    """A claim's cells, each made once for the report (a claim is in many findings)."""

    def __init__(self) -> None:
        self.claim = per_claim(_claim_cell)
        self.where = per_claim(_where_cell)


def _problem_table(listed: list[Entry], cells: _ClaimCells) -> list[Block]:
    rows = (
        row
        for v in (Verdict.CONFLICT, Verdict.MINOR)
        for e in by_verdict(listed, v)
        for row in _problem_rows(e, cells)
    )
    return _table("### Conflicts and minor differences", _PROBLEM_HEADER, rows)


def _problem_rows(entry: Entry, cells: _ClaimCells) -> list[list[str]]:
    finding = entry.finding
    verdict = f"**{finding.verdict.value}**"
    head = [verdict, cell(finding.subject), cell(topic(finding))]
    if is_reference(finding) and finding.reference is not None:
        ref = finding.reference
        other = f"{cell(ref.value_text)} (reference)"
        note = " · ".join(filter(None, [cell(ref.note), *(link(url) for url in ref.sources[:1])]))
        return [[*head, cells.claim(c), other, cells.where(c), note] for c in entry.claims]
    if not entry.claims:
        return [[*head, cell(finding.message), "", "", ""]]
    first, *others = entry.claims
    other = "<br>".join([f"{cells.claim(c)} ({cells.where(c)})" for c in others])
    where = "<br>".join(map(cells.where, entry.claims))
    return [[*head, cells.claim(first), other, where, ""]]


def _agreements(listed: list[Entry], options: RenderOptions, cells: _ClaimCells) -> list[Block]:
    agreed = by_verdict(listed, Verdict.AGREE)
    if not agreed:
        return []
    if not options.show_agreements:
        return [f"{counted(len(agreed), Verdict.AGREE)} not listed."]
    rows = (_agreement_row(entry, cells) for entry in agreed)
    return _table("### Agreements", _AGREE_HEADER, rows)


def _agreement_row(entry: Entry, cells: _ClaimCells) -> list[str]:
    finding = entry.finding
    ref = finding.reference
    value = ref.value_text if ref else (entry.claims[0].value.text if entry.claims else "")
    claims = "<br>".join(map(cells.claim, entry.claims))
    where = "<br>".join(map(cells.where, entry.claims))
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
