"""The README documents every command and every option the CLI has (compared with --help)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
import yaml

from claimcheck.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")


def _commands() -> dict[str, click.Command]:
    group = cli
    assert isinstance(group, click.Group)
    return dict(group.commands)


def _long_options(command: click.Command) -> list[str]:
    names = []
    for param in command.params:
        if isinstance(param, click.Option):
            names += [n for n in (*param.opts, *param.secondary_opts) if n.startswith("--")]
    return names


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_has_a_section(name):
    assert re.search(rf"^### `claimcheck {name}\b", README, re.MULTILINE), name


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, option)
        for name, command in sorted(_commands().items())
        for option in _long_options(command)
    ]
    + [("(group)", option) for option in _long_options(cli)],
)
def test_every_option_is_documented(name, option):
    assert re.search(rf"`[^`]*{re.escape(option)}\b", README), f"{name}: {option}"


def test_every_option_in_help_is_in_the_readme(run_cli):
    for name in _commands():
        help_text = run_cli(name, "--help").out
        for option in set(re.findall(r"(--[a-z][a-z-]+)", help_text)) - {"--help"}:
            assert option in README, f"{name} --help shows {option}"


def _workflow() -> dict:
    section = README[README.index("### GitHub Actions") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert block, "the GitHub Actions section has a workflow"
    return yaml.safe_load(block.group(1))


def test_the_workflow_checks_changed_articles_and_uploads_sarif():
    steps = _workflow()["jobs"]["claimcheck"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    run = " ".join(s.get("run", "") for s in steps)
    assert "--changed-since origin/${{ github.base_ref }}" in run
    sarif = re.search(r"--export sarif:(\S+)", run)
    assert sarif
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif")
    assert upload["with"]["sarif_file"] == sarif.group(1)


def test_the_readme_names_the_sections_a_ci_user_needs():
    for heading in ("## Use in CI", "### pre-commit", "## Baseline", "## Exit codes"):
        assert f"\n{heading}" in README, heading
