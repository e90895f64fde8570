"""The seed articles scored against the hand-annotated gold claims."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import SEEDS, SHARED

SCORER = SHARED / "eval" / "score_claims.py"
GOLD = SHARED / "gold" / "seeds.jsonl"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval/score_claims.py is not beside the project")
def test_seed_scores_reach_their_targets(seed_db):
    result = subprocess.run(
        [sys.executable, str(SCORER), "--db", str(seed_db), "--gold", str(GOLD), "--articles", str(SEEDS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    last = dict(part.split("=") for part in result.stdout.strip().splitlines()[-1].split())
    assert float(last["f1"]) >= 0.95, result.stdout
    assert float(last["attributes"]) >= 0.90, result.stdout
    assert float(last["provenance"]) == 1.0, result.stdout
