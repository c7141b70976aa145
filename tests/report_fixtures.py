"""A hand-built, realistic Report shared by the reporter tests.

Two articles about the Meta-Midjourney deal; findings: a reference conflict with a note
and sources, a minor difference, a reference agreement, a cross-article agreement, an
unverified claim, a conflict suppressed by a baseline; one loading problem.
"""

from __future__ import annotations

from typing import Any

from claimcheck.models import (
    Article,
    Claim,
    Finding,
    FindingKind,
    Problem,
    ReferenceClaim,
    Report,
    Span,
    Tolerance,
    Value,
    ValueKind,
    Verdict,
)

TECHWIRE = "articles/techwire.md"
DAILY = "articles/daily-ai.md"

TECHWIRE_TEXT = """---
title: Meta's Game-Changing Partnership with Midjourney
---
# Meta's Game-Changing Partnership with Midjourney

Meta has formed a partnership with Midjourney, announced by Meta's Chief AI Officer Alexandr Wang.
Founded in 2022, Midjourney gained immediate traction in AI image generation.
By 2023, the company was projected to hit $200 million in revenue, according to Reuters.
"""

DAILY_TEXT = """Meta & Midjourney: a <licensing> deal

Meta's Chief AI Officer, Alexandr Wang, confirmed the news on Threads last Saturday.
Specs | V1 can make videos up to 20 seconds long.
Midjourney has about 20 million users.
"""


def _span(path: str, text: str, quote: str) -> Span:
    """Where ``quote`` first stands in ``text`` (1-based; end column just past the quote)."""
    start = text.index(quote)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    sentence = text.splitlines()[line - 1].strip()
    return Span(path, line, column, line, column + len(quote), quote, sentence)


def _claim(cid: str, path: str, text: str, quote: str, **fields: Any) -> Claim:
    return Claim(id=cid, article=path, span=_span(path, text, quote), **fields)


def _ref(
    rid: str, subject: str, attribute: str, value_text: str, line: int, **fields: Any
) -> ReferenceClaim:
    return ReferenceClaim(
        id=rid,
        subject=subject,
        attribute=attribute,
        values=(),
        value_text=value_text,
        path="claims.yaml",
        line=line,
        **fields,
    )


FOUNDED = _ref(
    "midjourney-founded",
    "Midjourney",
    "founded",
    "2021",
    12,
    note="Founded in August 2021 by David Holz; the Discord opened in 2022.",
    sources=(
        "https://aistoriz.com/midjourney-history",
        "https://officechai.com/ai/meta-midjourney",
    ),
)
REVENUE = _ref(
    "midjourney-revenue-2023",
    "Midjourney",
    "revenue",
    "$200 million",
    20,
    period="2023",
    tolerance=Tolerance(relative=0.05, text="5%"),
    note="Reported, not audited.",
    sources=("https://founderoo.co/playbooks/david-holz-midjourney",),
)
MAX_LENGTH = _ref(
    "v1-max-length",
    "V1",
    "maximum video length",
    "21 seconds",
    41,
    tolerance=Tolerance(absolute=1.0, text="1 s"),
    note="5 s plus up to four 4 s extensions.",
    sources=("https://gadgetbond.com/midjourney-ai-video-generator",),
)
ANNOUNCED = _ref(
    "partnership-date",
    "Meta–Midjourney partnership",
    "announcement weekday",
    "Friday",
    55,
    sources=("https://www.cosmico.org/meta-partners-with-midjourney",),
)

