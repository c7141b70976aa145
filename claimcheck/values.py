"""The value normaliser: finds figures, dates and weekdays in text and types them.

Articles and ``claims.yaml`` go through the same code, so ``$200 million`` in the
reference and ``$200M`` in an article become the same ``Value``.

Matches: ``$14.3B``, ``up to 20 seconds``, ``five-second clips``, ``49 per cent``,
``3.96 billion users``, ``June 18, 2025``, ``last Saturday``.
Does not match: ``V1`` (a name), ``480p`` (no unit we know), a bare ``20`` with no unit.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from claimcheck.models import NUMERIC_KINDS, Value, ValueKind
from claimcheck.vocab import fold_key, phrase_pattern, sentence_words, table


@dataclass(frozen=True, slots=True)
class Found:
    """A value found in a text, with where it stands and how it was qualified."""

    value: Value
    start: int
    end: int
    qualifier: str = ""
    relative: str = ""
    """Relative date wording (``last Saturday``) resolved, or kept as a weekday."""


# --- vocabulary -------------------------------------------------------------------------


@cache
def _vocab() -> dict[str, Any]:
    cur = table("currencies")
    num = table("numbers")
    units = table("units")
    qual = table("qualifiers")
    dates = table("dates")
    return {
        "symbols": cur["symbols"],
        "codes": set(cur["codes"]),
        "cur_words": {fold_key(k): v for k, v in cur["words"].items()},
        "scales": num["scales"],
        "words": {fold_key(k): float(v) for k, v in num["words"].items()},
        "durations": {k.lower(): float(v) for k, v in units["durations"].items()},
        "periods": units["periods"],
        "percent": units["percent"],
        "qualifiers": {fold_key(k): v for k, v in qual["qualifiers"].items()},
        "spread": qual["spread"],
        "spread_digits": float(qual["spread_digits"]),
        "months": dates["months"],
        "weekdays": dates["weekdays"],
    }


def _v(name: str) -> Any:
    return _vocab()[name]


_RELATIVE_UNITS = ("year", "month", "week")
"""``last year``, ``this month``, ``next week``: a period relative to publication."""
_RELATIVE_DAYS = ("yesterday", "today")

_DIGITS = r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_BETWEEN = "between"
_WORD_SCALES = ("thousand", "million", "billion", "trillion", "mn", "mln", "bn", "tn")


@cache
def _number_word_groups() -> dict[str, list[str]]:
    """Number word alternatives (regex), grouped by first letter, rest of each in order."""
    words = [w for w in _v("words") if w not in {"a", "an"} and " " not in w]
    tens = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
    units = "one|two|three|four|five|six|seven|eight|nine"
    alternatives = [
        *(rf"{ten}[\s-](?:{units})" for ten in tens),
        r"a\s+dozen",
        r"half\s+a\s+dozen",
        *sorted(words, key=len, reverse=True),
    ]
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return groups


def _number_words_pattern() -> str:
    """Number words, their alternatives grouped by first letter.

    The regex engine then tries one group, not some fifty words, at each place in a text
    (counts are searched for in most sentences). The order within a group is kept, and
    alternatives with different first letters never match at the same place (no character
    matches two letters, even ignoring case), so it matches what the flat list matches.
    """
    groups = _number_word_groups()
    return "(?:" + "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items()) + ")"


def _figure_lead() -> str:
    """A lookahead for where a figure, or ``between`` before one, can start: a digit or
    the first letter of a number word.

    Put ahead of a pattern, it lets the regex engine leave other places after one check;
    it only restates what the pattern needs there, so the matches are the same.
    """
    letters = "".join(re.escape(c) for c in [*_number_word_groups(), _BETWEEN[0]])
    return rf"(?=[\d{letters}])"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    num = rf"(?:{_DIGITS}|{_number_words_pattern()})"
    scale_words = "|".join(_WORD_SCALES)
    symbols = "|".join(re.escape(s) for s in sorted(_v("symbols"), key=len, reverse=True))
    codes = "|".join(sorted(_v("codes")))
    cur_words = phrase_pattern(list(_v("cur_words")))
    dur_units = "|".join(sorted(_v("durations"), key=len, reverse=True))
    pct = phrase_pattern([p for p in _v("percent") if p != "%"])
    period = "|".join(sorted(_v("periods"), key=len, reverse=True))
    months = "|".join(sorted(_v("months"), key=len, reverse=True))
    weekdays = "|".join(_v("weekdays"))
    relative_units = "|".join(_RELATIVE_UNITS)
    relative_days = "|".join(_RELATIVE_DAYS)
    lead = _figure_lead()
    btw = rf"(?:(?P<between>{_BETWEEN})\s+)?"
    sep = r"(?:-|to|(?(between)and|(?!)))"
    amount = rf"(?P<n1>{num})(?:\s*{sep}\s*(?P<n2>{num}))?"
    scale = rf"(?:\s?(?P<scale>{scale_words})\b|(?P<sscale>[kKmMbBT]n?)\b)?"
    per = rf"(?:\s*(?:per|a|an|/|each|every)\s*(?P<per>{period})s?\b)?"
    return {
        "money_sym": re.compile(
            rf"{btw}(?P<cur>{symbols})\s?(?P<n1>{_DIGITS})"
            rf"(?:\s?(?P<sc1>{scale_words}|[kKmMbBT]n?)\b)?"
            rf"(?:\s*{sep}\s*(?:{symbols})?\s?(?P<n2>{_DIGITS}))?{scale}{per}",
        ),
        "money_code": re.compile(
            rf"{btw}\b(?P<code1>{codes})\s?{amount}(?:\s?(?P<scale>{scale_words})\b)?{per}"
        ),
        "money_word": re.compile(
            rf"{lead}{btw}{amount}\s?(?:(?P<scale>{scale_words})\b)?\s*"
            rf"(?:(?P<code2>{codes})\b|(?P<word>{cur_words})){per}",
            re.I,
        ),
        "duration": re.compile(
            rf"{lead}{btw}{amount}(?:\s*-?\s*(?:to|(?(between)and|(?!)))\s*(?P<n3>{num}))?[\s-]*(?P<unit>{dur_units})\b(?![\s-]*old\b)",
            re.I,
        ),
        "percent": re.compile(rf"{lead}{btw}{amount}\s?(?:%|{pct})", re.I),
        "multiple": re.compile(
            rf"{lead}(?<![\w.])(?P<n1>{num})\s?(?:x|times|-fold|fold)(?![\w])", re.I
        ),
        "age": re.compile(r"(?<![\w.])(?P<n1>\d{1,3})(?:[\s-]+years?[\s-]+old|-year-old)\b", re.I),
        "count": re.compile(
            rf"{lead}{btw}(?P<n1>{num})(?:\s*{sep}\s*(?P<n2>{num}))?(?:\s?(?P<scale>{scale_words})\b)?"
            rf"(?:[\s-]+(?P<unit>(?!(?:{scale_words})\b)[a-z][a-z-]{{1,20}}))?",
            re.I,
        ),
        "iso_date": re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        "mdy": re.compile(
            rf"\b(?P<mon>{months})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?",
            re.I,
        ),
        "dmy": re.compile(
            rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mon>{months})\.?(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?",
            re.I,
        ),
        "month_year": re.compile(rf"\b(?P<mon>{months})\.?,?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
        "month_only": re.compile(
            r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Tt]hrough|[Ff]rom|[Ee]arly|[Ll]ate|[Mm]id-?)\s+"
            r"(?P<mon>January|February|March|April|May|June|July|August|September|October|"
            r"November|December)\b(?:\s+(?P<rel>this|last|next)\s+year\b)?(?![\s,]+\d)"
        ),
        "year": re.compile(r"(?<![\w$€£.,-])(?P<y>(?:19|20)\d{2})(?![\w%.,]\d|\s?%|-\d)(?!s\b)"),
        "weekday": re.compile(
            rf"\b(?:(?P<rel>last|this|next|on|this past|past)\s+)?(?P<wd>{weekdays})\b", re.I
        ),
        "relative": re.compile(
            rf"\b(?P<rel>last|this|next|earlier this|later this)\s+(?P<unit>{relative_units})\b"
            rf"|\b(?P<day>{relative_days})\b",
            re.I,
        ),
    }


@cache
def _qualifier_pattern() -> tuple[_Gate, re.Pattern[str]]:
    quals = list(_v("qualifiers"))
    return _gate(quals), re.compile(
        rf"(?P<q>{phrase_pattern(quals)})\s+(?:of\s+)?(?:the\s+|an?\s+)?(?:(?:price\s+)?range\s+of\s+)?$",
        re.I,
    )


# --- gates ------------------------------------------------------------------------------
#
# A gate is a necessary condition for a pattern to match, tested on a probe taken once per
# text, so that a pattern which cannot match is not run. Gates are built from the words the
# patterns are built from. They judge ASCII text only, where matching ignoring case is
# matching the lower-cased words in the lower-cased text; any other text passes them all.

_ASCII_WORD = re.compile(r"\w+", re.ASCII)


@dataclass(frozen=True, slots=True)
class _Probe:
    """What gates look at: an ASCII text lower-cased (None for other text) and its words
    (maximal runs of word characters)."""

    lower: str | None
    words: frozenset[str]


def _probe(text: str) -> _Probe:
    """The probe of ``text``."""
    if not text.isascii():
        return _Probe(None, frozenset())
    words = sentence_words(text)  # shared with the extractors' prefilters of this sentence
    return _Probe(text.lower(), words if words is not None else frozenset())


@dataclass(frozen=True, slots=True)
class _Gate:
    """Admits a text having one of ``words`` as a word, or a match of ``pieces`` (an
    alternation of lower-case strings, or None) anywhere in its lower-cased form."""

    words: frozenset[str]
    pieces: re.Pattern[str] | None

    def admits(self, probe: _Probe) -> bool:
        """False only when no pattern built from this gate's words can match the text."""
        if probe.lower is None or not self.words.isdisjoint(probe.words):
            return True
        return self.pieces is not None and self.pieces.search(probe.lower) is not None


