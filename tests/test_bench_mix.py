"""The realistic mix of `make bench` (bench/realistic.py) and its harness (bench/mix.py)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from bench import realistic
from casualty_claims import lexicon, prefilter, sentences
from casualty_claims.clean import FurnitureRules, clean


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_mix_is_reproducible_and_a_smaller_one_is_a_prefix(tmp_path):
    realistic.write_corpus(tmp_path / "a", 40)
    realistic.write_corpus(tmp_path / "b", 40)
    realistic.write_corpus(tmp_path / "c", 25)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "c") == {
        name: data for name, data in files(tmp_path / "a").items() if name < "000025"
    }
    realistic.write_corpus(tmp_path / "d", 25, seed=7)
    assert files(tmp_path / "d") != files(tmp_path / "c")


def test_the_kinds_come_in_their_shares():
    kinds = Counter(
        realistic._kind(random.Random(f"realistic:{realistic.corpus.SEED}:{i}")) for i in range(4000)
    )
    assert abs(kinds["prose"] / 4000 - 0.60) < 0.03
    assert abs(kinds["figures"] / 4000 - 0.35) < 0.03
    assert abs(kinds["war"] / 4000 - 0.05) < 0.015


def test_only_the_war_articles_hold_words_of_losses_beside_a_figure():
    """Prose has no figure, the figures no word of losses: what makes them the kinds they are."""
    lex = lexicon.load()
    rules = FurnitureRules(lex)
    seen = Counter()
    for i in range(300):
        rng = random.Random(f"realistic:{realistic.corpus.SEED}:{i}")
        kind = realistic._kind(rng)
        split = sentences.split(clean(realistic.article(realistic.corpus.SEED, i), rules).blocks)
        body = [s for s in split if not (s.text.startswith(("By ", "Published ")) or s.text[-4:].isdigit())]
        marks = prefilter.marks([s.text for s in body], lex, "exact")
        seen[kind] += 1
        if kind == "prose":
            assert not any(m.figure for m in marks)
        elif kind == "figures":
            assert any(m.figure for m in marks) and not any(m.loss for m in marks)
        else:
            assert prefilter.sentences_to_read(split, lex, "exact") > 0
    assert seen["war"] >= 5


def test_the_sentences_are_ours_and_use_only_known_fields():
    rng = random.Random(1)
    for template in realistic.HEADLINES + realistic.PROSE + realistic.FIGURES:
        assert template.format(**realistic._fields(rng))


def test_a_small_mix_is_built_and_timed_beside_the_spacy_peer(tmp_path):
    pytest.importorskip("spacy")
    from bench import mix

    result = mix.measure(40, tmp_path)
    assert result.articles == 40 and result.build.seconds > 0 and result.build.peak_mb > 20
    assert result.engine in prefilter.ENGINES
    assert result.ms_per_article["ours"] > 0 and result.ms_per_article["spacy"] > 0
    table = mix.report([result])
    assert "| 40 |" in table and "spaCy ms/article" in table


def test_the_peer_finds_sentences_with_a_loss_phrase_and_a_number():
    pytest.importorskip("spacy")
    from bench.peer import Peer

    peer = Peer(lexicon.load())
    assert peer.candidates("Prices rose 5% in May. Russia lost 500 soldiers. Soldiers were killed.") == 1
