"""Benchmark claimcheck end to end on synthetic corpora of growing size.

    python benchmarks/bench.py [--sizes 1000,10000,50000] [--seed 1] [--jobs N]

For every size the corpus is generated once (``generate.py``) and cached under
``$TMPDIR/claimcheck-bench`` (``--cache-dir``). Each size then runs in a fresh Python
process, so its peak RSS is its own, which runs the steps of ``pipeline.run`` (the same
engine path as the CLI, with ``--jobs N`` processes and no cache) and times each one:

- load+extract: ``load_reference``, ``collect``, ``build_gazetteer`` and ``extract_all``
  (the engine: ``extract_file`` per file, in this process or ``--jobs`` workers)
- compare: ``build_report`` (claims numbered and compared, baseline and focus applied)
- report:  ``reporter_for(Format.JSON).pieces``, hashed piece by piece as the CLI writes
  them to a file (the report is never held whole)

Three more measurements, each in fresh processes, on 10,000 articles when that size is
measured (the size the issue's targets name), else on the first size (``--extras-size``):
the speed-up of ``--jobs 2`` over ``--jobs 1``; the cache: a cold run that fills it, then
a re-check of the same articles plus one new article (only that one is extracted); and
the time and peak RSS of writing the report in every format (as ``--export`` writes it),
and the time to write and read back the baseline of its conflicts and minor differences.

A shared machine's speed drifts from run to run; ``--repeat K`` measures each size K
times and keeps the fastest run (as ``timeit`` does), printing the spread.

Another process runs quantulum3 (a benchmark-only extra) and claimcheck on the same
slice of the first corpus, so claimcheck's throughput is also given as a multiple of
quantulum3's, measured in the same run. The result is a Markdown table on stdout (and,
with ``--json FILE``, the raw figures).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# Measure the checkout this file lives in, not whatever claimcheck is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import GENERATOR_VERSION, Options, generate

from claimcheck.baseline import read_baseline, render_baseline
from claimcheck.engine.local import available_cores
from claimcheck.extract import build_gazetteer
from claimcheck.load import load_paths
from claimcheck.models import Report
from claimcheck.pipeline import RunOptions, build_report, collect, extract_all, processes
from claimcheck.reference import load_reference
from claimcheck.report import Format, RenderOptions, reporter_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SIZES = (1000, 10000, 50000)
TARGET_SIZE = 10_000
"""The size the issue's speed-up and re-check targets are stated for."""
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "claimcheck-bench"
STAGES = ("load+extract", "compare", "report")
MB = 1_000_000


# --- corpora -----------------------------------------------------------------------------


def corpus_dir(cache: Path, articles: int, seed: int) -> Path:
    """Where the corpus of ``articles`` articles for ``seed`` is cached."""
    return cache / f"corpus-v{GENERATOR_VERSION}-s{seed}-n{articles}"


def ensure_corpus(cache: Path, articles: int, seed: int) -> Path:
    """The cached corpus, generated first when missing or from another generator version."""
    out = corpus_dir(cache, articles, seed)
    manifest = out / "manifest.json"
    if manifest.is_file():
        known = json.loads(manifest.read_text())
        if known.get("articles") == articles and known.get("seed") == seed:
            return out
    partial = out.with_name(out.name + ".partial")
    generate(Options(partial, articles, seed))
    if out.exists():
        shutil.rmtree(out)
    os.replace(partial, out)
    return out


def article_files(corpus: Path) -> list[Path]:
    """Every article file of a corpus, in path order."""
    return sorted(p for p in (corpus / "articles").rglob("*") if p.is_file())


def corpus_bytes(corpus: Path) -> int:
    """Total size of the article files."""
    return sum(p.stat().st_size for p in article_files(corpus))


# --- one measured run (in a child process) -----------------------------------------------


