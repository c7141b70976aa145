"""The SARIF 2.1.0 log, for code-scanning dashboards (GitHub code scanning and the like).

Conflicts are ``error`` results and minor differences ``warning`` results; agreements
and unverified claims are not results at all (they are not problems to fix). One
result per finding, with one location per claim; a reference finding also points at
its ``claims.yaml`` entry as a related location. Findings a baseline suppresses stay
in the log with an ``external`` suppression; findings outside the focus are left out.

The log is indented JSON (``json.dumps(..., indent=2)``'s text), written a result at a
time by ``claimcheck.report.jsontext``, each claim's location written once however many
results name it: a corpus of 10,000 articles has some 60,000 results and 900,000 locations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.models import Claim, FindingKind, ReferenceClaim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.jsontext import Shared, items
from claimcheck.report.view import Entry, each_entry, per_claim, reference_where

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/claimcheck/"
FINGERPRINT_KEY = "claimcheck/v1"

_LEVELS = {Verdict.CONFLICT: "error", Verdict.MINOR: "warning"}
_RULE_TEXT = {
    (FindingKind.REFERENCE, Verdict.CONFLICT): "An article contradicts the curated reference.",
    (FindingKind.REFERENCE, Verdict.MINOR): "An article's figure is near the reference value "
    "but outside it (within the tolerance).",
    (FindingKind.CROSS, Verdict.CONFLICT): "Articles contradict each other.",
    (FindingKind.CROSS, Verdict.MINOR): "Articles give slightly different values.",
}
RULE_IDS = tuple(f"{kind.value}-{verdict.value}" for kind, verdict in _RULE_TEXT)
"""``reference-conflict``, ``reference-minor``, ``cross-conflict``, ``cross-minor``."""


class SarifReporter(Reporter):
    """Renders conflicts and minor differences as a SARIF 2.1.0 log."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The SARIF log as indented JSON text."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The SARIF log's text a result at a time."""
        return items(_log([]), ("runs", 0, "results"), _results(report))


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF document: one run, its rules, and one result per problem finding."""
    return _log(
        [
            {**result, "locations": [shared.value for shared in result["locations"]]}
            for result in _results(report)
        ]
    )


def _log(results: list[Any]) -> dict[str, Any]:
    run = {
        "tool": {"driver": _driver()},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _results(report: Report) -> Iterator[dict[str, Any]]:
    """One result per problem finding in focus, in report order; each location is a
    :class:`Shared` part (the same claim's location text is written once)."""
    uri = cache(artifact_uri)  # each file's URI made once, for this log
    location = per_claim(lambda claim: Shared(_location(claim, uri)))
    for entry in each_entry(report):
        if entry.in_focus and entry.finding.verdict in _LEVELS:
            yield _result(entry, location)


def _driver() -> dict[str, Any]:
    rules = [
        {
            "id": f"{kind.value}-{verdict.value}",
            "name": f"{kind.value.title()}{verdict.value.title()}",
            "shortDescription": {"text": text},
            "defaultConfiguration": {"level": _LEVELS[verdict]},
        }
        for (kind, verdict), text in _RULE_TEXT.items()
    ]
    return {
        "name": TOOL_NAME,
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": rules,
    }


def _result(entry: Entry, location: Callable[[Claim], Shared]) -> dict[str, Any]:
    finding = entry.finding
    rule_id = f"{finding.kind.value}-{finding.verdict.value}"
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": RULE_IDS.index(rule_id),
        "level": _LEVELS[finding.verdict],
        "message": {"text": finding.message or f"{finding.subject} {finding.attribute}"},
        "locations": [location(claim) for claim in entry.claims],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "findingId": entry.id,
            "subject": finding.subject,
            "attribute": finding.attribute,
            "claims": list(finding.claims),
        },
    }
    if finding.reference is not None:
        result["relatedLocations"] = [_reference_location(finding.reference)]
    if finding.suppressed is not None:
        result["suppressions"] = [{"kind": "external", "justification": finding.suppressed}]
    return result


def artifact_uri(path: str) -> str:
    """A relative URI reference for a file path (``/`` separators, percent-encoded)."""
    posix = PureWindowsPath(path).as_posix() if "\\" in path else path
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix)
    return quote(posix)


def _location(claim: Claim, uri: Callable[[str], str] = artifact_uri) -> dict[str, Any]:
    span = claim.span
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(span.path)}}
    if span.line >= 1:
        region = {
            "startLine": span.line,
            "startColumn": max(span.column, 1),
            "endLine": max(span.end_line, span.line),
            "endColumn": max(span.end_column, 1),
        }
        physical["region"] = {**region, "snippet": {"text": span.quote}}
    return {"physicalLocation": physical, "message": {"text": f"{claim.id}: {claim.value.text}"}}


def _reference_location(reference: ReferenceClaim) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(reference.path)}}
    if reference.line >= 1:
        physical["region"] = {"startLine": reference.line}
    text = f"reference {reference_where(reference)}: {reference.value_text}"
    return {"id": 0, "physicalLocation": physical, "message": {"text": text}}
