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
from claimcheck.models import ValueKind
from claimcheck.values import Found

_COMPLETION = re.compile(
    r"\b(?:completed|completes|closed|closes|finali[sz]ed|wrapped up|took effect|went through)\b",
    re.I,
)
_DATE_KINDS = frozenset({ValueKind.YEAR, ValueKind.DATE, ValueKind.WEEKDAY})


def extract(ctx: SentenceContext) -> list[Draft]:
    """Dates with a founding, launch or announcement cue."""
    founds = [f for f in ctx.found if f.value.kind in _DATE_KINDS]
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
        return (ctx.state.event, "") if ctx.event_here and ctx.state.event else None
    if attribute == "launch_date":
        if ctx.event_here and len(ctx.state.event_parties) == 1:
            return ctx.state.event, ""
        product = ctx.mention_after(end, within=45)
        if product is not None:
            return product.name, product.text
    if attribute == "founded":
        founded = _founded_object(ctx, end)
        if founded is not None:
            return founded.name, founded.text
    mention: Mention | None = ctx.subject_at(start)
    return (mention.name, mention.text) if mention else None


_THE_COMPANY = re.compile(r"\s+the\s+(?:company|startup|firm|business)\b", re.I)


def _founded_object(ctx: SentenceContext, end: int) -> Mention | None:
    """``RJ Scaringe founded Rivian in 2009``: what was founded follows the verb."""
    after = ctx.mention_after(end, within=2)
    if after is not None and after.kind not in {"person", "place"}:
        return after
    the = _THE_COMPANY.match(ctx.text, end)
    return ctx.referent(the.end()) if the else None
