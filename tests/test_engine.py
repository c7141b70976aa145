"""Engines and the cache: however the files are read, the report is the same.

A small corpus (a story of tests/corpus plus a feed, copied to a tmp folder) is checked
with one and two processes, with a cold and a warm cache, after a file is added or
edited, with a cache from another extractor, a corrupt cache file and a broken article.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from claimcheck.engine import ExtractedFile, extract_file, local
from claimcheck.engine import cache as cache_module
from claimcheck.engine.codec import DecodeError, decode, encode
from claimcheck.engine.compact import compact
from claimcheck.errors import UsageError
from claimcheck.extract import build_gazetteer
from claimcheck.pipeline import RunOptions, collect, run
from claimcheck.reference import load_reference
from claimcheck.report import Format, RenderOptions, reporter_for

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "tests" / "corpus" / "meta-midjourney"
FEED = ROOT / "tests" / "corpus" / "microsoft-openai-2023" / "feed.jsonl"
NEW_ARTICLE = (
    "Midjourney hires a new chief\n\n"
    "Midjourney, founded in 2021 by David Holz, said on Monday that it had about 40 "
    "employees and $300 million in revenue in 2024.\n"
)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A copy of one story's articles, a feed and the story's claims.yaml."""
    folder = tmp_path / "story"
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for path in sorted(STORY.iterdir()):
        if path.suffix in {".txt", ".md", ".html"}:
            shutil.copy(path, articles / path.name)
    shutil.copy(FEED, articles / "08_feed.jsonl")
    shutil.copy(STORY / "claims.yaml", folder / "claims.yaml")
    return folder


@dataclass
class Recorder:
    """A Progress that remembers what it was told."""

    total: int = 0
    extracted: float = 0
    cached: float = 0
    calls: list[str] = field(default_factory=list)
    steps: list[float] = field(default_factory=list)

    def start(self, total: int) -> None:
        self.total = total
        self.calls.append("start")

    def advance(self, files: float, cached: bool = False) -> None:
        self.steps.append(files)
        if cached:
            self.cached += files
        else:
            self.extracted += files

    def stage(self, what: str) -> None:
        self.calls.append(f"stage: {what}")

    def finish(self) -> None:
        self.calls.append("finish")


def check(corpus: Path, reference: bool = True, **options: object) -> str:
    """The JSON report of ``corpus`` (run through the Python API)."""
    ref = load_reference(corpus / "claims.yaml") if reference else None
    articles = str(corpus / "articles")
    report = run(RunOptions(paths=(articles,), reference=ref, **options))  # type: ignore[arg-type]
    return reporter_for(Format.JSON).render(report, RenderOptions())


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display names of the files the local engine extracts (in this process)."""
    seen: list[str] = []

    def counting(path: Path, display: str, gazetteer: object) -> ExtractedFile:
        seen.append(display)
        return extract_file(path, display, gazetteer)  # type: ignore[arg-type]

    monkeypatch.setattr(local, "extract_file", counting)
    return seen


# --- jobs -------------------------------------------------------------------------------


def test_two_processes_give_the_same_report_as_one(corpus: Path) -> None:
    one = check(corpus, jobs=1)
    assert '"claims": [' in one and '"id": "C1"' in one
    assert check(corpus, jobs=2) == one


COUNTED_FORKS = """
import os, sys
from pathlib import Path
from claimcheck import forking
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference
from claimcheck.report import Format, RenderOptions, reporter_for
corpus, failing = Path(sys.argv[1]), sys.argv[2] == "failing"
reference = load_reference(corpus / "claims.yaml")
sent = []
result = forking.Forked.result
def counted(self, index):
    value = result(self, index)
    sent.append(value is not None)
    return value
forking.Forked.result = counted
"""
"""The start of the scripts below: it notes whether each forked share sent its result."""

SHARED_COMPARE = (
    COUNTED_FORKS
    + """
import claimcheck.compare as compare
compare.PARALLEL_CLAIMS = 0
if failing:
    def broken(*args):
        raise MemoryError("the child ran out of memory")
    compare._rows = broken  # only a child sends its share, so only children fail
report = run(RunOptions(paths=(str(corpus / "articles"),), reference=reference, jobs=3))
sys.stdout.write(reporter_for(Format.JSON).render(report, RenderOptions()))
print(sent)
"""
)
"""Checks the corpus with ``--jobs 3``, comparing in three processes whatever the number of
claims; prints the JSON report, then which children sent their share."""

WRITTEN_APART = (
    COUNTED_FORKS
    + """
