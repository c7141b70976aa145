"""compare(): name resolution, claims against the reference, and claims across articles."""

from __future__ import annotations

import random
from datetime import date

from claimcheck.compare import Comparison, compare
from claimcheck.compare.resolve import EntityResolver, cluster_names, fold_name
from claimcheck.models import (
    Claim,
    Entity,
    FindingKind,
    Reference,
    ReferenceClaim,
    Span,
    Tolerance,
    Value,
    ValueKind,
    Verdict,
)

AGREE, MINOR, CONFLICT, UNVERIFIED = (
    Verdict.AGREE,
    Verdict.MINOR,
    Verdict.CONFLICT,
    Verdict.UNVERIFIED,
)
CROSS, REFERENCE = FindingKind.CROSS, FindingKind.REFERENCE


# Building claims and references by hand -------------------------------------------------


def usd(text: str, amount: float, step: float) -> Value:
    return Value(ValueKind.MONEY, text, amount, "USD", amount - step / 2, amount + step / 2)


def year(number: int) -> Value:
    low, high = date(number, 1, 1).toordinal(), date(number, 12, 31).toordinal()
    return Value(ValueKind.YEAR, str(number), number, low=low, high=high)


def name(text: str) -> Value:
    return Value(ValueKind.NAME, text, key=text.lower())


def count(number: int) -> Value:
    return Value(ValueKind.COUNT, str(number), number, low=number, high=number)


def claim(cid: str, article: str, subject: str, attribute: str, value: Value, **kw) -> Claim:
    line = kw.pop("line", 1)
    span = Span(article, line, 1, line, 10, value.text, f"... {value.text} ...")
    return Claim(cid, article, subject, attribute, value, span, **kw)


def entry(rid: str, subject: str, attribute: str, *values: Value, **kw) -> ReferenceClaim:
    text = ", ".join(v.text for v in values)
    return ReferenceClaim(rid, subject, attribute, values, text, path="claims.yaml", **kw)


def reference(*claims: ReferenceClaim, entities: tuple[Entity, ...] = ()) -> Reference:
    return Reference("claims.yaml", entities, claims)


def found(result: Comparison, kind: FindingKind) -> list[tuple[Verdict, str]]:
    return [(f.verdict, f.message) for f in result.findings if f.kind is kind]


MIDJOURNEY = Entity("Midjourney", aliases=("Midjourney Inc",))
META = Entity("Meta", aliases=("Meta Platforms", "Facebook"))
METAVERSE = Entity("Metaverse", kind="product")
WANG = Entity("Alexandr Wang", kind="person")
SUPERINTELLIGENCE = Entity("Meta Superintelligence Labs")
ENTITIES = (MIDJOURNEY, META, METAVERSE, WANG, SUPERINTELLIGENCE)


# Resolving names --------------------------------------------------------------------------


def test_fold_name_drops_article_possessive_punctuation_and_suffix():
    assert fold_name("The Meta Platforms, Inc.'s") == "meta platforms"
    assert fold_name("Scale-AI") == "scale ai"
    assert fold_name("Holdings") == "holdings"


def test_resolver_exact_alias_fuzzy_spelling_and_short_names():
    resolver = EntityResolver(reference(entities=ENTITIES))
    assert resolver.resolve("Meta Platforms, Inc.") == ("Meta", False)
    assert resolver.resolve("midjourney") == ("Midjourney", False)
    assert resolver.resolve("Alexander Wang") == ("Alexandr Wang", True)
    assert resolver.resolve("Meta") == ("Meta", False)
    assert resolver.resolve("Metav") == ("Metav", False)
    assert resolver.resolve("Meta Superintelligence Labs team") == (
        "Meta Superintelligence Labs",
        True,
    )
    assert resolver.resolve("Jason Droege") == ("Jason Droege", False)


def test_short_unknown_name_never_resolves_to_a_longer_entity():
    resolver = EntityResolver(reference(entities=(METAVERSE,)))
    assert resolver.resolve("Meta") == ("Meta", False)
    assert resolver.lookup("Meta") is None


