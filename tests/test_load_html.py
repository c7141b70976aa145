"""Loading HTML pages: main text only, metadata, and places in the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.load import load_file
from claimcheck.load_html import class_words, extract_html
from claimcheck.locate import locate

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <title>Meta bets on Midjourney | Tech Daily</title>
  <meta property="og:site_name" content="Tech Daily">
  <link rel="canonical" href="https://techdaily.example/meta-midjourney">
  <meta property="article:published_time" content="2025-08-22T14:05:00Z">
  <script>var headline = "Script text";</script>
  <style>p { color: red }</style>
</head>
<body class="has-sidebar">
<header class="site-header"><a href="/">Tech Daily home</a></header>
<nav><ul><li>World news</li><li>Business</li></ul></nav>
<main>
<article>
  <header><h1>Meta bets on Midjourney</h1></header>
  <div class="share-buttons"><a>Share on X</a></div>
  <p>Meta&rsquo;s Chief AI Officer Alexandr Wang announced
     the deal on Friday. Midjourney was founded in
     <b>2022</b> &amp; hit $200&nbsp;million in revenue.</p>
  <p>Second paragraph.<br>After the break.</p>
  <table><tr><td>Revenue</td><td>$200M</td></tr></table>
  <section id="comments"><p>Great article, thanks!</p></section>
  <div class="newsletterSignup">Subscribe to our newsletter</div>
</article>
<aside><p>Related: Google launches Veo 3</p></aside>
<div class="related-posts"><article><p>Another story about OpenAI and its many rounds</p>
</article></div>
</main>
<div id="cookie-banner">We use cookies.</div>
<footer>Copyright Tech Daily</footer>
</body>
</html>
"""


def load_page(tmp_path: Path, page: str = PAGE, name: str = "page.html"):
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return load_file(path, name)


def test_article_text_is_kept_and_boilerplate_dropped(tmp_path):
    (article,), problems = load_page(tmp_path)
    assert problems == []
    assert article.original.splitlines() == [
        "Meta bets on Midjourney",
        "Meta’s Chief AI Officer Alexandr Wang announced the deal on Friday. Midjourney was"
        " founded in 2022 & hit $200 million in revenue.",
        "Second paragraph.",
        "After the break.",
        "Revenue $200M",
    ]
    for furniture in (
        "Script",
        "home",
        "World news",
        "Share on X",
        "Great article",
        "Subscribe",
        "Veo",
        "OpenAI",
        "cookies",
        "Copyright",
        "color",
    ):
        assert furniture not in article.text


def test_html_text_is_folded_with_the_same_length(tmp_path):
    (article,), _ = load_page(tmp_path)
    assert "Meta's Chief AI Officer" in article.text
    assert len(article.text) == len(article.original)


def test_metadata_is_read_from_the_page(tmp_path):
    (article,), _ = load_page(tmp_path)
    assert (article.title, article.outlet, article.url, article.published, article.language) == (
        "Meta bets on Midjourney",
        "Tech Daily",
        "https://techdaily.example/meta-midjourney",
        "2025-08-22",
        "en-GB",
    )


@pytest.mark.parametrize(
    "needle", ["Meta bets", "Wang", "the deal", "2022", "hit", "$200", "million", "After", "$200M"]
)
def test_locate_points_at_the_words_in_the_html_file(tmp_path, needle):
    (article,), _ = load_page(tmp_path)
    line, column = locate(article, article.text.index(needle))
    assert PAGE.splitlines()[line - 1][column - 1 :].startswith(needle)


def test_locate_counts_columns_past_character_references(tmp_path):
    (article,), _ = load_page(tmp_path)
    assert locate(article, article.text.index("Chief")) == (18, 19)


@pytest.mark.parametrize(
    ("head", "title", "published"),
    [
        ('<meta property="og:title" content="OG headline">', "OG headline", ""),
        ("<title>Only a title</title>", "Only a title", ""),
        ('<meta name="pubdate" content="2025-08-20">', "First heading", "2025-08-20"),
        (
            '<script type="application/ld+json">{"@graph": [{"datePublished": "2025-08-19"}]}'
            "</script>",
            "First heading",
            "2025-08-19",
        ),
    ],
)
def test_title_and_date_fall_back_in_order(tmp_path, head, title, published):
    page = f"<html><head>{head}</head><body><h1>First heading</h1><p>Text.</p></body></html>"
    (article,), _ = load_page(tmp_path, page)
    assert (article.title, article.published) == (title, published)


def test_time_element_gives_the_date_before_meta_names(tmp_path):
    page = (
        '<head><meta name="date" content="2020-01-01"></head>'
        '<p><time datetime="2025-08-18T09:00">Monday</time> Meta said.</p>'
    )
    (article,), _ = load_page(tmp_path, page)
    assert article.published == "2025-08-18"


def test_itemprop_article_body_is_preferred_to_the_rest_of_the_article(tmp_path):
    page = (
        "<article><p>Kicker and byline</p>"
        '<div itemprop="articleBody"><p>Body text with the claims.</p></div></article>'
    )
    (article,), _ = load_page(tmp_path, page)
    assert article.original == "Body text with the claims."


def test_page_without_article_markup_keeps_all_non_furniture_text(tmp_path):
    page = "<body><div class=menu>Menu</div><p>One.</p><p>Two.</p></body>"
    (article,), _ = load_page(tmp_path, page)
    assert article.original == "One.\nTwo."


def test_unclosed_paragraphs_and_hidden_elements(tmp_path):
    page = "<p>One<p>Two<span hidden>secret</span><p style='display: none'>gone<div>Three"
    (article,), _ = load_page(tmp_path, page)
    assert article.original == "One\nTwo\nThree"


def test_unclosed_list_items_and_cells_end_at_the_next_one(tmp_path):
    page = (
        "<ul><li>One<li class=share>Share<li>Two</ul>"
        "<table><tr><td>Revenue<td class=ad>Advert<td>$200M<tr><td>Users</table>"
    )
    (article,), _ = load_page(tmp_path, page)
    assert article.original == "One\nTwo\nRevenue $200M\nUsers"


def test_a_page_without_text_is_a_problem_not_a_crash(tmp_path):
    articles, problems = load_page(tmp_path, "<html><nav>Home</nav><script>x()</script></html>")
    assert articles == []
    assert [(p.path, p.message) for p in problems] == [
        ("page.html", "no article text found in the HTML")
    ]


def test_broken_markup_still_loads(tmp_path):
    (article,), problems = load_page(tmp_path, "<p>Meta paid <b>$14.3 billion</p> <<<< & </div")
    assert problems == []
    assert article.original.startswith("Meta paid $14.3 billion")


def test_class_words_split_at_separators_and_camel_case():
    assert class_words("shareButtons site_nav ad-slot HTMLWidget") == {
        "share", "buttons", "site", "nav", "ad", "slot", "html", "widget",
    }  # fmt: skip


def test_class_words_do_not_match_inside_words(tmp_path):
    page = '<div class="lead-paragraph header-image"><p>Headline figures rose 5%.</p></div>'
    assert extract_html(page).text == "Headline figures rose 5%."
