"""Cleaning removes page furniture and keeps offsets into the raw text."""

from __future__ import annotations

import pytest

from casualty_claims import lexicon
from casualty_claims.clean import FurnitureRules, clean
from casualty_claims.sentences import split

RAW = """Kyiv says 500 Russian troops were killed

Kyiv says 500 Russian troops were killed

Published Last updated

  • Share by WhatsApp
  • Share via Telegram

Ukraine's General Staff said 500 Russian troops were killed on Monday.

A soldier walks past a destroyed tank near Izium
A soldier walks past a destroyed tank near Izium

Officials said more fighting is expected in the east of the country.

About Jane Doe

Jane writes about food and travel. Coffee lover.

Check Also

Cats know their names

Products You May Like

Articles You May Like

Colorado snow totals for April 27, 2024

One comment

  1. “500 Russian troops were killed”

    Liked by 6 people

Leave a Reply

Your email address will not be published. Required fields are marked *
"""


@pytest.fixture(scope="module")
def rules():
    return FurnitureRules(lexicon.load())


def test_furniture_is_removed_and_the_article_kept(rules):
    cleaned = clean(RAW, rules)
    kept = [b.text for b in cleaned.blocks]
    assert kept == [
        "Kyiv says 500 Russian troops were killed",
        "Ukraine's General Staff said 500 Russian troops were killed on Monday.",
        "A soldier walks past a destroyed tank near Izium",
        "Officials said more fighting is expected in the east of the country.",
    ]
    reasons = {f.reason for f in cleaned.furniture}
    assert reasons >= {"share", "byline-stamp", "duplicate", "author-bio", "check-also"}
    assert "Liked by 6 people" not in cleaned.text
    assert "Leave a Reply" not in cleaned.text


@pytest.mark.parametrize(
    "foot,reason",
    [
        ("Products You May Like\n\nArticles You May Like\n\nStock market today\n", "recommended-list"),
        ("Articles You May Like\n\nTeen charged with murder\n", "recommended-list"),
        ("3 comments\n\n  1. Great piece. 500 killed!\n\n    Liked by 6 people\n", "comments"),
        ("Leave a Reply\n\nYour email address will not be published.\n", "comment-form"),
    ],
)
def test_lists_and_comment_sections_at_the_foot_are_removed(rules, foot, reason):
    raw = "Title\n\nOfficials said more fighting is expected in the east of the country.\n\n" + foot
    cleaned = clean(raw, rules)
    assert [b.text for b in cleaned.blocks][-1].startswith("Officials said")
    assert [f.reason for f in cleaned.furniture] == [reason]


def test_offsets_point_into_the_raw_text(rules):
    cleaned = clean(RAW, rules)
    for block in cleaned.blocks:
        assert RAW[block.start : block.end] == block.text
    for piece in cleaned.furniture:
        assert RAW[piece.start : piece.end] == piece.text
    for sentence in split(cleaned.blocks):
        assert RAW[sentence.start : sentence.end] == sentence.text


def test_a_truncated_caption_before_its_full_form_is_dropped(rules):
    raw = "Title\n\nZelensky called on allies to help, saying victory\n\nZelensky called on allies to help, saying victory “depends on you.”\n"
    kept = [b.text for b in clean(raw, rules).blocks]
    assert kept == ["Title", "Zelensky called on allies to help, saying victory “depends on you.”"]


def test_teaser_lists_end_at_the_first_sentence_of_prose(rules):
    raw = (
        "Title\n\nRead more:\nBefore and after: the strikes\n\nWhy won't the West act?\n\n"
        "The Russian army is providing a corridor for the delegation, they said.\n"
    )
    kept = [b.text for b in clean(raw, rules).blocks]
    assert kept == ["Title", "The Russian army is providing a corridor for the delegation, they said."]


def test_sentences_do_not_break_at_abbreviations(rules):
    raw = "Title\n\nMr. Zelensky met Gen. Milley in the U.S. on Monday. He said 100 soldiers died.\n"
    sentences = [s.text for s in split(clean(raw, rules).blocks)]
    assert sentences == [
        "Title",
        "Mr. Zelensky met Gen. Milley in the U.S. on Monday.",
        "He said 100 soldiers died.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Plain words, “quoted” and ‘quoted’",
        "ASCII `quoted` text",
        "Two  spaces",
        "A\ttab",
        "A no-break\u00a0space",
        " a space at each end ",
        "\u2003an em space first",
        "ending in a line break\n",
        "One space between each word",
    ],
)
def test_a_duplicate_key_joins_the_words_by_single_spaces(text):
    from casualty_claims.clean import PLAIN_QUOTES, duplicate_key

    plain = text
    for mark, replacement in PLAIN_QUOTES:
        plain = plain.replace(mark, replacement)
    assert duplicate_key(text) == " ".join(plain.split()).casefold()


@pytest.mark.parametrize("bullet", ["• ", "- ", "3. ", "12) ", "* ", "> ", "— ", "٣. "])
def test_a_line_is_furniture_behind_a_bullet_or_a_number(bullet):
    rules = FurnitureRules(lexicon.load())
    cleaned = clean("Headline\n\n" + bullet + "Share this article\n\nThe text of the article.\n", rules)
    assert [b.text for b in cleaned.blocks] == ["Headline", "The text of the article."]
    assert [f.reason for f in cleaned.furniture] == ["share"]


@pytest.mark.parametrize(
    "line",
    [
        "Share this article",
        "Comments",
        "3 comments",
        "Related articles",
        "Related",
        "Read more:",
        "More from Europe",
        "More on Ukraine",
        "About the author",
        "About Jane Doe",
        "Advertisement",
        "Subscribe to our newsletter",
        "Logo",
        "Reply",
        "Leave a reply",
        "Published",
        "Last updated",
        "Liked by 3 people",
        "Officials said more fighting is expected.",
    ],
)
def test_one_alternation_finds_the_first_rule_a_line_matches(line):
    import regex

    from casualty_claims.lexicon import FLAGS, alternation

    furniture = lexicon.load().furniture
    in_order = [
        (regex.compile(s["marker"], FLAGS), (s["until"], s["reason"])) for s in furniture["sections"]
    ] + [(regex.compile(alternation(ps), FLAGS), reason) for reason, ps in furniture["lines"].items()]
    first = next((rule for pattern, rule in in_order if pattern.fullmatch(line)), None)
    assert FurnitureRules(lexicon.load()).rule(line) == first


def test_every_whitespace_character_but_the_space_is_unprintable():
    # duplicate_key joins the words of a line again only where it is not printable
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and c != ord(" ")]
    assert spaces and not any(c.isprintable() for c in spaces)
