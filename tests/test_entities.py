"""Name finding and per-sentence memos: the fast paths agree with the plain matchers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sample_texts import golden_sentences, story_files

from claimcheck.extract import build_gazetteer
from claimcheck.extract.context import ArticleState, SentenceContext, _anaphor_pattern, cue_table
from claimcheck.extract.entities import (
    _CAMEL,
    _CAPITAL_CHUNK,
    _CHUNK,
    Gazetteer,
    _pieces,
    alias_matches,
    alias_pattern,
    find_mentions,
)
from claimcheck.extract.segment import Sentence, sentences
from claimcheck.models import Entity, Reference, ValueKind
from claimcheck.reference import load_reference

TESTS = Path(__file__).parent
REFERENCES = sorted(TESTS.glob("corpus/*/claims.yaml")) + sorted(TESTS.glob("e2e/*/claims.yaml"))
ODD = [
    "İts ıt THE STARTUP the-company It's",
    "$Chief Executive Officer Jane Roe, xCEO Mark Lee and _President Ann Wu",
    "iPhone maker Apple; eBay's 3Com deal; U.S.A. Inc.'s Fortune 500 list",
    "(Meta) -Meta Meta-backed Meta's Meta' s",
]


def _texts() -> list[str]:
    """Every sentence of the test articles and golden cases, plus a few odd ones."""
    out = [*ODD, *golden_sentences()]
    for path in story_files():
        out.extend(s.text for s in sentences(path.read_text("utf-8")))
    return out


TEXTS = _texts()
_LOOKAHEAD = re.compile(r"^\(\?=(?:\\.|[^\\)])*\)")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _patterns() -> list[re.Pattern[str]]:
    """Every pattern that opens with a ``lead_lookahead``."""
    out = [_anaphor_pattern()]
    out.extend(p for p, _ in map(cue_table, ValueKind) if p is not None)
    out.extend(_every_alias(build_gazetteer(load_reference(p))) for p in REFERENCES)
    return out


def _every_alias(gazetteer: Gazetteer) -> re.Pattern[str]:
    """One alternation of every alias, scanned left to right (what the search must equal)."""
    names = frozenset(gazetteer.irregular).union(*gazetteer.aliases_by_word.values())
    return alias_pattern(tuple(sorted(names)), lookahead=True)


@pytest.mark.parametrize(
    "path", [*REFERENCES, "odd", "odd-irregular"], ids=lambda p: getattr(p, "parent", Path(p)).name
)
def test_the_alias_search_finds_what_one_alternation_of_every_alias_finds(
    path: Path | str,
) -> None:
    """Trying each word with the aliases it starts finds exactly what scanning a sentence
    with one alternation of every alias finds, in any case; also with aliases that start
    with no word, share first words or hold one another."""
    if isinstance(path, str):
        gazetteer = _odd_gazetteer(irregular=path.endswith("irregular"))
    else:
        gazetteer = build_gazetteer(load_reference(path))
    every = _every_alias(gazetteer)
    texts = [*TEXTS, *(t.upper() for t in TEXTS), *(t.lower() for t in TEXTS), *ODD_ALIAS_TEXTS]
    found = 0
    for text in texts:
        spans = [m.span() for m in alias_matches(text, gazetteer)]
        assert spans == _spans(every, text), text
        found += bool(spans)
    assert found > 10


ODD_ALIAS_TEXTS = [
    "Open AI Open-AI OpenAI Open AI Labs said .NET and @Home ran on Open AI.",
    "A B C: A B and B C and A-B-C, x.NET, (@Home), Open AI Labs Open",
    "Labs Open AI Labs AI Labs AI.",
]


def _odd_gazetteer(irregular: bool) -> Gazetteer:
    """Aliases that share first words and hold one another; with ``irregular``, also two
    that start with no word."""
    entities = [
        Entity("Open AI", aliases=("Open AI Labs", "OpenAI")),
        Entity("AI Labs", aliases=("Labs",)),
        Entity("A B", aliases=("A B C",)),
        Entity("B C"),
    ]
    if irregular:
        entities += [Entity(".NET", kind="product"), Entity("@Home", kind="product")]
    return build_gazetteer(Reference("odd.yaml", entities=tuple(entities)))


@pytest.mark.parametrize("pattern", _patterns(), ids=lambda p: p.pattern[:40])
def test_lead_lookahead_never_rejects_a_match(pattern: re.Pattern[str]) -> None:
    lead = _LOOKAHEAD.match(pattern.pattern)
    assert lead is not None
    plain = re.compile(pattern.pattern[lead.end() :], pattern.flags)
    for text in TEXTS:
        assert _spans(pattern, text) == _spans(plain, text), text


def test_capital_chunks_are_all_chunks_without_camel_case() -> None:
    plain = [t for t in TEXTS if not _CAMEL.search(t)]
    assert len(plain) < len(TEXTS)
    for text in plain:
        assert _spans(_CAPITAL_CHUNK, text) == _spans(_CHUNK, text), text


def test_camel_case_names_are_still_found() -> None:
    names = [
        m.name
        for m in find_mentions("Apple sold the iPhone and eBay listed it.", build_gazetteer(None))
    ]
    assert names == ["Apple", "iPhone", "eBay"]


def test_cached_runs_depend_only_on_their_own_text() -> None:
    """A run's pieces are cached by its text and the character before it: mentions found
    with a warm cache equal those found with a cold one, whatever was read before."""
    gazetteer = build_gazetteer(load_reference(REFERENCES[0]))
    _pieces.cache_clear()
    cold = [find_mentions(t, gazetteer) for t in TEXTS]
    warm = [find_mentions(t, gazetteer) for t in reversed(TEXTS)]
    assert cold == warm[::-1]


def test_candidates_follow_the_mentions() -> None:
    gazetteer = build_gazetteer(None)
    ctx = SentenceContext.build(
        Sentence("Acme sold its stake to Globex.", 0, 0), gazetteer, ArticleState(), None
    )
    first = ctx.candidates()
    assert [m.name for m in first] == ["Acme"]
    assert ctx.candidates() is first
    ctx.mentions = ctx.mentions[1:]
    assert ctx.candidates() == ()


def test_the_tail_of_a_figure_is_no_name_but_a_number_led_name_is() -> None:
    """ "$6.06M" and "$3B" are money, not a company called "06M" or "3B"; "3M" alone is."""
    gazetteer = build_gazetteer(None)
    figures = find_mentions("Revenue reached $6.06M, then 14.3B and $3B.", gazetteer)
    assert figures == []
    assert [m.text for m in find_mentions("Later 3M makes tape.", gazetteer)] == ["3M"]
