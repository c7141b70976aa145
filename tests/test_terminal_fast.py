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
import os
import random
from collections.abc import Hashable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from report_fixtures import CLAIMS, DAILY, FINDINGS, make_report
from rich._wrap import divide_line
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

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
WIDTHS = (40, 80, 100, 120, 200)
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


@pytest.mark.parametrize("story", [*(story.name for story in STORIES), "seeds"])
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


def test_the_usual_line_never_reaches_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rich(*args: object) -> None:
        raise AssertionError("printed through rich")

    monkeypatch.setattr(terminal._Lines, "_rich", no_rich)
    for color in (False, True):
        text = TerminalReporter().render(make_report(), RenderOptions(color, 60))
        assert "Conflicts (1)" in text


def test_the_claims_table_is_what_rich_prints() -> None:
    """``render_claims`` (``claimcheck extract``) still prints its table through rich."""
    for report in (make_report(), awkward_report(AWKWARD["cjk"])):
        for options in (RenderOptions(False, 80), RenderOptions(True, 150)):
            buffer = StringIO()
            console = Console(
                file=buffer,
                force_terminal=options.color,
                no_color=not options.color,
                width=max(options.width, 120),
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
            expected = "\n".join(line.rstrip(" ") for line in lines) + "\n"
            assert render_claims(report, options) == expected, options
