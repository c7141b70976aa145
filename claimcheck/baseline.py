"""The baseline: known discrepancies a team has accepted, so that they no longer fail a check.

``claimcheck check PATHS --write-baseline`` writes one entry per conflict or minor
difference (agreements never fail, so they are left out); each entry is matched to a
finding by its fingerprint, which compare builds from the article's path, the subject,
attribute, object, period and the values stated, never from line numbers. Reading a
baseline marks the findings it matches as suppressed (with the entry's reason) and lists
entries that match no finding any more as stale. A broken file is an error naming its line::

    version: 1
    findings:
      - fingerprint: c913dd7514d79f84
        kind: reference
        ...
        reason: the 2022 public-beta date; kept as a known discrepancy
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.emitter import Emitter
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from claimcheck import yamlparse
from claimcheck.errors import ClaimcheckError
from claimcheck.models import Claim, Finding, FindingKind, Report, Verdict

DEFAULT_BASELINE = ".claimcheck-baseline.yaml"
"""Read automatically from the folder claimcheck runs in when it exists."""

VERSION = "1"
BASELINED = (Verdict.CONFLICT, Verdict.MINOR)
"""Verdicts a baseline records and suppresses; agreements and unverified claims never fail."""

NO_REASON = "in baseline"
"""The suppression shown for an entry whose ``reason`` is still empty."""

SETTLED = (
    "settled by the reference: each article's claim agrees with it,"
    " or differs from it as the baseline accepts"
)
"""Why a cross-article difference the reference explains does not count (see settle)."""

ENTRY_KEYS = (
    "fingerprint", "kind", "verdict", "subject", "attribute", "object", "period", "message",
    "claims", "reason",
)  # fmt: skip
_FINGERPRINT = re.compile(r"[0-9a-f]{8,64}")

HEADER = """\
# claimcheck baseline: discrepancies the team has seen and accepted.
#
# Written by `claimcheck check PATHS --write-baseline` and read automatically from
# .claimcheck-baseline.yaml in the folder claimcheck runs in (or --baseline FILE).
# A finding listed here is reported as suppressed and never fails the check.
#
# One entry per conflict or minor difference; agreements never fail, so they are not
# listed. An entry matches a finding by its fingerprint, built from the article's path,
# the subject, attribute, object, period and the values stated (never line numbers), so
# edits elsewhere in an article and moved lines keep it matched. The other fields are
# for people to read. Fill in `reason` to say why the finding is accepted. Entries that
# match no finding any more are reported as stale: delete them, or write the file again
# (reasons are kept for the entries that still match).
"""


class BaselineError(ClaimcheckError):
    """The baseline file is unreadable or invalid."""


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One accepted finding: its fingerprint, why it is accepted, and where it is written."""

    fingerprint: str
    reason: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Baseline:
    """A parsed baseline file."""

    path: str
    entries: tuple[BaselineEntry, ...] = ()

    def reasons(self) -> dict[str, str]:
        """The reason of every entry, by fingerprint."""
        return {entry.fingerprint: entry.reason for entry in self.entries}


# --- applying ---------------------------------------------------------------------------


def apply_baseline(
    findings: Sequence[Finding], baseline: Baseline
) -> tuple[tuple[Finding, ...], tuple[str, ...]]:
    """Findings with those the baseline lists suppressed, and the entries nothing matched.

    Only conflicts and minor differences are suppressed; an entry whose finding now
    agrees is stale, since the discrepancy it accepted is gone.
    """
    reasons = baseline.reasons()
    matched: set[str] = set()
    result = []
    for finding in findings:
        if finding.verdict in BASELINED and finding.fingerprint in reasons:
            matched.add(finding.fingerprint)
            if finding.suppressed is None:
                finding = replace(finding, suppressed=reasons[finding.fingerprint] or NO_REASON)
        result.append(finding)
    stale = tuple(e.fingerprint for e in baseline.entries if e.fingerprint not in matched)
    return tuple(result), stale


