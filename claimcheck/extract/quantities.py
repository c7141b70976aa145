"""Percentages and counts: stakes, users, employees, ages, frame rates.

Matches: "a 49% stake in Scale AI" (stake, object Scale AI), "49 per cent", "3.96 billion
users" (users), "24 fps" (frame rate), "the 28-year-old" (age).
Does not match: "three key areas" (no attribute cue), "V1" (a name, not a count).
"""

from __future__ import annotations

from claimcheck.extract.context import Draft, SentenceContext
from claimcheck.extract.figures import figure_drafts
from claimcheck.models import ValueKind


def extract(ctx: SentenceContext) -> list[Draft]:
    """Percentages and counts with an attribute cue."""
    return figure_drafts(ctx, [ValueKind.PERCENT, ValueKind.COUNT])