import claimcheck.report.json as json_report
report = run(RunOptions(paths=(str(corpus / "articles"),), reference=reference, jobs=1))
json_report.PARALLEL_FINDINGS = 0
json_report.SPOOL_BLOCK = 100  # read back in many blocks
if failing:
    parent, finding = os.getpid(), json_report._finding
    def broken(entry):
        if os.getpid() != parent:
            raise MemoryError("the copy ran out of memory")
        return finding(entry)
    json_report._finding = broken
sys.stdout.write(reporter_for(Format.JSON).render(report, RenderOptions(processes=2)))
print(sent)
"""
)
"""Writes the corpus's JSON report with the findings written by a forked process (the
copy fails when asked to), then prints which copies sent their counts."""


def forked_run(script: str, corpus: Path, failing: bool) -> tuple[str, str, str]:
    """Run one of the scripts above on ``corpus``: the report, which shares were sent, and
    stderr. In a process of its own: forking is used only while no other thread runs (an
    earlier test's Dask client)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script, str(corpus), "failing" if failing else "working"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    report, _, sent = done.stdout.rpartition("\n}\n")
    return report + "\n}\n", sent.strip(), done.stderr


@pytest.mark.parametrize("failing", [False, True], ids=["children", "failing-children"])
def test_processes_share_comparing_and_report_as_one(corpus: Path, failing: bool) -> None:
    report, sent, errors = forked_run(SHARED_COMPARE, corpus, failing)
    assert report == check(corpus, jobs=1)
    assert sent == ("[False, False]" if failing else "[True, True]")
    assert errors == ""  # a failed child is quiet: this process judges its share


@pytest.mark.parametrize("failing", [False, True], ids=["copy", "failing-copy"])
def test_a_forked_process_writes_the_findings_and_the_report_is_the_same(
    corpus: Path, failing: bool
) -> None:
    report, sent, errors = forked_run(WRITTEN_APART, corpus, failing)
    one = check(corpus, jobs=1)
    assert report == one
    assert json.loads(one)["summary"]["conflict"] > 0  # the copy's counts reach the summary
    assert sent == ("[False]" if failing else "[True]")
    assert errors == ""


def test_processes_share_a_large_feed_and_report_as_one(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = corpus / "articles" / "08_feed.jsonl"
    lines = feed.read_text("utf-8").splitlines()
    bad = ['{"text": "Microsoft invested $10 billion in OpenAI."', "", "[1, 2]", "   "]
    feed.write_text("\n".join((lines + bad) * 6) + "\n", "utf-8")
    one = check(corpus, jobs=1)
    monkeypatch.setattr(local, "FEED_PART_BYTES", 3000)
    parts = local.cut_feed(feed)
    assert parts is not None and len(parts) >= 4
    for jobs in (1, 2):
        recorder = Recorder()
        assert check(corpus, jobs=jobs, progress=recorder) == one
        shares = [step for step in recorder.steps if step < 1]  # the feed's, part by part
        assert len(shares) == len(parts) and sum(shares) == pytest.approx(1)
        assert recorder.extracted == pytest.approx(recorder.total)
    assert local.resolve_jobs(2, [(feed, "feed.jsonl")]) == 2  # one file, yet two processes


def test_the_bar_moves_as_a_feeds_parts_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from claimcheck import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress, "SHOW_SECONDS", 0.0)
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0.0)
    monkeypatch.delenv("NO_COLOR", raising=False)
    screen = Terminal()
    bar = progress.ProgressBar(screen)
    bar.start(1)
    for read in range(1, 11):  # one feed file, read in 10 parts
        bar.advance(local.part_share(10, read))
        drawn = screen.getvalue()
        assert ("1/1" in drawn) == (read == 10)
    bar.finish()
    frames = [frame for frame in screen.getvalue().split("\r") if "0/1" in frame]
    assert len(set(frames)) == 10  # drawn anew, further along, as each of 9 parts is read


