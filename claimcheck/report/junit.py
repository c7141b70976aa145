"""JUnit XML, for CI systems that show test results: each checked fact is a test case.

Suite ``reference`` holds one test case per reference entry that some claim touched;
suite ``cross-article`` one per group of claims compared across articles (subject,
attribute, object, period). A test case fails when any of its findings is a conflict
no baseline suppresses; other verdicts are written to its ``system-out``. Findings
outside the focus are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable

from claimcheck.models import Claim, FindingKind, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    Entry,
    entries,
    location,
    per_claim,
    reference_where,
    topic,
    value_phrase,
)

Group = tuple[str, list[Entry]]


class JunitReporter(Reporter):
    """Renders the checks as JUnit XML test suites."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The ``<testsuites>`` document, with an XML declaration."""
        items = [entry for entry in entries(report) if entry.in_focus]
        root = ET.Element("testsuites", name=TOOL_NAME)
        line = per_claim(_claim_line)
        suites = [
            _suite("reference", _reference_groups(items), line),
            _suite("cross-article", _cross_groups(items), line),
        ]
        root.extend(suites)
        _set_counts(root, suites)
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _reference_groups(items: list[Entry]) -> list[Group]:
    groups: dict[str, list[Entry]] = {}
    for entry in items:
        ref = entry.finding.reference
        if entry.finding.kind == FindingKind.REFERENCE and ref is not None:
            name = f"{ref.id}: {entry.finding.subject} {topic(entry.finding)}"
            groups.setdefault(name, []).append(entry)
    return list(groups.items())


def _cross_groups(items: list[Entry]) -> list[Group]:
    groups: dict[str, list[Entry]] = {}
    for entry in items:
        f = entry.finding
        if f.kind == FindingKind.CROSS or f.reference is None:
            name = " / ".join(part for part in (f.subject, f.attribute, f.object, f.period) if part)
            groups.setdefault(name, []).append(entry)
    return list(groups.items())


ClaimLine = Callable[[Claim], str]


def _suite(name: str, groups: list[Group], line: ClaimLine) -> ET.Element:
    suite = ET.Element("testsuite", name=name)
    suite.extend(_case(name, case_name, group, line) for case_name, group in groups)
    _set_counts(suite, list(suite))
    return suite


def _set_counts(element: ET.Element, children: list[ET.Element]) -> None:
    if element.tag == "testsuite":
        tests = len(children)
        failures = sum(1 for case in children if case.find("failure") is not None)
    else:
        tests = sum(int(child.get("tests", "0")) for child in children)
        failures = sum(int(child.get("failures", "0")) for child in children)
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


def _case(suite: str, name: str, group: list[Entry], line: ClaimLine) -> ET.Element:
    case = ET.Element("testcase", classname=f"{TOOL_NAME}.{suite}", name=name)
    failing: list[Entry] = []
    others: list[Entry] = []  # split in one pass: a group can hold thousands of findings
    for entry in group:
        fails = entry.finding.verdict == Verdict.CONFLICT and entry.finding.suppressed is None
        (failing if fails else others).append(entry)
    if failing:
        failure = ET.SubElement(
            case, "failure", message=failing[0].finding.message, type="conflict"
        )
        failure.text = "\n\n".join(_details(entry, line) for entry in failing)
    if others:
        ET.SubElement(case, "system-out").text = "\n\n".join(_details(e, line) for e in others)
    return case


def _details(entry: Entry, line: ClaimLine) -> str:
    finding = entry.finding
    status = finding.verdict.value
    if finding.suppressed is not None:
        status += f" (suppressed by baseline: {finding.suppressed})"
    lines = [f"{entry.id} {status}: {finding.message}"]
    lines += map(line, entry.claims)
    ref = finding.reference
    if ref is not None:
        lines.append(f"{reference_where(ref)}: reference → {ref.value_text}")
        lines += [f"note: {ref.note}"] if ref.note else []
        lines += [f"source: {source}" for source in ref.sources]
    return "\n".join(lines)


def _claim_line(claim: Claim) -> str:
    return f'{location(claim)}: "{claim.span.quote}" → {value_phrase(claim)}'
