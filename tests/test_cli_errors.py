"""Bad input through the CLI: one clear line naming the file, a non-zero exit, nothing lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

GOOD = "Acme Robotics was founded in 2019 in Boston.\n"
HEAD = "version: 1\nclaims:\n  - subject: Acme\n    attribute: founded\n"


def _articles(tmp_path: Path, **files: str | bytes) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def test_broken_yaml_stops_the_run_with_file_and_line(run_cli, tmp_path):
    claims = tmp_path / "claims.yaml"
    claims.write_text("version: 1\nclaims:\n  - subject: Acme\n    attribute: [founded\n", "utf-8")
    result = run_cli(str(_articles(tmp_path, **{"a.txt": GOOD})), "--claims", str(claims))
    assert result.code == 2
    assert result.err.startswith(f"claimcheck: {claims}:")
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        (HEAD + "    valu: '2019'\n", 5, "valu"),
        (HEAD + "    value: soon\n", 5, "soon"),
        (
            "version: 1\nclaims:\n  - {id: a, subject: Acme, attribute: founded, value: '2019'}\n"
            "  - {id: a, subject: Acme, attribute: revenue, value: $5 million}\n",
            4,
            "duplicate",
        ),
    ],
)
def test_invalid_reference_names_the_line(run_cli, tmp_path, body, line, words):
    claims = tmp_path / "claims.yaml"
    claims.write_text(body, "utf-8")
    result = run_cli(str(_articles(tmp_path, **{"a.txt": GOOD})), "--claims", str(claims))
    assert result.code == 2
    assert f"{claims}:{line}:" in result.err and words in result.err


def test_empty_article_is_reported_and_skipped_the_rest_is_checked(run_cli, tmp_path):
    folder = _articles(tmp_path, **{"a.txt": GOOD, "b.txt": "  \n"})
    result = run_cli(str(folder), "--no-claims", "--format", "json")
    assert result.code == 2
    assert "b.txt" in result.err and "empty" in result.err
    report = json.loads(result.out)
    assert [a["path"] for a in report["articles"]] == [f"{folder}/a.txt"]
    assert report["claims"], "the readable article is still checked"


def test_undecodable_article_is_decoded_with_a_warning(run_cli, tmp_path):
    folder = _articles(tmp_path, **{"a.txt": b"Acme was founded in 2019 \x93by Jane Roe\x94.\n"})
    result = run_cli(str(folder), "--no-claims", "--format", "json")
    assert "a.txt" in result.err and "UTF-8" in result.err
    assert result.code == 0
    report = json.loads(result.out)
    assert report["claims"][0]["value"]["text"] == "2019"


def test_binary_article_is_an_error_but_not_a_crash(run_cli, tmp_path):
    folder = _articles(tmp_path, **{"a.txt": GOOD, "b.txt": b"\x00\x01\x02binary"})
    result = run_cli(str(folder), "--no-claims")
    assert result.code == 2 and "b.txt" in result.err
    assert "Traceback" not in result.err


def test_no_article_found_is_a_usage_error(run_cli, tmp_path):
    folder = _articles(tmp_path, **{"notes.csv": "a,b\n"})
    result = run_cli(str(folder), "--no-claims")
    assert result.code == 2 and "no article found" in result.err


def test_missing_path_is_a_usage_error(run_cli, tmp_path):
    result = run_cli(str(tmp_path / "nope"), "--no-claims")
    assert result.code == 2 and "nope" in result.err


def test_without_a_reference_it_cross_checks_and_says_so(run_cli, tmp_path, monkeypatch):
    folder = _articles(
        tmp_path,
        **{"a.txt": GOOD, "b.txt": "Acme Robotics was founded in 2017, its staff say.\n"},
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli(str(folder))
    assert result.code == 1
    assert "no reference" in result.out.lower()
    assert "a.txt:1:" in result.out and "b.txt:1:" in result.out


def test_output_file_is_written_and_stdout_stays_empty(run_cli, tmp_path, root, monkeypatch):
    monkeypatch.chdir(root)
    out = tmp_path / "report.json"
    result = run_cli("seeds/", "--format", "json", "-o", str(out))
    assert result.out == ""
    assert json.loads(out.read_text("utf-8"))["summary"]["articles"] == 2


def test_validate_reports_ok_and_problems(run_cli, tmp_path, root):
    assert run_cli("validate", str(root / "claims.yaml")).code == 0
    bad = tmp_path / "claims.yaml"
    shutil.copy(root / "claims.yaml", bad)
    bad.write_text(bad.read_text("utf-8") + "  - {subject: Meta, attribute: colour, value: blue}\n")
    result = run_cli("validate", str(bad))
    assert result.code == 2 and "colour" in result.err


def test_extract_lists_claims_as_table_and_json(run_cli, root, monkeypatch):
    monkeypatch.chdir(root)
    table = run_cli("extract", "seeds/")
    assert table.code == 0 and "Founded in 2022" in table.out
    data = json.loads(run_cli("extract", "seeds/", "--format", "json").out)
    assert data["findings"] == [] and len(data["claims"]) >= 10


@pytest.mark.parametrize("command", [[], ["check"], ["extract"], ["validate"]])
def test_help_for_every_command(run_cli, command):
    result = run_cli(*command, "--help")
    assert result.code == 0 and "Usage:" in result.out
