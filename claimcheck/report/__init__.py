"""Output formats: one module per format, each a :class:`Reporter` named by a :class:`Format`.

``reporter_for(Format.JSON).render(report, RenderOptions())`` gives the text, and
``pieces`` the same text piece by piece; write either with :func:`write_atomic` so a
failed run never leaves a half-written report behind.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimcheck.report.claimreview import ClaimReviewReporter
from claimcheck.report.csv import CsvReporter
from claimcheck.report.github import GithubReporter
from claimcheck.report.html import HtmlReporter
from claimcheck.report.interface import SCHEMA_VERSION, Format, RenderOptions, Reporter
from claimcheck.report.json import JsonReporter
from claimcheck.report.junit import JunitReporter
from claimcheck.report.markdown import MarkdownReporter
from claimcheck.report.sarif import SarifReporter
from claimcheck.report.terminal import TerminalReporter

__all__ = [
    "REPORTERS",
    "SCHEMA_VERSION",
    "Format",
    "RenderOptions",
    "Reporter",
    "blocks",
    "reporter_for",
    "write_atomic",
]

REPORTERS: dict[Format, type[Reporter]] = {
    Format.TERMINAL: TerminalReporter,
    Format.JSON: JsonReporter,
    Format.MARKDOWN: MarkdownReporter,
    Format.CSV: CsvReporter,
    Format.HTML: HtmlReporter,
    Format.SARIF: SarifReporter,
    Format.JUNIT: JunitReporter,
    Format.GITHUB: GithubReporter,
    Format.CLAIMREVIEW: ClaimReviewReporter,
}
"""The reporter class for every format; a test checks no Format is missing."""

BLOCK_SIZE = 1 << 20
"""Characters per block when a report is written out piece by piece."""


def reporter_for(fmt: Format) -> Reporter:
    """A reporter instance for ``fmt``."""
    return REPORTERS[Format(fmt)]()


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` (UTF-8; a string or the pieces of one) to ``path`` all at once: a
    temporary file, then a rename.

    The temporary file sits in the same folder so ``os.replace`` is atomic; on any
    error (writing, or producing the pieces) it is removed and an existing ``path`` is left
    as it was.
    """
    path = Path(path)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def blocks(pieces: Iterable[str], size: int = BLOCK_SIZE) -> Iterator[str]:
    """The pieces joined into blocks of about ``size`` characters, for writers that pay
    for every call (``click.echo`` flushes each time)."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual rw-r--r--."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o644
