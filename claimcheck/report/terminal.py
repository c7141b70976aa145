"""The terminal report: a summary line, then findings grouped by verdict and subject.

Sections come worst first (conflicts, minor differences, agreements, unverified claims);
each finding shows where every claim stands (``path:line:col``), its words, its value
and the other side. Colours only when asked for. The only reporter that imports rich
(``claimcheck.progress`` draws the CLI's progress bar with it too).

The lines are rich's (a ``Text`` in a ``Padding``, wrapped to the width), but drawing each
through rich costs about 0.25 ms, minutes on a large corpus; :class:`_Lines` writes the
usual line itself, byte for byte as rich would, and hands rich only the lines it cannot
vouch for (``tests/test_terminal_fast.py`` compares the two). The claims table of
``claimcheck extract`` is rich's ``Table`` likewise: :class:`_Rows` draws its rows, a row
at a time, rich what is above and below them, or the whole table when a cell has text
the rows cannot vouch for.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from io import StringIO
from itertools import groupby

from rich.box import Box
from rich.cells import cell_len
from rich.console import COLOR_SYSTEMS, Console, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from claimcheck.models import Claim, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    SECTION_ORDER,
    Entry,
    by_verdict,
    counted,
    entries,
    extras,
    first_source,
    headline,
    location,
    plural,
    reference_phrase,
    reference_where,
    tally,
    topic,
    value_phrase,
)

_TITLES = {
    Verdict.CONFLICT: "Conflicts",
    Verdict.MINOR: "Minor differences",
    Verdict.AGREE: "Agreements",
    Verdict.UNVERIFIED: "Unverified claims",
}
_STYLES = {
    Verdict.CONFLICT: "bold red",
    Verdict.MINOR: "bold yellow",
    Verdict.AGREE: "bold green",
    Verdict.UNVERIFIED: "dim",
}
Piece = tuple[str, str] | str
"""Part of a line: text, or text with a rich style (``"bold red"``)."""

_LETTER = re.compile(r"[^ ]")
"""Anything but a space: in the text the writer wraps, what words are made of."""

_PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))
"""Characters known to be printable and one cell wide before any is looked up."""

_MARK = "\x00"
"""Text to render a style around, to learn the ANSI codes rich writes before and after."""

_CLAIM_COLUMNS = ("where", "subject", "attribute", "value", "how", "words")
"""The columns of the claims table (``claimcheck extract``)."""

_CLAIMS_WIDTH = 120
"""The narrowest console the claims table is drawn on: its six columns need the room."""


class TerminalReporter(Reporter):
    """Renders the report for a person at a terminal, with rich."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report as text, with ANSI styles only when ``options.color``."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The report's text subject by subject, so that a large report is written out as
        it is drawn rather than held whole (at least a newline, as ``_tidy`` makes it)."""
        wrote = False
        for piece in _drawn(report, options):
            wrote = wrote or bool(piece)
            yield piece
        if not wrote:
            yield "\n"


def _drawn(report: Report, options: RenderOptions) -> Iterator[str]:
    out = _Lines(options)
    items = entries(report)
    _summary(out, report, items)
    yield out.take()
    listed = [entry for entry in items if entry.listed]
    for verdict in SECTION_ORDER:
        yield from _section(out, verdict, by_verdict(listed, verdict), options)
    _outside_focus(out, items)
    _stale(out, report)
    _problems(out, report)
    yield out.take()


def render_claims(report: Report, options: RenderOptions) -> str:
    """The claims alone, one table row each: what the extractor read, before any verdict."""
    return "".join(claims_pieces(report, options))


def claims_pieces(report: Report, options: RenderOptions) -> Iterator[str]:
    """The claims table of ``render_claims`` a row at a time, so that a large one is written
    out as it is drawn. rich draws what is above and below the rows (the same table with
    none, its columns fixed to the widths rich gives them with the rows: ``_claim_widths``)
    and :class:`_Rows` draws the rows as rich would; rich draws the whole table when a cell
    has text ``_Rows`` cannot vouch for."""
    console = _console(options, max(options.width, _CLAIMS_WIDTH))
    table = Table(title=f"{len(report.claims)} claims in {len(report.articles)} articles")
    for name in _CLAIM_COLUMNS:
        table.add_column(name, overflow="fold")
    widths = _claim_widths(console, table, report.claims)
    safe = console.safe_box if table.safe_box is None else table.safe_box
    box = table.box and table.box.substitute(console.options, safe=safe)
    if widths is None or box is None or console.legacy_windows:
        yield _rich_claims(console, table, report.claims)
        return
    _, right, _, left = table.padding
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width - left - right
    *above, below = _printed(console, table).splitlines(keepends=True)
    yield "".join(above)
    rows = _Rows(widths, (left, right), box)
    for number, claim in enumerate(report.claims, 1):
        yield rows.draw(_claim_cells(claim), last=number == len(report.claims))
    yield below


def _rich_claims(console: Console, table: Table, claims: Iterable[Claim]) -> str:
    """The whole claims table drawn by rich: ``table`` with a row for each claim."""
    for claim in claims:
        table.add_row(*_claim_cells(claim))
    return _printed(console, table)


def _claim_cells(claim: Claim) -> tuple[str, ...]:
    """The claim's row of the claims table, a cell for each of ``_CLAIM_COLUMNS``."""
    how = ", ".join(p for p in (claim.qualifier, _modality(claim), claim.period) if p)
    return location(claim), claim.subject, topic_of(claim), claim.value.text, how, claim.span.quote


