"""The HTML report: one self-contained page (inline CSS and JS, no network, no assets).

It holds the summary, a findings table that can be filtered by verdict and by text,
and, article by article, the sentences claims were read from, each claim's words
highlighted in the colour of the worst verdict of any finding using that claim
(``<mark class="conflict" id="claim-C3">``). Each finding links to its claims'
highlights. Only the claims' sentences are shown, not whole articles: the pipeline
does not keep article text once the claims are extracted. Everything from the report
is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from html import escape
from itertools import chain

from claimcheck.models import Article, Claim, Finding, Report, Verdict
from claimcheck.report.interface import TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import (
    SECTION_ORDER,
    Entry,
    entries,
    extras,
    first_source,
    headline,
    location,
    per_claim,
    reference_phrase,
    reference_where,
    topic,
    value_phrase,
    worst_verdicts,
)

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em;
  color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
ul.sentences { list-style: none; padding: 0; }
ul.sentences li { background: #fafafa; border-left: 3px solid #ddd; margin: .4em 0;
  padding: .3em .6em; }
ul.sentences .where { color: #666; font-size: 85%; margin-right: .5em; }
.meta, .note, .quiet { color: #666; }
.filters label { margin-right: 1em; }
mark { border-radius: 2px; padding: 0 1px; }
mark:target, li:target { outline: 2px solid #333; }
.conflict { background: #f9c0c0; } .minor { background: #fce8a6; }
.agree { background: #c9ecc9; } .unverified { background: #e6e6e6; }
.suppressed, .none { background: #e6ecf5; }
td.conflict, td.minor, td.agree, td.unverified, td.suppressed { font-weight: bold; }
"""

_SCRIPT = """
(function () {
  var boxes = document.querySelectorAll("input[data-filter]");
  var text = document.getElementById("filter-text");
  function apply() {
    var on = {};
    boxes.forEach(function (box) { on[box.dataset.filter] = box.checked; });
    var query = text.value.toLowerCase();
    document.querySelectorAll("tr.finding").forEach(function (row) {
      var shown = on[row.dataset.verdict] && (row.dataset.focus === "1" || on.outside) &&
        row.textContent.toLowerCase().indexOf(query) >= 0;
      row.hidden = !shown;
    });
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  apply();
})();
"""


class HtmlReporter(Reporter):
    """Renders the report as one standalone HTML page."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The whole page as HTML text."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The page, the findings table a row at a time (a large page is not held whole)."""
        items = entries(report)
        known = {claim.id for claim in report.claims}
        shown = _initial_filters(options)
        yield _HEAD + f"<h1>{TOOL_NAME} report</h1>"
        for part in (_summary(report, items), _filters(shown)):
            yield "\n" + part
        yield from _findings_table(items, known, shown)
        for part in chain(_articles(report, items), [_problems(report)]):
            if part:
                yield "\n" + part
        yield f"\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"


_HEAD = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    f"<title>{TOOL_NAME} report</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
)


def _initial_filters(options: RenderOptions) -> dict[str, bool]:
    return {
        Verdict.CONFLICT.value: True,
        Verdict.MINOR.value: True,
        Verdict.AGREE.value: options.show_agreements,
        Verdict.UNVERIFIED.value: options.show_unverified,
        "suppressed": False,
        "outside": False,
    }


def _summary(report: Report, items: tuple[Entry, ...]) -> str:
    remarks = " · ".join([reference_phrase(report), *extras(report, items)])
    return (
        f'<p class="summary"><strong>{escape(headline(report, items))}</strong><br>'
        f'<span class="meta">{escape(remarks)}</span></p>'
    )


def _filters(shown: dict[str, bool]) -> str:
    labels = {
        **{v.value: v.value for v in SECTION_ORDER},
        "suppressed": "suppressed by baseline",
        "outside": "outside focus",
    }
    boxes = [
        f'<label><input type="checkbox" data-filter="{key}"{" checked" if shown[key] else ""}> '
        f"{escape(label)}</label>"
        for key, label in labels.items()
    ]
    search = '<label>Filter <input type="search" id="filter-text" placeholder="text"></label>'
    return f'<h2>Findings</h2>\n<p class="filters">{"".join(boxes)}{search}</p>'


