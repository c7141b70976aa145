"""The CSV report: one row per (finding, claim), with stable columns, for spreadsheets.

A finding about three claims gives three rows sharing ``finding_id``. Every finding is
included, suppressed ones too (their ``suppressed`` column holds the baseline's reason).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from io import StringIO

from claimcheck.models import Claim, Report
from claimcheck.report.interface import RenderOptions, Reporter
from claimcheck.report.view import Entry, each_entry

COLUMNS = (
    "finding_id", "kind", "verdict", "subject", "attribute", "object", "period",
    "claim_id", "path", "line", "column", "value", "qualifier", "modality", "claimant",
    "quote", "reference_value", "reference_note", "reference_source", "message", "suppressed",
)  # fmt: skip
"""Column order; new columns are only ever added at the end."""


class CsvReporter(Reporter):
    """Renders every finding's claims as CSV rows with a header line."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The CSV text (RFC 4180 quoting, ``\\r\\n`` line ends)."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The CSV text: the header, then each finding's rows."""
        buffer = StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
        writer.writeheader()
        for entry in each_entry(report):
            writer.writerows(rows(entry))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()


def rows(entry: Entry) -> list[dict[str, str | int]]:
    """The rows for one finding: one per claim, or one with empty claim columns."""
    finding = entry.finding
    ref = finding.reference
    common: dict[str, str | int] = {
        "finding_id": entry.id,
        "kind": finding.kind.value,
        "verdict": finding.verdict.value,
        "subject": finding.subject,
        "attribute": finding.attribute,
        "object": finding.object,
        "period": finding.period,
        "reference_value": ref.value_text if ref else "",
        "reference_note": ref.note if ref else "",
        "reference_source": " ".join(ref.sources) if ref else "",
        "message": finding.message,
        "suppressed": finding.suppressed or "",
    }
    if not entry.claims:
        return [{**common, **dict.fromkeys(_CLAIM_COLUMNS, "")}]
    return [{**common, **_claim_columns(claim)} for claim in entry.claims]


def _claim_columns(claim: Claim) -> dict[str, str | int]:
    return {
        "claim_id": claim.id,
        "path": claim.span.path,
        "line": claim.span.line,
        "column": claim.span.column,
        "value": claim.value.text,
        "qualifier": claim.qualifier,
        "modality": claim.modality,
        "claimant": claim.claimant,
        "quote": claim.span.quote,
    }


_CLAIM_COLUMNS = (
    "claim_id",
    "path",
    "line",
    "column",
    "value",
    "qualifier",
    "modality",
    "claimant",
    "quote",
)
