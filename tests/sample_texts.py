"""The texts the test suite holds, for tests that check a pattern or prefilter against
every one of them: golden cases, reading cases and the articles of the test stories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

TESTS = Path(__file__).parent
ARTICLE_SUFFIXES = {".txt", ".md", ".html"}


def golden_cases() -> Iterator[dict[str, Any]]:
    """Every case of ``tests/golden/*.yaml``, in file order."""
    for path in sorted((TESTS / "golden").glob("*.yaml")):
        yield from yaml.safe_load(path.read_text("utf-8"))


def golden_sentences() -> Iterator[str]:
    """Each golden case's sentence and the sentences written before it."""
    for case in golden_cases():
        yield case["text"]
        yield from case.get("before", [])


def reading_articles() -> Iterator[str]:
    """The article texts of ``tests/reading.yaml``."""
    for case in yaml.safe_load((TESTS / "reading.yaml").read_text("utf-8")):
        yield from case.get("articles", {}).values()


def story_files() -> Iterator[Path]:
    """The article files of the stories under ``tests/corpus`` and ``tests/e2e``."""
    for path in sorted(TESTS.glob("*/*/*")):
        if path.suffix in ARTICLE_SUFFIXES:
            yield path
