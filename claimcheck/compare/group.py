"""Group claims and turn them into findings.

Each claim is checked against the reference entry for its (subject, attribute, object);
claims about the same thing in different articles are checked against each other. All
grouping goes through dicts, so the cost grows with the number of claims, not their pairs:
``Midjourney founded 2022`` (one article) against ``2021`` (three articles) gives one
cross-article conflict, ``2022 (1 article) vs 2021 (3 articles)``.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _quote

from claimcheck import vocab
from claimcheck.compare.judge import Outcome, assess, judge
from claimcheck.models import (
    VERDICT_RANK,
    Claim,
    Finding,
    FindingKind,
    Reference,
    ReferenceClaim,
    Tolerance,
    Value,
    Verdict,
)
from claimcheck.records import evolve

MAX_VALUES = 50
"""A group with more distinct values compares each only with its most common ones."""

RefKey = tuple[str, str, str]
GroupKey = tuple[str, str, str, str]
RefIndex = dict[RefKey, list[ReferenceClaim]]
Best = tuple[Verdict, str, ReferenceClaim]


def reference_index(reference: Reference | None, canonical: Callable[[str], str]) -> RefIndex:
    """Reference claims keyed by canonical (subject, attribute, object), in file order."""
    index: RefIndex = defaultdict(list)
    for entry in reference.claims if reference else ():
        obj = canonical(entry.object) if entry.object else ""
        index[(canonical(entry.subject), entry.attribute, obj)].append(entry)
    return dict(index)


def is_multi(attribute: str) -> bool:
    """Whether several values of the attribute can all be right (founders, platforms)."""
    spec = vocab.attributes().get(attribute)
    return bool(spec and spec.multi)


def _group_key(claim: Claim) -> GroupKey:
    return claim.subject, claim.attribute, claim.object, claim.period


# Claims against the reference ----------------------------------------------------------


def reference_findings(
    claims: Sequence[Claim],
    index: RefIndex,
    written: Mapping[str, tuple[str, ...]],
    picked: Iterable[int] | None = None,
) -> list[Finding]:
    """One finding per claim comparing it with the reference; with ``picked``, only for
    the claims at those positions (a share of the work), in that order."""
    articles: dict[GroupKey, set[str]] = defaultdict(set)
    for claim in claims:
        articles[_group_key(claim)].add(claim.article)
    best = _BestMemo()
    return [
        _reference_finding(
            claim,
            index.get(_group_key(claim)[:3], []),
            len(articles[_group_key(claim)]),
            written.get(claim.id, ()),
            best,
        )
        for claim in (claims if picked is None else map(claims.__getitem__, picked))
    ]


class _BestMemo(dict[tuple[Value, tuple[int, ...], bool], "Best | None"]):
    """``_best`` by value and entries: many articles state the very same value of a
    subject, and equal values are judged alike (the judge reads only their fields)."""

    def __call__(self, value: Value, entries: list[ReferenceClaim], multi: bool) -> Best | None:
        key = (value, tuple(map(id, entries)), multi)
        if key not in self:
            self[key] = _best(value, entries, multi)
        return self[key]


def _reference_finding(
    claim: Claim,
    entries: list[ReferenceClaim],
    articles: int,
    written: tuple[str, ...],
    best_of: Callable[[Value, list[ReferenceClaim], bool], Best | None],
) -> Finding:
    if not entries:
        sources = "single source" if articles < 2 else f"stated by {articles} articles"
        return _claim_finding(claim, Verdict.UNVERIFIED, f"no reference entry; {sources}", None)
    candidates, note, any_only = _candidates(claim, entries)
    if not candidates:
        return _claim_finding(claim, Verdict.UNVERIFIED, note, entries[0])
    best = best_of(claim.value, candidates, is_multi(claim.attribute))
    if best is None:
        message = _not_comparable(claim, candidates[0])
        return _claim_finding(claim, Verdict.UNVERIFIED, message, candidates[0])
    verdict, reason, entry = best
    if any_only and verdict is not Verdict.AGREE:
        verdict, reason = Verdict.UNVERIFIED, ""
    elif any_only:
        note = f"period not stated; matches the record's figure for {entry.period}"
    verdict, parts = _adjust(claim, verdict, [reason, note], written)
    return _claim_finding(claim, verdict, "; ".join(p for p in parts if p), entry)


def _candidates(
    claim: Claim, entries: list[ReferenceClaim]
) -> tuple[list[ReferenceClaim], str, bool]:
    """Entries the claim compares with, a note about periods, and whether any-agrees rules."""
    periods = _join(sorted({e.period for e in entries if e.period}))
    plain = [e for e in entries if not e.period]
    if claim.period:
        same = [e for e in entries if e.period == claim.period] or plain
        return same, ("" if same else f"the record has figures for {periods} only"), False
    if plain:
        return plain, "", False
    if len(entries) == 1:
        return entries, f"period not stated; the record's figure is for {periods}", False
    return entries, f"period not stated; the record has figures for {periods}", True


def _join(items: Sequence[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _best(value: Value, entries: Iterable[ReferenceClaim], multi: bool) -> Best | None:
    """The most favourable verdict over every acceptable value of every entry."""
    results: list[Best] = []
    for entry in entries:
        for accepted in entry.values:
            judged = judge(value, accepted, entry.tolerance, multi)
            if judged is not None:
                results.append((judged[0], judged[1], entry))
    return min(results, key=lambda r: VERDICT_RANK[r[0]], default=None)


def _not_comparable(claim: Claim, entry: ReferenceClaim) -> str:
    if is_multi(claim.attribute):
        return f"{claim.value.text} is not among the record's values ({entry.value_text})"
    return f"not comparable with the record ({entry.value_text})"


_NEGATED = {Verdict.AGREE: Verdict.CONFLICT, Verdict.MINOR: Verdict.UNVERIFIED}
"""A denial of what the record states conflicts; a denial of something else is unverified."""


def _adjust(
    claim: Claim, verdict: Verdict, parts: list[str], written: tuple[str, ...]
) -> tuple[Verdict, list[str]]:
    """Account for the claim's modality and for names it wrote as variants."""
    if claim.modality == "negated":
        verdict = _NEGATED.get(verdict, Verdict.UNVERIFIED)
        head = f"negated (the article denies it): {parts[0]}" if parts[0] else "negated"
        parts = [head, *parts[1:]]
    elif claim.modality and claim.modality != "asserted" and parts[0]:
        parts = [f"{claim.modality}: {parts[0]}", *parts[1:]]
    if written:
        parts += [f"naming variant: wrote '{name}'" for name in written]
        if verdict is Verdict.AGREE:
            verdict = Verdict.MINOR
    return verdict, parts


