"""claimcheck as a CI check: a real git repository, the seeds, a committed baseline.

The acceptance: adding an article that contradicts the record fails the CI command with a
``github`` annotation at the article's line; adding one that agrees passes; the seeds'
accepted discrepancies never fail it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from claimcheck.cli import spread_greedy

ROOT = Path(__file__).resolve().parent.parent
NEW = "seeds/010_reuters.txt"
CI_COMMAND = ["seeds/", "--changed-since", "HEAD", "--format", "github"]
CONTRADICTS = (
    "Midjourney expands its studio\n"
    "The San Francisco company employs a small team of researchers.\n"
    "Midjourney was founded in 2020.\n"
    "Its image model is popular with designers.\n"
)
AGREES = (
    "Midjourney expands its studio\n"
    "The San Francisco company employs a small team of researchers.\n"
    "Midjourney was founded in 2021 by David Holz.\n"
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=30)


def claimcheck(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m claimcheck ARGS`` in ``cwd`` as CI would: a real process and git."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the seeds, claims.yaml and a committed baseline of the seeds."""
    repo = tmp_path / "news"
    repo.mkdir()
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    shutil.copy(ROOT / "claims.yaml", repo / "claims.yaml")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.org")
    _git(repo, "config", "user.name", "CI")
    _git(repo, "config", "commit.gpgsign", "false")
    written = claimcheck(repo, "seeds/", "--write-baseline")
    assert written.returncode == 0, written.stderr
    _git(repo, "add", "seeds", "claims.yaml", ".claimcheck-baseline.yaml")
    _git(repo, "commit", "-q", "-m", "seeds and their baseline")
    return repo


def _line_of(text: str, words: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if words in line)


def _annotations(out: str) -> list[dict[str, str]]:
    found = []
    for match in re.finditer(r"^::(error|warning) ([^:]*)::", out, re.MULTILINE):
        props = dict(part.split("=", 1) for part in match.group(2).split(","))
        found.append({"level": match.group(1), **props})
    return found


def test_a_new_article_contradicting_the_record_fails_at_its_line(repo):
    (repo / NEW).write_text(CONTRADICTS, "utf-8")
    done = claimcheck(repo, *CI_COMMAND)
    assert done.returncode == 1, done.stderr
    line = str(_line_of(CONTRADICTS, "founded in 2020"))
    errors = [a for a in _annotations(done.stdout) if a["level"] == "error"]
    assert {"file": NEW, "line": line} in [{k: a[k] for k in ("file", "line")} for a in errors]
    assert "2020" in done.stdout and "the record says 2021" in done.stdout


def test_a_new_article_agreeing_with_the_record_passes(repo):
    (repo / NEW).write_text(AGREES, "utf-8")
    done = claimcheck(repo, *CI_COMMAND)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _annotations(done.stdout) == []
    whole = claimcheck(repo, "seeds/", "--format", "json")
    assert whole.returncode == 0, "the seeds' accepted 2022 is no new discrepancy"
    cross = [f for f in json.loads(whole.stdout)["findings"] if f["kind"] == "cross"]
    assert any(
        f["suppressed"].startswith("settled by the reference") for f in cross if f["suppressed"]
    )


def test_the_seeds_accepted_discrepancies_never_fail_it(repo):
    (repo / NEW).write_text(CONTRADICTS, "utf-8")
    annotated = {a["file"] for a in _annotations(claimcheck(repo, *CI_COMMAND).stdout)}
    assert "seeds/002_95a51ffd794848ef.txt" not in annotated
    assert claimcheck(repo, *CI_COMMAND).returncode == 1
    assert claimcheck(repo, "seeds/").returncode == 1, "the new conflict is not in the baseline"
    unchanged = claimcheck(repo, "seeds/", "--changed-since", "HEAD", "--no-baseline")
    (repo / NEW).unlink()
    assert claimcheck(repo, "seeds/", "--changed-since", "HEAD", "--no-baseline").returncode == 0
    assert unchanged.returncode == 1


def test_committed_changes_count_since_an_older_ref(repo):
    (repo / NEW).write_text(CONTRADICTS, "utf-8")
    _git(repo, "add", NEW)
    _git(repo, "commit", "-q", "-m", "a new article")
    assert claimcheck(repo, *CI_COMMAND).returncode == 0, "nothing changed since HEAD"
    assert claimcheck(repo, "seeds/", "--changed-since", "HEAD~1").returncode == 1


