"""The pipeline: load -> extract -> compare -> Report. No click, no rich.

This is the only module that chains the stages; the CLI calls ``run`` and hands the
Report to a reporter. Loading and extraction go file by file through an engine
(``claimcheck.engine``): the local one runs in this process or a process pool
(``RunOptions.jobs``), and an on-disk cache (``RunOptions.cache``) skips the files it has
seen. Whatever the engine, the files' articles, claims and problems are put together in
file order and the claims numbered afterwards, so the report does not depend on how the
work was spread. After comparing, a baseline marks the findings a team has accepted as
suppressed, and a focus (``--only``, ``--changed-since``) decides which articles'
findings count toward the exit code.
"""

from __future__ import annotations

import gc
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from claimcheck.baseline import Baseline, apply_baseline, settle_by_reference
from claimcheck.compare import Comparison, judging
from claimcheck.engine import ExtractedFile
from claimcheck.engine.cache import Cache, Probe, open_cache, probe
from claimcheck.engine.local import Done, Task, available_cores, extract_files
from claimcheck.errors import UsageError
from claimcheck.extract import Gazetteer, build_gazetteer
from claimcheck.load import ARTICLE_SUFFIXES, _collect
from claimcheck.models import (
    Article,
    Claim,
    ExitCode,
    Finding,
    Problem,
    Reference,
    Report,
    Value,
    Verdict,
)
from claimcheck.records import Canon, evolve

FAIL_ON = {"conflict": (Verdict.CONFLICT,), "minor": (Verdict.CONFLICT, Verdict.MINOR), "never": ()}
"""``--fail-on`` levels: the verdicts that make the exit code 1."""

NO_ARTICLE_IN_FOCUS = "(no article in focus)"
"""``Report.focus`` when a focus was asked for but no checked article is in it: nothing counts."""

ENGINES = ("local", "dask")


class Progress(Protocol):
    """Told how the run advances (the CLI draws a progress bar from it): file by file
    through extraction, then the comparing, a step with no count."""

    def start(self, total: int) -> None:
        """Extraction of ``total`` files begins."""

    def advance(self, files: float, cached: bool = False) -> None:
        """``files`` more files are done (a share of one for a part of a large feed);
        ``cached`` when they came from the cache."""

    def stage(self, what: str) -> None:
        """A step with no count begins (``comparing 104,696 claims``); ``finish`` ends it."""

    def finish(self) -> None:
        """Extraction, or the step, is over."""


Engine = Callable[[Sequence[Task], Gazetteer, Done], list[ExtractedFile]]
"""Maps ``extract_file`` over the tasks and returns the results in task order, calling
``done(n)`` as files finish."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run reads, how the work is spread, and how findings count."""

    paths: tuple[str, ...]
    reference: Reference | None = None
    focus: tuple[str, ...] | None = None
    """Files or folders whose articles' findings count toward the exit code; None: every
    article. An empty tuple is a focus that no article is in (nothing changed)."""
    baseline: Baseline | None = None
    """Accepted findings: they are suppressed, and entries matching nothing are stale."""
    judge: bool = True
    """Compare the claims; ``False`` only extracts (``claimcheck extract``)."""
    jobs: int | None = None
    """Processes for the local engine; None or 0 chooses from the input's size."""
    cache: Path | None = None
    """Folder of the on-disk cache of extracted files; None: no cache."""
    engine: str = "local"
    """``local`` (this machine) or ``dask`` (a Dask cluster, ``claimcheck.engine.dask``)."""
    scheduler: str | None = None
    """The Dask scheduler's address, for the ``dask`` engine; None starts a local cluster
    (of ``jobs`` worker processes when given)."""
    progress: Progress | None = None
    """Told how extraction and comparing advance; None: nobody is."""
    warn: Callable[[str], None] | None = None
    """Where warnings go (an unusable cache); None: stderr."""


@dataclass(frozen=True, slots=True)
class Collected:
    """The files a run reads, in order, and what walking the folders met."""

    files: tuple[Task, ...]
    skipped: int
    """Files with other suffixes met while walking folders."""
    problems: tuple[Problem, ...]


def run(options: RunOptions) -> Report:
    """Load the articles, extract their claims, compare them and build the Report."""
    collected = collect(options.paths)
    gazetteer = build_gazetteer(options.reference)
    extracted = extract_all(collected.files, gazetteer, options)
    return build_report(collected, extracted, options)


def collect(paths: Sequence[str]) -> Collected:
    """The article files under ``paths``, each once, in a deterministic order.

    Raises UsageError when a path does not exist.
    """
    files, skipped, problems = _collect([Path(p) for p in paths])
    return Collected(tuple(files), skipped, tuple(problems))


