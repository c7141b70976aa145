"""The local engine: ``extract_file`` over many files, in this process or a process pool.

``--jobs 1`` runs every file here, one after the other, and never starts a pool. More
jobs hand chunks of files to worker processes (``concurrent.futures``), and a large feed
in parts of whole lines (``load.feed_parts``), put back together as one file; each worker
gets the gazetteer once, when it starts, and the results are put back in file order, so
the report is the same whatever the number of jobs. Without ``--jobs`` (or ``--jobs 0``) the
number is chosen from the input: one process for small inputs, where a pool's start-up
would cost more than it saves, every available core for large ones.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from claimcheck.engine import (
    ExtractedFile,
    ExtractedPart,
    extract_feed_part,
    extract_file,
    merge_parts,
)
from claimcheck.engine.compact import compact
from claimcheck.errors import UsageError
from claimcheck.extract import Gazetteer
from claimcheck.forking import can_fork
from claimcheck.load import FeedPart, feed_parts

Task = tuple[Path, str]
"""One file to read: its path and its display name (the path as the user wrote it)."""

Done = Callable[[float], None]
"""Told how many more files are finished, as they finish: a large feed read in parts counts
a share of one as each part is read, so that a day's feed in one file still shows progress."""

POOL_MIN_FILES = 200
"""Below this many files (and ``POOL_MIN_BYTES``), auto mode extracts in this process."""
POOL_MIN_BYTES = 4_000_000
CHUNK_MAX = 32
"""At most this many files per task: small enough to balance the workers and show progress."""
CHUNKS_PER_WORKER = 4
FEED_PART_BYTES = 1 << 20
"""A feed (JSON Lines) larger than this is read by the pool (or the Dask workers) in parts
of about this size, so that the processes share even a single large feed."""


def available_cores() -> int:
    """The cores this process may run on."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def auto_jobs(tasks: Sequence[Task]) -> int:
    """Processes for ``tasks`` when ``--jobs`` is not given: one for a small input."""
    if len(tasks) >= POOL_MIN_FILES:
        return available_cores()
    size = 0
    for path, _ in tasks:
        try:
            size += path.stat().st_size
        except OSError:
            continue
        if size >= POOL_MIN_BYTES:
            return available_cores()
    return 1


def resolve_jobs(jobs: int | None, tasks: Sequence[Task]) -> int:
    """The number of processes to use: ``jobs``, or the automatic choice for None or 0."""
    if jobs is not None and jobs < 0:
        raise UsageError("--jobs", f"must be 0 (automatic) or more, not {jobs}")
    wanted = jobs or auto_jobs(tasks)
    return max(1, min(wanted, _units(tasks, wanted)))


def _units(tasks: Sequence[Task], enough: int) -> int:
    """Pieces of work in ``tasks`` (at least ``enough`` is all the caller needs to know): a
    file each, a large feed one per part of it."""
    units = 0
    for path, _ in tasks:
        units += 1
        if units >= enough:
            break
        if path.suffix.lower() == ".jsonl":
            with contextlib.suppress(OSError):
                units += path.stat().st_size // FEED_PART_BYTES
    return units


def extract_files(
    tasks: Sequence[Task], gazetteer: Gazetteer, jobs: int | None = 1, done: Done | None = None
) -> list[ExtractedFile]:
    """``extract_file`` for every task, in task order, with ``jobs`` processes."""
    workers = resolve_jobs(jobs, tasks)
    if workers <= 1:
        return _serial(tasks, gazetteer, done)
    return _pooled(tasks, gazetteer, workers, done)


def _serial(tasks: Sequence[Task], gazetteer: Gazetteer, done: Done | None) -> list[ExtractedFile]:
    """Every task here, in order; a large feed part by part, as the pool reads it, so that
    progress moves through it."""
    cuts = [cut_feed(path) for path, _ in tasks]
    results = Results(tasks, cuts)
    for index, ((path, display), cut) in enumerate(zip(tasks, cuts, strict=True)):
        if not cut:
            results.file(index, extract_file(path, display, gazetteer))
            if done is not None:
                done(1)
        for number, part in enumerate(cut or ()):
            share = results.part(index, number, extract_feed_part(path, display, part, gazetteer))
            if done is not None:
                done(share)
    return results.in_order()


def part_share(parts: int, read: int) -> float:
    """What the ``read``-th part of a feed read in ``parts`` counts for in progress: the last
    counts what the others left, so that the file's parts add up to one."""
    return 1 / parts if read < parts else 1 - (parts - 1) / parts