CLAIMS = (
    _claim(
        "C1",
        TECHWIRE,
        TECHWIRE_TEXT,
        "Chief AI Officer Alexandr Wang",
        subject="Meta",
        attribute="chief ai officer",
        value=Value(ValueKind.NAME, "Alexandr Wang", key="alexandr wang"),
    ),
    _claim(
        "C2",
        TECHWIRE,
        TECHWIRE_TEXT,
        "Founded in 2022",
        subject="Midjourney",
        attribute="founded",
        value=Value(ValueKind.YEAR, "2022", amount=2022.0, low=2022.0, high=2022.0),
    ),
    _claim(
        "C3",
        TECHWIRE,
        TECHWIRE_TEXT,
        "projected to hit $200 million in revenue",
        subject="Midjourney",
        attribute="revenue",
        period="2023",
        modality="projected",
        claimant="according to Reuters",
        subject_text="the company",
        value=Value(
            ValueKind.MONEY, "$200 million", amount=2e8, unit="USD", low=1.95e8, high=2.05e8
        ),
    ),
    _claim(
        "C4",
        DAILY,
        DAILY_TEXT,
        "Chief AI Officer, Alexandr Wang",
        subject="Meta",
        attribute="chief ai officer",
        value=Value(ValueKind.NAME, "Alexandr Wang", key="alexandr wang"),
    ),
    _claim(
        "C5",
        DAILY,
        DAILY_TEXT,
        "last Saturday",
        subject="Meta–Midjourney partnership",
        attribute="announcement weekday",
        value=Value(ValueKind.WEEKDAY, "Saturday", key="saturday"),
    ),
    _claim(
        "C6",
        DAILY,
        DAILY_TEXT,
        "up to 20 seconds",
        subject="V1",
        attribute="maximum video length",
        qualifier="up to",
        value=Value(ValueKind.DURATION, "20 seconds", amount=20.0, unit="s", low=0.0, high=20.0),
    ),
    _claim(
        "C7",
        DAILY,
        DAILY_TEXT,
        "about 20 million users",
        subject="Midjourney",
        attribute="users",
        qualifier="about",
        value=Value(
            ValueKind.COUNT, "20 million users", amount=2e7, unit="users", low=1.5e7, high=2.5e7
        ),
    ),
)

FINDINGS = (
    Finding(
        FindingKind.REFERENCE,
        Verdict.CONFLICT,
        "Midjourney",
        "founded",
        ("C2",),
        "Midjourney founded: article says 2022, reference says 2021",
        reference=FOUNDED,
        fingerprint="fp-founded",
    ),
    Finding(
        FindingKind.REFERENCE,
        Verdict.MINOR,
        "V1",
        "maximum video length",
        ("C6",),
        "V1 maximum video length: up to 20 seconds is within 1 s (5%) of 21 seconds",
        reference=MAX_LENGTH,
        fingerprint="fp-length",
    ),
    Finding(
        FindingKind.REFERENCE,
        Verdict.AGREE,
        "Midjourney",
        "revenue",
        ("C3",),
        "Midjourney revenue (2023) matches the reference",
        reference=REVENUE,
        period="2023",
        fingerprint="fp-revenue",
    ),
    Finding(
        FindingKind.CROSS,
        Verdict.AGREE,
        "Meta",
        "chief ai officer",
        ("C1", "C4"),
        "2 articles agree: Alexandr Wang",
        fingerprint="fp-cao",
    ),
    Finding(
        FindingKind.CROSS,
        Verdict.UNVERIFIED,
        "Midjourney",
        "users",
        ("C7",),
        "single source: no other article or reference entry states this",
        fingerprint="fp-users",
    ),
    Finding(
        FindingKind.REFERENCE,
        Verdict.CONFLICT,
        "Meta–Midjourney partnership",
        "announcement weekday",
        ("C5",),
        "announced on Saturday, reference says Friday",
        reference=ANNOUNCED,
        fingerprint="fp-weekday",
        suppressed="outlet corrected it; see #12",
    ),
)

# As the pipeline hands them to reporters: metadata only, the text dropped after extraction.
ARTICLES = (
    Article(
        TECHWIRE,
        "",
        "",
        title="Meta's Game-Changing Partnership with Midjourney",
        outlet="TechWire",
        url="https://techwire.example/meta-midjourney",
        published="2025-08-23",
        language="en",
        body_start=60,
    ),
    Article(DAILY, "", "", title="Meta & Midjourney: a <licensing> deal", language="en"),
)


def make_report() -> Report:
    """The shared report: two articles, seven claims, six findings, one problem."""
    return Report(
        articles=ARTICLES,
        claims=CLAIMS,
        findings=FINDINGS,
        reference_path="claims.yaml",
        problems=(Problem("articles/broken.txt", "not valid UTF-8; decoded as cp1252", line=3),),
        skipped_files=1,
        counts={"articles": 2, "claims": 7},
        stale_baseline=("fp-old-entry",),
    )
