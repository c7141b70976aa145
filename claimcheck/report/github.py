"""GitHub Actions workflow commands: an annotation on every claim of every problem finding.

``::error`` for conflicts, ``::warning`` for minor differences, one line per claim
location, then a ``::notice`` with the summary. Findings a baseline suppresses and
findings outside the focus get no annotation. Example line::

    ::error file=a.md,line=7,col=1,endLine=7,endColumn=16,title=claimcheck%3A conflict::...
"""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.models import Claim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    Entry,
    entries,
    extras,
    headline,
    per_claim,
    reference_phrase,
    topic,
)

_COMMANDS = {Verdict.CONFLICT: "error", Verdict.MINOR: "warning"}


class GithubReporter(Reporter):
    """Renders findings as GitHub workflow commands (annotations on the pull request)."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """One command per line; a final ``::notice`` sums the run up."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The commands a finding at a time, then the summary."""
        items = entries(report)
        place = per_claim(_place)
        for entry in items:
            if entry.listed and entry.finding.verdict in _COMMANDS and entry.claims:
                head, tail = _command_parts(entry)
                yield "".join([f"{head}{place(claim)}{tail}\n" for claim in entry.claims])
        summary = " · ".join(
            [headline(report, items), reference_phrase(report), *extras(report, items)]
        )
        yield f"::notice {_properties({'title': TOOL_NAME})}::{escape_data(summary)}\n"


def escape_data(text: str) -> str:
    """Escape a command's message as the runner expects (``%``, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as a message, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(values: dict[str, str | int]) -> str:
    return ",".join(f"{key}={escape_property(str(value))}" for key, value in values.items())


def _place(claim: Claim) -> str:
    """The properties that place an annotation on the claim's words."""
    span = claim.span
    values: dict[str, str | int] = {"file": span.path}
    if span.line >= 1:
        values.update(
            line=span.line, col=span.column, endLine=span.end_line, endColumn=span.end_column
        )
    return _properties(values)


def _command_parts(entry: Entry) -> tuple[str, str]:
    """What an annotation of the finding writes before and after a claim's place."""
    finding = entry.finding
    title = f"{TOOL_NAME}: {finding.verdict.value} — {finding.subject} {topic(finding)}"
    return (
        f"::{_COMMANDS[finding.verdict]} ",
        f",{_properties({'title': title})}::{escape_data(_message(entry))}",
    )


def _message(entry: Entry) -> str:
    finding = entry.finding
    text = finding.message or f"{finding.subject} {topic(finding)}"
    ref = finding.reference
    if ref is not None:
        text += f"\nReference: {ref.value_text}"
        text += f" — {ref.note}" if ref.note else ""
        text += f"\nSource: {ref.sources[0]}" if ref.sources else ""
    return text
