"""Score claimcheck against a hand-written gold file: precision and recall of extracted
claims, cross-article conflicts and reference verdicts, with every miss and false alarm.

A story folder holds articles, its ``claims.yaml`` and ``gold.yaml`` (see
``tests/corpus/README.md``). Claims are matched on (file, line, subject, attribute).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimcheck.load import ARTICLE_SUFFIXES
from claimcheck.models import Claim, FindingKind, Report, Verdict
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference
from claimcheck.vocab import fold_key, resolve_attribute, table

Key = tuple[str, int, str, str]
"""(file, line, subject, attribute), folded."""


@dataclass
class Score:
    """Hits, misses and false alarms of one measure."""

    name: str
    hits: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of what claimcheck reported that the gold confirms."""
        reported = self.hits + len(self.false_alarms)
        return self.hits / reported if reported else 1.0

    @property
    def recall(self) -> float:
        """Share of the gold that claimcheck reported."""
        expected = self.hits + len(self.misses)
        return self.hits / expected if expected else 1.0

    def add(self, other: Score) -> None:
        """Fold another story's score into this one."""
        self.hits += other.hits
        self.misses.extend(other.misses)
        self.false_alarms.extend(other.false_alarms)


MEASURES = ("claims", "cross conflicts", "reference conflicts", "reference verdicts")


@dataclass
class StoryResult:
    """The scores of one story."""

    story: str
    scores: dict[str, Score]


def story_dirs(root: Path) -> list[Path]:
    """Every folder under ``root`` that has a gold.yaml, sorted."""
    return sorted(p.parent for p in root.glob("*/gold.yaml"))


def evaluate_story(story: Path) -> StoryResult:
    """Run the pipeline on one story and compare it with its gold file."""
    gold = yaml.safe_load((story / "gold.yaml").read_text("utf-8")) or {}
    reference = load_reference(story / "claims.yaml")
    paths = tuple(str(p) for p in sorted(story.iterdir()) if p.suffix in ARTICLE_SUFFIXES)
    report = run(RunOptions(paths=paths, reference=reference))
    located = _locations(report.claims, story)
    scores = {
        "claims": _score_claims(gold.get("claims") or [], report.claims, located),
        "cross conflicts": _score_cross(gold.get("cross") or [], report, located),
        "reference conflicts": _score_reference(gold.get("reference") or [], report, located, True),
        "reference verdicts": _score_reference(gold.get("reference") or [], report, located, False),
    }
    return StoryResult(story.name, scores)


def _locations(claims: Iterable[Claim], story: Path) -> dict[str, Key]:
    out = {}
    for claim in claims:
        name = (
            Path(claim.span.path).name
            if Path(claim.span.path).is_absolute()
            else _rel(claim.span.path, story)
        )
        out[claim.id] = (
            name,
            claim.span.line,
            fold_key(claim.subject),
            _attribute(claim.attribute),
        )
    return out


def _rel(path: str, story: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(story.resolve()))
    except ValueError:
        return Path(path).name


def gold_key(entry: dict[str, Any]) -> Key:
    """The match key of a gold entry; ``feed.jsonl#L3`` means line 3 of feed.jsonl."""
    path = str(entry["path"])
    line = int(entry.get("line") or 0)
    if "#L" in path:
        path, _, number = path.partition("#L")
        line = line or int(number)
    return (path, line, fold_key(str(entry["subject"])), _attribute(str(entry["attribute"])))


def _attribute(name: str) -> str:
    """The canonical attribute; exclusive titles (CEO, interim CEO) score as one, since a
    conflict of title pairs a claim under each."""
    key = resolve_attribute(name) or name
    for group in table("titles")["exclusive"]:
        if key in group:
            return str(group[0])
    return key


def _score_claims(
    gold: Sequence[dict[str, Any]], claims: Sequence[Claim], located: dict[str, Key]
) -> Score:
    expected = {gold_key(g) for g in gold}
    found = {located[c.id] for c in claims}
    return _compare_sets("claims", expected, found)


def _compare_sets(name: str, expected: set[Any], found: set[Any]) -> Score:
    score = Score(name, hits=len(expected & found))
    score.misses = sorted(_show(k) for k in expected - found)
    score.false_alarms = sorted(_show(k) for k in found - expected)
    return score


