"""An article's extraction cost grows linearly with its length (issue 18): no step compares
every figure with every other, or reads a whole sentence or article again for each figure.

Costs are counted, not timed: calls of ``_same_claim``, and the lines of Python run to read
one article and make its rows (bench/length.py times the same shapes up to 5 MB)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from bench import length
from bench.length import SHAPES
from casualty_claims import lexicon, rows, sentences
from casualty_claims.clean import Block, FurnitureRules, clean
from casualty_claims.pipeline import curated_rows, process
from casualty_claims.read import Article

LEXICON = lexicon.load()
RULES = FurnitureRules(LEXICON)
consolidate_module = importlib.import_module("casualty_claims.claims.consolidate")
# a length four times another may cost at most this many times as much
GROWTH = 4.5


def _processed(raw: str):
    return process(Article(id="long", path=Path("long.txt"), raw=raw, sha256=""), LEXICON, RULES)


def _repeated(unit: str, times: int) -> str:
    return "Casualty claims\n\n" + "".join(unit.format(1_000 + i) for i in range(times))


@pytest.mark.parametrize(
    "unit",
    [
        "Ukraine said 1,200 Russian soldiers were killed. ",  # one claim, stated again and again
        "Ukraine said {0:,} Russian soldiers were killed. It repeated that {0:,} Russian soldiers were killed.\n\n",
        "Ukraine said {:,} Russian soldiers were killed.\n\n",  # distinct claims
    ],
)
def test_same_claim_is_asked_a_number_of_times_linear_in_the_readings(monkeypatch, unit):
    calls = 0
    same_claim = consolidate_module._same_claim

    def counted(a, b):
        nonlocal calls
        calls += 1
        return same_claim(a, b)

    monkeypatch.setattr(consolidate_module, "_same_claim", counted)
    counts = []
    for times in (30, 120):
        calls = 0
        readings = sum(len(claim.readings) for claim in _processed(_repeated(unit, times)).claims)
        assert readings >= times
        counts.append(calls)
    # distinct claims need no comparison at all: the floor is one per reading
    assert counts[1] <= GROWTH * max(counts[0], 30), counts


def _python_lines(raw: str) -> int:
    """Lines of Python run to read the article and make its rows: a deterministic measure of cost."""
    lines = 0

    def trace(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return trace

    sys.settrace(trace)
    try:
        curated_rows(_processed(raw), LEXICON, None)
    finally:
        sys.settrace(None)
    return lines


@pytest.mark.parametrize("shape", SHAPES)
def test_an_articles_cost_grows_linearly_with_its_length(shape):
    _python_lines(SHAPES[shape](2_000))  # warm-up: the grammar and the caches of patterns
    small, large = (_python_lines(SHAPES[shape](size)) for size in (3_000, 12_000))
    assert large <= GROWTH * small, (small, large)


def _spans(text: str) -> list[tuple[int, int]]:
    return sentences.split_block(Block(1, 0, len(text), text))


def _pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in _spans(text)]


def test_a_sentence_that_never_ends_is_cut_after_clause_punctuation():
    text = "Ukraine said 1,200 Russian soldiers were killed, " * 200
    pieces = _pieces(text.strip())
    assert len(pieces) > 1
    assert all(len(piece) <= sentences.MAX_SENTENCE for piece in pieces)
    assert all(piece.endswith("killed,") for piece in pieces[:-1])
    assert " ".join(pieces) == text.strip()  # nothing lost but the space at each cut
    readings = [r for claim in _processed("Casualty claims\n\n" + text).claims for r in claim.readings]
    assert len(readings) == 200  # no figure cut in two, every one still read


def test_without_clause_punctuation_a_sentence_is_cut_between_words_not_numbers():
    text = "x" * 700 + " killed 5 000 000" + "y" * 600
    assert _pieces(text) == ["x" * 700, "killed 5 000 000" + "y" * 600]
    words = " ".join(["soldiers"] * 1_000)
    pieces = _pieces(words)
    assert all(
        len(piece) <= sentences.MAX_SENTENCE and set(piece.split()) == {"soldiers"} for piece in pieces
    )
    assert " ".join(pieces) == words


def test_a_sentence_with_no_space_at_all_is_cut_at_the_bound():
    text = "x" * (2 * sentences.MAX_SENTENCE + 5)
    assert [end - start for start, end in _spans(text)] == [sentences.MAX_SENTENCE] * 2 + [5]


def test_a_long_natural_sentence_stays_whole():
    words = "Officials said the losses, which could not be verified, " * 20
    sentence = words[: sentences.MAX_SENTENCE - 12] + " in the end"
    assert len(sentence + ".") == sentences.MAX_SENTENCE
    text = sentence + ". Then it ended."
    assert _pieces(text) == [sentence + ".", "Then it ended."]


def test_boundaries_in_a_long_run_of_full_stops_and_abbreviations():
    for text in ("It ended" + "." * 50_000 + " Then another.", "Mr. " * 3_000 + "Smith left. Then another."):
        pieces = _pieces(text)
        assert all(len(piece) <= sentences.MAX_SENTENCE for piece in pieces)
        assert pieces[-1] == "Then another." and "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_adjacent_furniture_lines_are_one_span_with_their_text():
    raw = "Headline of the story\n\n" + "Ukraine said 1,200 Russian soldiers were killed.\n\n" * 500
    furniture = clean(raw, RULES).furniture
    assert [(f.reason, f.start, f.end) for f in furniture] == [("duplicate", 73, len(raw) - 2)]
    assert furniture[0].text == raw[73 : len(raw) - 2]


@pytest.mark.parametrize("few", [rows.FEW_FIGURES, 0])  # each figure on its own, or all in one pass
def test_the_places_of_figures_written_alike(monkeypatch, few):
    monkeypatch.setattr(rows, "FEW_FIGURES", few)
    raw = "5,000 to 6,000 and 5,000. Not 15,000 nor 5,0001 nor x5,000 but (5,000) and 6,000"
    texts = ["5,000", "5,000 to 6,000", "6,000", "6,000 and", "7,000", "000"]
    places = rows.figure_places(raw, texts)
    assert [places.get(text, []) for text in texts] == [[0, 19, 64], [0], [9, 75], [9], [], []]
    long_raw = raw * 50 + " 5,000"
    places = rows.figure_places(long_raw, texts)
    assert {text: places.get(text, []) for text in texts} == {
        text: list(rows._occurrences(long_raw, text)) for text in texts
    }


def test_the_length_benchmark_writes_its_section_in_place_of_the_last(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmarks\n\n## Extraction per article against its length\n\nold\n\n## Serving\n\nkept\n"
    )
    measured = length.measure((2_000, 4_000))
    assert list(measured) == list(SHAPES)
    assert all(len(sizes) == 2 and sizes[0][1] > 0 and sizes[0][2] >= 1 for sizes in measured.values())
    length.write(results, length.report((2_000, 4_000), measured))
    text = results.read_text()
    assert "old" not in text and "## Serving\n\nkept" in text and text.count(length.HEADING) == 1
    assert "| shape | 2 KB | 4 KB |" in text and "| figures without sentence breaks | " in text
