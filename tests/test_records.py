"""``evolve`` gives the record ``dataclasses.replace`` gives."""

from __future__ import annotations

import dataclasses

import pytest

from claimcheck.models import Claim, Finding, FindingKind, Span, Value, ValueKind, Verdict
from claimcheck.records import evolve

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
