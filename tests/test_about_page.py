"""The method page, /-/about: its vocabularies and rules are the code's, and every page
leads to it (the plugin's, Datasette's own, and the home page)."""

from __future__ import annotations

import html
import re

import pytest

from casualty_claims.likeness import LIKE_RULES
from casualty_claims.link import NEAREST_COUNTERCLAIMS, PAIR_WINDOW_DAYS
from casualty_claims.vocabulary import (
    CAVEATS,
    CHECK_OUTCOMES,
    MEASURES,
    QUALIFIER_WORDS,
    QUALIFIERS,
    RELATIONS,
    SCOPES,
    STATUSES,
)


def _text(page: str) -> str:
    """The page's words, tags dropped and entities read, for phrases the template writes."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.asyncio
async def test_the_method_page_states_the_codes_rules_and_vocabulary(datasette):
    response = await datasette.client.get("/-/about")
    assert response.status_code == 200
    text = _text(response.text)
    for rule in LIKE_RULES:
        assert rule in text
    for vocabulary in (MEASURES, QUALIFIERS, SCOPES, RELATIONS, STATUSES):
        for row in vocabulary:
            assert row["name"] in text and row["id"] in text, row
    for row in CAVEATS + CHECK_OUTCOMES:
        assert row["name"] in text, row
    for words in QUALIFIER_WORDS.values():
        assert words in text
    assert f"at most {PAIR_WINDOW_DAYS} days apart" in text
    assert f"beside the {NEAREST_COUNTERCLAIMS} nearest in time" in text
    assert "counts Russian soldiers killed or wounded" in text
    assert "curation/claims.yml" in text


@pytest.mark.asyncio
async def test_the_method_pages_json_twin_holds_its_lists(datasette):
    data = (await datasette.client.get("/-/about.json")).json()
    assert data["like_rules"] == LIKE_RULES
    assert data["scopes"] == SCOPES
    assert [q["id"] for q in data["qualifiers"]] == [q["id"] for q in QUALIFIERS]
    assert data["reference_series"]["personnel_measure"] == "killed_or_wounded"
    assert data["reference_series"]["check_outcomes"] == CHECK_OUTCOMES
    assert "links" not in data


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "path",
    [
        "/-/contested",
        "/-/claim/d1e5f81570c7",
        "/-/claimant/kremlin",
        "/claims",
        "/claims/claims_flat",
        "/claims/largest_disparities",
        "/claims/claims/d1e5f81570c7",
    ],
)
async def test_every_page_links_to_the_method_page(datasette, path):
    response = await datasette.client.get(path)
    assert response.status_code == 200
    assert 'href="/-/about"' in response.text


@pytest.mark.asyncio
async def test_the_method_page_is_in_datasettes_menu(datasette):
    from casualty_claims_plugin import menu_links

    assert {"href": "/-/about", "label": "How to read the data"} in menu_links(datasette)


@pytest.mark.asyncio
async def test_the_home_pages_description_leads_to_the_method_page(datasette, metadata):
    assert 'href="-/about"' in metadata["description_html"]  # relative: it works under any base_url
    assert (await datasette.client.get("/-/about")).status_code == 200
    assert 'href="-/about"' in (await datasette.client.get("/")).text


@pytest.mark.asyncio
async def test_the_method_link_follows_the_base_url(seed_db, metadata):
    from datasette.app import Datasette

    site = Datasette([], immutables=[str(seed_db)], metadata=metadata, settings={"base_url": "/prefix/"})
    page = (await site.client.get("/-/contested")).text
    assert 'href="/prefix/-/about"' in page and 'href="/-/about"' not in page