def _gate(phrases: Iterable[str] = (), pieces: Iterable[str] = ()) -> _Gate:
    """The gate of ``phrases`` matched as whole words (by ``phrase_pattern``, or between
    ``\\b``s) and of ``pieces`` matched anywhere, all ignoring case.

    A phrase needs its longest token; made of ASCII word characters and bounded by other
    characters, it is a word of the text. A piece, or any other token, must occur in the
    lower-cased text, unless a character of it matches an ASCII letter ignoring case
    (İ matches i): then the gate admits every text.
    """
    words: set[str] = set()
    anywhere = list(pieces)
    for phrase in phrases:
        token = max(re.split(r"[\s\-]+", phrase.strip()), key=len)
        if _ASCII_WORD.fullmatch(token):
            words.add(token.lower())
        else:
            anywhere.append(token)
    if any(_ascii_twin(c) for piece in anywhere for c in piece if not c.isascii()):
        anywhere = [""]
    anywhere = [piece.lower() for piece in anywhere]
    alternation = re.compile("|".join(map(re.escape, anywhere))) if anywhere else None
    return _Gate(frozenset(words), alternation)


def _ascii_twin(char: str) -> bool:
    """True when ``char``, not ASCII, matches an ASCII letter ignoring case."""
    pattern = re.compile(re.escape(char), re.I)
    return any(pattern.fullmatch(letter) for letter in string.ascii_letters)


