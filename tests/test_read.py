"""Reading articles in every input format, encoding and line ending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from casualty_claims.cli import build
from casualty_claims.read import ArticleError, read_article
from tests.conftest import write_article

SENTENCE = "Ukraine's military said 500 Russian soldiers were killed near Bakhmut."

PAGE = """<!doctype html><html><head><title>Russia lost 500 troops, Kyiv says | Example News</title>
<meta property="og:title" content="Russia lost 500 troops, Kyiv says">
<meta property="article:published_time" content="2023-06-12T08:00:00Z">
<meta property="og:url" content="https://example.org/news/500">
<meta property="og:site_name" content="Example News">
<script>var x = "Zelensky said 9,999 soldiers died";</script><style>.a{}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Russia lost 500 troops, Kyiv says</h1>
<p>{sentence}</p>
<p>Russia's defence ministry said 200 Ukrainian servicemen had died, a claim that could not be verified.</p>
</article>
<aside>Most read: 10 things</aside><footer>(c) 2023 Example</footer></body></html>
""".replace("{sentence}", SENTENCE)


def test_html_page_gives_main_text_title_date_and_address(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = read_article(path)
    assert article.raw.startswith("Russia lost 500 troops, Kyiv says\n\n")
    assert SENTENCE in article.raw
    assert "9,999" not in article.raw and "Most read" not in article.raw and "Home" not in article.raw
    assert article.meta == {
        "title": "Russia lost 500 troops, Kyiv says",
        "url": "https://example.org/news/500",
        "outlet": "Example News",
        "published": "2023-06-12",
        "published_from": "the page's metadata",
    }


def test_news_crawler_json(tmp_path):
    record = {
        "title": "Russia lost 500 troops, Kyiv says",
        "maintext": SENTENCE + "\r\nA second paragraph.",
        "date_publish": "2023-06-12 08:00:00",
        "url": "https://example.org/news/500",
        "source_domain": "example.org",
    }
    (tmp_path / "record.json").write_text(json.dumps(record), encoding="utf-8")
    article = read_article(tmp_path / "record.json")
    assert article.raw == f"Russia lost 500 troops, Kyiv says\n\n{SENTENCE}\n\nA second paragraph.\n"
    assert article.meta["published"] == "2023-06-12"
    assert article.meta["outlet"] == "example.org"


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "not valid JSON (line 1"),
        ("[1, 2]", "JSON must be an object"),
        ('{"title": "No body"}', "JSON has no maintext"),
    ],
)
def test_malformed_json_is_named(tmp_path, content, problem):
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(ArticleError) as error:
        read_article(tmp_path / "bad.json")
    assert problem in str(error.value) and "bad.json" in str(error.value)


def test_html_without_article_text_is_named(tmp_path):
    (tmp_path / "empty.html").write_text(
        "<html><head><title>Gone</title></head><body></body></html>", encoding="utf-8"
    )
    with pytest.raises(ArticleError, match="no article text"):
        read_article(tmp_path / "empty.html")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_legacy_cyrillic_is_decoded(tmp_path, encoding):
    text = "Министерство обороны России заявило, что погибли 500 украинских военных.\n"
    (tmp_path / "ru.txt").write_bytes(text.encode(encoding))
    article = read_article(tmp_path / "ru.txt")
    assert article.raw == text
    assert article.encoding == encoding


def test_byte_order_mark_and_crlf_keep_offsets_a_reader_sees(tmp_path):
    text = "Headline\r\n\r\n" + SENTENCE + "\r\n"
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    build([tmp_path], tmp_path / "claims.db", reference_file=None, curation_file=None)
    claim = next(sqlite_utils.Database(tmp_path / "claims.db")["claims"].rows)
    as_read = (tmp_path / "bom.txt").read_text(encoding="utf-8-sig")
    assert as_read[claim["span_start"] : claim["span_end"]] == "500"


def test_sidecar_overrides_page_metadata(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    write_article(tmp_path / "in", "page.meta.yml", "outlet: Example Daily\npublished: 2023-06-13\n")
    build([tmp_path / "in"], tmp_path / "claims.db", reference_file=None, curation_file=None)
    article = sqlite_utils.Database(tmp_path / "claims.db")["articles"].get("page")
    assert (article["outlet"], article["published"], article["published_method"]) == (
        "Example Daily", "2023-06-13", "sidecar",
    )  # fmt: skip
    assert article["url"] == "https://example.org/news/500"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "\n\n  Head line  \nbody",
        "x",
        "\u2028\u2029 a\x85b",
        " \t\r\n\x0bHeadline\x1cnext",
        "only\r\n",
        "\xa0Title\xa0\nx",
    ],
)
def test_the_headline_is_the_first_line_that_is_not_blank(raw):
    from casualty_claims.read import Article

    first = next((line.strip() for line in raw.splitlines() if line.strip()), "")
    assert Article(id="a", path=Path("a.txt"), raw=raw, sha256="").headline == first


def test_every_character_that_ends_a_line_ends_the_headline():
    import sys

    from casualty_claims.read import FIRST_LINE

    breaks = [chr(c) for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert breaks and all(FIRST_LINE.match(f"a{b}b").group() == "a" for b in breaks)
