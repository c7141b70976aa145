"""Share one computation among forked copies of this process.

A forked child starts with the parent's memory, so a large input (a run's claims) is not
sent to it; only each child's result travels back, pickled. Forking is used on Linux, and
only while this process runs a single thread (forking a threaded process can copy a lock
some other thread holds). Elsewhere, and for a child that fails, the caller works the
share itself, so the result never depends on whether forking happened.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork copies of itself safely and cheaply (see above)."""
    return sys.platform == "linux" and threading.active_count() == 1


class Forked(Generic[T]):
    """Children forked to compute ``work(1)`` … ``work(count - 1)``; share 0 is the caller's.

    Use as a context manager: leaving the block stops every child still running.
    """

    def __init__(self, count: int, work: Callable[[int], T]) -> None:
        self._children: dict[int, tuple[BaseProcess, Connection]] = {}
        if count < 2 or not can_fork():
            return
        context = multiprocessing.get_context("fork")
        for index in range(1, count):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_work_share, args=(work, index, send), daemon=True)
            try:
                child.start()
            except OSError:  # out of processes or memory: the caller works the rest
                receive.close()
                send.close()
                break
            send.close()  # the child holds the writing end; EOF once it exits
            self._children[index] = (child, receive)

    def result(self, index: int) -> T | None:
        """The result of share ``index``, waiting for it; None when no child computed it
        (forking was not possible, or the child failed or was killed)."""
        started = self._children.pop(index, None)
        if started is None:
            return None
        child, receive = started
        try:
            value: T | None = receive.recv()
        except (EOFError, OSError):
            value = None
        finally:
            receive.close()
        child.join()
        return value if child.exitcode == 0 else None

    def close(self) -> None:
        """Stop the children whose results were not taken."""
        for child, receive in self._children.values():
            receive.close()
            child.terminate()
            child.join()
        self._children.clear()

    def __enter__(self) -> Forked[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _work_share(work: Callable[[int], T], index: int, send: Connection) -> None:
    """In the child: compute the share and send it. Ctrl-C is the parent's to handle, and
    a failure exits quietly with status 1 (the parent then works the share itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        send.send(work(index))
    except BaseException:  # any failure: the parent recomputes the share
        send.close()
        os._exit(1)
    send.close()
