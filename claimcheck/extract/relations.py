"""Relations read from wording: acquisitions, partnerships, announcements, launches,
funding, headquarters, named tools and makers.

Matches: "acquiring Scale AI" (a 100 % stake), "a technology licensing partnership with
Midjourney" (kind: licensing), "confirmed the news on the social platform Threads"
(announced on Threads), "announced by Meta's Chief AI Officer Alexandr Wang" (announced
by), "launching its first AI video model, V1" (product), "has never sought external
funding" (external funding: none), "San Francisco-based" (headquarters), "Meta's existing
video tool, Movie Gen" (video tool), "OpenAI's Sora" (maker, when the reference knows both).
Does not match: "bought a 49% stake in Scale AI" (a stake, not an acquisition),
"partnerships that strengthen its AI capabilities" (no partner named).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from claimcheck.extract.context import Draft, SentenceContext, cue_table
from claimcheck.extract.entities import Mention, looks_like_person
from claimcheck.extract.figures import cue_triggers
from claimcheck.models import Value, ValueKind
from claimcheck.values import category_value, name_value, numeric_value
from claimcheck.vocab import (
    attributes,
    fold_key,
    may_hold,
    phrase_pattern,
    phrase_triggers,
    resolve_attribute,
    table,
)


@cache
def _rel() -> dict:  # type: ignore[type-arg]
    return table("relations")  # type: ignore[no-any-return]


def _phrases(*path: str) -> list[str]:
    node: Any = _rel()
    for key in path:
        node = node[key]
    return list(node)


@cache
def _pattern(*path: str) -> re.Pattern[str]:
    return re.compile(phrase_pattern(_phrases(*path)), re.I)


@cache
def _triggers(*path: str) -> frozenset[str] | None:
    """Words one of which every match of ``_pattern(*path)`` holds."""
    return phrase_triggers(_phrases(*path))


def _matches(ctx: SentenceContext, *path: str) -> Iterator[re.Match[str]]:
    """Matches of ``_pattern(*path)`` in the sentence; none, without a scan, when the
    sentence lacks every word the phrases need."""
    if not may_hold(ctx.text, _triggers(*path)):
        return iter(())
    return _pattern(*path).finditer(ctx.text)


def _search(ctx: SentenceContext, *path: str) -> re.Match[str] | None:
    """The first match of ``_pattern(*path)`` in the sentence (see ``_matches``)."""
    return next(_matches(ctx, *path), None)


# --- partnerships (also sets the article's current event) --------------------------------


@cache
def _kind_words() -> dict[str, str]:
    out = {}
    for kind, words in _rel()["partnership"]["kinds"].items():
        for word in words:
            out[fold_key(word)] = kind
    return out


_BETWEEN = re.compile(r"^\s+between\s+$", re.I)


def update_event(ctx: SentenceContext) -> None:
    """Note the deal a sentence names (``partnership between A and B``, ``invested in B``,
    ``agreed to license technology from B``) for this and later sentences."""
    known = next((m for m in ctx.mentions if m.kind == "event"), None)
    if known is not None:
        ctx.state.event, ctx.event_here = known.name, True
        ctx.state.event_parties = ctx.gazetteer.parties.get(known.name, ())
        return
    named = _named_event(ctx)
    if named is not None:
        kind, parties = named
        ctx.state.event = _event_name(ctx, parties, kind)
        ctx.state.event_parties = parties
        ctx.event_here = True
    elif ctx.state.event and may_hold(ctx.text, _EVENT_WORDS) and _EVENT_REF.search(ctx.text):
        ctx.event_here = True


def _named_event(ctx: SentenceContext) -> tuple[str, tuple[str, ...]] | None:
    """(kind, parties) of the deal ("" kind) or one-party event the sentence names."""
    if not may_hold(ctx.text, _event_triggers()):
        return None
    parties = _parties(ctx) or _deal_parties(ctx)
    if parties is not None:
        return "", parties
    offering = _offering(ctx)
    if offering is not None:
        return "offering", offering
    results = _results(ctx)
    return ("results", results) if results is not None else None


@cache
def _event_triggers() -> frozenset[str] | None:
    """Words one of which ``_parties``, ``_deal_parties``, ``_offering`` and ``_results``
    each need to find anything: the union of their prefilters."""
    needs = [
        _triggers("partnership", "verbs"),
        _triggers("partnership", "nouns"),
        _triggers("deal_verbs"),
        _DEAL_NOUN_WORDS,
        _triggers("offering", "nouns"),
        _triggers("results", "nouns"),
    ]
    words: frozenset[str] = frozenset()
    for need in needs:
        if need is None:
            return None
        words |= need
    return words


_DEFINITE = re.compile(r"\bthe\s+$", re.I)


def _offering(ctx: SentenceContext) -> tuple[str] | None:
    """``Rivian's IPO``, ``its Nasdaq debut``: a one-party event, the listing."""
    m = _search(ctx, "offering", "nouns")
    if m is None:
        return None
    current = ctx.state.event_parties
    if _DEFINITE.search(ctx.text, max(0, m.start() - 4), m.start()) and len(current) == 1:
        return (current[0],)
    issuer = ctx.subject_at(m.start())
    return (issuer.name,) if issuer is not None else None


