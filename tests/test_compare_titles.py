"""Conflicts of title: one person, two titles that cannot both hold."""

from __future__ import annotations

from pathlib import Path

from claimcheck.models import FindingKind, Verdict
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference

REFERENCE = """version: 1
claims:
  - {subject: Scale AI, attribute: interim CEO, value: Jason Droege}
"""


def _articles(tmp_path: Path, **texts: str) -> tuple[str, ...]:
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
    return tuple(str(tmp_path / name) for name in texts)


def test_ceo_and_interim_ceo_for_one_person_conflict_across_articles(tmp_path):
    paths = _articles(
        tmp_path,
        **{
            "a.txt": "Scale AI CEO Jason Droege sent a memo to staff.\n",
            "b.txt": "Jason Droege, Scale AI's interim CEO, declined to comment.\n",
        },
    )
    report = run(RunOptions(paths=paths))
    titles = [f for f in report.findings if f.kind is FindingKind.CROSS and f.object]
    assert [f.verdict for f in titles] == [Verdict.CONFLICT]
    assert "interim CEO" in titles[0].message and "Jason Droege" in titles[0].message


def test_a_title_the_record_gives_as_interim_is_a_conflict(tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_text(REFERENCE, "utf-8")
    paths = _articles(tmp_path, **{"a.txt": "Scale AI CEO Jason Droege sent a memo.\n"})
    report = run(RunOptions(paths=paths, reference=load_reference(claims)))
    found = [f for f in report.findings if f.kind is FindingKind.REFERENCE]
    assert [(f.verdict, f.attribute) for f in found] == [(Verdict.CONFLICT, "ceo")]
    assert found[0].reference is not None and found[0].reference.attribute == "interim ceo"


def test_founder_and_ceo_can_both_be_right(tmp_path):
    paths = _articles(
        tmp_path,
        **{
            "a.txt": "Midjourney founder David Holz spoke first.\n",
            "b.txt": "Midjourney CEO David Holz spoke first.\n",
        },
    )
    report = run(RunOptions(paths=paths))
    assert not [f for f in report.findings if f.verdict is Verdict.CONFLICT]