def _claim_widths(console: Console, table: Table, claims: Iterable[Claim]) -> list[int] | None:
    """The widths (padding included) rich gives the columns of ``table`` with a row for
    each claim; None when a cell has text that is not all printable one-cell characters,
    or a column would have no room for text.

    rich measures a cell of such text (a ``Padding`` around it) as its length and the
    padding, at most the room the table has (``Table._measure_column``), and a column as
    its widest cell, header included: only these maximums count, as the table neither
    expands nor has a minimum width. Columns that do not fit together are narrowed as
    ``Table._calculate_column_widths`` narrows them, widest first, then all evenly;
    measuring them again at the narrowed widths, as it then does, gives those widths back.
    """
    all_narrow = _Narrow()
    longest = [len(name) for name in _CLAIM_COLUMNS]
    for claim in claims:
        cells = _claim_cells(claim)
        if not all_narrow("".join(cells)):
            return None
        longest = [max(length, len(cell)) for length, cell in zip(longest, cells, strict=True)]
    try:  # rich's own arithmetic, from its internals: if they move, rich draws it all
        from rich._ratio import ratio_reduce

        extra, collapse = table._extra_width, Table._collapse_widths
    except (ImportError, AttributeError):
        return None
    _, right, _, left = table.padding
    room = console.width - extra
    widths = [min(length + left + right, room) for length in longest]
    if sum(widths) > room:
        widths = collapse(widths, [True] * len(widths), room)
        if sum(widths) > room:
            widths = ratio_reduce(sum(widths) - room, [1] * len(widths), widths, widths)
    return widths if min(widths) > left + right else None


class _Rows:
    """The rows of the claims table, drawn as rich draws them when their text is all
    printable one-cell characters: each cell wrapped to its column as ``Text.wrap`` wraps
    it (``_wrapped``, long words folded), left-justified and padded, the cells of a row top
    aligned between the box's lines. rich writes no styles in them: a cell has none, nor
    have the lines. Each line ends with the box's right edge: no spaces for ``_tidy`` to
    strip.
    """

    def __init__(self, widths: list[int], padding: tuple[int, int], box: Box) -> None:
        left, right = padding
        self.rooms = [width - left - right for width in widths]
        """The width of each column's text."""
        self.blanks = [" " * width for width in widths]
        """A line of each column with no text (below a cell with fewer lines than others)."""
        self.margins = (" " * left, " " * right)
        self.edges = (box.mid_left, box.mid_vertical, box.mid_right)
        """The box's lines left of, between and right of the cells of a row."""
        self.last_edges = (box.foot_left, box.foot_vertical, box.foot_right)
        """The same for the last row."""

    def draw(self, cells: Iterable[str], last: bool) -> str:
        """The lines of the row of ``cells``; the ``last`` row of the table has the foot's
        lines."""
        before, after = self.margins
        columns = [
            [f"{before}{text[start:end]:<{room}}{after}" for start, end in _wrapped(text, room)]
            if len(text) > room
            else [f"{before}{text:<{room}}{after}"]
            for text, room in zip(cells, self.rooms, strict=True)
        ]
        left, middle, right = self.last_edges if last else self.edges
        height = max(len(lines) for lines in columns)
        for lines, blank in zip(columns, self.blanks, strict=True):
            lines += [blank] * (height - len(lines))
        rows = zip(*columns, strict=True)
        return "".join([f"{left}{middle.join(line)}{right}\n" for line in rows])


