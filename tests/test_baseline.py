"""The baseline through the CLI: write it, fill in reasons, suppress, go stale, fail clearly."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from pathlib import Path

import pytest
import yaml
from report_fixtures import make_report

from claimcheck.baseline import (
    SETTLED,
    Baseline,
    BaselineEntry,
    _dumped,
    _read_written,
    _read_yaml,
    apply_baseline,
    read_baseline,
    render_baseline,
    scalar,
    settle_by_reference,
)
from claimcheck.models import Claim, Finding, FindingKind, Report, Span, Value, ValueKind, Verdict

BASELINE = ".claimcheck-baseline.yaml"
SEED_000 = "seeds/000_ed20acbe75a251c5.txt"
ACME = "Acme Robotics makes warehouse robots.\nAcme Robotics was founded in 2017 in Boston.\n"
ACME_CLAIMS = """\
version: 1
entities:
  - name: Acme Robotics
claims:
  - subject: Acme Robotics
    attribute: founded
    value: 2019
"""


@pytest.fixture
def seeds(tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a copy of the seeds and claims.yaml, and no baseline yet; the cwd."""
    shutil.copytree(root / "seeds", tmp_path / "seeds")
    shutil.copy(root / "claims.yaml", tmp_path / "claims.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def acme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One article that conflicts with its reference on one line; the cwd."""
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "acme.txt").write_text(ACME, "utf-8")
    (tmp_path / "claims.yaml").write_text(ACME_CLAIMS, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _json(run_cli, *args: str) -> tuple[int, dict]:
    result = run_cli(*args, "--format", "json")
    return result.code, json.loads(result.out)


def _entries(folder: Path) -> list[dict]:
    return yaml.safe_load((folder / BASELINE).read_text("utf-8"))["findings"]


def test_write_baseline_lists_every_conflict_and_minor_difference(run_cli, seeds):
    result = run_cli("seeds/", "--write-baseline")
    assert result.code == 0
    assert f"wrote 5 entries to {BASELINE}" in result.out and "5 without a reason" in result.out
    text = (seeds / BASELINE).read_text("utf-8")
    assert text.startswith("# claimcheck baseline")
    entries = _entries(seeds)
    assert sorted(e["verdict"] for e in entries) == ["conflict"] * 3 + ["minor"] * 2
    founded = next(e for e in entries if e["attribute"] == "founded")
    assert founded["claims"] == [{"path": SEED_000, "value": "2022"}]
    assert (founded["kind"], founded["subject"], founded["reason"]) == (
        "reference", "Midjourney", None
    )  # fmt: skip
    assert all(set(e) >= {"fingerprint", "object", "period", "reason"} for e in entries)


def test_agreements_are_not_written(run_cli, seeds):
    run_cli("seeds/", "--write-baseline")
    _, report = _json(run_cli, "seeds/", "--no-baseline")
    agreeing = {f["fingerprint"] for f in report["findings"] if f["verdict"] == "agree"}
    assert agreeing and not agreeing & {e["fingerprint"] for e in _entries(seeds)}


def test_the_written_baseline_is_stable(run_cli, seeds):
    run_cli("seeds/", "--write-baseline")
    first = (seeds / BASELINE).read_text("utf-8")
    run_cli("seeds/", "--write-baseline")
    assert (seeds / BASELINE).read_text("utf-8") == first


def test_the_baseline_is_found_and_suppresses_its_findings(run_cli, seeds):
    assert run_cli("seeds/").code == 1
    run_cli("seeds/", "--write-baseline")
    code, report = _json(run_cli, "seeds/")
    assert code == 0
    suppressed = [f for f in report["findings"] if f["suppressed"]]
    assert len(suppressed) == report["summary"]["suppressed"] == 5
    assert {f["suppressed"] for f in suppressed} == {"in baseline"}
    assert report["summary"]["conflict"] == 0 and report["stale_baseline"] == []
    assert "5 suppressed by baseline" in run_cli("seeds/").out


def test_no_baseline_ignores_it_and_fail_on_applies_after_it(run_cli, seeds):
    run_cli("seeds/", "--write-baseline")
    assert run_cli("seeds/", "--no-baseline").code == 1
    assert run_cli("seeds/", "--fail-on", "minor").code == 0


def test_reasons_are_shown_and_kept_when_the_baseline_is_written_again(run_cli, seeds):
    run_cli("seeds/", "--write-baseline")
    path = seeds / BASELINE
    path.write_text(path.read_text("utf-8").replace("reason:\n", "reason: seen in 2025\n", 1))
    _, report = _json(run_cli, "seeds/")
    assert sorted(f["suppressed"] for f in report["findings"] if f["suppressed"])[-1] == (
        "seen in 2025"
    )
    assert "4 without a reason" in run_cli("seeds/", "--write-baseline").out
    assert [e["reason"] for e in _entries(seeds)].count("seen in 2025") == 1


def test_a_fixed_article_leaves_a_stale_entry(run_cli, seeds):
    run_cli("seeds/", "--write-baseline")
    founded = next(e for e in _entries(seeds) if e["attribute"] == "founded")
    article = seeds / SEED_000
    article.write_text(article.read_text("utf-8").replace("Founded in 2022", "Founded in 2021"))
    code, report = _json(run_cli, "seeds/")
    assert code == 0 and report["stale_baseline"] == [founded["fingerprint"]]
    assert "Stale baseline entries" in run_cli("seeds/").out


def test_fingerprint_survives_edits_elsewhere_and_moved_lines(run_cli, acme):
    assert run_cli("news/").code == 1
    run_cli("news/", "--write-baseline")
    (fingerprint,) = [e["fingerprint"] for e in _entries(acme)]
    _, before = _json(run_cli, "news/")
    line = next(c["line"] for c in before["claims"] if c["attribute"] == "founded")
    article = acme / "news" / "acme.txt"
    edited = "Acme Robotics makes robots for warehouses and ports.\n" + ACME.split("\n", 1)[1]
    article.write_text("A new headline\n\nA new first paragraph.\n" + edited, "utf-8")
    code, after = _json(run_cli, "news/")
    claim = next(c for c in after["claims"] if c["attribute"] == "founded")
    assert claim["line"] == line + 3
    finding = next(f for f in after["findings"] if claim["id"] in f["claims"])
    assert finding["fingerprint"] == fingerprint and finding["suppressed"] == "in baseline"
    assert code == 0 and after["stale_baseline"] == []


def test_a_changed_value_is_a_new_finding(run_cli, acme):
    run_cli("news/", "--write-baseline")
    article = acme / "news" / "acme.txt"
    article.write_text(ACME.replace("2017", "2016"), "utf-8")
    code, report = _json(run_cli, "news/")
    assert code == 1 and len(report["stale_baseline"]) == 1


def test_baseline_option_names_the_file_to_write_and_read(run_cli, acme):
    run_cli("news/", "--write-baseline", "--baseline", "accepted.yaml")
    assert (acme / "accepted.yaml").is_file() and not (acme / BASELINE).exists()
    assert run_cli("news/").code == 1
    assert run_cli("news/", "--baseline", "accepted.yaml").code == 0


def test_a_missing_baseline_named_by_option_is_an_error(run_cli, acme):
    result = run_cli("news/", "--baseline", "nope.yaml")
    assert result.code == 2 and result.err == "claimcheck: nope.yaml: baseline file not found\n"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("version: 1\nfindings:\n  - fingerprint: [abc\n", 4, "invalid YAML"),
        ("version: 2\nfindings: []\n", 1, "'version: 1' is required"),
        ("findings: []\n", 1, "'version: 1' is required"),
        ("version: 1\nfindings: {}\n", 2, "must be a list"),
        ("version: 1\nfindings:\n  - reason: x\n", 3, "no 'fingerprint'"),
        ("version: 1\nfindings:\n  - fingerprint: 0f0f0f0f0f0f0f0f\n    raeson: x\n", 4, "raeson"),
        ("version: 1\nfindings:\n  - fingerprint: not-hex!\n", 3, "not a fingerprint"),
        ("version: 1\nfindings:\n  - 0f0f0f0f0f0f0f0f\n", 3, "must be a mapping"),
        (
            "version: 1\nfindings:\n  - fingerprint: 0f0f0f0f0f0f0f0f\n"
            "  - fingerprint: 0f0f0f0f0f0f0f0f\n",
            4,
            "listed twice (first on line 3)",
        ),
    ],
)
def test_a_broken_baseline_names_file_and_line(run_cli, acme, text, line, words):
    (acme / BASELINE).write_text(text, "utf-8")
    result = run_cli("news/")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"claimcheck: {BASELINE}:{line}: ")
    assert words in result.err and len(result.err.splitlines()) == 1


