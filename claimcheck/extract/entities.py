"""Find the names a sentence mentions: known reference names first, then capitalised runs.

Matches: ``Meta's`` (Meta, possessive), ``Black Forest Labs``, ``V1``, ``Alexandr Wang`` in
``Chief AI Officer Alexandr Wang`` (the title is not part of the name).
Does not match: ``The``, ``Founded`` or ``AI`` on their own, month and weekday names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from claimcheck.models import Reference
from claimcheck.vocab import WORD, fold_key, phrase_pattern, role_titles, table


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a sentence: its span, its canonical name and what kind of thing it is."""

    text: str
    start: int
    end: int
    name: str
    """Canonical name: the reference's name for a known alias, else the cleaned text."""
    kind: str = ""
    """``organisation``, ``person``, ``product``, ``event``, ... when the reference says."""
    known: bool = False
    possessive: bool = False


@dataclass(slots=True)
class Gazetteer:
    """Names the reference declares, for exact matching in sentences (no fuzzy here)."""

    names: dict[str, str] = field(default_factory=dict)
    """Folded alias -> canonical name."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Canonical name -> entity kind."""
    events: dict[frozenset[str], str] = field(default_factory=dict)
    """Set of party names -> the event entity that links them."""
    parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Event entity -> the parties it links, in the reference's order."""
    person_events: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Person -> events the reference names after them ("Trump's Truth Social post")."""
    fiscal: dict[str, int] = field(default_factory=dict)
    """Canonical name -> month its fiscal year ends, for entities whose year is not the
    calendar year."""
    aliases_by_word: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """First word of an alias -> the aliases that start with it. A match of one of these
    starts where that word does, so a sentence is searched only where its words start an
    alias, and only for those aliases, never for every name in the reference."""
    alias_leads: str = ""
    """The first characters of the first words in ``aliases_by_word``, sorted: only words
    that start with one of them are looked up."""
    irregular: tuple[str, ...] = ()
    """Aliases that do not start with a word character (``@Home``, ``.NET``), searched
    for with one pattern in the sentences that may hold them."""

    def fiscal_year_end(self, name: str) -> int | None:
        """The month ``name``'s fiscal year ends, also for a part of it ("Nvidia Data
        Center"); None when the reference does not say."""
        if name in self.fiscal:
            return self.fiscal[name]
        owner = next((n for n in self.fiscal if name.startswith(n + " ")), None)
        return self.fiscal[owner] if owner else None

    def canonical(self, text: str) -> str | None:
        """The reference's name for ``text`` when it is a declared name or alias."""
        return self.names.get(_name_key(text)[1])


def build_gazetteer(reference: Reference | None) -> Gazetteer:
    """Index the reference's entity names and aliases for exact lookup."""
    gaz = Gazetteer()
    if reference is None:
        return gaz
    for entity in reference.entities:
        gaz.kinds[entity.name] = entity.kind
        if entity.fiscal_year_end != 12:
            gaz.fiscal[entity.name] = entity.fiscal_year_end
        for alias in (entity.name, *entity.aliases):
            gaz.names.setdefault(fold_key(clean_name(alias)), entity.name)
        if entity.parties:
            gaz.events[frozenset(entity.parties)] = entity.name
            gaz.parties[entity.name] = tuple(entity.parties)
    for entity in reference.entities:
        owner = gaz.canonical(entity.name.split()[0]) if entity.kind == "event" else None
        if owner is not None and gaz.kinds.get(owner) == "person":
            gaz.person_events[owner] = (*gaz.person_events.get(owner, ()), entity.name)
    by_word: dict[str, set[str]] = {}
    irregular = set()
    for alias in (a for e in reference.entities for a in (e.name, *e.aliases) if len(a) > 1):
        first = WORD.match(alias)
        if first is None:
            irregular.add(alias)
        else:
            by_word.setdefault(first.group(0), set()).add(alias)
    gaz.aliases_by_word = {word: tuple(sorted(names)) for word, names in by_word.items()}
    gaz.alias_leads = "".join(sorted({word[0] for word in by_word}))
    gaz.irregular = tuple(sorted(irregular))
    return gaz


