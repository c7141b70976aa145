"""HTML pages and JSON Lines feeds through the CLI, on files of the development corpus:
a broken page and a bad feed line are reported with their place and skipped, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"


def test_a_feed_is_read_line_by_line_and_a_bad_line_is_reported(run_cli):
    story = CORPUS / "netflix-q4-2024"
    result = run_cli(str(story), "--claims", str(story / "claims.yaml"), "--format", "json")
    assert f"{story / 'feed.jsonl'}:2:" in result.err
    report = json.loads(result.out)
    feed = [a["path"] for a in report["articles"] if "feed.jsonl" in a["path"]]
    assert feed == [f"{story / 'feed.jsonl'}#L{n}" for n in (1, 3, 4)]
    lines = {c["line"] for c in report["claims"] if c["path"].endswith("feed.jsonl")}
    assert lines <= {1, 3, 4} and lines


def test_a_saved_page_is_read_and_a_broken_one_is_skipped(run_cli):
    story = CORPUS / "nippon-us-steel"
    result = run_cli(str(story), "--claims", str(story / "claims.yaml"), "--format", "json")
    assert "08_broken_page.html" in result.err
    report = json.loads(result.out)
    pages = [a for a in report["articles"] if a["path"].endswith(".html")]
    assert [Path(a["path"]).name for a in pages] == ["02_saved_page.html"]
    assert pages[0]["title"] and pages[0]["published"]
    page_claims = [c for c in report["claims"] if c["path"].endswith("02_saved_page.html")]
    assert page_claims and all(c["line"] > 1 for c in page_claims)
    quoted = "\n".join(c["quote"] for c in page_claims)
    assert "Share" not in quoted and "Markets" not in quoted
    assert result.code == 2
