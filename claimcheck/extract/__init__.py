"""Extract: articles -> claims. One module per claim kind, registered in ``EXTRACTORS``.

Each extractor is a small function over a ``SentenceContext`` returning ``Draft`` claims;
this module walks an article's sentences, carries the subject and the current deal from
sentence to sentence, and turns drafts into ``Claim`` records that point at file:line:col.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from claimcheck.extract import dates, durations, money, quantities, relations, roles
from claimcheck.extract.context import ArticleState, Draft, SentenceContext, article_lexicon
from claimcheck.extract.entities import Gazetteer, build_gazetteer
from claimcheck.extract.segment import Sentence, sentences
from claimcheck.locate import Locator
from claimcheck.models import Article, Claim, Span

Extractor = Callable[[SentenceContext], list[Draft]]

EXTRACTORS: dict[str, Extractor] = {
    "dates": dates.extract,
    "money": money.extract,
    "durations": durations.extract,
    "quantities": quantities.extract,
    "roles": roles.extract,
    "relations": relations.extract,
}
"""Claim kinds in the order they run: dates first, so years they claim are not periods."""

__all__ = ["EXTRACTORS", "Gazetteer", "build_gazetteer", "extract_article", "extract_sentence"]


def extract_article(article: Article, gazetteer: Gazetteer) -> list[Claim]:
    """Every claim an article makes, in reading order."""
    published = _published(article.published)
    state = ArticleState(lexicon=article_lexicon(article.text))
    locator = Locator(article)
    claims: list[Claim] = []
    for sentence in sentences(article.text, article.body_start):
        for draft in extract_sentence(sentence, gazetteer, state, published):
            claims.append(_claim(article, locator, sentence, draft, len(claims)))
    return claims


def extract_sentence(
    sentence: Sentence, gazetteer: Gazetteer, state: ArticleState, published: date | None = None
) -> list[Draft]:
    """Drafts for one sentence; updates ``state`` for the sentences that follow."""
    ctx = SentenceContext.build(sentence, gazetteer, state, published)
    if sentence.heading:
        ctx.set_topic()
        return []
    relations.update_event(ctx)
    drafts: list[Draft] = []
    seen: set[tuple[object, ...]] = set()
    for extractor in EXTRACTORS.values():
        for draft in extractor(ctx):
            key = (draft.subject, draft.attribute, draft.object, draft.value.text, draft.start)
            if key not in seen:
                seen.add(key)
                drafts.append(draft)
    ctx.remember()
    return drafts


def _claim(article: Article, locator: Locator, sentence: Sentence, draft: Draft, n: int) -> Claim:
    start, end = sentence.start + draft.start, sentence.start + draft.end
    line, column = locator.locate(start)
    end_line, end_column = locator.locate(end)
    span = Span(
        path=article.source_path or article.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        quote=" ".join(article.original[start:end].split()),
        sentence=" ".join(
            article.original[sentence.start : sentence.start + len(sentence.text)].split()
        ),
    )
    return Claim(
        id=f"{article.path}#{n + 1}",
        article=article.path,
        subject=draft.subject,
        attribute=draft.attribute,
        value=draft.value,
        span=span,
        object=draft.object,
        qualifier=draft.qualifier,
        modality=draft.modality,
        claimant=draft.claimant,
        period=draft.period,
        subject_text=draft.subject_text if draft.subject_text != draft.subject else "",
    )


def _published(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None
