"""The Dask engine: extraction mapped over files on a cluster of two worker processes.

The acceptance: the same corpus gives the same extraction results, and through the CLI a
byte-identical JSON report, whether it runs locally (``--jobs 1``) or on Dask workers,
a large feed among them in parts. One ``distributed.LocalCluster`` serves the whole
module; the CLI runs as a user runs it, ``python -m claimcheck``, in a subprocess (in this
process where a test makes the feed parts smaller).
"""

from __future__ import annotations

import json
import logging
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimcheck.engine import dask as dask_engine
from claimcheck.engine import extract_file, local
from claimcheck.errors import UsageError
from claimcheck.extract import build_gazetteer
from claimcheck.load import FeedPart, load_paths
from claimcheck.pipeline import collect
from claimcheck.progress import ProgressBar
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
    shutil.copytree(STORY, folder / "articles", ignore=shutil.ignore_patterns("*.yaml", ".*"))
    shutil.copy(STORY / "claims.yaml", folder / "claims.yaml")
    items = [
        {"title": f"Item {n}", "text": (STORY / name).read_text("utf-8")}
        for n, name in enumerate(("01_wire.txt", "07_v1_launch_wire.txt"), start=1)
    ]
    feed = "".join(json.dumps(item) + "\n" for item in items)
    (folder / "articles" / "feed.jsonl").write_text(feed, "utf-8")
    return folder


def _files(folder: Path) -> list[tuple[Path, str]]:
    """The files a run over ``folder`` reads, as (path, display), in the run's order."""
    return list(collect([str(folder)]).files)


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


def test_a_file_the_workers_cannot_see_stops_the_run(cluster, tmp_path):
    gone = tmp_path / "gone.txt"
    with pytest.raises(UsageError) as caught:
        dask_engine.map_files(
            [(gone, "gone.txt")], build_gazetteer(None), cluster.scheduler_address
        )
    message = str(caught.value)
    assert message.startswith("gone.txt: not found on the Dask worker on ")
    assert f" at {gone}: every worker needs the article files at the same path" in message


def test_a_part_of_a_feed_the_workers_cannot_see_stops_the_run(tmp_path):
    gone = tmp_path / "gone.jsonl"
    units = [(gone, "gone.jsonl", FeedPart(start=0, end=10, line=1))]
    with pytest.raises(dask_engine.NotOnWorker) as caught:
        dask_engine._extract_batch(units, build_gazetteer(None))
    assert caught.value.args == ("gone.jsonl", str(gone), socket.gethostname())


def test_batches_keep_the_order_and_spread_small_runs_over_the_workers():
    jobs = [(Path(f"{n}.txt"), f"{n}.txt") for n in range(1000)]
    batches = dask_engine._batches(jobs, threads=2)
    assert [job for batch in batches for job in batch] == jobs
    assert max(len(batch) for batch in batches) == dask_engine.MAX_BATCH
    assert len(dask_engine._batches(jobs[:8], threads=2)) == 8


def test_an_unreachable_scheduler_is_a_usage_error():
    address = _unused_address()
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


# --- through the CLI -------------------------------------------------------------------

JSON_RUN = (
    "articles",
    "--claims",
    "claims.yaml",
    "--format",
    "json",
    "--no-baseline",
    "--no-cache",
    "--quiet",
)


def _claimcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "claimcheck", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def local_run(corpus: Path) -> subprocess.CompletedProcess[bytes]:
    """The JSON report of a local run in one process, the reference for the Dask runs."""
    run = _claimcheck(*JSON_RUN, "--jobs", "1", cwd=corpus)
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    assert len(report["claims"]) > 20
    assert report["findings"]
    assert any("#L2" in article["path"] for article in report["articles"])
    return run


def test_the_dask_report_is_byte_identical_to_the_local_one(cluster, corpus, local_run):
    scheduler = cluster.scheduler_address
    remote = _claimcheck(*JSON_RUN, "--engine", "dask", "--scheduler", scheduler, cwd=corpus)
    assert remote.stderr == local_run.stderr
    assert remote.returncode == local_run.returncode
    assert remote.stdout == local_run.stdout


