"""End to end on hand-written stories (tests/e2e/): every conflict a fact-checker marks in
the gold file is found, and claimcheck reports no conflict the gold does not list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.load import ARTICLE_SUFFIXES
from claimcheck.models import FindingKind, Report, Verdict
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference
from claimcheck.vocab import fold_key, resolve_attribute

E2E = Path(__file__).parent / "e2e"
STORIES = sorted(p.parent for p in E2E.glob("*/gold.yaml"))

Key = tuple[str, int, str, str]


def _key(path: str, line: int, subject: str, attribute: str) -> Key:
    return (path, int(line), fold_key(subject), resolve_attribute(attribute) or attribute)


def _run(story: Path) -> tuple[Report, dict[str, Key]]:
    paths = tuple(str(p) for p in sorted(story.iterdir()) if p.suffix in ARTICLE_SUFFIXES)
    report = run(RunOptions(paths=paths, reference=load_reference(story / "claims.yaml")))
    where = {
        c.id: _key(Path(c.span.path).name, c.span.line, c.subject, c.attribute)
        for c in report.claims
    }
    return report, where


def _conflicts(report: Report, where: dict[str, Key], kind: FindingKind) -> list[set[Key]]:
    return [
        {where[c] for c in f.claims}
        for f in report.findings
        if f.kind is kind and f.verdict is Verdict.CONFLICT
    ]


def _pair(entry: dict[str, Any]) -> tuple[Key, Key]:
    a, b = (loc.rpartition(":") for loc in entry["between"])
    subject, attribute = entry["subject"], entry["attribute"]
    return _key(a[0], int(a[2]), subject, attribute), _key(b[0], int(b[2]), subject, attribute)


def test_there_are_two_stories_with_at_least_six_articles() -> None:
    articles = [p for s in STORIES for p in s.iterdir() if p.suffix in ARTICLE_SUFFIXES]
    assert len(STORIES) >= 2 and len(articles) >= 6


@pytest.mark.parametrize("story", STORIES, ids=[s.name for s in STORIES])
def test_reference_conflicts_match_the_gold(story: Path) -> None:
    gold = yaml.safe_load((story / "gold.yaml").read_text("utf-8"))
    report, where = _run(story)
    found = set().union(*_conflicts(report, where, FindingKind.REFERENCE))
    expected = {_key(g["path"], g["line"], g["subject"], g["attribute"]) for g in gold["conflicts"]}
    assert expected - found == set(), "gold conflicts claimcheck missed"
    assert found - expected == set(), "conflicts claimcheck reported that the gold does not list"


@pytest.mark.parametrize("story", STORIES, ids=[s.name for s in STORIES])
def test_cross_article_conflicts_match_the_gold(story: Path) -> None:
    gold = yaml.safe_load((story / "gold.yaml").read_text("utf-8"))
    report, where = _run(story)
    found = _conflicts(report, where, FindingKind.CROSS)
    pairs = [_pair(g) for g in gold.get("cross_conflicts") or [] if not g.get("known_gap")]
    missed = [p for p in pairs if not any(p[0] in f and p[1] in f for f in found)]
    assert missed == [], "gold cross-article conflicts claimcheck missed"
    every = [_pair(g) for g in gold.get("cross_conflicts") or []]
    extra = [f for f in found if not any(p[0] in f and p[1] in f for p in every)]
    assert extra == [], "cross-article conflicts the gold does not list"


@pytest.mark.parametrize("story", STORIES, ids=[s.name for s in STORIES])
def test_gold_agreements_are_never_conflicts(story: Path) -> None:
    gold = yaml.safe_load((story / "gold.yaml").read_text("utf-8"))
    report, where = _run(story)
    conflicting = set().union(*_conflicts(report, where, FindingKind.REFERENCE))
    calm = [*(gold.get("agree") or []), *(gold.get("minor") or [])]
    keys = {_key(g["path"], g["line"], g["subject"], g["attribute"]) for g in calm}
    assert keys & conflicting == set()
