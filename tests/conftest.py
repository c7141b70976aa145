"""Shared fixtures: the repository root and a helper that runs the CLI like a user."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.engine import cache

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    """What a CLI run printed and how it exited."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's default cache folder, for in-process runs: in the test's tmp folder, so
    no test leaves a ``.claimcheck-cache`` in the repository."""
    folder = tmp_path / ".claimcheck-cache"
    monkeypatch.setattr(cache, "DEFAULT_DIR", folder)
    return folder


@pytest.fixture
def root() -> Path:
    """The repository root (seeds/, claims.yaml)."""
    return ROOT


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``claimcheck ARGS`` in-process and return its exit code and output."""

    def run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
        else:  # pragma: no cover - main always exits
            code = 0
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
