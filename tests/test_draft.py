"""``claimcheck init``: a draft reference from the coverage that ``claimcheck validate`` accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ARTICLES = {
    "one.txt": "Acme Robotics was founded in 2019 in Boston.\n"
    "Acme Robotics had revenue of $5 million in 2023.\n",
    "two.txt": "Acme Robotics was founded in 2019.\n"
    "In 2023 Acme Robotics earned revenue of $5 million.\n",
    "three.txt": "Acme Robotics, founded in 2018, makes robots.\n"
    "Acme Robotics has 40 employees.\n"
    "Acme Robotics had revenue of $7 million in 2023.\n",
}


@pytest.fixture
def news(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three articles about one company, as the cwd (no claims.yaml there)."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _claims(text: str) -> list[dict]:
    return yaml.safe_load(text)["claims"]


def test_majority_values_with_dissent_as_comments(run_cli, news):
    result = run_cli("init", "news/")
    assert result.code == 0 and result.err == ""
    claims = {c["attribute"]: c for c in _claims(result.out)}
    assert set(claims) == {"founded", "revenue"}, "employees: one article only"
    assert claims["founded"]["value"] == "2019" and claims["founded"]["subject"] == "Acme Robotics"
    assert (claims["revenue"]["value"], claims["revenue"]["period"]) == ("$5 million", "2023")
    assert "# other value: 2018 in 1 article (news/three.txt:1)" in result.out
    assert "# other value: $7 million in 1 article (news/three.txt:3)" in result.out
    assert "# 2019: 2 articles (news/one.txt:1, news/two.txt:1)" in result.out


def test_the_draft_passes_validate(run_cli, news):
    assert run_cli("init", "news/", "-o", "claims.draft.yaml").out == ""
    result = run_cli("validate", "claims.draft.yaml")
    assert result.code == 0, result.err
    assert "claims.draft.yaml: OK (1 entities, 2 claims)" in result.out
    assert run_cli("news/", "--claims", "claims.draft.yaml").code == 1, "2018 conflicts"


def test_it_refuses_to_overwrite_without_force(run_cli, news):
    draft = news / "claims.draft.yaml"
    draft.write_text("mine\n", "utf-8")
    result = run_cli("init", "news/", "-o", str(draft))
    assert result.code == 2 and "already exists" in result.err and "--force" in result.err
    assert draft.read_text("utf-8") == "mine\n"
    assert run_cli("init", "news/", "-o", str(draft), "--force").code == 0
    assert _claims(draft.read_text("utf-8"))


def test_the_draft_from_the_seeds_passes_validate(run_cli, root, tmp_path, monkeypatch):
    monkeypatch.chdir(root)
    target = tmp_path / "claims.draft.yaml"
    assert run_cli("init", "seeds/", "-o", str(target)).code == 0
    text = target.read_text("utf-8")
    assert run_cli("validate", str(target)).code == 0
    claims = {(c["subject"], c["attribute"]): c["value"] for c in _claims(text)}
    assert claims[("Meta", "Chief AI Officer")] == "Alexandr Wang"
    assert "seeds/000_ed20acbe75a251c5.txt:3" in text


def test_no_shared_fact_gives_an_empty_but_valid_draft(run_cli, news, tmp_path):
    (news / "news" / "two.txt").unlink()
    (news / "news" / "one.txt").unlink()
    assert run_cli("init", "news/", "-o", "d.yaml").code == 0
    assert yaml.safe_load((news / "d.yaml").read_text("utf-8"))["claims"] == []
    assert run_cli("validate", "d.yaml").code == 0


def test_a_value_the_reference_cannot_state_is_left_commented_out(run_cli, tmp_path, monkeypatch):
    folder = tmp_path / "deal"
    folder.mkdir()
    (folder / "a.txt").write_text("Meta acquired Scale AI last year.\n", "utf-8")
    (folder / "b.txt").write_text("Meta acquired Scale AI in June.\n", "utf-8")
    (folder / "c.txt").write_text("Meta took a 49% stake in Scale AI.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "deal/", "--no-claims")
    assert "  # The value below cannot be written as a 'stake' value" in result.out
    assert (
        "  #   object: Scale AI" in result.out and "49% in 1 article (deal/c.txt:1)" in result.out
    )
    assert yaml.safe_load(result.out)["claims"] == []
