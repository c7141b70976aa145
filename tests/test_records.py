"""``evolve`` gives the record ``dataclasses.replace`` gives."""

from __future__ import annotations

import dataclasses

import pytest

from claimcheck.models import Claim, Finding, FindingKind, Span, Value, ValueKind, Verdict
from claimcheck.records import Canon, evolve

VALUE = Value(ValueKind.MONEY, "$2 billion", 2e9, "USD", 1.5e9, 2.5e9)
CLAIM = Claim("a.txt#1", "a.txt", "Acme", "revenue", VALUE, Span("a.txt", 1, 2, 1, 9, "q", "s"))
FINDING = Finding(FindingKind.CROSS, Verdict.MINOR, "Acme", "revenue", ("C1", "C2"), "m")


@pytest.mark.parametrize(
    ("record", "changes"),
    [
        (CLAIM, {"id": "C7"}),
        (CLAIM, {"subject": "Acme Corp", "period": "2024"}),
        (FINDING, {"message": "other", "fingerprint": "0123456789abcdef"}),
        (FINDING, {}),
        (VALUE, {"amount": 2}),
    ],
)
def test_evolve_is_replace(record: object, changes: dict[str, object]) -> None:
    evolved = evolve(record, **changes)
    expected = dataclasses.replace(record, **changes)  # type: ignore[type-var]
    assert evolved == expected
    assert type(evolved) is type(record)
    assert repr(evolved) == repr(expected)  # 2 stays an int, 2.0 a float


def test_evolve_rejects_an_unknown_field() -> None:
    with pytest.raises(KeyError):
        evolve(CLAIM, colour="red")


def test_canon_gives_one_object_per_record_written_the_same_way() -> None:
    canon: Canon[Value] = Canon()
    first = canon(VALUE)
    again = canon(dataclasses.replace(VALUE))
    assert first is VALUE and again is VALUE
    for other in (
        dataclasses.replace(VALUE, amount=2_000_000_000),  # an int, written "2000000000"
        dataclasses.replace(VALUE, text="$2bn"),
        dataclasses.replace(VALUE, low=None),
    ):
        assert canon(other) is other
    zero, negative = Value(ValueKind.COUNT, "0", 0.0), Value(ValueKind.COUNT, "0", -0.0)
    assert canon(zero) is zero and canon(negative) is negative
