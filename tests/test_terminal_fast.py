"""The terminal report's own line writer gives rich's bytes exactly.

``claimcheck.report.terminal`` wraps, indents and styles the usual line itself instead of
printing it through rich (a ``Text`` in a ``Padding``), which is slow at scale. These tests
draw the same reports both ways, through the writer and through rich line by line as the
reporter did before, and compare the text: the test stories, the seeds and the sample
report, at several widths, with colours and without, findings shown and hidden; a report
of awkward text (wide and zero-width characters, tabs, control characters, long words,
markup-like brackets); and random lines and random words against rich's wrapping.

rich is slow to draw (the reason for the writer), so by default the stories are drawn in
four variants and the awkward text in six; ``CLAIMCHECK_ALL_VARIANTS=1`` draws both in
every variant (five widths, colours on and off, findings shown and hidden).
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import random
import sys
from collections.abc import Hashable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_fixtures import CLAIMS, DAILY, FINDINGS, make_report
from rich._wrap import divide_line
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from claimcheck.cli import cli
from claimcheck.load import ARTICLE_SUFFIXES
from claimcheck.models import Problem, Report
from claimcheck.pipeline import RunOptions, run
from claimcheck.reference import load_reference
from claimcheck.report import terminal
from claimcheck.report.interface import RenderOptions
from claimcheck.report.terminal import Piece, TerminalReporter, render_claims
from claimcheck.report.view import location

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted(p.parent for p in ROOT.glob("tests/*/*/claims.yaml"))
STORY_NAMES = [*(story.name for story in STORIES), "seeds"]
WIDTHS = (40, 80, 100, 120, 200)
TABLE_WIDTHS = (40, 80, 100, 120, 150, 200)
STYLES = ("", "bold", "dim", "italic", "cyan", "underline", "yellow", "bold red", "bold yellow")

AWKWARD = {
    "long word": "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstalt",
    "url": "https://example.com/2024/very/long/path/to/a/page?query=" + "x" * 150 + "#end",
    "cjk": "東京の会社は売上高が百億円に達したと発表した",
    "emoji": "revenue 🚀 grew 📈 to $5 million 👍🏽 👨‍👩‍👧 ❤️ ✈︎",
    "tabs": "column one\tcolumn two\t\tend\t",
    "combining accents": "Cafe\u0301 Zo\u0308e nai\u0308ve re\u0301sume\u0301",
    "right to left": "שלום עולם and مرحبا بالعالم and שָׁלוֹם",
    "empty": "",
    "brackets": "[bold]not markup[/bold] [link=https://x.y]z[/link] [[double]] [F1]",
    "unusual spaces": "20\u00a0million\u202fusers\u2003em\u3000ideographic",
    "control characters": "line one\nline two\rthree\x0bfour\x0cfive\x1b[31mred\x85six\u2028seven",
    "runs of spaces": "   lots    of      spaces" + " " * 40 + "and more   ",
    "zero width": "zero\u200bwidth\u200djoiner\ufeffbom\u00adsoft",
    "typography": "→ — · … ‘quoted’ “double” ±5% €5 £3 ¥2 ½ ™",
}
"""Text no test story has, for the quotes, values, subjects, notes and messages of a report."""


class RichLines:
    """The terminal report's lines as the reporter drew them before: each logical line a
    ``Text`` in a ``Padding``, printed by rich; trailing spaces stripped at the end.

    rich draws the same line the same way on a console set up the same way, so what it
    printed for a line is kept (``DRAWN``) and written again when the line comes back,
    as it does in the variants of a report: that keeps the comparisons quick.
    """

    def __init__(self, options: RenderOptions) -> None:
        self.buffer = StringIO()
        self.console = Console(
            file=self.buffer,
            force_terminal=options.color,
            no_color=not options.color,
            width=options.width,
            highlight=False,
            emoji=False,
            markup=False,
        )
        self.setting = (options.color, options.width, self.console.color_system)

    def again(self, key: Hashable) -> bool:
        return False  # no line is written again by key: each goes through line()

    def line(self, indent: int, *pieces: Piece, key: Hashable = None) -> None:
        seen = (self.setting, indent, pieces)
        if seen in DRAWN:
            self.buffer.write(DRAWN[seen])
            return
        start = self.buffer.tell()
        self.console.print(Padding(Text.assemble(*pieces), (0, 0, 0, indent), expand=False))
        DRAWN[seen] = self.buffer.getvalue()[start:]

    def blank(self) -> None:
        self.console.print()

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return "".join(f"{line.rstrip(' ')}\n" for line in text.splitlines())

    def forget(self) -> None:
        pass


DRAWN: dict[tuple[object, ...], str] = {}
"""What rich printed for a line (its indent and pieces) on a console (colours, width and
colour system)."""


def through_rich(report: Report, options: RenderOptions, monkeypatch: pytest.MonkeyPatch) -> str:
    """The report drawn with every line printed by rich."""
    with monkeypatch.context() as patch:
        patch.setattr(terminal, "_Lines", RichLines)
        return TerminalReporter().render(report, options)


def variants() -> Iterator[RenderOptions]:
    """Every width, with and without colours, every finding shown or only the problems."""
    for width in WIDTHS:
        for color in (False, True):
            for shown in (True, False):
                yield RenderOptions(color, width, show_agreements=shown, show_unverified=shown)


def story_variants() -> list[RenderOptions]:
    """The variants to draw the stories in: every one when ``CLAIMCHECK_ALL_VARIANTS`` is
    set; else the usual one (no colours, 100 columns) and the hardest (colours, 40 columns,
    where most lines break amid a styled piece), findings shown and hidden. rich takes a
    quarter of a millisecond a line and the stories have some 2,000 different lines."""
    if os.environ.get("CLAIMCHECK_ALL_VARIANTS"):
        return list(variants())
    return [
        RenderOptions(color, width, show_agreements=shown, show_unverified=shown)
        for color, width in ((False, 100), (True, 40))
        for shown in (True, False)
    ]


def awkward_variants() -> list[RenderOptions]:
    """The variants to draw awkward text in: every one when ``CLAIMCHECK_ALL_VARIANTS`` is
    set; else the narrowest, a usual and the widest width, with colours and without, every
    finding shown (hiding findings only hides lines: the stories show that)."""
    if os.environ.get("CLAIMCHECK_ALL_VARIANTS"):
        return list(variants())
    return [RenderOptions(color, width) for width in (40, 100, 200) for color in (False, True)]


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal rich writes colours to (it writes none to a dumb one)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)


@pytest.fixture(scope="module")
def story_reports() -> dict[str, Report]:
    """The report of every test story and of the seeds (with the repository's reference)."""
    reports = {}
    for story in STORIES:
        paths = tuple(str(p) for p in sorted(story.iterdir()) if p.suffix in ARTICLE_SUFFIXES)
        reference = load_reference(story / "claims.yaml")
        reports[story.name] = run(RunOptions(paths=paths, reference=reference, jobs=1))
    reference = load_reference(ROOT / "claims.yaml")
    reports["seeds"] = run(RunOptions((str(ROOT / "seeds"),), reference=reference, jobs=1))
    return reports


def awkward_report(text: str) -> Report:
    """The sample report with ``text`` in every place a report shows words, alone or amid
    ordinary ones: quotes, values, subjects, notes, sources, messages, warnings."""
    amid = f"the company said {text} in a statement on Monday"
    claims = tuple(
        dataclasses.replace(
            claim,
            subject=(text, amid)[n % 2] or claim.subject,
            span=dataclasses.replace(claim.span, quote=(amid, text)[n % 2]),
            value=dataclasses.replace(claim.value, text=(text, amid)[n % 2]),
        )
        for n, claim in enumerate(CLAIMS)
    )
    findings = tuple(
        dataclasses.replace(
            finding,
            subject=(text, amid)[n % 2],
            message=(amid, text)[n % 2],
            reference=finding.reference
            and dataclasses.replace(finding.reference, note=text, sources=(amid, text)),
        )
        for n, finding in enumerate(FINDINGS)
    )
    report = make_report()
    return dataclasses.replace(
        report,
        claims=claims,
        findings=findings,
        reference_path=text,
        problems=(*report.problems, Problem(text, amid), Problem(amid, text, 3)),
        stale_baseline=(text, amid),
    )


@pytest.mark.parametrize("story", STORY_NAMES)
def test_the_stories_render_as_rich_renders_them(
    story: str, story_reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = story_reports[story]
    assert report.findings
    for options in story_variants():
        fast = TerminalReporter().render(report, options)
        assert fast == through_rich(report, options, monkeypatch), options


def test_every_story_is_drawn() -> None:
    assert {story.parent.name for story in STORIES} == {"corpus", "e2e"}
    assert len(STORIES) >= 8


@pytest.mark.parametrize("focus", [(), (DAILY,)], ids=["all", "focus"])
def test_the_sample_report_renders_as_rich_renders_it(
    focus: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = dataclasses.replace(make_report(), focus=focus)
    for options in variants():
        assert TerminalReporter().render(report, options) == through_rich(
            report, options, monkeypatch
        ), options


@pytest.mark.parametrize("text", list(AWKWARD.values()), ids=list(AWKWARD))
def test_awkward_text_renders_as_rich_renders_it(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = awkward_report(text)
    for options in awkward_variants():
        assert TerminalReporter().render(report, options) == through_rich(
            report, options, monkeypatch
        ), options


def test_no_reference_and_no_subject_render_as_rich_renders_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    findings = tuple(dataclasses.replace(f, subject="") for f in FINDINGS)
    report = dataclasses.replace(make_report(), findings=findings, reference_path=None)
    for options in variants():
        assert TerminalReporter().render(report, options) == through_rich(
            report, options, monkeypatch
        ), options


def test_narrow_consoles_render_as_rich_renders_them(monkeypatch: pytest.MonkeyPatch) -> None:
    report = make_report()
    for width in (-1, 0, 1, 5, 9):
        for color in (False, True):
            options = RenderOptions(color, width)
            assert TerminalReporter().render(report, options) == through_rich(
                report, options, monkeypatch
            ), options


def test_without_a_colour_terminal_colour_writes_no_codes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    report = make_report()
    fast = TerminalReporter().render(report, RenderOptions(color=True))
    assert fast == through_rich(report, RenderOptions(color=True), monkeypatch)
    assert "\x1b[" not in fast


def test_random_lines_render_as_rich_renders_them() -> None:
    """Lines of random words, spaces and styles at random indents and widths."""
    rng = random.Random(20240521)
    letters = ["a", "bc", "defghij", "→", "é", "—", " ", "  ", "     "]
    for color in (False, True):
        for _ in range(200):
            options = RenderOptions(color, rng.randint(1, 40))
            pieces: list[Piece] = []
            for _ in range(rng.randint(1, 5)):
                text = "".join(rng.choices(letters, k=rng.randint(0, 12)))
                style = rng.choice(STYLES)
                pieces.append((text, style) if style else text)
            indent = rng.randint(0, 8)
            fast, slow = terminal._Lines(options), RichLines(options)
            for lines in (fast, slow):
                lines.line(indent, *pieces)
                lines.blank()
            assert fast.take() == slow.take(), (options, indent, pieces)


def test_words_break_where_rich_breaks_them() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        alphabet = rng.choice(["ab ", "a  ", "abcdefg ", "a     "])
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 60)))
        width = rng.randint(1, 20)
        if text.strip(" ") and len(text) > width:
            breaks = [start for start, _ in terminal._wrapped(text, width)][1:]
            assert breaks == divide_line(text, width), (text, width)


def test_the_claims_table_still_comes_out_when_rich_internals_move(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The table's widths come from rich's own (private) arithmetic; a rich without it
    draws the whole table itself rather than fail."""
    options = RenderOptions(False, 80)
    expected = render_claims(make_report(), options)

    def no_rows(*args: object) -> None:
        raise AssertionError("rows drawn without rich's widths")

    monkeypatch.setitem(sys.modules, "rich._ratio", None)  # importing it now fails
    monkeypatch.setattr(terminal._Rows, "draw", no_rows)
    assert render_claims(make_report(), options) == expected


def test_the_usual_line_never_reaches_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rich(*args: object) -> None:
        raise AssertionError("printed through rich")

    monkeypatch.setattr(terminal._Lines, "_rich", no_rich)
    for color in (False, True):
        text = TerminalReporter().render(make_report(), RenderOptions(color, 60))
        assert "Conflicts (1)" in text


def claims_through_rich(report: Report, options: RenderOptions) -> str:
    """The claims table as ``render_claims`` drew it before it drew its own rows: the
    table built here and printed whole by rich (on a console at least 120 columns wide),
    trailing spaces stripped at the end. What rich printed is kept (``TABLES``): the
    narrower widths draw the same table."""
    width = max(options.width, 120)
    seen = (report.claims, len(report.articles), options.color, width, os.environ.get("TERM"))
    if seen in TABLES:
        return TABLES[seen]
    buffer = StringIO()
    console = Console(
        file=buffer,
        force_terminal=options.color,
        no_color=not options.color,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
    )
    table = Table(title=f"{len(report.claims)} claims in {len(report.articles)} articles")
    for column in ("where", "subject", "attribute", "value", "how", "words"):
        table.add_column(column, overflow="fold")
    for claim in report.claims:
        how = (claim.qualifier, terminal._modality(claim), claim.period)
        table.add_row(
            location(claim),
            claim.subject,
            terminal.topic_of(claim),
            claim.value.text,
            ", ".join(p for p in how if p),
            claim.span.quote,
        )
    console.print(table)
    lines = buffer.getvalue().splitlines()
    TABLES[seen] = "\n".join(line.rstrip(" ") for line in lines) + "\n"
    return TABLES[seen]


TABLES: dict[tuple[object, ...], str] = {}
"""What rich printed for a claims table: by its claims, its number of articles, colours,
console width and terminal."""


TABLE_OPTIONS = [RenderOptions(color, width) for width in TABLE_WIDTHS for color in (False, True)]
"""Every width the claims table is compared at, with colours and without."""


def random_text(rng: random.Random, longest: int) -> str:
    """Words up to ``longest`` letters (as wide as a column, some), a few far longer, and
    runs of spaces, at either end too; empty now and then."""
    parts = [
        "a",
        "bc",
        "$200",
        "→",
        "é—",
        " ",
        "  ",
        "     ",
        "w" * rng.randint(1, longest),
        "x" * rng.randint(1, longest),
        "y" * rng.randint(longest, 3 * longest),
    ]
    return "".join(rng.choices(parts, k=rng.randint(0, 9)))


def random_claims_report(rng: random.Random) -> Report:
    """The sample report with one to six claims of random text in every field the claims
    table shows, their paths long now and then."""
    longest = rng.choice([3, 12, 20, 40])
    claims = []
    for claim in rng.choices(CLAIMS, k=rng.randint(1, 6)):
        path = "/".join(random_text(rng, longest) or "p" for _ in range(rng.randint(1, 6)))
        span = dataclasses.replace(
            claim.span,
            path=path,
            line=rng.randint(1, 99999),
            column=rng.randint(1, 999),
            quote=random_text(rng, longest),
        )
        texts = {
            field: random_text(rng, longest)
            for field in ("subject", "attribute", "object", "qualifier", "claimant", "period")
        }
        modality = rng.choice(["asserted", "projected", random_text(rng, longest)])
        value = dataclasses.replace(claim.value, text=random_text(rng, longest))
        claims.append(
            dataclasses.replace(claim, span=span, value=value, modality=modality, **texts)
        )
    return dataclasses.replace(make_report(), claims=tuple(claims))


def test_the_claims_table_is_what_rich_prints() -> None:
    """``render_claims`` (``claimcheck extract``) prints the table rich prints: the sample
    report at every width, with colours and without; each awkward text at one width, with
    colours and without, the widths in turn (at every one with ``CLAIMCHECK_ALL_VARIANTS``:
    rich takes long over some)."""
    report = make_report()
    for options in TABLE_OPTIONS:
        assert render_claims(report, options) == claims_through_rich(report, options), options
    every = bool(os.environ.get("CLAIMCHECK_ALL_VARIANTS"))
    turns = itertools.cycle(TABLE_OPTIONS)
    for text in AWKWARD.values():
        report = awkward_report(text)
        for options in TABLE_OPTIONS if every else (next(turns), next(turns)):
            assert render_claims(report, options) == claims_through_rich(report, options), (
                options,
                text,
            )


@pytest.mark.parametrize("story", STORY_NAMES)
def test_the_stories_claims_tables_are_what_rich_prints(
    story: str, story_reports: dict[str, Report]
) -> None:
    """The seeds' table at three widths, each story's at one of them in turn."""
    report = story_reports[story]
    assert report.claims
    choices = [RenderOptions(False, 100), RenderOptions(True, 150), RenderOptions(False, 200)]
    turn = STORY_NAMES.index(story) % len(choices)
    for options in choices if story == "seeds" else choices[turn : turn + 1]:
        assert render_claims(report, options) == claims_through_rich(report, options), options


def test_random_claims_tables_are_what_rich_prints() -> None:
    """Claims of random text, each table at two of the widths, with colours or not."""
    rng = random.Random(1203)
    for _ in range(40):
        report = random_claims_report(rng)
        for options in rng.sample(TABLE_OPTIONS, 2):
            fast = render_claims(report, options)
            assert fast == claims_through_rich(report, options), (options, report.claims)


def test_odd_claims_tables_are_what_rich_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """No claims; a claim with every field empty; a dumb terminal (80 columns, no codes)."""
    empty = dataclasses.replace(
        CLAIMS[0],
        subject="",
        attribute="",
        value=dataclasses.replace(CLAIMS[0].value, text=""),
        span=dataclasses.replace(CLAIMS[0].span, path="", quote=""),
    )
    reports = [dataclasses.replace(make_report(), claims=claims) for claims in ((), (empty,))]
    for report in reports:
        for options in TABLE_OPTIONS:
            assert render_claims(report, options) == claims_through_rich(report, options), options
    monkeypatch.setenv("TERM", "dumb")
    for report in (make_report(), random_claims_report(random.Random(5))):
        fast = render_claims(report, RenderOptions(True, 150))
        assert fast == claims_through_rich(report, RenderOptions(True, 150))
        assert "\x1b[" not in fast


def test_the_claims_table_comes_a_row_at_a_time() -> None:
    report = make_report()
    pieces = list(terminal.claims_pieces(report, RenderOptions(True, 120)))
    assert len(pieces) == len(report.claims) + 2
    assert "".join(pieces) == claims_through_rich(report, RenderOptions(True, 120))


def test_the_usual_claims_table_never_reaches_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rich(*args: object) -> None:
        raise AssertionError("drawn by rich")

    monkeypatch.setattr(terminal, "_rich_claims", no_rich)
    rng = random.Random(11)
    for report in (make_report(), *(random_claims_report(rng) for _ in range(5))):
        for options in TABLE_OPTIONS:
            assert render_claims(report, options).count("claims in") == 1


def test_claims_of_awkward_text_are_drawn_by_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """rich draws a table with a character that is not printable or not one cell wide."""
    drawn_by_rich = []
    rich_claims = terminal._rich_claims

    def spy(*args: Any) -> str:
        drawn_by_rich.append(name)
        return rich_claims(*args)

    monkeypatch.setattr(terminal, "_rich_claims", spy)
    for name, text in AWKWARD.items():  # noqa: B007 (the spy reads it)
        render_claims(awkward_report(text), RenderOptions())
    assert set(drawn_by_rich) == {
        "cjk",
        "emoji",
        "tabs",
        "combining accents",
        "right to left",
        "unusual spaces",
        "control characters",
        "zero width",
    }


def test_extract_prints_the_claims_table_rich_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    """``claimcheck extract`` writes the table out piece by piece: the same text."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["extract", "seeds/", "--no-cache", "--quiet"])
    assert result.exit_code == 0, result.output
    reference = load_reference(ROOT / "claims.yaml")
    report = run(RunOptions(("seeds/",), reference=reference, judge=False, jobs=1))
    assert result.stdout == claims_through_rich(report, RenderOptions())
    assert "Founded in 2022" in result.stdout
