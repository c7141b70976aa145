"""Every report format, written for the seeds with ``--export`` in one run and read back by
parsing it: JSON, CSV, JUnit XML, SARIF, HTML (html.parser), the Markdown table's rows,
workflow commands, JSON-LD and plain text."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from claimcheck.report import Format

SEED_000 = "seeds/000_ed20acbe75a251c5.txt"
CONFLICTS = 3
MINOR = 2


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, root: Path) -> dict[str, Any]:
    """The seeds exported in every format (no baseline), and the run's stdout and code."""
    import os
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("exports")
    args = [a for fmt in Format for a in ("--export", f"{fmt.value}:{folder / fmt.value}")]
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", "seeds/", "--no-baseline", "--no-cache", "--format",
         "json", *args],
        cwd=root, capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(root)},
    )  # fmt: skip
    files = {fmt: (folder / fmt.value).read_text("utf-8") for fmt in Format}
    return {"code": done.returncode, "stdout": done.stdout, "files": files, "folder": folder}


@pytest.fixture(scope="module")
def root() -> Path:
    return Path(__file__).resolve().parent.parent


def _json(text: str) -> None:
    report = json.loads(text)
    assert report["schema"] == "claimcheck-report" and report["version"]
    summary = report["summary"]
    assert (summary["articles"], summary["conflict"], summary["minor"]) == (2, CONFLICTS, MINOR)
    ids = {claim["id"] for claim in report["claims"]}
    assert all(set(finding["claims"]) <= ids for finding in report["findings"])


def _csv(text: str) -> None:
    rows = list(csv.DictReader(text.splitlines()))
    assert {"finding_id", "verdict", "path", "line", "quote", "suppressed"} <= set(rows[0])
    founded = [r for r in rows if r["attribute"] == "founded" and r["path"] == SEED_000]
    assert [(r["verdict"], r["line"], r["value"]) for r in founded] == [("conflict", "7", "2022")]
    assert len({r["finding_id"] for r in rows if r["verdict"] == "conflict"}) == CONFLICTS


def _junit(text: str) -> None:
    suites = ET.fromstring(text)
    assert suites.tag == "testsuites" and int(suites.get("failures", "0")) == CONFLICTS
    cases = suites.findall(".//testcase")
    assert cases and all(case.get("name") for case in cases)
    failures = [case for case in cases if case.find("failure") is not None]
    assert len(failures) == CONFLICTS
    assert any("Founded in 2022" in (case.find("failure").text or "") for case in failures)


def _sarif(text: str) -> None:
    log = json.loads(text)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(rules) == len(set(rules)) and "reference-conflict" in rules
    levels = sorted(result["level"] for result in run["results"])
    assert levels == ["error"] * CONFLICTS + ["warning"] * MINOR
    for result in run["results"]:
        assert result["ruleId"] in rules and result["partialFingerprints"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert SEED_000 in uris


class _Html(HTMLParser):
    """Collects finding rows, ids, and anything that would load from the network."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "tr" and "finding" in values.get("class", ""):
            self.rows.append(values)
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and values.get("href", "").startswith("#"):
            self.links.append(values["href"][1:])
        if tag in {"script", "img", "link", "iframe"} and (values.get("src") or values.get("href")):
            self.external.append(tag)


def _html(text: str) -> None:
    page = _Html()
    page.feed(text)
    page.close()
    verdicts = [row["data-verdict"] for row in page.rows]
    assert verdicts.count("conflict") == CONFLICTS and verdicts.count("minor") == MINOR
    assert page.links and set(page.links) <= page.ids, "links from findings reach their spans"
    assert page.external == [], "one self-contained file"


def _markdown(text: str) -> None:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert "Verdict" in header and "Location" in header
    assert re.fullmatch(r"\|( -+ \|)+", rows[1].replace("---", "-"))
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows[2:]]
    table = [dict(zip(header, row, strict=False)) for row in cells if len(row) == len(header)]
    assert sum(1 for row in table if row["Verdict"] == "**conflict**") == CONFLICTS
    founded = next(row for row in table if row.get("Attribute") == "founded")
    assert founded["Location"].replace("\\_", "_") == f"{SEED_000}:7"


def _github(text: str) -> None:
    commands = re.findall(r"^::(error|warning|notice) ([^:]*)::", text, re.MULTILINE)
    assert [c[0] for c in commands].count("error") == CONFLICTS
    props = [dict(p.split("=", 1) for p in c[1].split(",")) for c in commands if c[0] == "error"]
    assert {"file": SEED_000, "line": "7"} in [{k: p[k] for k in ("file", "line")} for p in props]


def _claimreview(text: str) -> None:
    records = json.loads(text)
    assert records and all(r["@type"] == "ClaimReview" for r in records)
    assert all(r["@context"] == "https://schema.org" for r in records)
    ratings = {r["reviewRating"]["alternateName"] for r in records}
    assert len(ratings) >= 2 and all(r["claimReviewed"] for r in records)


def _terminal(text: str) -> None:
    assert "\x1b[" not in text, "no colours in a file"
    assert text.startswith("claimcheck: 2 articles") and f"{SEED_000}:7:1" in text


PARSERS: dict[Format, Callable[[str], None]] = {
    Format.JSON: _json,
    Format.CSV: _csv,
    Format.JUNIT: _junit,
    Format.SARIF: _sarif,
    Format.HTML: _html,
    Format.MARKDOWN: _markdown,
    Format.GITHUB: _github,
    Format.CLAIMREVIEW: _claimreview,
    Format.TERMINAL: _terminal,
}


def test_every_format_has_a_parser_here():
    assert set(PARSERS) == set(Format)


@pytest.mark.parametrize("fmt", list(Format))
def test_each_exported_format_parses(exported, fmt):
    PARSERS[fmt](exported["files"][fmt])


def test_exports_come_with_the_chosen_report_on_stdout(exported):
    assert exported["code"] == 1
    assert exported["stdout"] == exported["files"][Format.JSON]
    assert sorted(p.name for p in exported["folder"].iterdir()) == sorted(f.value for f in Format)


def test_sarif_carries_baselined_findings_as_suppressions(run_cli, root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    target = tmp_path / "out.sarif"
    baseline = ("--baseline", ".ci/seeds-baseline.yaml")
    result = run_cli("seeds/", *baseline, "--export", f"sarif:{target}", "--format", "github")
    assert result.code == 0 and "::error" not in result.out
    results = json.loads(target.read_text("utf-8"))["runs"][0]["results"]
    suppressions = [r["suppressions"][0] for r in results]
    assert len(suppressions) == CONFLICTS + MINOR
    assert all(s["kind"] == "external" and s["justification"] for s in suppressions)


def test_an_unknown_export_format_lists_the_formats(run_cli, root, monkeypatch):
    monkeypatch.chdir(root)
    result = run_cli("seeds/", "--export", "pdf:report.pdf")
    assert result.code == 2 and "pdf:report.pdf" in result.err
    assert all(fmt.value in result.err for fmt in Format)
    assert run_cli("seeds/", "--export", "json").code == 2


def test_an_unwritable_export_is_a_one_line_error(run_cli, root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    result = run_cli("seeds/", "--export", f"json:{tmp_path / 'missing' / 'r.json'}")
    assert result.code == 2 and "cannot write" in result.err
    assert len(result.err.splitlines()) == 1
