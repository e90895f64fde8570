"""Where the prefilter looks for a loss word (casualty_claims/prefilter.py, "Where a loss word may
stand"): only where the grammar could match it, a word start for most of them, and anywhere for
the sections the grammar reads right after a letter; both engines alike."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
import regex

from casualty_claims import lexicon, literals, prefilter
from casualty_claims.claims.grammar import grammar
from casualty_claims.lexicon import FLAGS, compile_words

from .test_prefilter import ENGINES, article

START = literals.WORD_START
CLAIMS = Path(prefilter.__file__).parent / "claims"
# what may stand right before a loss word: the grammar matches some of these and not others
BEFORE = ["", " ", "(", "“", "5", "-", "x", "é", "_", "\u0663", "s"]


@pytest.fixture(scope="module")
def lex():
    return lexicon.load()


@pytest.mark.parametrize(
    "pattern, words",
    [
        ("kill(?:s|ing)?", {START + "kill"}),
        ("(?:were |have been )?lost", {START + "lost"}),  # "were lost" opens a word too
        ("Ukraine's losses", {"s losses"}),  # after the apostrophe: no mark
        (r"(?<!former )prisoners", {START + "prisoners"}),
        (r"\w+ killed", {" killed"}),  # inside the match: anywhere
        (r"\w+", {""}),
    ],
)
def test_a_word_that_opens_a_match_after_no_letter_is_marked(pattern, words):
    assert literals.required_words(pattern, starts_word=True) == words


def test_shortest_knows_a_marked_word_after_a_space_or_a_hyphen():
    assert literals.shortest([START + "were lost", START + "lost", START + "air-defence"]) == {
        START + "lost",
        START + "air-defence",
    }
    assert literals.shortest([START + "lost", "lost"]) == {"lost"}
    assert literals.shortest([START + "lost", "closed"]) == {START + "lost", "closed"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "text",
    [
        "The shop will close 3 of its stores.",
        "She showed great skill in 5 matches.",
        "The road was closed for 2 days.",
        "The atoll had 3 airstrips.",
        "The relationship lasted 9 years.",
        "He studied 12 bilateral agreements.",
    ],
)
def test_a_loss_word_inside_another_word_is_none(lex, engine, text):
    assert prefilter.marks([text], lex, engine) == [prefilter.Mark(True, False)]
    assert not prefilter.article_may_hold_claims(article(text, lex), lex, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_words_of_a_section_read_after_a_letter_are_found_anywhere(lex, engine):
    # "Russia'slosses": the grammar's owner of a loss takes a casualty noun glued to "'s"
    assert "casualty_nouns" in grammar(lex).unbounded
    assert grammar(lex).loss_owner.search("Russia'slosses") is not None
    assert prefilter.marks(["Russia'slosses rose by 5"], lex, engine) == [prefilter.Mark(True, True)]


def _bounded_spellings(lex) -> list[tuple[str, str]]:
    """Each section the prefilter reads at a word start, with every spelling of its patterns."""
    unbounded = grammar(lex).unbounded
    return [
        (key, spelling)
        for key in prefilter.LOSS_VOCABULARY
        if key not in unbounded
        for pattern in prefilter.section_patterns(lex, key)
        for spelling in sorted(literals.spellings(pattern))
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_loss_word_passes_wherever_the_grammar_matches_it(lex, engine):
    # every spelling of every word-start section after each of BEFORE: wherever the section's
    # pattern, or a list's label, matches it there, the sentence with a figure passes
    g = grammar(lex)
    texts, matched = [], []
    for key, spelling in _bounded_spellings(lex):
        section = compile_words(prefilter.section_patterns(lex, key))
        for before in BEFORE:
            text = f"{before}{spelling}: 12"
            texts.append(text)
            matched.append(bool(section.match(text, len(before)) or g.list_label.match(text[:-2])))
    found = prefilter.marks(texts, lex, engine)
    assert all(mark.loss for mark, grammar_matches in zip(found, matched, strict=True) if grammar_matches)
    # the test sees both sides of the rule: many matches, and places where neither finds a word
    assert sum(matched) > 1000
    assert sum(1 for mark, m in zip(found, matched, strict=True) if not m and not mark.loss) > 100


def test_every_section_is_read_at_a_word_start_or_recorded_as_unbounded():
    # the rule of the prefilter's docstring, read from the source of the grammar's modules: a
    # section of LOSS_VOCABULARY is read only inside labelled(...) or compile_words(...), inside
    # Grammar.anywhere(...), or in the list's label, which follows no letter; a WordTest(...) of
    # it only rules a text out before a search (literals.WordTest), it matches nothing itself
    allowed = {"labelled", "compile_words", "anywhere", "WordTest"}
    reads = []
    for path in sorted(CLAIMS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                child.parent = node  # type: ignore[attr-defined]
        for node in ast.walk(tree):
            key = node.slice if isinstance(node, ast.Subscript) else None
            if isinstance(key, ast.Constant) and key.value in prefilter.LOSS_VOCABULARY:
                reads.append((path.name, key, _enclosing(node)))
    assert reads
    for name, node, (calls, target) in reads:
        assert calls & allowed or target == "list_label", f"{name}:{node.lineno} reads {node.value}"
    assert grammar(lexicon.load()).list_label.pattern.startswith(r"^[\W\d]*?(?:")


def _enclosing(node) -> tuple[set[str], str | None]:
    """The names of the calls around a node, and the attribute its statement assigns."""
    calls, target = set(), None
    while hasattr(node, "parent"):
        node = node.parent
        if isinstance(node, ast.Call):
            func = node.func
            calls.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
            target = node.targets[0].attr
    return calls, target


def test_no_character_but_a_letter_is_folded_to_one():
    # before a marked word stands no letter to the grammar: its fold must not make one there
    others = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    candidates = set(regex.findall(r"[a-z]", others, FLAGS))
    candidates |= {c for c in others if c.casefold().isascii() and c.casefold().isalpha()}
    folded = {c for c in candidates if (prefilter._folded(c) or "0").isalpha()}
    assert folded and all(regex.fullmatch(r"\w", c) and not regex.fullmatch(r"\d", c) for c in folded)
