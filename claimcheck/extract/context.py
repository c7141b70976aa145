"""What every claim-kind extractor sees of a sentence, and the helpers they share.

A ``SentenceContext`` holds the sentence, the names and values found in it once, and the
article's running state (the subject and the deal carried from earlier sentences), so
that ``it``, ``the company`` or ``the news`` resolve the way a reader resolves them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from claimcheck.extract.entities import (
    Gazetteer,
    Mention,
    find_mentions,
    lead_lookahead,
    looks_like_person,
)
from claimcheck.extract.segment import Sentence
from claimcheck.models import Value, ValueKind
from claimcheck.values import Found, scan
from claimcheck.vocab import attributes, fold_key, phrase_pattern, table


@dataclass(frozen=True, slots=True)
class Draft:
    """A claim before it is given an id and a file location."""

    subject: str
    attribute: str
    value: Value
    start: int
    """Offsets of the quoted words within the sentence."""
    end: int
    object: str = ""
    qualifier: str = ""
    modality: str = "asserted"
    claimant: str = ""
    period: str = ""
    subject_text: str = ""

    @classmethod
    def about(
        cls, subject: Mention, attribute: str, value: Value, start: int, end: int, **extra: str
    ) -> Draft:
        """A draft about ``subject`` as the sentence wrote it."""
        return cls(
            subject=subject.name,
            subject_text=subject.text,
            attribute=attribute,
            value=value,
            start=start,
            end=end,
            **extra,
        )


@dataclass(slots=True)
class ArticleState:
    """What carries from one sentence to the next within an article."""

    subject: Mention | None = None
    subject_block: int = -1
    """The block (paragraph) the carried subject was last set in."""
    salience: Counter[str] = field(default_factory=Counter)
    """How often each organisation or product has been named so far."""
    named: dict[str, Mention] = field(default_factory=dict)
    lexicon: frozenset[str] = frozenset()
    """Words the article writes in lower case: a capitalised one opening a sentence is
    then an ordinary word ("Quarterly revenue ..."), not a name."""
    descriptors: dict[str, Mention] = field(default_factory=dict)
    """Nouns the article used to describe an entity: "startup" -> Midjourney."""
    described_at: dict[str, int] = field(default_factory=dict)
    """The sentence number each descriptor was last learned in."""
    subject_at: int = -1
    """The sentence number the carried subject was last set in."""
    sentence: int = 0
    """Number of the sentence being read."""
    objects: dict[str, str] = field(default_factory=dict)
    """The last second entity seen for each relational attribute (``stake`` -> Rivian)."""
    event: str = ""
    """The deal or partnership the article is talking about (``Meta–Midjourney partnership``)."""
    event_parties: tuple[str, ...] = ()


@dataclass(slots=True)
class SentenceContext:
    """One sentence with its names, values and hedges found once for every extractor."""

    sentence: Sentence
    gazetteer: Gazetteer
    state: ArticleState
    published: date | None = None
    mentions: list[Mention] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    used_years: set[int] = field(default_factory=set)
    """Start offsets of years claimed as values (not periods)."""
    event_here: bool = False
    """The sentence names or refers to the article's current deal."""
    text: str = field(init=False, repr=False)
    """The sentence text (read by every extractor many times, so a plain attribute)."""
    _subjects: dict[bool, tuple[list[Mention], tuple[Mention, ...]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """``candidates`` by ``persons``, with the ``mentions`` list they were computed from."""
    _cues: dict[ValueKind, tuple[tuple[str, int, int], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """``cue_matches`` by value kind: they depend on the text alone."""

    def __post_init__(self) -> None:
        self.text = self.sentence.text

    @classmethod
    def build(
        cls, sentence: Sentence, gazetteer: Gazetteer, state: ArticleState, published: date | None
    ) -> SentenceContext:
        """Find names and values once, for every extractor."""
        ctx = cls(sentence, gazetteer, state, published)
        lead = dateline_end(sentence.text)
        ctx.mentions = [
            m
            for m in find_mentions(sentence.text, gazetteer)
            if m.start >= lead and not _common_word(m, sentence.text, state.lexicon)
        ]
        ctx.found = [f for f in scan(sentence.text, published) if f.start >= lead]
        return ctx

    # --- subjects ------------------------------------------------------------------------

    def subject_at(self, pos: int, persons: bool = False) -> Mention | None:
        """The entity a figure at ``pos`` is about: the nearest name before it that is not
        the object of a preposition, an anaphor's antecedent, or a fronted subject after it."""
        label = self._row_label()
        if label is not None:
            return label
        holder = self.holder_with(pos)
        if holder is not None:
            return holder
        cands = self.candidates(persons)
        before = [m for m in cands if m.end <= pos]
        anaphor = self.anaphor_before(pos)
        if self._other_agent(max(before[-1].end if before else 0, anaphor or 0), pos):
            return None
        if anaphor is not None and (not before or anaphor > before[-1].end):
            return self.referent(anaphor)
        if before:
            return before[-1]
        after = next((m for m in cands if m.start >= pos), None)
        later = _anaphor_pattern().search(self.text, pos)
        first = after is not None and (later is None or after.start < later.start())
        if first and after is not None and self._fronted(pos, after):
            return after
        return self.carried()

    def holder_with(self, pos: int) -> Mention | None:
        """``followed by Ford with about 12%``: the name right before "with" a figure holds it."""
        for m in self.mentions:
            beside = m.end <= pos and _WITH_FIGURE.match(self.text[m.end : pos])
            if beside and m.kind not in {"person", "place", "event"}:
                return m
        return None

    def _other_agent(self, start: int, pos: int) -> bool:
        """``Other investors would own another 49%``, ``OpenAI's nonprofit parent would keep
        2%``: a common-noun actor heads the figure's clause, so no named entity holds it."""
        clause = max([start, *(m.end() for m in _CLAUSE_BREAK.finditer(self.text, 0, pos))])
        return _other_agents().search(self.text, clause, pos) is not None

    def _fronted(self, pos: int, after: Mention) -> bool:
        """``Founded in 2022, Midjourney ...`` or a list label ``**20%**: Amazon's stake``:
        the name after a fronted phrase is its subject; a name further on is not."""
        gap = self.text[pos : after.start]
        return bool(_FRONTED.search(gap)) or _LABEL.match(self.text[:pos]) is not None

    def _row_label(self) -> Mention | None:
        """In a table row, the name in the first cell is what the row is about."""
        if not self.sentence.cells:
            return None
        start, end, _ = self.sentence.cells[0]
        return next((m for m in self.mentions if start <= m.start < end), None)

    def referent(self, pos: int) -> Mention | None:
        """What an anaphor ending at ``pos`` points to: the sentence's subject when it comes
        first ("Meta said its ..."); else the entity the article last described with the
        anaphor's noun ("the startup"); else, for "it", the previous sentence's subject;
        else the subject carried from earlier sentences."""
        head = self._anaphor_head(pos)
        before = [m for m in self.candidates() if m.end <= pos and not _is_person(m)]
        named = [
            m
            for m in self.mentions
            if m.end <= pos
            and m.kind not in {"person", "place", "event"}
            and not _is_person(m)
            and not _ACCORDING.search(self.text, max(0, m.start - 20), m.start)
        ]
        if head in _PRONOUNS and not before:
            earlier = self._earlier_anaphor(pos)
            if earlier is not None:
                return self.referent(earlier)
        if before and head in _PRONOUNS:
            return before[0]
        if before and head not in _PRONOUNS:
            return before[-1]
        if named:
            return named[0] if head in _PRONOUNS else named[-1]
        if head in self.state.descriptors and not self._subject_is_newer(head):
            return self.state.descriptors[head]
        if head in _PRONOUNS and self.state.subject is not None:
            return self.state.subject
        carried = self.carried()
        if head in _generic_nouns() and carried is not None and carried.kind == "product":
            return self._organisation() or carried
        return carried

    def _organisation(self) -> Mention | None:
        """The organisation named most so far: what "the company" means when the text has
        just been about a product."""
        state = self.state
        orgs = [
            (n, name) for name, n in state.salience.items() if state.named[name].kind != "product"
        ]
        return state.named[max(orgs)[1]] if orgs else None

    def _earlier_anaphor(self, pos: int) -> int | None:
        """End of a described anaphor ("the startup") before the pronoun ending at ``pos``:
        "the startup has told investors it expects ..." -> "it" is the startup."""
        last = None
        for m in _anaphor_pattern().finditer(self.text, 0, pos):
            word = m.group(0).split()[-1].lower()
            if m.end() < pos and word not in _PRONOUNS:
                last = m.end()
        return last

    def _subject_is_newer(self, head: str) -> bool:
        """ "a veteran of the company Leap Motion. It is based ... The company has ...":
        a generic noun follows the subject set since its description was learned."""
        state = self.state
        return (
            head in _generic_nouns()
            and state.subject is not None
            and state.subject_at > state.described_at.get(head, -1)
        )

    def _anaphor_head(self, pos: int) -> str:
        last = ""
        for m in _anaphor_pattern().finditer(self.text, max(0, pos - 80), pos):
            if m.end() == pos:
                last = m.group(0).split()[-1].lower()
        return last

    def carried(self) -> Mention | None:
        """The subject carried into this sentence: the last one in this paragraph, else the
        entity the article has named most so far ("The startup ..." opening a paragraph)."""
        state = self.state
        if state.subject is not None and state.subject_block >= self.sentence.block - 1:
            return state.subject
        if state.salience:
            top = max(state.salience.items(), key=lambda kv: (kv[1], kv[0] == _name(state.subject)))
            return state.named[top[0]]
        return state.subject

    def candidates(self, persons: bool = False) -> tuple[Mention, ...]:
        """Names that can be a subject: not objects of a preposition, persons optional.

        Computed once per sentence and flag (subject finding and ``remember`` ask often)."""
        memo = self._subjects.get(persons)
        if memo is not None and memo[0] is self.mentions:
            return memo[1]
        out = tuple(self._candidates(persons))
        self._subjects[persons] = (self.mentions, out)
        return out

    def _candidates(self, persons: bool) -> Iterator[Mention]:
        for m in self.mentions:
            if m.kind in {"place", "event"} or (not persons and m.kind == "person"):
                continue
            object_of_prep = _OBJECT_PREP.search(self.text, max(0, m.start - 12), m.start)
            if object_of_prep and _date_object().match(object_of_prep.group(0)):
                object_of_prep = None
            if object_of_prep and not m.possessive and not _RELATIVE.match(self.text, m.end):
                continue
            if m.possessive and _OF_BEFORE.search(self.text, max(0, m.start - 6), m.start):
                continue
            if _SOURCE_VERB.match(self.text, m.end) or _quoted(self.text, m):
                continue
            if _ACCORDING.search(self.text, max(0, m.start - 20), m.start):
                continue
            yield m

    def anaphor_before(self, pos: int) -> int | None:
        """End offset of the last anaphor (``it``, ``the company``) before ``pos``."""
        last = None
        for m in _anaphor_pattern().finditer(self.text, 0, pos):
            last = m.end()
        return last

    def main_subject(self) -> Mention | None:
        """The sentence's grammatical subject, for carrying into the next sentence."""
        cands = self.candidates()
        first_anaphor = _anaphor_pattern().search(self.text)
        if first_anaphor and (not cands or first_anaphor.start() < cands[0].start):
            return self.referent(first_anaphor.end())
        return cands[0] if cands else None

    def _carry_subject(self) -> Mention | None:
        """The subject to carry on: the sentence's subject when it opens the sentence, not a
        name met further on ("..., helped by two National Football League games") nor an
        object after a person's verb ("Holz previously co-founded Leap Motion")."""
        subject = self.main_subject()
        if subject is None or not self.here(subject):
            return subject
        people = [m for m in self.mentions if m.end <= subject.start and _is_person(m)]
        if people or subject.start > _SUBJECT_REACH:
            return None
        return subject

    def here(self, mention: Mention | None) -> bool:
        """True when ``mention`` was found in this sentence (not carried from another)."""
        return mention is not None and any(mention is m for m in self.mentions)

    def span_of(self, *mentions: Mention | None) -> tuple[int, int]:
        """The smallest (start, end) covering the given mentions that stand in this sentence."""
        here = [m for m in mentions if m is not None and self.here(m)]
        if not here:
            return len(self.text), 0
        return min(m.start for m in here), max(m.end for m in here)

    def remember(self) -> None:
        """Carry this sentence's subject forward, count the names it used and note how it
        described them ("Midjourney, the independent image-generation startup")."""
        self._learn_descriptors()
        subject = self._carry_subject() if not self.sentence.cells else None
        if subject is None and not self.sentence.cells and not self.candidates():
            subject = self._event_party()
        if subject is not None:
            self.state.subject, self.state.subject_block = subject, self.sentence.block
            self.state.subject_at = self.state.sentence
        for m in self.candidates():
            if m.kind not in {"person", "place"}:
                self.state.salience[m.name] += 1
                self.state.named.setdefault(m.name, m)
        self.state.sentence += 1

    def _event_party(self) -> Mention | None:
        """``Was the IPO priced right?``: a sentence that names only a one-party event is
        about that party."""
        for m in self.mentions:
            parties = self.gazetteer.parties.get(m.name, ()) if m.kind == "event" else ()
            if len(parties) == 1:
                named = self.state.named.get(parties[0])
                return named or Mention(parties[0], m.start, m.end, parties[0])
        if self.event_here and len(self.state.event_parties) == 1:
            return self.state.named.get(self.state.event_parties[0])
        return None

    def set_topic(self) -> None:
        """A heading naming one organisation or product ("What Midjourney brings") makes it
        the subject its section's opening "the startup" or "it" refers to."""
        names = {m.name: m for m in self.candidates()}
        if len(names) == 1:
            self.state.subject = next(iter(names.values()))
            self.state.subject_block = self.sentence.block
            self.state.subject_at = self.state.sentence

    def _learn_descriptors(self) -> None:
        text, known = self.text, _anaphor_nouns()
        for m in self.mentions:
            if m.kind in {"person", "place", "event"}:
                continue
            after = text.startswith(",", m.end) and _DESCRIBED_AFTER.match(text, m.end)
            before = _DESCRIBED_BEFORE.search(text, max(0, m.start - 60), m.start)
            copula = _DESCRIBED_AS.match(text, m.end)
            for found in (after, before, copula):
                nouns = [
                    w for w in (found.group("np").lower().split() if found else []) if w in known
                ]
                if nouns:
                    self.state.descriptors[nouns[-1]] = m
                    self.state.described_at[nouns[-1]] = self.state.sentence

    def mention_after(self, pos: int, within: int = 40) -> Mention | None:
        """The first name starting within ``within`` characters after ``pos``."""
        for m in self.mentions:
            if pos <= m.start <= pos + within:
                return m
        return None

    def mention_before(self, pos: int, within: int = 40) -> Mention | None:
        """The last name ending within ``within`` characters before ``pos``."""
        best = None
        for m in self.mentions:
            if pos - within <= m.end <= pos:
                best = m
        return best

    # --- hedges and periods --------------------------------------------------------------

    def modality(self, pos: int) -> tuple[str, str]:
        """(modality, claimant) for a claim at ``pos``: the nearest hedge shortly before it
        (or just after it), else ``reported`` when the sentence names a source."""
        claimant = _claimant(self.text)
        best, best_dist = "asserted", _HEDGE_BEFORE + 1
        for m in _modality_pattern().finditer(
            self.text, max(0, pos - _HEDGE_BEFORE), pos + _HEDGE_AFTER
        ):
            dist = pos - m.end() if m.end() <= pos else (m.start() - pos) * 2
            if dist < best_dist:
                best, best_dist = _modality_of(m.group(0)), dist
        if best == "asserted" and claimant:
            best = "reported"
        return best, claimant

    def negated(self, start: int, end: int) -> bool:
        """True when a negation word stands between ``start`` and ``end``."""
        return bool(_negation_pattern().search(self.text, start, end))

    def period_for(self, found: Found, year_end: int | None = None, stock: bool = False) -> str:
        """The period a figure is for: a part of the year (``fourth quarter``, ``Q4``,
        ``first half``) and the year (``in 2023``, ``2024 revenue``, ``last year``, a year
        opening a table row) when not claimed itself: ``2023``, and a quarter or half as the
        month it ends (``2024-12``), in the subject's fiscal year when ``year_end`` says
        when that ends; a fiscal quarter of unknown fiscal year keeps its label (``Q4``)."""
        month = self._month_for(found) or self._bare_month(found)
        if month:
            return month
        header = self._header_of(found)
        part = _part_of_year(self.text, found) or _part_of_year(header, None)
        year = self._year_for(found) or _header_year(header)
        if not part and not year and stock:
            return self._dated_level()
        if not part:
            return year
        if year_end is None and _FISCAL.search(self.text):
            return f"{part} {year}".strip()
        return resolve_part(part, year, self.published, year_end or 12)

    def _header_of(self, found: Found) -> str:
        """The column header over a table cell holding ``found`` ("Q4 FY2025 revenue")."""
        for start, end, header in self.sentence.cells:
            if start <= found.start < end:
                return header
        return ""

    def _dated_level(self) -> str:
        """A level in a sentence that dates it: "1 million users within five days of its
        November 30 launch" is December's level."""
        for f in self.found:
            if f.value.kind is not ValueKind.DATE or f.value.low != f.value.high:
                continue
            day = date.fromordinal(int(f.value.low or 0))
            for d in self.found:
                gap = _WITHIN_OF.match(self.text, d.end, f.start)
                within = _WITHIN.search(self.text, max(0, d.start - 12), d.start)
                if d.value.kind is ValueKind.DURATION and gap and gap.end() == f.start and within:
                    days = int((d.value.amount or 0) // 86400)
                    day = date.fromordinal(day.toordinal() + days)
            return day.strftime("%Y-%m")
        return ""

    def _bare_month(self, found: Found) -> str:
        """``raised $2.65 billion in January`` in an undated article: ``--01`` (a month of a
        year the text does not give), placed among the other claims' periods later."""
        if self.published is not None:
            return ""
        pattern, months = _month_names()
        for m in pattern.finditer(self.text, max(0, found.start - 40), found.end + 40):
            near = abs(m.start() - found.end) < 40 or abs(found.start - m.end()) < 40
            if near and _period_prep(self.text, m.start()):
                return f"--{months[m.group(1).lower()]:02d}"
        return ""

    def _month_for(self, found: Found) -> str:
        """``in January this year`` next to a figure: ``2021-01``."""
        for f in self.found:
            is_month = f.value.kind is ValueKind.DATE and f.value.low != f.value.high
            near = abs(f.start - found.end) < 40 or abs(found.start - f.end) < 40
            opening = f.start == 0 or _period_prep(self.text, f.start)
            free = f.start not in self.used_years and opening
            if is_month and near and free:
                return date.fromordinal(int(f.value.low or 0)).strftime("%Y-%m")
        return ""

    def _year_for(self, found: Found) -> str:
        best, best_dist = "", 10**6
        for f in self.found:
            if f.value.kind is not ValueKind.YEAR or f.start in self.used_years:
                continue
            if not (
                f.relative
                or f.start == 0
                or _period_prep(self.text, f.start)
                or _before_noun(self.text, f.end)
            ):
                continue
            reach = self._reach(f, found)
            if reach < best_dist and not self._nearer_figure(f, found, reach):
                best, best_dist = str(int(f.value.amount or 0)), reach
        return best

    def _reach(self, year: Found, figure: Found) -> int:
        """How far a year is from a figure as a period: a year after the figure is nearer
        than one before it ("$200 million ... this year and the $1 billion ... in 2024"),
        and one across "and" or a semicolon belongs to the other clause."""
        reach = _gap(year, figure) * (2 if year.end <= figure.start else 1)
        lo, hi = min(year.end, figure.end), max(year.start, figure.start)
        return reach * 4 if _COORDINATION.search(self.text, lo, hi) else reach

    def _nearer_figure(self, year: Found, found: Found, dist: int) -> bool:
        """Another figure stands nearer this year: the year is that figure's period
        ("$14.9 billion deal ... a pledge of $11 billion ... by 2028")."""
        return any(
            f is not found and f.value.kind in _FIGURE_KINDS and self._reach(year, f) < dist
            for f in self.found
        )


@cache
def _part_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    parts = {fold_key(k): v for k, v in table("dates")["year_parts"].items()}
    return re.compile(phrase_pattern(list(parts)), re.I), parts


def _part_of_year(text: str, found: Found | None) -> str:
    """``Q4`` for "the fourth quarter", ``H1`` for "the first half", ``FY`` for "full-year":
    the one nearest the figure (the first one, in a column header)."""
    pattern, parts = _part_pattern()
    best, best_dist = "", 10**6
    for m in pattern.finditer(text):
        if found is None:
            return parts[fold_key(m.group(0))]
        dist = m.start() - found.end if m.start() >= found.end else found.start - m.end()
        if abs(dist) < best_dist:
            best, best_dist = parts[fold_key(m.group(0))], abs(dist)
    return best


@cache
def _month_names() -> tuple[re.Pattern[str], dict[str, int]]:
    months: dict[str, int] = table("dates")["months"]
    full = [name for name in months if len(name) > 3]
    return re.compile(rf"\b({'|'.join(full)})\b(?!\s+\d)", re.I), months


_OF_BEFORE = re.compile(r"\bof\s+$", re.I)
"""``a large share of OpenAI's profits``: a possessor inside an of-phrase is no subject."""
_COORDINATION = re.compile(r";|\s(?:and|while|but|whereas)\s", re.I)
_WITH_FIGURE = re.compile(
    r"^,?\s+with\s+(?:about|roughly|around|nearly|almost|some|just\s+(?:over|under))?\s*$", re.I
)
_WITHIN = re.compile(r"\b(?:within|after|in)\s+(?:just\s+|only\s+)?$", re.I)
_WITHIN_OF = re.compile(r"\s+(?:of|after)\s+(?:its|the|their)?\s*", re.I)
_HEADER_YEAR = re.compile(r"(?:\bFY\s?|\bfiscal\s+|\b)((?:19|20)\d{2})\b", re.I)


def _header_year(header: str) -> str:
    m = _HEADER_YEAR.search(header)
    return m.group(1) if m else ""


_FISCAL = re.compile(r"\bfiscal\b|\bFY\s?\d", re.I)
_QUARTERS = {"Q1": 1, "Q2": 2, "Q3": 3, "Q4": 4}


def resolve_part(part: str, year: str, published: date | None, year_end: int = 12) -> str:
    """A part of a (fiscal) year as the month it ends, the way references write periods:
    ``Q4 2024`` -> ``2024-12``; with a fiscal year ending in January, Q4 of fiscal 2025 ->
    ``2025-01`` and Q1 of fiscal 2026 -> ``2025-04``; a full year -> its year. Without a
    year, the latest such part that ended before the publication month ("the fourth
    quarter" in January 2025 is 2024's); "the current quarter" is the one in progress."""
    now = published.year * 12 + published.month - 1 if published else None
    if year:
        end = int(year) * 12 + year_end - 1
        if part == "FY":
            return year
        if part in _QUARTERS:
            return _month_label(end - 3 * (4 - _QUARTERS[part]))
        if part in ("H1", "H2"):
            return _month_label(end - (6 if part == "H1" else 0))
        return f"{part} {year}"
    if now is None:
        return part
    ends = _part_ends(part, year_end, now)
    if part == "FY":
        return str(max(k for k in ends if k < now) // 12)
    if part in ("Q0", "Q+"):
        upcoming = sorted(k for k in ends if k >= now)
        return _month_label(upcoming[0 if part == "Q0" else 1])
    past = [k for k in ends if k < now]
    return _month_label(max(past)) if past else part


def _part_ends(part: str, year_end: int, now: int) -> list[int]:
    """Month indexes (year * 12 + month - 1) around ``now`` at which ``part`` ends."""
    last = year_end - 1
    window = range(now - 24, now + 24)
    if part in _QUARTERS:
        step = 3 * (4 - _QUARTERS[part])
        return [k for k in window if (k + step) % 12 == last]
    if part in ("H1", "H2"):
        step = 6 if part == "H1" else 0
        return [k for k in window if (k + step) % 12 == last]
    if part == "FY":
        return [k for k in window if k % 12 == last]
    return [k for k in window if (k - last) % 3 == 0]


def _month_label(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


_SUBJECT_REACH = 60
"""A sentence's subject starts within this many characters (after a dateline or label)."""


def _is_person(m: Mention) -> bool:
    return m.kind == "person" or (not m.known and looks_like_person(m.text))


_FIGURE_KINDS = frozenset({ValueKind.MONEY, ValueKind.COUNT, ValueKind.PERCENT})


def _gap(a: Found, b: Found) -> int:
    return min(abs(a.start - b.end), abs(b.start - a.end))


def _quoted(text: str, m: Mention) -> bool:
    """A title in quotes ("Candy Crush") is a work, not the subject of a claim."""
    return text.count('"', 0, m.start) % 2 == 1 and text.count('"', m.end) % 2 == 1


def _name(mention: Mention | None) -> str:
    return mention.name if mention is not None else ""


_RELATIVE = re.compile(r",\s+(?:which|who|whose)\b", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
_SOURCE_VERB = re.compile(
    r"(?:\s+and\s+[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)?(?:\s+(?:both|also|each))?\s+(?:put|puts|pegged|pegs|estimated|estimates|reported|reports)\s+"
    r"(?:it|the\s+(?:figure|number|amount|value|sum|total|price|investment|deal|stake|valuation))"
    r"\s+at\b",
    re.I,
)
_HEDGE_BEFORE = 60
_HEDGE_AFTER = 25
_OBJECT_PREP = re.compile(
    r"\b(?:with|from|than|like|against|to|into|versus|vs\.?|as|including|such as|for|by|in|on)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)


@cache
def _anaphor_pattern() -> re.Pattern[str]:
    nouns = "|".join(table("text")["anaphor_nouns"])
    article = "the"
    described = rf"\b{article}\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})\b(?!-)"
    anaphors = table("text")["anaphors"]
    lead = lead_lookahead([*anaphors, article])
    return re.compile(f"{lead}(?:{phrase_pattern(anaphors)}|{described})", re.I)


_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.'/ -]{1,40}(?:,\s+[A-Z][A-Za-z.]+)?,?\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?\s+)?\([^)]{2,40}\)\s*[-–—]+\s*"
)


_PRONOUNS = frozenset({"it", "its", "they", "their"})
_DESCRIBED_AFTER = re.compile(r",\s+(?:the|a|an)\s+(?P<np>(?:[\w-]+\s+){0,4}[\w-]+)")
_DESCRIBED_BEFORE = re.compile(r"\b(?P<np>[a-z-]+)\s+$")
_DESCRIBED_AS = re.compile(
    r"\s+(?:is|was|remains)\s+(?:a|an|the)\s+(?P<np>(?:[\w-]+\s+){0,4}[\w-]+)"
)


@cache
def _anaphor_nouns() -> frozenset[str]:
    return frozenset(table("text")["anaphor_nouns"])


_CLAUSE_BREAK = re.compile(r"[,;:]\s+(?:and\s+|but\s+|while\s+)?|\b(?:and|but|while)\s+")


@cache
def _other_agents() -> re.Pattern[str]:
    return re.compile(phrase_pattern(table("text")["other_agents"]), re.I)


@cache
def _generic_nouns() -> frozenset[str]:
    return frozenset(table("text")["generic_anaphor_nouns"])


_OPENING = re.compile(r"^[\W\d_]*$")


def _common_word(m: Mention, text: str, lexicon: frozenset[str]) -> bool:
    """A capitalised word opening a sentence that the article writes in lower case
    elsewhere is an ordinary word ("Quarterly revenue ..."), not a name."""
    if m.known or " " in m.text or not _OPENING.match(text[: m.start]):
        return False
    word = m.text.lower()
    return word in lexicon or (word.endswith("s") and word[:-1] in lexicon)


def article_lexicon(text: str) -> frozenset[str]:
    """Every lower-case word of an article's text."""
    return frozenset(re.findall(r"\b[a-z][a-z'-]+\b", text))


def dateline_end(text: str) -> int:
    """Where a wire dateline ("NEW YORK, Nov 10 (Bayline Wire) - ") ends; 0 without one."""
    if "(" not in text:  # the wire's name in parentheses: no dateline without one
        return 0
    m = _DATELINE.match(text)
    return m.end() if m else 0


@cache
def _modality_table() -> dict[str, str]:
    out: dict[str, str] = {}
    for modality, words in table("qualifiers")["modality"].items():
        for word in words:
            out[fold_key(word)] = modality
    return out


@cache
def _modality_pattern() -> re.Pattern[str]:
    return re.compile(phrase_pattern(list(_modality_table())), re.I)


def _modality_of(word: str) -> str:
    return _modality_table().get(fold_key(word), "asserted")


@cache
def _negation_pattern() -> re.Pattern[str]:
    words = [w for w in table("qualifiers")["negations"] if w != "n't"]
    return re.compile(phrase_pattern(words) + r"|n't\b", re.I)


_CLAIMANT = re.compile(
    r"\baccording to (?:the\s+)?((?:[A-Z][\w&.-]*\s?){1,4})"
    r"|((?:[A-Z][\w&.-]*\s?(?:and\s)?){1,4}?)\s?(?:both\s+)?(?:put|puts|pegged|pegs)\s+"
    r"(?:it|the\s+\w+)\s+at\b"
    r"|((?:[A-Z][\w&.-]*\s?){1,3}) (?:reported|reports|said|says|estimated|estimates)\b"
)


def _claimant(text: str) -> str:
    m = _CLAIMANT.search(text)
    if not m:
        return ""
    name = next((g for g in m.groups() if g), "").strip().rstrip(".,;:")
    return "" if name in {"It", "The", "He", "She", "They"} else name


_PERIOD_PREP = re.compile(
    r"\b(?:in|by|for|during|through|since|as of|fiscal|FY|end of|start of)\s+"
    r"(?:fiscal\s+|the\s+year\s+|calendar\s+)?$",
    re.I,
)
_PERIOD_NOUN = re.compile(r"^\s+(?:revenue|sales|earnings|round|fiscal|results|funding)\b", re.I)


def _period_prep(text: str, start: int) -> bool:
    return bool(_PERIOD_PREP.search(text, max(0, start - 20), start))


def _before_noun(text: str, end: int) -> bool:
    return bool(_PERIOD_NOUN.match(text[end : end + 20]))


# --- attribute cues ---------------------------------------------------------------------


@cache
def cue_table(kind: ValueKind) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """A pattern of every cue for attributes taking ``kind``, and cue -> attribute key."""
    cues: dict[str, str] = {}
    for key, spec in attributes().items():
        if kind in spec.kinds:
            for cue in spec.cues:
                cues.setdefault(fold_key(cue), key)
    if not cues:
        return None, cues
    return re.compile(lead_lookahead(cues) + phrase_pattern(list(cues)), re.I), cues


_RELATIVE_TO = re.compile(
    r"\b(?:after|before|since|following|ahead of|until)\s+(?:its\s+|the\s+|their\s+)?$", re.I
)
_DELTA = re.compile(r"\bby\s+$", re.I)
_ADDED = re.compile(
    r"\b(?:added|adds|adding|signed\s+up|gained|gains|lost|loses|shed|net\s+additions\s+of)"
    r"\s+(?:a\s+record\s+|a\s+net\s+|an?\s+|another\s+|some\s+|about\s+|nearly\s+|almost\s+)?$",
    re.I,
)
_DELTA_AFTER = re.compile(
    r"\s+(?:jump|increase|rise|hike|cut|drop|decline|gain|fall|raise|boost|reduction)s?\b", re.I
)
_DELTA_BEFORE = re.compile(
    r"\b(?:jump|increase|rise|hike|cut|drop|decline|gain|fall|raise|boost|reduction|change)s?"
    r"\s+(?:is|was|of|will\s+be|amounts\s+to)\s+(?:about\s+|roughly\s+|just\s+)?$",
    re.I,
)
_REUSE_GAP = re.compile(r"^[^.;:]*$")


def cue_matches(ctx: SentenceContext, kind: ValueKind) -> tuple[tuple[str, int, int], ...]:
    """Every attribute cue for ``kind`` in the sentence as (attribute, start, end).

    A cue right after "after", "since" or "before" names another event ("days after
    launch"), so it does not date this one."""
    memo = ctx._cues.get(kind)
    if memo is None:
        memo = ctx._cues[kind] = _cue_matches(ctx.text, kind)
    return memo


def _cue_matches(text: str, kind: ValueKind) -> tuple[tuple[str, int, int], ...]:
    """``cue_matches`` computed for a sentence text."""
    pattern, cues = cue_table(kind)
    if pattern is None:
        return ()
    out = []
    for m in pattern.finditer(text):
        if kind in _DATE_KINDS and _RELATIVE_TO.search(text, max(0, m.start() - 20), m.start()):
            continue
        out.append((cues[fold_key(m.group(0))], m.start(), m.end()))
    return tuple(out)


_DATE_KINDS = frozenset({ValueKind.YEAR, ValueKind.DATE, ValueKind.WEEKDAY})


_AFTER_BREAK = re.compile(r"[,;:()]|\b(?:that|which|who|while|but|and)\b", re.I)
_AFTER_LIMIT = 30


_LABEL = re.compile(r"^[\W_]*$")
_FRONTED = re.compile(r"^[^,;]*,\s+(?:the\s+)?$|^[^,;:]*:\s+(?:the\s+)?$")
_FRONTED_DATE = re.compile(
    r"^\W*(?:(?:on|in|last|earlier|late|early)\s+)?"
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?$",
    re.I,
)
_COMMA_AFTER = re.compile(r"\s*,")
"""``On Friday, August 22, Alexandr Wang ... said``: a date opening the sentence dates its
main verb, however far it stands."""
_SAME_DAY = re.compile(
    r",?\s+the\s+same\s+day\s+(?:that\s+|when\s+)?(?:it|they|he|she|[A-Z][\w.&-]*)\s+$"
)
"""``on Tuesday, the same day it reported``: the date is the later verb's too."""
_OPEN_SLOT = re.compile(r"\s+(?:[\w'.&-]+\s+){0,3}?at(?=\s*[,.;:]|\s*$)", re.I)
"""``**$29 billion**: what the deal values OpenAI at``: the label fills the cue's empty slot."""
_LABEL_END = re.compile(r"[\W_]*[:\-–—]\s")


@cache
def _date_object() -> re.Pattern[str]:
    """``In June Meta ...``, ``On Friday, Nvidia ...``: the preposition's object is a date,
    so the name after it is the clause's subject, not the preposition's object."""
    words = [*table("dates")["months"], *table("dates")["weekdays"]]
    when = rf"(?:{phrase_pattern(words)}|\d{{4}})"
    early = r"(?:early\s+|late\s+|mid-?)?"
    return re.compile(rf"^(?:in|on|by)\s+{early}{when}(?:\s+\d{{1,4}})?,?\s+$", re.I)


def _distance(text: str, found: Found, start: int, end: int) -> int:
    if start >= found.end:
        gap = start - found.end
        if gap <= 2:
            return gap
        if _FRONTED_DATE.match(text[: found.start]) and _COMMA_AFTER.match(text, found.end):
            return 40 + gap // 10
        if _SAME_DAY.match(text, found.end, start):
            return gap
        if _is_label(text, found) and gap <= 60:
            slot = _OPEN_SLOT.match(text, end)
            return len(slot.group(0).split()) if slot else gap + 10
        if gap > _AFTER_LIMIT or _AFTER_BREAK.search(text, found.end, start):
            return 10**6
        return gap + 10
    if end <= found.start:
        return found.start - end
    return 0


def _is_label(text: str, found: Found) -> bool:
    """A figure used as a list item's label: "**20%**: Amazon's stake in the company"."""
    return bool(_LABEL.match(text[: found.start]) and _LABEL_END.match(text, found.end))


def assign_cues(
    ctx: SentenceContext, founds: list[Found], window: int = 90
) -> dict[int, tuple[str, int, int]]:
    """Give each value (by index in ``founds``) the attribute cue that explains it.

    Nearest pairs are matched first and a cue serves one value; a value left without a
    cue may share one that stands before both values with no clause break between
    ("revenue of $200 million in 2023 and $300 million in 2024")."""
    if not founds:
        return {}
    pairs = []
    for i, found in enumerate(founds):
        for cue in cue_matches(ctx, found.value.kind):
            dist = _distance(ctx.text, found, cue[1], cue[2])
            if dist <= window:
                pairs.append((dist, i, cue))
    pairs.extend(_header_cues(ctx, founds))
    pairs.sort(key=lambda p: (p[0], p[1]))
    chosen: dict[int, tuple[str, int, int]] = {}
    used: set[tuple[str, int, int]] = set()
    for _, i, cue in pairs:
        if i not in chosen and cue not in used:
            chosen[i] = cue
            used.add(cue)
    for _, i, cue in pairs:
        if (
            i not in chosen
            and cue[2] <= founds[i].start
            and _REUSE_GAP.match(ctx.text[cue[2] : founds[i].start])
        ):
            chosen[i] = cue
    return chosen


def _header_cues(
    ctx: SentenceContext, founds: list[Found]
) -> list[tuple[int, int, tuple[str, int, int]]]:
    """In a table row, the column header says what a cell's figure is ("Price")."""
    out = []
    for i, found in enumerate(founds):
        for start, end, header in ctx.sentence.cells:
            if start <= found.start < end and header:
                pattern, cues = cue_table(found.value.kind)
                m = pattern.search(header) if pattern is not None else None
                if m is not None and not _PRIOR_HEADER.search(header):
                    out.append((0, i, (cues[fold_key(m.group(0))], found.start, found.start)))
    return out


_PRIOR_HEADER = re.compile(r"\b(?:old|previous|prior|former|before)\b", re.I)


def is_delta(ctx: SentenceContext, found: Found) -> bool:
    """True for a change rather than a level: "grew by $5 million", "extend by 4 seconds",
    "a $2.50 jump"."""
    if _DELTA_AFTER.match(ctx.text, found.end):
        return True
    if _DELTA_BEFORE.search(ctx.text, max(0, found.start - 30), found.start):
        return True
    if _ADDED.search(ctx.text, max(0, found.start - 30), found.start):
        return True
    if found.value.kind is ValueKind.PERCENT and _moved().search(
        ctx.text, max(0, found.start - 30), found.start
    ):
        return True
    return bool(_DELTA.search(ctx.text, max(0, found.start - 4), found.start))


@cache
def _moved() -> re.Pattern[str]:
    """``shares surged 29%``, ``closed 29% above``: a percentage a price moved by."""
    verbs = phrase_pattern(table("text")["change_verbs"])
    return re.compile(rf"{verbs}\s+(?:as\s+much\s+as\s+|by\s+|nearly\s+|about\s+)?$", re.I)
