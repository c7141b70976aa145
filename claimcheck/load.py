"""Paths -> Articles: walk folders, decode files, read front matter, feeds and HTML.

Plain text (``.txt`` and any file named explicitly), Markdown with YAML front matter,
HTML pages (see ``load_html``) and JSON Lines feeds (one article per line) are read.
``Article.text`` keeps every offset of ``Article.original``: typographic characters are
folded one for one (``data/typography.yaml``) and Markdown marks are blanked with
spaces, so an offset into the text is a place in the file (see ``claimcheck.locate``).

Problems with single files (bad encoding, empty, binary, bad front matter, bad feed
lines) are reported and the file or line is skipped; only a missing path is an error.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from claimcheck import yamlparse
from claimcheck.errors import ArticleError, UsageError
from claimcheck.load_html import extract_html
from claimcheck.models import Article, Problem
from claimcheck.vocab import table

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"})
"""Suffixes of the files read when walking a folder; other files there are skipped."""

META_KEYS = ("title", "outlet", "url", "published", "language")
"""Metadata read from front matter and feed items; other keys are ignored."""

WARNING = "warning"
"""Problem severity when the article was still read (the default, error, means skipped)."""

TITLE_MAX_WORDS = 15
_TITLE_ENDINGS = tuple(".!?,;:…")
_BULLET = re.compile(r"[-*+•·–—]\s|\d+[.)]\s")

Files = list[tuple[Path, str]]
Loaded = tuple[list[Article], list[Problem]]
Streamed = tuple[Iterator[Article], list[Problem]]
"""Articles read as they are iterated, and the problems met (complete once they all are)."""

FEED_CHECK_CHUNK = 1 << 18
"""Bytes read at a time while checking that a feed is plain UTF-8 before streaming it."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Everything read from the paths given: articles, problems met, files passed over."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    skipped: int
    """Files with other suffixes met while walking folders."""


# --- walking ----------------------------------------------------------------------------


def load_paths(paths: Sequence[str | Path]) -> LoadResult:
    """Load every article under ``paths`` (files or folders), in a deterministic order.

    Raises UsageError when a path does not exist.
    """
    files, skipped, problems = _collect(paths)
    articles: list[Article] = []
    for path, display in files:
        found, trouble = load_file(path, display)
        articles.extend(found)
        problems.extend(trouble)
    return LoadResult(tuple(articles), tuple(problems), skipped)


def _collect(paths: Sequence[str | Path]) -> tuple[Files, int, list[Problem]]:
    """Files to read, each once, with the number of folder files passed over."""
    files: Files = []
    skipped, problems, seen = 0, [], set()
    folders: dict[Path, str] = {}
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise UsageError(str(given), "no such file or directory")
        if path.is_dir():
            found, passed, trouble = _walk(path)
            skipped += passed
            problems.extend(trouble)
        else:
            found = [(path, path.as_posix())]
        for file, display in found:
            real = _real_path(file, folders)
            if real not in seen:
                seen.add(real)
                files.append((file, display))
    return files, skipped, problems


def _real_path(path: Path, folders: dict[Path, str]) -> str:
    """``path`` with every symbolic link resolved (``os.path.realpath``), each folder's
    resolved once in ``folders``: resolving every file's whole path took a second per
    10,000 files."""
    if path.is_symlink():
        return os.path.realpath(path)
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = os.path.realpath(path.parent)
    return os.path.join(folder, path.name)


