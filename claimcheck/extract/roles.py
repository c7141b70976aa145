"""Role claims: who holds a title at an organisation.

Matches: "Meta's Chief AI Officer Alexandr Wang", "Meta's Chief AI Officer, Alexandr Wang,",
"Alexandr Wang, Meta's Chief AI Officer", "Midjourney founder David Holz",
"David Holz, the CEO of Midjourney", "co-founded by Alexandr Wang and Lucy Guo".
Does not match: "former CEO Jane Roe" (not a current role), "for CEOs and marketing managers".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from claimcheck.extract.context import Draft, SentenceContext
from claimcheck.extract.entities import Mention, looks_like_person
from claimcheck.values import name_value
from claimcheck.vocab import (
    fold_key,
    may_hold,
    phrase_pattern,
    phrase_triggers,
    role_titles,
    table,
)

_APPOSITIVE = re.compile(r"^,\s+the\s+$", re.I)
_AT_ORG = re.compile(r"^(?:At|For|Within|Inside)\s+(?:the\s+)?", re.I)
_AND_TITLE = re.compile(r"^\s*(?:,|and|&|,\s*and)\s*$", re.I)
_FORMER = re.compile(
    r"\b(?:former|ex|then|previous|late|outgoing)[\s-]+(?-i:[A-Z][\w&.'-]*(?:'s)?\s+){0,3}$", re.I
)
_ORG_GLUE = re.compile(r"^(?:'s?)?\s+(?:(?:new|first|current|own|longtime)\s+)?$", re.I)
_PERSON_AFTER = re.compile(r"^,?\s+$")


@cache
def _role_verb() -> re.Pattern[str]:
    return re.compile(phrase_pattern([*table("text")["role_verbs"], "now"]), re.I)


@cache
def _person_before() -> re.Pattern[str]:
    """``Jane Roe, who became the CEO``, ``Jane Roe stepped in as interim CEO``: the words
    that may stand between a person and the title they hold (verbs from data)."""
    verbs = phrase_pattern(table("text")["role_verbs"])
    return re.compile(
        r"^,?\s+(?:\d{2},\s+)?(?:who\s+(?:has\s+been\s+|will\s+be\s+)?"
        rf"{verbs}\s+|now\s+|{verbs}\s+)?"
        r"(?:now\s+)?(?:the\s+|its\s+|their\s+|an?\s+|co-)?"
        r"(?:(?:new|first|current|company's|firm's|startup's)\s+)?$",
        re.I,
    )


_POSSESSIVE_PRONOUN = re.compile(
    r"\b(?:its|their|the\s+(?:[\w-]+\s+){0,2}?(?:company|firm|startup|group|lab|giant|maker)'s?)"
    r"\s+(?:(?:new|first|current|own)\s+)?$",
    re.I,
)
_BY_TITLE = re.compile(r"\b(?:by|with|and|said|says)\s+$", re.I)
_OF_ORG = re.compile(r"^\s+(?:of|at)\s+(?:the\s+)?$", re.I)
_PERSON_FOUNDED = re.compile(r",?\s+(?:who\s+)?(?:co-?)?founded\s+", re.I)
_FOUNDED_BY = re.compile(r"\b(?:co-?)?founded\s+(?:in\s+\S+\s+)?by\s+", re.I)
_FOUNDED_WORDS = frozenset({"founded", "cofounded"})
"""Both patterns hold ``founded``, ``co-founded`` or ``cofounded`` between a space or word
boundary and a space: the word ``founded`` or ``cofounded``."""


@cache
def _titles() -> tuple[re.Pattern[str], dict[str, str]]:
    table = role_titles()
    return re.compile(phrase_pattern(list(table)), re.I), table


@cache
def _title_triggers() -> frozenset[str] | None:
    """Words one of which every match of the titles pattern holds."""
    return phrase_triggers(list(_titles()[1]))


def extract(ctx: SentenceContext) -> list[Draft]:
    """Role titles with the organisation and the person who holds them; titles joined by
    "and" ("founder and CEO, David Holz") share them."""
    drafts = _titled(ctx) if may_hold(ctx.text, _title_triggers()) else []
    if may_hold(ctx.text, _FOUNDED_WORDS):
        drafts.extend(_founded_by(ctx))
        drafts.extend(_founders(ctx))
    return drafts


def _titled(ctx: SentenceContext) -> list[Draft]:
    """Drafts for the role titles the sentence writes."""
    pattern, table = _titles()
    found: list[tuple[str, int, int, Draft | None]] = []
    for m in pattern.finditer(ctx.text):
        if not _FORMER.search(ctx.text, max(0, m.start() - 40), m.start()):
            role = table[fold_key(m.group(0))]
            found.append((role, m.start(), m.end(), _role_draft(ctx, role, m.start(), m.end())))
    drafts = [d for d in _share_coordinated(ctx, found) if d is not None]
    for role, start, end, draft in found:
        if draft is None:
            drafts.extend(_shared_title(ctx, role, start, end))
    return drafts


_SHARED = re.compile(
    r"^\s+(?:have|has|had)?\s*(?:shared|share|shares|split|splits|jointly\s+held|jointly\s+hold)"
    r"\s+the\s+$",
    re.I,
)
_AND = re.compile(r"^\s+and\s+$", re.I)


def _shared_title(ctx: SentenceContext, role: str, start: int, end: int) -> list[Draft]:
    """``Ted Sarandos and Greg Peters have shared the chief executive role``: both hold it,
    at the company the article is about."""
    people = [m for m in ctx.mentions if m.end <= start and _is_person(m)]
    if len(people) < 2 or not _SHARED.match(ctx.text[people[-1].end : start]):
        return []
    first, second = people[-2], people[-1]
    if not _AND.match(ctx.text[first.end : second.start]):
        return []
    org = _implied_org(ctx, first)
    if org is None:
        return []
    return [Draft.about(org, role, name_value(p.name), p.start, end) for p in (first, second)]


def _share_coordinated(
    ctx: SentenceContext, found: list[tuple[str, int, int, Draft | None]]
) -> list[Draft | None]:
    """Give a title without its own holder the holder of the title it is joined to."""
    drafts = [draft for _, _, _, draft in found]
    for i in range(len(found) - 1):
        (role_a, _, end_a, _), (role_b, start_b, end_b, _) = found[i], found[i + 1]
        if not _AND_TITLE.match(ctx.text[end_a:start_b]):
            continue
        a, b = drafts[i], drafts[i + 1]
        if a is not None and b is None:
            drafts[i + 1] = replace(a, attribute=role_b, end=max(a.end, end_b))
        elif b is not None and a is None:
            drafts[i] = replace(b, attribute=role_a)
    return drafts


def _role_draft(ctx: SentenceContext, role: str, start: int, end: int) -> Draft | None:
    org, left = _org(ctx, start, end)
    person = _person(ctx, start, end, left)
    if person is not None and org is None and _predicated(ctx, person, left):
        org = _implied_org(ctx, person)
    if org is None or person is None or org.name == person.name:
        return None
    lo, hi = ctx.span_of(org, person)
    lo, hi = min(lo, start), max(hi, end)
    return Draft.about(
        org,
        role,
        name_value(person.name),
        lo,
        hi,
    )


def _org(ctx: SentenceContext, start: int, end: int) -> tuple[Mention | None, int]:
    """The organisation and where its phrase begins: ``Meta's <title>``, ``Meta <title>``,
    ``<title> of Meta``, ``its <title>``, ``by <Title> <Name>`` (the sentence's subject)."""
    for m in reversed(ctx.mentions):
        if m.end <= start and _ORG_GLUE.match(ctx.text[m.end : start]) and _is_org(m):
            return m, m.start
    for m in ctx.mentions:
        if m.start >= end and _OF_ORG.match(ctx.text[end : m.start]) and _is_org(m):
            return m, start
    pronoun = _POSSESSIVE_PRONOUN.search(ctx.text, max(0, start - 40), start)
    if pronoun is not None:
        phrase = re.sub(r"(?:'s?)?\s*(?:(?:new|first|current|own)\s+)?$", "", pronoun.group(0))
        return ctx.referent(pronoun.start() + len(phrase)), pronoun.start()
    if _BY_TITLE.search(ctx.text, max(0, start - 12), start):
        return ctx.main_subject(), start
    return None, start


def _person(ctx: SentenceContext, start: int, end: int, left: int) -> Mention | None:
    """The title holder, written right after the title or before it with a comma."""
    for m in ctx.mentions:
        if m.start >= end and _PERSON_AFTER.match(ctx.text[end : m.start]) and _is_person(m):
            return m
    for m in reversed(ctx.mentions):
        if m.end <= left and _person_before().match(ctx.text[m.end : left]) and _is_person(m):
            return m
    return None


def _predicated(ctx: SentenceContext, person: Mention, left: int) -> bool:
    """``Greg Peters is co-chief executive``, ``Ted Sarandos, the co-CEO,``, or ``Co-CEO
    Greg Peters said`` opening the sentence: the title is said of the person outright."""
    if person.end <= left:
        between = ctx.text[person.end : left]
        return bool(_role_verb().search(between) or _APPOSITIVE.match(between))
    return not ctx.text[:left].strip(" -*\"'")


def _implied_org(ctx: SentenceContext, person: Mention) -> Mention | None:
    """The organisation a bare title belongs to: ``At Nippon Steel, <Name> is <title>``,
    else the entity the article is about."""
    at = _AT_ORG.match(ctx.text)
    if at is not None:
        inside = next((m for m in ctx.mentions if m.start == at.end()), None)
        if inside is not None and _is_org(inside):
            return inside
    topic = ctx.carried()
    if topic is not None and topic.kind in {"product", "event", "place", "person"}:
        topic = _top_organisation(ctx)
    return topic if topic is not None and topic.name != person.name else None


def _top_organisation(ctx: SentenceContext) -> Mention | None:
    """The organisation the article has named most so far (a title belongs to a company,
    not to the product the paragraph is about)."""
    named = ctx.state.named
    orgs = [
        (n, name)
        for name, n in ctx.state.salience.items()
        if named[name].kind in {"organisation", ""}
    ]
    return named[max(orgs)[1]] if orgs else None


def _is_org(m: Mention) -> bool:
    return m.kind not in {"person", "place"} and not (not m.known and _looks_like_person(m.text))


def _is_person(m: Mention) -> bool:
    if m.known:
        return m.kind in {"person", ""}
    return _looks_like_person(m.text)


def _looks_like_person(text: str) -> bool:
    return looks_like_person(text)


def _founders(ctx: SentenceContext) -> Iterator[Draft]:
    """``David Holz, who founded Midjourney in 2021``: a person who founded an organisation."""
    for m in _PERSON_FOUNDED.finditer(ctx.text):
        person = ctx.mention_before(m.start(), within=1)
        org = ctx.mention_after(m.end(), within=1)
        if person is not None and org is not None and _is_person(person) and _is_org(org):
            yield Draft.about(org, "founder", name_value(person.name), person.start, org.end)


def _founded_by(ctx: SentenceContext) -> Iterator[Draft]:
    for m in _FOUNDED_BY.finditer(ctx.text):
        subject = ctx.subject_at(m.start())
        if subject is None:
            continue
        for person in _name_list(ctx, m.end()):
            yield Draft.about(
                subject,
                "founder",
                name_value(person.name),
                m.start(),
                person.end,
            )


def _name_list(ctx: SentenceContext, pos: int) -> Iterator[Mention]:
    """Persons in ``A, B and C`` starting at ``pos``."""
    for m in ctx.mentions:
        if m.start < pos:
            continue
        gap = _titles()[0].sub("", ctx.text[pos : m.start])
        if not re.fullmatch(r"(?:\s*(?:,|and|&|its|the|then|current)\s*)*", gap):
            return
        if _is_person(m):
            yield m
        pos = m.end