@cache
def _date_gates() -> dict[str, _Gate]:
    """Gates of the date patterns: months are matched anywhere (``7 Mar`` of ``7 Market``
    is a date to ``dmy``), weekdays and relative words as whole words."""
    return {
        "month": _gate(pieces=_v("months")),
        "weekday": _gate(_v("weekdays")),
        "relative": _gate([*_RELATIVE_UNITS, *_RELATIVE_DAYS]),
        "days_from": _gate(_days_from_pattern()[1]),
    }


# --- numbers ----------------------------------------------------------------------------


_NUMERAL = re.compile(r"[\d,]*\.?\d+")
_YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")


@lru_cache(maxsize=4096)
def parse_number(text: str) -> tuple[float, float] | None:
    """A written number as (value, half its precision): ``14.3`` -> (14.3, 0.05).

    Cached: every figure found is parsed, and the same few hundred numerals recur.
    """
    t = fold_key(text)
    if _NUMERAL.fullmatch(t):
        decimals = len(t.split(".")[1]) if "." in t else 0
        return float(t.replace(",", "")), 0.5 * 10.0**-decimals
    words = _v("words")
    if t in words:
        return words[t], 0.5
    parts = t.split()
    if len(parts) == 2 and parts[0] in words and parts[1] in words:
        return words[parts[0]] + words[parts[1]], 0.5
    return None


def _scale(word: str | None) -> float:
    if not word:
        return 1.0
    scales = _v("scales")
    return float(scales.get(word, scales.get(word.lower(), 1.0)))


def _bounds(
    amount: float, precision: float, qualifier: str, high_amount: float | None = None
) -> dict[str, Any]:
    """The interval a figure allows, given how it was qualified."""
    bound = _v("qualifiers").get(fold_key(qualifier), "") if qualifier else ""
    spread = float(_v("spread").get(bound, 0.0)) if bound else 0.0
    margin = min(abs(amount) * spread, _v("spread_digits") * _significant_unit(amount, precision))
    if high_amount is not None:
        if bound in {"lower", "lower_open"}:
            return {"low": high_amount, "high": None, "low_open": bound == "lower_open"}
        if bound in {"upper", "upper_open"}:
            return {"low": 0.0, "high": amount, "high_open": bound == "upper_open"}
        return {"low": amount - precision, "high": high_amount + precision}
    table_ = {
        "upper": (0.0, amount, False, False),
        "upper_open": (0.0, amount, False, True),
        "lower": (amount, None, False, False),
        "lower_open": (amount, None, True, False),
        "near_below": (amount - margin - precision, amount, False, True),
        "approx": (amount - margin - precision, amount + margin + precision, False, False),
    }
    exact = (amount - precision, amount + precision, False, precision > 0)
    low, high, lo_open, hi_open = table_.get(bound, exact)
    return {"low": low, "high": high, "low_open": lo_open, "high_open": hi_open}


