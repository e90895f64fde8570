"""The chart specs on their own (charts.py, pure): years on every time axis, a mark and a legend
entry per way a figure was given, one chart per whose losses, figures of unknown population
apart, explicit domains, the sides' colours from one map, and captions in good English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casualty_claims.vocabulary import SUBJECT_SIDES
from casualty_claims_plugin.charts import (
    READINGS,
    SIDE_COLOURS,
    counted,
    left_out,
    loss_charts,
    side_colours_css,
    thinned,
    time_axis,
    timeline_chart,
    value_domain,
)


def _claim(id, as_of="2022-03-02", value=1000, **fields) -> dict:
    claim = {
        "id": id,
        "as_of": as_of,
        "as_of_date": as_of,
        "value": value,
        "value_low": None,
        "value_high": None,
        "figure": f"{value:,} killed",
        "claimant": "Someone",
        "claimant_side": "ukraine",
        "subject_side": "russia",
        "population": "military",
        "measure": "killed",
        "qualifier": "exact",
        "outlet": None,
        "page": f"/-/claim/{id}",
        "subject": "Russian military",
    }
    return claim | fields


def _points(spec: dict) -> dict:
    return next(layer for layer in spec["layer"] if layer.get("name") == "claims")


@pytest.mark.parametrize(
    "dates, step, label",
    [
        (["2022-11-03"], "week", "%-d %b %Y"),  # one date: days, with the year
        (["2022-11-03", "2022-11-05"], "week", "%-d %b %Y"),
        (["2022-03-01", "2022-06-20"], "month", "%b %Y"),
        (["2022-02-24", "2024-02-24"], "month", "%b %Y"),
        (["2014-04-01", "2024-02-24"], "year", "%Y"),
    ],
)
def test_every_time_axis_labels_its_ticks_with_their_year(dates, step, label):
    domain, axis = time_axis(dates)
    assert "%Y" in axis["format"] and axis["format"] == label
    assert axis["tickCount"]["interval"] == step
    assert domain[0] < min(dates) and max(dates) < domain[1]  # a margin, never a one-day domain


def test_scales_have_explicit_domains_so_none_reads_an_empty_extent():
    spec = timeline_chart({"text": "One"}, [_claim("a")])
    x, y = _points(spec)["encoding"]["x"], _points(spec)["encoding"]["y"]
    assert x["scale"]["type"] == "utc" and len(x["scale"]["domain"]) == 2
    assert x["scale"]["domain"][0] != x["scale"]["domain"][1]
    assert y["scale"]["domain"] == [1000, 10000]
    assert value_domain([350, 16000]) == [100, 100000]
    # no layer without marks to draw: no rules without a range, no line without a series
    assert [layer.get("name") for layer in spec["layer"]] == ["claims"]


def test_each_way_a_figure_was_given_has_its_own_mark_and_legend_entry():
    claims = [
        _claim("count", qualifier="exact"),
        _claim("about", qualifier="approximately"),
        _claim("floor", qualifier="at_least"),
        _claim("span", qualifier="range", value=2500, value_low=2000, value_high=3000),
        _claim("few", qualifier="vague", value=3000, value_low=2000, value_high=9000),
        _claim("forecast", qualifier="projection", value=100000),
    ]
    spec = timeline_chart({"text": "All kinds"}, claims)
    reading = {v["id"]: v["reading"] for v in spec["data"]["values"]}
    label = {r["id"]: r["label"] for r in READINGS}
    assert reading["count"] == reading["about"] == label["count"]
    assert reading["forecast"] == label["projection"] != label["count"]
    shape = _points(spec)["encoding"]["shape"]
    assert shape["scale"]["domain"] == [
        label[r] for r in ("count", "at_least", "range", "vague", "projection")
    ]
    shapes = dict(zip(shape["scale"]["domain"], shape["scale"]["range"], strict=True))
    assert len(set(shapes.values())) == len(shapes)  # each its own mark
    assert shape.get("legend", {}) is not None  # not hidden
    # ranges and vague amounts are drawn across their span; the others carry no span
    (rules,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules["encoding"]["y2"] == {"field": "high"}
    spans = {v["id"]: (v["low"], v["high"]) for v in spec["data"]["values"] if v["low"]}
    assert spans == {"span": (2000, 3000), "few": (2000, 9000)}


def test_one_chart_per_side_whose_losses_it_counts():
    claims = [
        _claim("ru-1", measure="wounded", subject_side="russia", claimant_side="ukraine"),
        _claim("ua-1", measure="wounded", subject_side="ukraine", claimant_side="russia"),
        _claim("ru-2", measure="wounded", subject_side="russia", claimant_side="russia"),
    ]
    charts = loss_charts("wounded", claims)
    assert [c["id"] for c in charts] == ["wounded-ukraine-military", "wounded-russia-military"]
    titles = [c["spec"]["title"]["text"] for c in charts]
    assert titles == ["Ukrainian military wounded", "Russian military wounded"]
    assert {v["id"] for v in charts[1]["spec"]["data"]["values"]} == {"ru-1", "ru-2"}


def test_figures_of_unknown_population_are_drawn_apart_never_as_military_deaths():
    claims = [_claim("soldiers"), _claim("people", population="unknown")]
    military, unknown = loss_charts("deaths", claims)
    assert {v["id"] for v in military["spec"]["data"]["values"]} == {"soldiers"}
    assert {v["id"] for v in unknown["spec"]["data"]["values"]} == {"people"}
    assert unknown["spec"]["title"]["text"] == "Russian killed"
    assert "soldiers or civilians" in " ".join(unknown["spec"]["title"]["subtitle"])


def test_the_claimant_page_charts_one_measure_at_a_time():
    claims = [_claim("k"), _claim("w", measure="wounded")]
    charts = loss_charts("claimant", claims, by_measure=True)
    assert [c["id"] for c in charts] == [
        "claimant-russia-military-killed",
        "claimant-russia-military-wounded",
    ]


def test_sides_take_their_colours_from_one_map():
    assert set(SIDE_COLOURS) == set(SUBJECT_SIDES)
    claims = [_claim("a", claimant_side="russia"), _claim("b", claimant_side="third_party")]
    colour = _points(timeline_chart({"text": "Two"}, claims))["encoding"]["color"]
    assert colour["scale"] == {
        "domain": ["Russia", "Third party"],
        "range": [SIDE_COLOURS["russia"], SIDE_COLOURS["third_party"]],
    }


STYLESHEET = Path(__file__).parent.parent / "plugin/casualty_claims_plugin/static/casualty-claims.css"


def test_the_stylesheet_takes_the_sides_colours_from_the_same_map():
    css = side_colours_css()
    for side, colour in SIDE_COLOURS.items():
        assert f"--cc-{side.replace('_', '-')}: {colour};" in css
    # the static stylesheet only uses them: no side colour is written twice
    static = STYLESHEET.read_text()
    assert "var(--cc-third-party)" in static
    assert not {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", static)} & {
        c.lower() for c in SIDE_COLOURS.values()
    }


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/claims/claims_flat", "/-/contested"])
async def test_every_page_links_the_sides_colours(datasette, path):
    page = (await datasette.client.get(path)).text
    assert '<link rel="stylesheet" href="/-/casualty-claims/sides.css">' in page
    response = await datasette.client.get("/-/casualty-claims/sides.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert response.text == side_colours_css()


def test_the_series_line_is_drawn_only_where_the_claims_are():
    series = [{"date": "2022-01-01", "personnel": 10}, {"date": "2022-03-03", "personnel": 9000}]
    spec = timeline_chart({"text": "With series"}, [_claim("a")], series)
    (line,) = [layer for layer in spec["layer"] if layer.get("name") == "series"]
    assert line["data"]["values"] == [{"date": "2022-03-03", "personnel": 9000}]
    assert _points(spec)["encoding"]["y"]["scale"]["domain"] == [1000, 10000]
    far = [{"date": "2025-01-01", "personnel": 10}]
    assert "series" not in [
        layer.get("name") for layer in timeline_chart({"text": "F"}, [_claim("a")], far)["layer"]
    ]


def test_the_series_line_stays_small_with_its_ends():
    days = [{"date": f"day {n:04}", "personnel": n} for n in range(1500)]
    line = thinned(days, most=300)
    assert len(line) <= 301 and (line[0], line[-1]) == (days[0], days[-1])
    assert thinned(days[:300], most=300) == days[:300]


def test_captions_count_in_good_english():
    assert (counted(1, "claim"), counted(2, "claim"), counted(1351, "claim")) == (
        "1 claim",
        "2 claims",
        "1,351 claims",
    )
    assert left_out(1, "without a date") == "1 claim without a date is not drawn; the table lists it."
    assert left_out(3, "for a period") == "3 claims for a period are not drawn; the table lists them."
    (one,) = loss_charts("x", [_claim("a")])
    assert one["caption"] == "1 claim drawn by the date it refers to."
    (two,) = loss_charts("x", [_claim("a"), _claim("b")])
    assert two["caption"] == "2 claims drawn by the date they refer to."
