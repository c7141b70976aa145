"""Loading articles: walking folders, decoding, folding, front matter, feeds, locating."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import sys
import tracemalloc
from pathlib import Path

import pytest

from claimcheck.errors import UsageError
from claimcheck.load import (
    ARTICLE_SUFFIXES,
    feed_parts,
    fold,
    guess_title,
    load_file,
    load_paths,
    normalise_date,
    read_feed_part,
    read_file,
)
from claimcheck.locate import Locator, locate
from claimcheck.vocab import table


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def load_one(path: Path):
    articles, problems = load_file(path, path.name)
    assert len(articles) == 1, problems
    return articles[0], problems


def place(article, needle: str) -> tuple[int, int]:
    return locate(article, article.text.index(needle))


# --- walking ----------------------------------------------------------------------------


def test_folders_are_walked_sorted_and_recursively(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/b.txt", "Beta text.")
    write(tmp_path / "news/a.md", "Alpha text.")
    write(tmp_path / "news/sub/c.html", "<p>Gamma text.</p>")
    write(tmp_path / "news/z.jsonl", '{"text": "Zeta text."}\n')
    result = load_paths(["news"])
    assert [a.path for a in result.articles] == [
        "news/a.md",
        "news/b.txt",
        "news/sub/c.html",
        "news/z.jsonl#L1",
    ]
    assert result.problems == ()


def test_hidden_files_and_folders_are_skipped_and_not_counted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/.draft.txt", "Hidden draft.")
    write(tmp_path / "news/.git/notes.txt", "Hidden folder.")
    write(tmp_path / "news/story.txt", "Visible story.")
    result = load_paths(["news"])
    assert [a.path for a in result.articles] == ["news/story.txt"]
    assert result.skipped == 0


def test_other_suffixes_in_folders_are_counted_as_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/story.TXT", "Upper-case suffix is an article.")
    write(tmp_path / "news/photo.jpg", b"\xff\xd8\xff\x00")
    write(tmp_path / "news/notes.csv", "a,b\n")
    result = load_paths(["news"])
    assert [a.path for a in result.articles] == ["news/story.TXT"]
    assert result.skipped == 2


def test_a_file_named_explicitly_is_read_whatever_its_suffix(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "story.article", "Meta founded in 2004.")
    result = load_paths(["story.article"])
    assert [a.text for a in result.articles] == ["Meta founded in 2004."]
    assert result.skipped == 0


def test_a_file_given_twice_is_loaded_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/story.txt", "Once.")
    result = load_paths(["news", "news/story.txt"])
    assert [a.path for a in result.articles] == ["news/story.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs symbolic links")
def test_a_file_reached_through_links_is_loaded_once(tmp_path, monkeypatch):
    """A linked file or a linked folder leading to an article already listed adds nothing;
    the article is named by the first path that reached it."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/story.txt", "Once.")
    write(tmp_path / "news/other.txt", "Twice.")
    (tmp_path / "links").mkdir()
    (tmp_path / "links/story-link.txt").symlink_to(tmp_path / "news/story.txt")
    (tmp_path / "mirror").symlink_to(tmp_path / "news", target_is_directory=True)
    result = load_paths(["links", "news", "mirror", "news/../news/other.txt"])
    assert [a.path for a in result.articles] == ["links/story-link.txt", "news/other.txt"]


def test_a_missing_path_is_a_usage_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError) as caught:
        load_paths(["nowhere/story.txt"])
    assert str(caught.value) == "nowhere/story.txt: no such file or directory"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX, not root")
def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path):
    path = write(tmp_path / "locked.txt", "Secret.")
    path.chmod(0)
    try:
        articles, problems = load_file(path, "locked.txt")
    finally:
        path.chmod(0o644)
    assert articles == []
    assert problems[0].path == "locked.txt"
    assert "cannot read file" in problems[0].message


def test_article_suffixes():
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"} == ARTICLE_SUFFIXES


# --- decoding ---------------------------------------------------------------------------


def test_utf8_bom_is_stripped(tmp_path):
    article, problems = load_one(
        write(tmp_path / "bom.txt", b"\xef\xbb\xbfMeta paid $14.3 billion.")
    )
    assert article.original == "Meta paid $14.3 billion."
    assert problems == []


