"""Durations and lengths: clip length, extension step, maximum length; in seconds.

Matches: "videos up to 20 seconds long" (maximum length, at most 20 s), "five-second clips"
(clip length), "extend a clip by 4 seconds" (extension step), "between 5 and 21 seconds".
Does not match: "20 seconds later" (no attribute cue).
"""

from __future__ import annotations

from claimcheck.extract.context import Draft, SentenceContext
from claimcheck.extract.figures import figure_drafts
from claimcheck.models import ValueKind


def extract(ctx: SentenceContext) -> list[Draft]:
    """Durations with an attribute cue."""
    return figure_drafts(ctx, [ValueKind.DURATION])
