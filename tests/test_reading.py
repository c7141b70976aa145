"""Judging real coverage: rounding, bounds, number words, periods, names, relations, hedges
and where claims hide (cases in tests/reading.yaml, run through the pipeline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.models import Report
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference

CASES = yaml.safe_load((Path(__file__).parent / "reading.yaml").read_text("utf-8"))


def _report(tmp_path: Path, case: dict[str, Any]) -> Report:
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in case["articles"].items():
        (articles / name).write_text(text, "utf-8")
    reference = None
    if "reference" in case:
        (tmp_path / "claims.yaml").write_text(case["reference"], "utf-8")
        reference = load_reference(tmp_path / "claims.yaml")
    return run(RunOptions(paths=(str(articles),), reference=reference))


def _verdicts(report: Report, want: dict[str, str]) -> list[str]:
    return [
        f.verdict.value
        for f in report.findings
        if f.kind.value == want["kind"]
        and f.subject == want["subject"]
        and f.attribute == want["attribute"]
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reading_case(tmp_path: Path, case: dict[str, Any]) -> None:
    report = _report(tmp_path, case)
    shown = [(f.kind.value, f.subject, f.attribute, f.verdict.value) for f in report.findings]
    for want in case["expect"]:
        verdicts = _verdicts(report, want)
        if want.get("verdict") == "none":
            assert verdicts == [], shown
        elif "not" in want:
            assert verdicts and want["not"] not in verdicts, shown
        else:
            assert want["verdict"] in verdicts, shown
    for field in ("modality", "claimant"):
        for name, expected in (case.get(field) or {}).items():
            values = {getattr(c, field) for c in report.claims if c.article.endswith(name)}
            assert expected in values, (field, values)


def test_every_item_of_the_reading_list_has_cases() -> None:
    names = " ".join(c["name"] for c in CASES)
    for topic in (
        "rounding",
        "range",
        "number words",
        "years",
        "misspelt",
        "company carries",
        "attribute",
        "stake",
        "co-founder",
        "title",
        "projected",
        "attribution",
        "bullet",
        "heading",
    ):
        assert topic in names, topic