def extract_all(
    files: Sequence[Task], gazetteer: Gazetteer, options: RunOptions
) -> list[ExtractedFile]:
    """Every file loaded and extracted (from the cache when it has it), in file order."""
    warn = options.warn or _warn
    store = open_cache(options.cache, gazetteer, warn) if options.cache is not None else None
    progress = options.progress
    try:
        if progress is not None:
            progress.start(len(files))
        try:
            results, fresh = _extract(files, gazetteer, options, store)
        finally:
            if progress is not None:
                progress.finish()
        if store is not None:
            store.put(fresh)
    finally:
        if store is not None:
            store.close()
    return results


def _extract(
    files: Sequence[Task], gazetteer: Gazetteer, options: RunOptions, store: Cache | None
) -> tuple[list[ExtractedFile], list[tuple[Probe, ExtractedFile]]]:
    """The files' extractions in file order, and the new ones with their probes (to cache)."""
    progress = options.progress
    engine = _engine(options)  # an unknown engine is an error even when the cache has all
    results: list[ExtractedFile | None] = [None] * len(files)
    todo = list(range(len(files)))
    probes: list[Probe] = []
    if store is not None:
        probes = [probe(path, display) for path, display in files]
        for index, item in enumerate(probes):
            results[index] = store.get(item)
        todo = [index for index, found in enumerate(results) if found is None]
        if progress is not None and len(todo) < len(files):
            progress.advance(len(files) - len(todo), cached=True)

    def done(count: float) -> None:
        if progress is not None:
            progress.advance(count)

    fresh = engine([files[i] for i in todo], gazetteer, done) if todo else []
    if len(fresh) != len(todo):
        raise RuntimeError(f"the {options.engine} engine returned {len(fresh)} of {len(todo)}")
    for index, extracted in zip(todo, fresh, strict=True):
        results[index] = extracted
    new = (
        [(probes[i], extracted) for i, extracted in zip(todo, fresh, strict=True)] if probes else []
    )
    return [extracted for extracted in results if extracted is not None], new


def _engine(options: RunOptions) -> Engine:
    """The engine ``options`` ask for."""
    if options.engine == "local":
        jobs = options.jobs

        def local(tasks: Sequence[Task], gazetteer: Gazetteer, done: Done) -> list[ExtractedFile]:
            return extract_files(tasks, gazetteer, jobs, done)

        return local
    if options.engine == "dask":
        from claimcheck.engine.dask import map_files  # Dask is imported only when used

        scheduler, workers = options.scheduler, options.jobs or None

        def distributed(
            tasks: Sequence[Task], gazetteer: Gazetteer, done: Done
        ) -> list[ExtractedFile]:
            return map_files(tasks, gazetteer, scheduler, workers=workers, done=done)

        return distributed
    raise UsageError(options.engine, f"unknown engine (choose from {', '.join(ENGINES)})")


def build_report(
    collected: Collected, extracted: list[ExtractedFile], options: RunOptions
) -> Report:
    """Number the claims in file order, compare them and build the Report.

    The claims are taken out of ``extracted`` as they are numbered (each file's record is
    replaced by one without claims), so that a large run never holds every claim twice.
    Raises UsageError when no file held an article.
    """
    articles = tuple(article for item in extracted for article in item.articles)
    if not articles:
        where = ", ".join(options.paths)
        raise UsageError(where, "no article found (looked for .txt, .md, .html, .jsonl files)")
    problems = (*collected.problems, *(p for item in extracted for p in item.problems))
    published = {article.path: article.published for article in articles}
    focus = focus_articles(articles, options.focus)
    with _cycle_collector_paused():
        claims = number_claims(_take_claims(extracted))
        comparison = (
            _compare(claims, options, published) if options.judge else Comparison(tuple(claims), ())
        )
        findings, stale = _accepted(comparison, options.baseline, focus)
    return Report(
        articles=articles,
        claims=comparison.claims,
        findings=findings,
        reference_path=options.reference.path if options.reference else None,
        problems=problems,
        skipped_files=collected.skipped,
        counts=summary_counts(articles, comparison.claims, findings),
        stale_baseline=stale,
        focus=focus,
    )


def _compare(claims: list[Claim], options: RunOptions, published: dict[str, str]) -> Comparison:
    """``compare``, shared among ``jobs`` processes when there are many claims, the progress
    told (on a large corpus it takes a while after the last file is read)."""
    what = f"comparing {len(claims):,} claim{'' if len(claims) == 1 else 's'}"
    with (
        judging(claims, options.reference, published, processes=processes(options)) as comparison,
        step(options.progress, what),  # its spinner is a thread: after forking
    ):
        return comparison()