def test_an_empty_findings_list_and_null_reasons_are_valid(run_cli, acme):
    (acme / BASELINE).write_text("version: 1\nfindings:\n", "utf-8")
    assert run_cli("news/").code == 1


def _finding(verdict: Verdict, fingerprint: str) -> Finding:
    return Finding(FindingKind.REFERENCE, verdict, "Acme", "founded", ("C1",), "", None,
                   fingerprint=fingerprint)  # fmt: skip


def test_only_conflicts_and_minor_differences_are_suppressed():
    baseline = Baseline("b.yaml", (BaselineEntry("aa11", "why"), BaselineEntry("bb22")))
    findings, stale = apply_baseline(
        [_finding(Verdict.MINOR, "aa11"), _finding(Verdict.AGREE, "bb22")], baseline
    )
    assert [f.suppressed for f in findings] == ["why", None]
    assert stale == ("bb22",)


def _claims_in(*articles: str) -> list[Claim]:
    span = Span("x", 1, 1, 1, 2, "x", "x")
    value = Value(ValueKind.YEAR, "2021")
    return [
        Claim(f"C{n}", article, "Acme", "founded", value, span)
        for n, article in enumerate(articles, 1)
    ]


def _reference(claim_id: str, verdict: Verdict, suppressed: str | None = None) -> Finding:
    return Finding(FindingKind.REFERENCE, verdict, "Acme", "founded", (claim_id,), "",
                   suppressed=suppressed)  # fmt: skip


