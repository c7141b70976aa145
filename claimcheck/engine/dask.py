"""The Dask engine: extraction as a map over files on a Dask cluster's workers.

``map_files`` connects to a scheduler (``tcp://host:8786``) or, when none is given, starts
a cluster of worker processes on this machine, sends the gazetteer to every worker once,
maps ``extract_file`` over the files in batches and gathers the results in input order.
A feed larger than ``local.FEED_PART_BYTES`` is cut at line ends, as the local engine cuts
it (this process reads it once to do so), and each part is a task of its own
(``extract_feed_part``), so that a day's feed in one file is shared among the workers; the
parts are merged back in order (``local.Results``) into what reading the file whole gives.
Grouping and judging stay with the caller: the claims come back and are compared exactly
as in a local run, so the report is the same.

Workers read the files themselves, so every path must name the same file on every worker
(a shared filesystem, or object storage mounted at the same place); paths are made
absolute here, as this process sees them. Workers need claimcheck installed, the same
version as this process. Dask is imported only when this engine runs: it is the optional
``dask`` extra.
"""

from __future__ import annotations

import logging
import math
import os
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from claimcheck import __version__
from claimcheck.engine import ExtractedFile, ExtractedPart, extract_feed_part, extract_file, local
from claimcheck.engine.local import Done, Task
from claimcheck.errors import UsageError
from claimcheck.extract import Gazetteer
from claimcheck.load import FeedPart

if TYPE_CHECKING:
    from distributed import Client

NEEDS_EXTRA = ("--engine dask needs the dask extra", "pip install 'claimcheck[dask]'")
"""The one-line error (as UsageError's two parts) when Dask is not installed."""

CONNECT_TIMEOUT = 10.0
"""Seconds to wait for the scheduler to answer and for a worker to join it."""

MAX_BATCH = 64
"""Files per task at most: fewer, larger tasks keep the scheduler's overhead small (a part
of a large feed, about ``local.FEED_PART_BYTES`` of work already, is a task alone)."""

TASKS_PER_WORKER = 4
"""Batches per worker thread at least, when there are enough files, to balance the load."""

SAME_PATHS = "every worker needs the article files at the same path as this machine"

Unit = tuple[Path, str, FeedPart | None]
"""What a worker reads: a file (path, display) whole, or one part of a large feed."""

Place = tuple[int, int]
"""Where a unit's result goes: its file's index in the input, its part's number (or 0)."""

T = TypeVar("T")

LOCAL_CLUSTER = "local Dask cluster"
"""Where errors of a cluster started here (no ``--scheduler``) point."""


def map_files(
    files: Sequence[tuple[Path, str]],
    gazetteer: Gazetteer,
    scheduler: str | None = None,
    *,
    workers: int | None = None,
    timeout: float | None = None,
    done: Done | None = None,
) -> list[ExtractedFile]:
    """``extract_file`` over ``files`` (path, display) on Dask workers, in input order.

    ``scheduler`` is the address of a running scheduler; None starts a local cluster of
    ``workers`` processes (default: one per core) for this call and stops it afterwards.
    An unreachable scheduler, a cluster without workers, workers that cannot run
    claimcheck or cannot see a file raise UsageError; ``timeout`` (default
    CONNECT_TIMEOUT) bounds the wait for the scheduler and for a first worker. ``done(n)``
    is told as batches of ``n`` files finish, and as each part of a large feed finishes,
    the part's share of one file (for a progress bar).
    """
    if not files:
        return []
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    where = scheduler or LOCAL_CLUSTER
    jobs = [(Path(path).absolute(), display) for path, display in files]
    with _client(scheduler, workers, timeout) as client:
        _check_workers(client, where, timeout)
        threads = max(1, sum(client.nthreads().values()))
        cuts = [local.cut_feed(path) for path, _ in jobs]  # reads each large feed, to cut it
        plan = _plan(jobs, cuts, threads)
        shared = client.scatter(gazetteer, broadcast=True, hash=False)
        units = [[unit for _, unit in batch] for batch in plan]
        futures = client.map(_extract_batch, units, gazetteer=shared, pure=False)
        results = local.Results(jobs, cuts)
        try:
            _gather(futures, plan, results, done)
        except NotOnWorker as exc:
            display, path, host = exc.args
            message = f"not found on the Dask worker on {host} at {path}: {SAME_PATHS}"
            raise UsageError(display, message) from None
        except Exception as exc:
            raise UsageError(where, f"a Dask worker failed: {_one_line(exc)}") from None
    return results.in_order()


