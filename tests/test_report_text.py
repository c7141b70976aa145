"""The formats people read: terminal, Markdown and GitHub workflow commands."""

from __future__ import annotations

import dataclasses
import re

import pytest
from report_fixtures import DAILY, FINDINGS, make_report

from claimcheck.models import Report, Verdict
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.github import escape_data, escape_property

ANSI = "\x1b["


def render(fmt: Format, report: Report | None = None, **options: object) -> str:
    return reporter_for(fmt).render(report or make_report(), RenderOptions(**options))  # type: ignore[arg-type]


# --- terminal ---------------------------------------------------------------------------


def test_terminal_plain_text_has_no_escape_codes_and_colour_has_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI not in render(Format.TERMINAL)
    monkeypatch.setenv("TERM", "xterm-256color")  # rich writes no styles to a dumb terminal
    assert ANSI in render(Format.TERMINAL, color=True)


def test_terminal_summary_comes_first() -> None:
    first = render(Format.TERMINAL).splitlines()[0]
    assert "2 articles, 7 claims: 1 conflict, 1 minor, 2 agreements, 1 unverified" in first
    text = " ".join(render(Format.TERMINAL).split())
    assert text.index("reference: claims.yaml") < text.index("Conflicts")
    assert "1 suppressed by baseline" in text
    assert "1 stale baseline entry" in text
    assert "1 skipped file" in text


def test_terminal_without_reference_says_so() -> None:
    text = render(Format.TERMINAL, dataclasses.replace(make_report(), reference_path=None))
    assert "no reference used — cross-checking articles only" in text


def test_terminal_sections_come_worst_first() -> None:
    text = render(Format.TERMINAL)
    order = ["Conflicts (1)", "Minor differences (1)", "Agreements (2)", "Unverified claims (1)"]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)


def test_terminal_shows_where_what_and_the_other_side() -> None:
    text = render(Format.TERMINAL, width=200)
    assert 'articles/techwire.md:7:1  "Founded in 2022"  → 2022' in text
    assert "claims.yaml:12  reference  → 2021" in text
    assert "note: Founded in August 2021 by David Holz" in text
    assert "source: https://aistoriz.com/midjourney-history" in text
    assert "$200 million (projected, according to Reuters)" in text
    assert 'articles/daily-ai.md:3:8  "Chief AI Officer, Alexandr Wang"  → Alexandr Wang' in text


def test_terminal_groups_each_section_by_subject() -> None:
    agreements = render(Format.TERMINAL).split("Agreements (2)")[1].split("Unverified")[0]
    lines = agreements.splitlines()
    assert "  Meta" in lines and "  Midjourney" in lines


def test_terminal_unverified_claims_are_one_line_each() -> None:
    text = render(Format.TERMINAL, width=200)
    unverified = text.split("Unverified claims (1)")[1].split("Stale baseline")[0]
    line = next(line for line in unverified.splitlines() if "daily-ai.md:5:16" in line)
    assert "single source" in line


def test_terminal_counts_but_does_not_list_suppressed_findings() -> None:
    text = render(Format.TERMINAL)
    assert "last Saturday" not in text
    assert "Saturday" not in text


def test_terminal_lists_problems_as_warnings_at_the_end() -> None:
    text = render(Format.TERMINAL).rstrip()
    assert text.endswith("articles/broken.txt:3: not valid UTF-8; decoded as cp1252")


def test_terminal_summarises_findings_outside_the_focus() -> None:
    text = render(Format.TERMINAL, dataclasses.replace(make_report(), focus=(DAILY,)))
    assert "Founded in 2022" not in text and "projected to hit" not in text
    assert "daily-ai.md:4:28" in text
    # a cross-article finding is in focus when any of its articles is
    assert "techwire.md:6:68" in text
    assert "2 findings outside the focus not listed (1 conflict, 1 agreement)" in text


def test_terminal_can_hide_agreements_and_unverified_claims() -> None:
    text = render(Format.TERMINAL, show_agreements=False, show_unverified=False)
    assert "Agreements (" not in text and "Chief AI Officer" not in text
    assert "2 agreements not listed" in text
    assert "1 unverified claim not listed" in text


def test_terminal_wraps_to_the_width_and_prints_brackets_literally() -> None:
    first = FINDINGS[0]
    odd = dataclasses.replace(first, message="[bold]not markup[/bold] " + "word " * 30)
    report = dataclasses.replace(make_report(), findings=(odd,))
    text = render(Format.TERMINAL, report, width=60)
    assert "[bold]not markup[/bold]" in text
    assert max(len(line) for line in text.splitlines()) <= 60


