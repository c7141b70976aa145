"""Forked shares: results come back in order, and a share no child computed is None.

Forking is used only while the process runs one thread, and pytest's may hold an earlier
test's Dask threads, so the forking cases run in a process of their own.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from claimcheck import forking

ROOT = Path(__file__).resolve().parent.parent

SHARES = """
import json, multiprocessing, os, time
from claimcheck import forking

def work(share):
    if share == 2:
        raise ValueError("a bug in share 2")
    if share == 3:
        os._exit(3)  # killed, as by the kernel when memory runs out
    return {"share": share, "pid": os.getpid()}

with forking.Forked(5, work) as forked:
    got = [forked.result(share) for share in range(1, 5)]
with forking.Forked(3, lambda share: time.sleep(60)):
    pass  # leaving without taking the results stops the children
left = len(multiprocessing.active_children())
print(json.dumps({"got": got, "parent": os.getpid(), "left": left}))
"""


def test_children_send_their_shares_and_a_failed_share_is_none() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", SHARES],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout)
    first, failed, killed, last = result["got"]
    assert first["share"] == 1 and last["share"] == 4
    assert len({first["pid"], last["pid"], result["parent"]}) == 3  # each in a child
    assert failed is None and killed is None
    assert result["left"] == 0
    assert done.stderr == ""  # a failing child prints nothing; the caller redoes its share


def test_no_child_is_forked_while_another_thread_runs() -> None:
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not forking.can_fork()
        with forking.Forked(2, lambda share: share) as forked:
            assert forked.result(1) is None
    finally:
        release.set()
        thread.join()


def test_one_share_forks_nothing() -> None:
    with forking.Forked(1, lambda share: share) as forked:
        assert forked.result(0) is None and forked.result(1) is None


def test_a_fork_that_fails_leaves_the_share_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(self: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")  # fork(): EAGAIN

    context = multiprocessing.get_context("fork")
    monkeypatch.setattr(forking, "can_fork", lambda: True)
    monkeypatch.setattr(context.Process, "start", refused)
    with forking.Forked(3, lambda share: share) as forked:
        assert forked.result(1) is None and forked.result(2) is None