def test_jobs_1_never_starts_a_pool(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("a pool was started")

    monkeypatch.setattr(local, "_pooled", no_pool)
    check(corpus, jobs=1)
    check(corpus)  # automatic: a small input is read in this process too


def test_automatic_jobs_use_every_core_for_large_inputs_only(tmp_path: Path) -> None:
    small = [(tmp_path / f"{n}.txt", f"{n}.txt") for n in range(10)]
    many = [(tmp_path / f"{n}.txt", f"{n}.txt") for n in range(local.POOL_MIN_FILES)]
    cores = local.available_cores()
    assert local.resolve_jobs(None, small) == 1
    assert local.resolve_jobs(0, small) == 1
    assert local.resolve_jobs(None, many) == cores
    assert local.resolve_jobs(1, many) == 1
    assert local.resolve_jobs(3, small[:2]) == 2  # never more processes than files
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * local.POOL_MIN_BYTES)
    assert local.resolve_jobs(None, [(big, "big.txt")]) == 1  # one file: one process
    assert local.auto_jobs([(big, "big.txt")]) == cores


def test_an_unknown_engine_is_an_error_even_when_the_cache_has_every_file(
    corpus: Path, tmp_path: Path
) -> None:
    check(corpus, cache=tmp_path / "cache")
    with pytest.raises(UsageError, match="unknown engine"):
        check(corpus, cache=tmp_path / "cache", engine="bogus")


GARBAGE_CHECK = """
import gc, sys
from pathlib import Path
from claimcheck.extract import build_gazetteer
from claimcheck.pipeline import RunOptions, build_report, collect, extract_all
from claimcheck.reference import load_reference
corpus = Path(sys.argv[1])
reference = load_reference(corpus / "claims.yaml")
options = RunOptions(paths=(str(corpus / "articles"),), reference=reference)
collected = collect(options.paths)
extracted = extract_all(collected.files, build_gazetteer(reference), options)
gc.collect()
gc.disable()
report = build_report(collected, extracted, options)
del extracted
print(len(report.findings), gc.collect())
"""
"""Numbers and compares the claims with the cycle collector off, in a process of its own
(so that no other thread, such as a Dask client's left by an earlier test, makes garbage
meanwhile), and prints the findings and the objects the collector then finds unreachable."""


def test_comparing_leaves_no_cyclic_garbage(corpus: Path) -> None:
    """A run pauses the cycle collector while it numbers and compares the claims, which
    holds no memory back only because that leaves no garbage in reference cycles; and the
    collector is on again after the run."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", GARBAGE_CHECK, str(corpus)],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    findings, garbage = map(int, done.stdout.split())
    assert findings > 0 and garbage == 0
    check(corpus)
    assert gc.isenabled()


def test_chunks_cover_every_file_once_in_order() -> None:
    for count in (1, 7, 100, 1000):
        parts = local.chunks(count, 2)
        assert [i for part in parts for i in part] == list(range(count))
        assert max(len(part) for part in parts) <= local.CHUNK_MAX


# --- the cache ----------------------------------------------------------------------------


def test_a_warm_cache_gives_the_same_report_as_a_cold_run(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    plain = check(corpus, cache=None)
    cold, warm = Recorder(), Recorder()
    assert check(corpus, cache=store, progress=cold) == plain
    assert (cold.total, cold.extracted, cold.cached) == (8, 8, 0)
    assert check(corpus, cache=store, progress=warm) == plain
    assert (warm.total, warm.extracted, warm.cached) == (8, 0, 8)
    claims = len(json.loads(plain)["claims"])
    assert warm.calls == ["start", "finish", f"stage: comparing {claims} claims", "finish"]
    assert check(corpus, cache=store, jobs=2) == plain
    assert (store / ".gitignore").read_text() == "*\n"


def test_only_an_added_or_edited_file_is_extracted_again(
    corpus: Path, tmp_path: Path, counted: list[str]
) -> None:
    store = tmp_path / "cache"
    check(corpus, cache=store, jobs=1)
    assert len(counted) == 8
    counted.clear()
    added = corpus / "articles" / "09_new.txt"
    added.write_text(NEW_ARTICLE, encoding="utf-8")
    after_adding = check(corpus, cache=store, jobs=1)
    assert counted == [added.as_posix()]
    assert after_adding == check(corpus, cache=None)
    counted.clear()
    added.write_text(NEW_ARTICLE.replace("40", "45"), encoding="utf-8")
    after_editing = check(corpus, cache=store, jobs=1)
    assert counted == [added.as_posix()]
    assert after_editing == check(corpus, cache=None) != after_adding


def test_the_reference_is_part_of_the_key(corpus: Path, tmp_path: Path, counted: list[str]) -> None:
    store = tmp_path / "cache"
    with_reference = check(corpus, cache=store, jobs=1)
    counted.clear()
    without = check(corpus, reference=False, cache=store, jobs=1)
    assert len(counted) == 8, "another gazetteer: every file is extracted again"
    assert without == check(corpus, reference=False, cache=None)
    counted.clear()
    assert check(corpus, cache=store, jobs=1) == with_reference
    assert counted == [], "both gazetteers' entries are kept"


def test_the_cache_keeps_only_the_references_used_last(
    corpus: Path, tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit of the reference's names is a new context, a whole corpus of rows again:
    only the latest few are kept, so that curating claims.yaml does not grow the cache
    without bound."""
    monkeypatch.setattr(cache_module, "KEEP_CONTEXTS", 2)
    store = tmp_path / "cache"
    claims = corpus / "claims.yaml"
    original = claims.read_text("utf-8")
    edits = [original.replace("aliases: [Holz]", f"aliases: [Holz, Holz{n}]") for n in range(3)]

    def run_with(text: str) -> list[str]:
        claims.write_text(text, "utf-8")
        counted.clear()
        check(corpus, cache=store, jobs=1)
        return list(counted)

    for text in edits:
        assert len(run_with(text)) == 8  # a new context: every file is extracted
    assert run_with(edits[2]) == [] and run_with(edits[1]) == []  # the two used last
    assert len(run_with(edits[0])) == 8  # dropped: two other contexts were used since
    assert run_with(edits[1]) == []  # used after the third, so it outlived it
    assert len(run_with(edits[2])) == 8  # the one used longest ago was dropped
    with sqlite3.connect(store / cache_module.DB_NAME) as db:
        [(contexts, files)] = db.execute(
            "SELECT COUNT(DISTINCT context), COUNT(*) FROM files"
        ).fetchall()
    assert (contexts, files) == (2, 16)


