"""The end-to-end acceptance on the seed articles, through the CLI as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SEED_000 = "seeds/000_ed20acbe75a251c5.txt"
SEED_002 = "seeds/002_95a51ffd794848ef.txt"


@pytest.fixture(scope="module")
def seeds_report() -> dict[str, Any]:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    args = ["seeds/", "--format", "json", "--no-baseline", "--no-cache"]  # no cache in the repo
    done = subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)


def _findings(
    report: dict[str, Any], **want: str
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    claims = {c["id"]: c for c in report["claims"]}
    out = []
    for finding in report["findings"]:
        if all(finding.get(k) == v for k, v in want.items()):
            out.append((finding, [claims[i] for i in finding["claims"]]))
    return out


def _one(report: dict[str, Any], path: str, **want: str) -> tuple[dict[str, Any], dict[str, Any]]:
    found = [
        (f, c[0]) for f, c in _findings(report, kind="reference", **want) if c[0]["path"] == path
    ]
    assert len(found) == 1, found
    return found[0]


def test_founded_2022_conflicts_with_2021_and_shows_the_note(seeds_report):
    finding, claim = _one(seeds_report, SEED_000, subject="Midjourney", attribute="founded")
    assert finding["verdict"] == "conflict"
    assert (claim["line"], claim["quote"]) == (7, "Founded in 2022")
    assert finding["reference"]["value"] == "2021"
    assert "February 2022" in finding["reference"]["note"]


def test_projected_2023_revenue_agrees(seeds_report):
    finding, claim = _one(seeds_report, SEED_000, subject="Midjourney", attribute="revenue")
    assert finding["verdict"] == "agree"
    assert (claim["line"], claim["period"], claim["modality"]) == (7, "2023", "projected")
    assert claim["value"]["amount"] == 200_000_000


def test_never_sought_external_funding_agrees(seeds_report):
    finding, claim = _one(
        seeds_report, SEED_000, subject="Midjourney", attribute="external_funding"
    )
    assert finding["verdict"] == "agree"
    assert "never sought external funding" in claim["quote"]


def test_up_to_20_seconds_is_minor_against_21(seeds_report):
    finding, claim = _one(seeds_report, SEED_002, subject="V1", attribute="max_length")
    assert finding["verdict"] == "minor"
    assert (claim["line"], claim["qualifier"]) == (2, "up to")


def test_acquiring_scale_ai_conflicts_with_the_49_percent_stake(seeds_report):
    finding, claim = _one(seeds_report, SEED_002, subject="Meta", attribute="stake")
    assert finding["verdict"] == "conflict"
    assert claim["object"] == "Scale AI" and claim["line"] == 3
    assert finding["reference"]["value"] == "49%"


def test_last_saturday_conflicts_with_the_friday_announcement(seeds_report):
    finding, claim = _one(
        seeds_report, SEED_002, subject="Meta–Midjourney partnership", attribute="announcement_date"
    )
    assert finding["verdict"] == "conflict"
    assert claim["line"] == 1 and "Saturday" in claim["quote"]


@pytest.mark.parametrize(
    ("subject", "attribute", "verdict"),
    [
        ("Meta–Midjourney partnership", "announced_on", "agree"),
        ("Meta", "video_tool", "agree"),
        ("Meta", "image_tool", "agree"),
        ("Meta", "research_lab", "minor"),
    ],
)
def test_seed_002_tools_platform_and_lab(seeds_report, subject, attribute, verdict):
    finding, _ = _one(seeds_report, SEED_002, subject=subject, attribute=attribute)
    assert finding["verdict"] == verdict


def test_chief_ai_officer_agrees_in_both_seeds_and_across_them(seeds_report):
    for path in (SEED_000, SEED_002):
        finding, claim = _one(seeds_report, path, subject="Meta", attribute="chief ai officer")
        assert finding["verdict"] == "agree" and claim["value"]["text"] == "Alexandr Wang"
    cross = _findings(seeds_report, kind="cross", subject="Meta", attribute="chief ai officer")
    assert cross and cross[0][0]["verdict"] == "agree"
    assert {c["path"] for c in cross[0][1]} == {SEED_000, SEED_002}


def test_the_two_seeds_do_not_contradict_each_other(seeds_report):
    cross = _findings(seeds_report, kind="cross")
    assert cross, "expected cross-article findings"
    assert all(f["verdict"] != "conflict" for f, _ in cross)


def test_terminal_report_points_at_file_line_col_and_quotes(run_cli, monkeypatch, root):
    monkeypatch.chdir(root)
    result = run_cli("seeds/", "--no-baseline")
    assert result.code == 1
    assert f"{SEED_000}:7:1" in result.out and '"Founded in 2022"' in result.out
    assert "\x1b[" not in result.out
    assert (
        result.out.index("Conflicts") < result.out.index("Minor") < result.out.index("Agreements")
    )


def test_check_subcommand_is_the_default(run_cli, monkeypatch, root):
    monkeypatch.chdir(root)
    assert (
        run_cli("check", "seeds/", "--format", "json").out
        == run_cli("seeds/", "--format", "json").out
    )
    assert (
        run_cli("seeds/", "--no-baseline").code == run_cli("check", "seeds/", "--no-baseline").code
    )


def test_fail_on_moves_the_bar(run_cli, monkeypatch, root):
    monkeypatch.chdir(root)
    assert run_cli("seeds/", "--no-baseline", "--fail-on", "never").code == 0
    assert run_cli("seeds/", "--no-baseline", "--fail-on", "minor").code == 1