CROSS = Finding(FindingKind.CROSS, Verdict.CONFLICT, "Acme", "founded", ("C1", "C2"), "")


@pytest.mark.parametrize(
    ("new", "old", "focus", "settled"),
    [
        (Verdict.AGREE, Verdict.CONFLICT, ("new.txt",), True),
        (Verdict.CONFLICT, Verdict.AGREE, ("new.txt",), False),
        (Verdict.AGREE, Verdict.CONFLICT, (), False),
        (Verdict.AGREE, "accepted", (), True),
        (Verdict.MINOR, "accepted", (), True),
        (Verdict.UNVERIFIED, "accepted", (), False),
    ],
)
def test_the_reference_settles_a_cross_article_difference(new, old, focus, settled):
    old_finding = (
        _reference("C2", Verdict.CONFLICT, "known") if old == "accepted" else _reference("C2", old)
    )
    findings = [_reference("C1", new), old_finding, CROSS]
    result = settle_by_reference(findings, _claims_in("new.txt", "old.txt"), focus)
    assert (result[-1].suppressed == SETTLED) is settled
    assert result[:2] == tuple(findings[:2])


YAML_AWKWARD = [
    *("yes", "No", "null", "~", "true", "off", "1e3", "0x1F", "017", "2024-01-01", "1:30"),
    *("- a", "-a", "a: b", "a:", "a #b", "a#b", "#a", "'q'", '"q"', "[x]", "{x}", "&a", "*a"),
    *("!t", "|", ">", "%", "@", "`", " lead", "trail ", "é", "—", "a\tb", "a\nb", "<<", ".inf"),
    *("$200 million", "50%", "2014 (1 article) vs 2019 (1 article)", "? a", "\u2028", "😀"),
    *("---a", "...", "a  b", "(1)", "1,000", "C3: 2022", "http://x.y/z?a=b#c", "\\", "a\x85b"),
]


def test_values_are_written_as_yaml_safe_dump_writes_them() -> None:
    rng = random.Random(11)
    chars = "Aa1 .,_/()%$+=-:#'\"é—\n\t?!&*[]{}|>@`~"
    texts = YAML_AWKWARD + ["".join(rng.choices(chars, k=rng.randint(1, 12))) for _ in range(5000)]
    for text in texts:
        assert scalar(text) == _dumped(text), text
        if not {"\x85", "\u2028"} & set(text):  # YAML reads these as line breaks
            assert yaml.safe_load(f"key: {scalar(text)}") == {"key": text}


