"""lexicon/speakers.yml: the words for naming a claimant the lexicon does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casualty_claims import lexicon
from casualty_claims.claims.grammar import grammar
from casualty_claims.claims.naming import slug
from casualty_claims.lexicon import LexiconError, _speakers

SPEAKERS = Path(lexicon.__file__).parent / "lexicon" / "speakers.yml"


def _with(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(SPEAKERS.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "speakers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_speaker_words_load():
    assert _speakers(SPEAKERS)["heads"]["person"]


def test_a_head_of_an_unknown_kind_is_refused(tmp_path):
    path = _with(tmp_path, lambda d: d["heads"].update(weapon=["tank"]))
    with pytest.raises(LexiconError, match="unknown kind 'weapon'"):
        _speakers(path)


def test_a_side_word_for_an_unknown_side_is_refused(tmp_path):
    path = _with(tmp_path, lambda d: d["sides"].update(both=["joint"]))
    with pytest.raises(LexiconError, match="unknown side 'both'"):
        _speakers(path)


def test_a_word_that_does_not_compile_is_refused(tmp_path):
    path = _with(tmp_path, lambda d: d["ranks"].append("Gen(eral"))
    with pytest.raises(LexiconError, match="not a valid pattern"):
        _speakers(path)


def test_an_inferred_claimant_is_a_pure_function_of_its_phrase():
    words = grammar(lexicon.load()).speaker_words
    first, again = words.claimant("the Polish government"), words.claimant("The Polish government")
    assert first == again and first.id == slug("Polish government") == "polish-government"
    assert (first.kind, first.side, first.inferred) == ("government", "third_party", True)
    assert first.speaks_for is None
    assert words.claimant("forces") is None  # who fights is no speaker
    # unless the phrase says whose unit speaks (issue 17): a claimant of that side
    forces = words.claimant("Russian forces")
    assert (forces.id, forces.kind, forces.side) == ("russian-forces", "organisation", "russia")
    assert forces.roles == ()  # no role: "the forces" later refers back to no one
    assert words.claimant("two unnamed officials") is None  # nor an unnamed source


ANAPHORA_PATTERN = (
    "from casualty_claims import lexicon; from casualty_claims.claims.grammar import grammar; "
    "print(grammar(lexicon.load()).anaphora.pattern)"
)


def test_the_anaphora_pattern_is_the_same_whatever_the_hash_seed():
    """The ranks a role may take are a set: joined in its order, the pattern would differ from one
    process to the next (PYTHONHASHSEED), and a build could not be compared with another."""
    root = Path(lexicon.__file__).parent.parent
    patterns = {
        subprocess.run(
            [sys.executable, "-c", ANAPHORA_PATTERN],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(patterns) == 1 and "general" in patterns.pop()