def lead_lookahead(phrases: Iterable[str]) -> str:
    """A lookahead to put before ``phrase_pattern(phrases)``: every phrase starts with one of
    its literals (matched under the same flags), so it never rejects a match, while it
    rejects every other position at once instead of trying each phrase there."""
    leads = sorted({m.group(1) for m in map(_LEAD.match, phrases) if m})
    return f"(?={'|'.join(map(re.escape, leads))})" if leads else ""


_LEAD = re.compile(r"[\s\-]*([^\s\-])")
"""A phrase's first character as ``phrase_pattern`` matches it (separators dropped)."""


_CAPITAL_TOKEN = r"[A-Z]\.(?:[A-Z]\.)+|[A-Z][A-Za-z0-9&]*(?:-[A-Z0-9][A-Za-z0-9&]*)*"
_DIGIT_TOKEN = r"(?<![\d.,$\u20ac\u00a3\u00a5])\d+[A-Z][A-Za-z0-9]*"
"""``3M``, ``23andMe``; not the tail of a figure (``$6.06M``, ``$3B``, ``14.3B``)."""
_CAMEL_TOKEN = r"[a-z]+[A-Z][A-Za-z0-9]*"
"""``iPhone``, ``eBay``: the only token that starts in lower case."""
_CAMEL = re.compile(r"[a-z][A-Z]")
"""Where a camel-case token can start: a sentence without it needs no lower-case starts."""


def _chunk_pattern(token: str) -> re.Pattern[str]:
    """A run of capitalised tokens (with small numbers, "Fortune 500") joined by spaces."""
    return re.compile(rf"{token}(?:[ ](?:{token}|\d{{1,2}}\b(?![,.]\d)))*")


_CHUNK = _chunk_pattern(rf"(?:{_CAPITAL_TOKEN}|{_CAMEL_TOKEN}|{_DIGIT_TOKEN})")
_CAPITAL_CHUNK = _chunk_pattern(rf"(?=[A-Z0-9])(?:{_CAPITAL_TOKEN}|{_DIGIT_TOKEN})")
"""``_CHUNK`` without camel-case tokens, which cannot match where ``_CAMEL`` finds nothing;
its lookahead lets the regex engine skip lower-case words instead of trying each letter."""
_MODIFIER = re.compile(
    r"-(?:backed|owned|based|led|funded|made|listed|born|controlled|affiliated|style|like|"
    r"focused|linked|headquartered|run|built)\b"
)
_POSSESSIVE = re.compile(r"^'s?\b|^'(?=\s)")


@cache
def _places() -> frozenset[str]:
    data = table("places")
    return frozenset(n for key in ("countries", "us_states", "cities") for n in data[key])


@cache
def _not_names() -> frozenset[str]:
    words = set(table("text")["not_names"]) | set(table("places")["demonyms"])
    words.update(str(w).capitalize() for w in table("numbers")["words"])
    words.update(w.capitalize() for w in table("dates")["months"])
    words.update(w.capitalize() for w in table("dates")["weekdays"])
    return frozenset(words)


@cache
def _suffixes() -> frozenset[str]:
    return frozenset(s.lower().rstrip(".") for s in table("text")["company_suffixes"])


@cache
def _title_pattern() -> re.Pattern[str]:
    return re.compile(phrase_pattern(list(role_titles())), re.I)


@cache
def _org_words() -> frozenset[str]:
    return frozenset(table("text")["organisation_words"])


def looks_like_person(text: str) -> bool:
    """``Jane Roe`` or ``Alexandr Wang``: two or three capitalised words, no company word."""
    if not _PERSON.match(text):
        return False
    return not any(word in _org_words() for word in text.split())


_PERSON = re.compile(
    r"^(?:[A-Z][a-z'\-]+|(?:[A-Z]\.?){1,3})(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z][A-Za-z'\-]*){1,2}$"
)


