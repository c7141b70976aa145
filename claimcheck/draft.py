"""A draft reference file from the coverage, for ``claimcheck init``: a start for claims.yaml.

One entry per (subject, attribute, object, period) that two or more articles state, with
the value most of those articles give; the values the others give, and where each was
found, follow as comments. "Founded in 2021" in three articles and "founded in 2022" in
one gives ``value: '2021'`` with ``# other value: 2022 in seeds/a.txt:7``; a fact only
one article states gives no entry. Attributes where several values can all be right
(founders, platforms) list every value. The draft says what the coverage says, not what
is true: a person checks it before it becomes the record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from claimcheck import vocab
from claimcheck.baseline import scalar
from claimcheck.models import Claim, Report, Value
from claimcheck.values import parse_value

HEADER = """\
# Draft reference written by `claimcheck init` from {articles}: one entry per subject
# and attribute that two or more articles state, with the value most of them give. The
# values other articles give, and where, are in the comments under each entry.
#
# This says what the coverage says, not what is true. Check every value against a
# reliable source, add a note and sources, set each entity's kind, and delete what you
# cannot confirm before you use it as claims.yaml (format: docs/claims-format.md).
"""

GroupKey = tuple[str, str, str, str]


@dataclass(slots=True)
class _Stated:
    """One value of a group and the claims stating it, in reading order."""

    text: str
    claims: list[Claim]

    def articles(self) -> int:
        return len({claim.article for claim in self.claims})


def draft_reference(report: Report) -> str:
    """The draft reference (claims.yaml format) for the claims of ``report``."""
    groups = _groups(report.claims)
    shared = {key: values for key, values in groups.items() if _articles(values) >= 2}
    names = sorted({n for key in shared for n in (key[0], key[2]) if n}, key=str.casefold)
    entities = "".join(f"  - name: {scalar(name)}\n" for name in _distinct(names))
    claims = "\n".join(_entry(key, values) for key, values in shared.items())
    count = len(report.articles)
    header = HEADER.format(articles=f"{count} article{'' if count == 1 else 's'}")
    return f"{header}version: 1\n" + _section("entities", entities) + _section("claims", claims)


def _section(name: str, body: str) -> str:
    """A top-level list; ``[]`` when it holds no entry (only commented-out ones, or none)."""
    if any(line.startswith("  - ") for line in body.splitlines()):
        return f"\n{name}:\n{body}"
    return f"\n{name}: []\n{body}"


def _groups(claims: Sequence[Claim]) -> dict[GroupKey, list[_Stated]]:
    """Stated values by (subject, attribute, object, period), most articles first."""
    found: dict[GroupKey, dict[tuple[object, ...], _Stated]] = defaultdict(dict)
    for claim in claims:
        if claim.modality == "negated":
            continue
        key = (claim.subject, claim.attribute, claim.object, claim.period)
        stated = found[key].setdefault(_identity(claim), _Stated(_written(claim), []))
        stated.claims.append(claim)
    return {
        key: sorted(values.values(), key=lambda s: -s.articles())
        for key, values in sorted(found.items(), key=lambda item: _order(item[0]))
    }


def _order(key: GroupKey) -> tuple[str, ...]:
    return key[0].casefold(), key[1], key[2].casefold(), key[3]


def _identity(claim: Claim) -> tuple[object, ...]:
    value: Value = claim.value
    name = value.key or value.text.casefold()
    return (value.kind, value.unit, value.per, value.amount, *value.interval(), name)


def _written(claim: Claim) -> str:
    """The value as a reference file can state it: with its qualifier when it has one."""
    text, qualifier = claim.value.text, claim.qualifier.strip()
    if qualifier and not text.casefold().startswith(qualifier.casefold()):
        return f"{qualifier} {text}"
    return text


def _articles(values: Sequence[_Stated]) -> int:
    return len({claim.article for stated in values for claim in stated.claims})


def _distinct(names: Sequence[str]) -> list[str]:
    """Names that differ other than in case (the reference folds case)."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


def _entry(key: GroupKey, values: list[_Stated]) -> str:
    subject, attribute, obj, period = key
    spec = vocab.attributes().get(attribute)
    multi = bool(spec and spec.multi)
    chosen = values if multi else values[:1]
    lines = [
        f"subject: {scalar(subject)}",
        f"attribute: {scalar(spec.label if spec else attribute)}",
    ]
    lines += [f"object: {scalar(obj)}"] if obj else []
    lines += [f"period: {scalar(period)}"] if period else []
    lines.append(_value_line([stated.text for stated in chosen]))
    body = "  - " + "\n    ".join(lines) + "\n" + _comments(values, chosen)
    if all(_readable(stated.text, attribute) for stated in chosen):
        return body
    return _commented(body, attribute)


def _readable(text: str, attribute: str) -> bool:
    """Whether claims.yaml can state ``text`` as a value of ``attribute``."""
    spec = vocab.attributes().get(attribute)
    return spec is not None and parse_value(text, spec.kinds) is not None


def _value_line(texts: list[str]) -> str:
    shown = [scalar(text) for text in texts]
    return f"value: {shown[0]}" if len(shown) == 1 else f"value: [{', '.join(shown)}]"


def _comments(values: list[_Stated], chosen: list[_Stated]) -> str:
    lines = [f"# {s.text}: {_where(s)}" for s in chosen]
    if len(values) > len(chosen) and values[0].articles() == values[1].articles():
        lines.append("# no clear majority: check which value is right")
    lines += [f"# other value: {s.text} in {_where(s)}" for s in values[len(chosen) :]]
    return "".join(f"    {line}\n" for line in lines)


def _where(stated: _Stated) -> str:
    count = stated.articles()
    places = ", ".join(f"{c.span.path}:{c.span.line}" for c in stated.claims)
    return f"{count} article{'' if count == 1 else 's'} ({places})"


def _commented(body: str, attribute: str) -> str:
    """An entry whose value a reference file cannot state, commented out for a person."""
    note = f"  # The value below cannot be written as a '{attribute}' value; state it by hand.\n"
    return note + "".join(f"  # {line[2:]}\n" for line in body.splitlines())
