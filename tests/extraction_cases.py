"""Run the table of extraction cases in tests/data/extraction_cases.yml.

Each case is a short text (and optional headline and publication date) with
every claim a careful reader would take from it. A case passes when the
extractor finds exactly those claims, with the same figure, value and bounds,
claimant side, subject side, population, measure, unit, qualifier and as-of
date; and the same claimant where the case names one of the lexicon's
claimants.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from casualty_claims import claims as claims_module
from casualty_claims import lexicon
from casualty_claims.clean import FurnitureRules
from casualty_claims.pipeline import process
from casualty_claims.read import Article

CASES_FILE = Path(__file__).parent / "data" / "extraction_cases.yml"
FIELDS = (
    "value",
    "low",
    "high",
    "claimant_side",
    "subject_side",
    "population",
    "measure",
    "unit",
    "qualifier",
)


def load_cases() -> list[dict]:
    return yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))


def article_of(case: dict) -> Article:
    body = case["text"].strip()
    raw = f"{case['headline']}\n\n{body}\n" if case.get("headline") else f"Untitled\n\n{body}\n"
    meta = {"published": str(case["published"])} if case.get("published") else {}
    return Article(case["id"], Path(f"{case['id']}.txt"), raw, hashlib.sha256(raw.encode()).hexdigest(), meta)


def extract(case: dict) -> list[dict]:
    lex = lexicon.load()
    processed = process(article_of(case), lex, FurnitureRules(lex))
    found = []
    for claim in processed.claims:
        primary = claim.primary
        found.append(
            {
                "figure": primary.figure.text,
                "value": primary.figure.value,
                "low": primary.figure.low,
                "high": primary.figure.high,
                "claimant": primary.claimant.name if primary.claimant else "unknown",
                "claimant_side": primary.claimant.side if primary.claimant else "unknown",
                "subject_side": next(
                    (r.subject_side for r in claim.readings if r.subject_side != "unknown"), "unknown"
                ),
                "population": claims_module.population_of(claim),
                "measure": claims_module.measure_of(claim),
                "unit": primary.unit,
                "qualifier": primary.qualifier,
                "as_of": primary.as_of.iso if primary.as_of else None,
            }
        )
    return found


def key(claim: dict, known_claimants: set[str], expected: dict | None = None) -> tuple:
    reference = expected or claim
    fields = [claim.get(f) for f in FIELDS]
    if reference.get("claimant") in known_claimants:
        fields.append(claim.get("claimant"))
    if reference.get("as_of"):
        fields.append(str(claim.get("as_of") or "")[: len(str(reference["as_of"]))])
    return tuple(fields)


def compare(case: dict) -> tuple[list[tuple], list[tuple]]:
    """(expected but not found, found but not expected)."""
    known = {c.name for c in lexicon.load().claimants.values()}
    expected = case.get("claims") or []
    found = extract(case)
    missing, extra = [], list(found)
    for want in expected:
        want_key = key(want, known)
        match = next((f for f in extra if key(f, known, want) == want_key), None)
        if match is None:
            missing.append(want_key)
        else:
            extra.remove(match)
    return missing, [key(f, known) for f in extra]