_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s+$", re.I)
_THAT_CLAUSE = re.compile(r"(?:\s+\S+){0,4}?\s+that\s+", re.I)
"""``Reuters reported in December that OpenAI projected ...``: a source reporting on
another company, not a company reporting its results."""


def _results(ctx: SentenceContext) -> tuple[str] | None:
    """``Nvidia reported on Wednesday that revenue ...``, ``Nvidia's report landed``: the
    company's results, a one-party event, when the sentence talks about results and says
    on which day ("reported revenue of $7.5 billion in 2022" recalls old results)."""
    if not _search(ctx, "results", "nouns") or not any(
        f.value.kind in (ValueKind.DATE, ValueKind.WEEKDAY) for f in ctx.found
    ):
        return None
    m = _search(ctx, "results", "verbs")
    if m is None or _PASSIVE.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    issuer = ctx.subject_at(m.start())
    if issuer is None or issuer.kind in {"person", "place", "event"}:
        return None
    that = _THAT_CLAUSE.match(ctx.text, m.end())
    other = ctx.mention_after(that.end(), within=12) if that else None
    if other is not None and other.name != issuer.name and other.kind not in {"person", "place"}:
        return None
    return (issuer.name,)


def _parties(ctx: SentenceContext) -> tuple[str, str] | None:
    for m in _matches(ctx, "partnership", "verbs"):
        return _pair(ctx.subject_at(m.start()), ctx.mention_after(m.end(), 30))
    for m in _matches(ctx, "partnership", "nouns"):
        after = ctx.text[m.end() : m.end() + 40]
        if after.lstrip().lower().startswith("with"):
            partner = ctx.mention_after(m.end() + after.lower().index("with") + 4, 30)
            return _pair(ctx.subject_at(m.start()), partner)
        if after.lstrip().lower().startswith("between"):
            return _between(ctx, m.end())
    return None


_DEAL_PREP = re.compile(
    r"(?:[^.;,]|[.,](?=\d)){0,60}?\b(?:in|into|from|with|of|for)\s+(?:the\s+)?", re.I
)
_DEAL_NOUNS = ("deal", "takeover", "acquisition", "merger", "purchase", "buyout")
_DEAL_NOUN = re.compile(rf"\s+(?:{'|'.join(_DEAL_NOUNS)})\b", re.I)
_DEAL_NOUN_WORDS = frozenset(_DEAL_NOUNS)
"""A noun naming a deal stands after a space, before a word boundary: a whole word."""
_DEAL_GAP = re.compile(r"\s+(?:the\s+)?", re.I)