def test_unknown_names_cluster_on_the_most_frequent_spelling_whatever_the_order():
    names = ["Alexander Wang"] * 3 + ["Alexandr Wang"] * 2 + ["Google", "Goggle", "Google"]
    names += ["Meta", "Meta Platforms", "Scale AI", "Scale-AI"]
    expected = {
        "Alexander Wang": "Alexander Wang",
        "Alexandr Wang": "Alexander Wang",
        "Google": "Google",
        "Goggle": "Google",
        "Meta": "Meta",
        "Meta Platforms": "Meta Platforms",
        "Scale AI": "Scale AI",
        "Scale-AI": "Scale AI",
    }
    for seed in range(5):
        random.Random(seed).shuffle(names)
        counts: dict[str, int] = {}
        for n in names:
            counts[n] = counts.get(n, 0) + 1
        assert cluster_names(counts) == expected


def test_claims_about_unknown_names_from_two_articles_share_one_subject():
    claims = [
        claim("a1", "a.md", "Alexandr Wang", "age", count(28)),
        claim("b1", "b.md", "Alexander Wang", "age", count(28)),
        claim("c1", "c.md", "Alexander Wang", "age", count(28)),
    ]
    for order in (claims, claims[::-1]):
        result = compare(order, None)
        assert {c.subject for c in result.claims} == {"Alexander Wang"}
        assert found(result, CROSS) == [(AGREE, "3 articles agree: 28")]


def test_fuzzily_resolved_subject_is_a_naming_variant_never_agree():
    ref = reference(entry("r1", "Alexandr Wang", "age", count(28)), entities=ENTITIES)
    result = compare([claim("a1", "a.md", "Alexander Wang", "age", count(28))], ref)
    assert result.claims[0].subject == "Alexandr Wang"
    assert result.claims[0].subject_text == "Alexander Wang"
    [finding] = result.findings
    assert finding.verdict is MINOR
    assert "naming variant: wrote 'Alexander Wang'" in finding.message


def test_exact_alias_is_not_a_naming_variant():
    ref = reference(entry("r1", "Meta", "employees", count(70000)), entities=ENTITIES)
    result = compare([claim("a1", "a.md", "Meta Platforms", "employees", count(70000))], ref)
    assert result.claims[0].subject == "Meta"
    assert found(result, REFERENCE) == [(AGREE, "70000 matches the record")]


def test_name_values_written_as_an_alias_agree():
    ref = reference(entry("r1", "Veo", "maker", name("Meta")), entities=ENTITIES)
    result = compare([claim("a1", "a.md", "Veo", "maker", name("Facebook"))], ref)
    assert found(result, REFERENCE)[0][0] is AGREE
    assert result.claims[0].value.text == "Facebook"


# Claims against the reference --------------------------------------------------------------

REVENUE = (
    entry(
        "rev23",
        "Midjourney",
        "revenue",
        usd("$200 million", 200e6, 1e6),
        period="2023",
        tolerance=Tolerance(relative=0.05, text="5%"),
    ),
    entry("rev24", "Midjourney", "revenue", usd("$300 million", 300e6, 1e6), period="2024"),
)


def revenue(cid: str, text: str, amount: float, period: str = "", **kw) -> Claim:
    value = usd(text, amount, 1e6)
    return claim(
        cid, kw.pop("article", "a.md"), "Midjourney", "revenue", value, period=period, **kw
    )


def test_figures_for_different_periods_never_conflict():
    ref = reference(REVENUE[1])
    result = compare([revenue("a1", "$200 million", 200e6, "2023")], ref)
    assert found(result, REFERENCE) == [(UNVERIFIED, "the record has figures for 2024 only")]


def test_claim_compares_with_the_entry_for_its_period_and_its_tolerance():
    result = compare([revenue("a1", "$210 million", 210e6, "2023")], reference(*REVENUE))
    [finding] = result.findings
    assert (finding.verdict, finding.reference.id) == (MINOR, "rev23")
    assert "within tolerance of 5%" in finding.message


def test_claim_without_period_and_one_entry_notes_the_period():
    result = compare([revenue("a1", "$200 million", 200e6)], reference(REVENUE[0]))
    [(verdict, message)] = found(result, REFERENCE)
    assert verdict is AGREE
    assert "period not stated; the record's figure is for 2023" in message


def test_claim_without_period_and_several_entries_agrees_only_when_one_matches():
    claims = [revenue("a1", "$300 million", 300e6), revenue("a2", "$250 million", 250e6)]
    result = compare(claims, reference(*REVENUE))
    by_claim = {f.claims[0]: f for f in result.findings}
    assert by_claim["a1"].verdict is AGREE
    assert by_claim["a1"].reference.id == "rev24"
    assert by_claim["a2"].verdict is UNVERIFIED
    assert "period not stated" in by_claim["a2"].message


