"""What every claim-kind extractor sees of a sentence, and the helpers they share.

A ``SentenceContext`` holds the sentence, the names and values found in it once, and the
article's running state (the subject and the deal carried from earlier sentences), so
that ``it``, ``the company`` or ``the news`` resolve the way a reader resolves them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from claimcheck.extract.entities import Gazetteer, Mention, find_mentions
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


@dataclass(slots=True)
class ArticleState:
    """What carries from one sentence to the next within an article."""

    subject: Mention | None = None
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

    @property
    def text(self) -> str:
        """The sentence text."""
        return self.sentence.text

    @classmethod
    def build(
        cls, sentence: Sentence, gazetteer: Gazetteer, state: ArticleState, published: date | None
    ) -> SentenceContext:
        """Find names and values once, for every extractor."""
        ctx = cls(sentence, gazetteer, state, published)
        ctx.mentions = find_mentions(sentence.text, gazetteer)
        ctx.found = scan(sentence.text, published)
        return ctx

    # --- subjects ------------------------------------------------------------------------

    def subject_at(self, pos: int, persons: bool = False) -> Mention | None:
        """The entity a figure at ``pos`` is about: the nearest name before it that is not
        the object of a preposition, an anaphor's antecedent, or a fronted subject after it."""
        cands = self.candidates(persons)
        before = [m for m in cands if m.end <= pos]
        if before:
            return before[-1]
        if self.anaphor_before(pos) is not None:
            return self.state.subject
        after = next((m for m in cands if m.start >= pos), None)
        later = _anaphor_pattern().search(self.text, pos)
        if after is not None and (later is None or after.start < later.start()):
            return after
        return self.state.subject

    def candidates(self, persons: bool = False) -> list[Mention]:
        """Names that can be a subject: not objects of a preposition, persons optional."""
        out = []
        for m in self.mentions:
            if m.kind in {"place", "event"} or (not persons and m.kind == "person"):
                continue
            if _OBJECT_PREP.search(self.text, max(0, m.start - 12), m.start) and not m.possessive:
                continue
            out.append(m)
        return out

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
            return self.state.subject
        return cands[0] if cands else None

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

    def period_for(self, found: Found) -> str:
        """The year a figure is for: a nearby ``in 2023``/``2024 revenue`` not claimed itself."""
        best, best_dist = "", 10**6
        for f in self.found:
            if f.value.kind is not ValueKind.YEAR or f.start in self.used_years:
                continue
            if not (_period_prep(self.text, f.start) or _before_noun(self.text, f.end)):
                continue
            dist = min(abs(f.start - found.end), abs(found.start - f.end))
            if dist < best_dist:
                best, best_dist = str(int(f.value.amount or 0)), dist
        return best


_HEDGE_BEFORE = 60
_HEDGE_AFTER = 25
_OBJECT_PREP = re.compile(
    r"\b(?:with|from|than|like|against|to|into|versus|vs\.?|as|including|such as|for|by)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,3}$",
    re.I,
)


@cache
def _anaphor_pattern() -> re.Pattern[str]:
    return re.compile(phrase_pattern(table("text")["anaphors"]), re.I)


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
    r"|((?:[A-Z][\w&.-]*\s?){1,3}) (?:reported|reports|said|says|estimated|estimates)\b"
)


def _claimant(text: str) -> str:
    m = _CLAIMANT.search(text)
    if not m:
        return ""
    name = (m.group(1) or m.group(2) or "").strip().rstrip(".,;:")
    return "" if name in {"It", "The", "He", "She", "They"} else name


_PERIOD_PREP = re.compile(
    r"\b(?:in|by|for|during|through|since|as of|fiscal|FY)\s+(?:fiscal\s+|the\s+year\s+)?$", re.I
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
    return re.compile(phrase_pattern(list(cues)), re.I), cues


def nearest_cue(
    ctx: SentenceContext, found: Found, window: int = 90
) -> tuple[str, int, int] | None:
    """(attribute key, cue start, cue end) of the cue nearest a value, within ``window``."""
    pattern, cues = cue_table(found.value.kind)
    if pattern is None:
        return None
    best: tuple[str, int, int] | None = None
    best_dist = window + 1
    for m in pattern.finditer(ctx.text):
        if found.start <= m.start() < found.end:
            dist = 0
        else:
            dist = m.start() - found.end if m.start() >= found.end else found.start - m.end()
        if 0 <= dist < best_dist:
            best, best_dist = (cues[fold_key(m.group(0))], m.start(), m.end()), dist
    return best