def _deal_parties(ctx: SentenceContext) -> tuple[str, str] | None:
    """``Microsoft to buy Activision Blizzard``, ``invested $14.3 billion in Scale AI``,
    ``licensing Midjourney's technology``: the two parties of a deal."""
    for m in _matches(ctx, "deal_verbs"):
        first = ctx.subject_at(m.start())
        gap = _DEAL_GAP.match(ctx.text, m.end())
        direct = ctx.mention_after(gap.end() if gap else m.end(), 0)
        prep = _DEAL_PREP.match(ctx.text, m.end())
        later = ctx.mention_after(prep.end(), 0) if prep else None
        for other in (direct, later):
            pair = _pair(first, other) if other is not None and other.kind != "place" else None
            if pair is not None:
                return pair
    return _deal_noun_parties(ctx)


def _deal_noun_parties(ctx: SentenceContext) -> tuple[str, str] | None:
    """``Microsoft closes $69 billion Activision Blizzard deal``: the name before the noun
    is the other party."""
    if not may_hold(ctx.text, _DEAL_NOUN_WORDS):
        return None
    for m in ctx.mentions:
        if m.kind != "place" and _DEAL_NOUN.match(ctx.text, m.end):
            first = next(
                (c for c in ctx.candidates() if c.end <= m.start and c.name != m.name), None
            )
            pair = _pair(first, m)
            if pair is not None:
                return pair
    return None


def _between(ctx: SentenceContext, pos: int) -> tuple[str, str] | None:
    first = ctx.mention_after(pos, 15)
    second = ctx.mention_after(first.end, 10) if first else None
    return _pair(first, second)


def _pair(a: Mention | None, b: Mention | None) -> tuple[str, str] | None:
    if a is None or b is None or a.name == b.name:
        return None
    return a.name, b.name


def _event_name(ctx: SentenceContext, parties: tuple[str, ...], kind: str = "") -> str:
    """The reference's name for the event, else one made from its parties."""
    if len(parties) == 1 and kind:
        spec = _rel()[kind]
        words = re.compile(phrase_pattern(list(spec["event_words"])), re.I)
        party = parties[0]
        for name in ctx.gazetteer.kinds:
            if ctx.gazetteer.kinds[name] == "event" and _names_event_of(name, party, words):
                return name
        return f"{party} {spec['name']}"
    known = ctx.gazetteer.events.get(frozenset(parties))
    if known:
        return known
    return "–".join(sorted(parties)) + " deal"


def _names_event_of(name: str, party: str, words: re.Pattern[str]) -> bool:
    """``Nvidia Q4 fiscal 2025 results`` is an event of Nvidia's results."""
    return (name.startswith(party + " ") or name.startswith(party + "'s ")) and bool(
        words.search(name)
    )


def partnership_kinds(ctx: SentenceContext) -> list[Draft]:
    """``licensing partnership``: the kind of the deal the sentence talks about."""
    if not ctx.state.event:
        return []
    if not may_hold(ctx.text, _kind_triggers()):
        return []
    drafts = []
    kinds = _kind_words()
    kind_re = _kind_pattern()
    for m in kind_re.finditer(ctx.text):
        drafts.append(
            Draft(
                subject=ctx.state.event,
                attribute="kind",
                value=category_value(kinds[fold_key(m.group(0))]),
                start=m.start(),
                end=_noun_end(ctx.text, m.end()),
            )
        )
    return drafts


@cache
def _kind_pattern() -> re.Pattern[str]:
    nouns = "|".join(_rel()["partnership"]["nouns"])
    words = phrase_pattern(list(_kind_words()))
    return re.compile(words + rf"(?=(?:\s+[\w-]+){{0,2}}?\s+(?:{nouns})\b)", re.I)


@cache
def _kind_triggers() -> frozenset[str] | None:
    """Words one of which every match of ``_kind_pattern`` holds (it opens with a kind word)."""
    return phrase_triggers(list(_kind_words()))


@cache
def _noun_tail() -> re.Pattern[str]:
    nouns = "|".join(_rel()["partnership"]["nouns"])
    return re.compile(rf"(?:\s+[\w-]+){{0,2}}?\s+(?:{nouns})\b", re.I)


def _noun_end(text: str, pos: int) -> int:
    m = _noun_tail().match(text, pos)
    return m.end() if m else pos


# --- acquisitions -----------------------------------------------------------------------

