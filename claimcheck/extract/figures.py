"""Shared reading of figures: give a value found in a sentence its attribute, subject,
object, period and hedges. The money, duration and quantity extractors call this."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from claimcheck.extract.context import Draft, SentenceContext, assign_cues, cue_table, is_delta
from claimcheck.extract.entities import Mention, looks_like_person
from claimcheck.models import Value, ValueKind
from claimcheck.values import Found, count_nouns
from claimcheck.vocab import attributes, may_hold, phrase_pattern, phrase_triggers

_RATE_ATTRIBUTES = frozenset({"price"})
_PERIOD_KINDS = frozenset({ValueKind.MONEY, ValueKind.COUNT, ValueKind.PERCENT})
_DELTA_ATTRIBUTES = frozenset({"extension_step"})
_MAXIMA = frozenset({"max_length"})
"""Attributes that are a maximum: "up to X" states X itself."""
_UPPER_BOUNDS = frozenset(
    {"up to", "as long as", "at most", "no more than", "a maximum of", "maximum of", "max"}
)


@cache
def cue_triggers(kind: ValueKind) -> frozenset[str] | None:
    """Words one of which every cue of ``cue_table(kind)`` holds (its pattern is their
    ``phrase_pattern``): a sentence without one has no such cue."""
    return phrase_triggers(list(cue_table(kind)[1]))


def may_have_cues(ctx: SentenceContext, founds: list[Found]) -> bool:
    """False only when ``assign_cues`` surely finds no cue for ``founds``: no table cell gives
    a header cue and the sentence holds no cue word for their kinds."""
    kinds = {f.value.kind for f in founds}
    return bool(ctx.sentence.cells) or any(may_hold(ctx.text, cue_triggers(k)) for k in kinds)


def figure_drafts(ctx: SentenceContext, kinds: Iterable[ValueKind]) -> list[Draft]:
    """Drafts for every value of ``kinds`` in the sentence that an attribute cue explains."""
    wanted = frozenset(kinds)
    founds = [f for f in ctx.found if f.value.kind in wanted]
    if not founds:
        return []
    cues = assign_cues(ctx, founds) if may_have_cues(ctx, founds) else {}
    for i, found in enumerate(founds):
        if i not in cues and _is_share(ctx, found):
            cues[i] = ("stake", found.start, found.end)
    drafts = []
    for i, found in enumerate(founds):
        if i in cues:
            draft = figure_draft(ctx, found, cues[i])
            if draft is not None:
                drafts.append(draft)
    return drafts


def figure_draft(ctx: SentenceContext, found: Found, cue: tuple[str, int, int]) -> Draft | None:
    """A draft for one value and the cue that says what it is, or None when it has no subject."""
    cued, cue_start, cue_end = cue
    attribute = _refine(ctx, found, cued)
    if attribute is None or not _counts_its_noun(found, cue_start, cue_end):
        return None
    owned = _share_that(ctx, found) if attribute == "stake" else None
    if owned is not None:
        holder, target = owned
        modality, claimant = ctx.modality(found.start)
        return Draft.about(
            holder,
            "stake",
            found.value,
            min(found.start, cue_start),
            max(found.end, cue_end, holder.end),
            object=target.name,
            qualifier=found.qualifier,
            modality=modality,
            claimant=claimant,
        )
    subject = (
        _valued_thing(ctx, attribute, cue_end, found.start)
        or _listing(ctx, attribute)
        or _aged_person(ctx, attribute, found)
    )
    if attribute == "age" and subject is None:
        return None
    subject = subject or ctx.holder_with(found.start) or _cue_in_name(ctx, cue_start, cue_end)
    if subject is None:
        between = any(cue_end <= m.start < found.start for m in ctx.candidates())
        subject = ctx.subject_at(found.start if between else min(found.start, cue_start))
        subject = _buyer(ctx, attribute, subject)
    if subject is None:
        return None
    keep = attribute in _RATE_ATTRIBUTES or not found.value.per
    value = found.value if keep else replace(found.value, per="")
    if attribute in _MAXIMA and found.qualifier in _UPPER_BOUNDS:
        value = _as_point(value)
    modality, claimant = ctx.modality(found.start)
    year_end = ctx.gazetteer.fiscal_year_end(subject.name)
    stock = attributes()[attribute].stock
    period = ctx.period_for(found, year_end, stock) if found.value.kind in _PERIOD_KINDS else ""
    if not period and _earlier_level(ctx, attribute, found):
        period = EARLIER
    return Draft(
        subject=subject.name,
        subject_text=subject.text,
        attribute=attribute,
        value=value,
        start=min(found.start, cue_start),
        end=max(found.end, cue_end),
        object=_object(ctx, attribute, subject.name, found.end, cue_end),
        qualifier=found.qualifier,
        modality=modality,
        claimant=claimant,
        period=period,
    )


EARLIER = "before"
"""Period of a level the text gives as the previous one ("was $15.49"), placed just
before the current period when claims are compared."""


@cache
def _before_pattern(attribute: str) -> re.Pattern[str] | None:
    words = attributes()[attribute].before
    if not words:
        return None
    qualifiers = r"(?:about|around|roughly|nearly|just|only)\s+"
    return re.compile(rf"{phrase_pattern(list(words))}\s+(?:{qualifiers})?$", re.I)


def _earlier_level(ctx: SentenceContext, attribute: str, found: Found) -> bool:
    """``The plan was $15.49``, ``used to cost $22.99``: the level before the change."""
    pattern = _before_pattern(attribute)
    return bool(pattern and pattern.search(ctx.text, max(0, found.start - 30), found.start))


def _counts_its_noun(found: Found, cue_start: int, cue_end: int) -> bool:
    """A count of something we cannot name ("eight boxing") only counts for a cue right at
    it; "3.96 billion users" names its noun."""
    value = found.value
    if value.kind is not ValueKind.COUNT or value.unit in ("", "x", "year-old"):
        return True
    if value.unit in count_nouns():
        return True
    return cue_start <= found.end + 2 and cue_end >= found.start - 2


def _as_point(value: Value) -> Value:
    """``up to 21 seconds`` as a maximum length states the maximum itself: 21 seconds."""
    precision = 0.5 if value.amount is not None and float(value.amount).is_integer() else 0.05
    amount = value.amount or 0.0
    return replace(value, low=amount - precision, high=amount + precision, high_open=True)


def _refine(ctx: SentenceContext, found: Found, attribute: str) -> str | None:
    """Changes ("grew by $5 million") and earlier levels ("to $17.99 from $15.49") are not
    the current level; a price per share is a share price; an upper bound on a clip is the
    maximum length ("clips of up to 21 seconds")."""
    if found.value.per == "share":
        return "price"
    if (found.value.unit == "x") != (attribute == "growth"):
        return None
    if is_delta(ctx, found):
        return attribute if attribute in _DELTA_ATTRIBUTES else None
    prior = _PRIOR.search(ctx.text, max(0, found.start - 12), found.start) or _UNTIL.match(
        ctx.text, found.end
    )
    if prior and not _OWN_PERIOD.match(ctx.text, found.end):
        return None
    if attribute == "clip_length" and found.qualifier in _UPPER_BOUNDS:
        return "max_length"
    return attribute


_PRIOR = re.compile(r"\b(?:from|compared\s+with|compared\s+to|versus|vs\.?|of\s+which)\s+$", re.I)
_UNTIL = re.compile(r"\s+until\s+(?:this|last|earlier|recently|now|the)\b", re.I)
_OWN_PERIOD = re.compile(r"\s+(?:in|for|during)\s+(?:fiscal\s+)?(?:19|20)\d{2}\b", re.I)
_SHARE_OF = re.compile(r"^\s+(?:of|in)\s+(?:the\s+)?$", re.I)
_FOR = re.compile(r"\bfor\s+(?:a\s+|an\s+)?$", re.I)
_VALUED_GAP = re.compile(
    r"^\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?(?:at|of)\s+(?:about\s+|roughly\s+)?$", re.I
)


def _is_share(ctx: SentenceContext, found: Found) -> bool:
    """``49% of Scale AI`` or ``for 49 percent`` in a sentence about a deal, or ``put $14
    billion into Scale AI for 49 percent`` after a sum paid: a stake."""
    if found.value.kind is not ValueKind.PERCENT:
        return False
    bought = _FOR.search(ctx.text, max(0, found.start - 8), found.start) is not None
    if not ctx.event_here:
        paid = any(f.value.kind is ValueKind.MONEY and f.end <= found.start for f in ctx.found)
        return bought and paid
    after = ctx.mention_after(found.end, within=8)
    if after is not None and _SHARE_OF.match(ctx.text[found.end : after.start]):
        return not after.possessive
    return bought


def _buyer(ctx: SentenceContext, attribute: str, subject: Mention | None) -> Mention | None:
    """A price paid in a sentence about a deal ("in a deal valued at $68.7 billion") is paid
    by the deal's first party, unless the sentence names another payer itself ("when Ford
    invested $500 million")."""
    parties = ctx.state.event_parties
    if attribute != "investment" or not ctx.event_here or len(parties) != 2:
        return subject
    if subject is not None and (subject.name == parties[0] or _names_payer(ctx, subject)):
        return subject
    named = {m.name: m for m in ctx.mentions}
    return named.get(parties[0]) or Mention(parties[0], 0, 0, parties[0])


