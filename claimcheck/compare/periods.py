"""Place every claim in the period it is about, so that claims are compared period by period.

Articles often leave the period unsaid or half said. A reader fills it in from the
publication date and from what the rest of the coverage says:

- a level (users, a price, a valuation) stated without a period is the level at
  publication: the latest period the record or the coverage reports up to that month;
  "was $15.49" is the level before that one; a level for a year ("ended 2024 with ...")
  is the last month of that year that is reported;
- a deal's terms (price paid, stake bought) are dated by the deal's year: a month becomes
  its year, an undated figure is the deal in the news (the publication year);
- a quarter (``Q4``) or a month (``--01``) whose year the article does not give is the one
  month the others report for it, in the company's fiscal calendar;
- a level or deal term from an article with no date at all takes the period most of the
  coverage gives it, when more than half agree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from claimcheck import vocab
from claimcheck.compare.resolve import EntityResolver
from claimcheck.extract.context import resolve_part
from claimcheck.extract.figures import EARLIER
from claimcheck.models import Claim, Reference

Key = tuple[str, str, str]

_UNPLACED_PARTS = frozenset({"Q", "Q0", "Q+", "FY"})
"""Parts of a year with no number or date to place them ("after record quarter"): a level
stated with one is placed as if it had none."""
_BARE_MONTH = re.compile(r"^--\d{2}$")
_LABEL = re.compile(r"^(?P<part>Q[1-4]|H[12])(?: (?P<year>\d{4}))?$")


def place_periods(
    claims: Sequence[Claim],
    reference: Reference | None,
    resolver: EntityResolver,
    published: Mapping[str, str],
) -> list[Claim]:
    """The claims with the periods a reader would give them (see the module docstring)."""
    placer = _Placer.build(claims, reference, resolver, published)
    placed = [placer.place(claim) for claim in placer.claims]
    usual = _usual_periods(placed)
    return [_from_coverage(claim, usual) for claim in placed]


@dataclass
class _Placer:
    claims: list[Claim]
    published: Mapping[str, str]
    known: dict[Key, set[str]] = field(default_factory=dict)
    """Periods the record and the coverage give for each (subject, attribute, object)."""
    recorded: dict[Key, set[str]] = field(default_factory=dict)
    """Periods the record alone gives."""
    year_ends: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        claims: Sequence[Claim],
        reference: Reference | None,
        resolver: EntityResolver,
        published: Mapping[str, str],
    ) -> _Placer:
        placer = cls([_deal_year(c, published) for c in claims], published)
        entries = reference.claims if reference else ()
        for claim in placer.claims:
            placer.note(_key(claim), claim.period)
        for entry in entries:
            subject = resolver.canonical(entry.subject) or entry.subject
            obj = (resolver.canonical(entry.object) or entry.object) if entry.object else ""
            placer.note((subject, entry.attribute, obj), entry.period)
            placer.recorded.setdefault((subject, entry.attribute, obj), set()).add(entry.period)
        for entity in reference.entities if reference else ():
            placer.year_ends[resolver.canonical(entity.name) or entity.name] = (
                entity.fiscal_year_end
            )
        return placer

    def note(self, key: Key, period: str) -> None:
        """Remember a dated period (a year or a month, not a label) for ``key``."""
        if period[:4].isdigit():
            self.known.setdefault(key, set()).add(period)

    def place(self, claim: Claim) -> Claim:
        spec = vocab.attributes().get(claim.attribute)
        stock = spec is not None and spec.stock
        known = self.known.get(_key(claim), set())
        period = claim.period
        when = self.published.get(claim.article, "")[:7]
        if stock and period in _UNPLACED_PARTS:
            period = ""
        if stock and period in ("", EARLIER) and when:
            period = _current(known, when, earlier=period == EARLIER) or period
        elif _BARE_MONTH.match(period):
            period = _only([p for p in known if len(p) == 7 and p[4:] == period[1:]]) or period
        elif _LABEL.match(period):
            year_end = self.year_ends.get(claim.subject, 12)
            period = _only(_label_matches(period, known, year_end)) or period
        elif stock and _is_year(period) and period not in self.recorded.get(_key(claim), ()):
            period = max((p for p in known if p[:5] == period + "-"), default=period)
        return claim if period == claim.period else replace(claim, period=period)


def _current(known: Iterable[str], when: str, earlier: bool) -> str:
    """The latest period begun by ``when``, or the one before it."""
    begun = [p for p in known if _start_of(p) <= when]
    latest = max(begun, key=lambda p: (_start_of(p), _month_of(p)), default="")
    if latest and earlier:
        start = _start_of(latest)
        latest = max((p for p in known if _month_of(p) < start), key=_month_of, default="")
    return latest


def _only(periods: Sequence[str]) -> str:
    return periods[0] if len(periods) == 1 else ""


def _usual_periods(claims: Sequence[Claim]) -> dict[Key, str]:
    """For each level or deal term, the period more than half of its dated claims give."""
    counts: dict[Key, Counter[str]] = {}
    for claim in claims:
        if _placed_by_coverage(claim) and claim.period and claim.period != EARLIER:
            counts.setdefault(_key(claim), Counter())[claim.period] += 1
    usual = {}
    for key, count in counts.items():
        period, n = count.most_common(1)[0]
        if n * 2 > sum(count.values()):
            usual[key] = period
    return usual


def _from_coverage(claim: Claim, usual: Mapping[Key, str]) -> Claim:
    if claim.period or not _placed_by_coverage(claim):
        return claim
    period = usual.get(_key(claim), "")
    return replace(claim, period=period) if period else claim


def _placed_by_coverage(claim: Claim) -> bool:
    spec = vocab.attributes().get(claim.attribute)
    return spec is not None and (spec.stock or spec.deal)


def _deal_year(claim: Claim, published: Mapping[str, str]) -> Claim:
    """A deal term's period: the year of its month; undated, the publication year."""
    spec = vocab.attributes().get(claim.attribute)
    if spec is None or not spec.deal:
        return claim
    period = claim.period
    if len(period) == 7 and period[4] == "-":
        period = period[:4]
    elif _BARE_MONTH.match(period):
        period = ""
    if not period:
        period = published.get(claim.article, "")[:4]
    return claim if period == claim.period else replace(claim, period=period)


def _label_matches(label: str, known: Iterable[str], year_end: int) -> list[str]:
    """Months among ``known`` a quarter or half written without a usable date can be: "the
    fiscal fourth quarter" of a company whose year ends in January is a January."""
    m = _LABEL.match(label)
    if m is None:
        return []
    part = m.group("part")
    back = 3 * (4 - int(part[1])) if part[0] == "Q" else (6 if part == "H1" else 0)
    month = (year_end - 1 - back) % 12 + 1
    year = m.group("year")
    out = []
    for period in known:
        fits = year is None or resolve_part(part, year, None, year_end) == period
        if len(period) == 7 and int(period[5:]) == month and fits:
            out.append(period)
    return sorted(out)


def _key(claim: Claim) -> Key:
    return claim.subject, claim.attribute, claim.object


def _start_of(period: str) -> str:
    """A period's first month: ``2024`` -> ``2024-01``."""
    return f"{period}-01" if _is_year(period) else period[:7]


def _is_year(period: str) -> bool:
    return len(period) == 4 and period.isdigit()


def _month_of(period: str) -> str:
    """A period's last month, for ordering: ``2024`` -> ``2024-12``; labels sort last."""
    if _is_year(period):
        return f"{period}-12"
    return period[:7] if period[:4].isdigit() else "9999"