def topic_of(claim: Claim) -> str:
    """The attribute with its object (``stake in Scale AI``)."""
    return f"{claim.attribute} {claim.object}".strip() if claim.object else claim.attribute


def _modality(claim: Claim) -> str:
    if claim.claimant:
        return f"according to {claim.claimant}"
    return "" if claim.modality == "asserted" else claim.modality


def _console(options: RenderOptions, width: int) -> Console:
    """A rich console that draws for ``options`` (colours or none) at ``width`` columns."""
    return Console(
        file=StringIO(),
        force_terminal=options.color,
        no_color=not options.color,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
    )


class _Lines:
    """The report's text, a logical line at a time, as rich prints it: each line wrapped to
    the width and indented as a block (a ``Text`` in a ``Padding`` to ``Console.print``).

    A line whose characters are all printable and one cell wide (the usual line) is
    wrapped, indented and styled here, the way rich does it for such text: its words
    broken as ``rich._wrap.divide_line`` breaks them, spaces past the width dropped as
    ``Text.rstrip_end`` drops them, each styled piece between the ANSI codes rich itself
    writes for the style. Any other line (tabs, control, wide or zero-width characters,
    no text, no room left of the indent) is printed by rich. Either way the spaces at the
    end of each line go (``_tidy``), the padding rich adds among them.
    """

    def __init__(self, options: RenderOptions) -> None:
        self.console = _console(options, options.width)
        self.width = self.console.width
        """The width rich wraps at: ``options.width``, but 80 on a dumb terminal."""
        self.chunks: list[str] = []
        self.kept: dict[Hashable, str] = {}
        """Lines written under a key, to write again (a claim's line, in every finding)."""
        self.all_narrow = _Narrow()
        """Whether a line's characters are all printable and one cell wide."""
        self.codes: dict[str, tuple[str, str]] = {"": ("", "")}
        """The codes rich writes before and after text, by style."""
        self.plain = self.console.color_system is None
        """Whether rich writes text without codes (no colours asked for, or a dumb terminal)."""

    def take(self) -> str:
        """Everything written since the last ``take``."""
        text = "".join(self.chunks)
        self.chunks.clear()
        return text

    def forget(self) -> None:
        """Drop the lines kept for ``again`` (a claim is listed only under its subject)."""
        self.kept.clear()

    def blank(self) -> None:
        """An empty line (rich prints none on a console with no width)."""
        if self.width < 1:
            self.chunks.append(self._rich())
        else:
            self.chunks.append("\n")

    def again(self, key: Hashable) -> bool:
        """Write once more the line last written under ``key``; whether there was one."""
        drawn = self.kept.get(key)
        if drawn is None:
            return False
        self.chunks.append(drawn)
        return True

    def line(self, indent: int, *pieces: Piece, key: Hashable = None) -> None:
        """One logical line, wrapped to the width and indented by ``indent`` as a block;
        kept under ``key``, when given, for ``again``."""
        drawn = self._draw(indent, pieces)
        self.chunks.append(drawn)
        if key is not None:
            self.kept[key] = drawn

    def _draw(self, indent: int, pieces: tuple[Piece, ...]) -> str:
        """The text of one logical line, trailing spaces stripped from each of its lines."""
        plain = "".join([piece if isinstance(piece, str) else piece[0] for piece in pieces])
        room = self.width - indent
        if not plain or room < 1 or not self.all_narrow(plain):
            return self._rich(Padding(Text.assemble(*pieces), (0, 0, 0, indent), expand=False))
        margin = " " * indent
        if len(plain) <= room:
            body = plain if self.plain else "".join([self._styled(piece) for piece in pieces])
            drawn = [f"{margin}{body}"]
        elif self.plain:
            drawn = [f"{margin}{plain[start:end]}" for start, end in _wrapped(plain, room)]
        else:
            drawn = self._wrap_styled(margin, pieces, _wrapped(plain, room))
        return "".join([f"{line.rstrip(' ')}\n" for line in drawn])

    def _wrap_styled(
        self, margin: str, pieces: Iterable[Piece], lines: Iterable[tuple[int, int]]
    ) -> list[str]:
        """The pieces over ``lines`` (start and end offsets in their joined text), each
        line's part of a piece between the piece's codes."""
        spans: list[tuple[int, int, str, str, str]] = []
        offset = 0
        for piece in pieces:
            text, style = (piece, "") if isinstance(piece, str) else piece
            if text:
                before, after = self._codes(style)
                spans.append((offset, offset + len(text), text, before, after))
                offset += len(text)
        drawn = []
        for start, end in lines:
            line = [margin]
            for low, high, text, before, after in spans:
                if low < end and high > start:
                    line += (before, text[max(start - low, 0) : min(end, high) - low], after)
            drawn.append("".join(line))
        return drawn

    def _rich(self, *renderables: Padding) -> str:
        """What rich prints, tidied, for the lines this writer does not draw itself."""
        return _printed(self.console, *renderables)

    def _styled(self, piece: Piece) -> str:
        """The piece's text between the codes of its style (rich writes none for no text)."""
        if isinstance(piece, str):
            return piece
        text, style = piece
        if not (text and style):
            return text
        before, after = self._codes(style)
        return f"{before}{text}{after}"

    def _codes(self, style: str) -> tuple[str, str]:
        """The ANSI codes rich writes before and after text in ``style``."""
        codes = self.codes.get(style)
        if codes is None:
            codes = self.codes[style] = _ansi_codes(self.console, style)
        return codes


