"""Split an article's text into sentences, dropping headings and page furniture.

A block is a paragraph, a bullet or a table row; a heading line (short, no closing
punctuation) and furniture ("Write A Comment") yield no sentences. Offsets stay those of
``Article.text``, so every sentence maps back to the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from claimcheck.vocab import table


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: its text and where it starts in ``Article.text``."""

    text: str
    start: int
    block: int
    """Index of the paragraph (or bullet, or table row) it belongs to."""
    cells: tuple[tuple[int, int, str], ...] = ()
    """For a table row: each cell's (start, end) in ``text`` and its column's header."""
    heading: bool = False
    """A heading without a figure: it makes no claim, but names what its section is about."""


_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")
_TERMINAL = re.compile(r"[.!?:;\"')\]]\s*$")
_CLOSED = re.compile(r"[.!?][\"')\]]*\s*$")
_CREDIT = re.compile(r"\)\s*$")
"""``... painterly look. (Illustration: The Frame Report)``: a line closed by a parenthesis
ends its block when the next line starts a new sentence."""
_FIGURE = re.compile(r"[\d$€£¥%]")
_MAX_HEADING_WORDS = 14


@cache
def _furniture() -> frozenset[str]:
    return frozenset(t.lower() for t in table("text")["furniture"])


_SENTENCE_END = re.compile(r"(?<=[\w\"')\]%])[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9$€£])")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?]*[\"')\]]*$")


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(str(a).lower() for a in table("text")["abbreviations"])


def _is_abbreviation(text: str, end: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, end - 12), end)
    if not m:
        return False
    word = m.group(1).rstrip(".")
    return word.lower() in _abbreviations() or (len(word) == 1 and word.isupper())


def is_heading(line: str) -> bool:
    """A heading or label line: no closing punctuation and only a few words."""
    stripped = line.strip().lstrip("#").strip()
    if not stripped or _TERMINAL.search(stripped):
        return False
    return len(stripped.split()) <= _MAX_HEADING_WORDS


def is_furniture(line: str) -> bool:
    """Site chrome such as "Write A Comment" or "Share this article"."""
    return line.strip().strip(".:!").lower() in _furniture()


def _lines(text: str, start: int) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in text[start:].split("\n"):
        yield start + offset, line
        offset += len(line) + 1


def blocks(text: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """Paragraph-like blocks as (offset, text); wrapped lines of one paragraph are joined."""
    for offset, block, heading in _blocks(text, start):
        if not heading:
            yield offset, block


def _blocks(text: str, start: int) -> Iterator[tuple[int, str, bool]]:
    """Every block as (offset, text, is_bare_heading)."""
    current: list[tuple[int, str]] = []
    for offset, line in _lines(text, start):
        if _ends_block(line, current):
            yield from _flush(current)
            current = []
        if _skip_line(line):
            continue
        current.append((offset, line))
        if _BULLET.match(line) or line.lstrip().startswith("|"):
            yield from _flush(current)
            current = []
    yield from _flush(current)


def _ends_block(line: str, current: list[tuple[int, str]]) -> bool:
    if not line.strip() or _BULLET.match(line) or line.lstrip().startswith("|"):
        return True
    if not current:
        return False
    last = current[-1][1]
    if _CLOSED.search(last) or (_CREDIT.search(last) and not line.lstrip()[:1].islower()):
        return True
    continues = line.lstrip()[:1].islower()
    return not continues and (is_heading(last) or is_heading(line))


def _skip_line(line: str) -> bool:
    return not line.strip() or is_furniture(line) or bool(_TABLE_RULE.match(line))


def _flush(current: list[tuple[int, str]]) -> Iterator[tuple[int, str, bool]]:
    if not current:
        return
    first = current[0][1]
    bare = len(current) == 1 and is_heading(first) and not _keeps_heading(first)
    start = current[0][0]
    end = current[-1][0] + len(current[-1][1])
    yield start, "\n".join(line for _, line in current)[: end - start], bare


def _keeps_heading(line: str) -> bool:
    """Bullets, table rows and headings that carry a figure are read as sentences."""
    return bool(_BULLET.match(line) or _FIGURE.search(line)) or line.lstrip().startswith("|")


def split_sentences(text: str, offset: int = 0) -> Iterator[tuple[int, str]]:
    """Sentences of one block as (offset, text), split at closing punctuation."""
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group(0).startswith(".") and _is_abbreviation(text, m.start() + 1):
            continue
        piece = text[pos : m.end()]
        if piece.strip():
            yield offset + pos + _lead(piece), piece.strip()
        pos = m.end()
    rest = text[pos:]
    if rest.strip():
        yield offset + pos + _lead(rest), rest.strip()


def _lead(piece: str) -> int:
    return len(piece) - len(piece.lstrip())


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Every sentence of an article's text from ``start`` on, in order.

    A Markdown table's header row is not a sentence; each data row is one, and knows the
    header of each of its cells ("| LinkedIn | 2016 | $26.2 billion |" under "Price")."""
    out: list[Sentence] = []
    headers: list[str] = []
    for index, (offset, block, heading) in enumerate(_blocks(text, start)):
        if heading:
            lead = len(block) - len(block.lstrip(" #"))
            out.append(Sentence(block[lead:].rstrip(), offset + lead, index, heading=True))
            continue
        if block.lstrip().startswith("|"):
            if _RULE_AFTER.match(text, offset + len(block)):
                headers = [cell.strip() for _, _, cell in _cells(block)]
                continue
            out.append(_row(block, offset, index, headers))
            continue
        headers = []
        body = _BULLET.sub(lambda m: " " * len(m.group(0)), block, count=1)
        for s_offset, s_text in split_sentences(body, offset):
            out.append(Sentence(s_text.replace("\n", " "), s_offset, index))
    return out


_RULE_AFTER = re.compile(r"\n\s*\|?\s*:?-{2,}")
_CELL = re.compile(r"[^|]+")


def _cells(row: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _CELL.finditer(row) if m.group(0).strip()]


def _row(block: str, offset: int, index: int, headers: list[str]) -> Sentence:
    """A table row as one sentence, pipes blanked, each cell labelled with its header."""
    body = block.replace("|", " ")
    lead = len(body) - len(body.lstrip())
    text = body.strip()
    cells = []
    for column, (start, _end, cell) in enumerate(_cells(block)):
        inner = start + len(cell) - len(cell.lstrip()) - lead
        header = headers[column] if column < len(headers) else ""
        cells.append((inner, inner + len(cell.strip()), header))
    return Sentence(text, offset + lead, index, tuple(cells))