# --- markdown ---------------------------------------------------------------------------

CELL_SPLIT = re.compile(r"(?<!\\)\|")


def table_rows(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in CELL_SPLIT.split(line)[1:-1]])
    return rows


def test_markdown_heading_summary_and_problem_table() -> None:
    text = render(Format.MARKDOWN)
    assert text.startswith("## claimcheck report\n")
    assert "1 conflict, 1 minor, 2 agreements, 1 unverified" in text
    rows = table_rows(text, "| Verdict")
    assert rows[0] == [
        "Verdict",
        "Subject",
        "Attribute",
        "Claim",
        "Other side",
        "Location",
        "Reference note / source",
    ]
    assert len(rows) == 4  # header, separator, the conflict, the minor difference
    conflict = rows[2]
    assert conflict[0] == "**conflict**"
    assert "Founded in 2022" in conflict[3]
    assert conflict[4] == "2021 (reference)"
    assert conflict[5] == "articles/techwire.md:7"
    assert "[source](https://aistoriz.com/midjourney-history)" in conflict[6]
    assert rows[3][0] == "**minor**"


def test_markdown_agreements_table_then_unverified_count() -> None:
    text = render(Format.MARKDOWN)
    rows = table_rows(text, "| Subject")
    assert [row[0] for row in rows[2:]] == ["Meta", "Midjourney"]
    assert all(len(row) == 5 for row in rows)
    assert text.index("### Agreements") < text.index("**1 unverified claim**")
    assert "Saturday" not in text


def test_markdown_escapes_pipes_and_newlines_in_cells() -> None:
    first = FINDINGS[0]
    ref = dataclasses.replace(first.reference, note="one | two\nthree *four*")  # type: ignore[type-var]
    report = dataclasses.replace(
        make_report(), findings=(dataclasses.replace(first, reference=ref),)
    )
    rows = table_rows(render(Format.MARKDOWN, report), "| Verdict")
    assert len(rows[2]) == 7
    assert rows[2][6].startswith(r"one \| two<br>three \*four\*")


def test_markdown_cross_conflict_shows_both_articles() -> None:
    agree = FINDINGS[3]
    report = dataclasses.replace(
        make_report(), findings=(dataclasses.replace(agree, verdict=Verdict.CONFLICT),)
    )
    row = table_rows(render(Format.MARKDOWN, report), "| Verdict")[2]
    assert "Chief AI Officer Alexandr Wang" in row[3]
    assert "Chief AI Officer, Alexandr Wang" in row[4] and "daily-ai.md:3" in row[4]
    assert row[5] == "articles/techwire.md:6<br>articles/daily-ai.md:3"


# --- github -----------------------------------------------------------------------------

COMMAND = re.compile(r"^::(error|warning|notice) ([^:\n]*)::([^\n\r]*)$")


def properties(line: str) -> dict[str, str]:
    match = COMMAND.match(line)
    assert match, line
    return dict(pair.split("=", 1) for pair in match.group(2).split(","))


def test_github_lines_are_well_formed_commands() -> None:
    lines = render(Format.GITHUB).splitlines()
    assert [COMMAND.match(line).group(1) for line in lines] == ["error", "warning", "notice"]  # type: ignore[union-attr]
    error = properties(lines[0])
    assert error == {
        "file": "articles/techwire.md",
        "line": "7",
        "col": "1",
        "endLine": "7",
        "endColumn": "16",
        "title": "claimcheck%3A conflict — Midjourney founded",
    }
    assert "5%25" in lines[1] and "%0AReference: 21 seconds" in lines[1]
    assert "2 articles, 7 claims" in lines[2]


def test_github_annotates_every_claim_of_a_finding_but_not_suppressed_ones() -> None:
    agree = FINDINGS[3]
    conflict = dataclasses.replace(agree, verdict=Verdict.CONFLICT)
    report = dataclasses.replace(make_report(), findings=(conflict, FINDINGS[5]))
    errors = [
        line for line in render(Format.GITHUB, report).splitlines() if line.startswith("::error")
    ]
    assert [properties(line)["file"] for line in errors] == [
        "articles/techwire.md",
        "articles/daily-ai.md",
    ]


def test_github_escaping() -> None:
    assert escape_data("50% off\r\nnow: a, b") == "50%25 off%0D%0Anow: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
