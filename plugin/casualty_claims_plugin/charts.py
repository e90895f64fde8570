"""Vega-Lite chart specs: the timeline of claims (a point per claim on a log axis,
ranges as rules) with, on the overview, the ministry's daily running total as a line; and
that running total alone, on the ministry's page."""

from __future__ import annotations

from casualty_claims.vocabulary import MEASURE_LABELS, QUALIFIER_LABELS, SIDE_LABELS

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Colours of the sides in every chart (Okabe–Ito, distinguishable with colour blindness).
SIDE_COLOURS = {
    "ukraine": "#0072B2",
    "russia": "#D55E00",
    "third_party": "#009E73",
    "both": "#CC79A7",
    "unknown": "#999999",
}
TOOLTIP = [
    {"field": "claimant", "title": "Claimant"},
    {"field": "figure", "title": "Figure"},
    {"field": "qualifier", "title": "Qualifier"},
    {"field": "as_of_text", "title": "As of"},
    {"field": "outlet", "title": "Outlet"},
]


def timeline_chart(
    title: str, claims: list[dict], colour: str, shape: str | None = None, series: list[dict] | None = None
) -> dict:
    """A Vega-Lite timeline of claims: one point per claim on a log value axis, ranges as rules,
    and the ministry's daily running total as a line when ``series`` is given."""
    values = [_chart_values(c) for c in claims]
    colour_field = "claimant_side" if colour == "claimant_side" else "subject_side"
    x = {"field": "as_of", "type": "temporal", "title": "As of", "scale": {"padding": 12}}
    y = {
        "field": "value",
        "type": "quantitative",
        "scale": {"type": "log", "padding": 8},
        "axis": {"format": "~s", "tickCount": 6},
        "title": "Claimed figure (log scale)",
    }
    colour_scale = {"domain": [SIDE_LABELS[s] for s in SIDE_COLOURS], "range": list(SIDE_COLOURS.values())}
    points = {
        "name": "claims",
        "mark": {"type": "point", "filled": True, "size": 90, "cursor": "pointer"},
        "encoding": {
            "x": x,
            "y": y,
            "color": {
                "field": colour_field,
                "type": "nominal",
                "title": "Claimant side" if colour_field == "claimant_side" else "Whose losses",
                "scale": colour_scale,
            },
            "href": {"field": "page"},
            "tooltip": TOOLTIP,
        },
    }
    if shape:
        points["encoding"]["shape"] = {"field": shape, "type": "nominal", "title": "Measure"}
    ranges = {
        "transform": [{"filter": "datum.low != null && datum.high != null && datum.low > 0"}],
        "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.5},
        "encoding": {
            "x": x,
            "y": dict(y, field="low"),
            "y2": {"field": "high"},
            "color": {"field": colour_field, "type": "nominal", "scale": colour_scale},
        },
    }
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{title}: {len(values)} claims plotted by date and claimed figure.",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "layer": ([_series_line(series, x, y)] if series else []) + [ranges, points],
    }


def _chart_values(claim: dict) -> dict:
    """One claim as a point of the chart: its labels as people read them."""
    return {
        "id": claim["id"],
        "as_of": claim["as_of_date"],
        "as_of_text": claim["as_of"],
        "value": claim["value"],
        "low": claim["value_low"],
        "high": claim["value_high"],
        "figure": claim["figure"],
        "claimant": claim["claimant"],
        "claimant_side": SIDE_LABELS.get(claim["claimant_side"], claim["claimant_side"]),
        "subject_side": SIDE_LABELS.get(claim["subject_side"], claim["subject_side"]),
        "measure": MEASURE_LABELS.get(claim["measure"], claim["measure"]),
        "qualifier": QUALIFIER_LABELS.get(claim["qualifier"], claim["qualifier"]),
        "outlet": claim["outlet"] or "unknown outlet",
        "page": claim["page"],
    }


def _series_line(series: list[dict], x: dict, y: dict) -> dict:
    return {
        "data": {"values": series},
        "mark": {"type": "line", "color": "#777777", "strokeWidth": 1.5, "strokeDash": [4, 2]},
        "encoding": {"x": dict(x, field="date"), "y": dict(y, field="personnel")},
    }


def series_chart(title: str, series: list[dict]) -> dict:
    """A Vega-Lite line of the ministry's daily running total of Russian personnel killed or
    wounded (``series``: each report's date and personnel figure), in the colour of Russian losses."""
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{title}: {len(series)} daily reports drawn by date.",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": series},
        "mark": {"type": "line", "color": SIDE_COLOURS["russia"], "strokeWidth": 1.5, "point": False},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": "Date of the report"},
            "y": {
                "field": "personnel",
                "type": "quantitative",
                "axis": {"format": "~s"},
                "title": "Killed or wounded, running total",
            },
            "tooltip": [
                {"field": "date", "type": "temporal", "title": "Report of"},
                {"field": "personnel", "type": "quantitative", "format": ",", "title": "Killed or wounded"},
            ],
        },
    }
