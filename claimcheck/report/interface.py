"""The one interface every output format implements, and the enum that names the formats.

A reporter turns a finished :class:`~claimcheck.models.Report` into text; it never
recomputes a verdict, it only chooses what to show and how.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from claimcheck.models import Report

SCHEMA_VERSION = "1.0"
"""Version of the JSON report schema (docs/report-schema.md); bumped on any change."""

TOOL_NAME = "claimcheck"


class Format(StrEnum):
    """An output format the CLI can be asked for (``--format``)."""

    TERMINAL = "terminal"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    HTML = "html"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    CLAIMREVIEW = "claimreview"


@dataclass(frozen=True)
class RenderOptions:
    """Presentation choices; they change what a person reads, never the data formats.

    ``show_agreements`` and ``show_unverified`` apply to the formats people read
    (terminal, markdown, html); the machine formats always carry every finding.
    """

    color: bool = False
    """Use colours and styles (terminal only)."""
    width: int = 100
    """Line width to wrap at (terminal only)."""
    show_agreements: bool = True
    """List findings whose claims agree."""
    show_unverified: bool = True
    """List claims nothing could confirm or contradict."""
    processes: int = 1
    """Processes that may share writing a large report (the JSON report's findings, on
    Linux); the text is the same whatever the number."""


class Reporter(ABC):
    """Turns a Report into the text of one output format."""

    @abstractmethod
    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole output for ``report`` as one string (newline-terminated)."""
        raise NotImplementedError

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The output in pieces that join to ``render``'s text, for writing it out without
        holding it all; formats whose size grows with the corpus yield record by record."""
        yield self.render(report, options)