def _significant_unit(amount: float, precision: float) -> float:
    """The place of a figure's last significant digit: 1 million for "283 million", 100
    million for "300 million"; an approximation is measured in it ("about 283 million" is
    not 301.6 million, "about 300 million" may be)."""
    unit = 2 * precision
    if unit <= 0 or amount == 0 or not math.isfinite(amount):
        return math.inf
    while round(amount / unit) % 10 == 0 and unit < abs(amount):
        unit *= 10
    return unit


def numeric_value(
    kind: ValueKind,
    text: str,
    amount: float,
    precision: float,
    unit: str,
    qualifier: str = "",
    high_amount: float | None = None,
    per: str = "",
) -> Value:
    """Build a numeric Value whose interval reflects precision, qualifier or range."""
    b = _bounds(amount, precision, qualifier, high_amount)
    return Value(kind=kind, text=text, amount=amount, unit=unit, per=per, **b)


# --- scanners ---------------------------------------------------------------------------


def _qualifier_before(text: str, start: int) -> tuple[str, int]:
    """The qualifier ending right before ``start`` (``up to``) and where it starts."""
    gate, pattern = _qualifier_pattern()
    window = max(0, start - 32)
    if not gate.admits(_probe(text[window:start])):
        return "", start
    m = pattern.search(text, window, start)
    return (m.group("q"), m.start()) if m else ("", start)


def _money(text: str) -> Iterator[Found]:
    pats = _patterns()
    for m in pats["money_sym"].finditer(text):
        code = _v("symbols")[m.group("cur")]
        sc = _scale(m.group("scale") or m.group("sscale") or m.group("sc1"))
        sc1 = _scale(m.group("sc1") or m.group("scale") or m.group("sscale"))
        yield _money_found(text, m, code, sc1, sc)
    for m in (*pats["money_code"].finditer(text), *pats["money_word"].finditer(text)):
        code = m.groupdict().get("code1") or m.groupdict().get("code2")
        if not code:
            code = _v("cur_words")[fold_key(m.group("word"))]
        sc = _scale(m.group("scale"))
        yield _money_found(text, m, code.upper(), sc, sc)


def _money_found(text: str, m: re.Match[str], code: str, sc1: float, sc2: float) -> Found:
    first = parse_number(m.group("n1"))
    assert first is not None
    amount, prec = first[0] * sc1, first[1] * sc1
    high = None
    if m.group("n2"):
        second = parse_number(m.group("n2"))
        if second:
            high = second[0] * sc2
            if not m.group("sc1"):
                amount, prec = first[0] * sc2, first[1] * sc2
    qual, qstart = _qualifier_before(text, m.start())
    per = _v("periods").get((m.groupdict().get("per") or "").lower(), "")
    value = numeric_value(ValueKind.MONEY, m.group(0).strip(), amount, prec, code, qual, high, per)
    return _found(value, m, qual, qstart, high is not None)


def _found(value: Value, m: re.Match[str], qual: str, qstart: int, ranged: bool) -> Found:
    """A Found spanning the qualifier (when there is one) and the figure."""
    return Found(value, qstart if qual else m.start(), m.end(), qual or ("range" if ranged else ""))


@cache
def _multiplier_words() -> tuple[re.Pattern[str], dict[str, float]]:
    words = {fold_key(k): float(v) for k, v in table("numbers")["multipliers"].items()}
    return re.compile(phrase_pattern(list(words)), re.I), words


@cache
def _fraction_words() -> tuple[re.Pattern[str], dict[str, float]]:
    words = {fold_key(k): float(v) for k, v in table("numbers")["fractions"].items()}
    return re.compile(phrase_pattern(list(words)) + r"(?=\s+(?:of|in)\b)", re.I), words


def _multiples(text: str) -> Iterator[Found]:
    """``eight times``, ``1.5x``, ``tenfold``, ``doubled``: a ratio (unit ``x``); ``half of``,
    ``two-thirds of``: a share (percent)."""
    for m in _patterns()["multiple"].finditer(text):
        number = parse_number(m.group("n1"))
        if number is not None:
            value = numeric_value(ValueKind.COUNT, m.group(0), number[0], number[1] / 10, "x")
            yield Found(value, m.start(), m.end())
    pattern, words = _multiplier_words()
    for m in pattern.finditer(text):
        ratio = words[fold_key(m.group(0))]
        yield Found(numeric_value(ValueKind.COUNT, m.group(0), ratio, 0.0, "x"), m.start(), m.end())
    pattern, words = _fraction_words()
    for m in pattern.finditer(text):
        share = words[fold_key(m.group(0))] * 100
        value = numeric_value(ValueKind.PERCENT, m.group(0), share, 0.5, "%")
        yield Found(value, m.start(), m.end())