def test_a_large_feed_is_shared_out_in_parts_and_reports_as_one(
    cluster, corpus, run_cli, tmp_path, monkeypatch
):
    folder = tmp_path / "story"
    shutil.copytree(corpus, folder)
    feed = folder / "articles" / "feed.jsonl"
    lines = feed.read_text("utf-8").splitlines()
    bad = ['{"text": "Microsoft invested $10 billion in OpenAI."', "", "[1, 2]", "   "]
    feed.write_text("\n".join((lines + bad) * 6) + "\n", "utf-8")
    monkeypatch.chdir(folder)
    whole = run_cli(*JSON_RUN, "--jobs", "1")  # the feed is read whole: it is under 1 MiB
    assert '"claims": [' in whole.out and "feed.jsonl:35: feed line is not a JSON" in whole.err
    monkeypatch.setattr(local, "FEED_PART_BYTES", 3000)
    parts = local.cut_feed(feed)
    assert parts is not None and len(parts) >= 4
    planned: list[list[tuple[dask_engine.Place, dask_engine.Unit]]] = []
    steps: list[float] = []
    plan, advance = dask_engine._plan, ProgressBar.advance

    def planning(*args):  # the tasks the client maps over the workers
        planned.extend(plan(*args))
        return planned

    def advancing(bar, files, cached=False):  # what the progress bar is told
        steps.append(files)
        advance(bar, files, cached)

    monkeypatch.setattr(dask_engine, "_plan", planning)
    monkeypatch.setattr(ProgressBar, "advance", advancing)
    scheduler = cluster.scheduler_address
    remote = run_cli(*JSON_RUN[:-1], "--engine", "dask", "--scheduler", scheduler)
    assert (remote.code, remote.out, remote.err) == (whole.code, whole.out, whole.err)
    sent = [part for batch in planned for _, (_, _, part) in batch if part is not None]
    assert sent == parts  # each part of the feed went to the workers, as a task alone
    assert all(len(batch) == 1 for batch in planned if batch[0][1][2] is not None)
    shares = [step for step in steps if step < 1]
    assert len(shares) == len(parts) and sum(shares) == pytest.approx(1)
    assert sum(steps) == pytest.approx(len(_files(folder / "articles")))


def test_without_a_scheduler_a_local_cluster_is_started(corpus, local_run):
    remote = _claimcheck(*JSON_RUN, "--engine", "dask", "--jobs", "2", cwd=corpus)
    assert remote.stderr == local_run.stderr
    assert remote.returncode == local_run.returncode
    assert remote.stdout == local_run.stdout


def test_what_dask_workers_extract_is_cached_for_local_runs(cluster, corpus, local_run, tmp_path):
    cached = [*JSON_RUN[:-2], "--cache", str(tmp_path / "cache"), "--quiet"]
    scheduler = cluster.scheduler_address
    remote = _claimcheck(*cached, "--engine", "dask", "--scheduler", scheduler, cwd=corpus)
    assert remote.stdout == local_run.stdout
    assert (tmp_path / "cache").is_dir()
    warm = _claimcheck(*cached, "--jobs", "1", cwd=corpus)
    assert warm.stdout == local_run.stdout


def _unused_address() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"tcp://127.0.0.1:{sock.getsockname()[1]}"


def test_an_unreachable_scheduler_is_a_one_line_error(run_cli, corpus, monkeypatch):
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", 1.0)
    address = _unused_address()
    articles = str(corpus / "articles")
    result = run_cli(articles, "--no-cache", "-q", "--engine", "dask", "--scheduler", address)
    assert result.code == 2
    assert result.err == f"claimcheck: {address}: cannot reach the Dask scheduler within 1 s\n"
    assert result.out == ""


def test_the_dask_engine_without_the_extra_says_how_to_install_it(run_cli, corpus, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    result = run_cli(str(corpus / "articles"), "--no-cache", "-q", "--engine", "dask")
    assert result.code == 2
    assert result.err == (
        "claimcheck: --engine dask needs the dask extra: pip install 'claimcheck[dask]'\n"
    )


def test_a_scheduler_needs_the_dask_engine(run_cli, corpus):
    articles = str(corpus / "articles")
    result = run_cli(articles, "--no-cache", "--scheduler", _unused_address())
    assert result.code == 2
    assert "--scheduler needs --engine dask" in result.err