_NOT_WHOLE = re.compile(
    r"\d|%|\b(?:stake|share|shares|interest|part|portion|minority|majority|assets|rights)\b", re.I
)


def acquisitions(ctx: SentenceContext) -> list[Draft]:
    """``acquired X`` / ``acquisition of X``: a claim that the buyer owns all of X."""
    drafts = []
    for part in ("verbs", "nouns"):
        for m in _matches(ctx, "acquisition", part):
            draft = _acquisition(ctx, m)
            if draft is not None:
                drafts.append(draft)
    return drafts


def _acquisition(ctx: SentenceContext, m: re.Match[str]) -> Draft | None:
    buyer = ctx.subject_at(m.start())
    target, end = _target(ctx, m.end(), buyer)
    if target is None:
        return None
    if buyer is None or buyer.name == target.name:
        return None
    negated = bool(_NOT_BOUGHT.search(ctx.text, max(0, m.start() - 30), m.start()))
    text, low, high_open = (
        ("not acquired", 0.0, True) if negated else ("acquired (100%)", 100.0, False)
    )
    value = Value(ValueKind.PERCENT, text, 100.0, "%", low, 100.0, high_open=high_open)
    modality, claimant = ctx.modality(m.start())
    return Draft.about(
        buyer,
        "stake",
        value,
        m.start(),
        end,
        object=target.name,
        qualifier="acquisition",
        modality=modality,
        claimant=claimant,
    )


_TARGET_GAP = re.compile(r"^\s+(?:(?:the|a|an|its|rival|startup|firm)\s+)*$", re.I)
_NOT_BOUGHT = re.compile(
    r"\b(?:not|never|n't|rather\s+than|instead\s+of|stopped\s+short\s+of|without)\s+(?:\w+\s+)?$",
    re.I,
)


def _target(
    ctx: SentenceContext, pos: int, owner: Mention | None = None
) -> tuple[Mention | None, int]:
    """What was bought: the name right after the verb, or what ``the company`` points to
    (never the buyer itself)."""
    target = ctx.mention_after(pos, within=25)
    if (
        target is not None
        and target.kind != "place"
        and _TARGET_GAP.match(ctx.text[pos : target.start])
    ):
        return target, target.end
    anaphor = _ANAPHOR_TARGET.match(ctx.text, pos)
    if anaphor is None:
        return None, pos
    owner_name = owner.name if owner is not None else ""
    named = [
        m
        for m in ctx.mentions
        if m.end <= pos and m.kind not in {"person", "place", "event"} and m.name != owner_name
    ]
    known = [m for m in named if m.known]
    if named:
        return (known or named)[-1], anaphor.end()
    topic = ctx.carried()
    return (topic if topic is not None and topic.name != owner_name else None), anaphor.end()


_ANAPHOR_TARGET = re.compile(
    r"\s+the\s+(?:[\w-]+\s+){0,3}?(?:company|startup|firm|maker|steelmaker|carmaker|automaker|"
    r"chipmaker|business|group|lab)\b",
    re.I,
)


@cache
def _stake_words() -> dict[str, tuple[float, float, bool, bool]]:
    out = {}
    for words, bounds in _rel()["stake_kinds"].items():
        for word in words.split("|"):
            low, high, low_open, high_open = bounds
            out[fold_key(word)] = (float(low), float(high), bool(low_open), bool(high_open))
    return out


@cache
def _stake_pattern() -> re.Pattern[str]:
    return re.compile(phrase_pattern(list(_stake_words())), re.I)


@cache
def _stake_triggers() -> frozenset[str] | None:
    return phrase_triggers(list(_stake_words()))