@dataclass(slots=True)
class Measurement:
    """Figures for one run of the pipeline over one corpus."""

    articles: int = 0
    bytes: int = 0
    jobs: int = 1
    extracted: int = 0
    """Files extracted (the others came from the cache)."""
    cached: int = 0
    claims: int = 0
    findings: int = 0
    report_bytes: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    rss_start_mb: float = 0.0
    rss_peak_mb: float = 0.0

    @property
    def wall(self) -> float:
        """Seconds for all stages together."""
        return sum(self.seconds.values())


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MB


class Stopwatch:
    """Adds the time between ``lap`` calls to named stages."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        """Charge the time since the last lap to ``stage``."""
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


@dataclass(slots=True)
class Counter:
    """A pipeline Progress that counts extracted and cached files."""

    extracted: float = 0
    """Files extracted (a large feed read in parts adds a share of one per part)."""
    cached: float = 0

    def start(self, total: int) -> None:
        """Nothing to do when extraction begins."""

    def advance(self, files: float, cached: bool = False) -> None:
        """Count ``files`` more."""
        if cached:
            self.cached += files
        else:
            self.extracted += files

    def stage(self, what: str) -> None:
        """Nothing to do when comparing begins."""

    def finish(self) -> None:
        """Nothing to do when extraction or comparing ends."""


def run_stages(
    paths: Sequence[Path], reference_path: Path | None, jobs: int = 1, cache: Path | None = None
) -> tuple[Measurement, str]:
    """Run the steps of ``pipeline.run`` (its engine path), timing each.

    Returns the measurement and the SHA-256 of the JSON report.
    """
    watch = Stopwatch()
    counter = Counter()
    reference = load_reference(reference_path) if reference_path else None
    options = RunOptions(
        paths=tuple(str(p) for p in paths),
        reference=reference,
        jobs=jobs,
        cache=cache,
        progress=counter,
    )
    collected = collect(options.paths)
    extracted = extract_all(collected.files, build_gazetteer(reference), options)
    watch.lap("load+extract")
    report = build_report(collected, extracted, options)
    del extracted  # as in ``pipeline.run``: the report holds what it needs
    watch.lap("compare")
    digest, size = report_digest(report, processes(options))
    watch.lap("report")
    measured = Measurement(
        articles=len(report.articles),
        jobs=jobs,
        extracted=round(counter.extracted),
        cached=round(counter.cached),
        claims=len(report.claims),
        findings=len(report.findings),
        report_bytes=size,
        seconds=watch.seconds,
    )
    return measured, digest


def report_digest(report: Report, shared: int = 1) -> tuple[str, int]:
    """SHA-256 and size in bytes of the report's JSON (UTF-8), made piece by piece, with
    ``shared`` processes as the CLI would."""
    digest, size = hashlib.sha256(), 0
    for piece in reporter_for(Format.JSON).pieces(report, RenderOptions(processes=shared)):
        data = piece.encode("utf-8")
        digest.update(data)
        size += len(data)
    return digest.hexdigest(), size


def child_pipeline(
    corpus: Path, verify: bool, jobs: int, cache: Path | None = None, extra: Path | None = None
) -> dict[str, Any]:
    """Measure the whole corpus (plus ``extra``, an added article) in this fresh process."""
    rss_start, before, sources = peak_rss_mb(), provenance(), source_digest()
    paths = [corpus / "articles", *([extra] if extra else [])]
    measured, digest = run_stages(paths, corpus / "claims.yaml", jobs, cache)
    measured.rss_start_mb, measured.rss_peak_mb = rss_start, peak_rss_mb()
    measured.bytes = corpus_bytes(corpus)
    result = {**asdict(measured), "report_sha256": digest, "claimcheck": before}
    if source_digest() != sources:  # a commit of other files during the run is no change
        result["claimcheck"] += " (sources changed during the run; it used those it imported)"
    if verify:
        result["verified"] = _same_as_pipeline(paths, corpus, digest)
    return result


def _same_as_pipeline(paths: Sequence[Path], corpus: Path, digest: str) -> bool:
    """True when ``pipeline.run`` in one process, without a cache, renders the same JSON."""
    from claimcheck.pipeline import run

    reference = load_reference(corpus / "claims.yaml")
    options = RunOptions(paths=tuple(str(p) for p in paths), reference=reference, jobs=1)
    return report_digest(run(options))[0] == digest


def child_formats(corpus: Path, timeout: float) -> dict[str, Any]:
    """Write the corpus's report in every format, as the CLI writes ``--export`` files
    (piece by piece, ``--jobs`` automatic), each format in a fresh process that loads the
    report pickled here, so that its peak RSS is its own: seconds, MB written, and peak
    RSS over what the loaded report holds."""
    from claimcheck.pipeline import run

    reference = load_reference(corpus / "claims.yaml")
    report = run(RunOptions(paths=(str(corpus / "articles"),), reference=reference, jobs=0))
    written: dict[str, Any] = {"articles": len(report.articles), "formats": {}}
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as scratch:
        written["baseline"] = _baseline_round_trip(report, Path(scratch) / "baseline.yaml")
        saved = Path(scratch) / "report.pickle"
        saved.write_bytes(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
        del report
        for fmt in Format:
            args = ["--write-format", fmt.value, "--report", str(saved), "--jobs", str(0)]
            written["formats"][fmt.value] = spawn(args, timeout)
    return written


def _baseline_round_trip(report: Report, path: Path) -> dict[str, Any]:
    """Write the baseline of every conflict and minor difference (``--write-baseline``),
    then read it back (as a check with that baseline does), timing both."""
    start = time.perf_counter()
    path.write_text(render_baseline(report), "utf-8")
    wrote = time.perf_counter() - start
    start = time.perf_counter()
    entries = len(read_baseline(path).entries)
    return {
        "entries": entries,
        "bytes": path.stat().st_size,
        "write_seconds": wrote,
        "read_seconds": time.perf_counter() - start,
    }


def child_write_format(saved: Path, fmt: str, jobs: int) -> dict[str, Any]:
    """Load a pickled report and write it in one format, timing it; on Linux also the
    RSS once the report is loaded and the peak while writing (the peak of loading, which
    pickle's memo inflates, is reset first)."""
    with saved.open("rb") as handle:  # read as it is loaded: no copy of the bytes at the peak
        report = pickle.load(handle)
    shared = processes(RunOptions(paths=(), jobs=jobs))
    before = _rss_after_reset()
    start, size = time.perf_counter(), 0
    for piece in reporter_for(Format(fmt)).pieces(report, RenderOptions(processes=shared)):
        size += len(piece.encode("utf-8"))
    seconds = time.perf_counter() - start
    peak = _status_mb("VmHWM") if before is not None else None
    return {"seconds": seconds, "bytes": size, "rss_loaded_mb": before, "rss_peak_mb": peak}


def _rss_after_reset() -> float | None:
    """This process's RSS after resetting its peak to it (Linux: ``5`` written to
    ``/proc/self/clear_refs``); None where that cannot be done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    return _status_mb("VmRSS")


def _status_mb(field: str) -> float | None:
    """A field of ``/proc/self/status`` (kB) in MB."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024 / MB
    return None


def formats_lines(written: dict[str, Any] | None) -> list[str]:
    """The time (and peak RSS) of writing each format, as one line of text."""
    if not written:
        return []
    if "error" in written:
        return [f"report formats: {written['error']}"]
    parts = []
    for name, r in written["formats"].items():
        if "error" in r:
            parts.append(f"{name}: {r['error']}")
            continue
        grew = (
            f", +{r['rss_peak_mb'] - r['rss_loaded_mb']:.0f} MB RSS"
            if r.get("rss_peak_mb") is not None and r.get("rss_loaded_mb") is not None
            else ""
        )
        parts.append(f"{name} {r['seconds']:.1f} s ({r['bytes'] / MB:.0f} MB{grew})")
    loaded = [r["rss_loaded_mb"] for r in written["formats"].values() if r.get("rss_loaded_mb")]
    held = f", {min(loaded):.0f} MB" if loaded else ""
    head = (
        f"Writing the report of {written['articles']} articles in each format (each in a "
        f"fresh process holding the report{held}; peak RSS over that while writing): "
    )
    lines = [head + "; ".join(parts)]
    base = written.get("baseline")
    if base:
        lines.append(
            f"Baseline of that report ({base['entries']} entries, {base['bytes'] / MB:.0f} MB): "
            f"written in {base['write_seconds']:.1f} s, read back in {base['read_seconds']:.1f} s"
        )
    return lines


def child_quantulum(corpus: Path, count: int) -> dict[str, Any]:
    """quantulum3 and claimcheck on the same first ``count`` articles of ``corpus``."""
    warnings.filterwarnings("ignore", module="quantulum3")
    from quantulum3 import parser  # benchmark-only extra: pip install quantulum3

    files = article_files(corpus)[:count]
    size = sum(p.stat().st_size for p in files)
    texts = [a.text for a in load_paths(files).articles]  # the text itself, for quantulum3
    parser.parse(texts[0][:200])  # load quantulum3's unit tables before timing
    start = time.perf_counter()
    quantities = sum(len(parser.parse(text)) for text in texts)
    q_seconds = time.perf_counter() - start
    measured, _ = run_stages(files, corpus / "claims.yaml", jobs=1)
    return {
        "articles": len(files),
        "bytes": size,
        "quantulum_seconds": q_seconds,
        "quantulum_quantities": quantities,
        "claimcheck_seconds": measured.wall,
        "claimcheck_claims": measured.claims,
    }


# --- the parent: spawn, collect, print ---------------------------------------------------


def spawn(args: list[str], timeout: float) -> dict[str, Any]:
    """Run this script with ``args`` in a fresh interpreter; its last stdout line is JSON."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def source_digest() -> str:
    """A short hash of claimcheck's sources and data files, to tell versions apart."""
    digest = hashlib.sha1()
    for path in sorted((REPO / "claimcheck").rglob("*")):
        if path.suffix in {".py", ".yaml"}:
            digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


def provenance() -> str:
    """Which claimcheck is measured: its folder, the git commit and a hash of its sources."""
    import claimcheck

    where = Path(claimcheck.__file__).resolve().parent
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "claimcheck"], capture_output=True, text=True
    )
    changed = len(dirty.stdout.splitlines())
    state = f" + {changed} uncommitted file(s)" if changed else ""
    return (
        f"claimcheck {where} at git {head.stdout.strip() or '?'}{state}, sources {source_digest()}"
    )