class _Narrow:
    """Whether every character of a text is printable and one cell wide: then a character
    is a cell, and the only whitespace is the space (the text rich wraps as it is written
    here). Characters are looked up once, then remembered."""

    def __init__(self) -> None:
        self.chars = set(_PRINTABLE_ASCII)
        """Characters seen to be printable and one cell wide."""
        self.other = _any_but(self.chars)
        """Finds a character not (yet) in ``chars``."""

    def __call__(self, text: str) -> bool:
        """Whether every character of ``text`` is printable and one cell wide."""
        if self.other.search(text) is None:
            return True
        new = set(text).difference(self.chars)
        if not all(char.isprintable() and cell_len(char) == 1 for char in new):
            return False
        self.chars |= new
        self.other = _any_but(self.chars)
        return True


def _any_but(chars: Iterable[str]) -> re.Pattern[str]:
    """A pattern that finds any character not in ``chars``."""
    return re.compile(f"[^{re.escape(''.join(sorted(chars)))}]")


def _ansi_codes(console: Console, style: str) -> tuple[str, str]:
    """What ``console`` writes before and after text in ``style``: ANSI codes, or nothing
    when it writes no colours (as ``Console._render_buffer`` decides it)."""
    system = COLOR_SYSTEMS.get(console.color_system or "")
    parsed = console.get_style(style)
    if console.no_color and system:
        parsed = parsed.without_color
    if not parsed:
        return "", ""
    drawn = parsed.render(_MARK, color_system=system, legacy_windows=console.legacy_windows)
    before, _, after = drawn.partition(_MARK)
    return before, after


def _wrapped(plain: str, width: int) -> list[tuple[int, int]]:
    """The lines rich wraps ``plain`` into at ``width``, as start and end offsets, for text
    whose characters are one cell wide each and whose only whitespace is the space.

    This is rich's ``Text.wrap``: lines broken where ``rich._wrap.divide_line`` breaks
    them, then the spaces past the width dropped (``Text.rstrip_end``; only spaces ever
    run past it). rich walks word by word; here a line is found in one step. A word is
    its letters with the spaces after them (the first word also with those before), and
    it fits on the line that starts at ``line`` when its letters end by ``line + width``;
    so the line ends where the first word whose letters run past that starts. A word
    longer than the width is cut every ``width`` characters, and the words after it
    follow its last piece.
    """
    lines: list[tuple[int, int]] = []
    lead = len(plain) - len(plain.lstrip(" "))
    last = len(plain.rstrip(" "))
    line = 0
    while line + width < last:
        limit = line + width
        start = _word_at(plain, limit, lead)
        letters = plain.find(" ", max(start, lead))
        if (letters if letters >= 0 else len(plain)) - start <= width:
            lines.append((line, min(start, limit)))
            line = start
            continue
        if start:
            lines.append((line, min(start, limit)))
        match = _LETTER.search(plain, letters) if letters >= 0 else None
        folds = range(start, match.start() if match else len(plain), width)
        lines += ((fold, fold + width) for fold in folds[:-1])
        line = folds[-1]
    lines.append((line, min(len(plain), line + width)))
    return lines


def _word_at(plain: str, limit: int, lead: int) -> int:
    """Where the first word whose letters run past ``limit`` starts (there is one)."""
    if limit < lead:
        return 0
    if plain[limit] == " ":
        match = _LETTER.search(plain, limit)
        return match.start() if match else len(plain)
    start = plain.rfind(" ", 0, limit) + 1
    return 0 if start <= lead else start


