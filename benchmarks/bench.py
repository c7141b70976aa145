"""Benchmark claimcheck end to end on synthetic corpora of growing size.

    python benchmarks/bench.py [--sizes 1000,10000,50000] [--seed 1]

For every size the corpus is generated once (``generate.py``) and cached under
``$TMPDIR/claimcheck-bench`` (``--cache-dir``). Each size then runs in a fresh Python
process, so its peak RSS is its own, which chains the stages the way
``claimcheck/pipeline.py`` does and times each one:

- load:    ``load_reference`` + ``load_paths``
- extract: ``build_gazetteer`` + ``extract_article`` for every article + ``number_claims``
- compare: ``compare``
- report:  building the ``Report`` + ``reporter_for(Format.JSON).render``

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

from claimcheck.compare import compare
from claimcheck.extract import build_gazetteer, extract_article
from claimcheck.load import load_paths
from claimcheck.models import Report
from claimcheck.pipeline import _accepted, focus_articles, number_claims, summary_counts
from claimcheck.reference import load_reference
from claimcheck.report import Format, RenderOptions, reporter_for

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SIZES = (1000, 10000, 50000)
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "claimcheck-bench"
STAGES = ("load", "extract", "compare", "report")
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


def run_stages(paths: Sequence[Path], reference_path: Path | None) -> tuple[Measurement, str]:
    """Run load -> extract -> compare -> report as ``pipeline.run`` chains them, timing each.

    Returns the measurement and the JSON report text.
    """
    watch = Stopwatch()
    reference = load_reference(reference_path) if reference_path else None
    loaded = load_paths(list(paths))
    watch.lap("load")
    gazetteer = build_gazetteer(reference)
    claims = number_claims(
        [claim for article in loaded.articles for claim in extract_article(article, gazetteer)]
    )
    watch.lap("extract")
    comparison = compare(claims, reference)
    focus = focus_articles(loaded.articles, None)
    findings, stale = _accepted(comparison, None, focus)  # settles cross-article findings
    watch.lap("compare")
    report = Report(
        articles=loaded.articles,
        claims=comparison.claims,
        findings=findings,
        reference_path=reference.path if reference else None,
        problems=loaded.problems,
        skipped_files=loaded.skipped,
        counts=summary_counts(loaded.articles, comparison.claims, findings),
        stale_baseline=stale,
        focus=focus,
    )
    text = reporter_for(Format.JSON).render(report, RenderOptions())
    watch.lap("report")
    measured = Measurement(
        articles=len(loaded.articles),
        claims=len(comparison.claims),
        findings=len(findings),
        report_bytes=len(text.encode("utf-8")),
        seconds=watch.seconds,
    )
    return measured, text


def child_pipeline(corpus: Path, verify: bool) -> dict[str, Any]:
    """Measure the whole corpus in this (fresh) process."""
    rss_start, before = peak_rss_mb(), provenance()
    measured, text = run_stages([corpus / "articles"], corpus / "claims.yaml")
    measured.rss_start_mb, measured.rss_peak_mb = rss_start, peak_rss_mb()
    measured.bytes = corpus_bytes(corpus)
    result = {**asdict(measured), "claimcheck": before}
    if provenance() != before:
        result["claimcheck"] += " (sources changed during the run; it used those it imported)"
    if verify:
        result["verified"] = _same_as_pipeline(corpus, text)
    return result


def _same_as_pipeline(corpus: Path, text: str) -> bool:
    """True when ``pipeline.run`` renders the same JSON as the staged run."""
    from claimcheck.pipeline import RunOptions, run

    reference = load_reference(corpus / "claims.yaml")
    report = run(RunOptions(paths=(str(corpus / "articles"),), reference=reference))
    return reporter_for(Format.JSON).render(report, RenderOptions()) == text


def child_quantulum(corpus: Path, count: int) -> dict[str, Any]:
    """quantulum3 and claimcheck on the same first ``count`` articles of ``corpus``."""
    warnings.filterwarnings("ignore", module="quantulum3")
    from quantulum3 import parser  # benchmark-only extra: pip install quantulum3

    files = article_files(corpus)[:count]
    size = sum(p.stat().st_size for p in files)
    texts = [a.text for a in load_paths(files).articles]
    parser.parse(texts[0][:200])  # load quantulum3's unit tables before timing
    start = time.perf_counter()
    quantities = sum(len(parser.parse(text)) for text in texts)
    q_seconds = time.perf_counter() - start
    measured, _ = run_stages(files, corpus / "claims.yaml")
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
        "| peak RSS MB | load s | extract s | compare s | report s | x quantulum3 |"
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


def notes(rows: list[tuple[int, dict[str, Any]]]) -> list[str]:
    """Memory at start-up and, with ``--verify``, whether the staged run matched the CLI's."""
    out = []
    for size, r in rows:
        if "error" in r:
            continue
        line = f"{size} articles: {r['claimcheck']}; RSS {r['rss_start_mb']:.0f} MB after imports"
        if "verified" in r:
            same = "identical to" if r["verified"] else "DIFFERENT from"
            line += f"; the staged run's JSON report is {same} pipeline.run's"
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


def run_benchmark(settings: Settings) -> dict[str, Any]:
    """Generate (or reuse) every corpus, measure each in a fresh process, print the tables."""
    rows: list[tuple[int, dict[str, Any]]] = []
    for size in settings.sizes:
        corpus = ensure_corpus(settings.cache, size, settings.seed)
        print(f"measuring {size} articles ({corpus}) ...", file=sys.stderr, flush=True)
        args = ["--child", str(corpus)] + (["--verify"] if settings.verify else [])
        rows.append((size, spawn(args, settings.timeout)))
    first = corpus_dir(settings.cache, settings.sizes[0], settings.seed)
    q: dict[str, Any] = {"error": "skipped"}
    if settings.quantulum_articles:
        print("measuring quantulum3 ...", file=sys.stderr, flush=True)
        q = spawn(
            ["--quantulum", str(first), "--slice", str(settings.quantulum_articles)],
            settings.timeout,
        )
    q_rate = None if "error" in q else _rate(q["bytes"] / MB, q["quantulum_seconds"])
    print(table(rows, q_rate))
    print()
    for line in [quantulum_line(q), *scaling(rows), *notes(rows)]:
        print(f"- {line}")
    results = {
        "sizes": dict((str(n), r) for n, r in rows),
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
    p.add_argument("--timeout", type=float, default=3600, help="seconds allowed per size")
    p.add_argument(
        "--verify",
        action="store_true",
        help="also check that pipeline.run renders the same JSON (doubles the time)",
    )
    p.add_argument("--json", type=Path, help="also write the raw figures to this file")
    p.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--quantulum", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--slice", type=int, default=100, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the parent and for the measuring child processes."""
    args = parse_args(argv)
    if args.child:
        print(json.dumps(child_pipeline(args.child, args.verify)))
        return 0
    if args.quantulum:
        print(json.dumps(child_quantulum(args.quantulum, args.slice)))
        return 0
    settings = Settings(
        tuple(args.sizes),
        args.seed,
        args.cache_dir,
        args.quantulum_articles,
        args.timeout,
        args.verify,
        args.json,
    )
    run_benchmark(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