def _findings_table(
    items: Iterable[Entry], known: set[str], shown: dict[str, bool]
) -> Iterator[str]:
    """The table's text (after a newline), a row at a time."""
    header = "".join(
        f"<th>{name}</th>"
        for name in ("ID", "Verdict", "Subject", "Attribute", "Claims", "Reference", "Message")
    )
    yield f'\n<table id="findings">\n<tr>{header}</tr>'
    claim_part = per_claim(lambda claim: _claim_part(claim, known))
    for entry in items:
        yield "\n" + _finding_row(entry, claim_part, shown)
    yield "\n</table>"


def _finding_row(entry: Entry, claim_part: ClaimPart, shown: dict[str, bool]) -> str:
    finding = entry.finding
    group = "suppressed" if finding.suppressed is not None else finding.verdict.value
    visible = shown[group] and (entry.in_focus or shown["outside"])
    cells = [
        escape(entry.id),
        _verdict_text(finding),
        escape(finding.subject),
        escape(topic(finding)),
        "<br>".join(map(claim_part, entry.claims)),
        _reference_cell(finding),
        escape(finding.message),
    ]
    tds = "".join(
        f'<td class="{finding.verdict.value}">{c}</td>' if i == 1 else f"<td>{c}</td>"
        for i, c in enumerate(cells)
    )
    attributes = f'class="finding" data-verdict="{group}" data-focus="{int(entry.in_focus)}"'
    return f"<tr {attributes}{'' if visible else ' hidden'}>{tds}</tr>"


def _verdict_text(finding: Finding) -> str:
    text = escape(finding.verdict.value)
    if finding.suppressed is not None:
        text += f'<br><span class="note">suppressed: {escape(finding.suppressed)}</span>'
    return text


ClaimPart = Callable[[Claim], str]
"""A claim's part of a findings-table cell."""


def _claim_part(claim: Claim, known: set[str]) -> str:
    """Where the claim stands (a link to its highlight), its value and its words."""
    where = escape(location(claim))
    link = f'<a href="#{_anchor(claim.id)}">{where}</a>' if claim.id in known else where
    return f"{link} {escape(value_phrase(claim))} <q>{escape(claim.span.quote)}</q>"


def _reference_cell(finding: Finding) -> str:
    ref = finding.reference
    if ref is None:
        return ""
    parts = [
        f"<strong>{escape(ref.value_text)}</strong>",
        f'<span class="meta">{escape(reference_where(ref))}</span>',
    ]
    if ref.note:
        parts.append(f'<span class="note">{escape(ref.note)}</span>')
    if first_source(ref):
        parts.append(_external_link(first_source(ref)))
    return "<br>".join(parts)


def _external_link(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        return escape(url)
    return f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(url)}</a>'


def _anchor(claim_id: str) -> str:
    return "claim-" + "".join(c if c.isalnum() or c in "-_." else "_" for c in claim_id)


def _articles(report: Report, items: tuple[Entry, ...]) -> Iterator[str]:
    """The articles' sections, one at a time."""
    classes = _claim_classes(report, items)
    by_article: dict[str, list[Claim]] = {}
    for claim in report.claims:
        by_article.setdefault(claim.article, []).append(claim)
    yield "<h2>Articles</h2>"
    for number, article in enumerate(report.articles, start=1):
        claims = by_article.pop(article.path, [])
        yield _article_section(number, article, claims, classes)
    leftover = [claim for claims in by_article.values() for claim in claims]
    if leftover:
        yield "<h2>Claims from articles not shown</h2>" + _claim_list(leftover, classes)


def _claim_classes(report: Report, items: tuple[Entry, ...]) -> dict[str, str]:
    worst = worst_verdicts(items)
    suppressed = {
        cid for e in items if e.finding.suppressed is not None for cid in e.finding.claims
    }
    return {
        claim.id: worst[claim.id].value
        if claim.id in worst
        else ("suppressed" if claim.id in suppressed else "none")
        for claim in report.claims
    }


def _article_section(
    number: int, article: Article, claims: list[Claim], classes: dict[str, str]
) -> str:
    parts = [
        f'<section class="article" id="article-{number}">',
        f"<h3>{escape(article.title or article.path)}</h3>",
        _article_meta(article),
        _sentences(claims, classes) if claims else '<p class="quiet">No claims found.</p>',
    ]
    return "\n".join([*parts, "</section>"])


