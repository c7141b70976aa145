"""Judge one value against another: they agree, differ in a minor way, or conflict.

``$14 billion`` against ``$14.3 billion`` is minor (rounding); ``$15 billion`` against
``$14.3 billion`` is a conflict. ``Saturday`` against ``2025-08-22`` (a Friday) conflicts.
Values that cannot be compared (dollars against seconds, two founders' names) give None.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache

from rapidfuzz import fuzz

from claimcheck import vocab
from claimcheck.compare.resolve import fold_name
from claimcheck.models import NUMERIC_KINDS, Tolerance, Value, ValueKind, Verdict
from claimcheck.values import count_class

NAME_VARIANT_SCORE = 75
"""Similarity (0-100) from which two different names count as a naming variant."""

_DAYLIKE = frozenset({ValueKind.YEAR, ValueKind.DATE})
_WEEKDAYLIKE = frozenset({ValueKind.WEEKDAY, ValueKind.DATE})

Bounds = tuple[float | None, float | None, bool, bool]


@dataclass(frozen=True, slots=True)
class Outcome:
    """A verdict with the words that explain it."""

    verdict: Verdict
    why: str = ""
    """Short kind of difference (``rounding``, ``naming variant``), empty when obvious."""
    shown: str = ""
    """How the judged value is described (defaults to its text)."""
    record: str = ""
    """How the value it was judged against is described (defaults to its text)."""


def judge(
    a: Value, b: Value, tolerance: Tolerance | None = None, multi: bool = False
) -> tuple[Verdict, str] | None:
    """Verdict and a short human reason for value ``a`` (a claim) against ``b`` (the record).

    None when the two are not comparable (other kinds or units, or distinct names of a
    ``multi`` attribute, where several values can all be right).
    """
    outcome = assess(a, b, tolerance, multi)
    return None if outcome is None else (outcome.verdict, describe(outcome))


def assess(
    a: Value, b: Value, tolerance: Tolerance | None = None, multi: bool = False
) -> Outcome | None:
    """Like :func:`judge`, but returns the parts of the reason instead of a sentence."""
    outcome = _dispatch(a, b, tolerance, multi)
    if outcome is None:
        return None
    return Outcome(outcome.verdict, outcome.why, outcome.shown or a.text, outcome.record or b.text)


def describe(outcome: Outcome) -> str:
    """The reason as a sentence about a claim and the record (``2022, but the record ...``)."""
    if outcome.verdict is Verdict.AGREE:
        same = fold_name(outcome.shown) == fold_name(outcome.record)
        return f"{outcome.shown} matches the record" + ("" if same else f" ({outcome.record})")
    if outcome.verdict is Verdict.MINOR:
        return f"{outcome.shown}, the record says {outcome.record} ({outcome.why})"
    why = f" ({outcome.why})" if outcome.why else ""
    return f"{outcome.shown}, but the record says {outcome.record}{why}"


def _dispatch(a: Value, b: Value, tolerance: Tolerance | None, multi: bool) -> Outcome | None:
    kinds = {a.kind, b.kind}
    if a.kind in NUMERIC_KINDS:
        return _numbers(a, b, tolerance)
    if kinds <= _DAYLIKE:
        return _dates(a, b, tolerance)
    if ValueKind.WEEKDAY in kinds and kinds <= _WEEKDAYLIKE:
        return _weekdays(a, b)
    if kinds == {ValueKind.NAME}:
        return _names(a, b, multi)
    if kinds == {ValueKind.CATEGORY}:
        return _categories(a, b, multi)
    return None


# Numbers ------------------------------------------------------------------------------


RATE_SPREAD = 10.0
"""A rate and a figure without one compare only when within this factor of each other."""


def _same_rate(a: Value, b: Value) -> bool:
    """``$10 per month`` and ``$120 a year`` are not comparable; a rate and a figure that
    names no rate are when they are of one size (``$78 a share`` against a record of
    ``$78``), not when one is a total (``$95 a share`` against ``$68.7 billion``)."""
    if a.per == b.per:
        return True
    if a.per and b.per:
        return False
    small, large = sorted(abs(v.amount or 0.0) for v in (a, b))
    return small > 0 and large / small < RATE_SPREAD


def _numbers(a: Value, b: Value, tolerance: Tolerance | None) -> Outcome | None:
    if a.kind != b.kind or not _same_rate(a, b) or not _same_unit(a, b):
        return None
    if a.amount is None or b.amount is None:
        return None
    x, y = _bounds(a), _bounds(b)
    same_amount = _eq(a.amount, b.amount)
    if same_amount and _same_bounds(x, y):
        return Outcome(Verdict.AGREE)
    if _overlap(x, y):
        anchored = {_shape(a), _shape(b)} & {"bound", "near"}
        if same_amount and not anchored:
            return Outcome(Verdict.AGREE)
        if _just_below(a, b) or _just_below(b, a):
            return Outcome(Verdict.AGREE)
        if _bound_holds(a, x, y) or _bound_holds(b, y, x):
            return Outcome(Verdict.AGREE)
        return Outcome(Verdict.MINOR, _minor_why(a, b))
    if tolerance and _overlap(x, _widen(y, tolerance, b.amount)):
        return Outcome(Verdict.MINOR, f"within tolerance of {_tolerance_text(tolerance, b)}")
    return Outcome(Verdict.CONFLICT)


def _bound_holds(bound: Value, x: Bounds, y: Bounds) -> bool:
    """``more than 30,000`` against 36,000: the other figure lies wholly inside the bound."""
    if _shape(bound) != "bound":
        return False
    low_ok = x[0] is None or (y[0] is not None and (y[0] > x[0] or (y[0] == x[0] and not x[2])))
    high_ok = x[1] is None or (y[1] is not None and (y[1] < x[1] or (y[1] == x[1] and not x[3])))
    return low_ok and high_ok


def _just_below(near: Value, point: Value) -> bool:
    """``nearly 302 million`` against 301.6 million: "nearly" says a little under, and the
    other figure is under by less than half the last digit written."""
    if _shape(near) != "near" or near.amount is None or point.amount is None:
        return False
    if _shape(point) not in ("exact", "rounded"):
        return False
    unit = _significant_unit(near.amount)
    return near.amount - unit / 2 <= point.amount < near.amount


def _significant_unit(amount: float) -> float:
    """The place of the last non-zero digit: 1 million for 302 million, 1 for 15."""
    if amount == 0:
        return 1.0
    unit = 10.0 ** math.floor(math.log10(abs(amount)))
    while unit > 1e-6 and not _eq(round(amount / unit) * unit, amount):
        unit /= 10
    return unit


def _same_unit(a: Value, b: Value) -> bool:
    if a.kind is ValueKind.COUNT and not (a.unit and b.unit):
        return True
    if a.kind is ValueKind.COUNT:
        return count_class(a.unit) == count_class(b.unit)
    return a.unit == b.unit


def _bounds(v: Value) -> Bounds:
    """The value's interval; a bare amount with no bounds at all is the point itself."""
    unbounded = v.low is None and v.high is None and not (v.low_open or v.high_open)
    if unbounded and v.amount is not None:
        return v.amount, v.amount, False, False
    return v.interval()


