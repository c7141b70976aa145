"""Shared reading of figures: give a value found in a sentence its attribute, subject,
object, period and hedges. The money, duration and quantity extractors call this."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from claimcheck.extract.context import Draft, SentenceContext, nearest_cue
from claimcheck.models import ValueKind
from claimcheck.values import Found
from claimcheck.vocab import attributes

_RATE_ATTRIBUTES = frozenset({"price"})
_PERIOD_KINDS = frozenset({ValueKind.MONEY, ValueKind.COUNT, ValueKind.PERCENT})


def figure_drafts(ctx: SentenceContext, kinds: Iterable[ValueKind]) -> list[Draft]:
    """Drafts for every value of ``kinds`` in the sentence that an attribute cue explains."""
    wanted = frozenset(kinds)
    drafts = []
    for found in ctx.found:
        if found.value.kind in wanted:
            draft = figure_draft(ctx, found)
            if draft is not None:
                drafts.append(draft)
    return drafts


def figure_draft(ctx: SentenceContext, found: Found) -> Draft | None:
    """A draft for one value, or None when no cue says what the value is."""
    cue = nearest_cue(ctx, found)
    if cue is None:
        return None
    attribute, cue_start, cue_end = cue
    subject = ctx.subject_at(min(found.start, cue_start))
    if subject is None:
        return None
    value = found.value if attribute in _RATE_ATTRIBUTES else replace(found.value, per="")
    modality, claimant = ctx.modality(found.start)
    period = ctx.period_for(found) if found.value.kind in _PERIOD_KINDS else ""
    return Draft(
        subject=subject.name,
        subject_text=subject.text,
        attribute=attribute,
        value=value,
        start=min(found.start, cue_start),
        end=max(found.end, cue_end),
        object=object_of(ctx, attribute, found.end, cue_end),
        qualifier=found.qualifier,
        modality=modality,
        claimant=claimant,
        period=period,
    )


def object_of(ctx: SentenceContext, attribute: str, *positions: int) -> str:
    """The second entity of a relational attribute: ``stake in <X>``, ``investment in <X>``."""
    preps = attributes()[attribute].object_preps
    if not preps:
        return ""
    pattern = re.compile(r"\b(?:" + "|".join(preps) + r")\s+(?:the\s+)?", re.I)
    for pos in sorted(positions):
        m = pattern.search(ctx.text, pos, pos + 40)
        if m:
            mention = ctx.mention_after(m.end(), within=25)
            if mention is not None:
                return mention.name
    return ""
