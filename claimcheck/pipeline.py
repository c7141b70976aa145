"""The pipeline: load -> extract -> compare -> Report. No click, no rich.

This is the only module that chains the stages; the CLI calls ``run`` and hands the
Report to a reporter. After comparing, a baseline marks the findings a team has
accepted as suppressed, and a focus (``--only``, ``--changed-since``) decides which
articles' findings count toward the exit code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.baseline import Baseline, apply_baseline, settle_by_reference
from claimcheck.compare import Comparison, compare
from claimcheck.errors import UsageError
from claimcheck.extract import build_gazetteer, extract_article
from claimcheck.load import ARTICLE_SUFFIXES, load_paths
from claimcheck.models import (
    Article,
    Claim,
    ExitCode,
    Finding,
    Reference,
    Report,
    Verdict,
)

FAIL_ON = {"conflict": (Verdict.CONFLICT,), "minor": (Verdict.CONFLICT, Verdict.MINOR), "never": ()}
"""``--fail-on`` levels: the verdicts that make the exit code 1."""

NO_ARTICLE_IN_FOCUS = "(no article in focus)"
"""``Report.focus`` when a focus was asked for but no checked article is in it: nothing counts."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run reads and how findings count."""

    paths: tuple[str, ...]
    reference: Reference | None = None
    focus: tuple[str, ...] | None = None
    """Files or folders whose articles' findings count toward the exit code; None: every
    article. An empty tuple is a focus that no article is in (nothing changed)."""
    baseline: Baseline | None = None
    """Accepted findings: they are suppressed, and entries matching nothing are stale."""
    judge: bool = True
    """Compare the claims; ``False`` only extracts (``claimcheck extract``)."""


def run(options: RunOptions) -> Report:
    """Load the articles, extract their claims, compare them and build the Report."""
    loaded = load_paths([Path(p) for p in options.paths])
    if not loaded.articles:
        where = ", ".join(options.paths)
        raise UsageError(where, "no article found (looked for .txt, .md, .html, .jsonl files)")
    gazetteer = build_gazetteer(options.reference)
    claims = number_claims(
        [claim for article in loaded.articles for claim in extract_article(article, gazetteer)]
    )
    published = {article.path: article.published for article in loaded.articles}
    comparison = (
        compare(claims, options.reference, published)
        if options.judge
        else Comparison(tuple(claims), ())
    )
    focus = focus_articles(loaded.articles, options.focus)
    findings, stale = _accepted(comparison, options.baseline, focus)
    return Report(
        articles=loaded.articles,
        claims=comparison.claims,
        findings=findings,
        reference_path=options.reference.path if options.reference else None,
        problems=loaded.problems,
        skipped_files=loaded.skipped,
        counts=summary_counts(loaded.articles, comparison.claims, findings),
        stale_baseline=stale,
        focus=focus,
    )


def _accepted(
    comparison: Comparison, baseline: Baseline | None, focus: tuple[str, ...]
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """The findings after the baseline and the focus, and the stale baseline entries."""
    findings = comparison.findings
    stale: tuple[str, ...] = ()
    if baseline is not None:
        findings, stale = apply_baseline(findings, baseline)
    return settle_by_reference(findings, comparison.claims, focus), stale


def number_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Give claims short ids in reading order: C1, C2, ..."""
    return [replace(claim, id=f"C{n}") for n, claim in enumerate(claims, start=1)]


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
