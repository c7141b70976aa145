"""The terminal report: a summary line, then findings grouped by verdict and subject.

Sections come worst first (conflicts, minor differences, agreements, unverified claims);
each finding shows where every claim stands (``path:line:col``), its words, its value
and the other side. Colours only when asked for. The only reporter that imports rich
(``claimcheck.progress`` draws the CLI's progress bar with it too).
"""

from __future__ import annotations

from collections.abc import Iterable
from io import StringIO
from itertools import groupby

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from claimcheck.models import Claim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    SECTION_ORDER,
    Entry,
    by_verdict,
    counted,
    entries,
    extras,
    first_source,
    headline,
    location,
    plural,
    reference_phrase,
    reference_where,
    tally,
    topic,
    value_phrase,
)

_TITLES = {
    Verdict.CONFLICT: "Conflicts",
    Verdict.MINOR: "Minor differences",
    Verdict.AGREE: "Agreements",
    Verdict.UNVERIFIED: "Unverified claims",
}
_STYLES = {
    Verdict.CONFLICT: "bold red",
    Verdict.MINOR: "bold yellow",
    Verdict.AGREE: "bold green",
    Verdict.UNVERIFIED: "dim",
}
Piece = tuple[str, str] | str


class TerminalReporter(Reporter):
    """Renders the report for a person at a terminal, with rich."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report as text, with ANSI styles only when ``options.color``."""
        buffer = StringIO()
        console = Console(
            file=buffer,
            force_terminal=options.color,
            no_color=not options.color,
            width=options.width,
            highlight=False,
            emoji=False,
            markup=False,
        )
        items = entries(report)
        _summary(console, report, items)
        listed = [entry for entry in items if entry.listed]
        for verdict in SECTION_ORDER:
            _section(console, verdict, by_verdict(listed, verdict), options)
        _outside_focus(console, items)
        _stale(console, report)
        _problems(console, report)
        return _tidy(buffer.getvalue())


def render_claims(report: Report, options: RenderOptions) -> str:
    """The claims alone, one table row each: what the extractor read, before any verdict."""
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=max(options.width, 120),
        highlight=False,
        emoji=False,
        markup=False,
    )
    table = Table(title=f"{len(report.claims)} claims in {len(report.articles)} articles")
    for column in ("where", "subject", "attribute", "value", "how", "words"):
        table.add_column(column, overflow="fold")
    for claim in report.claims:
        table.add_row(
            location(claim),
            claim.subject,
            topic_of(claim),
            claim.value.text,
            ", ".join(p for p in (claim.qualifier, _modality(claim), claim.period) if p),
            claim.span.quote,
        )
    console.print(table)
    return _tidy(buffer.getvalue())


def topic_of(claim: Claim) -> str:
    """The attribute with its object (``stake in Scale AI``)."""
    return f"{claim.attribute} {claim.object}".strip() if claim.object else claim.attribute


def _modality(claim: Claim) -> str:
    if claim.claimant:
        return f"according to {claim.claimant}"
    return "" if claim.modality == "asserted" else claim.modality


def _print(console: Console, indent: int, *pieces: Piece) -> None:
    """Print one logical line, wrapped to the console width and indented as a block."""
    text = Text.assemble(*pieces)
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.splitlines()) + "\n"


def _summary(console: Console, report: Report, items: tuple[Entry, ...]) -> None:
    remarks = " · ".join([reference_phrase(report), *extras(report, items)])
    _print(console, 0, (f"{TOOL_NAME}: ", "bold"), headline(report, items))
    _print(console, len(TOOL_NAME) + 2, (remarks, "dim"))


def _section(
    console: Console, verdict: Verdict, items: list[Entry], options: RenderOptions
) -> None:
    if not items:
        return
    hidden = (verdict == Verdict.AGREE and not options.show_agreements) or (
        verdict == Verdict.UNVERIFIED and not options.show_unverified
    )
    console.print()
    if hidden:
        _print(console, 0, (f"{counted(len(items), verdict)} not listed", "dim"))
        return
    _print(console, 0, (f"{_TITLES[verdict]} ({len(items)})", _STYLES[verdict]))
    for subject, group in groupby(items, key=lambda entry: entry.finding.subject):
        _print(console, 2, (subject or "(no subject)", "bold"))
        show = _unverified if verdict == Verdict.UNVERIFIED else _finding
        for entry in group:
            show(console, entry)


def _finding(console: Console, entry: Entry) -> None:
    finding = entry.finding
    style = _STYLES[finding.verdict]
    side = "against the reference" if finding.reference else "across articles"
    _print(console, 4, (topic(finding), style), (f"  {side} [{entry.id}]", "dim"))
    for claim in entry.claims:
        _claim_line(console, 6, claim)
    if finding.reference is not None:
        ref = finding.reference
        _print(
            console, 6, (reference_where(ref), "cyan"), "  reference  → ", (ref.value_text, "bold")
        )
        if ref.note:
            _print(console, 8, ("note: ", "dim"), ref.note)
        if first_source(ref):
            _print(console, 8, ("source: ", "dim"), (first_source(ref), "underline"))
    if finding.message:
        _print(console, 6, (finding.message, "italic"))


def _claim_line(console: Console, indent: int, claim: Claim) -> None:
    _print(
        console,
        indent,
        (location(claim), "cyan"),
        "  ",
        (f'"{claim.span.quote}"', "italic"),
        "  → ",
        (value_phrase(claim), "bold"),
    )


def _unverified(console: Console, entry: Entry) -> None:
    finding = entry.finding
    where = location(entry.claims[0]) if entry.claims else "(no claim)"
    values = "; ".join(value_phrase(claim) for claim in entry.claims)
    quotes = [claim.span.quote for claim in entry.claims[:1] if claim.span.quote not in values]
    quote = "".join(f'  "{text}"' for text in quotes)
    _print(
        console,
        4,
        (where, "cyan"),
        f"  {topic(finding)}: ",
        (values, "bold"),
        (quote, "italic"),
        (f" — {finding.message}" if finding.message else "", "dim"),
    )


def _outside_focus(console: Console, items: Iterable[Entry]) -> None:
    outside = [entry for entry in items if not entry.in_focus and entry.finding.suppressed is None]
    if not outside:
        return
    counts = tally(outside)
    detail = ", ".join(counted(counts[v], v) for v in SECTION_ORDER if counts[v])
    console.print()
    _print(
        console,
        0,
        (f"{plural(len(outside), 'finding')} outside the focus not listed ({detail})", "dim"),
    )


def _stale(console: Console, report: Report) -> None:
    if not report.stale_baseline:
        return
    console.print()
    _print(console, 0, ("Stale baseline entries (they match no finding any more)", "bold"))
    for fingerprint in report.stale_baseline:
        _print(console, 2, fingerprint)


def _problems(console: Console, report: Report) -> None:
    if not report.problems:
        return
    console.print()
    _print(console, 0, (f"Warnings ({len(report.problems)})", "bold yellow"))
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        _print(console, 2, (f"{where}: ", "yellow"), problem.message)
