"""Map offsets in an article's text back to 1-based line and column in its source file."""

from __future__ import annotations

from bisect import bisect_right

from claimcheck.models import Article


class Locator:
    """Offsets -> (line, column), using the article's anchors when its text came from markup."""

    def __init__(self, article: Article) -> None:
        self._text = article.text
        self._anchors = article.anchors or ((0, 1, 1),)
        self._anchor_offsets = [a[0] for a in self._anchors]
        self._newlines = [i for i, ch in enumerate(article.text) if ch == "\n"]

    def locate(self, offset: int) -> tuple[int, int]:
        """The (line, column) in the source file of ``offset`` into the article's text."""
        index = max(0, bisect_right(self._anchor_offsets, offset) - 1)
        base, line, column = self._anchors[index]
        first = bisect_right(self._newlines, base - 1)
        last = bisect_right(self._newlines, offset - 1)
        if last > first:
            return line + last - first, offset - self._newlines[last - 1]
        return line, column + offset - base