def test_the_cache_key_is_the_same_in_every_process(corpus: Path) -> None:
    """A key that depended on the hash seed (a set's order) would never hit in a new run."""
    code = (
        "import sys; from pathlib import Path; from claimcheck.engine.cache import context_key;"
        "from claimcheck.extract import build_gazetteer;"
        "from claimcheck.reference import load_reference;"
        "print(context_key(build_gazetteer(load_reference(Path(sys.argv[1])))))"
    )
    keys = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(corpus / "claims.yaml")],
            env=env, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        keys.add(done.stdout.strip())
    assert len(keys) == 1


def test_a_cache_from_another_extractor_is_ignored_and_replaced(
    corpus: Path, tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "cache"
    plain = check(corpus, cache=store, jobs=1)
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "another version")
    counted.clear()
    assert check(corpus, cache=store, jobs=1) == plain
    assert len(counted) == 8, "rows of another extractor are never used"
    with sqlite3.connect(store / cache_module.DB_NAME) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        rows = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
    assert meta["extractor"] == "another version"
    assert rows == 8, "the old rows were replaced"
    counted.clear()
    assert check(corpus, cache=store, jobs=1) == plain
    assert counted == []


def test_a_row_that_does_not_decode_is_a_miss(
    corpus: Path, tmp_path: Path, counted: list[str]
) -> None:
    store = tmp_path / "cache"
    plain = check(corpus, cache=store, jobs=1)
    with sqlite3.connect(store / cache_module.DB_NAME) as db:
        db.execute("UPDATE files SET value = ? WHERE display LIKE '%01_wire.txt'", (b"junk",))
        db.execute(
            "UPDATE files SET value = ? WHERE display LIKE '%02_blog.md'",
            (zlib.compress(b'["x", [], [], []]'),),
        )
    counted.clear()
    assert check(corpus, cache=store, jobs=1) == plain
    assert sorted(Path(name).name for name in counted) == ["01_wire.txt", "02_blog.md"]


