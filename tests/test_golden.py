"""Golden cases per extractor (tests/golden/<kind>.yaml): sentence in, claims out."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.extract import EXTRACTORS, build_gazetteer, extract_sentence
from claimcheck.extract.context import ArticleState, Draft, SentenceContext
from claimcheck.extract.segment import Sentence
from claimcheck.models import Entity, Reference

GOLDEN = Path(__file__).parent / "golden"


def _cases() -> list[Any]:
    out = []
    for path in sorted(GOLDEN.glob("*.yaml")):
        for n, case in enumerate(yaml.safe_load(path.read_text("utf-8")), start=1):
            out.append(pytest.param(path.stem, case, id=f"{path.stem}-{n}"))
    return out


def _drafts(kind: str, case: dict[str, Any]) -> list[Draft]:
    entities = tuple(Entity(name=e["name"], kind=e["kind"]) for e in case.get("entities", []))
    gazetteer = build_gazetteer(Reference(path="test", entities=entities) if entities else None)
    published = case.get("published")
    published = published if isinstance(published, date) else None
    state = ArticleState()
    for before in case.get("before", []):
        extract_sentence(Sentence(before, 0, 0), gazetteer, state, published)
    ctx = SentenceContext.build(Sentence(case["text"], 0, 0), gazetteer, state, published)
    from claimcheck.extract import relations

    relations.update_event(ctx)
    return EXTRACTORS[kind](ctx)


def _matches(draft: Draft, want: dict[str, Any]) -> bool:
    fields = {
        "subject": draft.subject,
        "attribute": draft.attribute,
        "value": draft.value.text,
        "object": draft.object,
        "qualifier": draft.qualifier,
        "modality": draft.modality,
        "claimant": draft.claimant,
        "period": draft.period,
        "kind": draft.value.kind.value,
        "unit": draft.value.unit,
        "per": draft.value.per,
        "amount": draft.value.amount,
        "low": draft.value.low,
        "high": draft.value.high,
    }
    for key, expected in want.items():
        got = fields[key]
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            if got is None or abs(float(got) - expected) > 1e-6 * max(1.0, abs(expected)):
                return False
        elif str(got) != str(expected):
            return False
    return True


@pytest.mark.parametrize(("kind", "case"), _cases())
def test_golden_case(kind: str, case: dict[str, Any]) -> None:
    drafts = _drafts(kind, case)
    wanted = case["claims"]
    shown = [
        (d.subject, d.attribute, d.object, d.value.text, d.qualifier, d.modality, d.period)
        for d in drafts
    ]
    for want in wanted:
        assert any(_matches(d, want) for d in drafts), f"missing {want}; got {shown}"
    assert len(drafts) == len(wanted), f"unexpected claims: {shown}"


def test_every_extractor_has_golden_cases_including_negative_ones() -> None:
    for kind in EXTRACTORS:
        path = GOLDEN / f"{kind}.yaml"
        assert path.exists(), f"no golden cases for extractor {kind!r}"
        cases = yaml.safe_load(path.read_text("utf-8"))
        assert any(c["claims"] for c in cases), f"{kind}: no positive case"
        assert any(not c["claims"] for c in cases), f"{kind}: no case that must yield nothing"