def stake_kinds(ctx: SentenceContext) -> list[Draft]:
    """``a minority stake in U.S. Steel`` (under half), ``wholly owned`` (all of it)."""
    if not may_hold(ctx.text, _stake_triggers()):
        return []
    words = _stake_words()
    drafts = []
    for m in _stake_pattern().finditer(ctx.text):
        holder = ctx.subject_at(m.start())
        target, end = _target(ctx, _after_in(ctx.text, m.end()), holder)
        if _OWNED_BY.search(m.group(0)) and target is not None:
            holder, target = target, holder
        if holder is None or target is None or holder.name == target.name:
            continue
        low, high, low_open, high_open = words[fold_key(m.group(0))]
        value = Value(
            ValueKind.PERCENT, m.group(0), (low + high) / 2, "%", low, high, low_open, high_open
        )
        drafts.append(
            Draft.about(
                holder, "stake", value, m.start(), end, object=target.name, qualifier="range"
            )
        )
    return drafts


_OWNED_BY = re.compile(r"\bsubsidiary\b", re.I)
"""A stake word that names the owned one first: "A is a wholly owned subsidiary of B"."""


def _after_in(text: str, pos: int) -> int:
    m = re.match(r"\s+(?:stake\s+)?(?:in|of)\b", text[pos:], re.I)
    return pos + m.end() if m else pos


# --- announcements ----------------------------------------------------------------------

_EVENT_NOUNS = (
    "news|partnership|deal|agreement|collaboration|alliance|tie-up|pact|announcement|takeover|"
    "acquisition|purchase|merger|transaction|investment"
)
_EVENT_REF = re.compile(
    rf"\b(?:the|this|a|an|its|their)\s+[\"']?(?:[\w$.-]+[\"']?,?\s+){{0,3}}?(?:{_EVENT_NOUNS})\b",
    re.I,
)
_EVENT_WORDS = phrase_triggers(_EVENT_NOUNS.split("|"))
"""A reference to the deal ends in one of its nouns, after a space and before a word
boundary: a whole word."""
_ON = re.compile(
    r"\bon\s+(?:the\s+)?(?:(?:social|media|messaging|microblogging)\s+)*"
    r"(?:platform|network|site|app)?\s*",
    re.I,
)


def announcements(ctx: SentenceContext) -> list[Draft]:
    """Where and by whom the current deal was announced."""
    if not ctx.state.event or not ctx.event_here:
        return []
    drafts: list[Draft] = []
    for m in _matches(ctx, "announcement", "verbs"):
        drafts.extend(_platform(ctx, m))
        drafts.extend(_announcer(ctx, m))
    return drafts


def _platform(ctx: SentenceContext, verb: re.Match[str]) -> Iterator[Draft]:
    platforms = _pattern("announcement", "platforms")
    for on in _ON.finditer(ctx.text, verb.end(), verb.end() + 80):
        p = platforms.match(ctx.text, on.end())
        if p and p.group(0)[0].isupper():
            yield Draft(
                subject=ctx.state.event,
                attribute="announced_on",
                value=name_value(p.group(0)),
                start=on.start(),
                end=p.end(),
            )
            return


_BY = re.compile(r"\s+by\s+(?:[\w']+\s+){0,5}?", re.I)


def _announcer(ctx: SentenceContext, verb: re.Match[str]) -> Iterator[Draft]:
    by = _BY.match(ctx.text, verb.end())
    if by:
        person = _first_person(ctx, by.start(), 60)
    else:
        person = ctx.mention_before(verb.start(), within=3)
        person = person if person is not None and _is_person(person) else None
    if person is not None:
        yield Draft(
            subject=ctx.state.event,
            attribute="announced_by",
            value=name_value(person.name),
            start=min(person.start, verb.start()),
            end=max(person.end, verb.end()),
        )


def _first_person(ctx: SentenceContext, pos: int, within: int) -> Mention | None:
    for m in ctx.mentions:
        if pos <= m.start <= pos + within and _is_person(m):
            return m
    return None


def _is_person(m: Mention) -> bool:
    if m.known:
        return m.kind == "person"
    return looks_like_person(m.text)


# --- launches, funding, headquarters ----------------------------------------------------

_PRODUCT_GAP = re.compile(r"^\s+(?:(?:its|the|a|an|their)\s+)?(?:[a-zA-Z-]+,?\s+){0,5}?$")


