"""The Dask engine: extraction mapped over files on a cluster of two worker processes.

The acceptance: the same corpus gives the same extraction results, and through the CLI a
byte-identical JSON report, whether it runs locally or on Dask workers.
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.engine import dask as dask_engine
from claimcheck.engine import extract_file
from claimcheck.errors import UsageError
from claimcheck.extract import build_gazetteer
from claimcheck.load import load_paths
from claimcheck.reference import validate_reference

distributed = pytest.importorskip(
    "distributed", reason="the Dask engine needs the dask extra: pip install '.[dask]'"
)

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "tests" / "corpus" / "meta-midjourney"


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """One cluster of two single-threaded worker processes for the whole module."""
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    ) as started:
        yield started


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of one story: its articles, a feed of two of them, and its claims.yaml."""
    folder = tmp_path_factory.mktemp("dask") / "story"
    shutil.copytree(STORY, folder / "articles", ignore=shutil.ignore_patterns("*.yaml"))
    shutil.copy(STORY / "claims.yaml", folder / "claims.yaml")
    items = [
        {"title": f"Item {n}", "text": (STORY / name).read_text("utf-8")}
        for n, name in enumerate(("01_wire.txt", "07_v1_launch_wire.txt"), start=1)
    ]
    feed = "".join(json.dumps(item) + "\n" for item in items)
    (folder / "articles" / "feed.jsonl").write_text(feed, "utf-8")
    return folder


def _files(folder: Path) -> list[tuple[Path, str]]:
    return [(Path(p), p) for p in sorted(str(f) for f in folder.rglob("*") if f.is_file())]


def test_map_files_returns_what_extract_file_does_in_input_order(cluster, corpus):
    reference, problems = validate_reference(corpus / "claims.yaml")
    assert not problems
    gazetteer = build_gazetteer(reference)
    files = _files(corpus / "articles")
    assert len(files) >= 5
    local = [extract_file(path, display, gazetteer) for path, display in files]
    finished: list[int] = []
    remote = dask_engine.map_files(
        files, gazetteer, cluster.scheduler_address, done=finished.append
    )
    assert sum(finished) == len(files)
    assert [f.display for f in remote] == [display for _, display in files]
    assert remote == local
    assert sum(len(f.claims) for f in remote) > 0
    assert all(a.text == "" for f in remote for a in f.articles)


def test_files_the_workers_cannot_see_are_problems_not_crashes(cluster, corpus, tmp_path):
    gazetteer = build_gazetteer(None)
    gone = tmp_path / "gone.txt"
    result = dask_engine.map_files([(gone, "gone.txt")], gazetteer, cluster.scheduler_address)
    (only,) = result
    assert only.claims == ()
    (problem,) = only.problems
    assert problem.path == "gone.txt"
    assert "same path" in problem.message


def test_batches_keep_the_order_and_spread_small_runs_over_the_workers():
    jobs = [(Path(f"{n}.txt"), f"{n}.txt") for n in range(1000)]
    batches = dask_engine._batches(jobs, threads=2)
    assert [job for batch in batches for job in batch] == jobs
    assert max(len(batch) for batch in batches) == dask_engine.MAX_BATCH
    assert len(dask_engine._batches(jobs[:8], threads=2)) == 8


def test_an_unreachable_scheduler_is_a_usage_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with pytest.raises(UsageError) as caught:
        dask_engine.map_files(
            [(STORY / "01_wire.txt", "01_wire.txt")], build_gazetteer(None), address, timeout=1
        )
    assert str(caught.value) == f"{address}: cannot reach the Dask scheduler within 1 s"


def test_a_scheduler_without_workers_is_a_usage_error():
    empty = distributed.LocalCluster(n_workers=0, dashboard_address=":0")
    with empty, pytest.raises(UsageError) as caught:
        dask_engine.map_files(
            [(STORY / "01_wire.txt", "01_wire.txt")],
            build_gazetteer(None),
            empty.scheduler_address,
            timeout=1,
        )
    assert "no Dask worker joined the scheduler within 1 s" in str(caught.value)


def test_the_loader_and_the_engine_agree_on_the_articles(cluster, corpus):
    articles = corpus / "articles"
    loaded = load_paths([articles])
    files = _files(articles)
    remote = dask_engine.map_files(files, build_gazetteer(None), cluster.scheduler_address)
    assert [a.path for f in remote for a in f.articles] == [a.path for a in loaded.articles]
