"""Indented JSON written fast (``claimcheck.report.jsontext``) is ``json.dumps(...,
indent=2, ensure_ascii=False)``'s text byte for byte, and the SARIF and ClaimReview
reports written with it are the text they had when ``json.dumps`` wrote them."""

from __future__ import annotations

import copy
import dataclasses
import enum
import json
import random
from typing import Any

import pytest
from report_fixtures import FINDINGS, make_report

from claimcheck.models import Verdict
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.claimreview import claim_reviews
from claimcheck.report.jsontext import Shared, indented, items
from claimcheck.report.sarif import sarif_log


def dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class Colour(enum.StrEnum):
    RED = "red"


class Rank(enum.IntEnum):
    HIGH = 3


EDGE_CASES: list[Any] = [
    {},
    [],
    (),
    "",
    0,
    None,
    True,
    {"a": [], "b": {}, "c": [[]], "d": [{}]},
    [1, -7, 10**30, 2.5, -0.0, 1e300, 1e-7, float("nan"), float("inf"), float("-inf")],
    ["é", 'quote " and \\ backslash', "\n\t\x00\x1f", "\u2028\u2029", "😀", "<script>"],
    {7: "int key", 2.5: "float key", True: "bool key", None: "none key", "s": "str"},
    {"enum": Colour.RED, "rank": Rank.HIGH, "tuple": (1, (2, 3))},
]


def random_tree(rng: random.Random, depth: int = 0) -> Any:
    """A JSON tree of every kind of value, nested up to 5 deep."""
    leaves = [
        lambda: rng.randint(-(10**12), 10**12),
        lambda: rng.uniform(-1e6, 1e6),
        lambda: "".join(rng.choice('ab é"\\\n\u2028<') for _ in range(rng.randint(0, 8))),
        lambda: rng.choice([None, True, False]),
    ]
    if depth >= 5 or rng.random() < 0.3:
        return rng.choice(leaves)()
    if rng.random() < 0.5:
        return [random_tree(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = [f"k{i}{rng.choice('xé')}" for i in range(rng.randint(0, 4))]
    return {key: random_tree(rng, depth + 1) for key in keys}


@pytest.mark.parametrize("value", EDGE_CASES, ids=range(len(EDGE_CASES)))
def test_indented_is_the_text_json_writes(value: Any) -> None:
    assert indented(value) == dumps(value)


def test_indented_matches_json_on_random_trees() -> None:
    rng = random.Random(7)
    for _ in range(300):
        tree = random_tree(rng)
        assert indented(tree) == dumps(tree)


def test_a_value_placed_deep_is_indented_as_json_indents_it_there() -> None:
    value = {"a": [1, {"b": []}], "c": "d"}
    outer = dumps({"x": [value]})
    assert indented(value, 2) in outer
    assert outer == '{\n  "x": [\n    ' + indented(value, 2) + "\n  ]\n}"


def test_a_shared_part_is_written_once_per_level_and_reads_as_its_value() -> None:
    part = {"where": "a.md", "line": 3}
    shared = Shared(part)
    document = {"one": [shared, shared], "two": {"deeper": [shared]}}
    plain = {"one": [part, part], "two": {"deeper": [part]}}
    assert indented(document) == dumps(plain)
    assert sorted(shared.texts) == [2, 3]


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        indented({"a": object()})
    with pytest.raises(TypeError):
        indented({(1, 2): "tuple key"})


@pytest.mark.parametrize("count", [0, 1, 3])
def test_items_writes_a_nested_list_an_item_at_a_time(count: int) -> None:
    document = {"top": 1, "runs": [{"tool": {"name": "t"}, "results": ["old"]}], "end": []}
    each = [{"n": i, "list": [i] * i} for i in range(count)]
    expected = copy.deepcopy(document)
    expected["runs"][0]["results"] = each
    pieces = list(items(document, ("runs", 0, "results"), iter(each)))
    assert "".join(pieces) == dumps(expected) + "\n"
    assert len(pieces) == max(count, 1) + (count > 0)


def test_items_writes_a_top_level_list() -> None:
    each = [{"a": "<b>"}, [], "c"]
    assert "".join(items([], (), each)) == dumps(each) + "\n"
    assert "".join(items([], (), [])) == "[]\n"


# --- the reports written with it -----------------------------------------------------


def many_findings_report():  # type: ignore[no-untyped-def]
    """The fixture report with its findings repeated (as conflicts), so that claims recur
    in many results and some results are suppressed."""
    base = make_report()
    findings = tuple(
        dataclasses.replace(finding, verdict=Verdict.CONFLICT if n % 3 else finding.verdict)
        for n in range(4)
        for finding in FINDINGS
    )
    return dataclasses.replace(base, findings=findings)


@pytest.mark.parametrize("report_of", [make_report, many_findings_report])
def test_the_sarif_log_is_the_text_json_dumps_writes(report_of) -> None:  # type: ignore[no-untyped-def]
    report = report_of()
    reporter = reporter_for(Format.SARIF)
    pieces = list(reporter.pieces(report, RenderOptions()))
    text = "".join(pieces)
    assert text == dumps(sarif_log(report)) + "\n"
    assert text == reporter.render(report, RenderOptions())
    results = json.loads(text)["runs"][0]["results"]
    assert len(pieces) == len(results) + 1  # written a result at a time


def test_a_sarif_log_without_results_has_an_empty_list() -> None:
    report = dataclasses.replace(make_report(), findings=())
    text = reporter_for(Format.SARIF).render(report, RenderOptions())
    assert text == dumps(sarif_log(report)) + "\n"
    assert json.loads(text)["runs"][0]["results"] == []


@pytest.mark.parametrize("report_of", [make_report, many_findings_report])
def test_claimreview_is_the_text_json_dumps_writes_with_tags_escaped(report_of) -> None:  # type: ignore[no-untyped-def]
    report = report_of()
    text = reporter_for(Format.CLAIMREVIEW).render(report, RenderOptions())
    assert text == dumps(list(claim_reviews(report))).replace("<", "\\u003c") + "\n"
    assert "<" not in text
