"""The claimant aliases' word-start matcher: what it remembers gives the answers the whole
alternation would, whatever text it saw first. All texts written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml

from casualty_claims import lexicon
from casualty_claims.lexicon import matched_label
from casualty_claims.phrase_scan import KEYED, WORD_STARTS, WordStartPattern


def fresh_matcher() -> WordStartPattern:
    """A matcher built from the lexicon's aliases that has remembered nothing yet."""
    known = lexicon.load().claimant_pattern
    parts = [alternative.pattern.removesuffix(r"(?![\w])") for alternative in known._alternatives]
    return WordStartPattern(parts, known.pattern, lexicon.FLAGS)


def found(pattern, text: str) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), matched_label(m)) for m in pattern.finditer(text)]


# Texts whose first KEYED characters at a word start are the same but whose beginnings differ:
# a short word and a run of spaces that reaches past them ("the      Kremlin"), a text that ends
# inside them, the same characters before a longer or a shorter word.
TEXTS = [
    "the      Kremlin said on Monday",
    "the      Kremlin",
    "the      K",
    "the Kremlin said",
    "the Kremlinology course",
    "of  Russia's defence ministry",
    "of  Russian forces",
    "of  Russ",
    "of Russ",
    "by the UK Ministry of Defence, and the U.N. said",
    "a  b  c the  Kremlin TASS tass Mr. Peskov",
    "Ukraine's General Staff and the Russian  President",
    # four characters with a space that no alias begins with, before and after others that do
    "of the war, the Kremlin said; of th",
    "as a  result, of  Russia's losses and a  presidential aide",
]


@pytest.mark.parametrize("first", range(len(TEXTS)))
def test_remembered_beginnings_give_what_the_whole_alternation_finds(first):
    """Each text first, then all of them again: a beginning remembered from one text (by its
    first KEYED characters) is used for another only where those characters determine it."""
    matcher = fresh_matcher()
    for text in [TEXTS[first], *TEXTS, *TEXTS]:
        assert found(matcher, text) == found(matcher.pattern, text), text


# Phrases whose spaces may be runs, so that a beginning may reach past the first KEYED characters
SPACED = ["(?P<kremlin>the\\s+Kremlin)", "(?P<kyiv>the\\s+Kyiv\\s+Independent)", "(?P<russia>of\\s+Russia)"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_beginning_is_known_by_its_first_characters_only_where_they_determine_it(text):
    """Where the remembered answer is taken, it is the one the text's own beginning gives."""
    alternation = regex.compile("(?:" + "|".join(SPACED) + r")(?![\w])", lexicon.FLAGS)
    matcher = WordStartPattern(SPACED, alternation, lexicon.FLAGS)
    reference = WordStartPattern(SPACED, matcher.pattern, lexicon.FLAGS)
    for start in WORD_STARTS.finditer(text):
        alternatives, whole = matcher._keyed(text[start.start() : start.start() + KEYED])
        if whole:
            expected = reference._beginning_at(text, start.start())
            assert [a.pattern for a in alternatives] == [a.pattern for a in expected]
    assert found(matcher, text) == found(matcher.pattern, text)


CASES = yaml.safe_load((Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8"))


def test_word_starts_known_by_four_characters_give_what_the_whole_alternation_finds():
    """A word start whose four characters (a space among them) no alias begins with is passed
    over by them, remembered: over every text of the cases table, read twice, the matcher finds
    what the whole alternation does, and passes over such word starts without trying a beginning."""
    matcher = fresh_matcher()
    texts = [case["text"] for case in CASES]
    for text in texts + texts:
        assert found(matcher, text) == found(matcher.pattern, text), text
    spaced_and_empty = [
        four for four, alternatives in matcher._by_four.items() if " " in four and not alternatives
    ]
    assert spaced_and_empty, "no four characters with a space were passed over"
