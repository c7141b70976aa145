"""The value scanner's prefilters: a gate must admit every text its patterns match, and the
number words grouped by first letter must match what the plain list of them matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sample_texts import golden_sentences, reading_articles, story_files

from claimcheck import values
from claimcheck.values import _date_gates, _Gate, _hint_patterns, _patterns, _probe, _v

TESTS = Path(__file__).parent

TRICKY = [
    "On 7 Marketing day",
    "It paid USD100 and 100USD and US$5, or 10x and 1.5 x the 3X rate; sometimes twofold.",
    "Meta's 5s clip ran 10min; a half-dozen of two-thirds; twenty-one; someone won $today.",
    "Revenue topped $3 billion, up to 20 seconds, more than 40 per cent, about 1,200 staff.",
    "Last Tuesday, next week, earlier this month, yesterday: the following day, a day later.",
    "Six hundred, K employees, İn June, ı, über 5 Millionen € — “quoted” 12 minutes.",
    "In January this year; since Sept. 4, 2021; 2025-06-18; between 5 and 10 users.",
]


def _texts() -> list[str]:
    """Every line of the test articles and golden sentences, and a few tricky ones."""
    texts = list(TRICKY)
    for path in story_files():
        texts.extend(line for line in path.read_text("utf-8").splitlines() if line.strip())
    texts.extend(golden_sentences())
    for text in reading_articles():
        texts.extend(line for line in text.splitlines() if line.strip())
    return texts


TEXTS = _texts()


def _gated() -> list[tuple[str, _Gate, re.Pattern[str]]]:
    """Each gate with a pattern it speaks for."""
    pats = _patterns()
    dates = _date_gates()
    pairs = [(name, gate, pattern) for name, (gate, pattern) in _hint_patterns().items()]
    pairs += [(name, dates["month"], pats[name]) for name in ("mdy", "dmy", "month_year")]
    pairs += [
        ("month_only", dates["month"], pats["month_only"]),
        ("weekday", dates["weekday"], pats["weekday"]),
        ("relative", dates["relative"], pats["relative"]),
        ("days_from", dates["days_from"], values._days_from_pattern()[0]),
    ]
    return pairs


@pytest.mark.parametrize(("name", "gate", "pattern"), _gated(), ids=lambda x: str(x)[:20])
def test_gate_admits_every_text_its_pattern_matches(
    name: str, gate: _Gate, pattern: re.Pattern[str]
) -> None:
    assert len(TEXTS) > 1000
    missed = [t for t in TEXTS if pattern.search(t) and not gate.admits(_probe(t))]
    assert missed == [], name


def test_qualifier_gate_admits_every_window_a_qualifier_ends() -> None:
    gate, pattern = values._qualifier_pattern()
    missed = []
    for text in TEXTS:
        for m in re.finditer(r"(?<=\s)\S", text):
            window = max(0, m.start() - 32)
            if pattern.search(text, window, m.start()) and not gate.admits(
                _probe(text[window : m.start()])
            ):
                missed.append(text[window : m.start()])
    assert missed == []


def test_gates_refuse_texts_without_their_words() -> None:
    hints = _hint_patterns()
    plain = _probe("The company said on its website that it would grow.")
    assert not hints["word"][0].admits(plain)
    assert not hints["money"][0].admits(plain)
    assert not _date_gates()["weekday"].admits(plain)
    assert hints["money"][0].admits(_probe("It cost US$5."))
    assert hints["word"][0].admits(_probe("SEVENTY-ONE of them"))


def test_a_gate_with_a_character_matching_ascii_admits_everything() -> None:
    gate = values._gate(pieces=["\u0130"])  # I with a dot above, which matches i ignoring case
    assert gate.admits(_probe("no such sign here"))


def test_number_words_grouped_by_first_letter_match_the_plain_list() -> None:
    words = [w for w in _v("words") if w not in {"a", "an"} and " " not in w]
    tens = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    units = "one|two|three|four|five|six|seven|eight|nine"
    simple = "|".join(sorted(words, key=len, reverse=True))
    plain = re.compile(rf"(?:(?:{tens})[\s-](?:{units})|a\s+dozen|half\s+a\s+dozen|{simple})", re.I)
    grouped = re.compile(values._number_words_pattern(), re.I)
    for text in TEXTS:
        assert [m.span() for m in grouped.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], text


@pytest.mark.parametrize("name", ["money_word", "duration", "percent", "multiple", "count"])
def test_figure_lead_changes_no_match(name: str) -> None:
    pattern = _patterns()[name]
    lead = values._figure_lead()
    assert pattern.pattern.startswith(lead)
    plain = re.compile(pattern.pattern.removeprefix(lead), pattern.flags)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in pattern.finditer(text)] == [
            (m.span(), m.groups()) for m in plain.finditer(text)
        ], text


def test_a_letter_that_matches_ascii_only_ignoring_case_still_finds_its_currency() -> None:
    """ "200 dollarſ" (long s) is matched by the ignore-case pattern, so its table entry is
    found too instead of failing the whole article."""
    found = values.scan("Revenue was 200 dollar\u017f in 2023.")
    assert [(f.value.text, f.value.unit) for f in found] == [
        ("200 dollar\u017f", "USD"),
        ("2023", ""),
    ]


def test_a_numeral_too_large_for_a_float_is_no_figure() -> None:
    """A figure of hundreds of digits is left out (no Infinity in reports), the rest read."""
    text = "Revenue was $1" + "0" * 400 + " million in 2023, up from 5 million users."
    found = values.scan(text)
    assert [f.value.text for f in found] == ["2023", "5 million users"]