def clean_name(text: str) -> str:
    """A name without a possessive, quotes or a trailing company suffix (``Inc.``)."""
    return _name_key(text)[0]


_NAME_CACHE = 1 << 14
"""Distinct name surfaces and runs remembered (about 11 MB when full): an article's names
recur sentence after sentence, and well-known names article after article."""


@lru_cache(maxsize=_NAME_CACHE)
def _name_key(text: str) -> tuple[str, str]:
    """``text`` cleaned (``clean_name``) and that folded for gazetteer lookup: computed once
    per distinct surface, since the same names recur sentence after sentence."""
    name = _POSSESSIVE_END.sub("", text.strip(" \"'.,;:()"))
    parts = name.split()
    while len(parts) > 1 and parts[-1].lower().rstrip(".,") in _suffixes():
        parts.pop()
    clean = " ".join(parts).rstrip(",")
    return clean, fold_key(clean)


_POSSESSIVE_END = re.compile(r"'s?$")


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Every name in a sentence, leftmost first, known names taking precedence.

    A longer capitalised run that ends in a known person's name keeps its first name
    ("Alexander Wang" around a known "Wang"), so a misspelt first name stays visible."""
    known = list(_known(text, gazetteer))
    chunks = list(_chunks(text, gazetteer))
    if not known:
        return chunks
    for chunk in chunks:
        inner = [m for m in known if chunk.start < m.start and m.end == chunk.end]
        if len(inner) == 1 and inner[0].kind == "person" and not _overlaps_any(chunk, known, inner):
            known.remove(inner[0])
            known.append(replace(chunk, kind="person"))
    taken = [(m.start, m.end) for m in known]
    found = known + [m for m in chunks if not _overlaps(m, taken)]
    found.sort(key=lambda m: m.start)
    return found


def _overlaps_any(chunk: Mention, known: list[Mention], besides: list[Mention]) -> bool:
    return any(m not in besides and m.start < chunk.end and chunk.start < m.end for m in known)


def _known(text: str, gazetteer: Gazetteer) -> Iterable[Mention]:
    for m in alias_matches(text, gazetteer):
        name = gazetteer.canonical(m.group(0))
        if name and not _modified(text, m.end()):
            yield _mention(
                text, m.group(0), m.start(), m.end(), name, gazetteer.kinds.get(name, ""), True
            )


def alias_matches(text: str, gazetteer: Gazetteer) -> Iterator[re.Match[str]]:
    """The reference's aliases in ``text``, as one alternation of every alias (longest
    first) would find them left to right, without running it: an alias that starts with a
    word can only match where that word starts, and no alias of another first word can match
    there, so each word that starts an alias is tried with its own short pattern."""
    if gazetteer.irregular and _may_hold_irregular(text, gazetteer.irregular):
        yield from _any_alias(text, gazetteer)
        return
    index = gazetteer.aliases_by_word
    if not index:
        return
    end = 0
    for word in _lead_words(gazetteer.alias_leads).finditer(text):
        group = index.get(word.group(0))
        if group is None or word.start() < end:
            continue
        found = alias_pattern(group).match(text, word.start())
        if found is not None:
            end = found.end()
            yield found


@lru_cache(maxsize=8)
def _lead_words(leads: str) -> re.Pattern[str]:
    """Finds the words (whole ``\\w+`` runs) that start with one of ``leads``: in a sentence,
    the few words that may start an alias, found without a Python step for every word."""
    return re.compile(rf"(?<!\w)[{re.escape(leads)}]\w*")


def _may_hold_irregular(text: str, irregular: tuple[str, ...]) -> bool:
    """Whether an alias that starts with no word could match: the text holds its first word
    as a word (``Home`` for ``@Home``) or, for an alias without one, its first character."""
    for alias in irregular:
        word = WORD.search(alias)
        if word is None and alias[0] in text:
            return True
        if word is not None and re.search(rf"(?<!\w){re.escape(word.group(0))}(?!\w)", text):
            return True
    return False


def _any_alias(text: str, gazetteer: Gazetteer) -> Iterator[re.Match[str]]:
    """The general search: one alternation of the aliases the sentence's words start and of
    the irregular ones (an irregular alias's match starts before its first word)."""
    index = gazetteer.aliases_by_word
    words = [w for w in WORD.findall(text) if w in index]
    candidates = frozenset(gazetteer.irregular).union(*(index[w] for w in words))
    yield from alias_pattern(tuple(sorted(candidates)), lookahead=True).finditer(text)


@lru_cache(maxsize=_NAME_CACHE)
def alias_pattern(aliases: tuple[str, ...], lookahead: bool = False) -> re.Pattern[str]:
    """The alternation of ``aliases``, longest first, as whole words in their own case;
    with a lead lookahead for scanning (see :func:`lead_lookahead`)."""
    lead = lead_lookahead(aliases) if lookahead else ""
    return re.compile(lead + phrase_pattern(aliases, flags=0))


def _mention(
    text: str, surface: str, start: int, end: int, name: str, kind: str, known: bool
) -> Mention:
    poss = text.startswith("'", end) and bool(_POSSESSIVE.match(text[end : end + 3]))
    return Mention(surface, start, end, name, kind, known, poss)


def _modified(text: str, end: int) -> bool:
    """``Nvidia-backed``: the name ends in a modifier, so it is not itself mentioned."""
    return text.startswith("-", end) and _MODIFIER.match(text, end) is not None


def _chunks(text: str, gazetteer: Gazetteer) -> Iterable[Mention]:
    chunk = _CHUNK if _CAMEL.search(text) else _CAPITAL_CHUNK
    places = _places()
    for m in chunk.finditer(text):
        at = m.start()
        for start, end, surface, clean, key in _pieces(text[at - 1 : at] if at else "", m.group(0)):
            if _modified(text, at + end):
                continue
            name = gazetteer.names.get(key) or clean
            kind = gazetteer.kinds.get(name, "") or ("place" if name in places else "")
            if name:
                yield _mention(text, surface, at + start, at + end, name, kind, False)


_PieceRow = tuple[int, int, str, str, str]


@lru_cache(maxsize=_NAME_CACHE)
def _pieces(before: str, chunk: str) -> tuple[_PieceRow, ...]:
    """The names in a capitalised run as (start, end, surface, cleaned, folded), offsets in
    ``chunk``: titles split off, non-name words trimmed. ``before`` is the character before
    the run (a title's match looks at it), so the result depends on nothing else and is
    computed once per distinct run."""
    text = before + chunk
    lead = len(before)
    rows = []
    for start, end in _split_titles(lead, len(text), text, _title_pattern()):
        piece = _trim(text, start, end)
        if piece is not None:
            surface = text[piece[0] : piece[1]]
            clean, key = _name_key(surface)
            rows.append((piece[0] - lead, piece[1] - lead, surface, clean, key))
    return tuple(rows)


def _split_titles(
    start: int, end: int, text: str, titles: re.Pattern[str]
) -> list[tuple[int, int]]:
    pieces, pos = [], start
    for t in titles.finditer(text, start, end):
        pieces.append((pos, t.start()))
        pos = t.end()
    pieces.append((pos, end))
    return [(s, e) for s, e in pieces if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Drop leading and trailing words that are not names; None when nothing is left."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    stop = _not_names()
    while words and text[words[0][0] : words[0][1]].rstrip(".,") in stop:
        words.pop(0)
    if len(words) == 1 and text[words[0][0] : words[0][1]].rstrip(".,") in stop:
        words.pop()
    if not words or text[words[0][0] : words[0][1]].isdigit():
        return None
    if len(words) == 1 and words[0][1] - words[0][0] == 1:
        return None
    return words[0][0], words[-1][1]


def _overlaps(m: Mention, taken: list[tuple[int, int]]) -> bool:
    return any(m.start < e and s < m.end for s, e in taken)
