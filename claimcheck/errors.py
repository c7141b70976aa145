"""One exception tree; every user-facing error names its file and, where known, line."""

from __future__ import annotations


class ClaimcheckError(Exception):
    """Base of every error claimcheck reports to the user."""

    def __init__(self, path: str, message: str, line: int = 0) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ReferenceFileError(ClaimcheckError):
    """The reference file (claims.yaml) is unreadable or invalid."""


class ArticleError(ClaimcheckError):
    """An article cannot be read; it is reported and skipped."""


class UsageError(ClaimcheckError):
    """The command line asks for something impossible (no articles, bad git ref)."""
