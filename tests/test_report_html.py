"""The HTML report: self-contained, escaped, claims highlighted and linked from findings."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from report_fixtures import CLAIMS, DAILY, make_report

from claimcheck.models import Claim, Report
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.html import line_starts, locate


class Page(HTMLParser):
    """Collects what the tests look at: ids, links, marks, rows, scripts and stylesheets."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.marks: dict[str, str] = {}
        self.open_marks = 0
        self.rows: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.checkboxes: dict[str, bool] = {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and (found.get("href") or "").startswith("#"):
            self.links.append((found["href"] or "")[1:])
        if tag == "mark":
            self.marks[found.get("id") or ""] = found.get("class") or ""
            self.open_marks += 1
        if tag == "tr" and found.get("class") == "finding":
            self.rows.append(found)
        if tag == "input" and found.get("data-filter"):
            self.checkboxes[found["data-filter"] or ""] = "checked" in found
        for name in ("src", "href"):
            if tag in ("script", "link", "img", "iframe") and found.get(name):
                self.external.append(f"{tag} {name}={found[name]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self.open_marks -= 1


def render(report: Report | None = None, **options: object) -> str:
    return reporter_for(Format.HTML).render(report or make_report(), RenderOptions(**options))  # type: ignore[arg-type]


def test_page_is_self_contained() -> None:
    text = render()
    page = Page(text)
    assert page.external == []
    assert "<script src" not in text and "<link href=http" not in text
    assert "<style>" in text and "<script>" in text


def test_every_claim_is_marked_with_the_worst_verdict() -> None:
    page = Page(render())
    assert page.marks == {
        "claim-C1": "agree",
        "claim-C2": "conflict",
        "claim-C3": "agree",
        "claim-C4": "agree",
        "claim-C5": "suppressed",
        "claim-C6": "minor",
        "claim-C7": "unverified",
    }
    assert page.open_marks == 0


def test_finding_links_point_at_existing_claim_ids() -> None:
    page = Page(render())
    assert set(page.links) == {f"claim-{claim.id}" for claim in CLAIMS}
    assert set(page.links) <= page.ids


def test_findings_table_has_a_row_per_finding_and_filters() -> None:
    page = Page(render())
    assert [row["data-verdict"] for row in page.rows] == [
        "conflict",
        "minor",
        "agree",
        "agree",
        "unverified",
        "suppressed",
    ]
    assert page.checkboxes == {
        "conflict": True,
        "minor": True,
        "agree": True,
        "unverified": True,
        "suppressed": False,
        "outside": False,
    }
    assert [row["data-verdict"] for row in page.rows if "hidden" in row] == ["suppressed"]
    assert "filter-text" in page.ids


def test_options_set_the_initial_filters() -> None:
    page = Page(render(show_agreements=False))
    assert page.checkboxes["agree"] is False
    assert all("hidden" in row for row in page.rows if row["data-verdict"] == "agree")
    focused = Page(render(dataclasses.replace(make_report(), focus=(DAILY,))))
    assert [row["data-focus"] for row in focused.rows] == ["0", "1", "0", "1", "1", "1"]
    assert [row["data-focus"] for row in focused.rows if "hidden" in row] == ["0", "0", "1"]


def test_article_text_and_metadata_are_escaped() -> None:
    text = render()
    assert "Meta &amp; Midjourney: a &lt;licensing&gt; deal" in text
    assert "<licensing>" not in text


def _with_claims(*claims: Claim) -> Report:
    return dataclasses.replace(make_report(), claims=claims, findings=())


def test_a_claim_that_cannot_be_located_is_still_listed_with_its_id() -> None:
    lost = dataclasses.replace(
        CLAIMS[0], span=dataclasses.replace(CLAIMS[0].span, quote="words not in the article")
    )
    page = Page(render(_with_claims(lost, CLAIMS[1])))
    assert "claim-C1" in page.ids and "claim-C1" not in page.marks
    assert page.marks == {"claim-C2": "none"}


def test_crossing_spans_keep_the_page_well_formed() -> None:
    c3 = CLAIMS[2]  # "projected to hit $200 million in revenue"
    words = dataclasses.replace(
        c3.span, column=c3.span.column - 16, quote="the company was projected"
    )
    crossing = dataclasses.replace(c3, id="C9", span=words)
    nested = dataclasses.replace(c3, id="C8", span=dataclasses.replace(c3.span, quote="projected"))
    page = Page(render(_with_claims(c3, crossing, nested)))
    assert {"claim-C3", "claim-C8", "claim-C9"} <= page.ids
    assert set(page.marks) == {"claim-C3", "claim-C8"}
    assert page.open_marks == 0


def test_locate_uses_line_and_column_then_falls_back_to_the_quote() -> None:
    text = "one two\nthree two\n"
    starts = line_starts(text)
    span = CLAIMS[0].span
    assert locate(text, starts, dataclasses.replace(span, line=2, column=7, quote="two")) == (
        14,
        17,
    )
    assert locate(text, starts, dataclasses.replace(span, line=2, column=1, quote="two")) == (
        14,
        17,
    )
    assert locate(text, starts, dataclasses.replace(span, line=9, column=1, quote="two")) == (4, 7)
    assert locate(text, starts, dataclasses.replace(span, line=1, column=1, quote="four")) is None