def _printed(console: Console, *renderables: RenderableType) -> str:
    """What ``console`` prints for ``renderables``, tidied (nothing when it prints nothing)."""
    with console.capture() as capture:
        console.print(*renderables)
    drawn = capture.get()
    return _tidy(drawn) if drawn else ""


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.splitlines()) + "\n"


def _summary(out: _Lines, report: Report, items: tuple[Entry, ...]) -> None:
    remarks = " · ".join([reference_phrase(report), *extras(report, items)])
    out.line(0, (f"{TOOL_NAME}: ", "bold"), headline(report, items))
    out.line(len(TOOL_NAME) + 2, (remarks, "dim"))


def _section(
    out: _Lines, verdict: Verdict, items: list[Entry], options: RenderOptions
) -> Iterator[str]:
    """The section's text, a subject at a time."""
    if not items:
        return
    hidden = (verdict == Verdict.AGREE and not options.show_agreements) or (
        verdict == Verdict.UNVERIFIED and not options.show_unverified
    )
    out.blank()
    if hidden:
        out.line(0, (f"{counted(len(items), verdict)} not listed", "dim"))
        return
    out.line(0, (f"{_TITLES[verdict]} ({len(items)})", _STYLES[verdict]))
    for subject, group in groupby(items, key=lambda entry: entry.finding.subject):
        out.forget()
        out.line(2, (subject or "(no subject)", "bold"))
        show = _unverified if verdict == Verdict.UNVERIFIED else _finding
        for entry in group:
            show(out, entry)
        yield out.take()


def _finding(out: _Lines, entry: Entry) -> None:
    finding = entry.finding
    style = _STYLES[finding.verdict]
    side = "against the reference" if finding.reference else "across articles"
    out.line(4, (topic(finding), style), (f"  {side} [{entry.id}]", "dim"))
    for claim in entry.claims:
        _claim_line(out, 6, claim)
    if finding.reference is not None:
        ref = finding.reference
        out.line(6, (reference_where(ref), "cyan"), "  reference  → ", (ref.value_text, "bold"))
        if ref.note:
            out.line(8, ("note: ", "dim"), ref.note)
        if first_source(ref):
            out.line(8, ("source: ", "dim"), (first_source(ref), "underline"))
    if finding.message:
        out.line(6, (finding.message, "italic"))


def _claim_line(out: _Lines, indent: int, claim: Claim) -> None:
    """Where the claim stands, its words and its value; a claim is listed in each of its
    findings (on a large corpus, nine times on average), so its line is drawn once."""
    key = (claim.id, indent)
    if out.again(key):
        return
    out.line(
        indent,
        (location(claim), "cyan"),
        "  ",
        (f'"{claim.span.quote}"', "italic"),
        "  → ",
        (value_phrase(claim), "bold"),
        key=key,
    )


def _unverified(out: _Lines, entry: Entry) -> None:
    finding = entry.finding
    where = location(entry.claims[0]) if entry.claims else "(no claim)"
    values = "; ".join(value_phrase(claim) for claim in entry.claims)
    quotes = [claim.span.quote for claim in entry.claims[:1] if claim.span.quote not in values]
    quote = "".join(f'  "{text}"' for text in quotes)
    out.line(
        4,
        (where, "cyan"),
        f"  {topic(finding)}: ",
        (values, "bold"),
        (quote, "italic"),
        (f" — {finding.message}" if finding.message else "", "dim"),
    )


def _outside_focus(out: _Lines, items: Iterable[Entry]) -> None:
    outside = [entry for entry in items if not entry.in_focus and entry.finding.suppressed is None]
    if not outside:
        return
    counts = tally(outside)
    detail = ", ".join(counted(counts[v], v) for v in SECTION_ORDER if counts[v])
    out.blank()
    out.line(
        0, (f"{plural(len(outside), 'finding')} outside the focus not listed ({detail})", "dim")
    )


def _stale(out: _Lines, report: Report) -> None:
    if not report.stale_baseline:
        return
    out.blank()
    out.line(0, ("Stale baseline entries (they match no finding any more)", "bold"))
    for fingerprint in report.stale_baseline:
        out.line(2, fingerprint)


def _problems(out: _Lines, report: Report) -> None:
    if not report.problems:
        return
    out.blank()
    out.line(0, (f"Warnings ({len(report.problems)})", "bold yellow"))
    for problem in report.problems:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        out.line(2, (f"{where}: ", "yellow"), problem.message)