def _claim_finding(
    claim: Claim, verdict: Verdict, message: str, entry: ReferenceClaim | None
) -> Finding:
    return Finding(
        kind=FindingKind.REFERENCE,
        verdict=verdict,
        subject=claim.subject,
        attribute=claim.attribute,
        claims=(claim.id,),
        message=message,
        reference=entry,
        object=claim.object,
        period=claim.period,
    )


# Claims across articles ----------------------------------------------------------------


@dataclass(slots=True)
class _Cluster:
    """Claims of one group stating the very same value."""

    value: Value
    members: list[tuple[int, Claim]] = field(default_factory=list)
    text: str = ""
    """The most common wording of the value (ties: alphabetical)."""
    articles: frozenset[str] = frozenset()
    """The articles its claims come from."""


def cross_groups(
    claims: Sequence[Claim], index: RefIndex, share: int = 0, shares: int = 1
) -> list[list[Finding]]:
    """Findings between articles that state the same (subject, attribute, object, period),
    group by group: for every ``shares``-th group from ``share`` on of the groups stated
    by two articles or more (in the order of their first claims). Negated claims are
    left out: they say what is not so."""
    groups: dict[GroupKey, list[tuple[int, Claim]]] = defaultdict(list)
    for position, claim in enumerate(claims):
        if claim.modality != "negated":
            groups[_group_key(claim)].append((position, claim))
    eligible = (
        item for item in groups.items() if len({claim.article for _, claim in item[1]}) >= 2
    )
    out: list[list[Finding]] = []
    quoted = Quoted()
    for number, (key, members) in enumerate(eligible):
        if number % shares == share:
            found = _group_findings(key, members, _group_tolerance(index, key))
            out.append(_stamped(found, members, quoted))
    return out


def _stamped(
    findings: list[Finding], members: list[tuple[int, Claim]], quoted: Quoted
) -> list[Finding]:
    """The group's findings with their fingerprints (see :func:`fingerprint`): each member's
    [path, value] pair is encoded once for all the findings that name it (a majority's
    claims are named by its agreement and by every conflict it is a side of)."""
    pairs = {
        claim.id: (path, text, f"[{quoted[path]},{quoted[text]}]")
        for _, claim in members
        for path, text in [(claim.span.path, claim.value.text)]
    }
    out = []
    for finding in findings:
        listed = ",".join([pair[2] for pair in sorted([pairs[i] for i in finding.claims])])
        stamp = _digest(finding, listed, quoted)
        out.append(evolve(finding, message=sys.intern(finding.message), fingerprint=stamp))
    return out


