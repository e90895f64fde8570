"""The grammar's word tests (literals.WordTest): where one rules a text out, the search it stands
in for finds nothing there, so skipping that search changes no reading. Texts written for this
test and the cases table's."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml

from casualty_claims import lexicon
from casualty_claims.claims import cues
from casualty_claims.claims.grammar import grammar
from casualty_claims.lexicon import FLAGS
from casualty_claims.literals import WordTest, folded

CASES = yaml.safe_load((Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8"))
WORD_START = regex.compile(r"(?<![\w-])\w")

# each word test of the grammar (or of the cue reader), and the pattern whose search it stands in for
TESTED = [
    ("grammar", "other_war_words", "other_war_or_cause"),
    ("grammar", "source_marker_words", "source_marker"),
    ("grammar", "both_sides_words", "both_sides"),
    ("grammar", "verb_words", "verb"),
    ("grammar", "other_source_words", "other_source"),
    ("grammar", "not_losses_words", "not_losses"),
    ("grammar", "loss_predicate_words", "loss_predicate"),
    ("grammar", "agent_predicate_words", "agent_predicate"),
    ("grammar", "return_words", "return_before"),
    ("grammar", "return_words", "return_after"),
    ("grammar", "projection_words", "projection"),
    ("grammar", "projection_words", "projection_after"),
    ("cues", "total_words", "total"),
    ("cues", "place_words", "place"),
    # a span ("in two weeks", "over the past 3 days") has no word certain: its test rules nothing out
    *(("periods", f"{kind}_words", kind) for kind in ("day", "first_days")),
]


class Periods:
    """The cue module's period patterns and their word tests, by kind."""

    def __init__(self):
        for kind, pattern, words in cues.PERIODS:
            setattr(self, kind, pattern)
            setattr(self, f"{kind}_words", words)


def owner(name: str):
    lex = lexicon.load()
    return {"grammar": grammar, "cues": cues.reader}[name](lex) if name != "periods" else Periods()


# the words of those patterns written as a reader would not expect: in capitals, with the
# Kelvin sign and the long s (which the patterns match as "k" and "s"), beside curly quotes
ODD_SPELLINGS = [
    "LOSSES IN THE AFGHAN WAR WERE 15,000",
    "the \u212aorean War killed many more",
    "\u017foviet troops lost 15,000 in Afghanistan",
    "“Soviet” losses, ACCORDING TO the archive, were 15,000",
    "Ukraine’s army, CITING officials, said 300 died on both sides",
    "a bus crash killed 14 on BOTH SIDES of the border",
    "The ministry SAID, by independent ESTIMATES, that 300 were killed in BAKHMUT so far",
    "An army of 300,000 soldiers, \u212ayiv \u017fays, is stationed near Kharkiv",
    "RUSSIA HAS LOST more than 5,000 and Ukrainian drones \u212aILLED 300",
    "Ukraine BROUGHT HOME 95 soldiers, and 40 more were \u017fwapped",
    "IN THE PAST 24 HOURS 300 died, and in the first 100 days of the war 40,000",
    "The toll COULD EXCEED 100,000, and 50,000 more ARE EXPECTED TO DIE",
]


def windows(text: str) -> list[str]:
    """The text, and every part of it from a word start to its end and from its start to a word
    start: the clauses and noun phrases the grammar searches are such parts."""
    starts = [m.start() for m in WORD_START.finditer(text)]
    return [text, *(text[at:] for at in starts), *(text[:at] for at in starts)]


@pytest.mark.parametrize(("owner_name", "test_name", "pattern_name"), TESTED)
def test_a_text_ruled_out_holds_no_match(owner_name, test_name, pattern_name):
    test, pattern = getattr(owner(owner_name), test_name), getattr(owner(owner_name), pattern_name)
    ruled_out = 0
    for text in [*ODD_SPELLINGS, *(case["text"] for case in CASES)]:
        for window in windows(text):
            if not test.may_match(window):
                ruled_out += 1
                assert pattern.search(window) is None, window
    assert ruled_out, "the test ruled no text out"


@pytest.mark.parametrize("text", ODD_SPELLINGS)
def test_odd_spellings_are_not_ruled_out(text):
    for owner_name, test_name, pattern_name in TESTED:
        if getattr(owner(owner_name), pattern_name).search(text):
            assert getattr(owner(owner_name), test_name).may_match(text), (pattern_name, text)


def test_folded_writes_what_the_patterns_match_as_a_letter_as_that_letter():
    assert folded("The \u212aremlin’s \u017foldiers", FLAGS) == "the kremlin’s soldiers"
    assert folded("KYIV", FLAGS) == "kyiv"


def test_a_pattern_without_a_certain_word_rules_nothing_out():
    test = WordTest([r"\p{Lu}\w+ war", "Afghan war"], FLAGS)
    assert test.may_match("no war here")
    assert WordTest(["Afghan war", "Chechen wars?"], FLAGS).may_match("the chechen WAR") is True
    assert WordTest(["Afghan war", "Chechen wars?"], FLAGS).may_match("the Korean war") is False


MODEL_NAMES = [
    "two Leopard 2 tanks",
    "a PzH 2000 howitzer",
    "KAB-500 bombs",
    "the T-72, 40 of them",
    "in Leopard  2A6",
]


def test_a_model_number_read_backwards_is_found_where_read_forwards():
    """names_model searches the words before a figure with the pattern compiled to match from
    their end backwards: at every digit of the cases table's texts, it finds a name where the
    same pattern read forwards does, and nowhere else."""
    reverse = grammar(lexicon.load()).model_number
    forwards = regex.compile(reverse.pattern, reverse.flags & ~regex.REVERSE)
    named = 0
    for text in [*MODEL_NAMES, *(case["text"] for case in CASES)]:
        for digit in regex.finditer(r"\d+", text):
            start = max(0, digit.start() - 24)
            found = bool(forwards.search(text, start, digit.start()))
            assert bool(reverse.search(text, start, digit.start())) == found, text
            named += found
    assert named >= len(MODEL_NAMES)