def _article_meta(article: Article) -> str:
    bits = [escape(bit) for bit in (article.path, article.outlet, article.published) if bit]
    if article.url:
        bits.append(_external_link(article.url))
    return f'<p class="meta">{" · ".join(bits)}</p>'


def _claim_list(claims: list[Claim], classes: dict[str, str]) -> str:
    return "<ul>" + "".join(_claim_item(c, classes) for c in claims) + "</ul>"


def _claim_item(claim: Claim, classes: dict[str, str]) -> str:
    return (
        f'<li id="{_anchor(claim.id)}" class="{classes[claim.id]}">{escape(location(claim))} '
        f"{escape(value_phrase(claim))} <q>{escape(claim.span.quote)}</q></li>"
    )


def _sentences(claims: list[Claim], classes: dict[str, str]) -> str:
    """The sentences the claims come from, in reading order, their words marked."""
    groups: dict[str, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.span.line, c.span.column)):
        groups.setdefault(claim.span.sentence or claim.span.quote, []).append(claim)
    items = []
    for sentence, members in groups.items():
        text, missing = highlight(sentence, members, classes)
        first = members[0].span
        where = f'<span class="where">line {first.line}</span>'
        items.append(f"<li>{where}{text}</li>")
        items.extend(_claim_item(claim, classes) for claim in missing)
    return '<ul class="sentences">' + "\n".join(items) + "</ul>"


def highlight(
    sentence: str, claims: list[Claim], classes: dict[str, str]
) -> tuple[str, list[Claim]]:
    """``sentence`` escaped with a ``<mark>`` around each claim's words, and the claims
    whose words could not be marked.

    Each claim's quote is marked where it first stands in the sentence without crossing
    (rather than nesting in) a mark already placed, so the page stays well-formed.
    """
    placed: list[tuple[int, int, Claim]] = []
    missing: list[Claim] = []
    for claim in claims:
        where = place(sentence, claim.span.quote, [(s, e) for s, e, _ in placed])
        if where is None:
            missing.append(claim)
        else:
            placed.append((*where, claim))
    return _weave(sentence, placed, classes), missing


def place(sentence: str, quote: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Character range of the first occurrence of ``quote`` in ``sentence`` that crosses
    no range in ``taken``; None when there is none."""
    if not quote:
        return None
    found = sentence.find(quote)
    while found >= 0:
        where = (found, found + len(quote))
        if not any(_cross(where, other) for other in taken):
            return where
        found = sentence.find(quote, found + 1)
    return None


def _cross(a: tuple[int, int], b: tuple[int, int]) -> bool:
    overlap = a[0] < b[1] and b[0] < a[1]
    nested = (a[0] <= b[0] and b[1] <= a[1]) or (b[0] <= a[0] and a[1] <= b[1])
    return overlap and not nested


def _weave(text: str, placed: list[tuple[int, int, Claim]], classes: dict[str, str]) -> str:
    opens = sorted(placed, key=lambda spot: (spot[0], -spot[1]))
    boundaries = sorted({spot[0] for spot in placed} | {spot[1] for spot in placed})
    out: list[str] = []
    stack: list[int] = []
    cursor = index = 0
    for position in boundaries:
        out.append(escape(text[cursor:position]))
        cursor = position
        while stack and stack[-1] == position:
            out.append("</mark>")
            stack.pop()
        while index < len(opens) and opens[index][0] == position:
            out.append(_mark(opens[index][2], classes))
            stack.append(opens[index][1])
            index += 1
    out.append(escape(text[cursor:]))
    return "".join(out)


def _mark(claim: Claim, classes: dict[str, str]) -> str:
    title = f"{claim.id} · {claim.subject} {claim.attribute}: {value_phrase(claim)}"
    css = classes.get(claim.id, "none")
    return f'<mark class="{css}" id="{_anchor(claim.id)}" title="{escape(title)}">'


def _problems(report: Report) -> str:
    if not report.problems:
        return ""
    items = "".join(
        f"<li>{escape(p.path)}{f':{p.line}' if p.line else ''}: {escape(p.message)}</li>"
        for p in report.problems
    )
    return f"<h2>Warnings</h2>\n<ul>{items}</ul>"