def test_windows_1252_bytes_are_decoded_with_a_warning_naming_the_line(tmp_path):
    data = b"Headline\n\nFirst line.\nWang said \x93yes\x94 to the deal.\n"
    article, problems = load_one(write(tmp_path / "legacy.txt", data))
    assert "Wang said “yes” to the deal." in article.original
    assert 'Wang said "yes" to the deal.' in article.text
    assert [(p.path, p.line, p.message, p.severity) for p in problems] == [
        (
            "legacy.txt",
            4,
            "not valid UTF-8 (byte 0x93 at line 4); decoded as Windows-1252",
            "warning",
        )
    ]


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1(tmp_path):
    article, problems = load_one(write(tmp_path / "odd.txt", b"Caf\xe9 \x81 menu."))
    assert article.original == "Café \x81 menu."
    assert problems[0].message.endswith("decoded as Latin-1")


def test_utf16_with_bom_is_read(tmp_path):
    data = "Meta’s deal.".encode("utf-16")
    article, problems = load_one(write(tmp_path / "wide.txt", data))
    assert article.original == "Meta’s deal."
    assert problems == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty article"),
        (b"  \n\t\r\n  ", "empty article"),
        (b"\xef\xbb\xbf \n\n", "empty article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not an article"),
        (b'{"text": "Meta paid $14.3B."}\n\x00\n', "binary file, not an article"),
    ],
)
@pytest.mark.parametrize("name", ["x.txt", "x.jsonl"])
def test_empty_and_binary_files_are_problems_and_skipped(tmp_path, content, message, name):
    articles, problems = load_file(write(tmp_path / name, content), name)
    assert articles == []
    assert [(p.path, p.message, p.severity) for p in problems] == [(name, message, "error")]


def test_problem_files_do_not_stop_the_others(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "news/a.txt", "")
    write(tmp_path / "news/b.txt", "Good article.")
    result = load_paths(["news"])
    assert [a.path for a in result.articles] == ["news/b.txt"]
    assert [(p.path, p.message) for p in result.problems] == [("news/a.txt", "empty article")]


# --- folding ----------------------------------------------------------------------------


def test_curly_quotes_and_dashes_fold_to_ascii_with_the_same_length():
    original = "Meta’s “all‑of‑the‑above” strategy — 10−20 ‘units’ – 5′ 3″"
    folded = fold(original)
    assert folded == "Meta's \"all-of-the-above\" strategy - 10-20 'units' - 5' 3\""
    assert len(folded) == len(original)


def test_special_spaces_tabs_and_carriage_returns_fold_to_spaces():
    original = "$200\u00a0million\u202fUSD\u2009now\u2007\t1\r\n"
    assert fold(original) == "$200 million USD now  1 \n"


def test_every_typography_entry_maps_one_character_to_one():
    pairs = table("typography").items()
    assert all(len(char) == 1 and len(replacement) == 1 for char, replacement in pairs)
    assert all(fold(char) == replacement for char, replacement in pairs)


def test_loaded_text_is_folded_and_original_kept(tmp_path):
    article, _ = load_one(write(tmp_path / "a.txt", "Meta’s\u00a0deal — done."))
    assert article.original == "Meta’s\u00a0deal — done."
    assert article.text == "Meta's deal - done."


# --- titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "\nMeta's Game-Changing Partnership with Midjourney\nBody.",
            "Meta's Game-Changing Partnership with Midjourney",
        ),
        ("Meta announced a deal with Midjourney on Friday.\nMore.", ""),
        ("- a bullet point\nMore.", ""),
        (" ".join(["word"] * 16) + "\nMore.", ""),
        ("2025\nMore.", ""),
    ],
)
def test_title_is_the_first_line_when_it_reads_like_a_headline(text, title):
    assert guess_title(text) == title


# --- Markdown ---------------------------------------------------------------------------

FRONT = """---
title: "Meta’s bet on Midjourney"
outlet: Tech Daily
url: https://techdaily.example/meta
published: 2025-08-22
author: Jo Bloggs
---
# Meta and Midjourney

Meta **licensed** [Midjourney](https://midjourney.com) tech.
"""


def test_front_matter_is_read_and_blanked_keeping_offsets(tmp_path):
    article, problems = load_one(write(tmp_path / "a.md", FRONT))
    assert problems == []
    assert (article.title, article.outlet, article.url, article.published) == (
        "Meta’s bet on Midjourney",
        "Tech Daily",
        "https://techdaily.example/meta",
        "2025-08-22",
    )
    assert article.original == FRONT
    assert len(article.text) == len(FRONT)
    assert article.text[: article.body_start].strip() == ""
    assert article.text[article.body_start :].startswith("  Meta and Midjourney")
    assert article.text.count("\n") == FRONT.count("\n")


