"""Generate a seeded, repeatable synthetic news corpus for benchmarking claimcheck.

    python benchmarks/generate.py OUT_DIR --articles N --seed S [--companies K]

Writes, under OUT_DIR:

- ``articles/NNN/NNNNNN-STYLE.EXT``: articles in six outlet styles (wire copy, blog,
  listicle bullets, Markdown with front matter, explainer with headings, HTML page), about
  500 words each, about invented companies and people;
- ``claims.yaml``: the curated record (docs/claims-format.md) for a subset of the
  companies, so some figures are judged against a reference and the rest only across
  articles;
- ``planted.jsonl``: every figure the generator wrote, one JSON object a line, with
  whether it was written to agree with the company's record, to be a near miss within
  the record's tolerance, or to conflict with it (a record of what was written, not a
  gold standard of what a reader must find);
- ``manifest.json``: the parameters, the generator version and totals.

Companies are chosen with a Zipf-like skew, so a few "hot" companies are covered by many
articles (as on a big story) while most get a handful; the same seed, size and
``GENERATOR_VERSION`` always give the same bytes. Word lists and templates are in
``benchmarks/corpus.yaml``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

GENERATOR_VERSION = "1"
"""Bump when the output for a given seed changes, so cached corpora are rebuilt."""

DATA_FILE = Path(__file__).with_name("corpus.yaml")
STATUS_WEIGHTS = (("agree", 0.72), ("minor", 0.12), ("conflict", 0.16))
STYLE_WEIGHTS = (
    ("wire", 0.24),
    ("blog", 0.18),
    ("listicle", 0.14),
    ("frontmatter", 0.2),
    ("explainer", 0.14),
    ("html", 0.1),
)
STYLE_SUFFIX = {"wire": "txt", "blog": "txt", "html": "html"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PER_FOLDER = 1000
REVENUE_YEARS = (2022, 2023, 2024)


@cache
def data() -> dict[str, Any]:
    """The word lists and templates of ``corpus.yaml``, read once."""
    with DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)  # type: ignore[no-any-return]


# --- the world: companies, people and their true facts -----------------------------------


@dataclass(slots=True)
class Deal:
    """A partnership between two companies and how it was announced."""

    partner: int
    kind: str
    platform: str
    announced: date
    announcer: str


@dataclass(slots=True)
class Company:
    """One invented company and every fact the corpus states about it."""

    index: int
    name: str
    currency: str
    city: str
    founded: int
    ceo: str
    cto: str
    cfo: str
    founders: tuple[str, ...]
    product: str
    pkind: str
    launched: date
    max_len: int
    clip_len: int
    price: int
    revenue: dict[int, float]
    valuation: float
    funding: float | None
    users: float
    employees: int
    stake: tuple[int, int] | None = None
    acquired: tuple[int, int] | None = None
    deal: Deal | None = None
    alt: dict[str, Any] = field(default_factory=dict)
    """The wrong value conflicting articles usually repeat (a rumour that spreads)."""

    @property
    def possessive(self) -> str:
        """``Novabyte's``, or ``Quill Labs'`` for a name ending in s."""
        return self.name + ("'" if self.name.endswith("s") else "'s")


@dataclass(slots=True)
class World:
    """All companies, the people who are not employees, and the Zipf weights."""

    companies: list[Company]
    bystanders: list[str]
    cum_weights: list[float]

    def pick(self, rng: random.Random) -> Company:
        """A company, the popular ones more often."""
        return rng.choices(self.companies, cum_weights=self.cum_weights)[0]


def sig(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant digits."""
    return float(f"{x:.{digits}g}")


def _company_names(rng: random.Random, count: int) -> list[str]:
    names = data()["names"]
    pairs = [(p, c) for p in names["prefixes"] for c in names["cores"]]
    rng.shuffle(pairs)
    out = []
    for prefix, core in pairs[:count]:
        word = prefix + core
        out.append(f"{word} {rng.choice(names['org_words'])}" if rng.random() < 0.35 else word)
    return out


def _people(rng: random.Random) -> list[str]:
    names = data()["names"]
    people = [f"{f} {last}" for f in names["first"] for last in names["last"]]
    rng.shuffle(people)
    return people