def _eq(p: float | None, q: float | None) -> bool:
    if p is None or q is None:
        return p is q
    return math.isclose(p, q, rel_tol=1e-9, abs_tol=1e-9)


def _same_bounds(x: Bounds, y: Bounds) -> bool:
    return _eq(x[0], y[0]) and _eq(x[1], y[1]) and x[2:] == y[2:]


def _ends_before(x: Bounds, y: Bounds) -> bool:
    """True when interval x lies wholly below y (touching closed ends overlap)."""
    high, low = x[1], y[0]
    if high is None or low is None:
        return False
    if _eq(high, low):
        return x[3] or y[2]
    return high < low


def _overlap(x: Bounds, y: Bounds) -> bool:
    return not _ends_before(x, y) and not _ends_before(y, x)


def _widen(y: Bounds, tolerance: Tolerance, amount: float) -> Bounds:
    width = tolerance.absolute + tolerance.relative * abs(amount)
    low = None if y[0] is None else y[0] - width
    high = None if y[1] is None else y[1] + width
    return low, high, y[2], y[3]


def _shape(v: Value) -> str:
    """``exact``, ``bound`` (up to, more than), ``near`` (nearly), ``rounded`` or ``approx``."""
    low, high, _, _ = _bounds(v)
    if low is not None and _eq(low, high):
        return "exact"
    at_high, at_low = high is not None and _eq(v.amount, high), _eq(v.amount, low)
    if at_high or at_low:
        other = low if at_high else high
        return "bound" if other is None or _eq(other, 0.0) else "near"
    if low is None or high is None:
        return "bound"
    return "rounded" if _power_of_ten(high - low) else "approx"


def _power_of_ten(step: float) -> bool:
    if step <= 0:
        return False
    exponent = math.log10(step)
    return math.isclose(exponent, round(exponent), abs_tol=1e-6)


def _minor_why(a: Value, b: Value) -> str:
    shapes = {_shape(a), _shape(b)}
    if "bound" in shapes:
        return "within the stated bound"
    if shapes & {"near", "approx"}:
        return "ambiguous: approximate wording"
    return "rounding"


def _tolerance_text(tolerance: Tolerance, b: Value) -> str:
    if tolerance.text:
        return tolerance.text
    unit = b.unit if b.kind in NUMERIC_KINDS else ""
    parts = []
    if tolerance.relative:
        parts.append(f"{tolerance.relative * 100:g}%")
    if tolerance.absolute:
        parts.append(f"{tolerance.absolute:g} {unit}".strip())
    return " + ".join(parts)