def launches(ctx: SentenceContext) -> list[Draft]:
    """``launched its first AI video model, V1``: the subject made the product."""
    drafts = []
    for m in _matches(ctx, "launch", "verbs"):
        product = ctx.mention_after(m.end(), within=45)
        if product is None or not _PRODUCT_GAP.match(ctx.text[m.end() : product.start]):
            continue
        maker = ctx.subject_at(m.start())
        if maker is not None and maker.name != product.name:
            drafts.append(
                Draft.about(
                    product,
                    "maker",
                    name_value(maker.name),
                    m.start(),
                    product.end,
                )
            )
    return drafts


@cache
def _no_funding() -> re.Pattern[str]:
    spec = _rel()["funding_none"]
    phrases = phrase_pattern(spec["phrases"])
    objects = phrase_pattern(spec["objects"])
    neg = r"\b(?:never|not|no|without)\b|n't\b"
    return re.compile(rf"{phrases}|(?:{neg})(?:\W+\w+){{0,3}}?\W+(?:any\s+)?{objects}", re.I)


@cache
def _no_funding_triggers() -> frozenset[str] | None:
    """Words one of which every match of ``_no_funding`` holds: it ends in a phrase or an object."""
    spec = _rel()["funding_none"]
    phrases, objects = phrase_triggers(spec["phrases"]), phrase_triggers(spec["objects"])
    return phrases | objects if phrases is not None and objects is not None else None


def funding(ctx: SentenceContext) -> list[Draft]:
    """``has never sought external funding`` / ``self-funded``: no outside money."""
    if not may_hold(ctx.text, _no_funding_triggers()):
        return []
    drafts = []
    for m in _no_funding().finditer(ctx.text):
        subject = ctx.subject_at(m.start())
        if subject is not None:
            value = name_value("none")
            value = numeric_value(ValueKind.MONEY, "none", 0.0, 0.0, "")
            drafts.append(
                Draft(
                    subject=subject.name,
                    subject_text=subject.text,
                    attribute="external_funding",
                    value=value,
                    start=m.start(),
                    end=m.end(),
                    qualifier="none",
                )
            )
    return drafts


_BASED = re.compile(
    r"\b((?:[A-Z][a-z]+\s)*[A-Z][a-z]+(?:,\s(?:[A-Z][a-z]+\s)*[A-Z][a-z]+)?)-based\b"
)
_BASED_WORDS = frozenset({"based"})
"""``-based`` ends a match of ``_BASED`` after a hyphen, before a word boundary: a whole word."""
_BASED_IN_VERBS = "headquartered|based|headquarters"
_BASED_IN = re.compile(rf"\b(?:{_BASED_IN_VERBS})\s+in\s+", re.I)
_BASED_IN_WORDS = frozenset(_BASED_IN_VERBS.split("|"))
"""Each of these words stands between a word boundary and a space in a match."""


_PLACE_NOUNS = (
    "company|startup|firm|maker|carmaker|automaker|chipmaker|steelmaker|group|giant|lab|business"
)
_PLACE_NOUN = re.compile(
    r"\b(?i:the)\s+(?P<place>(?:[A-Z][a-z]+\s)*[A-Z][a-z]+(?:,\s(?:[A-Z][a-z]+\s)*[A-Z][a-z]+)?)\s+"
    rf"(?:[a-z-]+\s+)?(?:{_PLACE_NOUNS})\b"
)
"""``the Irvine, California company``, ``the Pittsburgh steelmaker``: where it is based."""
_PLACE_NOUN_WORDS = frozenset(_PLACE_NOUNS.split("|"))
"""The noun ending a match of ``_PLACE_NOUN`` stands after a space, before a word boundary."""


def _described(ctx: SentenceContext, start: int, end: int) -> Mention | None:
    """What ``the Irvine, California company`` describes: the name it stands in apposition
    to ("Midjourney, the San Francisco lab"), or, opening the sentence, its referent."""
    before = ctx.mention_before(start, within=4)
    if before is not None and ctx.text[before.end : start].strip() == ",":
        return before
    return ctx.referent(end) if not ctx.text[:start].strip() else None


