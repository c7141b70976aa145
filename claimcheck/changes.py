"""Which files changed since a git ref: the focus of ``claimcheck check --changed-since REF``.

A file counts as changed when it was added or modified since the point where the current
branch left REF (``git merge-base REF HEAD``), committed or not, or when it is untracked
and not ignored. In a pull request checked out by CI, ``--changed-since origin/main``
therefore sees the pull request's own files only. Git runs as a subprocess without a
shell and with a timeout; every failure is a one-line :class:`UsageError`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from claimcheck.errors import UsageError

GIT_TIMEOUT = 30
"""Seconds one git command may take before the run gives up."""

OPTION = "--changed-since"


def changed_files(ref: str, cwd: Path | None = None) -> tuple[str, ...]:
    """Files added, modified or untracked since ``ref``, as paths relative to ``cwd``.

    Raises UsageError outside a git repository, for an unknown ref, or when git fails.
    """
    here = Path(cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], here, _not_a_repo(here)).strip())
    base = _merge_base(ref, top)
    listed = _git(["diff", "--name-only", "-z", "--diff-filter=ACMRT", base, "--"], top)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], top)
    names = sorted({name for name in (listed + untracked).split("\0") if name})
    return tuple(Path(os.path.relpath(top / name, here)).as_posix() for name in names)


def _merge_base(ref: str, top: Path) -> str:
    """The commit where HEAD left ``ref`` (``ref`` itself when HEAD is on it)."""
    unknown = f"{OPTION} {ref}: unknown git revision (fetch it first, or check the name)"
    commit = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], top, unknown
    ).strip()
    return _git(
        ["merge-base", commit, "HEAD"], top, f"{OPTION} {ref}: no common history with HEAD"
    ).strip()


def _not_a_repo(folder: Path) -> str:
    return f"{folder}: not inside a git repository ({OPTION} needs one)"


def _git(args: list[str], cwd: Path, failure: str = "") -> str:
    """Run ``git ARGS`` in ``cwd`` and return its output; any failure is a UsageError."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT,
            check=False,
            encoding="utf-8",
            errors="surrogateescape",
        )
    except FileNotFoundError:
        raise UsageError(OPTION, "git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise UsageError(OPTION, f"git {args[0]} took longer than {GIT_TIMEOUT} s") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise _error(failure or f"git {args[0]} failed: {detail[0]}")
    return done.stdout


def _error(text: str) -> UsageError:
    """A UsageError from ``WHERE: message`` text (UsageError prints ``WHERE: message``)."""
    where, _, message = text.partition(": ")
    return UsageError(where, message)