def test_a_corrupt_cache_file_is_moved_aside_and_rebuilt(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    store.mkdir()
    (store / cache_module.DB_NAME).write_bytes(os.urandom(4096))
    warnings: list[str] = []
    assert check(corpus, cache=store, warn=warnings.append) == check(corpus, cache=None)
    assert warnings == [f"cache {(store / 'claims.sqlite').as_posix()} is corrupt; rebuilding"]
    assert (store / "claims.sqlite.corrupt").is_file()
    warnings.clear()
    recorder = Recorder()
    check(corpus, cache=store, warn=warnings.append, progress=recorder)
    assert warnings == [] and recorder.cached == 8


def test_an_unusable_cache_folder_is_a_warning_not_an_error(corpus: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    warnings: list[str] = []
    assert check(corpus, cache=blocked / "cache", warn=warnings.append) == check(corpus)
    assert len(warnings) == 1 and warnings[0].endswith("running without the cache")


def test_a_broken_article_is_reported_and_skipped_with_the_cache_on(
    corpus: Path, tmp_path: Path, run_cli
) -> None:
    articles = corpus / "articles"
    (articles / "10_binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (articles / "11_feed.jsonl").write_text('{"text": "Midjourney was founded in 2021."}\n{bad\n')
    args = (str(articles), "--claims", str(corpus / "claims.yaml"), "--format", "json")
    store = ("--cache", str(tmp_path / "cache"))
    plain = run_cli(*args, "--no-cache")
    cold = run_cli(*args, *store)
    warm = run_cli(*args, *store)
    assert plain.code == cold.code == warm.code == 2
    assert cold.out == warm.out == plain.out
    for result in (cold, warm):
        assert "10_binary.txt: binary file, not an article" in result.err
        assert "11_feed.jsonl:2: invalid JSON" in result.err
    assert '"path": "' + (articles / "11_feed.jsonl").as_posix() + '#L1"' in warm.out


def test_the_cli_keeps_its_cache_in_the_current_folder_by_default(
    corpus: Path, run_cli, cache_in_tmp: Path
) -> None:
    assert not cache_in_tmp.exists()
    run_cli(str(corpus / "articles"), "--no-claims", "--format", "json")
    assert (cache_in_tmp / "claims.sqlite").is_file()
    assert (cache_in_tmp / ".gitignore").read_text() == "*\n"


def test_no_cache_leaves_no_cache(corpus: Path, run_cli, cache_in_tmp: Path) -> None:
    for command in ("check", "extract", "init"):
        run_cli(command, str(corpus / "articles"), "--no-claims", "--no-cache", "-q")
    assert not cache_in_tmp.exists()


def test_a_cache_in_an_existing_folder_adds_no_gitignore(corpus: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    check(corpus, cache=mine)
    assert (mine / "claims.sqlite").is_file() and not (mine / ".gitignore").exists()


def test_the_report_keeps_no_article_text(corpus: Path, tmp_path: Path) -> None:
    for options in ({"cache": None}, {"cache": tmp_path / "c"}, {"cache": tmp_path / "c"}):
        report = run(RunOptions(paths=(str(corpus / "articles"),), **options))  # type: ignore[arg-type]
        assert report.articles and report.claims
        assert all(a.text == a.original == "" and not a.anchors for a in report.articles)


# --- the codec ----------------------------------------------------------------------------


def test_every_extracted_file_survives_the_codec_exactly(corpus: Path) -> None:
    gazetteer = build_gazetteer(load_reference(corpus / "claims.yaml"))
    for path, display in collect([str(corpus / "articles")]).files:
        extracted = extract_file(path, display, gazetteer)
        data = encode(extracted)
        assert decode(data) == extracted
        assert encode(decode(data)) == data


def test_compacting_keeps_every_record_and_shares_its_strings(corpus: Path) -> None:
    gazetteer = build_gazetteer(load_reference(corpus / "claims.yaml"))
    for path, display in collect([str(corpus / "articles")]).files:
        extracted = extract_file(path, display, gazetteer)
        compacted = compact(extracted)
        assert compacted == extracted
        assert encode(compacted) == encode(extracted)
        first: dict[str, str] = {}
        for claim in compacted.claims:
            for text in (claim.article, claim.span.path, claim.span.sentence, claim.attribute):
                assert first.setdefault(text, text) is text  # one object per text


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b"{}",
        b'["a.txt", [], []]',
        b'["a.txt", [], [], [["a.txt", "message", "3", "error"]]]',
        b'["a.txt", [], [], [["a.txt", "message", true, "error"]]]',
        b"[1, [], [], []]",
        b"\xff\xfe",
    ],
)
def test_the_decoder_rejects_what_encode_did_not_write(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)


_WRONG = {str: 1, int: "1", float: "1.5", bool: 1, type(None): "none"}
"""For each JSON leaf type, a replacement that no field holding such a leaf accepts."""


def _leaves(raw: Any, path: tuple[int, ...] = ()) -> Iterator[tuple[int, ...]]:
    if type(raw) is list:
        for index, item in enumerate(raw):
            yield from _leaves(item, (*path, index))
    else:
        yield path


def test_the_decoder_checks_every_field_of_every_record(corpus: Path) -> None:
    """Each scalar of an encoded file, swapped for a value of a wrong type, is refused."""
    gazetteer = build_gazetteer(load_reference(corpus / "claims.yaml"))
    path, display = collect([str(corpus / "articles")]).files[0]
    raw = json.loads(encode(extract_file(path, display, gazetteer)))
    leaves = list(_leaves(raw))
    assert len(leaves) > 100
    for leaf in leaves:
        broken = copy.deepcopy(raw)
        *outer, last = leaf
        holder = broken
        for index in outer:
            holder = holder[index]
        holder[last] = _WRONG[type(holder[last])]
        with pytest.raises(DecodeError):
            decode(json.dumps(broken).encode())


# --- the command line ----------------------------------------------------------------------


def _claimcheck(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "claimcheck", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_cli_jobs_and_a_corrupt_cache_give_the_same_report(corpus: Path) -> None:
    args = ("articles", "--claims", "claims.yaml", "--format", "json")
    one = _claimcheck(*args, "--jobs", "1", "--no-cache", cwd=corpus)
    two = _claimcheck(*args, "--jobs", "2", cwd=corpus)
    assert one.returncode == two.returncode == 1, one.stderr
    assert two.stdout == one.stdout
    assert (corpus / ".claimcheck-cache" / "claims.sqlite").is_file()
    (corpus / ".claimcheck-cache" / "claims.sqlite").write_bytes(b"garbage " * 100)
    again = _claimcheck(*args, cwd=corpus)
    assert again.stdout == one.stdout
    assert again.stderr == (
        "claimcheck: warning: cache .claimcheck-cache/claims.sqlite is corrupt; rebuilding\n"
    )


def _on_a_terminal(*args: str, cwd: Path) -> str:
    """What ``claimcheck ARGS`` writes to stderr when stderr is a terminal."""
    import pty

    leader, follower = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    try:
        subprocess.run(
            [sys.executable, "-m", "claimcheck", *args],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=follower,
            stdin=subprocess.DEVNULL, timeout=120, check=False,
        )  # fmt: skip
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_on_a_terminal_unless_quiet(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(60):
        (folder / f"{n:03}.txt").write_text(f"Acme{n} was founded in {1950 + n}.\n")
    shown = _on_a_terminal("many", "--no-claims", "--no-cache", "--jobs", "1", cwd=tmp_path)
    assert "claimcheck: reading" in shown and "60/60" in shown
    assert "claimcheck: comparing 60 claims" in shown  # the step after reading
    to_file = ("many", "--no-claims", "--no-cache", "--jobs", "1", "--format", "json")
    written = _on_a_terminal(*to_file, "-o", "out.json", cwd=tmp_path)
    assert "claimcheck: writing out.json" in written
    assert len(json.loads((tmp_path / "out.json").read_text())["claims"]) == 60
    quiet = _on_a_terminal("many", "--no-claims", "--no-cache", "--jobs", "1", "-q", cwd=tmp_path)
    assert quiet == ""
    few = tmp_path / "few"
    few.mkdir()
    (few / "one.txt").write_text("Acme was founded in 1950.\n")
    assert _on_a_terminal("few", "--no-claims", "--no-cache", "--jobs", "1", cwd=tmp_path) == ""


def test_an_article_that_trips_a_bug_is_reported_and_skipped(run_cli, tmp_path, monkeypatch):
    """A claimcheck bug on one article is a one-line error naming it (exit 2); the other
    articles are still read and checked."""
    import claimcheck.engine as engine

    (tmp_path / "good.txt").write_text("Acme was founded in 2020.\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Acme was founded in 2019.\n", encoding="utf-8")
    real = engine.extract_article

    def fragile(article, gazetteer):
        if article.path.endswith("bad.txt"):
            raise KeyError("dollar\u017f")
        return real(article, gazetteer)

    monkeypatch.setattr(engine, "extract_article", fragile)
    result = run_cli(str(tmp_path), "--no-claims", "--no-cache", "--format", "json")
    assert result.code == 2
    [line] = [x for x in result.err.splitlines() if "bad.txt" in x]
    assert "KeyError" in line and "skipped" in line
    report = json.loads(result.out)
    assert [Path(a["path"]).name for a in report["articles"]] == ["good.txt"]
    assert [c["value"]["text"] for c in report["claims"]] == ["2020"]