def _ages(text: str) -> Iterator[Found]:
    """``28-year-old``, ``28 years old``: a count of years (an age), not a duration."""
    for m in _patterns()["age"].finditer(text):
        age = float(m.group("n1"))
        yield Found(
            numeric_value(ValueKind.COUNT, m.group(0), age, 0.5, "year-old"), m.start(), m.end()
        )


def _duration(text: str) -> Iterator[Found]:
    for m in _patterns()["duration"].finditer(text):
        seconds = _v("durations")[m.group("unit").lower()]
        first = parse_number(m.group("n1"))
        if first is None:
            continue
        second_text = m.group("n2") or m.group("n3")
        second = parse_number(second_text) if second_text else None
        qual, qstart = _qualifier_before(text, m.start())
        high = second[0] * seconds if second else None
        value = numeric_value(
            ValueKind.DURATION,
            m.group(0).strip(),
            first[0] * seconds,
            first[1] * seconds,
            "s",
            qual,
            high,
        )
        yield _found(value, m, qual, qstart, second is not None)


def _percent(text: str) -> Iterator[Found]:
    for m in _patterns()["percent"].finditer(text):
        first = parse_number(m.group("n1"))
        if first is None:
            continue
        second = parse_number(m.group("n2")) if m.group("n2") else None
        qual, qstart = _qualifier_before(text, m.start())
        value = numeric_value(
            ValueKind.PERCENT,
            m.group(0).strip(),
            first[0],
            first[1],
            "%",
            qual,
            second[0] if second else None,
        )
        yield _found(value, m, qual, qstart, second is not None)


def _count(text: str, taken: list[tuple[int, int]]) -> Iterator[Found]:
    for m in _patterns()["count"].finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        first = parse_number(m.group("n1"))
        if first is None or _is_year_like(m.group("n1")):
            continue
        unit, end = _count_unit(text, m)
        if unit is None:
            continue
        sc = _scale(m.group("scale"))
        second = parse_number(m.group("n2")) if m.group("n2") else None
        qual, qstart = _qualifier_before(text, m.start())
        high = second[0] * sc if second else None
        words = text[m.start() : end].strip()
        value = numeric_value(
            ValueKind.COUNT, words, first[0] * sc, first[1] * sc, unit, qual, high
        )
        yield Found(value, qstart if qual else m.start(), end, qual or ("range" if second else ""))


_CLAUSE_GAP = re.compile(r"[,;:.()]")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_CLAUSE_END = re.compile(r"\s*(?:[,;:.)]|$)")
"""``headcount, now more than 30,000,``: a grouped number ending a clause is a bare count."""
_NEXT_WORD = re.compile(r"[\s-]+([a-z][a-z-]+)")


def _count_unit(text: str, m: re.Match[str]) -> tuple[str | None, int]:
    """The counted noun ("3.96 billion users", "19 million new members") and where the count
    ends; a bare scaled number ("301.6 million and") counts nothing in particular."""
    if m.group("unit") is None:
        bare = _GROUPED.fullmatch(m.group("n1")) and _CLAUSE_END.match(text, m.end())
        return ("", m.end()) if m.group("scale") or bare else (None, m.end())
    unit = m.group("unit").lower()
    if unit not in _function_words():
        if unit not in count_nouns():
            for word in _NEXT_WORD.finditer(text, m.end(), m.end() + 30):
                if _CLAUSE_GAP.search(text, m.end(), word.start()):
                    break
                if word.group(1).lower() in count_nouns():
                    return word.group(1).lower(), word.end()
                if word.start() - m.end() > 20 or word.group(1).lower() in _function_words():
                    break
        return unit, m.end()
    if m.group("scale"):
        return "", m.end("scale")
    return None, m.end()


@cache
def _count_classes() -> dict[str, str]:
    return {
        noun: name for name, nouns in table("units")["count_synonyms"].items() for noun in nouns
    }


def count_class(noun: str) -> str:
    """What a counted noun counts: ``members`` and ``subscribers`` both count ``users``."""
    return _count_classes().get(noun, noun)


@cache
def count_nouns() -> frozenset[str]:
    """Nouns that name what a count counts (``users``, ``employees``)."""
    return frozenset(table("units")["count_nouns"])


@cache
def _function_words() -> frozenset[str]:
    return frozenset(table("units")["function_words"])


def _is_year_like(num: str) -> bool:
    return _YEAR_LIKE.fullmatch(num) is not None