def _plan(
    jobs: list[Task], cuts: list[list[FeedPart] | None], threads: int
) -> list[list[tuple[Place, Unit]]]:
    """The tasks: each part of a large feed alone, first (the largest work), then the other
    files in ``_batches``; each unit with the place of its result."""
    parts: list[list[tuple[Place, Unit]]] = [
        [((index, number), (*jobs[index], part))]
        for index, cut in enumerate(cuts)
        for number, part in enumerate(cut or ())
    ]
    whole: list[tuple[Place, Unit]] = [
        ((index, 0), (*jobs[index], None)) for index, cut in enumerate(cuts) if not cut
    ]
    return parts + _batches(whole, threads)


def _gather(
    futures: list[Any],
    plan: list[list[tuple[Place, Unit]]],
    results: local.Results,
    done: Done | None,
) -> None:
    """Place each task's results as it finishes, telling ``done`` the files it counts for."""
    from distributed import as_completed

    batches = {future.key: batch for future, batch in zip(futures, plan, strict=True)}
    for future, extracted in as_completed(futures, with_results=True):
        count = 0.0
        for ((index, number), _), result in zip(batches[future.key], extracted, strict=True):
            if isinstance(result, ExtractedPart):
                count += results.part(index, number, result)
            else:
                results.file(index, result)
                count += 1
        if done is not None:
            done(count)


def _extract_batch(units: list[Unit], gazetteer: Gazetteer) -> list[ExtractedFile | ExtractedPart]:
    """Run on a worker: ``extract_file`` or ``extract_feed_part`` over one batch of units."""
    return [_extract_one(path, display, part, gazetteer) for path, display, part in units]


def _extract_one(
    path: Path, display: str, part: FeedPart | None, gazetteer: Gazetteer
) -> ExtractedFile | ExtractedPart:
    if not path.exists():
        # The client saw this file: this worker is not on the same storage. Not a Problem
        # with the file, which the cache would keep: the run stops.
        raise NotOnWorker(display, str(path), socket.gethostname())
    if part is None:
        return extract_file(path, display, gazetteer)
    return extract_feed_part(path, display, part, gazetteer)


class NotOnWorker(Exception):
    """Raised on a worker for a file it cannot see: (display, path, the worker's host)."""


def _batches(jobs: list[T], threads: int) -> list[list[T]]:
    """Consecutive batches: several per worker thread, none over MAX_BATCH files."""
    size = max(1, min(MAX_BATCH, math.ceil(len(jobs) / (threads * TASKS_PER_WORKER))))
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


def _worker_version() -> str:
    """Run on every worker: fails there when claimcheck cannot be imported."""
    return __version__


def _check_workers(client: Client, where: str, timeout: float) -> None:
    """At least one worker, and every worker runs this version of claimcheck."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise UsageError(
            where, f"no Dask worker joined the scheduler within {timeout:g} s"
        ) from None
    try:
        versions: dict[str, str] = client.run(_worker_version)
    except Exception as exc:
        message = f"the Dask workers cannot run claimcheck ({_one_line(exc)})"
        hint = f"install claimcheck {__version__} on every worker"
        raise UsageError(where, f"{message}; {hint}") from None
    others = sorted({v for v in versions.values() if v != __version__})
    if others:
        raise UsageError(
            where,
            f"Dask workers run claimcheck {', '.join(others)}, this is {__version__}; "
            "install the same version everywhere",
        )


@contextmanager
def _client(scheduler: str | None, workers: int | None, timeout: float) -> Iterator[Client]:
    """A client of the scheduler, or of a local cluster started (and stopped) here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(*NEEDS_EXTRA) from None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: 8787 may be another cluster's
            silence_logs=logging.ERROR,
        )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        connected = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        reason = f"cannot reach the Dask scheduler within {timeout:g} s"
        raise UsageError(scheduler, reason) from exc
    except Exception as exc:
        reason = f"cannot connect to the Dask scheduler ({_one_line(exc)})"
        raise UsageError(scheduler, reason) from exc
    with connected as client:
        yield client


def _one_line(exc: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