def _rate(amount: float, seconds: float) -> float:
    return amount / seconds if seconds > 0 else float("nan")


def quantulum_line(q: dict[str, Any]) -> str:
    """The quantulum3 comparison as one line of text."""
    if "error" in q:
        return f"quantulum3: {q['error']}"
    qc = _rate(q["bytes"] / MB, q["quantulum_seconds"])
    cc = _rate(q["bytes"] / MB, q["claimcheck_seconds"])
    return (
        f"Same {q['articles']} articles ({q['bytes'] / 1000:.0f} kB): quantulum3 "
        f"{q['quantulum_seconds']:.2f} s ({qc:.3f} MB/s, {q['quantulum_quantities']} "
        f"quantities); claimcheck end to end {q['claimcheck_seconds']:.2f} s ({cc:.3f} MB/s, "
        f"{q['claimcheck_claims']} claims) = {cc / qc:.1f}x quantulum3."
    )


def table(rows: list[tuple[int, dict[str, Any]]], q_rate: float | None) -> str:
    """The results as a Markdown table, one row per size."""
    head = (
        "| articles | MB | wall s | MB/s | articles/s | claims | claims/s | findings "
        "| peak RSS MB | load+extract s | compare s | report s | x quantulum3 |"
    )
    lines = [head, "|" + "---:|" * (head.count("|") - 1)]
    for size, r in rows:
        if "error" in r:
            lines.append(f"| {size} | {r['error']} |")
            continue
        wall, mb, s = sum(r["seconds"].values()), r["bytes"] / MB, r["seconds"]
        multiple = f"{_rate(mb, wall) / q_rate:.0f}x" if q_rate else "n/a"
        lines.append(
            f"| {r['articles']} | {mb:.1f} | {wall:.1f} | {_rate(mb, wall):.3f} "
            f"| {_rate(r['articles'], wall):.0f} | {r['claims']} | {_rate(r['claims'], wall):.0f} "
            f"| {r['findings']} | {r['rss_peak_mb']:.0f} | "
            + " | ".join(f"{s[k]:.1f}" for k in STAGES)
            + f" | {multiple} |"
        )
    return "\n".join(lines)