@cache
def _place_names() -> frozenset[str]:
    places = table("places")
    return frozenset(n for key in ("cities", "us_states", "countries") for n in places[key])


def _anaphor_after(ctx: SentenceContext, pos: int) -> Mention | None:
    """``San Francisco-based company``: the entity a following anaphor points to."""
    m = re.match(
        r"\s+(?:[\w-]+\s+){0,2}?(?:company|startup|firm|maker|lab|group)\b", ctx.text[pos:]
    )
    return ctx.referent(pos) if m else None


def headquarters(ctx: SentenceContext) -> list[Draft]:
    """``San Francisco-based Midjourney``, ``headquartered in San Francisco``."""
    drafts = []
    text = ctx.text
    based = _BASED.finditer(text) if may_hold(text, _BASED_WORDS) else ()
    for m in based:
        org = ctx.mention_after(m.end(), within=25) or _anaphor_after(ctx, m.end())
        if org is not None:
            drafts.append(
                Draft.about(
                    org,
                    "headquarters",
                    name_value(m.group(1)),
                    m.start(1),
                    max(m.end(), ctx.span_of(org)[1]),
                )
            )
    described = _PLACE_NOUN.finditer(text) if may_hold(text, _PLACE_NOUN_WORDS) else ()
    for m in described:
        org = _described(ctx, m.start(), m.end())
        if m.group("place").split(",")[0] in _place_names() and org is not None:
            drafts.append(
                Draft.about(org, "headquarters", name_value(m.group("place")), m.start(), m.end())
            )
    based_in = _BASED_IN.finditer(text) if may_hold(text, _BASED_IN_WORDS) else ()
    for m in based_in:
        place = ctx.mention_after(m.end(), within=2)
        org = ctx.subject_at(m.start())
        if place is not None and org is not None and org.name != place.name:
            drafts.append(
                Draft.about(
                    org,
                    "headquarters",
                    name_value(place.name),
                    m.start(),
                    place.end,
                )
            )
    return drafts


# --- named tools and makers -------------------------------------------------------------

_POSSESSOR = re.compile(r"(?:(?P<its>\bits|\btheir)|'s?)\s+(?:[\w-]+\s+){0,5}[\"']?$", re.I)


def named_tools(ctx: SentenceContext) -> list[Draft]:
    """``Meta's existing video tool, Movie Gen``; ``its Imagine image generation tool``."""
    pattern, cues = cue_table(ValueKind.NAME)
    if pattern is None or not may_hold(ctx.text, cue_triggers(ValueKind.NAME)):
        return []
    drafts = []
    for m in pattern.finditer(ctx.text):
        draft = _named_tool(ctx, cues[fold_key(m.group(0))], m.start(), m.end())
        if draft is not None:
            drafts.append(draft)
    return drafts


def _named_tool(ctx: SentenceContext, attribute: str, start: int, end: int) -> Draft | None:
    inside = next((m for m in ctx.mentions if m.start <= start < m.end), None)
    name = inside or _adjacent_name(ctx, start, end)
    if name is None:
        return None
    owner = _possessor(ctx, min(name.start, start))
    if owner is None or owner.name == name.name:
        return None
    return Draft.about(
        owner,
        attribute,
        name_value(name.name),
        min(name.start, start),
        max(name.end, end),
    )


def _adjacent_name(ctx: SentenceContext, start: int, end: int) -> Mention | None:
    after = ctx.mention_after(end, within=3)
    if after is not None and re.fullmatch(r",?\s+\"?", ctx.text[end : after.start]):
        return after
    before = ctx.mention_before(start, within=2)
    if before is not None and not before.possessive:
        return before
    return None


def _possessor(ctx: SentenceContext, pos: int) -> Mention | None:
    m = _POSSESSOR.search(ctx.text, max(0, pos - 40), pos)
    if m is None:
        return None
    if m.group("its"):
        return ctx.referent(m.start())
    owner = ctx.mention_before(m.start() + 1, within=1)
    return owner if owner is not None and owner.possessive else None


