"""Properties of the extractor and the number reader on arbitrary text."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casualty_claims import figures, lexicon, pipeline, schema, store
from casualty_claims.claims import read
from casualty_claims.clean import FurnitureRules, clean
from casualty_claims.lexicon import matched_label
from casualty_claims.sentences import split

NEWSY = st.lists(
    st.one_of(
        st.sampled_from([
            "Russia", "Ukraine's", "said", "according to", "the ministry", "killed", "wounded",
            "more than", "about", "1,351", "16,000", "12 345", "tens of thousands", "two million",
            "between", "and", "to", "-", "“", "”", ".", ",", ":", "\n\n", "• ", "Zelenskyy",
            "civilians", "troops", "tanks", "$61 billion", "in December", "on March 2", "50%",
        ]),
        st.text(max_size=12),
    ),
    max_size=60,
).map(" ".join)  # fmt: skip
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(NEWSY)
def test_extraction_never_raises_and_spans_cover_the_figure(text):
    lex = lexicon.load()
    raw = "Headline\n\n" + text
    sentences = split(clean(raw, FurnitureRules(lex)).blocks)
    for reading in read(sentences, None, lex):
        start, end = reading.span
        assert 0 <= start < end <= len(raw)
        assert raw[start:end] == reading.figure.text


@SETTINGS
@given(
    st.integers(min_value=2, max_value=10**9),
    st.sampled_from(
        [str, "{:,}".format, lambda v: f"{v:,}".replace(",", " "), lambda v: f"{v:,}".replace(",", "\u00a0")]
    ),
)
def test_a_rendered_number_reads_back(value, render):
    text = render(value)
    found = figures.find(f"officials said {text} soldiers died", lexicon.load())
    assert [f.value for f in found] == [value]


@SETTINGS
@given(st.text(max_size=300))
def test_figures_never_raise_on_any_text(text):
    for figure in figures.find(text, lexicon.load()):
        assert text[figure.start : figure.end] == figure.text


CLAIMANTY = st.lists(
    st.one_of(
        st.sampled_from([
            "Zelensky", "Zelenskiy", "President Volodymyr Zelenskyy", "the Kremlin", "TASS", "tass",
            "Oryx", "Russia's defence ministry", "the UK Ministry of Defence", "Shoygu", "Sergei Shoigu",
            "a Telegram channel linked to the Wagner Group", "-", "anti-Kremlin", "(", "”", "Ukraine",
            "Mr. Peskov", "Olena Zelenska", "the U.N.", "UNESCO", "\n", "Russian", "Russia's",
            "the Russian Defence Ministry", "Ukraine's General Staff", "Ukrainian forces", "Russian  President",
        ]),
        st.text(max_size=8),
    ),
    max_size=30,
).map(" ".join)  # fmt: skip


@SETTINGS
@given(CLAIMANTY)
def test_claimant_matching_at_word_starts_finds_what_the_whole_pattern_finds(text):
    fast = lexicon.load().claimant_pattern
    found = [(m.span(), matched_label(m)) for m in fast.finditer(text)]
    assert found == [(m.span(), matched_label(m)) for m in fast.pattern.finditer(text)]


# Numbers up to 10^40 as articles write them (and as no war counts), and any character,
# lone surrogates included (a JSON file escapes them; a text file's bytes are then not UTF-8),
# in sentences that make claims as well as in noise.
NUMBERS = st.builds(
    lambda value, render: render(value),
    st.integers(min_value=0, max_value=10**40),
    st.sampled_from([str, "{:,}".format, lambda v: f"{v:,}".replace(",", " "), lambda v: f"{v}.5 million"]),
)
ANY_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=()), st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
    ),
    max_size=12,
)
CLAIM = st.builds("{} Ukraine said {} Russian soldiers were killed {}.".format, ANY_TEXT, NUMBERS, ANY_TEXT)
ARTICLE = st.lists(st.one_of(CLAIM, NEWSY, NUMBERS, ANY_TEXT), min_size=1, max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, body=ARTICLE, as_json=st.booleans())
def test_whole_articles_are_stored_or_named_and_nothing_escapes(title, body, as_json):
    """Whatever an article holds, the pipeline gives rows that SQLite stores or one line
    naming a problem of the file, never an error nobody foresaw (which the build's guard
    would turn into a warning of its own)."""
    lex = lexicon.load()
    with tempfile.TemporaryDirectory() as folder:
        if as_json:
            path = Path(folder, "article.json")
            path.write_text(json.dumps({"title": title, "maintext": body, "source_domain": title}), "ascii")
        else:
            path = Path(folder, "article.txt")
            path.write_bytes(f"{title}\n\n{body}".encode("utf-8", "surrogatepass"))
        outcome = pipeline.extract(path, pipeline.Context(lex), FurnitureRules(lex))
    if outcome.warning is None:
        db = sqlite_utils.Database(memory=True)
        schema.create(db)
        writer = store.Writer(db)
        writer.add(outcome.rows)
        writer.flush()
        assert db["articles"].count == 1
    else:
        assert outcome.rows is None and "\n" not in outcome.warning
        assert outcome.warning.startswith(str(path)) and "skipped" not in outcome.warning, outcome.warning