def settle_by_reference(
    findings: Sequence[Finding], claims: Sequence[Claim], focus: Sequence[str] = ()
) -> tuple[Finding, ...]:
    """Suppress cross-article differences that the reference and the baseline explain.

    A cross-article difference is settled when every claim in it (every claim from a
    focused article, under a focus) agrees with the reference, or differs from it as the
    baseline accepts: a new article that agrees with the record differs from an old,
    accepted one that does not, and that is no new discrepancy.
    """
    article = {claim.id: claim.article for claim in claims}
    focused = frozenset(focus)
    settled = {
        finding.claims[0]
        for finding in findings
        if finding.kind is FindingKind.REFERENCE
        and finding.claims
        and (finding.verdict in (Verdict.AGREE, Verdict.MINOR) or finding.suppressed is not None)
    }

    def explained(finding: Finding) -> bool:
        shown = [c for c in finding.claims if not focused or article.get(c) in focused]
        open_cross = finding.kind is FindingKind.CROSS and finding.suppressed is None
        return open_cross and finding.verdict in BASELINED and bool(shown) and settled >= {*shown}

    return tuple(replace(f, suppressed=SETTLED) if explained(f) else f for f in findings)


# --- writing ----------------------------------------------------------------------------


def render_baseline(report: Report, reasons: Mapping[str, str] | None = None) -> str:
    """The baseline file for every conflict and minor difference of ``report``.

    ``reasons`` (by fingerprint) are carried over from an earlier baseline. Entries come
    in a stable order: subject, attribute, object, period, kind, fingerprint.
    """
    return "".join(baseline_pieces(report, reasons))


def baseline_pieces(report: Report, reasons: Mapping[str, str] | None = None) -> Iterator[str]:
    """The text of :func:`render_baseline` an entry at a time (a large corpus's baseline
    is tens of MB, never held whole)."""
    claims = {claim.id: claim for claim in report.claims}
    chosen = {f.fingerprint: f for f in report.findings if baselined(f)}
    ordered = sorted(chosen.values(), key=_entry_order)
    yield f"{HEADER}version: {VERSION}\n"
    if not ordered:
        yield "findings: []\n"
        return
    yield "findings:\n"
    for finding in ordered:
        yield _entry(finding, claims, (reasons or {}).get(finding.fingerprint, ""))


def baselined(finding: Finding) -> bool:
    """Whether a baseline records the finding: a conflict or minor difference not settled."""
    return finding.verdict in BASELINED and finding.suppressed != SETTLED


def _entry_order(finding: Finding) -> tuple[str, ...]:
    return (
        finding.subject.casefold(),
        finding.attribute,
        finding.object,
        finding.period,
        str(finding.kind),
        finding.fingerprint,
    )


def _entry(finding: Finding, claims: Mapping[str, Claim], reason: str) -> str:
    fields = {
        "fingerprint": finding.fingerprint,
        "kind": str(finding.kind),
        "verdict": str(finding.verdict),
        "subject": finding.subject,
        "attribute": finding.attribute,
        "object": finding.object,
        "period": finding.period,
        "message": finding.message,
    }
    lines = [f"{key}: {scalar(value)}" for key, value in fields.items()]
    lines.append("claims:")
    for claim in (claims[cid] for cid in finding.claims if cid in claims):
        lines.append(f"  - path: {scalar(claim.span.path)}")
        lines.append(f"    value: {scalar(claim.value.text)}")
    lines.append(f"reason: {scalar(reason)}" if reason else "reason:")
    return "  - " + "\n    ".join(lines) + "\n"


@lru_cache(maxsize=1 << 16)
def scalar(text: str) -> str:
    """``text`` as a one-line YAML scalar, quoted only when it has to be: as PyYAML's
    ``safe_dump`` writes it (see :func:`_dumped`), which writes most values plain. That it
    writes plain is decided here with PyYAML's own two tests, without dumping: a baseline
    of 50,000 entries has a million values, and ``safe_dump`` takes 0.1 ms for each."""
    if not text:
        return "''"
    if _PLAIN_TAGS.resolve(ScalarNode, text, (True, False)) != _STR_TAG:
        return _dumped(text)
    if _SIMPLE.fullmatch(text) and not text.endswith(" "):
        return text  # what ``analyze_scalar`` allows plain, without its loop over each character
    return text if _ANALYSER.analyze_scalar(text).allow_block_plain else _dumped(text)