def chunks(count: int, workers: int) -> list[range]:
    """Consecutive index ranges covering ``count`` files, a few per worker."""
    size = max(1, min(CHUNK_MAX, -(-count // (workers * CHUNKS_PER_WORKER))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


def _pooled(
    tasks: Sequence[Task], gazetteer: Gazetteer, workers: int, done: Done | None
) -> list[ExtractedFile]:
    cuts = [cut_feed(path) for path, _ in tasks]
    results = Results(tasks, cuts)
    whole = [i for i, cut in enumerate(cuts) if not cut]
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_start_method(),
        initializer=_adopt,
        initargs=(gazetteer,),
    )
    finished_cleanly = False
    files: dict[Future[Any], list[int]] = {}
    parts: dict[Future[Any], tuple[int, int]] = {}
    try:
        for index, cut in enumerate(cuts):  # the largest work first
            for number, part in enumerate(cut or ()):
                parts[pool.submit(_extract_part, tasks[index], part)] = (index, number)
        for chunk in chunks(len(whole), workers):
            indices = [whole[k] for k in chunk]
            files[pool.submit(_extract_chunk, [tasks[i] for i in indices])] = indices
        while files or parts:
            finished, _ = wait([*files, *parts], return_when=FIRST_COMPLETED)
            for future in finished:
                if future in files:
                    indices = files.pop(future)
                    for index, result in zip(indices, future.result(), strict=True):
                        results.file(index, result)
                    if done is not None:
                        done(len(indices))
                    continue
                share = results.part(*parts.pop(future), future.result())
                if done is not None:
                    done(share)
        finished_cleanly = True
    except BrokenProcessPool:
        raise UsageError(
            "--jobs", f"a worker process died (out of memory?); try fewer than {workers} jobs"
        ) from None
    finally:
        if not finished_cleanly:  # an error or Ctrl-C: drop the chunks not started yet
            for future in [*files, *parts]:
                future.cancel()
        pool.shutdown(wait=finished_cleanly, cancel_futures=not finished_cleanly)
    return results.in_order()


class Results:
    """Extracted files put back in file order as they come back, in any order (from this
    process, worker processes or Dask); a feed read in parts is merged as its last part
    comes back."""

    def __init__(self, tasks: Sequence[Task], cuts: Sequence[list[FeedPart] | None]) -> None:
        self._displays = [display for _, display in tasks]
        self._files: list[ExtractedFile | None] = [None] * len(tasks)
        self._parts: dict[int, list[ExtractedPart | None]] = {
            i: [None] * len(cut) for i, cut in enumerate(cuts) if cut
        }

    def file(self, index: int, extracted: ExtractedFile) -> None:
        """Place the file ``index`` (compacted: it is kept until the run's end)."""
        self._files[index] = compact(extracted)

    def part(self, index: int, number: int, extracted: ExtractedPart) -> float:
        """Place part ``number`` of the feed ``index``, merging the feed once every part is
        in; returns the part's share of one file, for progress."""
        got = self._parts[index]
        got[number] = extracted
        read = sum(1 for piece in got if piece is not None)
        if read == len(got):
            self.file(index, merge_parts(self._displays[index], [p for p in got if p is not None]))
            del self._parts[index]
        return part_share(len(got), read)

    def in_order(self) -> list[ExtractedFile]:
        """Every file's result, in file order."""
        missing = sum(1 for result in self._files if result is None)
        if missing:  # pragma: no cover - every engine places each result
            raise RuntimeError(f"{missing} files came back from no worker")
        return [result for result in self._files if result is not None]


def cut_feed(path: Path) -> list[FeedPart] | None:
    """The parts the pool (or Dask) reads a large feed in, or None to read the file whole."""
    return feed_parts(path, FEED_PART_BYTES)


def _start_method() -> multiprocessing.context.BaseContext:
    """Fork on Linux when this process has no other thread (fast: workers share the loaded
    tables); otherwise the platform's safe default."""
    if can_fork():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


_GAZETTEER: Gazetteer | None = None
"""The run's gazetteer, in a worker process (set once by ``_adopt``)."""


def _adopt(gazetteer: Gazetteer) -> None:
    """Worker start-up: keep the gazetteer; leave Ctrl-C to the parent, which stops the
    pool (so that workers do not each print a traceback)."""
    global _GAZETTEER
    _GAZETTEER = gazetteer
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_chunk(tasks: list[Task]) -> list[ExtractedFile]:
    return [extract_file(path, display, _gazetteer()) for path, display in tasks]


def _extract_part(task: Task, part: FeedPart) -> ExtractedPart:
    return extract_feed_part(task[0], task[1], part, _gazetteer())


def _gazetteer() -> Gazetteer:
    if _GAZETTEER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker started without a gazetteer")
    return _GAZETTEER
