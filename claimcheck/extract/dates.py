"""Years, dates and weekdays: when something was founded, launched or announced.

Matches: "Founded in 2022, Midjourney ..." (founded 2022), "launched V1 on June 18, 2025"
(launch date of V1), "confirmed the news ... last Saturday" (announcement date; a date
when the article has a ``published`` date, else the weekday).
Does not match: "By 2023, ... $200 million" (2023 is the figure's period, not a claim).
"""

from __future__ import annotations

import re

from claimcheck.extract.context import Draft, SentenceContext, assign_cues
from claimcheck.extract.entities import Mention
from claimcheck.extract.figures import may_have_cues
from claimcheck.models import ValueKind
from claimcheck.values import Found

_COMPLETION = re.compile(
    r"\b(?:completed|completes|closed|closes|finali[sz]ed|wrapped up|took effect|went through)\b",
    re.I,
)
_SPAN_BOUND = re.compile(
    r"\b(?:covers|covering|covered|through|until|till|to)\s+(?:late\s+|early\s+|mid-?)?$", re.I
)
"""A date that bounds a span ("covers late October 2024 to late January 2025") dates
nothing that happened."""
_FOR_YEAR = re.compile(r"\bfor\s+(?:fiscal\s+|the\s+(?:fiscal\s+)?year\s+)?$", re.I)
"""``forecast for 2025``: a year after "for" is a period, not when something happened."""
_FIGURE_KINDS = frozenset({ValueKind.MONEY, ValueKind.COUNT, ValueKind.PERCENT})
_FIGURE_THEN_DATE = re.compile(
    r"^(?:\s+[a-z][\w-]*){0,3}?\s+(?:in|for|during|by|as\s+of|at\s+the\s+end\s+of)\s+"
    r"(?:fiscal\s+)?$",
    re.I,
)


def _figure_period(ctx: SentenceContext, date: Found) -> bool:
    """``forecast for 2025``, ``revenue of $7.5 billion in 2022``, ``70 million monthly
    active users by November``: the date is a figure's period, not when something happened."""
    if date.value.kind is ValueKind.YEAR and _FOR_YEAR.search(ctx.text, 0, date.start):
        return True
    return any(
        f.value.kind in _FIGURE_KINDS
        and f.end <= date.start
        and _FIGURE_THEN_DATE.match(ctx.text[f.end : date.start])
        for f in ctx.found
    )


_DATE_KINDS = frozenset({ValueKind.YEAR, ValueKind.DATE, ValueKind.WEEKDAY})


def extract(ctx: SentenceContext) -> list[Draft]:
    """Dates with a founding, launch or announcement cue."""
    dated = [f for f in ctx.found if f.value.kind in _DATE_KINDS]
    if not dated or not may_have_cues(ctx, dated):
        return []
    founds = [
        f
        for f in dated
        if not _SPAN_BOUND.search(ctx.text, max(0, f.start - 24), f.start)
        and not _figure_period(ctx, f)
    ]
    cues = assign_cues(ctx, founds, window=70)
    drafts = []
    for i, found in enumerate(founds):
        draft = _date_draft(ctx, found, cues[i]) if i in cues else None
        if draft is not None:
            drafts.append(draft)
    return drafts


def _date_draft(ctx: SentenceContext, found: Found, cue: tuple[str, int, int]) -> Draft | None:
    attribute, cue_start, cue_end = cue
    subject = _subject(ctx, attribute, cue_start, cue_end)
    if subject is None:
        return None
    ctx.used_years.add(found.start)
    name, text = subject
    modality, claimant = ctx.modality(found.start)
    return Draft(
        subject=name,
        subject_text=text,
        attribute=attribute,
        value=found.value,
        start=min(found.start, cue_start),
        end=max(found.end, cue_end),
        modality=modality,
        claimant=claimant,
    )


def _subject(ctx: SentenceContext, attribute: str, start: int, end: int) -> tuple[str, str] | None:
    if attribute == "announcement_date":
        if _COMPLETION.search(ctx.text):
            return None
        own = _persons_event(ctx, start)
        if own is not None:
            return own, ""
        if not (ctx.event_here and ctx.state.event):
            return None
        if _REPORTED.fullmatch(ctx.text[start:end]) and not _by_party(ctx, start):
            return None
        return ctx.state.event, ""
    if attribute == "launch_date":
        if ctx.event_here and len(ctx.state.event_parties) == 1:
            return ctx.state.event, ""
        product = ctx.mention_after(end, within=45)
        if product is not None:
            return product.name, product.text
    if attribute == "founded":
        founded = _founded_object(ctx, end) or _founded_anaphor(ctx, start, end)
        if founded is not None:
            return founded.name, founded.text
    mention: Mention | None = ctx.subject_at(start)
    return (mention.name, mention.text) if mention else None


def _persons_event(ctx: SentenceContext, pos: int) -> str | None:
    """``Donald Trump announces a "planned partnership" ... on Truth Social``: a person's
    own announcement, when the reference has an event named after them ("Trump's Truth
    Social post on U.S. Steel"), not the deal's announcement."""
    speaker = ctx.subject_at(pos, persons=True)
    if speaker is None or speaker.kind != "person":
        return None
    events = ctx.gazetteer.person_events.get(speaker.name, ())
    return events[0] if events else None


_REPORTED = re.compile(r"reported|report\s+landed|results\s+landed|released|forecast|posted", re.I)
"""Announcement cues that a source can also be the subject of ("Reuters reported on
Tuesday"): they date the event only when one of its parties is their subject."""


def _by_party(ctx: SentenceContext, pos: int) -> bool:
    subject = ctx.subject_at(pos)
    parties = ctx.state.event_parties or (ctx.state.event.split()[0],)
    return subject is not None and subject.name in parties


_THE_COMPANY = re.compile(r"\s+the\s+(?:company|startup|firm|business)\b", re.I)


def _founded_anaphor(ctx: SentenceContext, start: int, end: int) -> Mention | None:
    """``who started the company in 2011``: the cue names what was founded by an anaphor."""
    if _ENDS_ANAPHOR.search(ctx.text, start, end):
        return ctx.referent(end)
    return None


_ENDS_ANAPHOR = re.compile(r"\b(?:the\s+(?:company|startup|firm|business)|it)$", re.I)


def _founded_object(ctx: SentenceContext, end: int) -> Mention | None:
    """``RJ Scaringe founded Rivian in 2009``: what was founded follows the verb."""
    after = ctx.mention_after(end, within=2)
    if after is not None and after.kind not in {"person", "place"}:
        return after
    the = _THE_COMPANY.match(ctx.text, end)
    return ctx.referent(the.end()) if the else None