def test_paths_are_relative_to_the_folder_claimcheck_runs_in(repo):
    (repo / NEW).write_text(CONTRADICTS, "utf-8")
    done = claimcheck(repo / "seeds", ".", "--changed-since", "HEAD", "--format", "github",
                      "--no-baseline", "--no-claims")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert {a["file"] for a in _annotations(done.stdout)} >= {"010_reuters.txt"}


def test_an_unknown_ref_is_a_one_line_error(repo):
    done = claimcheck(repo, "seeds/", "--changed-since", "no-such-branch")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "claimcheck: --changed-since no-such-branch: unknown git revision"
        " (fetch it first, or check the name)"
    ]


def test_outside_a_git_repository_is_a_one_line_error(run_cli, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = run_cli("seeds/", "--changed-since", "HEAD", "--no-claims")
    assert result.code == 2 and "not inside a git repository" in result.err
    assert len(result.err.splitlines()) == 1


# --- --only and the pre-commit hook ------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeds with their committed baseline, as the cwd (no git needed)."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copy(ROOT / "claims.yaml", tmp_path / "claims.yaml")
    shutil.copy(ROOT / ".ci" / "seeds-baseline.yaml", tmp_path / ".claimcheck-baseline.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_only_counts_the_named_articles(run_cli, corpus):
    (corpus / NEW).write_text(CONTRADICTS, "utf-8")
    seed = "seeds/002_95a51ffd794848ef.txt"
    assert run_cli("seeds/", "--no-baseline", "--only", seed).code == 1
    result = run_cli("seeds/", "--no-baseline", "--only", "seeds/000_ed20acbe75a251c5.txt")
    assert result.code == 1 and "2022" in result.out and "acquiring Scale AI" not in result.out
    assert run_cli("seeds/", "--only", seed).code == 0
    outside = run_cli("seeds/", "--only", seed, "--only", NEW)
    assert outside.code == 1 and "outside the focus not listed" in outside.out


def test_only_takes_every_path_up_to_the_next_option():
    args = ["--only", "a.txt", "b.txt", "--fail-on", "minor", "c/", "--only", "d.md", "--", "-e"]
    assert spread_greedy(args, ["--only"]) == [
        "--only", "a.txt", "--only", "b.txt", "--fail-on", "minor", "c/",
        "--only", "d.md", "--", "-e",
    ]  # fmt: skip


def _hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert isinstance(hooks, list)
    return next(h for h in hooks if h["id"] == "claimcheck")


def test_the_pre_commit_hook_is_declared_for_article_files():
    hook = _hook()
    assert (hook["language"], hook["entry"], hook["pass_filenames"]) == (
        "python", "claimcheck check --only", True
    )  # fmt: skip
    pattern = re.compile(hook["files"])
    for name in ("a.txt", "b.md", "c.markdown", "d.html", "e.HTM", "f.jsonl"):
        assert pattern.search(f"seeds/{name}"), name
    assert not pattern.search("claims.yaml") and not pattern.search("tool.py")


@pytest.mark.parametrize(("text", "code"), [(CONTRADICTS, 1), (AGREES, 0)])
def test_the_pre_commit_entry_checks_a_changed_file(run_cli, corpus, text, code):
    (corpus / NEW).write_text(text, "utf-8")
    program, *args = shlex.split(_hook()["entry"])
    assert program == "claimcheck"
    result = run_cli(*args, NEW, "seeds/000_ed20acbe75a251c5.txt")
    assert result.code == code, result.out + result.err
    assert "3 articles" in result.out, "the file is compared with the rest of its folder"


def test_ci_run_checks_the_seeds_with_the_committed_baseline(run_cli, root, monkeypatch):
    script = (root / ".ci" / "run").read_text("utf-8")
    assert "set -euo pipefail" in script and "python -m pytest" in script
    assert re.search(r"^claimcheck seeds/ .*--baseline \.ci/seeds-baseline\.yaml", script, re.M)
    monkeypatch.chdir(root)
    result = run_cli("seeds/", "--baseline", ".ci/seeds-baseline.yaml", "--format", "json")
    assert result.code == 0, result.out
    entries = yaml.safe_load((root / ".ci" / "seeds-baseline.yaml").read_text("utf-8"))["findings"]
    assert entries and all(entry["reason"] for entry in entries)
    assert '"stale_baseline": []' in result.out