def _group_tolerance(index: RefIndex, key: GroupKey) -> Tolerance | None:
    entries = index.get(key[:3], [])
    matching = [e for e in entries if e.period in (key[3], "") and e.tolerance is not None]
    return matching[0].tolerance if matching else None


def _identity(value: Value) -> tuple[object, ...]:
    return (value.kind, value.unit, value.per, value.amount, *value.interval(), value.key)


def _clusters(members: list[tuple[int, Claim]]) -> list[_Cluster]:
    """Claims by value identity, most common value first (ties: first stated)."""
    by_value: dict[tuple[object, ...], _Cluster] = {}
    for position, claim in members:
        identity = _identity(claim.value)
        by_value.setdefault(identity, _Cluster(claim.value)).members.append((position, claim))
    for cluster in by_value.values():
        wordings = Counter(c.value.text for _, c in cluster.members)
        cluster.text = min(wordings, key=lambda t: (-wordings[t], t))
        cluster.articles = frozenset(c.article for _, c in cluster.members)
    return sorted(by_value.values(), key=lambda c: (-len(c.members), c.members[0][0]))


def _group_findings(
    key: GroupKey, members: list[tuple[int, Claim]], tolerance: Tolerance | None
) -> list[Finding]:
    clusters = _clusters(members)
    outcomes = _judge_clusters(clusters, tolerance, is_multi(key[1]))
    root = _agreement_sets(len(clusters), outcomes)
    sets: dict[int, list[int]] = defaultdict(list)
    for index in range(len(clusters)):
        sets[root[index]].append(index)
    findings: list[Finding | None] = [
        _cross(key, Verdict.AGREE, [clusters[i] for i in s], []) for s in sets.values()
    ]
    for (left, right), outcome in _disagreements(root, sets, outcomes).items():
        sides = [clusters[i] for i in left], [clusters[i] for i in right]
        findings.append(_cross(key, outcome.verdict, sides[0], sides[1], outcome.why))
    return [f for f in findings if f is not None]


def _judge_clusters(
    clusters: list[_Cluster], tolerance: Tolerance | None, multi: bool
) -> dict[tuple[int, int], Outcome]:
    """Outcomes for cluster pairs, each cluster judged against the most common values only."""
    top = range(min(len(clusters), MAX_VALUES))
    pairs = {(min(i, j), max(i, j)) for j in top for i in range(len(clusters)) if i != j}
    outcomes = {}
    for i, j in sorted(pairs):
        outcome = _either_way(clusters[i].value, clusters[j].value, tolerance, multi)
        if outcome is not None:
            outcomes[(i, j)] = outcome
    return outcomes


def _either_way(a: Value, b: Value, tolerance: Tolerance | None, multi: bool) -> Outcome | None:
    """The more favourable of judging a against b and b against a (tolerance is one-sided)."""
    found = [o for o in (assess(a, b, tolerance, multi), assess(b, a, tolerance, multi)) if o]
    return min(found, key=lambda o: VERDICT_RANK[o.verdict], default=None)


def _agreement_sets(size: int, outcomes: Mapping[tuple[int, int], Outcome]) -> list[int]:
    """Union-find over agreeing clusters: the set root (smallest index) of each cluster."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), outcome in outcomes.items():
        if outcome.verdict is Verdict.AGREE:
            low, high = sorted((find(i), find(j)))
            parent[high] = low
    return [find(i) for i in range(size)]


def _disagreements(
    root: list[int], sets: Mapping[int, list[int]], outcomes: Mapping[tuple[int, int], Outcome]
) -> dict[tuple[tuple[int, ...], tuple[int, ...]], Outcome]:
    """The worst outcome between two agreement sets, and between clusters of one set."""
    worst: dict[tuple[tuple[int, ...], tuple[int, ...]], Outcome] = {}
    for (i, j), outcome in outcomes.items():
        if outcome.verdict is Verdict.AGREE:
            continue
        sides: tuple[tuple[int, ...], tuple[int, ...]] = ((i,), (j,))
        if root[i] != root[j]:
            pair = tuple(sets[root[i]]), tuple(sets[root[j]])
            sides = min(pair), max(pair)
        if sides not in worst or VERDICT_RANK[outcome.verdict] > VERDICT_RANK[worst[sides].verdict]:
            worst[sides] = outcome
    return worst


def _cross(
    key: GroupKey, verdict: Verdict, left: list[_Cluster], right: list[_Cluster], why: str = ""
) -> Finding | None:
    """A cross-article finding, or None when its claims come from a single article."""
    counts = _articles(left), _articles(right)
    if max(counts) < 2 and _articles(left + right) < 2:
        return None
    members = sorted((m for c in left + right for m in c.members), key=_position)
    if right:
        sides = sorted(((left, counts[0]), (right, counts[1])), key=lambda s: (s[1], _first(s[0])))
        message = " vs ".join(_side(side, count) for side, count in sides)
        message += f": {why}" if why else ""
    else:
        message = f"{counts[0]} articles agree: {_texts(left)}"
    subject, attribute, obj, period = key
    return Finding(
        kind=FindingKind.CROSS,
        verdict=verdict,
        subject=subject,
        attribute=attribute,
        claims=tuple(claim.id for _, claim in members),
        message=message,
        object=obj,
        period=period,
    )


def _position(member: tuple[int, Claim]) -> int:
    return member[0]


def _articles(side: list[_Cluster]) -> int:
    """How many articles the side's claims come from."""
    if len(side) == 1:
        return len(side[0].articles)
    return len(frozenset().union(*(c.articles for c in side)))