def processes(options: RunOptions) -> int:
    """Processes that may share comparing the claims and writing the report: ``jobs``, or
    every available core when it is automatic (each step keeps to one process while its
    input is small)."""
    return options.jobs or available_cores()


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off during the block, as it was after. Numbering and
    comparing the claims make no reference cycles (a test checks) but many objects, and
    each collection they set off walked the run's claims again: a fifth of comparing
    10,000 articles' claims, and half of numbering them. Forked comparing processes
    inherit the pause."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@contextmanager
def step(progress: Progress | None, what: str) -> Iterator[None]:
    """Tell ``progress``, when there is one, that the step ``what`` runs during the block."""
    if progress is None:
        yield
        return
    progress.stage(what)
    try:
        yield
    finally:
        progress.finish()


def _take_claims(extracted: list[ExtractedFile]) -> Iterator[Claim]:
    """Every file's claims in file order; each file's record loses them once they are read."""
    for index, item in enumerate(extracted):
        extracted[index] = evolve(item, claims=())
        yield from item.claims


def _warn(message: str) -> None:
    print(f"claimcheck: warning: {message}", file=sys.stderr)


def _accepted(
    comparison: Comparison, baseline: Baseline | None, focus: tuple[str, ...]
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """The findings after the baseline and the focus, and the stale baseline entries."""
    findings = comparison.findings
    stale: tuple[str, ...] = ()
    if baseline is not None:
        findings, stale = apply_baseline(findings, baseline)
    return settle_by_reference(findings, comparison.claims, focus), stale


def number_claims(claims: Iterable[Claim]) -> list[Claim]:
    """Give claims short ids in reading order: C1, C2, ...; claims that state the same value
    share one Value record."""
    canon: Canon[Value] = Canon()
    return [
        evolve(claim, id=f"C{n}", value=canon(claim.value))
        for n, claim in enumerate(claims, start=1)
    ]


def summary_counts(
    articles: Sequence[object], claims: Sequence[Claim], findings: Sequence[Finding]
) -> dict[str, int]:
    """Counts for the summary line: articles, claims, and active findings per verdict."""
    verdicts = Counter(f.verdict for f in findings if f.suppressed is None)
    counts = {"articles": len(articles), "claims": len(claims)}
    counts.update({v.value: verdicts.get(v, 0) for v in Verdict})
    counts["suppressed"] = sum(1 for f in findings if f.suppressed is not None)
    return counts


# --- focus ------------------------------------------------------------------------------


def article_paths(paths: Sequence[str], only: Sequence[str]) -> tuple[str, ...]:
    """What to load: PATHS plus the ``--only`` files; without PATHS, each ``--only`` file
    together with the other articles in its folder (not its subfolders)."""
    if paths:
        return (*paths, *only)
    chosen = [str(p) for name in only for p in _with_neighbours(Path(name))]
    return tuple(dict.fromkeys(chosen))


def _with_neighbours(path: Path) -> list[Path]:
    if not path.is_file():
        return [path]
    siblings = [
        p
        for p in path.parent.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES
    ]
    return sorted({*siblings, path}, key=lambda p: p.parts)


def focus_articles(articles: Iterable[Article], wanted: Sequence[str] | None) -> tuple[str, ...]:
    """Paths of the articles at or under the ``wanted`` files and folders.

    ``()`` when no focus is asked for (everything counts); ``(NO_ARTICLE_IN_FOCUS,)`` when
    one is but no article is in it, so that nothing counts.
    """
    if wanted is None:
        return ()
    places = {Path(p).resolve() for p in wanted}
    chosen = tuple(
        article.path
        for article in articles
        if _under(Path(article.source_path or article.path).resolve(), places)
    )
    return chosen or (NO_ARTICLE_IN_FOCUS,)


def _under(path: Path, places: set[Path]) -> bool:
    return path in places or any(parent in places for parent in path.parents)


# --- exit status ------------------------------------------------------------------------


def has_errors(report: Report) -> bool:
    """True when some input could not be read (an article was skipped)."""
    return any(p.severity == "error" for p in report.problems)


def exit_code(report: Report, fail_on: str) -> ExitCode:
    """1 when an active finding in focus reaches the ``--fail-on`` bar, 2 when input was
    skipped, else 0. The baseline and the focus apply first."""
    if has_errors(report):
        return ExitCode.USAGE
    failing = FAIL_ON[fail_on]
    articles = {claim.id: claim.article for claim in report.claims}
    for finding in report.findings:
        in_focus = not report.focus or any(articles.get(c) in report.focus for c in finding.claims)
        if finding.suppressed is None and finding.verdict in failing and in_focus:
            return ExitCode.FINDINGS
    return ExitCode.OK
