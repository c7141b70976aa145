"""The pipeline: load -> extract -> compare -> Report. No click, no rich.

This is the only module that chains the stages; the CLI calls ``run`` and hands the
Report to a reporter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.compare import Comparison, compare
from claimcheck.errors import UsageError
from claimcheck.extract import build_gazetteer, extract_article
from claimcheck.load import load_paths
from claimcheck.models import Claim, Finding, Reference, Report, Verdict


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run reads and how findings count."""

    paths: tuple[str, ...]
    reference: Reference | None = None
    focus: tuple[str, ...] = ()
    """Article paths whose findings count toward the exit code; empty means all."""
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
    comparison = (
        compare(claims, options.reference) if options.judge else Comparison(tuple(claims), ())
    )
    return Report(
        articles=loaded.articles,
        claims=comparison.claims,
        findings=comparison.findings,
        reference_path=options.reference.path if options.reference else None,
        problems=loaded.problems,
        skipped_files=loaded.skipped,
        counts=summary_counts(loaded.articles, comparison.claims, comparison.findings),
        focus=options.focus,
    )


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
