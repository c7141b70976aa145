"""Money claims: revenue, valuation, investment, funding, prices.

Matches: "projected to hit $200 million in revenue" (revenue, period from "By 2023"),
"valued at $14.3B", "€40 billion investment", "$10 per month" (price, per month).
Does not match: "$5 million" with no word saying what the money is.
"""

from __future__ import annotations

from claimcheck.extract.context import Draft, SentenceContext
from claimcheck.extract.figures import figure_drafts
from claimcheck.models import ValueKind


def extract(ctx: SentenceContext) -> list[Draft]:
    """Money figures with an attribute cue."""
    return figure_drafts(ctx, [ValueKind.MONEY])