def test_any_listed_value_is_right_and_unlisted_multi_values_are_unverified():
    platforms = entry("on", "Meta", "announced_on", name("Threads"), name("X"))
    claims = [
        claim("a1", "a.md", "Meta", "announced_on", name("X")),
        claim("a2", "a.md", "Meta", "announced_on", name("Threads")),
        claim("a3", "a.md", "Meta", "announced_on", name("Instagram")),
    ]
    verdicts = {f.claims[0]: f.verdict for f in compare(claims, reference(platforms)).findings}
    assert verdicts == {"a1": AGREE, "a2": AGREE, "a3": UNVERIFIED}


def test_conflict_with_the_record_and_modality_in_the_message():
    ref = reference(entry("f", "Midjourney", "founded", year(2021)))
    claims = [
        claim("a1", "a.md", "Midjourney", "founded", year(2022)),
        claim("b1", "b.md", "Midjourney", "founded", year(2022), modality="reported"),
        claim("c1", "c.md", "Midjourney", "founded", year(2021), modality="negated"),
    ]
    messages = {
        f.claims[0]: (f.verdict, f.message)
        for f in compare(claims, ref).findings
        if f.kind is REFERENCE
    }
    assert messages["a1"] == (CONFLICT, "2022, but the record says 2021")
    assert messages["b1"] == (CONFLICT, "reported: 2022, but the record says 2021")
    assert messages["c1"][0] is CONFLICT
    assert messages["c1"][1].startswith("negated")


def test_claims_without_reference_entry_count_their_sources():
    claims = [
        claim("a1", "a.md", "Scale AI", "employees", count(900)),
        claim("b1", "b.md", "Scale AI", "employees", count(900)),
        claim("a2", "a.md", "Scale AI", "founded", year(2016)),
    ]
    messages = {
        f.claims[0]: f.message for f in compare(claims, reference()).findings if f.kind is REFERENCE
    }
    assert messages["a1"] == "no reference entry; stated by 2 articles"
    assert messages["a2"] == "no reference entry; single source"


def test_without_a_reference_only_cross_findings_are_made():
    claims = [claim("a1", "a.md", "Scale AI", "founded", year(2016))]
    assert compare(claims, None).findings == ()


# Claims across articles ---------------------------------------------------------------------


def founded(cid: str, article: str, number: int) -> Claim:
    return claim(cid, article, "Midjourney", "founded", year(number))


def test_cross_article_agreement_and_conflict():
    claims = [founded("a1", "a.md", 2021), founded("b1", "b.md", 2021)]
    claims += [founded("c1", "c.md", 2021), founded("d1", "d.md", 2022)]
    result = compare(claims, None)
    assert found(result, CROSS) == [
        (CONFLICT, "2022 (1 article) vs 2021 (3 articles)"),
        (AGREE, "3 articles agree: 2021"),
    ]
    conflict = result.findings[0]
    assert sorted(conflict.claims) == ["a1", "b1", "c1", "d1"]


def test_claims_of_a_single_article_make_no_cross_finding():
    claims = [founded("a1", "a.md", 2021), founded("a2", "a.md", 2022)]
    assert compare(claims, None).findings == ()


def test_multi_valued_attribute_names_never_conflict_across_articles():
    claims = [
        claim("a1", "a.md", "Meta", "announced_on", name("Threads")),
        claim("b1", "b.md", "Meta", "announced_on", name("X")),
    ]
    assert compare(claims, None).findings == ()


def test_cross_article_minor_uses_the_reference_tolerance():
    claims = [
        revenue("a1", "$200 million", 200e6, "2023", article="a.md"),
        revenue("b1", "$205 million", 205e6, "2023", article="b.md"),
    ]
    result = compare(claims, reference(*REVENUE))
    assert found(result, CROSS) == [
        (MINOR, "$200 million (1 article) vs $205 million (1 article): within tolerance of 5%")
    ]


def test_large_group_with_few_values():
    values = [usd("$14.3 billion", 14.3e9, 0.1e9), usd("$14 billion", 14e9, 1e9)]
    values.append(usd("$16 billion", 16e9, 1e9))
    claims = [
        claim(f"c{i}", f"art{i % 100}.md", "Meta", "investment", values[i % 3], object="Scale AI")
        for i in range(10_000)
    ]
    result = compare(claims, None)
    verdicts = sorted((f.verdict, f.message) for f in result.findings)
    assert [v for v, _ in verdicts].count(AGREE) == 3
    assert (
        MINOR,
        "$14.3 billion (100 articles) vs $14 billion (100 articles): rounding",
    ) in verdicts
    assert len(result.findings) == 6
    assert all(len(f.claims) > 3000 for f in result.findings)


