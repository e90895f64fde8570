"""The prefilter (casualty_claims/prefilter.py): which sentences the grammar has to read, the
words it looks for (casualty_claims/literals.py), its two engines finding the same sentences,
and the claims of the extraction cases read the same with it as without it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casualty_claims import claims, lexicon, literals, prefilter, sentences
from casualty_claims.clean import FurnitureRules, clean
from casualty_claims.pipeline import process
from casualty_claims.read import Article

CASES = yaml.safe_load((Path(__file__).parent / "data" / "extraction_cases.yml").read_text(encoding="utf-8"))
ENGINES = [
    "exact",
    pytest.param(
        "hyperscan",
        marks=pytest.mark.skipif(prefilter.hyperscan is None, reason="hyperscan is not installed here"),
    ),
]


@pytest.fixture(scope="module")
def lex():
    return lexicon.load()


def split(text: str, lex) -> list[sentences.Sentence]:
    return sentences.split(clean(text, FurnitureRules(lex)).blocks)


@pytest.mark.parametrize(
    "pattern, words",
    [
        ("kill(?:s|ing)?", {"kill"}),
        ("(?:were |have been )?lost", {"lost"}),
        ("neutrali[sz]ed", {"neutralised", "neutralized"}),
        ("(?:war)?ships?", {"ship"}),
        ("killed|died", {"killed", "died"}),
        ("(?-i:POWs?)", {"pow"}),
        ("Ukraine's losses", {"s losses"}),  # the apostrophe may be typographic: no word crosses it
        (r"(?<!former )prisoners(?! recruited)", {"prisoners"}),
        (r"\w+", {""}),  # nothing certain: every text holds the empty word
        ("killed|\\w+", {""}),
        (r"\p{L}+ killed", {""}),  # the regex module's syntax, which the standard parser does not read
        ("[[:alpha:]]+ killed", {""}),  # a POSIX class, which it reads as a set of characters
        ("(?:killed){e<=1}", {""}),  # a fuzzy match
    ],
)
def test_required_words(pattern, words):
    assert literals.required_words(pattern) == words


def test_shortest_keeps_the_words_no_other_contains():
    assert literals.shortest(["killing", "kill", "kills", "dead"]) == {"kill", "dead"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "text, figure, loss",
    [
        ("Russia lost 500 soldiers.", True, True),
        ("Two were killed.", True, True),
        ("Someone said it was often written down.", False, False),  # "one", "ten" inside words
        ("Prices rose 5% in May.", True, False),
        ("Casualties were heavy.", False, False),  # loss words count only beside a figure
        ("A twofold rise", False, False),
        ("the 2two test", True, False),  # a digit is a figure's trigger on its own
        ("Thouſand men", True, False),  # the long s matches "s" in the grammar's patterns
        ("The tally was ٣", True, True),  # an Arabic-Indic digit is a digit
        ("500 KILLED", True, True),  # in either case
        ("\ud800 500 killed", True, True),  # a lone surrogate left in text built elsewhere
    ],
)
def test_marks(lex, engine, text, figure, loss):
    assert prefilter.marks([text], lex, engine) == [prefilter.Mark(figure, loss)]


def test_a_bare_figure_may_take_the_count_of_a_claim_three_sentences_before(lex):
    # "The total is 300" names no loss: it counts what the claim three sentences before did
    # (claims.counting.inherit), never four
    for gap, inherits in ((2, True), (3, False)):
        text = (
            "War news\n\nRussia lost 500 soldiers near the town on Monday."
            + " The roads were quiet." * gap
            + " The total is 300.\n"
        )
        found = split(text, lex)
        read = claims.read(found, None, lex)
        assert [r.figure.value for r in read] == ([500, 300] if inherits else [500])
        may = prefilter.may_hold_claims(prefilter.marks([s.text for s in found], lex, "exact"))
        assert may[-1] is inherits
        assert prefilter.sentences_to_read(found, lex, "exact") == (len(found) if inherits else 3)


def test_no_sentence_to_read_in_prose_with_figures_but_no_losses(lex):
    found = split("Market news\n\nPrices rose 5% in May. The council spent €20 million on roads.\n", lex)
    assert prefilter.sentences_to_read(found, lex, "exact") == 0


def test_the_headline_and_the_sentence_after_the_last_claim_are_read(lex):
    found = split(
        "A long headline. By Mediazona\n\n300 soldiers were killed. The ministry said so. Rain.\n", lex
    )
    assert [s.is_headline for s in found] == [True, True, False, False, False]
    # the last that may hold a claim is the third: the fourth may name its source
    assert prefilter.sentences_to_read(found, lex, "exact") == 4
    headline_only = split("Ten killed. By Mediazona. For our readers\n\nRain fell.\n", lex)
    assert prefilter.sentences_to_read(headline_only, lex, "exact") == 3


def test_an_unknown_engine_is_refused(lex):
    with pytest.raises(ValueError):
        prefilter.engine(lex, "grep")


@pytest.mark.skipif(prefilter.hyperscan is None, reason="hyperscan is not installed here")
def test_both_engines_find_the_same_sentences_in_every_case(lex):
    texts = [s.text for case in CASES for s in split("Headline\n\n" + case["text"], lex)]
    assert prefilter.marks(texts, lex, "hyperscan") == prefilter.marks(texts, lex, "exact")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_case_reads_the_same_claims_with_the_prefilter(lex, engine, monkeypatch):
    """Each case of the extraction table: the grammar over every sentence and over those the
    prefilter leaves give the same readings."""
    monkeypatch.setattr(prefilter, "default_engine", lambda: engine)
    for case in CASES:
        raw = case["text"] if case.get("headline") else "War in Ukraine: latest\n\n" + case["text"]
        found = split(raw, lex)
        needed = prefilter.sentences_to_read(found, lex)
        assert claims.read(found[:needed], None, lex) == claims.read(found, None, lex), case["id"]


def test_spellings_spell_out_a_pattern_of_few_strings():
    assert literals.spellings("kill(?:s|ing)?") == {"kill", "kills", "killing"}
    assert literals.spellings(r"\w+ killed") == {" killed"}  # too many: its required words


def test_the_tree_of_words_matches_exactly_the_words():
    import re

    from casualty_claims.literals import WORD_START, tree

    words = sorted(["dead", "death", "deaths", "kill", "ten", "tens", "a-b c"])
    expression = re.compile(tree(words))
    assert expression.pattern == r"(?:a\-b\ c|dea(?:d|th(?:s)?)|kill|ten(?:s)?)"
    for word in words:
        assert expression.fullmatch(word)
    for other in ["dea", "deat", "killed", "te", "a-bc"]:
        assert not expression.fullmatch(other)
    # the prefilter's tree writes a word start as any byte but a letter
    marked = re.compile(tree(sorted([WORD_START + "kill", "dead"]), prefilter._character).encode())
    assert marked.search(b" kill ") and marked.search(b"5kill") and not marked.search(b"skill")


def test_the_pipeline_gives_the_grammar_only_what_it_has_to_read(lex, monkeypatch):
    from casualty_claims import pipeline

    read = []
    original = claims.read
    monkeypatch.setattr(
        claims, "read", lambda split, *args: read.append(len(split)) or original(split, *args)
    )
    rules = FurnitureRules(lex)
    prose = "Market news\n\nPrices rose 5% in May. The council met on Monday.\n"
    war = "War news\n\nRussia lost 500 soldiers. The ministry said so. Rain fell. The park reopened.\n"
    for raw in (prose, war):
        article = Article(id="a", path=Path("a.txt"), raw=raw, sha256="", meta={})
        pipeline.process(article, lex, rules)
    assert read == [3]  # none of the prose; of the war article the headline, the claim, its source


def test_warming_up_compiles_the_prefilter_before_the_workers_fork(lex):
    from casualty_claims import pipeline

    prefilter.engine.cache_clear()
    pipeline.warm_up(lex)
    assert prefilter.engine.cache_info().currsize == 2  # for sentences and for whole texts


@pytest.mark.parametrize("engine", ENGINES)
def test_the_seeds_and_the_dev_set_read_the_same_claims_with_the_prefilter(lex, engine, monkeypatch):
    from casualty_claims.read import read_article

    from .conftest import SEEDS, SHARED

    paths = sorted(SEEDS.glob("*.txt")) + sorted((SHARED / "dev" / "articles").glob("*.txt"))
    assert len(paths) >= 6
    rules = FurnitureRules(lex)
    monkeypatch.setattr(prefilter, "default_engine", lambda: engine)
    with_prefilter = [process(read_article(path), lex, rules).claims for path in paths]
    monkeypatch.setattr(prefilter, "article_may_hold_claims", lambda blocks, *args: True)
    monkeypatch.setattr(prefilter, "sentences_to_read", lambda split, *args: len(split))
    assert [process(read_article(path), lex, rules).claims for path in paths] == with_prefilter
    assert sum(map(len, with_prefilter)) > 50


@pytest.mark.parametrize(
    "text",
    [
        # a milestone verb counts beside a word of loss_context alone
        "The tally could reach 5,000 by spring, officials said.",
        # a list's label is the only word of losses ("personnel" alone is one of list_labels only)
        "The General Staff gave its figures:\n\nPersonnel – 500",
    ],
)
def test_claims_that_only_one_section_of_the_vocabulary_announces_are_read(lex, text):
    found = split("War in Ukraine: latest\n\n" + text, lex)
    read = claims.read(found, None, lex)
    assert read and claims.read(found[: prefilter.sentences_to_read(found, lex, "exact")], None, lex) == read


def article(text: str, lex) -> tuple:
    return clean(text, FurnitureRules(lex)).blocks


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "text, may",
    [
        ("War news\n\nRussia lost 500 soldiers near the town.\n", True),
        ("Market news\n\nPrices rose 5% in May. The council met.\n", False),  # a figure, no loss word
        ("War news\n\nThe dead were buried on Monday.\n", False),  # a loss word, no figure
        ("Town news\n\nSomeone often said so.\n", False),  # "one" and "ten" inside words count for nothing
        # each in a sentence of its own: no sentence may hold a claim, but the article is split
        ("Town news\n\nPrices rose 5% in May.\n\nThe old ship sailed.\n", True),
    ],
)
def test_an_article_without_a_figure_or_a_loss_word_holds_no_claim(lex, engine, text, may):
    assert prefilter.article_may_hold_claims(article(text, lex), lex, engine) is may
    if not may:
        assert prefilter.sentences_to_read(split(text, lex), lex, engine) == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_loss_word_that_ends_in_a_space_counts_at_a_paragraph_end(lex, engine):
    # "taken into " ends in a space, which the padding of a sentence gives at its end; in the
    # whole text a line break follows it
    assert literals.WORD_START + "taken into " in prefilter.words(lex).losses
    text = "War news\n\nOf the 40 men, 12 were taken into\n\nRain fell.\n"
    assert prefilter.sentences_to_read(split(text, lex), lex, engine) > 0
    assert prefilter.article_may_hold_claims(article(text, lex), lex, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_paragraph_cut_inside_a_word_is_left_to_the_scan_of_its_sentences(lex, engine):
    # a paragraph too long for one sentence, with no space to cut it at, is cut after "-ten",
    # which then stands alone in its sentence, not in the text
    long_word = "a" * (sentences.MAX_SENTENCE - len("Troops killed ") - len("-ten")) + "-ten"
    text = "War news\n\nTroops killed " + long_word + "b" * 20 + "\n"
    found = split(text, lex)
    assert found[1].text.endswith("-ten") and prefilter.sentences_to_read(found, lex, engine) > 0
    assert prefilter.article_may_hold_claims(article(text, lex), lex, engine)


def test_no_space_between_sentences_folds_to_a_letter():
    # what stands beside a sentence in its paragraph must not make a word of what stands alone
    # in the sentence padded with spaces (the module's docstring)
    import sys

    import regex

    others = "".join(chr(c) for c in range(128, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    spaces = {c for c in others if c.isspace()} | set(regex.findall(r"\s", others))
    assert spaces and all(prefilter._folded(c) is None for c in spaces)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_case_that_may_hold_a_claim_passes_the_scan_of_its_whole_text(lex, engine):
    for case in CASES:
        raw = case["text"] if case.get("headline") else "War in Ukraine: latest\n\n" + case["text"]
        if prefilter.sentences_to_read(split(raw, lex), lex, engine):
            assert prefilter.article_may_hold_claims(article(raw, lex), lex, engine), case["id"]


def test_an_article_no_sentence_of_which_may_hold_a_claim_is_not_split(lex, monkeypatch):
    calls = []
    original = sentences.split
    monkeypatch.setattr(sentences, "split", lambda blocks: calls.append(len(blocks)) or original(blocks))
    prose = "Market news\n\nPrices rose 5% in May. The council met on Monday.\n"
    war = "War news\n\nRussia lost 500 soldiers. The ministry said so.\n"
    items = [
        process(Article(id=id, path=Path(f"{id}.txt"), raw=raw, sha256="", meta={}), lex, FurnitureRules(lex))
        for id, raw in (("prose", prose), ("war", war))
    ]
    assert calls == [2]  # the war article's headline and paragraph
    assert items[0].sentences == [] and items[0].claims == [] and items[1].claims
