"""HTML pages -> the article's main text, its metadata, and anchors back into the page.

Uses only the standard library's ``html.parser``. Page furniture is dropped: scripts,
navigation, share buttons, comments, related posts, ads, cookie banners and the like (the
tag, role and class-word lists are in ``data/html.yaml``). When the page marks its article
(``itemprop=articleBody``, ``<article>``, ``<main>``), only that part is kept.

``<nav><a>Home</a></nav><article><p>Meta paid $14.3 billion.</p></article>`` gives the
text ``Meta paid $14.3 billion.``; the word ``Home`` is not part of the article.

Every run of text carries an anchor ``(offset in text, line, column)`` pointing at the
HTML file (1-based), so a claim found in the text can be reported at its place in the page.
"""

from __future__ import annotations

import html
import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from typing import Any

from claimcheck.vocab import table

Anchor = tuple[int, int, int]

CONTENT_KINDS = ("body", "article", "main")
"""Article containers, best first: ``itemprop=articleBody``, ``<article>``, ``<main>``."""

_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_DISPLAY_NONE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# The character references html.unescape() replaces (same pattern as the standard library).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


@dataclass(frozen=True, slots=True)
class HtmlText:
    """The article text of one page, with anchors into the page and its metadata."""

    text: str
    anchors: tuple[Anchor, ...]
    """(offset in ``text``, line, column) at the start of every run of text."""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    """As the page writes it; the caller normalises it."""
    language: str = ""


@dataclass(frozen=True, slots=True)
class _Config:
    drop: frozenset[str]
    chrome: frozenset[str]
    keep: frozenset[str]
    roles: frozenset[str]
    words: frozenset[str]
    block: frozenset[str]
    cell: frozenset[str]
    void: frozenset[str]
    meta: dict[str, tuple[str, ...]]
    ends: dict[str, frozenset[str]]
    """Start tag -> open elements it ends implicitly."""


@cache
def _config() -> _Config:
    raw = table("html")
    sets = {
        name: frozenset(str(word).lower() for word in raw[key])
        for name, key in (
            ("drop", "drop_tags"),
            ("chrome", "chrome_tags"),
            ("keep", "keep_tags"),
            ("roles", "drop_roles"),
            ("words", "boilerplate_words"),
            ("block", "block_tags"),
            ("cell", "cell_tags"),
            ("void", "void_tags"),
        )
    }
    meta = {field: tuple(keys) for field, keys in raw["meta"].items()}
    ends = {tag: frozenset(tags) for tag, tags in raw["implied_end"].items()}
    for tag in sets["block"]:
        ends[tag] = ends.get(tag, frozenset()) | {"p"}
    return _Config(meta=meta, ends=ends, **sets)


def extract_html(source: str) -> HtmlText:
    """The main article text of an HTML page, with anchors into ``source`` and metadata."""
    parser = _PageParser(source)
    parser.feed(source)
    parser.close()
    text, anchors = _assemble(_select_content(parser.events), source, parser.lines)
    return HtmlText(text, anchors, **_metadata(parser.meta, parser.found))


def class_words(value: str) -> set[str]:
    """Lower-case words of a class or id value (``shareButtons-top`` -> share, buttons, top)."""
    return {word.lower() for word in _WORD.findall(value)}


