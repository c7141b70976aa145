"""Frozen records passed between the pipeline stages, and the enums they use.

Every stage imports this module; no stage imports another stage sideways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """Process exit status: the CLI returns one, only ``main()`` exits."""

    OK = 0
    FINDINGS = 1
    USAGE = 2


class ValueKind(StrEnum):
    """What sort of value a claim states; decides how two values are compared."""

    MONEY = "money"
    DURATION = "duration"
    PERCENT = "percent"
    COUNT = "count"
    YEAR = "year"
    DATE = "date"
    WEEKDAY = "weekday"
    NAME = "name"
    CATEGORY = "category"


NUMERIC_KINDS = frozenset({ValueKind.MONEY, ValueKind.DURATION, ValueKind.PERCENT, ValueKind.COUNT})


class Verdict(StrEnum):
    """Outcome of comparing claims with each other or with the reference."""

    AGREE = "agree"
    MINOR = "minor"
    CONFLICT = "conflict"
    UNVERIFIED = "unverified"


VERDICT_RANK = {Verdict.UNVERIFIED: 0, Verdict.AGREE: 1, Verdict.MINOR: 2, Verdict.CONFLICT: 3}


class FindingKind(StrEnum):
    """Whether a finding compares claims with the reference or with each other."""

    REFERENCE = "reference"
    CROSS = "cross"


@dataclass(frozen=True, slots=True)
class Value:
    """A typed, normalised value together with the interval it allows.

    Numbers keep the precision they were written with: ``$14 billion`` allows
    13.5e9..14.5e9, ``up to 20 seconds`` allows 0..20.
    """

    kind: ValueKind
    text: str
    """The value as a person would write it (``$200 million``, ``Alexandr Wang``)."""
    amount: float | None = None
    """Normalised number: currency units, seconds, percent, count, year or ordinal day."""
    unit: str = ""
    """ISO 4217 code for money, ``s``, ``%``, the counted noun, or empty."""
    low: float | None = None
    """Lower bound of the allowed interval; None is unbounded."""
    high: float | None = None
    """Upper bound of the allowed interval; None is unbounded."""
    low_open: bool = False
    high_open: bool = False
    per: str = ""
    """Rate period for prices and rates (``month`` for ``$10 per month``)."""
    key: str = ""
    """Canonical comparison key for names, categories and weekdays (lower case)."""

    def interval(self) -> tuple[float | None, float | None, bool, bool]:
        """The allowed interval as (low, high, low_open, high_open)."""
        return self.low, self.high, self.low_open, self.high_open


@dataclass(frozen=True, slots=True)
class Span:
    """Where a claim's words stand in the original file (1-based line and column)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    quote: str
    """The exact words of the original file the claim came from."""
    sentence: str
    """The whole sentence, as written in the file."""


@dataclass(frozen=True, slots=True)
class Claim:
    """One checkable statement found in an article."""

    id: str
    article: str
    """``Article.path`` of the article the claim comes from."""
    subject: str
    """Canonical entity the claim is about (resolved against the reference)."""
    attribute: str
    """Canonical attribute key (``founded``, ``revenue``, ``chief ai officer``)."""
    value: Value
    span: Span
    object: str = ""
    """Second entity for relational attributes (``stake`` in *Scale AI*)."""
    qualifier: str = ""
    """Wording that bounds the value (``up to``, ``about``, ``range``)."""
    modality: str = "asserted"
    """``asserted``, ``projected``, ``expected``, ``estimated``, ``reported`` or ``negated``."""
    claimant: str = ""
    """Who the article attributes the claim to (``Reuters`` for "according to Reuters")."""
    period: str = ""
    """The period a figure is for (``2023``), empty when not stated."""
    subject_text: str = ""
    """The subject as the article wrote it, when that differs from the canonical name."""


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far a value may differ from the reference and still count as minor."""

    relative: float = 0.0
    """Fraction of the reference value (``5%`` is 0.05)."""
    absolute: float = 0.0
    """Absolute amount in the value's normalised unit (``1 s`` is 1.0)."""
    text: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named thing in the reference, with the other names coverage uses for it."""

    name: str
    kind: str = "organisation"
    aliases: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    """For an event (a deal, a partnership): the entities it links."""
    line: int = 0
    fiscal_year_end: int = 12
    """Month its fiscal year ends (1-12); "fiscal 2025" is the year ending in 2025."""


@dataclass(frozen=True, slots=True)
class ReferenceClaim:
    """One curated fact from claims.yaml."""

    id: str
    subject: str
    attribute: str
    values: tuple[Value, ...]
    """Any one of these values is correct."""
    value_text: str
    object: str = ""
    period: str = ""
    tolerance: Tolerance | None = None
    note: str = ""
    sources: tuple[str, ...] = ()
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Reference:
    """The parsed reference file."""

    path: str
    entities: tuple[Entity, ...] = ()
    claims: tuple[ReferenceClaim, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One loaded article: metadata plus its text, normalised for matching."""

    path: str
    """Unique name of the article: the file path, or ``feed.jsonl#L3`` for a feed item."""
    text: str
    """Decoded text with typographic characters folded one-for-one (same offsets)."""
    original: str
    """Decoded text exactly as in the file, for quoting."""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    body_start: int = 0
    """Offset where the body begins (after front matter)."""
    source_path: str = ""
    """File the text came from, when it differs from ``path`` (feed items)."""
    anchors: tuple[tuple[int, int, int], ...] = ()
    """(offset in text, line, column) points for text extracted from markup (HTML, JSON
    Lines); empty when ``text`` is the file itself, so offsets map to lines directly."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A verdict on claims: against the reference, or between articles."""

    kind: FindingKind
    verdict: Verdict
    subject: str
    attribute: str
    claims: tuple[str, ...]
    """Ids of the claims involved."""
    message: str
    reference: ReferenceClaim | None = None
    object: str = ""
    period: str = ""
    fingerprint: str = ""
    """Stable identity for baselines: path, subject, attribute and values, never lines."""
    suppressed: str | None = None
    """The baseline's reason when a baseline entry suppresses this finding, else None."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A non-fatal problem met while loading (a skipped or badly encoded file)."""

    path: str
    message: str
    line: int = 0
    severity: str = "error"
    """``error`` when the article (or feed line) was skipped, ``warning`` when it was read."""


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found; every output format is derived from this."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...]
    reference_path: str | None = None
    problems: tuple[Problem, ...] = ()
    skipped_files: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    """Summary counts: articles, claims, and findings per verdict."""
    stale_baseline: tuple[str, ...] = ()
    """Fingerprints of baseline entries that matched no finding."""
    focus: tuple[str, ...] = ()
    """Paths whose findings count toward the exit code; empty means all."""
