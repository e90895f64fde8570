"""Phrases that must end where the text does are searched only where their match can start
(``at_end``), from the most characters they can take (``word_start.max_width``), and find
what a search of the whole text finds."""

from __future__ import annotations

import pytest
import regex

from casualty_claims import figures, lexicon
from casualty_claims.at_end import AtEnd
from casualty_claims.claims import counting, markers, measures, not_counts
from casualty_claims.claims.grammar import grammar
from casualty_claims.lexicon import FLAGS
from casualty_claims.word_start import max_width


@pytest.mark.parametrize(
    "pattern, width",
    [
        ("said", 4),
        ("said|told us", 7),
        ("approx\\.?", 7),
        ("x{2}y{1,3}", 5),
        ("x{,3}", 3),
        ("[$£€₴]|\\b(?:USD|EUR)", 3),
        ("\\b(?<![\\w-])(?:more than|at least)", 9),  # what looks behind takes nothing
        ("(?<!\\bhand(?:ed|s|ing)? )over", 4),
        ("\\p{Lu}\\.", 2),
        ("(?P<at_most>nearly|(?:just )?under)", 10),
        ("^\\d$", 1),
    ],
)
def test_the_most_characters_a_match_takes(pattern, width):
    assert max_width(pattern) == width


@pytest.mark.parametrize(
    "pattern",
    ["\\w+", "a*", "x{2,}", "\\1", "(?>ab)", "(?i)ab", "\\X", "a{}"],
)
def test_no_most_where_unbounded_or_unsure(pattern):
    assert max_width(pattern) is None


def _at_ends() -> dict[str, AtEnd]:
    lex = lexicon.load()
    g = grammar(lex)
    before, verb, _ = figures._qualifiers(lex)
    return {
        "qualifier before": before,
        "qualifier verb": verb,
        "money": figures.MONEY_BEFORE,
        "between": figures.BETWEEN_BEFORE,
        "year context": figures.YEAR_CONTEXT_BEFORE,
        "label": not_counts.NOT_A_COUNT_BEFORE,
        "determiner": markers.NOUN_DETERMINER,
        "passive report": markers.PASSIVE_REPORT_BEFORE,
        "subset": counting.SUBSET,
        "bare in": counting.IN_BARE,
        "group included": measures.GROUP_INCLUDED,
        "increment": g.increment,
        "contrastive": g.contrastive,
    }


# Written for this test: phrases of every kind above, ending in quotes, spaces, hyphens or a
# line break, after words that hold the same letters mid-word.
SENTENCES = [
    "Officials handed over well above 300 and then far beyond “ 500",
    "The toll has now surpassed the milestone of  ‘12,000",
    "Losses were in excess of\u00a0 the estimate of not more than 4,000, say unlike what Kyiv says ",
    "Moscow spent USD 5 and $ 7 and EUR\n",
    'a further an additional another "',
    "Of whom, among them, including   ",
    "they were born in 1998 and from 2001 until - ",
    "the flight and the Su- and MiG-",
    "It is said that the best estimate, an estimated ",
    "Russia was believed to have lost, were among them ",
    "within\n",
    "between  ",
    "counts not what Ukraine says",
    "xmore than yat least zunder",
    "It had already surpassed the threshold of “",
    "numbers were already approaching ",
    "inmates of the penal colony - ",
    "or whatever unlike what  ",
    "the repatriation of a further ",
    "by the latest  estimate, within  ",
]


@pytest.mark.parametrize("name", sorted(_at_ends()))
def test_each_phrase_at_the_end_is_found_as_a_whole_search_finds_it(name):
    at_end = _at_ends()[name]
    assert at_end.width is not None  # searched from where its match can start, not everywhere
    for sentence in SENTENCES:
        for end in range(len(sentence) + 1):
            for pos in (0, max(0, end - 9)):
                found = at_end.search(sentence, pos, end)
                whole = at_end.pattern.search(sentence, pos, end)
                assert (found and (found.span(), found.groupdict())) == (
                    whole and (whole.span(), whole.groupdict())
                ), (sentence[pos:end], name)


def test_the_same_match_as_the_pattern_written_whole():
    written = regex.compile(r"\b(?:more than|about)[\s\"“]*$", FLAGS)
    at_end = AtEnd(r"\b(?:more than|about)", r"[\s\"“]", FLAGS)
    for text in ["Lossesmore than ", "losses more than “", "about about\n", "moreabout", "", " "]:
        ours, theirs = at_end.search(text), written.search(text)
        assert (ours and ours.span()) == (theirs and theirs.span())


def test_a_phrase_of_no_most_width_is_searched_whole():
    at_end = AtEnd(r"\w+ing", r"\s", FLAGS)
    assert at_end.width is None
    assert at_end.search("a long reading   ").group() == "reading   "