def _walk(top: Path) -> tuple[Files, int, list[Problem]]:
    """Article files under ``top`` sorted by path, skipping hidden names."""
    problems: list[Problem] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename or top).as_posix()
        problems.append(Problem(where, f"cannot read folder: {error.strerror or error}"))

    found, skipped = [], 0
    for folder, subfolders, names in os.walk(top, onerror=unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            path = Path(folder, name)
            if name.startswith("."):
                continue
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                found.append(path)
            else:
                skipped += 1
    found.sort(key=lambda path: path.parts)
    return [(path, path.as_posix()) for path in found], skipped, problems


# --- one file ---------------------------------------------------------------------------


def load_file(path: Path, display: str) -> Loaded:
    """Articles in one file (a feed holds several) and the problems met reading it.

    ``display`` is the path as the user wrote it; it names the articles and problems.
    """
    articles, problems = read_file(path, display)
    return list(articles), problems


def read_file(path: Path, display: str) -> Streamed:
    """``load_file``, one article at a time: a JSON Lines feed in UTF-8 is read line by
    line as the articles are iterated, so reading a feed of any size holds one item's text,
    not the file's. The problems list is complete once the articles are all read.
    """
    if path.suffix.lower() == ".jsonl":
        streamed = _stream_feed(path, display)
        if streamed is not None:
            return streamed
    articles, problems = _load_whole(path, display)
    return iter(articles), problems


def _load_whole(path: Path, display: str) -> Loaded:
    if not path.is_file():
        return [], [Problem(display, "not a regular file")]
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [Problem(display, f"cannot read file: {error.strerror or error}")]
    text, problems = decode(data, display)
    if text is None:
        return [], problems
    if not text.strip():
        return [], [*problems, Problem(display, "empty article")]
    articles, more = _READERS.get(path.suffix.lower(), _read_plain)(text, display)
    return articles, problems + more


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """A file's text: UTF-8 (BOM stripped), else Windows-1252 or Latin-1 with a warning.

    Returns None with a problem for a binary file.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            return None, [Problem(display, "binary file, not an article")]
    if b"\x00" in data:
        return None, [Problem(display, "binary file, not an article")]
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        text, encoding = _decode_legacy(data)
        where = f"byte 0x{data[error.start]:02x} at line {line}"
        message = f"not valid UTF-8 ({where}); decoded as {encoding}"
        return text, [Problem(display, message, line, severity=WARNING)]


def _decode_legacy(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


@cache
def _fold_table() -> dict[int, str]:
    pairs = table("typography").items()
    bad = [char for char, repl in pairs if len(char) != 1 or len(repl) != 1]
    if bad:
        raise ValueError(f"typography.yaml: entries must map one character to one: {bad}")
    return str.maketrans(dict(pairs))


def fold(text: str) -> str:
    """Fold typographic quotes, dashes and spaces to ASCII, one character for one."""
    return text.translate(_fold_table())


# --- plain text and Markdown ------------------------------------------------------------


def _read_plain(text: str, display: str) -> Loaded:
    article = Article(path=display, text=fold(text), original=text, title=guess_title(text))
    return [article], []


def guess_title(text: str, start: int = 0) -> str:
    """The first non-blank line from ``start`` when it reads like a headline, else ``""``.

    A headline has no sentence-ending punctuation, at most 15 words, and is not a bullet.
    """
    line = next((line.strip() for line in text[start:].splitlines() if line.strip()), "")
    if not any(char.isalpha() for char in line) or _BULLET.match(line):
        return ""
    if line.endswith(_TITLE_ENDINGS) or len(line.split()) > TITLE_MAX_WORDS:
        return ""
    return " ".join(line.split())


@dataclass(frozen=True, slots=True)
class _FrontMatter:
    source: str
    """The YAML between the fences; its first line is line 2 of the file."""
    end: int
    """Offset just after the closing fence line."""


def _read_markdown(text: str, display: str) -> Loaded:
    front = _find_front_matter(text)
    meta, problems = _parse_front_matter(front, display) if front else ({}, [])
    start = front.end if front else 0
    body = blank_markdown(_blank(text, [(0, start)]))
    article = Article(path=display, text=fold(body), original=text, body_start=start)
    return [_with_metadata(article, meta, guess_title(body, start))], problems


def _find_front_matter(text: str) -> _FrontMatter | None:
    """Front matter: a first line ``---`` and a later closing ``---`` (or ``...``) line."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = sum(len(line) + 1 for line in lines[: index + 1])
            return _FrontMatter("\n".join(lines[1:index]), min(end, len(text)))
    return None


def _parse_front_matter(front: _FrontMatter, display: str) -> tuple[dict[str, str], list[Problem]]:
    try:
        data = yamlparse.load(front.source)
    except yaml.YAMLError as error:
        return {}, [_front_matter_problem(front, display, error)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        message = "front matter is not a mapping of keys to values"
        return {}, [Problem(display, message, 1, severity=WARNING)]
    return metadata(data), []


def _front_matter_problem(front: _FrontMatter, display: str, error: yaml.YAMLError) -> Problem:
    """The warning for front matter that is not YAML, at the line the parser names."""
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 2 if mark else 1
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    return Problem(display, f"bad front matter YAML: {reason}", line, severity=WARNING)


def metadata(raw: dict[Any, Any]) -> dict[str, str]:
    """The known metadata keys of a mapping as clean strings, ``published`` as a date."""
    out: dict[str, str] = {}
    for key, value in raw.items():
        name = str(key).strip().lower()
        if name not in META_KEYS or not isinstance(value, str | int | float | date):
            continue
        text = normalise_date(value) if name == "published" else " ".join(str(value).split())
        if text:
            out[name] = text
    return out


def _with_metadata(article: Article, meta: dict[str, str], title: str) -> Article:
    """``article`` with metadata fields set; ``title`` is used when ``meta`` has none."""
    changes: dict[str, Any] = {"title": title, **meta}
    return replace(article, **changes)


# Markdown marks blanked in Article.text, in this order, each with a string that every
# match contains (a text without it is skipped). Capturing groups are blanked; a pattern
# without groups is blanked whole.
_MARKDOWN_MARKS = tuple(
    (re.compile(pattern, flags), needle)
    for pattern, flags, needle in (
        (r"<!--.*?-->", re.S, "<!--"),  # HTML comments
        (r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S.*$", re.M, "]:"),  # link reference definitions
        (
            r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)\r?$",
            re.M,
            "",
        ),  # rules
        (r"^ {0,3}(#{1,6})(?:[ \t]+.*?)?(?:[ \t]+(#+))?[ \t\r]*$", re.M, "#"),  # heading marks
        (r"^[ \t]*((?:>[ \t]?)+)", re.M, ">"),  # block quote marks
        (r"^[ \t]*([-*+])[ \t]+", re.M, ""),  # bullets
        (r"!\[[^\]\n]*\]\([^)\n]*\)", 0, "]("),  # images
        (r"(\[)[^\]\n]*(\]\([^)\n]*\))", 0, "]("),  # links: keep the link text
        (r"(\[)[^\]\n]*(\]\[[^\]\n]*\])", 0, "]["),  # reference links
        (r"(\*{1,3})(?=\S)[^*\n]*?(?<=\S)(\1)", 0, "*"),  # *emphasis*, **strong**
        (r"(?<!\w)(_{1,3})(?=\S)[^_\n]*?(?<=\S)(\1)(?!\w)", 0, "_"),  # _emphasis_
        (r"(`+)[^`\n]+?(\1)", 0, "`"),  # `code`
    )
)
_NOT_NEWLINE = re.compile(r"[^\n]")


def blank_markdown(text: str) -> str:
    """Replace Markdown marks (headings, quotes, emphasis, link targets) with spaces."""
    for pattern, needle in _MARKDOWN_MARKS:
        if needle not in text:
            continue
        groups = range(1, pattern.groups + 1) if pattern.groups else (0,)
        spans = [match.span(group) for match in pattern.finditer(text) for group in groups]
        text = _blank(text, spans)
    return text


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character but newlines inside ``spans`` made a space."""
    spans = [(start, end) for start, end in spans if start >= 0 and end > start]
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chars[start:end] = _NOT_NEWLINE.sub(" ", text[start:end])
    return "".join(chars)


# --- dates ------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def normalise_date(value: object) -> str:
    """``YYYY-MM-DD`` for a date or a parseable date string; other text as written."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    parsed = _parse_date(text)
    return parsed.isoformat() if parsed else text


def _parse_date(text: str) -> date | None:
    months = table("dates")["months"]
    candidates: list[tuple[str, str, str]] = []
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
        candidates.append((year, month, day))
    if match := _DAY_MONTH.search(text):
        day, month, year = match.groups()
        candidates.append((year, str(months.get(month.lower(), "")), day))
    if match := _MONTH_DAY.search(text):
        month, day, year = match.groups()
        candidates.append((year, str(months.get(month.lower(), "")), day))
    for year, month, day in candidates:
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            continue
    return None


# --- HTML -------------------------------------------------------------------------------


def _read_html(text: str, display: str) -> Loaded:
    try:
        page = extract_html(text)
    except Exception as error:  # html.parser is lenient; anything left is reported, not fatal
        return [], [Problem(display, f"cannot parse HTML ({type(error).__name__}: {error})")]
    if not page.text.strip():
        return [], [Problem(display, "no article text found in the HTML")]
    article = Article(
        path=display,
        text=fold(page.text),
        original=page.text,
        title=page.title,
        outlet=page.outlet,
        url=page.url,
        published=normalise_date(page.published) if page.published else "",
        language=page.language,
        anchors=page.anchors,
    )
    return [article], []


# --- JSON Lines -------------------------------------------------------------------------

_JSON = json.JSONDecoder()
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
# One escape in a JSON string (a surrogate pair counts as one), or its closing quote.
_JSON_ESCAPE = re.compile(
    r'\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.|"'
)


def _read_jsonl(text: str, display: str) -> Loaded:
    problems: list[Problem] = []
    return list(_feed(text.split("\n"), display, problems)), problems


def _feed(
    lines: Iterable[str], display: str, problems: list[Problem], first: int = 1
) -> Iterator[Article]:
    """The articles on a feed's lines (numbered from ``first``); bad lines go to
    ``problems``."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        try:
            yield _feed_item(line, number, display)
        except ArticleError as error:
            problems.append(Problem(error.path, error.message, error.line))


def _stream_feed(path: Path, display: str) -> Streamed | None:
    """A feed read line by line, or None when it is not plain UTF-8 (a UTF-16 byte order
    mark, a NUL byte, an undecodable byte) or cannot be opened: the whole-file reading
    reports or decodes those. A first pass checks the bytes a chunk at a time."""
    handle = _open_plain_feed(path)
    if handle is None:
        return None
    problems: list[Problem] = []
    return _streamed_feed(handle, display, problems), problems


def _open_plain_feed(path: Path) -> BinaryIO | None:
    """The feed opened at its start when it is a regular file of plain UTF-8 text (checked
    a chunk at a time), else None."""
    try:
        if not path.is_file():  # never open a pipe or a device
            return None
        handle = path.open("rb")
    except OSError:
        return None
    try:
        if _plain_utf8(handle):
            handle.seek(0)
            return handle
    except OSError:
        pass
    handle.close()
    return None


_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _plain_utf8(handle: BinaryIO) -> bool:
    """Whether the open file is UTF-8 text, without a UTF-16 mark or a NUL byte."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    while chunk := handle.read(FEED_CHECK_CHUNK):
        if first and chunk.startswith(_UTF16_MARKS):
            return False
        first = False
        if b"\x00" in chunk:
            return False
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _streamed_feed(
    handle: BinaryIO, display: str, problems: list[Problem], part: FeedPart | None = None
) -> Iterator[Article]:
    """The feed's articles as its lines are read (only ``part``'s lines when given); a
    whole feed of blank lines is an empty article."""
    blank = True

    def lines() -> Iterator[str]:
        nonlocal blank
        first = part is None or part.start == 0
        left = None if part is None else part.end - part.start
        for raw in handle:
            if left is not None:
                if left <= 0:
                    return
                left -= len(raw)
            line, first = _line_text(raw, first), False
            blank = blank and not line.strip()
            yield line

    with handle:
        try:
            if part is not None:
                handle.seek(part.start)
            yield from _feed(lines(), display, problems, part.line if part else 1)
        except (OSError, UnicodeDecodeError) as error:  # changed or failing mid-read
            reason = getattr(error, "strerror", None) or str(error)
            problems.append(Problem(display, f"cannot read file: {reason}"))
            return
    if blank and part is None:
        problems.append(Problem(display, "empty article"))


def _line_text(raw: bytes, first: bool) -> str:
    """A feed line's text without its newline; the file's ``first`` line without a byte
    order mark."""
    line = raw.decode("utf-8").removesuffix("\n")
    return line.removeprefix("\ufeff") if first else line


@dataclass(frozen=True, slots=True)
class FeedPart:
    """Consecutive whole lines of a feed, so that several processes can read one feed."""

    start: int
    """Byte offset of the part's first line."""
    end: int
    """Byte offset just after its last line."""
    line: int
    """Number of its first line (the file's first is 1)."""


def feed_parts(path: Path, size: int) -> list[FeedPart] | None:
    """A plain UTF-8 feed larger than ``size`` bytes cut at line ends into parts of about
    ``size`` bytes, or None: another file, a small feed, or one that the whole-file reading
    must decode or report (see ``read_file``). Reading the parts in order reads the feed."""
    try:
        if path.suffix.lower() != ".jsonl" or path.stat().st_size <= size:
            return None  # a pipe or a device has no size: never opened here
        with path.open("rb") as handle:
            return _cut(handle, size)
    except (OSError, UnicodeDecodeError):  # unreadable, or not UTF-8: read it as one file
        return None


def _cut(handle: BinaryIO, size: int) -> list[FeedPart] | None:
    """The parts, in one pass that also checks what ``_plain_utf8`` checks, line by line (a
    newline byte is never inside a UTF-8 sequence); None for a feed of blank lines only,
    which is one "empty article", or a feed that is not plain UTF-8."""
    parts: list[FeedPart] = []
    start = offset = 0
    first = 1
    blank = True
    for number, raw in enumerate(handle, start=1):
        if b"\x00" in raw or (number == 1 and raw.startswith(_UTF16_MARKS)):
            return None
        offset += len(raw)
        blank = not _line_text(raw, number == 1).strip() and blank  # decodes every line
        if offset - start >= size:
            parts.append(FeedPart(start, offset, first))
            start, first = offset, number + 1
    if offset > start:
        parts.append(FeedPart(start, offset, first))
    return None if blank or len(parts) < 2 else parts


def read_feed_part(path: Path, display: str, part: FeedPart) -> Streamed:
    """The articles on one part of a feed (see ``feed_parts``) and the problems met."""
    problems: list[Problem] = []
    try:
        handle = path.open("rb")
    except OSError as error:
        problems.append(Problem(display, f"cannot read file: {error.strerror or error}"))
        return iter(()), problems
    return _streamed_feed(handle, display, problems, part), problems


def _feed_item(line: str, number: int, display: str) -> Article:
    """The article on one feed line; raises ArticleError naming the line when it is bad."""
    try:
        item = json.loads(line)
    except ValueError as error:
        reason = getattr(error, "msg", str(error))
        column = getattr(error, "colno", 0)
        raise ArticleError(display, f"invalid JSON: {reason} (column {column})", number) from None
    if not isinstance(item, dict):
        raise ArticleError(display, "feed line is not a JSON object", number)
    body = item.get("text")
    if not isinstance(body, str) or not body.strip():
        raise ArticleError(display, 'feed item has no "text" (or it is empty)', number)
    article = Article(
        path=f"{display}#L{number}",
        text=fold(body),
        original=body,
        source_path=display,
        anchors=_string_anchors(line, _value_start(line, "text"), number),
    )
    return _with_metadata(article, metadata(item), guess_title(body))


def _value_start(line: str, key: str) -> int:
    """Offset in ``line`` (a valid JSON object) of the last top-level ``key``'s value."""
    found, position = -1, _skip_space(line, 0) + 1
    while True:
        position = _skip_space(line, position)
        if position >= len(line) or line[position] != '"':
            return found
        name, position = _JSON.raw_decode(line, position)
        position = _skip_space(line, _skip_space(line, position) + 1)
        if name == key:
            found = position
        _, position = _JSON.raw_decode(line, position)
        position = _skip_space(line, position) + 1


def _skip_space(line: str, position: int) -> int:
    match = _JSON_SPACE.match(line, position)
    return match.end() if match else position


def _string_anchors(line: str, quote: int, number: int) -> tuple[tuple[int, int, int], ...]:
    """Anchors from offsets in a decoded JSON string to 1-based columns of its line.

    One anchor at the start and one after every escape, so columns stay exact.
    """
    if quote < 0 or line[quote] != '"':
        return ((0, number, 1),)
    anchors = [(0, number, quote + 2)]
    offset, position = 0, quote + 1
    for match in _JSON_ESCAPE.finditer(line, position):
        if match.group() == '"':
            break
        offset += match.start() - position + 1
        position = match.end()
        anchors.append((offset, number, position + 1))
    return tuple(anchors)


_READERS: dict[str, Callable[[str, str], Loaded]] = {
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".jsonl": _read_jsonl,
}