def test_markdown_marks_are_blanked_and_link_text_kept(tmp_path):
    article, _ = load_one(write(tmp_path / "a.md", FRONT))
    line = FRONT.splitlines()[9]
    assert article.text.splitlines()[9] == "Meta   licensed    Midjourney" + " " * 26 + "tech."
    assert place(article, "licensed") == (10, line.index("licensed") + 1)
    assert place(article, "tech.") == (10, line.index("tech.") + 1)


def test_markdown_quotes_bullets_and_underscores(tmp_path):
    text = "> Wang said _no_ to it.\n* first_name stays\n"
    article, _ = load_one(write(tmp_path / "a.md", text))
    assert article.text == "  Wang said  no  to it.\n  first_name stays\n"


def test_bad_front_matter_is_a_problem_with_its_line_and_the_body_still_loads(tmp_path):
    text = "---\ntitle: ok\nurl: [unclosed\n---\nMeta bought a stake.\n"
    article, problems = load_one(write(tmp_path / "bad.md", text))
    assert (article.title, article.url) == ("", "")
    assert "Meta bought a stake." in article.text
    assert article.text.startswith("   \n" + " " * 9 + "\n")
    assert [(p.path, p.line, p.severity) for p in problems] == [("bad.md", 3, "warning")]
    assert problems[0].message.startswith("bad front matter YAML")


def test_front_matter_that_is_not_a_mapping_is_a_problem(tmp_path):
    article, problems = load_one(write(tmp_path / "list.md", "---\n- a\n- b\n---\nBody text.\n"))
    assert problems[0].message == "front matter is not a mapping of keys to values"
    assert article.body_start == len("---\n- a\n- b\n---\n")


def test_a_leading_rule_without_a_closing_fence_is_not_front_matter(tmp_path):
    article, problems = load_one(write(tmp_path / "rule.md", "---\nMeta bought a stake.\n"))
    assert (article.body_start, problems) == (0, [])
    assert article.text == "   \nMeta bought a stake.\n"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("2025-08-22T14:05:00Z", "2025-08-22"),
        ("2025/8/2", "2025-08-02"),
        ("August 22, 2025", "2025-08-22"),
        ("Fri, 22 Aug 2025 10:00:00 GMT", "2025-08-22"),
        ("last Friday", "last Friday"),
        ("2025-02-30", "2025-02-30"),
    ],
)
def test_published_dates_are_normalised_when_parseable(written, normalised):
    assert normalise_date(written) == normalised


# --- JSON Lines -------------------------------------------------------------------------


def test_feed_lines_become_articles_and_bad_lines_are_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = [
        json.dumps({"title": "One", "url": "https://a.example/1", "text": "Meta paid $14.3B."}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Second good item.", "published": "22 August 2025"}),
    ]
    write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    result = load_paths(["feed.jsonl"])
    assert [(a.path, a.source_path, a.title) for a in result.articles] == [
        ("feed.jsonl#L1", "feed.jsonl", "One"),
        ("feed.jsonl#L7", "feed.jsonl", ""),
    ]
    assert result.articles[1].published == "2025-08-22"
    assert {p.severity for p in result.problems} == {"error"}
    assert [(p.path, p.line) for p in result.problems] == [
        ("feed.jsonl", 3),
        ("feed.jsonl", 4),
        ("feed.jsonl", 5),
        ("feed.jsonl", 6),
    ]
    assert result.problems[0].message.startswith("invalid JSON")


def test_feed_text_locates_to_its_line_and_column_even_after_escapes(tmp_path):
    line = (
        '{"title": "T", "text": "Wang said \\"yes\\" \\u2014 Meta\\u2019s\\n$14.3B'
        ' \\ud83d\\ude80 up"}'
    )
    write(tmp_path / "feed.jsonl", "\n" + line + "\n")
    articles, _ = load_file(tmp_path / "feed.jsonl", "feed.jsonl")
    article = articles[0]
    assert article.original == 'Wang said "yes" — Meta’s\n$14.3B 🚀 up'
    for needle in ("Wang", "yes", "Meta", "$14.3B", "up"):
        row, column = place(article, needle)
        assert row == 2
        assert line[column - 1 :].startswith(needle)


def test_feed_text_key_is_found_after_a_nested_text_key(tmp_path):
    line = '{"meta": {"text": "decoy"}, "text": "Real body."}'
    articles, _ = load_file(write(tmp_path / "f.jsonl", line), "f.jsonl")
    assert place(articles[0], "Real") == (1, line.index("Real body") + 1)


FEED_LINES = [
    json.dumps({"title": "One", "text": "Meta’s deal was $14.3B."}, ensure_ascii=False),
    "{not json",
    "",
    json.dumps({"title": "Two", "text": "Wang leads the lab."}),
]


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        ("\n".join(FEED_LINES).encode(), None),
        (codecs.BOM_UTF8 + "\r\n".join(FEED_LINES).encode() + b"\r\n", None),
        ("\n".join(FEED_LINES).encode("utf-16"), None),
        ("\n".join(FEED_LINES).encode("cp1252"), "not valid UTF-8 (byte 0x92 at line 1)"),
    ],
    ids=["utf-8", "bom-crlf", "utf-16", "windows-1252"],
)
def test_a_feed_reads_alike_in_every_encoding_and_line_ending(tmp_path, data, warning):
    articles, problems = load_file(write(tmp_path / "feed.jsonl", data), "feed.jsonl")
    assert [(a.path, a.title, a.original) for a in articles] == [
        ("feed.jsonl#L1", "One", "Meta’s deal was $14.3B."),
        ("feed.jsonl#L4", "Two", "Wang leads the lab."),
    ]
    assert [(p.line, p.message.split(":")[0]) for p in problems if p.severity == "error"] == [
        (2, "invalid JSON")
    ]
    warnings = [p.message for p in problems if p.severity == "warning"]
    assert warnings == ([] if warning is None else [f"{warning}; decoded as Windows-1252"])


