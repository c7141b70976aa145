"""Engines run the per-file half of the pipeline (load + extract) over many files.

The unit of work is one file: ``extract_file`` loads it, extracts every article's claims
and drops the article text (claims keep their quoted sentence), so what travels between
processes, sits in the cache or comes back from a Dask worker is small and the same
whichever engine produced it. Claim ids are given afterwards, in file order, so the
report does not depend on how the work was spread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from claimcheck.extract import Gazetteer, extract_article
from claimcheck.load import read_file
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
    return ExtractedFile(
        display=display,
        articles=tuple(articles),
        claims=tuple(claims),
        problems=(*problems, *failed),
    )


def _internal_error(article: Article, error: Exception) -> Problem:
    """A claimcheck bug met while reading one article: it is skipped, the rest checked."""
    reason = f"{type(error).__name__}: {error}".splitlines()[0][:200]
    message = f"skipped: claimcheck failed to read this article ({reason}); please report it"
    return Problem(article.source_path or article.path, message)


def strip_text(article: Article) -> Article:
    """The article without its text: reports need its metadata and the claims' quotes only."""
    return replace(article, text="", original="", anchors=())
