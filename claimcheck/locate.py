"""Map offsets in an article's text back to 1-based line and column in its source file.

Shared by the extract stage (claim spans) and the tests; text taken from markup (HTML,
JSON Lines) carries anchors, plain files map directly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from claimcheck.models import Article


class Locator:
    """Maps offsets in ``article.text`` to 1-based (line, column) in the source file.

    Build one per article and call ``locate`` for every claim: each call is two bisects.
    """

    __slots__ = ("_anchors", "_breaks", "_offsets", "_size")

    def __init__(self, article: Article) -> None:
        self._anchors = article.anchors or ((0, 1, 1),)
        self._offsets = [anchor[0] for anchor in self._anchors]
        self._breaks = [match.start() for match in re.finditer("\n", article.text)]
        self._size = len(article.text)

    def locate(self, offset: int) -> tuple[int, int]:
        """The (line, column) of the character at ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), self._size)
        index = max(bisect_right(self._offsets, offset) - 1, 0)
        start, line, column = self._anchors[index]
        first = bisect_left(self._breaks, start)
        last = bisect_left(self._breaks, offset)
        if first == last:
            return line, column + offset - start
        return line + last - first, offset - self._breaks[last - 1]


_LOCATORS: dict[str, tuple[Article, Locator]] = {}
_LOCATOR_CACHE_SIZE = 256


def locate(article: Article, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) in the source file of ``offset`` in ``article.text``.

    Keeps a Locator per article (by path, checked by identity) so repeated calls are cheap.
    """
    cached = _LOCATORS.get(article.path)
    if cached is None or cached[0] is not article:
        if len(_LOCATORS) >= _LOCATOR_CACHE_SIZE:
            _LOCATORS.clear()
        cached = _LOCATORS[article.path] = (article, Locator(article))
    return cached[1].locate(offset)
