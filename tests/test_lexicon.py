from pathlib import Path

import pytest
import regex

from casualty_claims.lexicon import FLAGS, SIDES, LexiconError, _claimants, _subjects, compile_words
from casualty_claims.vocabulary import SUBJECT_SIDES


def test_an_apostrophe_in_a_pattern_matches_a_typographic_one():
    pattern = compile_words(["Russia's"])
    assert pattern.search("Russia's losses")
    assert pattern.search("Russia’s losses")


def test_an_apostrophe_inside_a_character_class_matches_a_typographic_one():
    pattern = compile_words([r"put(?= (?:[\w'-]+ ){1,4}at\b)"])
    assert pattern.search("The ministry put Russia's losses at 409,000")
    assert pattern.search("The ministry put Russia’s losses at 409,000")
    assert not pattern.search("The ministry put [Russia] losses at 409,000")


def test_patterns_fold_case_simply():
    assert regex.compile("strasse", FLAGS).fullmatch("STRASSE")
    # full case folding ("ß" as "ss") costs about twice the time of every scan
    assert not regex.compile("strasse", FLAGS).fullmatch("straße")


def test_a_figure_may_count_both_sides_but_no_claimant_speaks_for_both():
    assert "both" in SUBJECT_SIDES and "both" not in SIDES
    entry = {"id": "both-armies", "name": "Both armies", "kind": "group", "side": "both", "aliases": []}
    with pytest.raises(LexiconError, match="unknown side 'both'"):
        _claimants([entry], Path("claimants.yml"))
    # the overview charts one side's losses: no subject may hold a figure for both
    subject = {
        "id": "all",
        "title": "All",
        "sides": ["both"],
        "populations": ["military"],
        "measures": ["killed"],
    }
    with pytest.raises(LexiconError, match="unknown side 'both'"):
        _subjects([subject], Path("subjects.yml"))
