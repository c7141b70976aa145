"""JUnit XML, for CI systems that show test results: each checked fact is a test case.

Suite ``reference`` holds one test case per reference entry that some claim touched;
suite ``cross-article`` one per group of claims compared across articles (subject,
attribute, object, period). A test case fails when any of its findings is a conflict
no baseline suppresses; other verdicts are written to its ``system-out``. Findings
outside the focus are left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

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
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The document a test case at a time: ElementTree writes the suites around a
        stand-in for their cases, then each case on its own, indented to its depth, so
        the text is the one it writes for the whole tree, never held whole."""
        items = [entry for entry in entries(report) if entry.in_focus]
        suites = [
            ("reference", _reference_groups(items)),
            ("cross-article", _cross_groups(items)),
        ]
        line = per_claim(_claim_line)
        frame = _frame(suites).split(_STAND_IN)
        yield frame[0]
        between = "\n" + " " * (_CASE_LEVEL * len(_INDENT))
        holes = iter(frame[1:])
        for name, groups in suites:
            if not groups:
                continue
            for number, (case_name, group) in enumerate(groups):
                case = _case(name, case_name, group, line)
                ET.indent(case, _INDENT, _CASE_LEVEL)
                yield (between if number else "") + ET.tostring(case, encoding="unicode")
            yield next(holes)
        yield "\n"


_INDENT = "  "
_CASE_LEVEL = 2
"""Test cases stand two levels deep: in a suite, in the suites."""
_STAND_IN_TAG = "claimcheck-cases"
_STAND_IN = f"<{_STAND_IN_TAG} />"
"""How ElementTree writes the empty element that stands in for a suite's cases."""


def _frame(suites: list[tuple[str, list[Group]]]) -> str:
    """The document with each suite's cases replaced by one stand-in element; the counts
    are the cases'."""
    root = ET.Element("testsuites", name=TOOL_NAME)
    for name, groups in suites:
        suite = ET.SubElement(root, "testsuite", name=name)
        suite.set("tests", str(len(groups)))
        suite.set("failures", str(sum(1 for _, group in groups if _failing(group))))
        suite.set("errors", "0")
        if groups:
            ET.SubElement(suite, _STAND_IN_TAG)
    for count in ("tests", "failures"):
        root.set(count, str(sum(int(suite.get(count, "0")) for suite in root)))
    root.set("errors", "0")
    ET.indent(root, _INDENT)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _failing(group: list[Entry]) -> bool:
    """Whether a case fails: one of its findings is a conflict no baseline suppresses."""
    return any(_fails(entry) for entry in group)


def _fails(entry: Entry) -> bool:
    return entry.finding.verdict == Verdict.CONFLICT and entry.finding.suppressed is None


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


def _case(suite: str, name: str, group: list[Entry], line: ClaimLine) -> ET.Element:
    case = ET.Element("testcase", classname=f"{TOOL_NAME}.{suite}", name=name)
    failing: list[Entry] = []
    others: list[Entry] = []  # split in one pass: a group can hold thousands of findings
    for entry in group:
        (failing if _fails(entry) else others).append(entry)
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