def _cue_in_name(ctx: SentenceContext, start: int, end: int) -> Mention | None:
    """``The ad-supported plan goes to $7.99``: a cue inside a name is about that name."""
    return next((m for m in ctx.mentions if m.start <= start and end <= m.end), None)


def _names_payer(ctx: SentenceContext, subject: Mention) -> bool:
    """The subject stands in this sentence and is not the deal's other party."""
    return ctx.here(subject) and subject.name not in ctx.state.event_parties


_SHARE_OF_THAT = re.compile(
    r"[\W_]*(?:the\s+)?(?:share|stake|portion|part|piece|percentage)\s+of\s+(?:the\s+)?$", re.I
)
_THAT = re.compile(r"^(?:'s)?\s+(?:that|which)\s+$", re.I)


def _share_that(ctx: SentenceContext, found: Found) -> tuple[Mention, Mention] | None:
    """``51%: the share of OpenAI that Microsoft is set to own``: the holder is named
    after the owned company."""
    target = ctx.mention_after(found.end, within=30)
    if target is None or not _SHARE_OF_THAT.match(ctx.text[found.end : target.start]):
        return None
    holder = ctx.mention_after(target.end, within=12)
    if holder is None or not _THAT.match(ctx.text[target.end : holder.start]):
        return None
    return holder, target


