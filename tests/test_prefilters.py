"""Prefilters of the claim-kind extractors are necessary conditions: a sentence they turn
away can match none of the patterns they guard, so the extractors find exactly what they
found without them. Checked over every text the tests and seeds hold."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sample_texts import golden_cases, reading_articles

from claimcheck import vocab
from claimcheck.extract import EXTRACTORS, build_gazetteer, relations, roles
from claimcheck.extract.context import ArticleState, SentenceContext, article_lexicon, cue_table
from claimcheck.extract.entities import Gazetteer
from claimcheck.extract.figures import cue_triggers
from claimcheck.extract.segment import sentences
from claimcheck.load import load_paths
from claimcheck.models import Entity, Reference, ValueKind
from claimcheck.reference import load_reference

TESTS = Path(__file__).parent
ROOT = TESTS.parent

Text = tuple[str, Gazetteer, date | None]


def _golden_texts() -> Iterator[Text]:
    for case in golden_cases():
        entities = tuple(Entity(name=e["name"], kind=e["kind"]) for e in case.get("entities", []))
        gazetteer = build_gazetteer(Reference(path="test", entities=entities) if entities else None)
        published = case.get("published")
        published = published if isinstance(published, date) else None
        yield "\n\n".join([*case.get("before", []), case["text"]]), gazetteer, published


def _reading_texts() -> Iterator[Text]:
    for text in reading_articles():
        yield text, build_gazetteer(None), None


def _file_texts() -> Iterator[Text]:
    stories = [*sorted((TESTS / "corpus").iterdir()), *sorted((TESTS / "e2e").iterdir())]
    for folder in [ROOT / "seeds", *(s for s in stories if s.is_dir())]:
        claims = folder / "claims.yaml"
        gazetteer = build_gazetteer(load_reference(claims) if claims.exists() else None)
        for article in load_paths([folder]).articles:
            published = _published(article.published)
            yield article.text[article.body_start :], gazetteer, published


def _published(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


@pytest.fixture(scope="module")
def texts() -> list[Text]:
    return [*_golden_texts(), *_reading_texts(), *_file_texts()]


@contextmanager
def _unfiltered() -> Iterator[None]:
    """Every prefilter admits every sentence."""
    saved = vocab.sentence_words
    vocab.sentence_words = lambda text: None  # type: ignore[assignment]
    try:
        yield
    finally:
        vocab.sentence_words = saved


def _clone(ctx: SentenceContext) -> SentenceContext:
    """A copy whose state an extractor may change without touching ``ctx``."""
    state = replace(ctx.state, objects=dict(ctx.state.objects))
    return replace(ctx, state=state, used_years=set(ctx.used_years))


Extractor = Callable[[SentenceContext], list[Any]]

PARTS: dict[str, list[Extractor]] = {
    "relations": [
        relations.partnership_kinds,
        relations.acquisitions,
        relations.stake_kinds,
        relations.announcements,
        relations.launches,
        relations.funding,
        relations.headquarters,
        relations.named_tools,
        relations.makers,
        relations.launched_by,
        relations.extract,
    ],
}
"""Extractors checked piece by piece (each piece has its own prefilter)."""


def _event(ctx: SentenceContext) -> tuple[object, ...]:
    relations.update_event(ctx)
    return ctx.state.event, ctx.state.event_parties, ctx.event_here


def test_extractors_find_the_same_with_and_without_prefilters(texts: list[Text]) -> None:
    checked = 0
    for text, gazetteer, published in texts:
        state = ArticleState(lexicon=article_lexicon(text))
        for sentence in sentences(text, 0):
            ctx = SentenceContext.build(sentence, gazetteer, state, published)
            if sentence.heading:
                ctx.set_topic()
                continue
            with _unfiltered():
                want = _event(_clone(ctx))
            assert _event(ctx) == want, sentence.text
            for kind, extract in EXTRACTORS.items():
                for part in PARTS.get(kind, [extract]):
                    with _unfiltered():
                        drafts = part(_clone(ctx))
                    assert part(_clone(ctx)) == drafts, (part.__qualname__, sentence.text)
                    checked += bool(drafts)
                extract(ctx)
            ctx.remember()
    assert checked > 100


def _guarded() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    """Every (name, pattern, trigger words) pair a prefilter relies on."""
    rel = relations
    paths = [
        ("offering", "nouns"),
        ("results", "nouns"),
        ("results", "verbs"),
        ("partnership", "verbs"),
        ("partnership", "nouns"),
        ("deal_verbs",),
        ("acquisition", "verbs"),
        ("acquisition", "nouns"),
        ("announcement", "verbs"),
        ("launch", "verbs"),
    ]
    out = [("/".join(p), rel._pattern(*p), rel._triggers(*p)) for p in paths]
    out += [
        ("kinds", rel._kind_pattern(), rel._kind_triggers()),
        ("stakes", rel._stake_pattern(), rel._stake_triggers()),
        ("no funding", rel._no_funding(), rel._no_funding_triggers()),
        ("event ref", rel._EVENT_REF, rel._EVENT_WORDS),
        ("deal noun", rel._DEAL_NOUN, rel._DEAL_NOUN_WORDS),
        ("based", rel._BASED, rel._BASED_WORDS),
        ("based in", rel._BASED_IN, rel._BASED_IN_WORDS),
        ("place noun", rel._PLACE_NOUN, rel._PLACE_NOUN_WORDS),
        ("maker noun", rel._MAKER_NOUN, rel._MAKER_WORDS),
        ("behind", rel._BEHIND, rel._MAKER_WORDS),
        ("which", rel._WHICH_MADE, rel._WHICH),
        ("which launched", rel._which_launched(), rel._triggers("launch", "verbs")),
        ("titles", roles._titles()[0], roles._title_triggers()),
        ("founded by", roles._FOUNDED_BY, roles._FOUNDED_WORDS),
        ("person founded", roles._PERSON_FOUNDED, roles._FOUNDED_WORDS),
    ]
    for kind in ValueKind:
        pattern, _ = cue_table(kind)
        if pattern is not None:
            out.append((f"cues {kind.value}", pattern, cue_triggers(kind)))
    return out


def _phrase_probes() -> list[str]:
    """Sentences made of each table phrase, in odd case and spacing."""
    phrases: list[str] = []
    for node in vocab.table("relations").values():
        for value in node.values() if isinstance(node, dict) else [node]:
            if isinstance(value, list):
                phrases += [p for p in value if isinstance(p, str)]
            elif isinstance(value, dict):
                phrases += [p for words in value.values() for p in words]
    phrases += list(vocab.role_titles())
    for kind in ValueKind:
        phrases += list(cue_table(kind)[1])
    probes = []
    for p in phrases:
        probes += [p, f"The {p.upper()}, then", f"({p.title()}) x", p.replace(" ", "-")]
    return probes


def test_prefilter_words_are_necessary_for_every_guarded_pattern(texts: list[Text]) -> None:
    lines = [s.text for text, _, _ in texts for s in sentences(text, 0)] + _phrase_probes()
    lines += ["San Francisco-based Northwind", "the Irvine, California company", "co-founded by"]
    lines += [", which ", ", WHICH\t", "X, the lab Behind the ", "X, a small Maker  of "]
    for name, pattern, words in _guarded():
        assert words is not None, name
        hits = 0
        for line in lines:
            if pattern.search(line):
                hits += 1
                assert vocab.may_hold(line, words), (name, line)
        assert hits, name


def test_case_aliases_are_every_non_ascii_match_of_an_ascii_character() -> None:
    others = "".join(map(chr, range(0x80, 0x110000)))
    aliases = set()
    for code in range(0x80):
        aliases |= set(re.findall(re.escape(chr(code)), others, re.I))
    assert aliases == set(vocab._CASE_ALIASES)


def test_sentence_words_give_up_on_a_case_alias() -> None:
    assert vocab.sentence_words("Meta ac\u017fuired it") is None
    assert vocab.may_hold("Meta ac\u017fuired it", frozenset({"acquired"}))
    assert vocab.sentence_words("Café Co-Founder's deal") == frozenset(
        {"café", "co", "founder", "s", "deal"}
    )


def test_phrase_triggers_pick_a_whole_word_of_each_phrase() -> None:
    assert vocab.phrase_triggers(["teamed up with", "co-CEO", "U.S."]) == frozenset(
        {"teamed", "ceo", "u"}
    )
    assert vocab.phrase_triggers(["$", "deal"]) is None
    assert not vocab.may_hold("A co-chief of staff", vocab.phrase_triggers(["co-CEO"]))
