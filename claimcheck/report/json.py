"""The JSON report: every article, claim and finding, in the versioned schema.

The schema is documented field by field in ``docs/report-schema.md``; ``version``
says which revision a consumer is reading. Output is deterministic for a given Report.
"""

from __future__ import annotations

import gc
import io
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from json.encoder import encode_basestring
from typing import IO, Any

from claimcheck import __version__
from claimcheck.forking import Forked, can_fork
from claimcheck.models import (
    Article,
    Claim,
    Problem,
    ReferenceClaim,
    Report,
    Tolerance,
    Value,
    Verdict,
)
from claimcheck.report.interface import SCHEMA_VERSION, TOOL_NAME, RenderOptions, Reporter
from claimcheck.report.view import Entry, Tally, each_entry


class JsonReporter(Reporter):
    """Renders the whole Report as one JSON document (``claimcheck-report`` schema)."""

    def render(self, report: Report, options: RenderOptions) -> str:
        """The report as JSON text (see :meth:`pieces`)."""
        return "".join(self.pieces(report, options))

    def pieces(self, report: Report, options: RenderOptions) -> Iterator[str]:
        """The report as JSON text, non-ASCII kept as is: one top-level field per line and
        one article, claim or finding per line (readable, grep-friendly, and written by the
        fast C encoder, which indented output would bypass), record by record.

        With ``options.processes`` above 1 and many findings, a forked copy of this process
        writes the findings meanwhile (see :func:`_findings_apart`); the text is the same.
        """
        tally = Tally()
        document = report_document(report, tally)
        if options.processes > 1 and len(report.findings) >= PARALLEL_FINDINGS and can_fork():
            document["findings"] = _findings_apart(document["findings"], tally)
        return dump_document(document)


def _record_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for one record, made once: ``json``'s C
    encoder, built as ``JSONEncoder.iterencode`` builds it on every call (a quarter of the
    time of a small record). Where the C encoder is missing or is built differently, the
    public encoder, which writes the same text."""
    base = json.JSONEncoder(ensure_ascii=False)
    maker: Any = getattr(json.encoder, "c_make_encoder", None)
    try:
        chunks = maker(
            None,  # no check for cycles: records are trees
            base.default,
            encode_basestring,
            None,  # no indent
            base.key_separator,
            base.item_separator,
            base.sort_keys,
            base.skipkeys,
            base.allow_nan,
        )

        def encode(value: Any) -> str:
            return "".join(chunks(value, 0))

        sample = {"a": [1, 2.5, None, True, "é\n\u2028"], "b": {"c": -0.0, "d": 1e300}}
        if encode(sample) == base.encode(sample):
            return encode
    except Exception:  # any surprise: the public encoder
        pass
    return base.encode


_encode = _record_encoder()
"""``json.dumps(value, ensure_ascii=False)``, without making an encoder for every record."""


def dump_document(document: Mapping[str, Any]) -> Iterator[str]:
    """JSON with each top-level field on its own line and each list item on its own line.

    A field whose value is an iterator is read item by item as it is written, and one that
    is a function is called when its turn comes, so a large report is never held whole.
    """
    separator = "{\n"
    for key, value in document.items():
        yield f"{separator}  {json.dumps(key)}: "
        yield from _dump_value(value() if callable(value) else value)
        separator = ",\n"
    yield "\n}\n"


class Verbatim:
    """A field's JSON text, already written: ``dump_document`` copies its pieces."""

    def __init__(self, pieces: Iterator[str]) -> None:
        self.pieces = pieces


def _dump_value(value: Any) -> Iterator[str]:
    if isinstance(value, Verbatim):
        yield from value.pieces
        return
    if not isinstance(value, list | Iterator):
        yield _encode(value)
        return
    written = False
    for item in value:
        yield (",\n    " if written else "[\n    ") + _encode(item)
        written = True
    yield "\n  ]" if written else "[]"