def _personal(m: Mention) -> bool:
    return m.kind == "person" or (not m.known and looks_like_person(m.text))


def _aged_person(ctx: SentenceContext, attribute: str, found: Found) -> Mention | None:
    """An age belongs to the nearest person: "Wang, 28," or "the 28-year-old Alexandr Wang"."""
    if attribute != "age":
        return None
    people = [
        m for m in ctx.mentions if m.kind == "person" or (not m.known and looks_like_person(m.text))
    ]
    if not people:
        return None
    return min(people, key=lambda m: min(abs(m.start - found.end), abs(found.start - m.end)))


def _listing(ctx: SentenceContext, attribute: str) -> Mention | None:
    """An offer price in a sentence about a listing belongs to the listing ("Rivian IPO")."""
    if attribute != "price" or not ctx.event_here or len(ctx.state.event_parties) != 1:
        return None
    return Mention(ctx.state.event, 0, 0, ctx.state.event, kind="event")


def _valued_thing(ctx: SentenceContext, attribute: str, cue_end: int, start: int) -> Mention | None:
    """``valuing the data-labelling firm at $29 billion``: the valued thing is the subject."""
    if (
        attribute != "valuation"
        or cue_end > start
        or not _VALUED_GAP.match(ctx.text[cue_end:start])
    ):
        return None
    inside = next((m for m in ctx.mentions if cue_end <= m.start < start), None)
    if inside is not None:
        return inside
    main = ctx.main_subject()
    others = [
        m for m in ctx.candidates() if m.end <= cue_end and (main is None or m.name != main.name)
    ]
    others += [m for m in ctx.mentions if m.end <= cue_end and m.kind not in {"person", "place"}]
    return others[-1] if others and ctx.anaphor_before(start) is not None else None


