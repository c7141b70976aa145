"""A progress bar on stderr for runs longer than a moment (rich, drawn by the CLI).

It appears only on a terminal, and only when there are more than ``SHOW_FILES`` files or
extraction has already taken ``SHOW_SECONDS``, so checking a couple of articles prints
nothing. It is redrawn from the main thread as files finish (no refresh thread, so the
process can fork its workers safely) and removed when extraction is over. In a run that
showed it, the comparing that follows (seconds to minutes on a large corpus) shows a
spinner and its elapsed time instead; that line is redrawn by rich's refresh thread, as
no file finishes to redraw it, and it too is gone before the report is written.
"""

from __future__ import annotations

import time
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

SHOW_FILES = 50
"""More files than this: the bar shows from the start."""
SHOW_SECONDS = 1.0
"""Otherwise it shows once extraction has taken this long."""
REDRAW_SECONDS = 0.1
STAGE_REFRESHES = 4
"""Redraws per second of a step's spinner line."""


class ProgressBar:
    """Counts extracted and cached files; draws a bar when the run is long enough."""

    def __init__(self, stream: TextIO, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.total = 0
        self.done = 0.0
        """Files done: a large feed read in parts adds a share of one per part."""
        self.cached = 0
        self._began = 0.0
        self._drawn = 0.0
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._was_shown = False
        """The bar was drawn in this run: it is long enough to show its later steps too."""

    def start(self, total: int) -> None:
        """Extraction of ``total`` files begins."""
        self.total, self.done, self.cached = total, 0.0, 0
        self._began = time.monotonic()
        if total > SHOW_FILES:
            self._show()

    def advance(self, files: float, cached: bool = False) -> None:
        """``files`` more files are done (``cached``: taken from the cache, whole files)."""
        self.done += files
        if cached:
            self.cached += int(files)
        now = time.monotonic()
        if self._bar is None and now - self._began >= SHOW_SECONDS:
            self._show()
        if self._bar is not None and (now - self._drawn >= REDRAW_SECONDS or self._complete()):
            self._draw(now)

    def stage(self, what: str) -> None:
        """A step with no count begins: in a run that showed the bar, a line with a spinner,
        ``what`` and the time taken, until ``finish``."""
        self.finish()
        if not self.enabled or not self._was_shown:
            return
        self._bar = Progress(
            TextColumn("claimcheck: {task.description}"),
            SpinnerColumn(),
            TimeElapsedColumn(),
            console=Console(file=self.stream, stderr=True),
            transient=True,
            refresh_per_second=STAGE_REFRESHES,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._bar.add_task(what, total=None)
        self._bar.start()

    def finish(self) -> None:
        """Extraction, or the step, is over: take the bar away."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @property
    def shown(self) -> bool:
        """True while the bar is on screen."""
        return self._bar is not None

    def _complete(self) -> bool:
        return self._files() >= self.total

    def _files(self) -> float:
        """Files done, without the rounding error of adding up the shares of feed parts."""
        return round(self.done, 6)

    def _show(self) -> None:
        if not self.enabled or self._bar is not None:
            return
        console = Console(file=self.stream, stderr=True)
        self._bar = Progress(
            TextColumn("claimcheck: reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files{task.fields[note]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self._task = self._bar.add_task("reading", total=self.total, note="")
        self._bar.start()
        self._was_shown = True
        self._draw(time.monotonic())

    def _draw(self, now: float) -> None:
        if self._bar is None or self._task is None:
            return
        note = f" ({self.cached} cached)" if self.cached else ""
        self._bar.update(self._task, completed=self._files(), note=note)
        self._bar.refresh()
        self._drawn = now