def makers(ctx: SentenceContext) -> list[Draft]:
    """``OpenAI's Sora`` / ``Google Veo`` (both known), ``ChatGPT maker OpenAI``, ``OpenAI,
    the lab behind the ChatGPT chatbot``, ``ChatGPT, which OpenAI released``."""
    products = any(m.kind == "product" for m in ctx.mentions)
    if not products and not may_hold(ctx.text, _MAKER_WORDS):
        return []
    drafts = []
    pairs = zip(ctx.mentions, ctx.mentions[1:], strict=False)
    for first, second in pairs:
        gap = ctx.text[first.end : second.start]
        product, maker = _made(first, second, gap)
        if product is not None and maker is not None and product.name != maker.name:
            drafts.append(
                Draft.about(product, "maker", name_value(maker.name), first.start, second.end)
            )
    return drafts


_KNOWN_PAIR = re.compile(r"(?:'s?)?\s+")
_MAKER_NOUN = re.compile(r"\s+maker\s+", re.I)
_BEHIND = re.compile(
    r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,5}?(?:behind|maker\s+of|creator\s+of|developer\s+of)"
    r"\s+(?:the\s+)?$",
    re.I,
)
_MAKER_WORDS = frozenset({"maker", "behind", "creator", "developer"})
"""Words one of which ``_MAKER_NOUN`` and ``_BEHIND`` need, each between spaces: a name pair
of no known product stands in a making relation only around one of them."""
_WHICH_MADE = re.compile(r"^,\s+which\s+$", re.I)
_WHICH = frozenset({"which"})


def _made(first: Mention, second: Mention, gap: str) -> tuple[Mention | None, Mention | None]:
    """(product, maker) when the two adjacent names stand in a making relation."""
    if first.kind == "organisation" and second.kind == "product" and _KNOWN_PAIR.fullmatch(gap):
        return second, first
    if _MAKER_NOUN.fullmatch(gap):
        return first, second
    if _BEHIND.search(gap):
        return second, first
    return None, None


@cache
def _which_launched() -> re.Pattern[str]:
    """A launch verb after a space, before a word boundary (its words are whole words)."""
    verbs = "|".join(re.escape(v) for v in _rel()["launch"]["verbs"])
    return re.compile(rf"\s+(?:{verbs})\b", re.I)


def launched_by(ctx: SentenceContext) -> list[Draft]:
    """``ChatGPT, which OpenAI released on Nov. 30``: the maker of a product named first."""
    text = ctx.text
    if not may_hold(text, _WHICH) or not may_hold(text, _triggers("launch", "verbs")):
        return []
    drafts = []
    for first, second in zip(ctx.mentions, ctx.mentions[1:], strict=False):
        if _WHICH_MADE.match(ctx.text[first.end : second.start]) and _which_launched().match(
            ctx.text, second.end
        ):
            drafts.append(
                Draft.about(first, "maker", name_value(second.name), first.start, second.end)
            )
    return drafts


def table_names(ctx: SentenceContext) -> list[Draft]:
    """In a table row, a name under a column headed by a name attribute ("Maker", "CEO")."""
    label = next(iter(ctx.sentence.cells), None)
    if label is None:
        return []
    subject = next((m for m in ctx.mentions if label[0] <= m.start < label[1]), None)
    drafts: list[Draft] = []
    for start, end, header in ctx.sentence.cells[1:]:
        attribute = resolve_attribute(header) if header else None
        spec = attributes().get(attribute or "")
        cell = ctx.text[start:end].strip(" *")
        if subject is None or spec is None or ValueKind.NAME not in spec.kinds or not cell:
            continue
        drafts.append(Draft.about(subject, spec.key, name_value(cell), start, end))
    return drafts


def extract(ctx: SentenceContext) -> list[Draft]:
    """Every relation the sentence states."""
    return [
        *partnership_kinds(ctx),
        *acquisitions(ctx),
        *stake_kinds(ctx),
        *announcements(ctx),
        *launches(ctx),
        *funding(ctx),
        *headquarters(ctx),
        *named_tools(ctx),
        *makers(ctx),
        *launched_by(ctx),
        *table_names(ctx),
    ]