class _Lines:
    """Converts between offsets in a text and its 1-based (line, column) positions."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def offset(self, line: int, column0: int) -> int:
        return self.starts[line - 1] + column0

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1


@dataclass(slots=True)
class _Open:
    tag: str
    skip: bool
    kind: str
    serial: int


@dataclass(frozen=True, slots=True)
class _Event:
    start: int
    """Offset of the text in the HTML source."""
    data: str
    containers: dict[str, int]
    """Article container kind -> serial number of the outermost such container."""


@dataclass(slots=True)
class _Capture:
    name: str
    tag: str
    parts: list[str] = field(default_factory=list)


class _PageParser(HTMLParser):
    """Streams a page into text events (None marks a line break) and metadata."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = _Lines(source)
        self.events: list[_Event | None] = []
        self.meta: dict[str, str] = {}
        """<meta> content by lower-cased property, name or itemprop (first wins)."""
        self.found: dict[str, str] = {}
        """Other metadata: title, h1, time, canonical, lang, jsonld."""
        self._stack: list[_Open] = []
        self._skipping = 0
        self._serial = 0
        self._capture: _Capture | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        self._note(tag, attr)
        config = _config()
        if tag in config.block:
            self.events.append(None)
        if tag in config.void:
            return
        self._end_implied(config.ends.get(tag, frozenset()))
        self._serial += 1
        opened = _Open(tag, self._is_furniture(tag, attr), _container_kind(tag, attr), self._serial)
        self._stack.append(opened)
        self._skipping += opened.skip
        if tag in config.cell:
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._capture and self._capture.tag == tag:
            self._finish_capture(self._capture)
        if tag in _config().block:
            self.events.append(None)
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index].tag == tag:
                self._pop(index)
                return

    def _pop(self, index: int) -> None:
        self._skipping -= sum(opened.skip for opened in self._stack[index:])
        del self._stack[index:]

    def _end_implied(self, ends: frozenset[str]) -> None:
        """Close open elements a new start tag ends (``<p>`` at ``<div>``), up to a block."""
        config = _config()
        for index in range(len(self._stack) - 1, -1, -1):
            tag = self._stack[index].tag
            if tag in ends:
                self._pop(index)
            elif tag in config.block or tag in config.cell:
                return

    def handle_data(self, data: str) -> None:
        if self._capture:
            self._capture.parts.append(data)
        if self._skipping or not data:
            return
        line, column0 = self.getpos()
        self.events.append(_Event(self.lines.offset(line, column0), data, self._containers()))

    def _containers(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for opened in self._stack:
            if opened.kind:
                found.setdefault(opened.kind, opened.serial)
        return found

    def _is_furniture(self, tag: str, attr: dict[str, str]) -> bool:
        config = _config()
        if tag in config.drop or self._skipping:
            return tag in config.drop
        if tag in config.chrome:
            return not self._containers()
        return tag not in config.keep and _marked_as_furniture(attr)

    def _note(self, tag: str, attr: dict[str, str]) -> None:
        """Record the metadata an opening tag carries, or start capturing its text."""
        if tag == "meta":
            key = attr.get("property") or attr.get("name") or attr.get("itemprop") or ""
            if key and attr.get("content", "").strip():
                self.meta.setdefault(key.lower(), attr["content"].strip())
        elif tag == "link" and "canonical" in attr.get("rel", "").lower().split():
            self._keep("canonical", attr.get("href", ""))
        elif tag == "html":
            self._keep("lang", attr.get("lang", ""))
        elif tag == "time" and not self._skipping:
            self._keep("time", attr.get("datetime", ""))
        elif tag == "script" and attr.get("type", "").lower() == "application/ld+json":
            self._start_capture("jsonld", tag)
        elif tag == "title" and not any(opened.tag == "svg" for opened in self._stack):
            self._start_capture("title", tag)
        elif tag == "h1" and not self._skipping:
            self._start_capture("h1", tag)

    def _keep(self, key: str, value: str) -> None:
        if value.strip():
            self.found.setdefault(key, value.strip())

    def _start_capture(self, name: str, tag: str) -> None:
        if self._capture is None and (name == "jsonld" or name not in self.found):
            self._capture = _Capture(name, tag)

    def _finish_capture(self, capture: _Capture) -> None:
        self._capture = None
        text = "".join(capture.parts)
        if capture.name == "jsonld":
            self._keep("jsonld", _json_ld_published(text))
        else:
            self._keep(capture.name, " ".join(text.split()))


def _marked_as_furniture(attr: dict[str, str]) -> bool:
    """Hidden, or a role or class/id word of page furniture (``class="share-bar"``)."""
    if "hidden" in attr or attr.get("aria-hidden", "").lower() == "true":
        return True
    if _DISPLAY_NONE.search(attr.get("style", "")):
        return True
    if attr.get("role", "").lower() in _config().roles:
        return True
    words = class_words(f"{attr.get('class', '')} {attr.get('id', '')}")
    return not _config().words.isdisjoint(words)


def _container_kind(tag: str, attr: dict[str, str]) -> str:
    if "articlebody" in attr.get("itemprop", "").lower().split():
        return "body"
    if tag == "article":
        return "article"
    if tag == "main" or attr.get("role", "").lower() == "main":
        return "main"
    return ""


def _json_ld_published(text: str) -> str:
    """The first ``datePublished`` anywhere in a JSON-LD block, or an empty string."""
    try:
        data = json.loads(text)
    except ValueError:
        return ""
    return _find_key(data, "datePublished")


def _find_key(data: Any, key: str) -> str:
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            return str(data[key])
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            found = _find_key(item, key)
            if found:
                return found
    return ""


def _select_content(events: list[_Event | None]) -> list[_Event | None]:
    """Keep the text of the largest article container of the best kind the page has."""
    for kind in CONTENT_KINDS:
        sizes: dict[int, int] = {}
        for event in events:
            if event and kind in event.containers:
                serial = event.containers[kind]
                sizes[serial] = sizes.get(serial, 0) + len(event.data.strip())
        if sizes and max(sizes.values()) > 0:
            best = max(sizes, key=sizes.__getitem__)
            return [e for e in events if e is None or e.containers.get(kind) == best]
    return events


class _Assembler:
    """Joins runs of text into lines, collapsing whitespace, and records an anchor per run."""

    def __init__(self, lines: _Lines) -> None:
        self.lines = lines
        self.parts: list[str] = []
        self.anchors: list[Anchor] = []
        self.size = 0
        self.gap = ""

    def line_break(self) -> None:
        if self.size:
            self.gap = "\n"

    def run(self, offset: int, text: str) -> None:
        """Add ``text`` (at most one line, its line end kept) found at ``offset`` in the page."""
        body = text.strip()
        if body and self.size and not self.gap and text[0].isspace():
            self.gap = " "
        if body:
            self.parts.append(self.gap)
            self.size += len(self.gap)
            line, column = self.lines.position(offset + len(text) - len(text.lstrip()))
            self.anchors.append((self.size, line, column))
            self.parts.append(body)
            self.size += len(body)
            self.gap = ""
        if self.size and not self.gap and text[-1:].isspace():
            self.gap = " "


def _assemble(
    events: list[_Event | None], source: str, lines: _Lines
) -> tuple[str, tuple[Anchor, ...]]:
    out = _Assembler(lines)
    for event in events:
        if event is None:
            out.line_break()
            continue
        for offset, text in _runs(source, event.start, event.data):
            out.run(offset, text)
    return "".join(out.parts), tuple(out.anchors)


def _runs(source: str, start: int, data: str) -> Iterator[tuple[int, str]]:
    """Pieces of ``data`` split after line ends (kept), each with its offset in ``source``."""
    for offset, piece in _pieces(source, start, data):
        for part in piece.splitlines(keepends=True):
            yield offset, part
            offset += len(part)


def _pieces(source: str, start: int, data: str) -> list[tuple[int, str]]:
    """Split decoded ``data`` into plain runs and decoded character references, with the
    offset of each in ``source``, so columns stay exact after ``&rsquo;`` and friends."""
    if source.startswith(data, start):
        return [(start, data)]
    end = source.find("<", start + 1)
    raw = source[start : end if end >= 0 else len(source)]
    pieces, position = [], 0
    for match in _CHARREF.finditer(raw):
        if match.start() > position:
            pieces.append((start + position, raw[position : match.start()]))
        pieces.append((start + match.start(), html.unescape(match.group())))
        position = match.end()
    if position < len(raw):
        pieces.append((start + position, raw[position:]))
    return pieces if "".join(piece for _, piece in pieces) == data else [(start, data)]


def _metadata(meta: dict[str, str], found: dict[str, str]) -> dict[str, str]:
    keys = _config().meta
    outlet = _first(meta, keys["outlet"])
    title = _first(meta, keys["title"]) or _strip_outlet(found.get("title", ""), outlet)
    published = _first(meta, keys["published_first"]) or found.get("time", "")
    return {
        "title": " ".join((title or found.get("h1", "")).split()),
        "outlet": outlet,
        "url": found.get("canonical", "") or _first(meta, keys["url"]),
        "published": published or _first(meta, keys["published"]) or found.get("jsonld", ""),
        "language": found.get("lang", ""),
    }


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[key] for key in keys if meta.get(key)), "")


def _strip_outlet(title: str, outlet: str) -> str:
    """``Headline | Outlet`` -> ``Headline`` when the outlet is known."""
    if not outlet:
        return title
    return re.sub(rf"\s+[|\-–—:·]\s+{re.escape(outlet)}\s*$", "", title) or title