def report_document(report: Report, tally: Tally | None = None) -> dict[str, Any]:
    """The report as JSON-ready data, in schema order; the articles, claims and findings
    are iterators and the summary a function (see :func:`dump_document`), which counts
    the findings into ``tally`` as they are written."""
    tally = Tally() if tally is None else tally
    return {
        "schema": "claimcheck-report",
        "version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": __version__},
        "reference": report.reference_path,
        "focus": list(report.focus),
        "articles": map(_article, report.articles),
        "claims": map(_claim, report.claims),
        "findings": (_finding(tally.add(entry)) for entry in each_entry(report, False)),
        "problems": [_problem(problem) for problem in report.problems],
        "stale_baseline": list(report.stale_baseline),
        "summary": lambda: tally.counts(report),
    }


def _article(article: Article) -> dict[str, Any]:
    return {
        "path": article.path,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "language": article.language,
    }


def _claim(claim: Claim) -> dict[str, Any]:
    span = claim.span
    return {
        "id": claim.id,
        "article": claim.article,
        "path": span.path,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "quote": span.quote,
        "sentence": span.sentence,
        "subject": claim.subject,
        "subject_text": claim.subject_text,
        "attribute": claim.attribute,
        "object": claim.object,
        "value": _value(claim.value),
        "qualifier": claim.qualifier,
        "modality": claim.modality,
        "claimant": claim.claimant,
        "period": claim.period,
    }


def _value(value: Value) -> dict[str, Any]:
    return {
        "kind": value.kind.value,
        "text": value.text,
        "amount": value.amount,
        "unit": value.unit,
        "low": value.low,
        "high": value.high,
        "low_open": value.low_open,
        "high_open": value.high_open,
        "per": value.per,
    }


def _finding(entry: Entry) -> dict[str, Any]:
    finding = entry.finding
    return {
        "id": entry.id,
        "kind": finding.kind.value,
        "verdict": finding.verdict.value,
        "subject": finding.subject,
        "attribute": finding.attribute,
        "object": finding.object,
        "period": finding.period,
        "claims": list(finding.claims),
        "reference": _reference(finding.reference) if finding.reference else None,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
        "suppressed": finding.suppressed,
        "in_focus": entry.in_focus,
    }


def _reference(reference: ReferenceClaim) -> dict[str, Any]:
    return {
        "id": reference.id,
        "value": reference.value_text,
        "note": reference.note,
        "sources": list(reference.sources),
        "tolerance": _tolerance(reference.tolerance),
        "path": reference.path,
        "line": reference.line,
    }


def _tolerance(tolerance: Tolerance | None) -> dict[str, Any] | None:
    if tolerance is None:
        return None
    return {"relative": tolerance.relative, "absolute": tolerance.absolute, "text": tolerance.text}


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "message": problem.message}


PARALLEL_FINDINGS = 10_000
"""From this many findings (and ``RenderOptions.processes`` above 1) a forked process
writes them while this one writes the articles and claims: each is about half the text."""

SPOOL_BLOCK = 1 << 20
"""Characters read back at a time from the findings a forked process wrote."""

TallyCounts = tuple[Counter[Verdict], int, int]


def _findings_apart(
    findings: Iterator[dict[str, Any]], tally: Tally
) -> Verbatim | Iterator[dict[str, Any]]:
    """The findings field, written by a forked copy of this process into an anonymous
    temporary file while this process writes the fields before it, then read back. The
    copy sends its counts for the summary; if it fails, or no temporary file can be made,
    this process writes the findings itself, so the text never depends on it."""
    try:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by _read_back
    except OSError:  # no writable temporary folder: write them here
        return findings

    def write(_share: int) -> TallyCounts:
        gc.disable()  # a collection would touch, and so copy, every object of the parent
        with open(spool.fileno(), "w", encoding="utf-8", newline="", closefd=False) as out:
            out.writelines(_dump_value(findings))
        return tally.verdicts, tally.suppressed, tally.out_of_focus

    return Verbatim(_read_back(Forked(2, write), spool, findings, tally))


def _read_back(
    forked: Forked[TallyCounts], spool: IO[bytes], findings: Iterator[Any], tally: Tally
) -> Iterator[str]:
    with forked, spool:
        counts = forked.result(1)
        if counts is None:  # no copy wrote them
            yield from _dump_value(findings)
            return
        tally.verdicts, tally.suppressed, tally.out_of_focus = counts
        spool.seek(0)
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        while block := text.read(SPOOL_BLOCK):
            yield block
