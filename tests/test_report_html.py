"""The HTML report: self-contained, escaped, claims highlighted and linked from findings."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from report_fixtures import CLAIMS, DAILY, make_report

from claimcheck.models import Claim, Report
from claimcheck.report import Format, RenderOptions, reporter_for
from claimcheck.report.html import place


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


def test_sentences_and_metadata_are_escaped() -> None:
    text = render()
    assert "Meta &amp; Midjourney: a &lt;licensing&gt; deal" in text
    assert "<licensing>" not in text
    c7 = CLAIMS[6]
    tagged = dataclasses.replace(
        c7,
        span=dataclasses.replace(
            c7.span, sentence="<b>Midjourney</b> has about 20 million users & more"
        ),
    )
    page = render(_with_claims(tagged))
    assert "&lt;b&gt;Midjourney&lt;/b&gt; has <mark" in page and "&amp; more" in page
    assert "<b>" not in page


class Sentences(HTMLParser):
    """Each article section's sentence items: their text and the claim ids marked in them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.articles: list[list[tuple[str, list[str]]]] = []
        self.item: tuple[list[str], list[str]] | None = None
        self.inside = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.articles.append([])
        if tag == "ul":
            self.inside = found.get("class") == "sentences"
        if tag == "li" and self.inside and not found.get("id"):
            self.item = ([], [])
        if tag == "mark" and self.item is not None:
            self.item[1].append(found.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.item is not None:
            self.articles[-1].append(("".join(self.item[0]), self.item[1]))
            self.item = None

    def handle_data(self, data: str) -> None:
        if self.item is not None:
            self.item[0].append(data)


def test_each_article_shows_its_claims_sentences_in_reading_order() -> None:
    sections = Sentences(render()).articles
    assert [[marks for _, marks in items] for items in sections] == [
        [["claim-C1"], ["claim-C2"], ["claim-C3"]],
        [["claim-C4", "claim-C5"], ["claim-C6"], ["claim-C7"]],
    ]
    text, _ = sections[1][0]
    assert text == (
        "line 3Meta's Chief AI Officer, Alexandr Wang, confirmed the news on Threads last Saturday."
    )


def test_the_page_needs_no_article_text() -> None:
    stripped = tuple(dataclasses.replace(a, text="", original="") for a in make_report().articles)
    report = dataclasses.replace(make_report(), articles=stripped)
    assert render(report) == render()


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
    assert set(page.marks) == {"claim-C9", "claim-C8"}  # reading order: C9's words come first
    assert page.open_marks == 0


def test_place_takes_the_first_occurrence_that_crosses_no_mark() -> None:
    sentence = "one two three two"
    assert place(sentence, "two", []) == (4, 7)
    assert place(sentence, "two", [(0, 7)]) == (4, 7)  # nested in a mark: fine
    assert place(sentence, "two", [(6, 9)]) == (14, 17)  # would cross: the next one
    assert place(sentence, "four", []) is None
    assert place(sentence, "", []) is None
