"""A word boundary goes before a phrase only where every phrase opens with a word character,
and the patterns built with it find what they found without it."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
import yaml

from casualty_claims import lexicon
from casualty_claims.claims.grammar import anaphora, grammar
from casualty_claims.lexicon import FLAGS
from casualty_claims.word_start import LOOKBEHIND, by_first_letter, opens_with_word, word_start


@pytest.mark.parametrize(
    "pattern",
    [
        "said",
        "(?:has |have |had )?(?:also )?(?:said|told)",
        "(?<=, )(?:claiming|saying)",
        "(?<!former )Soviet(?![-\\w])",
        "(?-i:USSR)",
        "(?P<killed>killed)",
        "neutrali[sz]ed",
        "[0-3]?\\d",
        "\\p{Lu}\\w+",
        "a??b",
        "(?:x)*y",
        "x{0,2}y",
        "x{2}",
        "war|wars",
    ],
)
def test_opens_with_word(pattern):
    assert opens_with_word(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        " war",
        "'s",
        "['’]s",
        "-year",
        "(?:-)?war",
        "(?:a|)b",
        "a?",
        "(?:x)*",
        "x{0,2}",
        "\\s*x",
        "\\bx",
        ".x",
        "(?i)x",
        "[^a]x",
        "war| war",
    ],
)
def test_may_open_otherwise(pattern):
    assert not opens_with_word(pattern)


def test_boundary_only_where_every_phrase_opens_with_a_word_character():
    assert word_start(["said", "told"]) == r"\b" + LOOKBEHIND
    assert word_start(["said", "'s"]) == LOOKBEHIND


SENTENCES = [
    "Ukraine's General Staff said on Monday that 500 Russian soldiers were killed.",
    "The ministry, citing figures released by Kyiv, reported losses of about 1,000.",
    "In a road accident, 14 people died; the Soviet-era figures were higher.",
    "Non-said words, pre-killed and mid-war: none of them starts a phrase.",
    "“They have lost 300 troops,” said Lt-Gen Ivan Petrov, adding that 20 were captured.",
    "-killed 'said' (reported) [wounded] killed-in-action 2,000 dead.",
]


def test_word_patterns_find_what_the_lookbehind_alone_found():
    """Every compiled pattern that now opens with a boundary matches as it did without one."""
    g = grammar(lexicon.load())
    boundary = r"\b" + LOOKBEHIND
    patterns = [
        p for p in vars(g).values() if isinstance(p, regex.Pattern) and p.pattern.startswith(boundary)
    ]
    assert len(patterns) > 20
    for pattern in patterns:
        without = regex.compile(pattern.pattern.replace(boundary, LOOKBEHIND), FLAGS)
        for sentence in SENTENCES:
            found = [(m.span(), m.groupdict()) for m in pattern.finditer(sentence)]
            assert found == [(m.span(), m.groupdict()) for m in without.finditer(sentence)]


@pytest.mark.parametrize(
    "pattern, grouped",
    [
        ("said|told|says", "(?:said|says)|(?:told)"),
        ("Said|told|says", "(?:Said|says)|(?:told)"),  # one letter, whatever its case
        ("(?:claimed|claim)(?! lives)|told|counted", "(?:(?:claimed|claim)(?! lives)|counted)|(?:told)"),
        ("x(?:a|b|ac)", "x(?:(?:a|ac)|(?:b))"),  # inside a group too
        (
            "(?P<killed>killed|dead)|(?P<wounded>wounded)",
            "(?P<killed>(?:killed)|(?:dead))|(?P<wounded>wounded)",
        ),
    ],
)
def test_alternatives_grouped_by_first_letter(pattern, grouped):
    assert by_first_letter(pattern) == grouped


@pytest.mark.parametrize(
    "pattern",
    [
        "said|s?aid|told",  # an optional first letter
        "(?:ab|ac)?d|told",  # an optional group
        "a{0,2}b|told",
        "\\w+|told",  # a first character that is not a plain letter
        "[st]aid|told",
        "(?=t)said|told",  # a lookaround: not a group whose letter opens the match
        "(?>said|told)",  # an atomic group
        "(?(name)said|told)",  # the branches of a condition are not alternatives
        "said|sure",  # one letter only: nothing to gain
    ],
)
def test_left_as_written_where_unsure_or_nothing_to_gain(pattern):
    assert by_first_letter(pattern) == pattern


def test_grouped_patterns_find_what_they_found():
    """Every word list of the vocabulary, grouped by first letter, matches as it did ungrouped."""
    vocabulary = lexicon.load().vocabulary
    lists = [v for v in vocabulary.values() if isinstance(v, list) and all(isinstance(p, str) for p in v)]
    regrouped = 0
    for phrases in lists:
        written = word_start(phrases) + lexicon.alternation(phrases) + r"(?![\w])"
        grouped = lexicon.words(phrases)
        regrouped += grouped != written
        for sentence in SENTENCES:
            found = [(m.span(), m.groups()) for m in regex.finditer(grouped, sentence, FLAGS)]
            assert found == [(m.span(), m.groups()) for m in regex.finditer(written, sentence, FLAGS)]
    assert regrouped > 10


def test_the_anaphors_grouped_by_first_letter_are_those_found_ungrouped():
    """The grammar's anaphora pattern is tried by first letter: on every text of the cases
    table, it finds the anaphors (and their roles) the pattern as written finds."""
    lex = lexicon.load()
    written = regex.compile(anaphora(lex), FLAGS)
    grouped = grammar(lex).anaphora
    assert grouped.pattern != written.pattern
    cases = yaml.safe_load(
        (Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8")
    )
    found = 0
    for text in [*SENTENCES, *(case["text"] for case in cases)]:
        expected = [(m.span(), m.groupdict()) for m in written.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in grouped.finditer(text)] == expected, text
        found += len(expected)
    assert found
