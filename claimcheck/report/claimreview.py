"""schema.org ClaimReview records (JSON-LD), for publishing fact-checks on the web.

One record per claim judged against the reference (agree, minor or conflict): the claim's
sentence, the article it appeared in, and a rating (True 5, Mostly true 3, False 1).
A claim in several reference findings is rated by the worst of them. Cross-article
findings and findings a baseline suppresses are not published.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimcheck.models import VERDICT_RANK, Article, Claim, ReferenceClaim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.jsontext import items
from claimcheck.report.view import entries, is_reference

RATINGS = {
    Verdict.AGREE: ("True", 5),
    Verdict.MINOR: ("Mostly true", 3),
    Verdict.CONFLICT: ("False", 1),
}
"""Verdict -> (alternateName, ratingValue) on a 1 (worst) to 5 (best) scale."""


class ClaimReviewReporter(Reporter):
    """Renders reference-checked claims as a JSON-LD list of ClaimReview records."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The JSON-LD list as indented JSON text, safe to paste into a ``<script>`` element."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The list's text a record at a time (``<`` escaped, as in :meth:`render`)."""
        for piece in items([], (), claim_reviews(report)):
            yield piece.replace("<", "\\u003c")


def claim_reviews(report: Report) -> Iterator[dict[str, Any]]:
    """One ClaimReview per reference-checked claim, in report claim order."""
    judged: dict[str, tuple[Verdict, list[ReferenceClaim]]] = {}
    for entry in entries(report):
        finding, ref = entry.finding, entry.finding.reference
        if ref is None or not is_reference(finding) or finding.suppressed is not None:
            continue
        if finding.verdict not in RATINGS:
            continue
        for claim_id in finding.claims:
            verdict, refs = judged.get(claim_id, (finding.verdict, []))
            if VERDICT_RANK[finding.verdict] > VERDICT_RANK[verdict]:
                verdict = finding.verdict
            judged[claim_id] = (verdict, [*refs, ref])
    articles = {article.path: article for article in report.articles}
    for claim in report.claims:
        if claim.id in judged:
            yield _review(claim, *judged[claim.id], articles.get(claim.article))


def _review(
    claim: Claim, verdict: Verdict, refs: list[ReferenceClaim], article: Article | None
) -> dict[str, Any]:
    name, value = RATINGS[verdict]
    record: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": claim.span.sentence or claim.span.quote,
        "itemReviewed": {"@type": "Claim", "appearance": _appearance(claim, article)},
        "reviewRating": {
            "@type": "Rating",
            "alternateName": name,
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
        },
        "author": {"@type": "Organization", "name": TOOL_NAME},
        "reviewBody": _body(refs),
    }
    sources = list(dict.fromkeys(source for ref in refs for source in ref.sources))
    if sources:
        record["url"] = sources[0]
        record["citation"] = sources
    return record


def _appearance(claim: Claim, article: Article | None) -> dict[str, Any]:
    if article is None:
        return {"@type": "CreativeWork", "name": claim.article}
    appearance: dict[str, Any] = {
        "@type": "NewsArticle" if article.outlet or article.url else "CreativeWork",
        "headline": article.title or article.path,
    }
    if article.url:
        appearance["url"] = article.url
    if article.published:
        appearance["datePublished"] = article.published
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    return appearance


def _body(refs: list[ReferenceClaim]) -> str:
    parts = []
    for ref in dict.fromkeys(refs):
        text = f"Reference: {ref.value_text}."
        parts.append(f"{text} {ref.note}" if ref.note else text)
    return " ".join(parts)
