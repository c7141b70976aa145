"""The machine formats: JSON, CSV, SARIF, JUnit XML and ClaimReview JSON-LD, parsed back."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from report_fixtures import CLAIMS, DAILY, FINDINGS, make_report

from claimcheck import __version__
from claimcheck.models import Report, Verdict
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.csv import COLUMNS
from claimcheck.report.sarif import artifact_uri

SCHEMA_DOC = Path(__file__).parent.parent / "docs" / "report-schema.md"


def render(fmt: Format, report: Report | None = None) -> str:
    return reporter_for(fmt).render(report or make_report(), RenderOptions())


# --- json -------------------------------------------------------------------------------


def test_json_header_articles_and_claims() -> None:
    doc = json.loads(render(Format.JSON))
    assert doc["schema"] == "claimcheck-report" and doc["version"] == "1.0"
    assert doc["tool"] == {"name": "claimcheck", "version": __version__}
    assert doc["reference"] == "claims.yaml"
    assert [a["path"] for a in doc["articles"]] == ["articles/techwire.md", "articles/daily-ai.md"]
    assert doc["articles"][0]["outlet"] == "TechWire"
    c3 = next(c for c in doc["claims"] if c["id"] == "C3")
    assert (c3["path"], c3["line"], c3["column"], c3["end_column"]) == (
        "articles/techwire.md",
        8,
        26,
        66,
    )
    assert c3["value"]["kind"] == "money" and c3["value"]["amount"] == 2e8
    assert c3["value"]["unit"] == "USD" and c3["value"]["low_open"] is False
    assert (c3["modality"], c3["claimant"], c3["subject_text"]) == (
        "projected",
        "according to Reuters",
        "the company",
    )


def test_json_findings() -> None:
    doc = json.loads(render(Format.JSON))
    findings = doc["findings"]
    assert [f["id"] for f in findings] == ["F1", "F2", "F3", "F4", "F5", "F6"]
    first = findings[0]
    assert (first["kind"], first["verdict"], first["claims"]) == ("reference", "conflict", ["C2"])
    assert first["reference"]["value"] == "2021"
    assert first["reference"]["sources"][0] == "https://aistoriz.com/midjourney-history"
    assert (first["reference"]["path"], first["reference"]["line"]) == ("claims.yaml", 12)
    assert findings[1]["reference"]["tolerance"] == {
        "relative": 0.0,
        "absolute": 1.0,
        "text": "1 s",
    }
    assert findings[3]["reference"] is None
    assert findings[5]["suppressed"] == "outlet corrected it; see #12"
    assert all(f["suppressed"] is None for f in findings[:5])
    claim_ids = {c["id"] for c in doc["claims"]}
    assert all(set(f["claims"]) <= claim_ids for f in findings)


def test_json_summary_counts_unsuppressed_findings() -> None:
    doc = json.loads(render(Format.JSON))
    assert doc["summary"] == {
        "articles": 2,
        "claims": 7,
        "conflict": 1,
        "minor": 1,
        "agree": 2,
        "unverified": 1,
        "suppressed": 1,
        "out_of_focus": 0,
        "skipped_files": 1,
        "problems": 1,
        "stale_baseline": 1,
    }
    assert doc["problems"] == [
        {"path": "articles/broken.txt", "line": 3, "message": "not valid UTF-8; decoded as cp1252"}
    ]
    assert doc["stale_baseline"] == ["fp-old-entry"]


def test_json_marks_findings_outside_the_focus() -> None:
    doc = json.loads(render(Format.JSON, dataclasses.replace(make_report(), focus=(DAILY,))))
    assert doc["focus"] == [DAILY]
    assert [f["id"] for f in doc["findings"] if not f["in_focus"]] == ["F1", "F3"]
    assert doc["summary"]["conflict"] == 0 and doc["summary"]["out_of_focus"] == 2


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_schema_doc_documents_every_field_and_the_version() -> None:
    doc = SCHEMA_DOC.read_text("utf-8")
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    assert _keys(json.loads(render(Format.JSON))) - documented == set()
    assert "1.0" in doc


# --- csv --------------------------------------------------------------------------------


def test_csv_has_one_row_per_finding_and_claim() -> None:
    reader = csv.DictReader(io.StringIO(render(Format.CSV)))
    rows = list(reader)
    assert tuple(reader.fieldnames or ()) == COLUMNS
    assert [(r["finding_id"], r["claim_id"]) for r in rows] == [
        ("F1", "C2"),
        ("F2", "C6"),
        ("F3", "C3"),
        ("F4", "C1"),
        ("F4", "C4"),
        ("F5", "C7"),
        ("F6", "C5"),
    ]
    first = rows[0]
    assert (first["path"], first["line"], first["column"]) == ("articles/techwire.md", "7", "1")
    assert first["reference_value"] == "2021"
    assert first["reference_source"].startswith("https://aistoriz.com/midjourney-history")
    assert first["message"] == "Midjourney founded: article says 2022, reference says 2021"
    assert rows[2]["claimant"] == "according to Reuters"
    assert rows[-1]["suppressed"] == "outlet corrected it; see #12"
    assert rows[0]["suppressed"] == ""


# --- sarif ------------------------------------------------------------------------------


def test_sarif_structure_and_rules() -> None:
    log = json.loads(render(Format.SARIF))
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == ["reference-conflict", "reference-minor", "cross-conflict", "cross-minor"]
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [
        "reference-conflict",
        "reference-minor",
        "reference-conflict",
    ]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)


def test_sarif_results_locations_fingerprints_and_suppressions() -> None:
    results = json.loads(render(Format.SARIF))["runs"][0]["results"]
    first = results[0]
    assert first["level"] == "error" and results[1]["level"] == "warning"
    assert first["message"]["text"].startswith("Midjourney founded")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "articles/techwire.md"
    region = location["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
        7,
        1,
        7,
        16,
    )
    assert first["partialFingerprints"] == {"claimcheck/v1": "fp-founded"}
    assert first["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert "suppressions" not in first
    assert results[2]["suppressions"] == [
        {"kind": "external", "justification": "outlet corrected it; see #12"}
    ]


def test_sarif_cross_conflict_has_a_location_per_article() -> None:
    conflict = dataclasses.replace(FINDINGS[3], verdict=Verdict.CONFLICT)
    report = dataclasses.replace(make_report(), findings=(conflict,))
    (result,) = json.loads(render(Format.SARIF, report))["runs"][0]["results"]
    assert result["ruleId"] == "cross-conflict"
    uris = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["locations"]]
    assert uris == ["articles/techwire.md", "articles/daily-ai.md"]


def test_sarif_uris_are_encoded() -> None:
    assert artifact_uri("press cuttings/a#1.md") == "press%20cuttings/a%231.md"
    assert artifact_uri("/srv/news/a.md") == "file:///srv/news/a.md"
    assert artifact_uri("news\\a.md") == "news/a.md"


# --- junit ------------------------------------------------------------------------------


def _suites(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    return {suite.get("name", ""): suite for suite in root}


def test_junit_counts_and_failures() -> None:
    text = render(Format.JUNIT)
    root = ET.fromstring(text)
    assert (root.get("tests"), root.get("failures")) == ("6", "1")
    suites = _suites(text)
    reference = suites["reference"]
    assert (reference.get("tests"), reference.get("failures")) == ("4", "1")
    assert len(reference.findall("testcase")) == 4
    failed = [case for case in reference if case.find("failure") is not None]
    assert [case.get("name") for case in failed] == ["midjourney-founded: Midjourney founded"]
    failure = failed[0].find("failure")
    assert failure is not None and "reference says 2021" in failure.get("message", "")
    assert "https://aistoriz.com/midjourney-history" in (failure.text or "")
    cross = suites["cross-article"]
    assert (cross.get("tests"), cross.get("failures")) == ("2", "0")


def test_junit_suppressed_conflict_passes_and_cross_conflict_fails() -> None:
    conflict = dataclasses.replace(FINDINGS[3], verdict=Verdict.CONFLICT)
    report = dataclasses.replace(make_report(), findings=(conflict, FINDINGS[5]))
    suites = _suites(render(Format.JUNIT, report))
    assert suites["reference"].get("failures") == "0"
    weekday = suites["reference"].find("testcase")
    assert weekday is not None and "suppressed by baseline" in (
        weekday.findtext("system-out") or ""
    )
    assert suites["cross-article"].get("failures") == "1"
    assert suites["cross-article"].find("testcase/failure") is not None


# --- claimreview ------------------------------------------------------------------------


def test_claimreview_rates_reference_checked_claims() -> None:
    records = json.loads(render(Format.CLAIMREVIEW))
    ratings = {r["claimReviewed"]: r["reviewRating"]["alternateName"] for r in records}
    sentence = {c.id: c.span.sentence for c in CLAIMS}
    assert ratings == {
        sentence["C2"]: "False",
        sentence["C3"]: "True",
        sentence["C6"]: "Mostly true",
    }
    assert [r["reviewRating"]["ratingValue"] for r in records] == [1, 5, 3]
    for record in records:
        assert record["@context"] == "https://schema.org" and record["@type"] == "ClaimReview"
        assert record["author"] == {"@type": "Organization", "name": "claimcheck"}
        rating = record["reviewRating"]
        assert (rating["@type"], rating["bestRating"], rating["worstRating"]) == ("Rating", 5, 1)


def test_claimreview_names_the_article_and_the_sources() -> None:
    text = render(Format.CLAIMREVIEW)
    first, _, third = json.loads(text)
    appearance = first["itemReviewed"]["appearance"]
    assert first["itemReviewed"]["@type"] == "Claim"
    assert appearance["url"] == "https://techwire.example/meta-midjourney"
    assert appearance["datePublished"] == "2025-08-23"
    assert first["url"] == "https://aistoriz.com/midjourney-history"
    assert len(first["citation"]) == 2
    assert (
        third["itemReviewed"]["appearance"]["headline"] == "Meta & Midjourney: a <licensing> deal"
    )
    assert "<" not in text  # safe inside a <script type="application/ld+json"> element