def _first(side: list[_Cluster]) -> int:
    return min(c.members[0][0] for c in side)


def _texts(side: list[_Cluster]) -> str:
    return " / ".join(dict.fromkeys(c.text for c in side))


def _side(side: list[_Cluster], count: int) -> str:
    return f"{_texts(side)} ({count} article{'' if count == 1 else 's'})"


# Fingerprints and order ----------------------------------------------------------------


class Quoted(dict[str, str]):
    """Texts as JSON strings, each encoded once (a path or value text recurs in many
    findings)."""

    def __missing__(self, text: str) -> str:
        self[text] = encoded = _quote(text)
        return encoded


def fingerprint(finding: Finding, claims: Mapping[str, Claim], quoted: Quoted | None = None) -> str:
    """Stable identity of a finding: what it is about and which words, never line numbers.

    The hash of compact JSON (as ``json.dumps(..., ensure_ascii=False, separators=(",",
    ":"))`` writes it, built with ``json``'s own string encoder) of the finding's kind,
    subject, attribute, object and period, its claims' sorted [path, value text] pairs and
    its reference entry's id. ``quoted`` remembers the JSON of texts already encoded.
    """
    memo = Quoted() if quoted is None else quoted
    pairs = sorted((c.span.path, c.value.text) for i in finding.claims if (c := claims.get(i)))
    return _digest(finding, ",".join(f"[{memo[path]},{memo[text]}]" for path, text in pairs), memo)


def _digest(finding: Finding, listed: str, memo: Quoted) -> str:
    """The fingerprint of ``finding`` whose claims' pairs, sorted, encoded and joined, are
    ``listed``."""
    fields = (str(finding.kind), finding.subject, finding.attribute, finding.object)
    head = ",".join([memo[text] for text in (*fields, finding.period)])
    reference = finding.reference.id if finding.reference else ""
    text = f"[{head},[{listed}],{_quote(reference)}]"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finalise(findings: list[Finding], claims: Sequence[Claim]) -> tuple[Finding, ...]:
    """Findings with fingerprints, most severe first, in a deterministic order.

    ``findings`` is stamped and sorted in place, so that each finding is held once; many
    messages repeat ("no reference entry; single source"), and each text is kept once.
    """
    stamp(findings, claims)
    return tuple(_in_order(findings))


def stamp(findings: list[Finding], claims: Sequence[Claim]) -> None:
    """Give each finding without a fingerprint its fingerprint, in place (cross findings
    are stamped group by group); a message is kept once however many findings repeat it."""
    by_id = {claim.id: claim for claim in claims}
    quoted = Quoted()
    for index, finding in enumerate(findings):
        if not finding.fingerprint:
            mark = fingerprint(finding, by_id, quoted)
            message = sys.intern(finding.message)
            findings[index] = evolve(finding, message=message, fingerprint=mark)


def _in_order(findings: list[Finding]) -> list[Finding]:
    """``findings`` sorted by verdict (worst first), topic, first claim, kind and message.

    The same order as one sort on the whole key, with a fraction of the memory: findings
    are bucketed by verdict and topic, which many share, and each bucket is sorted on the
    rest (a sort is stable, so ties keep their order either way).
    """
    buckets: dict[tuple[int, str, str, str, str], list[Finding]] = {}
    for finding in findings:
        topic = (
            -VERDICT_RANK[finding.verdict],
            finding.subject,
            finding.attribute,
            finding.object,
            finding.period,
        )
        bucket = buckets.get(topic)
        if bucket is None:
            buckets[topic] = [finding]
        else:
            bucket.append(finding)
    findings.clear()
    for topic in sorted(buckets):
        bucket = buckets.pop(topic)
        bucket.sort(key=_order_in_topic)
        findings += bucket
    return findings


def _order_in_topic(finding: Finding) -> tuple[str, str, str]:
    return finding.claims[0] if finding.claims else "", str(finding.kind), finding.message
