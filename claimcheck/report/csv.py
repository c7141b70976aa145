"""The CSV report: one row per (finding, claim), with stable columns, for spreadsheets.

A finding about three claims gives three rows sharing ``finding_id``. Every finding is
included, suppressed ones too (their ``suppressed`` column holds the baseline's reason).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from io import StringIO

from claimcheck.models import Claim, Report
from claimcheck.report.interface import RenderOptions, Reporter
from claimcheck.report.view import Entry, each_entry, per_claim

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
        """The CSV text: the header, then each finding's rows.

        A row is the finding's columns, the claim's, then the finding's again, each part
        written once by the csv module and the parts joined (quoting is field by field,
        so the row is the one ``csv.DictWriter`` writes); a claim's part is written once
        however many findings it is in."""
        fields = _Fields()
        yield fields(COLUMNS) + _LINE_END
        claim_part = per_claim(lambda claim: fields(_claim_columns(claim).values()))
        no_claim = fields([""] * len(_CLAIM_COLUMNS))
        for entry in each_entry(report):
            common = _common(entry)
            head = fields(common[column] for column in COLUMNS[:_CLAIMS_AT])
            tail = fields(common[column] for column in COLUMNS[_CLAIMS_AT + len(_CLAIM_COLUMNS) :])
            parts = map(claim_part, entry.claims) if entry.claims else [no_claim]
            yield "".join([f"{head},{part},{tail}{_LINE_END}" for part in parts])


class _Fields:
    """The CSV text of some fields, as ``csv.writer`` (the ``excel`` dialect) writes them
    in a row, without the line end."""

    def __init__(self) -> None:
        self.buffer = StringIO()
        self.writer = csv.writer(self.buffer)

    def __call__(self, values: Iterable[str | int]) -> str:
        self.writer.writerow(values)
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text[: -len(_LINE_END)]


_LINE_END = "\r\n"
"""The ``excel`` dialect's line end (RFC 4180)."""


def rows(entry: Entry) -> list[dict[str, str | int]]:
    """The rows for one finding: one per claim, or one with empty claim columns."""
    common = _common(entry)
    if not entry.claims:
        return [{**common, **dict.fromkeys(_CLAIM_COLUMNS, "")}]
    return [{**common, **_claim_columns(claim)} for claim in entry.claims]


def _common(entry: Entry) -> dict[str, str | int]:
    """The columns every row of the finding shares."""
    finding = entry.finding
    ref = finding.reference
    return {
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
_CLAIMS_AT = COLUMNS.index(_CLAIM_COLUMNS[0])
"""Where the claim's columns start; they run on together (a test checks the layout)."""