@lru_cache(maxsize=1 << 14)
def _dumped(text: str) -> str:
    """``text`` as ``yaml.safe_dump`` writes a one-line scalar (many values recur)."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return str(dumped).removesuffix("\n...\n").rstrip("\n")


_SIMPLE = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,_/()%$+=-]*")
"""Text PyYAML's emitter may always write plain in a block (when it does not end in a
space): no indicator first, no ``: `` or `` #`` inside, no line break or special character."""
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = Resolver()
"""What ``safe_dump`` asks (its resolver): would the text, written plain, read back as a
string rather than a number, a date, a boolean or null?"""
_ANALYSER = Emitter(io.StringIO(), allow_unicode=True)
"""What ``safe_dump`` asks next (its emitter's ``analyze_scalar``, which reads no other
state than ``allow_unicode``): may the text stand plain in a block?"""


# --- reading ----------------------------------------------------------------------------


def read_baseline(path: Path | str) -> Baseline:
    """Parse a baseline file; raises BaselineError naming the file and line of a problem.

    A file laid out as claimcheck writes it is read by a pattern (:func:`_read_written`);
    any other, and any file with a problem, is read as YAML (:func:`_read_yaml`), which
    decides what it holds and words the errors. Both read the same entries from a file
    they both read.
    """
    shown = str(path)
    text = _read(Path(path), shown)
    written = _read_written(text)
    if written is not None:
        return Baseline(shown, _unique(written, shown))
    return _read_yaml(text, shown)


def _read_yaml(text: str, shown: str) -> Baseline:
    """The baseline ``text`` read as YAML."""
    root = _compose(text, shown)
    fields = _mapping(root, shown, "the baseline", ("version", "findings"))
    version = fields.get("version")
    if version is None or _text(version, shown, "version") != VERSION:
        raise BaselineError(shown, f"'version: {VERSION}' is required", _line(version or root))
    items = fields.get("findings")
    if items is None or _is_null(items):
        return Baseline(shown)
    if not isinstance(items, SequenceNode):
        raise BaselineError(shown, "'findings' must be a list of entries", _line(items))
    return Baseline(shown, _unique([_read_entry(node, shown) for node in items.value], shown))


def _read_written(text: str) -> list[BaselineEntry] | None:
    """The entries of a baseline laid out as ``render_baseline`` writes it, read with one
    pattern per entry: YAML reads 50,000 entries in a minute and 2 GB, this in 2 s. The
    keys come in the order written (any but ``fingerprint`` may be left out), each value
    on its line, plain or quoted, perhaps with a comment after it, and comment or blank
    lines may stand anywhere. None for a file laid out otherwise, or holding what YAML
    would read otherwise (a tab, another line break), or a problem."""
    if _NOT_LINES.search(text) if text.isascii() else _NOT_LINES_UNICODE.search(text):
        return None
    text = text if text.endswith("\n") else text + "\n"
    head = _HEAD.match(text)
    if head is None:
        return None
    entries: list[BaselineEntry] = []
    pos = counted = head.end()
    line = text.count("\n", 0, pos) + 1
    while match := _ENTRY.match(text, pos):
        at = match.start("fingerprint")
        line += text.count("\n", counted, at)
        counted, pos = at, match.end()
        reason = _value(match["reason"] or "")
        if reason is None:
            return None
        entries.append(BaselineEntry(match["fingerprint"], reason.strip(), line))
    if (entries and head["empty"]) or not _GAPS.fullmatch(text, pos):
        return None
    return entries


def _value(raw: str) -> str | None:
    """The text of a one-line value as YAML reads it ("" for null); None when YAML might
    read it otherwise."""
    if not raw or raw in _NULLS:
        return ""
    if raw[0] == "'":
        return raw[1:-1].replace("''", "'")
    if raw[0] == '"':
        loaded = yamlparse.load(raw)
        return loaded if isinstance(loaded, str) else None
    return raw