def test_a_feed_is_read_an_item_at_a_time(tmp_path):
    item = json.dumps({"title": "Item", "text": "Meta paid $14.3 billion for Scale AI. " * 100})
    feed = write(tmp_path / "feed.jsonl", "\n".join([item] * 2000) + "\n")
    assert feed.stat().st_size > 7_000_000
    tracemalloc.start()
    try:
        articles, problems = read_file(feed, "feed.jsonl")
        count = sum(1 for _ in articles)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (count, problems) == (2000, [])
    assert peak < 2_000_000  # a chunk and an item, not the 7.6 MB file (3 copies before)


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_feed_read_in_parts_reads_as_a_whole(tmp_path, ending):
    items = [
        json.dumps({"title": f"T{n}", "text": f"Item {n} says $1{n} million."}) for n in range(40)
    ]
    items[3], items[17], items[18], items[30] = "{bad", "", "  ", "[1]"
    data = codecs.BOM_UTF8 + ending.join(items).encode() + ending.encode()
    feed = write(tmp_path / "feed.jsonl", data)
    whole_articles, whole_problems = load_file(feed, "feed.jsonl")
    parts = feed_parts(feed, 300)
    assert parts is not None and len(parts) > 3
    assert parts[0].start == 0 and parts[-1].end == len(data)
    assert all(
        a.end == b.start and data[a.end - 1 : a.end] == b"\n" for a, b in itertools.pairwise(parts)
    )
    articles, problems = [], []
    for part in parts:
        found, trouble = read_feed_part(feed, "feed.jsonl", part)
        articles += list(found)
        problems += trouble
    assert articles == whole_articles and problems == whole_problems
    assert [p.line for p in problems] == [4, 31]


@pytest.mark.parametrize(
    "data",
    [
        b'{"text": "Small."}\n',
        ('{"text": "' + "Caf\u00e9 " * 50 + '"}\n').encode("cp1252") * 20,
        b" \n" * 2000,
    ],
    ids=["small", "not-utf-8", "blank"],
)
def test_only_a_large_plain_utf8_feed_is_cut_into_parts(tmp_path, data):
    assert feed_parts(write(tmp_path / "feed.jsonl", data), 300) is None


# --- locating ---------------------------------------------------------------------------


def test_locate_in_a_plain_file_with_crlf_line_ends(tmp_path):
    content = "Headline\r\n\r\nMeta paid $14.3 billion.\r\nWang leads.\r\n"
    article, _ = load_one(write(tmp_path / "crlf.txt", content.encode()))
    assert article.text == content.replace("\r", " ")
    assert place(article, "Meta") == (3, 1)
    assert place(article, "$14.3") == (3, 11)
    assert place(article, "Wang") == (4, 1)


def test_locate_clamps_offsets_and_follows_a_changed_article(tmp_path):
    first, _ = load_one(write(tmp_path / "a.txt", "one\ntwo"))
    assert locate(first, -5) == (1, 1)
    assert locate(first, 99) == (2, 4)
    second, _ = load_one(write(tmp_path / "a.txt", "\n\nthree"))
    assert locate(second, 2) == (3, 1)
    assert Locator(first).locate(4) == (2, 1)
