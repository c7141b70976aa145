"""judge(): one value against another gives agree, minor, conflict or not comparable."""

from __future__ import annotations

from datetime import date

import pytest

from claimcheck.compare.judge import judge
from claimcheck.models import Tolerance, Value, ValueKind, Verdict

AGREE, MINOR, CONFLICT = Verdict.AGREE, Verdict.MINOR, Verdict.CONFLICT


def rounded(text: str, amount: float, step: float, kind=ValueKind.MONEY, unit="USD") -> Value:
    """A figure written to the precision ``step`` (``$14 billion``: step 1e9)."""
    return Value(kind, text, amount, unit, amount - step / 2, amount + step / 2)


def bounded(text: str, amount: float, low, high, low_open=False, high_open=False, **kw) -> Value:
    """A figure with a qualifier: its interval is given as written."""
    kind, unit = kw.get("kind", ValueKind.MONEY), kw.get("unit", "USD")
    return Value(kind, text, amount, unit, low, high, low_open, high_open)


def seconds(text: str, amount: float, low: float, high: float) -> Value:
    return Value(ValueKind.DURATION, text, amount, "s", low, high)


def percent(amount: float) -> Value:
    return rounded(f"{amount:g}%", amount, 1, ValueKind.PERCENT, "%")


def day(iso: str) -> Value:
    ordinal = date.fromisoformat(iso).toordinal()
    return Value(ValueKind.DATE, iso, ordinal, low=ordinal, high=ordinal)


