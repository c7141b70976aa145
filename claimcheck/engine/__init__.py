"""Engines run the per-file half of the pipeline (load + extract) over many files.

The unit of work is one file: ``extract_file`` loads it, extracts every article's claims
and drops the article text (claims keep their quoted sentence), so what travels between
processes, sits in the cache or comes back from a Dask worker is small and the same
whichever engine produced it. Claim ids are given afterwards, in file order, so the
report does not depend on how the work was spread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.extract import Gazetteer, extract_article
from claimcheck.load import FeedPart, read_feed_part, read_file
from claimcheck.models import Article, Claim, Problem


@dataclass(frozen=True, slots=True)
class ExtractedFile:
    """What one file yields: its articles (metadata only), their claims and its problems."""

    display: str
    """The file's path as the user wrote it (feed items are ``feed.jsonl#L3``)."""
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    problems: tuple[Problem, ...]


def extract_file(path: Path, display: str, gazetteer: Gazetteer) -> ExtractedFile:
    """Load one file and extract its claims; article text is not kept. A feed's articles
    are read and extracted one at a time, so a large feed never sits in memory whole."""
    loaded, problems = read_file(path, display)
    articles, claims, failed = _extract_articles(loaded, gazetteer)
    return ExtractedFile(display, articles, claims, (*problems, *failed))


@dataclass(frozen=True, slots=True)
class ExtractedPart:
    """What one part of a feed yields; ``merge_parts`` makes the feed's ExtractedFile."""

    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    problems: tuple[Problem, ...]
    """Problems met reading the part's lines."""
    failed: tuple[Problem, ...]
    """Articles that extraction failed on (listed after every reading problem)."""


def extract_feed_part(
    path: Path, display: str, part: FeedPart, gazetteer: Gazetteer
) -> ExtractedPart:
    """``extract_file`` for the lines of one part of a feed (see ``load.feed_parts``)."""
    loaded, problems = read_feed_part(path, display, part)
    articles, claims, failed = _extract_articles(loaded, gazetteer)
    return ExtractedPart(articles, claims, tuple(problems), failed)


def merge_parts(display: str, parts: Sequence[ExtractedPart]) -> ExtractedFile:
    """The feed's ExtractedFile from its parts, in order: the same as ``extract_file``."""
    return ExtractedFile(
        display=display,
        articles=tuple(a for part in parts for a in part.articles),
        claims=tuple(c for part in parts for c in part.claims),
        problems=(
            *(p for part in parts for p in part.problems),
            *(p for part in parts for p in part.failed),
        ),
    )


def _extract_articles(
    loaded: Iterable[Article], gazetteer: Gazetteer
) -> tuple[tuple[Article, ...], tuple[Claim, ...], tuple[Problem, ...]]:
    """The articles without text, their claims, and the articles extraction failed on."""
    articles: list[Article] = []
    claims: list[Claim] = []
    failed: list[Problem] = []
    for article in loaded:
        try:
            found = extract_article(article, gazetteer)
        except Exception as error:  # one article's bug must not stop the whole run
            failed.append(_internal_error(article, error))
            continue
        articles.append(strip_text(article))
        claims.extend(found)
    return tuple(articles), tuple(claims), tuple(failed)


def _internal_error(article: Article, error: Exception) -> Problem:
    """A claimcheck bug met while reading one article: it is skipped, the rest checked."""
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    message = f"skipped: claimcheck failed to read this article ({reason}); please report it"
    return Problem(article.source_path or article.path, message)


def strip_text(article: Article) -> Article:
    """The article without its text: reports need its metadata and the claims' quotes only."""
    return replace(article, text="", original="", anchors=())