def _overlaps(start: int, end: int, taken: Sequence[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in taken)


# --- dates ------------------------------------------------------------------------------


def year_value(year: int, text: str | None = None) -> Value:
    """A calendar year as a day interval."""
    return Value(
        kind=ValueKind.YEAR,
        text=text or str(year),
        amount=float(year),
        low=float(date(year, 1, 1).toordinal()),
        high=float(date(year, 12, 31).toordinal()),
    )


def date_value(first: date, last: date | None = None, text: str = "", key: str = "") -> Value:
    """A single day, or the days of a month, as a day interval (``key``: the weekday it
    was named by)."""
    last = last or first
    return Value(
        kind=ValueKind.DATE,
        text=text or first.isoformat(),
        amount=float(first.toordinal()),
        low=float(first.toordinal()),
        high=float(last.toordinal()),
        key=key,
    )


def weekday_value(name: str) -> Value:
    """A weekday with no date to pin it to."""
    key = name.lower()
    return Value(
        kind=ValueKind.WEEKDAY, text=key.capitalize(), amount=float(_v("weekdays")[key]), key=key
    )


def _month_days(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _dates(text: str, published: date | None, probe: _Probe, digit: bool) -> Iterator[Found]:
    """Dates, months, years, weekdays and relative dates, each kind only where its gate
    (or a digit, which all but a month, a weekday and a relative date need) allows it."""
    gates = _date_gates()
    month = gates["month"].admits(probe)
    taken: list[tuple[int, int]] = []
    if digit:
        yield from _full_dates(text, published, taken, month)
    if month:
        yield from _months(text, published, taken)
    if digit:
        yield from _years(text, taken)
    if gates["weekday"].admits(probe):
        yield from _weekdays(text, published, taken)
    if gates["relative"].admits(probe):
        yield from _relative(text, published, taken)


def _full_dates(
    text: str, published: date | None, taken: list[tuple[int, int]], month: bool
) -> Iterator[Found]:
    """``2025-06-18``, ``June 18, 2025``, ``18 June``, ``June 2025`` (the last three only
    when a month's name may be in the text)."""
    pats = _patterns()
    months = _v("months")
    for m in pats["iso_date"].finditer(text):
        day = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if day:
            taken.append(m.span())
            yield Found(date_value(day, text=m.group(0)), m.start(), m.end())
    if not month:
        return
    for name in ("mdy", "dmy"):
        for m in pats[name].finditer(text):
            if _overlaps(*m.span(), taken):
                continue
            month, dom = months[m["mon"].lower()], int(m["d"])
            year = int(m["y"]) if m["y"] else _infer_year(month, dom, published)
            day = _safe_date(year, month, dom) if year else None
            if day:
                taken.append(m.span())
                yield Found(date_value(day, text=m.group(0)), m.start(), m.end())
    for m in pats["month_year"].finditer(text):
        if not _overlaps(*m.span(), taken):
            taken.append(m.span())
            first, last = _month_days(int(m["y"]), months[m["mon"].lower()])
            yield Found(date_value(first, last, m.group(0)), m.start(), m.end())


def _months(text: str, published: date | None, taken: list[tuple[int, int]]) -> Iterator[Found]:
    """``in June``, ``in January this year``: a month of the year the article was published
    in (or the latest such month before it); nothing without a publication date."""
    if published is None:
        return
    for m in _patterns()["month_only"].finditer(text):
        if _overlaps(m.start("mon"), m.end(), taken):
            continue
        month = _v("months")[m["mon"].lower()]
        step = {"last": -1, "next": 1, "this": 0}.get(m["rel"] or "")
        year = published.year + step if step is not None else _infer_year(month, 1, published)
        if year:
            taken.append((m.start("mon"), m.end()))
            first, last = _month_days(year, month)
            yield Found(
                date_value(first, last, text[m.start("mon") : m.end()]), m.start("mon"), m.end()
            )


def _infer_year(month: int, day: int, published: date | None) -> int | None:
    """The year of a date written without one: the latest such date not long after the
    article was published (news reports the recent past)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is not None and candidate > published + timedelta(days=31):
        return published.year - 1
    return published.year


def _years(text: str, taken: list[tuple[int, int]]) -> Iterator[Found]:
    for m in _patterns()["year"].finditer(text):
        if not _overlaps(*m.span(), taken):
            yield Found(year_value(int(m["y"])), m.start(), m.end())


_COMMA_GAP = re.compile(r",?\s+")
"""``Tuesday, November 9``: the weekday of a date written out after it adds nothing."""


def _weekdays(text: str, published: date | None, taken: list[tuple[int, int]]) -> Iterator[Found]:
    for m in _patterns()["weekday"].finditer(text):
        if _overlaps(*m.span(), taken):
            continue
        named = _COMMA_GAP.match(text, m.end())
        if named and any(start == named.end() for start, _ in taken):
            continue
        wd = m["wd"].lower()
        rel = (m["rel"] or "").lower()
        if published is None or rel in {"next"}:
            yield Found(weekday_value(wd), m.start(), m.end(), relative=m.group(0))
            continue
        target = _v("weekdays")[wd]
        back = (published.weekday() - target) % 7
        if rel in {"last", "past", "this past"} and back == 0:
            back = 7
        day = published - timedelta(days=back)
        value = date_value(day, text=m.group(0), key=wd)
        yield Found(value, m.start(), m.end(), relative=m.group(0))


def _relative(text: str, published: date | None, taken: list[tuple[int, int]]) -> Iterator[Found]:
    if published is None:
        return
    for m in _patterns()["relative"].finditer(text):
        if _overlaps(*m.span(), taken):
            continue
        value = _resolve_relative(m, published)
        if value:
            yield Found(value, m.start(), m.end(), relative=m.group(0))


def _resolve_relative(m: re.Match[str], published: date) -> Value | None:
    text = m.group(0)
    if m["day"]:
        offset = 1 if m["day"].lower() == "yesterday" else 0
        return date_value(published - timedelta(days=offset), text=text)
    rel, unit = m["rel"].lower(), m["unit"].lower()
    step = -1 if rel == "last" else (1 if rel == "next" else 0)
    if unit == "year":
        return year_value(published.year + step, text)
    if unit == "month":
        month_index = published.year * 12 + published.month - 1 + step
        first, last = _month_days(month_index // 12, month_index % 12 + 1)
        return date_value(first, last, text)
    monday = published - timedelta(days=published.weekday()) + timedelta(weeks=step)
    return date_value(monday, monday + timedelta(days=6), text)


# --- public -----------------------------------------------------------------------------


def scan(text: str, published: date | None = None) -> list[Found]:
    """Every figure, date and weekday in ``text``, leftmost first, without overlaps.

    Money wins over percent and counts, durations over counts, dates over bare years.
    Cheap checks (hints, and gates on a probe of the text's words) decide which scanners
    can match at all, so a sentence with no digit and no number word costs a few set
    lookups, not a dozen searches.
    """
    digit = _DIGIT.search(text) is not None
    probe = _probe(text)
    hints = _hints(text, probe, digit)
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for name, scanner in _SCANNERS:
        if name in hints:
            for f in scanner(text):
                if not _overlaps(f.start, f.end, taken):
                    found.append(f)
                    taken.append((f.start, f.end))
    if "date" in hints:
        for f in _dates(text, published, probe, digit):
            if not _overlaps(f.start, f.end, taken):
                found.append(f)
                taken.append((f.start, f.end))
    if "number" in hints:
        found.extend(_count(text, taken))
    found.sort(key=lambda f: f.start)
    if "date" in hints and found and _date_gates()["days_from"].admits(probe):
        found = _days_from_dates(text, found)
    return [f for f in found if _in_range(f.value)]


def _in_range(value: Value) -> bool:
    """A figure too large for a float (a numeral of hundreds of digits) is not checkable."""
    return all(x is None or math.isfinite(x) for x in (value.amount, value.low, value.high))


@cache
def _days_from_pattern() -> tuple[re.Pattern[str], dict[str, int]]:
    days = {fold_key(k): int(v) for k, v in table("dates")["days_from_date"].items()}
    return re.compile(phrase_pattern(list(days)), re.I), days


def _days_from_dates(text: str, found: list[Found]) -> list[Found]:
    """``November 9, and began trading the next day``: a day counted from the date before."""
    pattern, days = _days_from_pattern()
    extra = []
    for m in pattern.finditer(text):
        base = [
            f
            for f in found
            if f.end <= m.start() and f.value.kind is ValueKind.DATE and f.value.low == f.value.high
        ]
        if base:
            day = date.fromordinal(int(base[-1].value.low or 0) + days[fold_key(m.group(0))])
            extra.append(Found(date_value(day, text=m.group(0)), m.start(), m.end()))
    return sorted(found + extra, key=lambda f: f.start) if extra else found


_SCANNERS: tuple[tuple[str, Callable[[str], Iterator[Found]]], ...] = (
    ("money", lambda t: _money(t)),
    ("age", lambda t: _ages(t)),
    ("multiple", lambda t: _multiples(t)),
    ("duration", lambda t: _duration(t)),
    ("percent", lambda t: _percent(t)),
)
_DIGIT = re.compile(r"\d")


@cache
def _hint_patterns() -> dict[str, tuple[_Gate, re.Pattern[str]]]:
    """For each hint, the pattern deciding it and that pattern's gate."""
    v = _vocab()
    number_words = [w for w in v["words"] if w not in {"a", "an"}]
    currency = list(v["cur_words"]) + list(v["codes"])
    symbols = "|".join(re.escape(sym) for sym in v["symbols"])
    multipliers = list(table("numbers")["multipliers"]) + list(table("numbers")["fractions"])
    percent = list(v["percent"])[1:]
    date_words = [*v["months"], *v["weekdays"], *_RELATIVE_DAYS, *_RELATIVE_UNITS]
    return {
        "word": (_gate(number_words), re.compile(phrase_pattern(number_words), re.I)),
        "money": (
            _gate(currency, v["symbols"]),
            re.compile(rf"{symbols}|" + phrase_pattern(currency), re.I),
        ),
        "duration": (
            _gate(v["durations"]),
            re.compile(phrase_pattern(list(v["durations"])), re.I),
        ),
        "percent": (_gate(percent, ["%"]), re.compile(r"%|" + phrase_pattern(percent), re.I)),
        "multiple": (
            _gate(multipliers, ["x", "times", "fold"]),
            re.compile(r"\d\s?x\b|times|fold|" + phrase_pattern(multipliers), re.I),
        ),
        "date": (_gate(date_words), re.compile(phrase_pattern(date_words), re.I)),
    }


def _hint(name: str, text: str, probe: _Probe) -> bool:
    """Whether the hint pattern ``name`` matches ``text`` (its gate first)."""
    gate, pattern = _hint_patterns()[name]
    return gate.admits(probe) and pattern.search(text) is not None


def _hints(text: str, probe: _Probe, digit: bool) -> set[str]:
    """Which scanners can possibly match ``text``."""
    number = digit or _hint("word", text, probe)
    hints = {"number"} if number else set()
    if digit or _hint("date", text, probe):
        hints.add("date")
    if number:
        for name in ("money", "duration", "percent"):
            if _hint(name, text, probe):
                hints.add(name)
        if digit and "old" in text:
            hints.add("age")
    if _hint("multiple", text, probe):
        hints.add("multiple")
    return hints


def name_value(text: str) -> Value:
    """A name or label (a person, a platform, a product) compared by spelling."""
    clean = " ".join(text.split()).strip(" .,;:\"'")
    return Value(kind=ValueKind.NAME, text=clean, key=fold_key(clean))


def category_value(text: str) -> Value:
    """A category from a closed vocabulary (``licensing``), compared by key."""
    clean = " ".join(text.split()).strip()
    return Value(kind=ValueKind.CATEGORY, text=clean, key=fold_key(clean))


_NONE_WORDS = frozenset({"none", "no", "zero", "nil", "self-funded", "bootstrapped"})


def parse_value(text: str, kinds: Sequence[ValueKind]) -> Value | None:
    """Parse a value as a person writes it in claims.yaml, for the first kind that fits.

    The whole text must be the value (apart from a leading qualifier): ``$200 million``,
    ``21 seconds``, ``2021``, ``2025-06-18``, ``Friday``, ``Alexandr Wang``.
    """
    clean = " ".join(str(text).split())
    for kind in kinds:
        value = _parse_as(clean, kind)
        if value is not None:
            return value
    return None


def _parse_as(text: str, kind: ValueKind) -> Value | None:
    if kind is ValueKind.NAME:
        return name_value(text) if text else None
    if kind is ValueKind.CATEGORY:
        return category_value(text) if text else None
    if kind is ValueKind.MONEY and fold_key(text) in _NONE_WORDS:
        return Value(kind=ValueKind.MONEY, text="none", amount=0.0, low=0.0, high=0.0)
    if kind is ValueKind.YEAR and re.fullmatch(r"(?:1[5-9]|20)\d{2}", text):
        return year_value(int(text))
    bare = parse_number(text) if kind is ValueKind.COUNT else None
    if bare is not None:
        return numeric_value(ValueKind.COUNT, text, bare[0], bare[1], "")
    years = re.fullmatch(r"(\d{1,3})\s*(?:years?|yrs?)(?:\s+old)?", text, re.I)
    if kind is ValueKind.COUNT and years:
        return numeric_value(ValueKind.COUNT, text, float(years.group(1)), 0.5, "year-old")
    for f in scan(text):
        covers = f.start <= _leading_space(text) and f.end >= len(text.rstrip(" ."))
        if covers and _kind_fits(f.value, kind):
            return f.value
    return None


def _leading_space(text: str) -> int:
    return len(text) - len(text.lstrip())


def _kind_fits(value: Value, kind: ValueKind) -> bool:
    if value.kind is kind:
        return True
    return kind is ValueKind.DATE and value.kind is ValueKind.YEAR


def is_numeric(value: Value) -> bool:
    """True for money, durations, percentages and counts."""
    return value.kind in NUMERIC_KINDS
