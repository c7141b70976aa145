"""Reports on a large corpus: a claim named by many findings is written once and reused,
and every format writes the text it wrote when each row was written from scratch."""

from __future__ import annotations

import csv
import dataclasses
import io
import xml.etree.ElementTree as ET

from report_fixtures import CLAIMS, FINDINGS, make_report

from claimcheck.models import Claim, Report, Verdict
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.csv import _CLAIM_COLUMNS, _CLAIMS_AT, COLUMNS, rows
from claimcheck.report.github import escape_data, escape_property
from claimcheck.report.view import entries, location, per_claim


def awkward_report() -> Report:
    """The fixture report with quotes that CSV must quote (commas, double quotes, line
    breaks, leading spaces), a finding with no claims, and every finding repeated so that
    claims recur across findings, some of them conflicts."""
    awkward = {
        "C1": 'said "Alexandr Wang, CAIO"',
        "C3": " projected,\nto hit $200 million",
        "C6": "up to 20 seconds\r\nlong",
    }
    claims = tuple(
        dataclasses.replace(c, span=dataclasses.replace(c.span, quote=awkward[c.id]))
        if c.id in awkward
        else c
        for c in CLAIMS
    )
    orphan = dataclasses.replace(FINDINGS[4], claims=("C99",), message='names, "nothing"')
    findings = tuple(
        dataclasses.replace(f, verdict=Verdict.CONFLICT) if n % 2 else f
        for n in range(3)
        for f in (*FINDINGS, orphan)
    )
    return dataclasses.replace(make_report(), claims=claims, findings=findings)


def test_csv_rows_are_what_the_csv_module_writes_for_each_row() -> None:
    report = awkward_report()
    expected = io.StringIO()
    writer = csv.DictWriter(expected, fieldnames=COLUMNS)
    writer.writeheader()
    for entry in entries(report):
        writer.writerows(rows(entry))
    text = reporter_for(Format.CSV).render(report, RenderOptions())
    assert text == expected.getvalue()
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert {row["quote"] for row in parsed if row["claim_id"] == "C1"} == {
        'said "Alexandr Wang, CAIO"'
    }
    assert any(row["claim_id"] == "" and row["message"] == 'names, "nothing"' for row in parsed)


def test_the_claim_columns_of_a_csv_row_run_on_together() -> None:
    assert COLUMNS[_CLAIMS_AT : _CLAIMS_AT + len(_CLAIM_COLUMNS)] == _CLAIM_COLUMNS


def test_github_annotates_each_claim_of_each_problem_finding_once() -> None:
    report = awkward_report()
    lines = reporter_for(Format.GITHUB).render(report, RenderOptions()).splitlines()
    expected = [
        (entry.finding, claim)
        for entry in entries(report)
        if entry.listed and entry.finding.verdict in (Verdict.CONFLICT, Verdict.MINOR)
        for claim in entry.claims
    ]
    assert len(lines) == len(expected) + 1 and lines[-1].startswith("::notice ")
    for line, (finding, claim) in zip(lines, expected, strict=False):
        command = "error" if finding.verdict == Verdict.CONFLICT else "warning"
        span = claim.span
        assert line.startswith(
            f"::{command} file={escape_property(span.path)},line={span.line},col={span.column},"
            f"endLine={span.end_line},endColumn={span.end_column},title="
        )
        assert escape_property(f"{finding.verdict.value} — {finding.subject}") in line
        assert line.split("::", 2)[2].startswith(escape_data(finding.message))


def test_per_claim_makes_each_claims_text_once() -> None:
    made: list[str] = []

    def make(claim: Claim) -> str:
        made.append(claim.id)
        return location(claim)

    where = per_claim(make)
    texts = [where(claim) for claim in (*CLAIMS, *CLAIMS, CLAIMS[0])]
    assert made == [claim.id for claim in CLAIMS]
    assert texts == [location(claim) for claim in (*CLAIMS, *CLAIMS, CLAIMS[0])]


def _reports_for_junit() -> list[Report]:
    base = make_report()
    repeated = dataclasses.replace(awkward_report(), claims=CLAIMS)  # no CR: XML reads it as LF
    cross_only = dataclasses.replace(base, findings=tuple(f for f in FINDINGS if not f.reference))
    return [base, repeated, cross_only, dataclasses.replace(base, findings=())]


def test_junit_written_case_by_case_is_the_document_elementtree_writes_whole() -> None:
    for report in _reports_for_junit():
        reporter = reporter_for(Format.JUNIT)
        pieces = list(reporter.pieces(report, RenderOptions()))
        text = "".join(pieces)
        root = ET.fromstring(text.split("?>", 1)[1])
        ET.indent(root)
        assert text == ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
        cases = root.findall("testsuite/testcase")
        assert len(pieces) >= len(cases)  # a case at a time
        assert root.get("tests") == str(len(cases))
        assert root.get("failures") == str(len(root.findall("testsuite/testcase[failure]")))