def _show(key: Any) -> str:
    if isinstance(key, tuple) and len(key) == 4 and isinstance(key[1], int):
        return f"{key[0]}:{key[1]} {key[2]} {key[3]}"
    return str(key)


def _score_reference(
    gold: Sequence[dict[str, Any]], report: Report, located: dict[str, Key], conflicts_only: bool
) -> Score:
    expected = {(gold_key(g), g["verdict"]) for g in gold}
    found = set()
    for finding in report.findings:
        if finding.kind is FindingKind.REFERENCE and finding.verdict is not Verdict.UNVERIFIED:
            for claim_id in finding.claims:
                found.add((located[claim_id], finding.verdict.value))
    if conflicts_only:
        expected = {e for e in expected if e[1] == "conflict"}
        found = {f for f in found if f[1] == "conflict"}
    name = "reference conflicts" if conflicts_only else "reference verdicts"
    return _compare_sets(name, {_flat(e) for e in expected}, {_flat(f) for f in found})


def _flat(item: tuple[Key, str]) -> str:
    key, verdict = item
    return f"{key[0]}:{key[1]} {key[2]} {key[3]} -> {verdict}"


def _score_cross(gold: Sequence[dict[str, Any]], report: Report, located: dict[str, Key]) -> Score:
    pairs = [_gold_pair(g) for g in gold if g.get("verdict") == "conflict"]
    findings = [
        {located[c] for c in f.claims}
        for f in report.findings
        if f.kind is FindingKind.CROSS and f.verdict is Verdict.CONFLICT and f.suppressed is None
    ]
    score = Score("cross conflicts")
    for pair in pairs:
        if any(_pair_in(pair, found) for found in findings):
            score.hits += 1
        else:
            score.misses.append(_show_pair(pair))
    for found in findings:
        if not any(_pair_in(pair, found) for pair in pairs):
            score.false_alarms.append(", ".join(sorted(_show(k) for k in found)))
    return score


def _gold_pair(entry: dict[str, Any]) -> tuple[Key, Key]:
    a, b = (_split_location(s) for s in entry["between"])
    subject, attribute = fold_key(str(entry["subject"])), _attribute(str(entry["attribute"]))
    return (a[0], a[1], subject, attribute), (b[0], b[1], subject, attribute)


def _split_location(text: str) -> tuple[str, int]:
    path, _, line = str(text).rpartition(":")
    if "#L" in path:
        path, _, number = path.partition("#L")
        return path, int(number)
    return path, int(line)


def _pair_in(pair: tuple[Key, Key], found: set[Key]) -> bool:
    return pair[0] in found and pair[1] in found


def _show_pair(pair: tuple[Key, Key]) -> str:
    return f"{pair[0][2]} {pair[0][3]}: {pair[0][0]}:{pair[0][1]} vs {pair[1][0]}:{pair[1][1]}"


def evaluate(root: Path) -> tuple[list[StoryResult], dict[str, Score]]:
    """Every story under ``root`` and the overall scores."""
    results = [evaluate_story(story) for story in story_dirs(root)]
    overall = {name: Score(name) for name in MEASURES}
    for result in results:
        for name, score in result.scores.items():
            overall[name].add(score)
    return results, overall


def format_results(
    results: Sequence[StoryResult], overall: dict[str, Score], details: bool = True
) -> str:
    """A plain-text table of precision and recall, then every miss and false alarm."""
    lines = [f"{'story':28} {'measure':22} {'precision':>9} {'recall':>7}  hits miss false"]
    rows = [(r.story, r.scores) for r in results] + [("OVERALL", overall)]
    for story, scores in rows:
        for name in MEASURES:
            s = scores[name]
            lines.append(
                f"{story:28} {name:22} {s.precision:9.3f} {s.recall:7.3f}  "
                f"{s.hits:4} {len(s.misses):4} {len(s.false_alarms):5}"
            )
    if details:
        for result in results:
            for name in MEASURES:
                s = result.scores[name]
                lines += [f"{result.story}: missed {name}: {m}" for m in s.misses]
                lines += [f"{result.story}: false {name}: {m}" for m in s.false_alarms]
    return "\n".join(lines) + "\n"
