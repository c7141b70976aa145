"""Tests for claimcheck.reference: the real claims.yaml, and every broken-file message."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.errors import ReferenceFileError
from claimcheck.models import Reference, ReferenceClaim, ValueKind
from claimcheck.reference import load_reference, parse_tolerance, validate_reference
from claimcheck.vocab import attributes

REPO_CLAIMS = Path(__file__).resolve().parents[1] / "claims.yaml"

Writer = Callable[[str], Path]
Real = tuple[Reference, dict[str, ReferenceClaim]]


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Writer:
    """Write a claims.yaml in a temporary working directory and return its relative path."""
    monkeypatch.chdir(tmp_path)

    def _write(text: str) -> Path:
        path = Path("claims.yaml")
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


def first_error(path: Path) -> str:
    with pytest.raises(ReferenceFileError) as info:
        load_reference(path)
    return str(info.value)


# --- the real reference file ------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Real:
    reference = load_reference(REPO_CLAIMS)
    return reference, {c.id: c for c in reference.claims}


# Every row of the curated fact sheet, by default id. The resolution/frame rate row is two
# claims; Midjourney's CEO and Scale AI's founders, stated in notes, get claims of their own.
EXPECTED_VALUES = {
    "midjourney-founded": "2021",
    "midjourney-founder": "David Holz",
    "midjourney-ceo": "David Holz",
    "midjourney-revenue-2023": "$200 million",
    "midjourney-revenue-2024": "$300 million",
    "midjourney-external-funding": "none",
    "midjourney-headquarters": "San Francisco",
    "midjourney-price": "$10 per month",
    "v1-kind": "video model or image-to-video model",
    "v1-maker": "Midjourney",
    "v1-launch-date": "2025-06-18",
    "v1-clip-length": "5 seconds",
    "v1-max-length": "21 seconds",
    "v1-extension-step": "4 seconds",
    "v1-resolution": "480p",
    "v1-frame-rate": "24 fps",
    "meta-chief-ai-officer": "Alexandr Wang",
    "meta-midjourney-partnership-kind": "licensing or research collaboration",
    "meta-midjourney-partnership-announced-by": "Alexandr Wang",
    "meta-midjourney-partnership-announcement-date": "2025-08-22",
    "meta-midjourney-partnership-announced-on": "Threads or X",
    "meta-image-tool": "Imagine",
    "meta-video-tool": "Movie Gen",
    "meta-research-lab": "Meta Superintelligence Labs",
    "meta-investment-scale-ai": "$14.3 billion",
    "meta-stake-scale-ai": "49%",
    "scale-ai-valuation": "$29 billion",
    "scale-ai-founded": "2016",
    "scale-ai-founder": "Alexandr Wang or Lucy Guo",
    "scale-ai-interim-ceo": "Jason Droege",
    "alexandr-wang-age-2025": "28",
    "sora-maker": "OpenAI",
    "veo-maker": "Google",
    "flux-maker": "Black Forest Labs",
}


def test_real_file_has_every_row(real: Real) -> None:
    _, claims = real
    assert {cid: c.value_text for cid, c in claims.items()} == EXPECTED_VALUES


def test_real_file_every_fact_row_has_a_source(real: Real) -> None:
    reference, _ = real
    unsourced = {c.id for c in reference.claims if not c.sources}
    assert unsourced == {"sora-maker", "veo-maker", "flux-maker"}


def test_real_file_spot_values(real: Real) -> None:
    _, claims = real
    founded = claims["midjourney-founded"].values[0]
    assert (founded.kind, founded.amount) == (ValueKind.YEAR, 2021.0)
    revenue = claims["midjourney-revenue-2023"]
    assert revenue.period == "2023"
    assert revenue.tolerance is not None and revenue.tolerance.relative == 0.05
    assert revenue.values[0].amount == 200e6 and revenue.values[0].unit == "USD"
    longest = claims["v1-max-length"]
    assert longest.values[0].amount == 21.0
    assert longest.tolerance is not None and longest.tolerance.absolute == 1.0
    assert longest.tolerance.text == "1 s"
    platforms = claims["meta-midjourney-partnership-announced-on"]
    assert [v.text for v in platforms.values] == ["Threads", "X"]
    assert platforms.value_text == "Threads or X"
    assert claims["meta-stake-scale-ai"].object == "Scale AI"
    assert claims["meta-stake-scale-ai"].values[0].amount == 49.0
    assert claims["midjourney-external-funding"].values[0].amount == 0.0
    assert claims["alexandr-wang-age-2025"].values[0].amount == 28.0
    assert claims["v1-launch-date"].values[0].kind is ValueKind.DATE


def test_real_file_entities(real: Real) -> None:
    reference, _ = real
    entities = {e.name: e for e in reference.entities}
    deal = entities["Meta–Midjourney partnership"]
    assert deal.kind == "event" and deal.parties == ("Meta", "Midjourney")
    assert "Meta Platforms" in entities["Meta"].aliases
    assert entities["V1"].kind == "product"


# --- parsing rules ----------------------------------------------------------------------


def test_subjects_resolve_through_aliases_and_unknown_ones_become_entities(write: Writer) -> None:
    path = write("""
        version: 1
        entities:
          - name: Meta
            aliases: [Meta Platforms]
        claims:
          - subject: meta platforms
            attribute: stake
            object: Scale AI
            value: 49%
        """)
    reference = load_reference(path)
    claim = reference.claims[0]
    assert (claim.subject, claim.object, claim.id) == ("Meta", "Scale AI", "meta-stake-scale-ai")
    assert claim.path == "claims.yaml" and claim.line == 6
    implicit = [e for e in reference.entities if e.name == "Scale AI"]
    assert implicit and implicit[0].kind == "other"


def test_fiscal_year_end_reads_a_month_name_or_number(write: Writer) -> None:
    path = write("""
        version: 1
        entities:
          - name: Nvidia
            fiscal_year_end: January
          - name: Microsoft
            fiscal_year_end: 6
          - name: Netflix
        """)
    ends = {e.name: e.fiscal_year_end for e in load_reference(path).entities}
    assert ends == {"Nvidia": 1, "Microsoft": 6, "Netflix": 12}


def test_yaml_numbers_and_dates_keep_their_written_text(write: Writer) -> None:
    path = write("""
        claims:
          - {subject: Midjourney, attribute: founded, value: 2021}
          - {subject: V1, attribute: launch date, value: 2025-06-18, id: launch}
          - {subject: Midjourney, attribute: revenue, period: 2023, value: [$200 million, $210M]}
        """)
    founded, launch, revenue = load_reference(path).claims
    assert founded.value_text == "2021" and founded.values[0].kind is ValueKind.YEAR
    assert launch.id == "launch" and launch.values[0].text == "2025-06-18"
    assert revenue.value_text == "$200 million or $210M" and len(revenue.values) == 2
    assert revenue.period == "2023"


@pytest.mark.parametrize(
    ("text", "kind", "relative", "absolute"),
    [
        ("5%", ValueKind.MONEY, 0.05, 0.0),
        ("± 5 %", ValueKind.DURATION, 0.05, 0.0),
        ("1 s", ValueKind.DURATION, 0.0, 1.0),
        ("1 second", ValueKind.DURATION, 0.0, 1.0),
        ("2 minutes", ValueKind.DURATION, 0.0, 120.0),
        ("$5 million", ValueKind.MONEY, 0.0, 5e6),
        ("2", ValueKind.PERCENT, 0.0, 2.0),
        ("3", ValueKind.COUNT, 0.0, 3.0),
        ("1", ValueKind.YEAR, 0.0, 1.0),
        ("2 years", ValueKind.YEAR, 0.0, 2.0),
        ("3 days", ValueKind.DATE, 0.0, 3.0),
    ],
)
def test_parse_tolerance(text: str, kind: ValueKind, relative: float, absolute: float) -> None:
    tolerance = parse_tolerance(text, kind)
    assert (tolerance.relative, tolerance.absolute, tolerance.text) == (relative, absolute, text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("lots", ValueKind.DURATION),
        ("1 s", ValueKind.NAME),
        ("-2", ValueKind.COUNT),
        ("5%", ValueKind.YEAR),  # 5 % of 2021 would be a century: dates take amounts only
    ],
)
def test_parse_tolerance_rejects(text: str, kind: ValueKind) -> None:
    with pytest.raises(ValueError, match="tolerance"):
        parse_tolerance(text, kind)


# --- broken files: one case per problem, with the exact file:line prefix --------------------

BROKEN = {
    "bad yaml": (
        """
        version: 1
        claims:
          - subject: V1
            attribute: max_length
           value: 21 seconds
        """,
        "claims.yaml:5: invalid YAML",
    ),
    "top level not a mapping": ("- version: 1\n", "claims.yaml:1: the file must be a mapping"),
    "unknown top-level key": (
        """
        version: 1
        entites: []
        """,
        "claims.yaml:2: unknown key 'entites' in the file; did you mean 'entities'?",
    ),
    "version": ("version: 2\nclaims: []\n", "claims.yaml:1: unsupported version '2'"),
    "unknown entity key": (
        """
        entities:
          - name: Meta
            alias: [Facebook]
        """,
        "claims.yaml:3: unknown key 'alias' in an entity; did you mean 'aliases'? (allowed: name,",
    ),
    "unknown claim key": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value: 21 seconds
            tolerence: 1 s
        """,
        "claims.yaml:5: unknown key 'tolerence' in a claim; did you mean 'tolerance'?",
    ),
    "missing entity name": (
        """
        entities:
          - kind: person
        """,
        "claims.yaml:2: an entity is missing 'name'",
    ),
    "missing claim value": (
        """
        claims:
          - subject: V1
            attribute: max_length
        """,
        "claims.yaml:2: a claim is missing 'value' (required: subject, attribute, value)",
    ),
    "unknown attribute": (
        """
        claims:
          - subject: V1
            attribute: maximum lenght
            value: 21 seconds
        """,
        "claims.yaml:3: unknown attribute 'maximum lenght'; did you mean 'maximum length'",
    ),
    "value does not parse": (
        """
        claims:
          - subject: V1
            attribute: maximum length
            value: 21 secnds
        """,
        "claims.yaml:4: cannot read '21 secnds' as a duration for attribute 'maximum length'",
    ),
    "one value of a list does not parse": (
        """
        claims:
          - subject: Midjourney
            attribute: founded
            value:
              - 2021
              - last summer
        """,
        "claims.yaml:6: cannot read 'last summer' as a year or a date for attribute 'founded'",
    ),
    "bad tolerance": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value: 21 seconds
            tolerance: a bit
        """,
        "claims.yaml:5: bad tolerance: cannot read 'a bit' as a tolerance for a duration",
    ),
    "tolerance on a name": (
        """
        claims:
          - subject: Meta
            attribute: Chief AI Officer
            value: Alexandr Wang
            tolerance: 1
        """,
        "claims.yaml:5: bad tolerance: a tolerance only applies to numbers",
    ),
    "bad period": (
        """
        claims:
          - subject: Midjourney
            attribute: revenue
            value: $200 million
            period: last year
        """,
        "claims.yaml:5: cannot read period 'last year'",
    ),
    "duplicate explicit id": (
        """
        claims:
          - {id: a, subject: V1, attribute: clip_length, value: 5 seconds}
          - {id: a, subject: V1, attribute: extension_step, value: 4 seconds}
        """,
        "claims.yaml:3: duplicate claim id 'a' (first used on line 2)",
    ),
    "duplicate default id": (
        """
        claims:
          - subject: V1
            attribute: clip_length
            value: 5 seconds
          - subject: V1
            attribute: clip length
            value: 4 seconds
        """,
        "claims.yaml:5: duplicate claim id 'v1-clip-length' (first used on line 2); give one",
    ),
    "alias names two entities": (
        """
        entities:
          - name: Meta
            aliases: [Facebook]
          - name: Facebook
        """,
        "claims.yaml:4: 'Facebook' already names entity 'Meta' (line 2)",
    ),
    "duplicate entity name": (
        """
        entities:
          - name: Meta
          - name: META
        """,
        "claims.yaml:3: 'META' already names entity 'Meta' (line 2)",
    ),
    "party names nothing known": (
        """
        entities:
          - name: Meta
          - name: Midjourney
          - name: the deal
            kind: event
            parties: [Meta, Midjorney]
        """,
        "claims.yaml:6: party 'Midjorney' is not a known entity; did you mean 'Midjourney'?",
    ),
    "parties on a non-event": (
        """
        entities:
          - name: Meta
            parties: [Meta]
        """,
        "claims.yaml:3: 'Meta' is of kind 'organisation'; only an 'event' has parties",
    ),
    "unknown entity kind": (
        """
        entities:
          - name: Meta
            kind: organization
        """,
        "claims.yaml:3: unknown entity kind 'organization'; did you mean 'organisation'?",
    ),
    "aliases not a list": (
        """
        entities:
          - name: Meta
            aliases: Facebook
        """,
        "claims.yaml:3: 'aliases' must be a list of names",
    ),
    "alias not a string": (
        """
        entities:
          - name: Meta
            aliases:
              - {name: Facebook}
        """,
        "claims.yaml:4: each item of 'aliases' must be a single value, not a mapping",
    ),
    "value a mapping": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value: {seconds: 21}
        """,
        "claims.yaml:4: 'value' must be a text, a number or a list of them, not a mapping",
    ),
    "sources not strings": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value: 21 seconds
            sources: [[https://a.example]]
        """,
        "claims.yaml:5: each item of 'sources' must be a single value, not a list",
    ),
    "empty value": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value:
        """,
        "claims.yaml:4: 'value' is empty",
    ),
    "claim not a mapping": (
        """
        claims:
          - V1 is 21 seconds long
        """,
        "claims.yaml:2: a claim must be a mapping of keys to values, not a single value",
    ),
    "fiscal year end not a month": (
        """
        entities:
          - name: Nvidia
            fiscal_year_end: Januar
        """,
        "claims.yaml:3: cannot read month 'Januar'",
    ),
    "claims not a list": ("claims: {}\n", "claims.yaml:1: 'claims' must be a list"),
    "key twice": (
        """
        claims:
          - subject: V1
            attribute: max_length
            value: 21 seconds
            value: 20 seconds
        """,
        "claims.yaml:5: key 'value' appears twice in a claim",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_file_and_line(case: str, write: Writer) -> None:
    text, expected = BROKEN[case]
    assert first_error(write(text)).startswith(expected)


def test_missing_file_has_no_line(write: Writer) -> None:
    write("version: 1\n")
    assert first_error(Path("nowhere.yaml")) == "nowhere.yaml: reference file not found"


def test_empty_file(write: Writer) -> None:
    assert first_error(write("# nothing yet\n")).startswith("claims.yaml: the file is empty")


def test_not_utf8(write: Writer) -> None:
    path = write("version: 1\n")
    path.write_bytes(b"version: 1\nclaims:\n  - subject: Caf\xe9\n")
    assert first_error(path) == "claims.yaml:3: not UTF-8 text"


def test_validate_reports_every_problem_in_line_order(write: Writer) -> None:
    path = write("""
        version: 1
        claims:
          - subject: V1
            attribute: maximum length
            value: 21 secnds
          - subject: V1
            attribute: lenght
            value: 3
          - subject: V1
            valeu: 5 seconds
        entities:
          - name: Meta
            alias: [Facebook]
        """)
    reference, errors = validate_reference(path)
    assert reference is None
    assert [str(e).split(" ", 1)[0] for e in errors] == [
        "claims.yaml:5:",
        "claims.yaml:7:",
        "claims.yaml:9:",
        "claims.yaml:10:",
        "claims.yaml:13:",
    ]
    assert first_error(path) == str(errors[0])


def test_validate_clean_file_returns_reference(write: Writer) -> None:
    path = write("version: 1\nclaims:\n  - {subject: Sora, attribute: maker, value: OpenAI}\n")
    reference, errors = validate_reference(path)
    assert errors == [] and reference is not None and len(reference.claims) == 1


def test_docs_list_every_attribute_and_role() -> None:
    """docs/claims-format.md names every attribute key and role title users may write."""
    doc = (REPO_CLAIMS.parent / "docs" / "claims-format.md").read_text(encoding="utf-8")
    missing = [
        key
        for key, spec in attributes().items()
        if f"`{spec.label if spec.role else key}`" not in doc
    ]
    assert missing == []