def month(text: str, year: int, number: int) -> Value:
    first = date(year, number, 1)
    last = date(year + number // 12, number % 12 + 1, 1).toordinal() - 1
    return Value(ValueKind.DATE, text, first.toordinal(), low=first.toordinal(), high=last)


def year(number: int) -> Value:
    low, high = date(number, 1, 1).toordinal(), date(number, 12, 31).toordinal()
    return Value(ValueKind.YEAR, str(number), number, low=low, high=high)


def weekday(name: str, number: int) -> Value:
    return Value(ValueKind.WEEKDAY, name, number, key=name.lower())


def name(text: str) -> Value:
    return Value(ValueKind.NAME, text, key=text.lower())


def category(text: str) -> Value:
    return Value(ValueKind.CATEGORY, text, key=text.lower())


B14_3 = rounded("$14.3 billion", 14.3e9, 0.1e9)
M200 = rounded("$200 million", 200e6, 1e6)
FIVE_PERCENT = Tolerance(relative=0.05, text="5%")
ONE_SECOND = Tolerance(absolute=1.0)

NUMBER_CASES = [
    (rounded("$14 billion", 14e9, 1e9), B14_3, None, MINOR, "rounding"),
    (rounded("$14.8 billion", 14.8e9, 0.1e9), B14_3, None, CONFLICT, "but the record says"),
    (rounded("$15 billion", 15e9, 1e9), B14_3, None, CONFLICT, "$14.3 billion"),
    (
        bounded("nearly $15 billion", 15e9, 13.5e9, 15e9, high_open=True),
        B14_3,
        None,
        MINOR,
        "ambig",
    ),
    (
        bounded("as much as $100 million", 100e6, None, 100e6),
        bounded("topping $100 million", 100e6, 100e6, None, low_open=True),
        None,
        CONFLICT,
        "topping $100 million",
    ),
    (
        seconds("up to 20 seconds", 20, 0, 20),
        seconds("21 seconds", 21, 20.5, 21.5),
        None,
        CONFLICT,
        "",
    ),
    (
        seconds("up to 20 seconds", 20, 0, 20),
        seconds("21 seconds", 21, 20.5, 21.5),
        ONE_SECOND,
        MINOR,
        "within tolerance of 1 s",
    ),
    (M200, M200, FIVE_PERCENT, AGREE, "matches the record"),
    (rounded("$210 million", 210e6, 1e6), M200, FIVE_PERCENT, MINOR, "within tolerance of 5%"),
    (rounded("$210 million", 210e6, 1e6), M200, None, CONFLICT, ""),
    (
        bounded("more than $29 billion", 29e9, 29e9, None, low_open=True),
        rounded("$29 billion", 29e9, 1e9),
        None,
        MINOR,
        "within the stated bound",
    ),
    (
        bounded("more than 30,000", 30e3, 30e3, None, low_open=True),
        rounded("36,000", 36e3, 1e3),
        None,
        AGREE,
        "matches the record",
    ),
    (percent(49), percent(100), None, CONFLICT, "49%, but the record says 100%"),
    (bounded("about $200 million", 200e6, 180e6, 220e6), M200, None, AGREE, ""),
    (
        seconds("up to 20 seconds", 20, 0, 20),
        seconds("20.5 seconds", 20.5, 20.5, 20.5),
        None,
        CONFLICT,
        "",
    ),
]


@pytest.mark.parametrize(("a", "b", "tolerance", "verdict", "words"), NUMBER_CASES)
def test_numbers(a: Value, b: Value, tolerance: Tolerance | None, verdict: Verdict, words: str):
    result = judge(a, b, tolerance)
    assert result is not None
    assert result[0] is verdict, result[1]
    assert words in result[1]


def test_open_ends_that_touch_do_not_overlap():
    below = bounded("under $5", 5, None, 5, high_open=True)
    above = bounded("over $5", 5, 5, None, low_open=True)
    assert judge(below, above) == (CONFLICT, "under $5, but the record says over $5")


def test_numbers_of_other_units_or_rates_are_not_comparable():
    euros = rounded("€14 billion", 14e9, 1e9, unit="EUR")
    monthly = Value(ValueKind.MONEY, "$10 per month", 10, "USD", 10, 10, per="month")
    assert judge(euros, B14_3) is None
    yearly = Value(ValueKind.MONEY, "$120 a year", 120, "USD", 120, 120, per="year")
    assert judge(monthly, yearly) is None
    assert judge(seconds("20 seconds", 20, 20, 20), M200) is None


def test_a_rate_compares_with_a_figure_that_names_no_rate():
    per_share = Value(ValueKind.MONEY, "$78 a share", 78, "USD", 77.5, 78.5, per="share")
    assert judge(per_share, Value(ValueKind.MONEY, "$78", 78, "USD", 77.5, 78.5))[0] == AGREE
    total = Value(ValueKind.MONEY, "$68.7 billion", 68.7e9, "USD", 68.65e9, 68.75e9)
    assert judge(per_share, total) is None


def test_counts_ignore_a_missing_unit():
    users = Value(ValueKind.COUNT, "2 million users", 2e6, "users", 1.5e6, 2.5e6)
    plain = Value(ValueKind.COUNT, "2 million", 2e6, "", 1.5e6, 2.5e6)
    assert judge(users, plain) == (AGREE, "2 million users matches the record (2 million)")


DATE_CASES = [
    (year(2022), year(2021), None, CONFLICT, "2022, but the record says 2021"),
    (year(2021), year(2021), None, AGREE, ""),
    (month("June 2025", 2025, 6), day("2025-06-18"), None, AGREE, ""),
    (day("2025-06-18"), month("June 2025", 2025, 6), None, AGREE, ""),
    (year(2021), day("2021-08-01"), None, AGREE, ""),
    (year(2022), day("2021-08-01"), None, CONFLICT, ""),
    (year(2022), year(2021), Tolerance(absolute=1), MINOR, "within tolerance of 1 year"),
    (year(2023), year(2021), Tolerance(absolute=1), CONFLICT, ""),
    (day("2025-08-21"), day("2025-08-22"), Tolerance(absolute=1), MINOR, "1 day"),
    (day("2025-08-21"), day("2025-08-22"), None, CONFLICT, ""),
]


@pytest.mark.parametrize(("a", "b", "tolerance", "verdict", "words"), DATE_CASES)
def test_dates_and_years(a: Value, b: Value, tolerance: Tolerance | None, verdict, words: str):
    result = judge(a, b, tolerance)
    assert result is not None
    assert result[0] is verdict, result[1]
    assert words in result[1]


def test_weekday_against_a_date_uses_the_dates_weekday():
    saturday, friday = weekday("Saturday", 5), weekday("Friday", 4)
    reason = "Saturday, but the record says Friday (2025-08-22)"
    assert judge(saturday, day("2025-08-22")) == (CONFLICT, reason)
    assert judge(friday, day("2025-08-22"))[0] is AGREE
    assert judge(saturday, friday) == (CONFLICT, "Saturday, but the record says Friday")
    assert judge(day("2025-08-23"), friday)[0] is CONFLICT


def test_weekday_against_a_month_or_a_year_is_not_comparable():
    assert judge(weekday("Friday", 4), month("August 2025", 2025, 8)) is None
    assert judge(weekday("Friday", 4), year(2025)) is None


NAME_CASES = [
    ("Super Intelligent Lab", "Meta Superintelligence Labs", False, MINOR),
    ("Alexander Wang", "Alexandr Wang", False, MINOR),
    ("Jason Droege", "Alexandr Wang", False, CONFLICT),
    ("Jason Wang", "Alexandr Wang", False, CONFLICT),
    ("Wang", "Alexandr Wang", False, AGREE),
    ("Midjourney, Inc.", "Midjourney", False, AGREE),
    ("OpenAI", "Open AI", False, AGREE),
    ("Threads", "X", True, None),
    ("Threads", "X", False, CONFLICT),
]


@pytest.mark.parametrize(("a", "b", "multi", "verdict"), NAME_CASES)
def test_names(a: str, b: str, multi: bool, verdict: Verdict | None):
    result = judge(name(a), name(b), multi=multi)
    assert (result and result[0]) is verdict


def test_naming_variant_reason_names_both_spellings():
    result = judge(name("Alexander Wang"), name("Alexandr Wang"))
    assert result == (MINOR, "Alexander Wang, the record says Alexandr Wang (naming variant)")


def test_categories():
    licensing = category("licensing agreement")
    assert judge(licensing, category("Licensing  agreement"))[0] is AGREE
    assert judge(category("acquisition"), category("minority stake"))[0] is CONFLICT
    assert judge(category("acquisition"), category("minority stake"), multi=True) is None


def test_other_kind_pairs_are_not_comparable():
    assert judge(name("Scale AI"), category("scale ai")) is None
    assert judge(year(2021), M200) is None
    assert judge(name("Friday"), weekday("Friday", 4)) is None