_NULLS = frozenset({"~", "null", "Null", "NULL"})
"""Plain values YAML reads as null."""
_V = (
    r"(?:(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`]|[-?:](?=\S))(?:[^\n: ]++|:(?=[^ \n])| (?=[^\n#]))*+"
    r"|'(?:[^'\n]++|'')*+'"
    r'|"(?:[^"\\\n]++|\\[^\n])*+")'
)
"""A value on one line: a plain scalar (no indicator first, no ``: `` or `` #`` in it, no
space or colon last), or a single- or double-quoted one. Possessive (Python 3.11): a line
is read once, never again in parts."""
_END = r"(?: +#[^\n]*)?\n"
"""The end of a line: perhaps a comment."""
_GAP = r"(?: *+(?:#[^\n]*+)?\n)*+"
"""Blank and comment lines."""
_GAPS = re.compile(_GAP)
_HEAD = re.compile(rf"{_GAP}version: (?:1|'1'){_END}{_GAP}findings:(?P<empty> \[\])?{_END}")
_ENTRY = re.compile(
    rf"{_GAP}  - fingerprint: (?P<quote>'?)(?P<fingerprint>[0-9a-f]{{8,64}})(?P=quote){_END}"
    + "".join(
        rf"(?:{_GAP}    {key}: {_V}{_END})?"
        for key in ("kind", "verdict", "subject", "attribute", "object", "period", "message")
    )
    + rf"(?:{_GAP}    claims:(?: \[\]{_END}|{_END}"
    + rf"(?:{_GAP}      - path: {_V}{_END}{_GAP}        value: {_V}{_END})*))?"
    + rf"(?:{_GAP}    reason:(?: (?P<reason>{_V}))?{_END})?"
)
"""One entry as ``render_baseline`` writes it (``_entry``)."""
_NOT_LINES = re.compile(r"[^\n -~]")
"""In ASCII text, what YAML reads otherwise than as text in lines: tabs, other line breaks
and control characters (a file holding any is left to YAML)."""
_NOT_LINES_UNICODE = re.compile(
    r"[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""The same in any text: what YAML's reader refuses (``Reader.NON_PRINTABLE``) and the
line breaks it reads besides ``\\n`` (``\\x85``, ``\\u2028``, ``\\u2029``)."""


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BaselineError(shown, "baseline file not found") from None
    except UnicodeDecodeError:
        raise BaselineError(shown, "not UTF-8 text") from None
    except OSError as exc:
        raise BaselineError(shown, f"cannot read the baseline: {exc.strerror or exc}") from None


def _compose(text: str, shown: str) -> Node:
    try:
        root = yamlparse.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context
        raise BaselineError(
            shown, f"invalid YAML: {problem}", mark.line + 1 if mark else 0
        ) from None
    if root is None:
        raise BaselineError(shown, "the file is empty; expected 'version: 1' and 'findings'")
    return root


def _read_entry(node: Node, shown: str) -> BaselineEntry:
    fields = _mapping(node, shown, "a baseline entry", ENTRY_KEYS)
    if "fingerprint" not in fields:
        raise BaselineError(shown, "entry has no 'fingerprint'", _line(node))
    fingerprint = _text(fields["fingerprint"], shown, "fingerprint")
    if not _FINGERPRINT.fullmatch(fingerprint):
        message = f"'{fingerprint}' is not a fingerprint (hexadecimal, as claimcheck writes it)"
        raise BaselineError(shown, message, _line(fields["fingerprint"]))
    reason = fields.get("reason")
    text = "" if reason is None or _is_null(reason) else _text(reason, shown, "reason")
    return BaselineEntry(fingerprint, text.strip(), _line(node))


def _mapping(node: Node, shown: str, what: str, allowed: Iterable[str]) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        raise BaselineError(shown, f"{what} must be a mapping of keys to values", _line(node))
    keys = tuple(allowed)
    fields: dict[str, Node] = {}
    for key_node, value in node.value:
        key = str(key_node.value)
        if key not in keys:
            message = f"unknown key '{key}' in {what} (allowed: {', '.join(keys)})"
            raise BaselineError(shown, message, _line(key_node))
        if key in fields:
            raise BaselineError(shown, f"key '{key}' appears twice", _line(key_node))
        fields[key] = value
    return fields


def _text(node: Node, shown: str, key: str) -> str:
    if not isinstance(node, ScalarNode):
        raise BaselineError(shown, f"'{key}' must be a single value", _line(node))
    return str(node.value)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _unique(entries: list[BaselineEntry], shown: str) -> tuple[BaselineEntry, ...]:
    first: dict[str, int] = {}
    for entry in entries:
        if entry.fingerprint in first:
            message = f"fingerprint {entry.fingerprint} is listed twice (first on line "
            raise BaselineError(shown, message + f"{first[entry.fingerprint]})", entry.line)
        first[entry.fingerprint] = entry.line
    return tuple(entries)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1
