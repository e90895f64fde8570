import regex

from casualty_claims.lexicon import FLAGS, compile_words


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