def max_companies() -> int:
    """How many distinct companies the name lists allow."""
    names = data()["names"]
    pairs = len(names["prefixes"]) * len(names["cores"])
    people = len(names["first"]) * len(names["last"])
    return min(pairs, (people - 300) // 4, len(names["products"]) * 99)


def default_companies(articles: int) -> int:
    """About 20 articles per company, between 40 and the most the name lists allow."""
    return max(40, min(articles // 20, max_companies()))


def _money_scale(rng: random.Random, low: float, high: float) -> float:
    return sig(10 ** rng.uniform(low, high))


def _company(rng: random.Random, index: int, name: str, people: list[str]) -> Company:
    names = data()["names"]
    city = rng.choice(names["cities"])
    currency = (
        "€" if city in names["euro_cities"] else "£" if city in names["pound_cities"] else "$"
    )
    ceo, cto, cfo, extra = people[index * 4 : index * 4 + 4]
    founders = (ceo,) if rng.random() < 0.4 else (ceo, cto) if rng.random() < 0.7 else (ceo, extra)
    products = names["products"]
    revenue_2022 = _money_scale(rng, 6.7, 9.5)
    revenue = {y: sig(revenue_2022 * 1.3 ** (y - 2022)) for y in REVENUE_YEARS}
    valuation = sig(revenue[2024] * rng.uniform(6, 40))
    return Company(
        index=index,
        name=name,
        currency=currency,
        city=city,
        founded=rng.randint(1998, 2022),
        ceo=ceo,
        cto=cto,
        cfo=cfo,
        founders=founders,
        product=f"{products[index % len(products)]} {index // len(products) + 1}",
        pkind=rng.choice(names["product_kinds"]),
        launched=date(2023, 1, 1) + timedelta(days=rng.randint(0, 900)),
        max_len=rng.randint(10, 60),
        clip_len=rng.randint(4, 9),
        price=rng.choice([5, 8, 10, 12, 15, 20, 25, 30, 49]),
        revenue=revenue,
        valuation=valuation,
        funding=sig(valuation * rng.uniform(0.05, 0.3)) if rng.random() < 0.65 else None,
        users=_money_scale(rng, 4.5, 9.6),
        employees=int(sig(10 ** rng.uniform(1.3, 4.3), 2)),
    )


def _relations(rng: random.Random, companies: list[Company], people: list[str]) -> None:
    """Give some companies a stake, an acquisition or a partnership with another one."""
    names = data()["names"]
    count, pairs = len(companies), set()
    for co in companies:
        others = [j for j in rng.sample(range(count), min(4, count)) if j != co.index]
        if rng.random() < 0.3:
            co.stake = (others[0], rng.randint(5, 60))
        if rng.random() < 0.25:
            co.acquired = (others[1], rng.randint(2015, 2024))
        pair = frozenset((co.index, others[2]))
        if rng.random() < 0.45 and pair not in pairs:
            pairs.add(pair)
            co.deal = Deal(
                partner=others[2],
                kind=rng.choice(names["deal_kinds"]),
                platform=rng.choice(names["platforms"]),
                announced=date(2025, 1, 6) + timedelta(days=rng.randint(0, 280)),
                announcer=rng.choice((co.ceo, co.cto)),
            )
        co.alt = _alternates(rng, co, people)


def _alternates(rng: random.Random, co: Company, people: list[str]) -> dict[str, Any]:
    names = data()["names"]
    return {
        "factor": rng.choice((0.5, 0.6, 1.5, 1.8, 2.5)),
        "year": co.founded + rng.choice((-3, -2, -1, 1, 2)),
        "city": rng.choice([c for c in names["cities"] if c != co.city]),
        "ceo": co.cto if rng.random() < 0.5 else rng.choice(people),
        "platform": rng.choice(names["platforms"]),
        "seconds": rng.choice((-10, -5, 5, 10)),
        "days": rng.choice((-60, -31, 30, 92)),
    }


def build_world(seed: int, count: int) -> World:
    """The companies and people of one seed; the same seed gives the same world."""
    rng = random.Random(seed)
    count = min(count, max_companies())
    people = _people(rng)
    companies = [
        _company(rng, i, name, people) for i, name in enumerate(_company_names(rng, count))
    ]
    bystanders = people[count * 4 :]
    _relations(rng, companies, bystanders)
    total, cum = 0.0, []
    for rank in range(count):
        total += 1.0 / (rank + 1) ** 1.05
        cum.append(total)
    return World(companies, bystanders, cum)


# --- writing values the way journalists do -----------------------------------------------

_SCALES = ((1e9, "billion", "B", "bn"), (1e6, "million", "M", "m"))
_CURRENCY_WORDS = {"$": ("dollars", "USD"), "€": ("euros", "EUR"), "£": ("pounds", "GBP")}


def number_text(x: float) -> tuple[str, str, str]:
    """(``14.3``, ``billion``, ``B``) for 14.3e9; small numbers get thousands commas."""
    for size, word, letter, _ in _SCALES:
        if x >= size:
            return f"{sig(x / size):g}", word, letter
    return f"{round(x):,}", "", ""


def money_text(rng: random.Random, amount: float, currency: str) -> str:
    """``$14.3 billion``, ``$14.3B``, ``€40 billion``, ``40 billion euros``, ``USD 200 million``."""
    num, word, letter = number_text(amount)
    if not word:
        return f"{currency}{num}"
    cur_word, code = _CURRENCY_WORDS[currency]
    roll = rng.random()
    if roll < 0.55:
        return f"{currency}{num} {word}"
    if roll < 0.75:
        return f"{currency}{num}{letter}"
    if roll < 0.88:
        return f"{num} {word} {cur_word}"
    return f"{code} {num} {word}"


def count_text(x: float) -> str:
    """``3.96 billion``, ``12.5 million``, ``850,000``."""
    num, word, _ = number_text(x)
    return f"{num} {word}" if word else num


def date_text(rng: random.Random, day: date) -> str:
    """``June 18, 2025``, ``18 June 2025`` or ``2025-06-18``."""
    roll = rng.random()
    month = MONTHS[day.month - 1]
    if roll < 0.5:
        return f"{month} {day.day}, {day.year}"
    if roll < 0.8:
        return f"{day.day} {month} {day.year}"
    return day.isoformat()


# --- one article -------------------------------------------------------------------------


@dataclass(slots=True)
class Writer:
    """Builds one article: its sentences (in order) and the figures planted in them."""

    rng: random.Random
    world: World
    company: Company
    path: str
    published: date | None
    slots: dict[str, Any]
    sentences: list[str] = field(default_factory=list)
    planted: list[dict[str, Any]] = field(default_factory=list)

    def status(self, minor: bool = True) -> str:
        """agree / minor / conflict, at the corpus's planted rates."""
        roll, acc = self.rng.random(), 0.0
        for name, weight in STATUS_WEIGHTS:
            acc += weight
            if roll < acc:
                return name if (minor or name != "minor") else "agree"
        return "agree"

    def say(self, kind: str, co: Company, anaphor_ok: bool = True, **slots: Any) -> None:
        """Append one sentence from a fact template of ``kind``."""
        templates = data()["facts"][kind]
        if not anaphor_ok:
            templates = [t for t in templates if "{co" in t or "{product" in t]
        text = self.rng.choice(templates)
        values = {**self.slots, "co": co.name, "cos": co.possessive, "product": co.product}
        self.sentences.append(text.format(**{**values, **slots}))

    def plant(self, co: Company, attribute: str, status: str, text: str, **extra: str) -> None:
        """Remember a figure written into the article."""
        record = {"article": self.path, "subject": co.name, "attribute": attribute}
        self.planted.append({**record, **extra, "planted": status, "text": text})


def _money_fact(w: Writer, co: Company, truth: float, status: str) -> str:
    rng = w.rng
    if status == "minor":
        return money_text(
            rng, sig(truth * (1 + rng.choice((-1, 1)) * rng.uniform(0.02, 0.04))), co.currency
        )
    if status == "conflict":
        factor = co.alt["factor"] if rng.random() < 0.7 else rng.uniform(0.3, 0.7)
        return money_text(rng, sig(truth * factor), co.currency)
    roll = rng.random()
    if roll < 0.7:
        return money_text(rng, truth, co.currency)
    if roll < 0.8:
        return f"about {money_text(rng, sig(truth, 2), co.currency)}"
    if roll < 0.9:
        return f"more than {money_text(rng, sig(truth * 0.95, 2), co.currency)}"
    return f"nearly {money_text(rng, sig(truth * 1.04, 2), co.currency)}"


def fact_revenue(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """Revenue for one year, as ``generated $214 million in revenue in 2023``."""
    year = w.rng.choice(REVENUE_YEARS)
    status = w.status()
    text = _money_fact(w, co, co.revenue[year], status)
    w.say("revenue", co, anaphor_ok, v=text, year=year)
    w.plant(co, "revenue", status, text, period=str(year))


def fact_valuation(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The latest valuation, as ``valued at $14.3B``."""
    status = w.status()
    text = _money_fact(w, co, co.valuation, status)
    w.say("valuation", co, anaphor_ok, v=text)
    w.plant(co, "valuation", status, text)


def fact_funding(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """Outside money raised, or ``never raised outside funding``."""
    status = w.status(minor=co.funding is not None)
    raised = co.funding if status != "conflict" else (None if co.funding else co.valuation * 0.1)
    if raised is None:
        w.say("funding_none", co, anaphor_ok)
        w.plant(co, "external_funding", status, "none")
        return
    text = _money_fact(w, co, raised, "agree" if status == "conflict" else status)
    w.say("funding_raised", co, anaphor_ok, v=text)
    w.plant(co, "external_funding", status, text)


def fact_price(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The cheapest plan, as ``$10 per month``."""
    status = w.status(minor=False)
    price = co.price if status == "agree" else co.price + w.rng.choice((-3, 5, 10))
    per = w.rng.choice(("per month", "a month", "/month"))
    text = f"{co.currency}{price}{' ' if per[0] != '/' else ''}{per}"
    w.say("price", co, anaphor_ok, v=text)
    w.plant(co, "price", status, text)


def _scaled_fact(w: Writer, truth: float, status: str, alt_factor: float) -> float:
    if status == "minor":
        return sig(truth * (1 + w.rng.choice((-1, 1)) * 0.03))
    if status == "conflict":
        return sig(truth * alt_factor)
    return truth


def fact_users(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The user count, as ``3.96 billion users``."""
    status = w.status()
    text = count_text(_scaled_fact(w, co.users, status, co.alt["factor"]))
    w.say("users", co, anaphor_ok, v=text)
    w.plant(co, "users", status, f"{text} users")


def fact_employees(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The headcount, as ``1,200 employees``."""
    status = w.status()
    text = count_text(_scaled_fact(w, co.employees, status, co.alt["factor"]))
    w.say("employees", co, anaphor_ok, v=text)
    w.plant(co, "employees", status, text)


def fact_founded(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The founding year."""
    status = w.status(minor=False)
    year = co.founded if status == "agree" else co.alt["year"]
    vp = w.rng.choice(w.slots["vps"])
    w.say("founded", co, anaphor_ok, v=year, vp=vp, people=_people_text(co.founders))
    w.plant(co, "founded", status, str(year))


def fact_headquarters(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The home city, as ``Austin-based`` or ``headquartered in Austin``."""
    status = w.status(minor=False)
    city = co.city if status == "agree" else co.alt["city"]
    w.say("headquarters", co, anaphor_ok, v=city, vp=w.rng.choice(w.slots["vps"]))
    w.plant(co, "headquarters", status, city)


def fact_role(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """Who holds a title: ``Novabyte's CEO Jane Roe``; sometimes a former holder too."""
    role = w.rng.choice(("ceo", "ceo", "cto", "cfo"))
    status = w.status(minor=False)
    person = getattr(co, role)
    if status == "conflict":
        person = co.alt["ceo"] if role == "ceo" else w.rng.choice(w.world.bystanders)
    titles = data()["roles"][role]
    w.say("role", co, anaphor_ok, role=w.rng.choice(titles), person=person)
    w.plant(co, role, status, person)
    if anaphor_ok and w.rng.random() < 0.1:
        former = w.rng.choice(w.world.bystanders)
        w.say("former", co, anaphor_ok, role=w.rng.choice(titles), person=former)


def _people_text(people: Sequence[str]) -> str:
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def fact_founders(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """``co-founded by Jane Roe and Sam Poe``."""
    status = w.status(minor=False)
    founders = list(co.founders)
    if status == "conflict":
        founders[-1] = w.rng.choice(w.world.bystanders)
    w.say("founders", co, anaphor_ok, people=_people_text(founders))
    for person in founders:
        w.plant(co, "founder", status if person not in co.founders else "agree", person)


def fact_product(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """The product's launch date, then its maximum and clip lengths."""
    status = w.status(minor=False)
    day = co.launched if status == "agree" else co.launched + timedelta(days=co.alt["days"])
    text = date_text(w.rng, day)
    w.say("launch", co, anaphor_ok, v=text, pkind=co.pkind)
    w.plant(co, "launch_date", status, text, subject_as=co.product)
    status = w.status()
    shift = {"agree": 0, "minor": w.rng.choice((-1, 1)), "conflict": co.alt["seconds"]}[status]
    seconds = f"{co.max_len + shift} seconds"
    w.say("max_length", co, anaphor_ok, v=seconds)
    w.plant(co, "max_length", status, seconds, subject_as=co.product)
    if w.rng.random() < 0.5:
        w.say("clip_length", co, anaphor_ok, v=f"{co.clip_len}-second")
        w.plant(co, "clip_length", "agree", f"{co.clip_len} seconds", subject_as=co.product)


def _percent_text(rng: random.Random, pct: int) -> str:
    return rng.choice((f"{pct}%", f"{pct}%", f"{pct} percent", f"{pct} per cent"))


def fact_stake(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """``a 49% stake in Scale AI``."""
    if co.stake is None:
        return
    partner, pct = co.stake
    status = w.status(minor=False)
    pct = pct if status == "agree" else max(1, min(99, pct + w.rng.choice((-15, -10, 10, 20))))
    other = w.world.companies[partner].name
    text = _percent_text(w.rng, pct)
    w.say("stake", co, anaphor_ok, v=text, partner=other)
    w.plant(co, "stake", status, text, object=other)


def fact_acquisition(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """``acquired X in 2021`` (a 100 % stake); conflicting articles say a partial stake."""
    if co.acquired is None:
        return
    target, year = co.acquired
    other = w.world.companies[target].name
    status = w.status(minor=False)
    if status == "agree":
        w.say("acquisition", co, anaphor_ok, partner=other, year=year)
        w.plant(co, "stake", status, "acquired (100%)", object=other)
        return
    text = _percent_text(w.rng, w.rng.choice((20, 30, 40)))
    w.say("stake", co, anaphor_ok, v=text, partner=other)
    w.plant(co, "stake", status, text, object=other)


def fact_deal(w: Writer, co: Company, anaphor_ok: bool) -> None:
    """A partnership (``a licensing partnership with X``) and where it was announced."""
    deal = co.deal
    if deal is None:
        return
    partner = w.world.companies[deal.partner].name
    status = w.status(minor=False)
    kinds = data()["names"]["deal_kinds"]
    kind = deal.kind if status == "agree" else w.rng.choice([k for k in kinds if k != deal.kind])
    w.say("partnership", co, anaphor_ok, v=kind, partner=partner)
    w.plant(co, "kind", status, kind, object=partner)
    status = w.status(minor=False)
    platform = deal.platform if status == "agree" else co.alt["platform"]
    status = status if platform != deal.platform else "agree"
    titles = data()["roles"]["ceo" if deal.announcer == co.ceo else "cto"]
    w.say(
        "announced_on",
        co,
        anaphor_ok,
        v=platform,
        person=deal.announcer,
        role=w.rng.choice(titles),
        day=_announced_day(w, deal.announced),
    )
    w.plant(co, "announced_on", status, platform, object=partner)


def _announced_day(w: Writer, day: date) -> str:
    if w.published is not None and 0 < (w.published - day).days < 7:
        return f"last {WEEKDAYS[day.weekday()]}"
    return f"on {MONTHS[day.month - 1]} {day.day}, {day.year}"


FACTS: dict[str, Callable[[Writer, Company, bool], None]] = {
    "founded": fact_founded,
    "headquarters": fact_headquarters,
    "revenue": fact_revenue,
    "revenue2": fact_revenue,
    "valuation": fact_valuation,
    "funding": fact_funding,
    "price": fact_price,
    "users": fact_users,
    "employees": fact_employees,
    "role": fact_role,
    "role2": fact_role,
    "founders": fact_founders,
    "product": fact_product,
    "stake": fact_stake,
    "acquisition": fact_acquisition,
    "deal": fact_deal,
}
"""Fact writers: each appends sentences to the article and records what it planted."""
RIVAL_FACTS = ("founded", "revenue", "valuation", "users", "headquarters", "role")


def _article_slots(rng: random.Random, world: World, co: Company) -> dict[str, Any]:
    names, text = data()["names"], data()
    rival = world.pick(rng)
    rival = rival if rival is not co else world.companies[(co.index + 1) % len(world.companies)]
    sector = rng.choice(names["sectors"])
    return {
        "rival": rival.name,
        "analyst": rng.choice(world.bystanders),
        "firm": rng.choice(names["research_firms"]),
        "source": rng.choice(names["outlets"] + names["research_firms"]),
        "pkind": co.pkind,
        "sector": sector,
        "topic": rng.choice(names["topics"]),
        "city": rng.choice(names["cities"]),
        "mood": rng.choice(text["moods"]),
        "vps": [vp.format(sector=sector) for vp in text["verb_phrases"]],
        "n": rng.randint(3, 40),
    }


def _facts(w: Writer) -> None:
    rng, co = w.rng, w.company
    chosen = rng.sample(list(FACTS), rng.randint(7, 11))
    for name in chosen:
        FACTS[name](w, co, True)
    if rng.random() < 0.4:
        rival = w.world.pick(rng)
        if rival is not co:
            FACTS[rng.choice(RIVAL_FACTS)](w, rival, False)


def _filler(w: Writer, words: int) -> list[str]:
    rng, out = w.rng, []
    pool = data()["filler"]
    slots = {**w.slots, "co": w.company.name, "cos": w.company.possessive}
    slots["product"] = w.company.product
    for template in rng.sample(pool, len(pool)):
        if words <= 0:
            break
        slots["n"] = 3 + int(rng.random() * 38)
        sentence = template.format(**slots)
        out.append(sentence)
        words -= sentence.count(" ") + 1
    return out


def _interleave(rng: random.Random, facts: list[str], filler: list[str]) -> list[str]:
    total = len(facts) + len(filler)
    spots = set(rng.sample(range(1, total + 1), len(facts)))
    fact_iter, fill_iter = iter(facts), iter(filler)
    return [next(fact_iter) if i in spots else next(fill_iter) for i in range(1, total + 1)]


@dataclass(frozen=True, slots=True)
class Draft:
    """An article before it is laid out in an outlet's style."""

    title: str
    sentences: list[str]
    published: date | None
    outlet: str
    company: Company
    slots: dict[str, Any]


def write_article(world: World, seed: int, index: int, style: str, path: str) -> Writer:
    """Choose a company and write the sentences of article ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    co = world.pick(rng)
    published = _published(rng, co, style)
    w = Writer(rng, world, co, path, published, _article_slots(rng, world, co))
    lead = rng.choice(data()["leads"]).format(co=co.name, sector=w.slots["sector"])
    _facts(w)
    words = rng.randint(470, 540) - sum(s.count(" ") + 1 for s in w.sentences) - 10
    w.sentences = [lead, *_interleave(rng, w.sentences, _filler(w, words))]
    return w


def _published(rng: random.Random, co: Company, style: str) -> date | None:
    if style in {"wire", "blog"}:
        return None
    if co.deal is not None and rng.random() < 0.6:
        return co.deal.announced + timedelta(days=rng.randint(1, 6))
    return date(2025, 6, 1) + timedelta(days=rng.randint(0, 200))


# --- outlet styles -----------------------------------------------------------------------


def _paragraphs(rng: random.Random, sentences: list[str], low: int, high: int) -> list[str]:
    out, i = [], 0
    while i < len(sentences):
        step = low + int(rng.random() * (high - low + 1))
        out.append(" ".join(sentences[i : i + step]))
        i += step
    return out


def _front_matter(d: Draft, url_slug: str) -> str:
    lines = [
        "---",
        f'title: "{d.title}"',
        f"outlet: {d.outlet}",
        f"url: https://{d.outlet.lower().replace(' ', '')}.example/{url_slug}",
        f"published: {d.published.isoformat() if d.published else ''}",
        "language: en",
        "---",
        "",
    ]
    return "\n".join(lines)


def render_wire(rng: random.Random, d: Draft, slug: str) -> str:
    """Wire copy: a dateline, one- or two-sentence paragraphs, a reporting credit."""
    wire = rng.choice(data()["names"]["wire_outlets"])
    day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
    paras = _paragraphs(rng, d.sentences, 1, 2)
    dateline = f"{d.company.city.upper()}, {MONTHS[day.month - 1][:3]} {day.day} ({wire}) - "
    paras[0] = dateline + paras[0]
    credit = f"(Reporting by {d.slots['analyst']}; Editing by {rng.choice(d.slots['people'])})"
    return "\n\n".join([d.title, *paras, credit]) + "\n"


def render_blog(rng: random.Random, d: Draft, slug: str) -> str:
    """A blog post: title, byline, long paragraphs, share and comment furniture."""
    paras = _paragraphs(rng, d.sentences, 3, 4)
    byline = f"By {rng.choice(d.slots['people'])}"
    return "\n\n".join([d.title, byline, *paras, "Share this article", "Write A Comment"]) + "\n"


def render_frontmatter(rng: random.Random, d: Draft, slug: str) -> str:
    """Markdown with YAML front matter, a heading and two-to-three-sentence paragraphs."""
    paras = _paragraphs(rng, d.sentences, 2, 3)
    if len(paras) > 4:
        paras.insert(len(paras) // 2, f"## {rng.choice(data()['listicle_heads']).rstrip('.')}")
    return _front_matter(d, slug) + "\n\n".join([f"# {d.title}", *paras]) + "\n"


def render_listicle(rng: random.Random, d: Draft, slug: str) -> str:
    """A listicle: front matter, an intro, bold-led bullets of a few sentences, an outro."""
    intro, rest = d.sentences[:2], d.sentences[2:]
    heads = data()["listicle_heads"]
    items = _paragraphs(rng, rest, 2, 4)
    count = min(len(items) - 1, rng.randint(5, 9))
    bullets = [f"- **{rng.choice(heads)}** {p}" for p in items[:count]]
    title = f"{count} things to know about {d.company.possessive} {d.slots['topic']}"
    body = [f"# {title}", " ".join(intro), "\n".join(bullets), *items[count:]]
    return _front_matter(d, slug) + "\n\n".join(body) + "\n"


def render_explainer(rng: random.Random, d: Draft, slug: str) -> str:
    """An explainer: front matter, sections under headings, sometimes a table of figures."""
    paras = _paragraphs(rng, d.sentences, 2, 3)
    heads = [
        h.format(co=d.company.name, product=d.company.product) for h in data()["explainer_heads"]
    ]
    parts = [f"# What to know about {d.company.name}", paras[0]]
    for i, para in enumerate(paras[1:]):
        if i % 3 == 0:
            parts.append(f"## {heads[(i // 3) % len(heads)]}")
        parts.append(para)
    if rng.random() < 0.3:
        year = rng.choice(REVENUE_YEARS)
        money = money_text(rng, d.company.revenue[year], d.company.currency)
        parts.append(f"| Figure | Value |\n|---|---|\n| Revenue ({year}) | {money} |")
    return _front_matter(d, slug) + "\n\n".join(parts) + "\n"


def render_html(rng: random.Random, d: Draft, slug: str) -> str:
    """An HTML page: head metadata, navigation, the article in ``<article>``, a footer."""
    esc = html.escape
    paras = "\n".join(f"<p>{esc(p, quote=False)}</p>" for p in _paragraphs(rng, d.sentences, 2, 3))
    published = d.published.isoformat() if d.published else ""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n'
        f"<title>{esc(d.title)} | {esc(d.outlet)}</title>\n"
        f'<meta property="og:title" content="{esc(d.title)}">\n'
        f'<meta property="og:site_name" content="{esc(d.outlet)}">\n'
        f'<meta property="article:published_time" content="{published}">\n'
        "</head>\n<body>\n"
        '<nav class="site-nav"><a href="/">Home</a> <a href="/tech">Tech</a></nav>\n'
        f"<article>\n<h1>{esc(d.title)}</h1>\n{paras}\n</article>\n"
        '<div class="share-buttons">Share this article</div>\n'
        "<footer>Copyright 2025</footer>\n</body>\n</html>\n"
    )


RENDERERS: dict[str, Callable[[random.Random, Draft, str], str]] = {
    "wire": render_wire,
    "blog": render_blog,
    "listicle": render_listicle,
    "frontmatter": render_frontmatter,
    "explainer": render_explainer,
    "html": render_html,
}


# --- the reference file ------------------------------------------------------------------


def _reference_entities(world: World, chosen: list[Company]) -> dict[str, dict[str, Any]]:
    entities: dict[str, dict[str, Any]] = {}

    def add(name: str, kind: str, aliases: Sequence[str] = (), parties: Sequence[str] = ()) -> None:
        entry: dict[str, Any] = {"name": name, "kind": kind}
        if aliases:
            entry["aliases"] = list(aliases)
        if parties:
            entry["parties"] = list(parties)
        entities.setdefault(name, entry)

    for co in chosen:
        add(co.name, "organisation", [f"{co.name} Inc.", f"{co.name}, Inc."])
        add(co.product, "product", [f"{co.name} {co.product}"])
        for person in dict.fromkeys((co.ceo, co.cto, co.cfo, *co.founders)):
            add(person, "person")
        if co.deal is not None:
            partner = world.companies[co.deal.partner].name
            add(partner, "organisation")
            add(
                _event(co.name, partner),
                "event",
                [_event(co.name, partner, "-")],
                [co.name, partner],
            )
    return entities


def _event(a: str, b: str, dash: str = "–") -> str:
    return f"{dash.join(sorted((a, b)))} partnership"


def _reference_claims(world: World, co: Company) -> list[dict[str, Any]]:
    money = {"$": "${} {}", "€": "€{} {}", "£": "£{} {}"}[co.currency]

    def cash(x: float) -> str:
        num, word, _ = number_text(x)
        return money.format(num, word).strip()

    claims: list[dict[str, Any]] = [
        {"subject": co.name, "attribute": "founded", "value": str(co.founded)},
        {"subject": co.name, "attribute": "headquarters", "value": co.city},
        *(
            {
                "subject": co.name,
                "attribute": "revenue",
                "period": str(y),
                "value": cash(v),
                "tolerance": "5%",
            }
            for y, v in co.revenue.items()
        ),
        {
            "subject": co.name,
            "attribute": "valuation",
            "value": cash(co.valuation),
            "tolerance": "5%",
        },
        {
            "subject": co.name,
            "attribute": "external funding",
            "value": cash(co.funding) if co.funding else "none",
            "tolerance": "5%",
        },
        {"subject": co.name, "attribute": "CEO", "value": co.ceo},
        {"subject": co.name, "attribute": "CTO", "value": co.cto},
        {"subject": co.name, "attribute": "CFO", "value": co.cfo},
        {"subject": co.name, "attribute": "founder", "value": list(co.founders)},
        {
            "subject": co.name,
            "attribute": "users",
            "value": f"{count_text(co.users)} users",
            "tolerance": "5%",
        },
        {
            "subject": co.name,
            "attribute": "employees",
            "value": str(co.employees),
            "tolerance": "5%",
        },
        {"subject": co.name, "attribute": "price", "value": f"{co.currency}{co.price} per month"},
        {"subject": co.name, "attribute": "product", "value": co.product},
        {"subject": co.product, "attribute": "launch date", "value": co.launched.isoformat()},
        {
            "subject": co.product,
            "attribute": "maximum length",
            "value": f"{co.max_len} seconds",
            "tolerance": "1 s",
        },
        {"subject": co.product, "attribute": "clip length", "value": f"{co.clip_len} seconds"},
    ]
    return claims + _relation_claims(world, co)


def _relation_claims(world: World, co: Company) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if co.stake is not None:
        partner = world.companies[co.stake[0]].name
        out.append(
            {
                "subject": co.name,
                "attribute": "stake",
                "object": partner,
                "value": f"{co.stake[1]}%",
            }
        )
    if co.acquired is not None and (co.stake is None or co.stake[0] != co.acquired[0]):
        target = world.companies[co.acquired[0]].name
        out.append({"subject": co.name, "attribute": "stake", "object": target, "value": "100%"})
    if co.deal is not None:
        event = _event(co.name, world.companies[co.deal.partner].name)
        kind = "research collaboration" if co.deal.kind == "research" else co.deal.kind
        out += [
            {"subject": event, "attribute": "kind", "value": kind},
            {"subject": event, "attribute": "announced on", "value": co.deal.platform},
            {"subject": event, "attribute": "announced by", "value": co.deal.announcer},
            {
                "subject": event,
                "attribute": "announcement date",
                "value": co.deal.announced.isoformat(),
            },
        ]
    return out


def reference_companies(world: World, share: float) -> list[Company]:
    """The companies the reference covers: the most covered ones and every few others."""
    count = len(world.companies)
    hot = max(5, int(count * share / 2))
    step = max(1, round(1 / max(share / 2, 1e-9)))
    return [co for co in world.companies if co.index < hot or co.index % step == step // 2]


def reference_yaml(world: World, share: float) -> str:
    """The text of ``claims.yaml`` for the chosen companies."""
    chosen = reference_companies(world, share)
    entities = _reference_entities(world, chosen)
    claims = [claim for co in chosen for claim in _reference_claims(world, co)]
    document = {"version": 1, "entities": list(entities.values()), "claims": claims}
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = f"# Synthetic reference for the benchmark corpus ({len(chosen)} companies).\n"
    return header + yaml.dump(
        document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000
    )


# --- the whole corpus --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    """What to generate."""

    out: Path
    articles: int
    seed: int = 1
    companies: int = 0
    """0 picks a default from the number of articles."""
    reference_share: float = 0.2


def _style(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for name, weight in STYLE_WEIGHTS:
        acc += weight
        if roll < acc:
            return name
    return STYLE_WEIGHTS[-1][0]


def _one(world: World, opts: Options, index: int) -> tuple[str, str, Writer]:
    style = _style(random.Random(opts.seed * 7_919 + index))
    rel = f"articles/{index // PER_FOLDER:03d}/{index:06d}-{style}"
    rel += f".{STYLE_SUFFIX.get(style, 'md')}"
    w = write_article(world, opts.seed, index, style, rel)
    rng = w.rng
    names = data()["names"]
    title = rng.choice(data()["headlines"]).format(
        co=w.company.name,
        cos=w.company.possessive,
        rival=w.slots["rival"],
        topic=w.slots["topic"],
        product=w.company.product,
    )
    slots = {**w.slots, "people": world.bystanders[:200]}
    draft = Draft(title, w.sentences, w.published, rng.choice(names["outlets"]), w.company, slots)
    return rel, RENDERERS[style](rng, draft, f"{index:06d}"), w


def generate(opts: Options) -> dict[str, Any]:
    """Write the corpus described by ``opts`` and return its manifest."""
    started = time.perf_counter()
    companies = opts.companies or default_companies(opts.articles)
    world = build_world(opts.seed, companies)
    if opts.out.exists():
        shutil.rmtree(opts.out)
    totals: Counter[str] = Counter()
    with _Sink(opts.out) as sink:
        for index in range(opts.articles):
            rel, text, w = _one(world, opts, index)
            sink.article(rel, text)
            sink.planted(w.planted)
            totals["bytes"] += len(text.encode("utf-8"))
            totals["words"] += text.count(" ") + text.count("\n")
            totals.update(p["planted"] for p in w.planted)
            totals["style:" + rel.rsplit("-", 1)[1].split(".")[0]] += 1
    (opts.out / "claims.yaml").write_text(
        reference_yaml(world, opts.reference_share), encoding="utf-8"
    )
    manifest = _manifest(opts, world, totals)
    print(
        f"generated {opts.articles} articles in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    (opts.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


class _Sink:
    """Writes article files and the planted-figures log."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folders: set[Path] = set()

    def __enter__(self) -> _Sink:
        self.out.mkdir(parents=True)
        self.log = (self.out / "planted.jsonl").open("w", encoding="utf-8")
        return self

    def __exit__(self, *exc: object) -> None:
        self.log.close()

    def article(self, rel: str, text: str) -> None:
        path = self.out / rel
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        path.write_text(text, encoding="utf-8")

    def planted(self, records: list[dict[str, Any]]) -> None:
        for record in records:
            self.log.write(json.dumps(record, ensure_ascii=False) + "\n")


def _manifest(opts: Options, world: World, totals: Counter[str]) -> dict[str, Any]:
    return {
        "generator_version": GENERATOR_VERSION,
        "seed": opts.seed,
        "articles": opts.articles,
        "companies": len(world.companies),
        "reference_companies": len(reference_companies(world, opts.reference_share)),
        "reference_share": opts.reference_share,
        "bytes": totals["bytes"],
        "words": totals["words"],
        "planted": {k: totals[k] for k in ("agree", "minor", "conflict")},
        "styles": {k.split(":", 1)[1]: v for k, v in sorted(totals.items()) if ":" in k},
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``generate.py OUT_DIR --articles N --seed S``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder (replaced if it exists)")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--companies",
        type=int,
        default=0,
        help="number of companies (default: about one per 20 articles)",
    )
    parser.add_argument(
        "--reference-share",
        type=float,
        default=0.2,
        help="share of companies the claims.yaml covers (default 0.2)",
    )
    args = parser.parse_args(argv)
    manifest = generate(
        Options(args.out, args.articles, args.seed, args.companies, args.reference_share)
    )
    json.dump(manifest, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