def scaling(rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """time(N2)/time(N1) for consecutive sizes, overall and per stage."""
    ok = [(n, r) for n, r in rows if "error" not in r]
    out = []
    for (n1, r1), (n2, r2) in itertools.pairwise(ok):
        ratio = sum(r2["seconds"].values()) / sum(r1["seconds"].values())
        per_stage = ", ".join(
            f"{k} {r2['seconds'][k] / max(r1['seconds'][k], 1e-9):.1f}" for k in STAGES
        )
        out.append(
            f"time({n2})/time({n1}) = {ratio:.2f} for {n2 / n1:g}x the articles "
            f"(per article {ratio / (n2 / n1):.2f}x; by stage: {per_stage})"
        )
    return out


def spreads(rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """With ``--repeat``: each size's wall times, the fastest of which is in the table."""
    return [
        f"{size} articles, {len(r['walls'])} runs: "
        + ", ".join(f"{w:.1f}" for w in r["walls"])
        + f" s (table: the fastest; the slowest is {max(r['walls']) / min(r['walls']):.2f}x it)"
        for size, r in rows
        if len(r.get("walls", ())) > 1
    ]


def notes(rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """Memory at start-up and, with ``--verify``, whether the timed run's report matched
    a one-process ``pipeline.run``'s."""
    out = []
    for size, r in rows:
        if "error" in r:
            continue
        line = f"{size} articles: {r['claimcheck']}; RSS {r['rss_start_mb']:.0f} MB after imports"
        if "verified" in r:
            same = "identical to" if r["verified"] else "DIFFERENT from"
            line += f"; its JSON report (--jobs {r['jobs']}) is {same} one-process pipeline.run's"
        out.append(line)
    return out


@dataclass(frozen=True, slots=True)
class Settings:
    """Command-line settings of the parent process."""

    sizes: tuple[int, ...]
    seed: int
    cache: Path
    quantulum_articles: int
    timeout: float
    verify: bool
    json_out: Path | None
    jobs: int = 1
    extras: bool = True
    """Also measure the ``--jobs 2`` speed-up and the warm-cache re-check."""
    extras_size: int | None = None
    """The corpus size those two are measured on (None: 10,000 if measured, else the first)."""
    repeat: int = 1
    """Runs per size; the fastest is kept."""

    def extras_corpus_size(self) -> int:
        """The size the speed-up and the re-check are measured on."""
        if self.extras_size:
            return self.extras_size
        return TARGET_SIZE if TARGET_SIZE in self.sizes else self.sizes[0]


def _child_args(corpus: Path, jobs: int, *more: str) -> list[str]:
    return ["--child", str(corpus), "--jobs", str(jobs), *more]


def measure_speedup(
    corpus: Path, known: dict[int, dict[str, Any]], timeout: float, repeat: int = 1
) -> dict[str, Any]:
    """``--jobs 1`` and ``--jobs 2`` on ``corpus`` (fresh processes, the fastest of
    ``repeat`` runs each; ``known`` runs reused)."""
    runs = dict(known)
    for jobs in (1, 2):
        if jobs not in runs:
            print(f"measuring --jobs {jobs} on {corpus.name} ...", file=sys.stderr, flush=True)
            runs[jobs] = fastest([spawn(_child_args(corpus, jobs), timeout) for _ in range(repeat)])
    return {"cores": available_cores(), "jobs": {str(j): r for j, r in sorted(runs.items())}}


RECHECK_JOBS = 0
"""The re-check runs as a user's would, with ``--jobs`` left automatic (one process
extracts the one new file; comparing uses every core)."""


def measure_recheck(corpus: Path, jobs: int, timeout: float) -> dict[str, Any]:
    """A cold run that fills a new cache, then a re-check with one article added."""
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as scratch:
        cache, extra = Path(scratch) / "cache", Path(scratch) / "added-article.txt"
        first = article_files(corpus)[0]
        extra.write_text(
            first.read_text("utf-8", "replace") + "\nA late addition to the story.\n", "utf-8"
        )
        print("measuring a cold cache, then a re-check with one article added ...", file=sys.stderr)
        cold = spawn(_child_args(corpus, jobs, "--with-cache", str(cache)), timeout)
        warm = spawn(
            _child_args(corpus, jobs, "--with-cache", str(cache), "--extra", str(extra)), timeout
        )
    return {"cold": cold, "recheck": warm}


def _same(one: dict[str, Any], two: dict[str, Any]) -> str:
    """Whether two runs wrote the same JSON report (by SHA-256)."""
    if "report_sha256" not in one or "report_sha256" not in two:
        return "not compared"
    return "identical" if one["report_sha256"] == two["report_sha256"] else "DIFFERENT"


def _wall(r: dict[str, Any]) -> float:
    return float(sum(r["seconds"].values()))


def extra_lines(speedup: dict[str, Any] | None, recheck: dict[str, Any] | None) -> list[str]:
    """The speed-up and cache measurements as lines of text."""
    out = []
    if speedup:
        one, two = speedup["jobs"]["1"], speedup["jobs"]["2"]
        if "error" in one or "error" in two:
            out.append(f"--jobs speed-up: {one.get('error') or two.get('error')}")
        else:
            out.append(
                f"--jobs 2 on {one['articles']} articles ({speedup['cores']} cores available): "
                f"{_wall(two):.1f} s vs {_wall(one):.1f} s with --jobs 1 = "
                f"{_wall(one) / _wall(two):.2f}x (load+extract "
                f"{two['seconds']['load+extract']:.1f} s vs {one['seconds']['load+extract']:.1f} s)"
                f"; JSON reports {_same(one, two)}"
            )
    if recheck:
        cold, warm = recheck["cold"], recheck["recheck"]
        if "error" in cold or "error" in warm:
            out.append(f"cache: {cold.get('error') or warm.get('error')}")
        else:
            out.append(
                f"cache on {cold['articles']} articles, --jobs automatic: cold run "
                f"{_wall(cold):.1f} s "
                f"({cold['extracted']} files extracted); "
                f"re-check after adding one article {_wall(warm):.1f} s ({warm['extracted']} "
                f"extracted, {warm['cached']} from the cache; load+extract "
                f"{warm['seconds']['load+extract']:.2f} s, compare "
                f"{warm['seconds']['compare']:.1f} s, report {warm['seconds']['report']:.1f} s)"
            )
    return out


def fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest of repeated runs of one size, with every run's wall time (``walls``)."""
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return runs[0]
    best = dict(min(ok, key=_wall))
    best["walls"] = [round(_wall(r), 2) for r in ok]
    return best


def run_benchmark(settings: Settings) -> dict[str, Any]:
    """Generate (or reuse) every corpus, measure each in a fresh process, print the tables."""
    rows: list[tuple[int, dict[str, Any]]] = []
    extras_size = settings.extras_corpus_size()
    wanted = (*settings.sizes, extras_size) if settings.extras else settings.sizes
    for size in dict.fromkeys(wanted):
        ensure_corpus(settings.cache, size, settings.seed)
    for size in settings.sizes:
        corpus = corpus_dir(settings.cache, size, settings.seed)
        more = ["--verify"] if settings.verify else []
        runs = []
        for attempt in range(1, settings.repeat + 1):
            of = f" (run {attempt} of {settings.repeat})" if settings.repeat > 1 else ""
            print(f"measuring {size} articles{of} ({corpus}) ...", file=sys.stderr, flush=True)
            runs.append(spawn(_child_args(corpus, settings.jobs, *more), settings.timeout))
        rows.append((size, fastest(runs)))
    first = corpus_dir(settings.cache, settings.sizes[0], settings.seed)
    speedup = recheck = written = None
    if settings.extras:
        extras = corpus_dir(settings.cache, extras_size, settings.seed)
        measured = dict(rows).get(extras_size)
        known = {settings.jobs: measured} if measured and settings.jobs in (1, 2) else {}
        speedup = measure_speedup(extras, known, settings.timeout, settings.repeat)
        recheck = measure_recheck(extras, RECHECK_JOBS, settings.timeout)
        print(f"measuring every report format on {extras.name} ...", file=sys.stderr, flush=True)
        written = spawn(
            ["--formats", str(extras), "--timeout", str(settings.timeout)], settings.timeout
        )
    q: dict[str, Any] = {"error": "skipped"}
    if settings.quantulum_articles:
        print("measuring quantulum3 ...", file=sys.stderr, flush=True)
        q = spawn(
            ["--quantulum", str(first), "--slice", str(settings.quantulum_articles)],
            settings.timeout,
        )
    q_rate = None if "error" in q else _rate(q["bytes"] / MB, q["quantulum_seconds"])
    print(f"--jobs {settings.jobs}, no cache:\n")
    print(table(rows, q_rate))
    print()
    lines = [quantulum_line(q), *extra_lines(speedup, recheck), *formats_lines(written)]
    lines += [*scaling(rows), *notes(rows)]
    lines += spreads(rows)
    for line in lines:
        print(f"- {line}")
    results = {
        "sizes": dict((str(n), r) for n, r in rows),
        "jobs": settings.jobs,
        "speedup": speedup,
        "recheck": recheck,
        "formats": written,
        "quantulum": q,
        "seed": settings.seed,
        "python": sys.version.split()[0],
    }
    if settings.json_out:
        settings.json_out.write_text(json.dumps(results, indent=2) + "\n")
    return results


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line of the parent and of the child processes."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        help="comma-separated corpus sizes (default 1000,10000,50000)",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--cache-dir",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"where corpora are cached (default {DEFAULT_CACHE})",
    )
    p.add_argument(
        "--quantulum-articles",
        type=int,
        default=100,
        help="articles of the first corpus given to quantulum3 (0 skips it)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes for load+extract in the per-size runs (default 1; 0: automatic)",
    )
    p.add_argument(
        "--no-extras",
        action="store_true",
        help="skip the --jobs 2 speed-up, warm-cache re-check and report-format measurements",
    )
    p.add_argument(
        "--extras-size",
        type=int,
        help="corpus size for the --jobs 2 speed-up and the re-check (default: 10000 when "
        "measured, else the first size)",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per size, keeping the fastest (default 1)",
    )
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    p.add_argument(
        "--verify",
        action="store_true",
        help="also check that pipeline.run renders the same JSON (doubles the time)",
    )
    p.add_argument("--json", type=Path, help="also write the raw figures to this file")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--with-cache", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--extra", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--quantulum", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--formats", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--write-format", help=argparse.SUPPRESS)
    p.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--slice", type=int, default=100, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the parent and for the measuring child processes."""
    args = parse_args(argv)
    if args.child:
        result = child_pipeline(args.child, args.verify, args.jobs, args.with_cache, args.extra)
        print(json.dumps(result))
        return 0
    if args.quantulum:
        print(json.dumps(child_quantulum(args.quantulum, args.slice)))
        return 0
    if args.formats:
        print(json.dumps(child_formats(args.formats, args.timeout)))
        return 0
    if args.write_format:
        print(json.dumps(child_write_format(args.report, args.write_format, args.jobs)))
        return 0
    settings = Settings(
        tuple(args.sizes),
        args.seed,
        args.cache_dir,
        args.quantulum_articles,
        args.timeout,
        args.verify,
        args.json,
        args.jobs,
        not args.no_extras,
        args.extras_size,
        max(1, args.repeat),
    )
    run_benchmark(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