# Fingerprints and order -------------------------------------------------------------------


def test_fingerprint_ignores_line_numbers_but_not_values():
    ref = reference(entry("f", "Midjourney", "founded", year(2021)))
    first = compare([claim("a1", "a.md", "Midjourney", "founded", year(2022), line=3)], ref)
    moved = compare([claim("a1", "a.md", "Midjourney", "founded", year(2022), line=40)], ref)
    other = compare([claim("a1", "a.md", "Midjourney", "founded", year(2020), line=3)], ref)
    fingerprint = first.findings[0].fingerprint
    assert len(fingerprint) == 16
    assert int(fingerprint, 16) >= 0
    assert moved.findings[0].fingerprint == fingerprint
    assert other.findings[0].fingerprint != fingerprint


def test_findings_are_sorted_by_severity_and_stable_under_shuffling():
    ref = reference(entry("f", "Midjourney", "founded", year(2021)), *REVENUE)
    claims = [founded("a1", "a.md", 2022), founded("b1", "b.md", 2021)]
    claims += [revenue("c1", "$300 million", 300e6, "2024"), revenue("d1", "$1", 1, "2019")]
    result = compare(claims, ref)
    ranks = [f.verdict for f in result.findings]
    assert ranks == sorted(ranks, key=[CONFLICT, MINOR, AGREE, UNVERIFIED].index)
    shuffled = claims[:]
    random.Random(1).shuffle(shuffled)
    assert compare(shuffled, ref).findings == result.findings
    assert [c.id for c in result.claims] == ["a1", "b1", "c1", "d1"]


def test_shared_among_processes_the_findings_are_the_same(monkeypatch):
    """Shares worked here (as when forking is not possible, or a child failed) give the
    findings of one process, and at most MAX_PROCESSES share the work."""
    import claimcheck.compare as compare_module

    rng = random.Random(3)
    ref = reference(entry("f", "Midjourney", "founded", year(2021)), *REVENUE)
    claims = [
        founded(f"f{n}", f"{rng.choice('abcdef')}.md", rng.choice([2020, 2021, 2022]))
        if n % 2
        else revenue(f"r{n}", "$200 million", 200e6, "2023", article=f"{n % 5}.md")
        for n in range(200)
    ]
    counts = []

    class Unforked:
        def __init__(self, count, work):
            counts.append(count)

        def result(self, index):
            return None

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

    one = compare(claims, ref)
    monkeypatch.setattr(compare_module, "PARALLEL_CLAIMS", 0)
    monkeypatch.setattr(compare_module, "Forked", Unforked)
    for processes in (2, 3, 8):
        assert compare(claims, ref, processes=processes) == one
    assert counts == [2, 3, compare_module.MAX_PROCESSES]
    assert len(one.findings) > len(claims)  # a reference finding each, and cross findings


def test_findings_come_worst_first_then_by_topic_first_claim_kind_and_message():
    rng = random.Random(7)
    ref = reference(entry("f", "Midjourney", "founded", year(2021)), *REVENUE)
    claims = []
    for n in range(300):
        article = f"{rng.choice('abcdefgh')}{n % 7}.md"
        if rng.random() < 0.5:
            claims.append(
                claim(
                    f"x{n}",
                    article,
                    rng.choice(["Midjourney", "Runway"]),
                    "founded",
                    year(rng.choice([2020, 2021, 2022])),
                )
            )
        else:
            amount = rng.choice([200e6, 205e6, 300e6, 1e9])
            claims.append(
                revenue(
                    f"x{n}",
                    f"${amount:,.0f}",
                    amount,
                    rng.choice(["2023", "2024", ""]),
                    article=article,
                )
            )
    findings = compare(claims, ref).findings
    assert len({f.verdict for f in findings}) == 4
    assert list(findings) == sorted(
        findings,
        key=lambda f: (
            [CONFLICT, MINOR, AGREE, UNVERIFIED].index(f.verdict),
            f.subject,
            f.attribute,
            f.object,
            f.period,
            f.claims[0],
            str(f.kind),
            f.message,
        ),
    )