# --- reading a large baseline: a pattern for the layout claimcheck writes, else YAML -----


def _written_report(rng: random.Random, count: int) -> tuple[Report, dict[str, str]]:
    """A report of ``count`` conflicts whose subjects, messages and claim values are
    awkward for YAML (on one line: YAML writes a value with a line break over two lines,
    which the pattern leaves to YAML), and reasons for some of them."""
    one_line = [text for text in YAML_AWKWARD if not {"\n", "\x85", "\u2028"} & set(text)]
    words = [*one_line, "Acme", "the outlet corrected it; see #12", "it's fine", ""]
    base = make_report()
    claims = tuple(
        dataclasses.replace(claim, value=dataclasses.replace(claim.value, text=rng.choice(words)))
        for claim in base.claims
    )
    findings = tuple(
        Finding(
            FindingKind.CROSS,
            Verdict.CONFLICT,
            rng.choice(words) or "x",
            "founded",
            (claims[n % 7].id, claims[(n + 1) % 7].id),
            rng.choice(words),
            fingerprint=f"{n:016x}",
        )
        for n in range(count)
    )
    reasons = {f.fingerprint: rng.choice(words) for f in findings if rng.random() < 0.5}
    return dataclasses.replace(base, claims=claims, findings=findings), reasons


def _both(text: str) -> tuple[list[BaselineEntry] | None, Baseline]:
    return _read_written(text), _read_yaml(text, "b.yaml")


def test_a_written_baseline_is_read_by_the_pattern_as_yaml_reads_it() -> None:
    rng = random.Random(5)
    for _ in range(20):
        text = render_baseline(*_written_report(rng, 30))
        fast, slow = _both(text)
        assert fast is not None and tuple(fast) == slow.entries
    assert _both(render_baseline(dataclasses.replace(make_report(), findings=())))[0] == []


ONE = "version: 1\nfindings:\n  - fingerprint: 0f0f0f0f0f0f0f0f\n"


@pytest.mark.parametrize(
    "text",
    [
        ONE + '    reason: it\'s "fine"  # a comment\n',
        ONE + "    reason: 'it''s fine'\n",
        ONE + '    reason: "tab\\there, \\u00e9"\n',
        ONE + "    reason: ~\n",
        ONE + "    reason: null\n",
        ONE + "    reason:   # nothing yet\n",
        ONE + "    reason: -5% was accepted\n",
        ONE + "    # a note\n\n    message: m\n    reason: ok",
        "# header\n\nversion: '1'\nfindings:\n  - fingerprint: '1234567890123456'\n",
        ONE + "    claims: []\n    reason: yes\n",
    ],
)
def test_hand_edited_entries_are_read_by_the_pattern_as_yaml_reads_them(text: str) -> None:
    fast, slow = _both(text)
    assert fast is not None and tuple(fast) == slow.entries


@pytest.mark.parametrize(
    "text",
    [
        ONE + "    reason: >\n      folded\n      text\n",
        ONE + "    reason: two\n      lines\n",
        ONE + "    message: 'a\u2028  b'\n",
        ONE + "    reason:\ttab\n",
        ONE + "    reason: ok   \n",
        ONE + "    verdict: conflict\n    kind: cross\n",
        "findings:\n  - fingerprint: 0f0f0f0f0f0f0f0f\nversion: 1\n",
        ONE + "    reason: &why shared\n  - fingerprint: 1f0f0f0f0f0f0f0f\n    reason: *why\n",
        "version: 1\nfindings: [{fingerprint: 0f0f0f0f0f0f0f0f}]\n",
    ],
)
def test_other_layouts_are_left_to_yaml_and_read_the_same(text: str, tmp_path: Path) -> None:
    assert _read_written(text) is None
    (tmp_path / "b.yaml").write_text(text, "utf-8")
    assert read_baseline(tmp_path / "b.yaml").entries == _read_yaml(text, "b.yaml").entries