# Dates, years and weekdays --------------------------------------------------------------


def _days(v: Value) -> tuple[float, float] | None:
    """The value as an interval of ordinal days."""
    if v.low is not None and v.high is not None:
        return v.low, v.high
    if v.amount is None:
        return None
    if v.kind is ValueKind.YEAR:
        year = int(v.amount)
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    return v.amount, v.amount


def _dates(a: Value, b: Value, tolerance: Tolerance | None) -> Outcome | None:
    x, y = _days(a), _days(b)
    if x is None or y is None:
        return None
    if _within(x, y) or _within(y, x):
        return Outcome(Verdict.AGREE)
    gap, unit = max(x[0] - y[1], y[0] - x[1]), "day"
    if gap <= 0:
        return Outcome(Verdict.MINOR, "the periods overlap")
    if a.kind is b.kind is ValueKind.YEAR and a.amount is not None and b.amount is not None:
        gap, unit = abs(a.amount - b.amount), "year"
    if tolerance and tolerance.absolute and gap <= tolerance.absolute:
        plural = "" if tolerance.absolute == 1 else "s"
        why = tolerance.text or f"{tolerance.absolute:g} {unit}{plural}"
        return Outcome(Verdict.MINOR, f"within tolerance of {why}")
    return Outcome(Verdict.CONFLICT)


def _within(inner: tuple[float, float], outer: tuple[float, float]) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


@cache
def _weekday_numbers() -> dict[str, int]:
    return {str(k).lower(): int(n) for k, n in vocab.table("dates")["weekdays"].items()}


def _weekday_name(number: int) -> str:
    names = [k for k, n in _weekday_numbers().items() if n == number]
    return max(names, key=len).capitalize() if names else str(number)


def _weekday(v: Value) -> int | None:
    """Weekday number (0 = Monday) of a weekday value or a single-day date."""
    if v.kind is ValueKind.WEEKDAY:
        number = _weekday_numbers().get(v.key.lower())
        if number is None and v.amount is not None:
            number = int(v.amount)
        return number
    days = _days(v)
    if days is None or days[0] != days[1]:
        return None
    return date.fromordinal(int(days[0])).weekday()


def _weekdays(a: Value, b: Value) -> Outcome | None:
    x, y = _weekday(a), _weekday(b)
    if x is None or y is None:
        return None
    verdict = Verdict.AGREE if x == y else Verdict.CONFLICT
    return Outcome(verdict, shown=_weekday_text(a, x), record=_weekday_text(b, y))


def _weekday_text(v: Value, number: int) -> str:
    if v.kind is ValueKind.WEEKDAY:
        return _weekday_name(number)
    iso = date.fromordinal(int(v.low if v.low is not None else v.amount or 1)).isoformat()
    return f"{_weekday_name(number)} ({iso})"


# Names and categories ------------------------------------------------------------------


def _names(a: Value, b: Value, multi: bool) -> Outcome | None:
    x, y = fold_name(a.key or a.text), fold_name(b.key or b.text)
    if x.replace(" ", "") == y.replace(" ", "") or _same_person(x.split(), y.split()):
        return Outcome(Verdict.AGREE)
    if name_similarity(x, y) >= NAME_VARIANT_SCORE:
        return Outcome(Verdict.MINOR, "naming variant")
    return None if multi else Outcome(Verdict.CONFLICT)


def _same_person(x: list[str], y: list[str]) -> bool:
    """One name's words are part of the other's and the last word is shared (Wang)."""
    if not x or not y or x[-1] != y[-1]:
        return False
    return set(x) <= set(y) or set(y) <= set(x)


def name_similarity(x: str, y: str) -> float:
    """Similarity 0-100 of two folded names, also without an owner's leading word.

    ``super intelligent lab`` and ``meta superintelligence labs`` compare without ``meta``.
    """
    best = 0.0
    for left in _variants(x.split(), y.split()):
        for right in _variants(y.split(), x.split()):
            joined = fuzz.ratio("".join(left), "".join(right))
            best = max(best, joined, fuzz.token_sort_ratio(" ".join(left), " ".join(right)))
    return best


def _variants(tokens: list[str], other: list[str]) -> list[list[str]]:
    """The words, and without a leading word the other name lacks when two words remain."""
    if len(tokens) > 2 and tokens[0] not in other:
        return [tokens, tokens[1:]]
    return [tokens]


def _categories(a: Value, b: Value, multi: bool) -> Outcome | None:
    if vocab.fold_key(a.key or a.text) == vocab.fold_key(b.key or b.text):
        return Outcome(Verdict.AGREE)
    return None if multi else Outcome(Verdict.CONFLICT)