def _object(ctx: SentenceContext, attribute: str, subject: str, *positions: int) -> str:
    """The second entity: written after the figure, the deal's other party, or the last
    one this article gave for the same attribute ("Ford holds roughly 12%")."""
    found = object_of(ctx, attribute, *positions)
    if (not found or found == subject) and attribute == "stake":
        found = _bought_into(ctx, min(positions))
    if (not found or found == subject) and attribute == "investment":
        found = next((o for o in (_deal_of(ctx, p, subject) for p in positions) if o), "")
    if not found or found == subject:
        found = _other_party(ctx, attribute, subject)
    if not found and attributes()[attribute].object_preps:
        found = ctx.state.objects.get(attribute, "")
    if found and found != subject:
        ctx.state.objects[attribute] = found
        return found
    return ""


_DEAL_OF = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:takeover|acquisition|purchase|buyout)\s+of\s+(?:the\s+)?", re.I
)


def _deal_of(ctx: SentenceContext, pos: int, buyer: str) -> str:
    """``$11 billion takeover of the Pittsburgh company``: the sum bought what follows."""
    m = _DEAL_OF.match(ctx.text, pos)
    if m is None:
        return ""
    if _ANAPHOR_OBJECT.match(ctx.text, m.end()):
        return _anaphor_object(ctx, m.start(), buyer)
    mention = ctx.mention_after(m.end(), within=25)
    return mention.name if mention is not None else ""


def _bought_into(ctx: SentenceContext, pos: int) -> str:
    """``put $14 billion into Scale AI for a 49% stake``: the stake is in what the sum before
    it went into."""
    paid = [f for f in ctx.found if f.value.kind is ValueKind.MONEY and f.end <= pos]
    return object_of(ctx, "investment", paid[-1].end) if paid else ""


def _other_party(ctx: SentenceContext, attribute: str, subject: str) -> str:
    """The deal's other party, for ``a 49% stake`` held by one of the parties of the deal
    the article is about."""
    parties = ctx.state.event_parties
    if not attributes()[attribute].object_preps or subject not in parties:
        return ""
    return next((p for p in parties if p != subject), "")


@cache
def _prep_pattern(preps: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(preps) + r")\s+(?:the\s+)?", re.I)


def object_of(ctx: SentenceContext, attribute: str, *positions: int) -> str:
    """The second entity of a relational attribute: ``stake in <X>``, ``investment in <X>``."""
    preps = attributes()[attribute].object_preps
    if not preps:
        return ""
    pattern = _prep_pattern(preps)
    for pos in sorted(positions):
        m = pattern.search(ctx.text, pos, pos + 40)
        if m:
            if _ANAPHOR_OBJECT.match(ctx.text, m.end()):
                return _anaphor_object(ctx, m.start())
            mention = ctx.mention_after(m.end(), within=25)
            if mention is not None:
                return mention.name
    return ""


def _anaphor_object(ctx: SentenceContext, pos: int, holder: str = "") -> str:
    """``a 49% stake in the data-labelling company``: the last other name before it (not
    the holder, else not the sentence's subject)."""
    main = ctx.main_subject()
    other = holder or (main.name if main is not None else "")
    named = [
        m
        for m in ctx.mentions
        if m.end <= pos
        and m.kind not in {"person", "place", "event"}
        and not (not m.known and looks_like_person(m.text))
        and m.name != other
    ]
    known = [m for m in named if m.known]
    if named:
        return (known or named)[-1].name
    topic = ctx.carried()
    if topic is None or topic.kind == "person" or looks_like_person(topic.text):
        return ""
    return topic.name


_ANAPHOR_OBJECT = re.compile(
    r"(?:[\w-]+\s+){0,2}?(?:company|startup|firm|maker|carmaker|automaker|group|business|it)\b",
    re.I,
)
