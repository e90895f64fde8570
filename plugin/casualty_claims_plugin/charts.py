"""Vega-Lite chart specs that a reader cannot misread: the timeline of claims, one chart per
whose losses (a side and a population, so a figure of unknown population is never drawn among
military deaths), a mark per way a figure was given (a count, a bound, a range or vague amount
across its span, a projection as a ring), every time axis labelled with its year, explicit
scale domains (so no scale ever reads an empty or one-point extent), and the sides' colours
from one map. The ministry's daily running total can be drawn beneath as a line, or alone on the
ministry's page."""

from __future__ import annotations

import datetime as dt
import math

from casualty_claims.vocabulary import MEASURE_LABELS, POPULATIONS, QUALIFIER_LABELS, SIDE_LABELS, SIDES, ids

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# The colour of each side (vocabulary ids), on every chart and every label of the site (the
# stylesheet reads them from side_colours_css): Okabe–Ito, told apart with colour blindness,
# darkened where white text would not read on them.
SIDE_COLOURS = {
    "ukraine": "#0072B2",
    "russia": "#D55E00",
    "third_party": "#007A5A",
    "both": "#A8527F",
    "unknown": "#6B6B6B",
}
# The ring and the ranged marks are drawn as SVG paths (unit size), so the legend shows
# exactly the mark the chart draws: a ring's inner circle winds the other way, leaving a hole.
RING = "M-1,0A1,1 0 1,0 1,0A1,1 0 1,0 -1,0Z M-0.55,0A0.55,0.55 0 1,1 0.55,0A0.55,0.55 0 1,1 -0.55,0Z"
BAR_AND_DIAMOND = "M-0.12,-1.3H0.12V1.3H-0.12Z M0,-0.7L0.6,0L0,0.7L-0.6,0Z"
BAR_AND_HOLLOW_DIAMOND = BAR_AND_DIAMOND + " M0,-0.35L-0.3,0L0,0.35L0.3,0Z"
# How a figure was given, each with its own mark and legend entry, in legend order.
READINGS = [
    {"id": "count", "label": "a count (exact or about)", "shape": "circle"},
    {"id": "at_least", "label": "at least", "shape": "triangle-up"},
    {"id": "at_most", "label": "at most", "shape": "triangle-down"},
    {"id": "range", "label": "a range (line: its ends)", "shape": BAR_AND_DIAMOND},
    {"id": "vague", "label": "a vague amount (line: its span)", "shape": BAR_AND_HOLLOW_DIAMOND},
    {"id": "projection", "label": "a projection, not a count", "shape": RING},
]
READING_OF_QUALIFIER = {"exact": "count", "approximately": "count"}
SPANNED = {"range", "vague"}  # readings drawn with a rule across their low and high ends
# Tick steps of a time axis, finest first: (interval, step, days between ticks, label format).
# Every format shows the year, so no tick reads "Fri 03" or "Nov 05".
TICK_STEPS = [
    ("day", 1, 1, "%-d %b %Y"),
    ("day", 2, 2, "%-d %b %Y"),
    ("week", 1, 7, "%-d %b %Y"),
    ("week", 2, 14, "%-d %b %Y"),
    ("month", 1, 30, "%b %Y"),
    ("month", 2, 61, "%b %Y"),
    ("month", 3, 91, "%b %Y"),
    ("month", 6, 183, "%b %Y"),
    ("year", 1, 365, "%Y"),
    ("year", 2, 730, "%Y"),
    ("year", 5, 1826, "%Y"),
]
MOST_TICKS = 8
SERIES_POINTS = 300  # the most reports of the series one chart's line draws
SERIES_NOTE = (
    " The dashed line is the Ukrainian ministry's daily running total of Russian personnel killed or wounded."
)
# (two short lines: a title does not wrap, and a phone is narrow)
UNKNOWN_POPULATION = ["Not said whether soldiers or civilians,", "so drawn apart from either"]
SINGLE_DATE_MARGIN = dt.timedelta(days=10)  # either side of a chart's only date
TOOLTIP = [
    {"field": "claimant", "title": "Claimant"},
    {"field": "figure", "title": "Figure"},
    {"field": "whose", "title": "Whose losses"},
    {"field": "qualifier", "title": "Qualifier"},
    {"field": "as_of_text", "title": "As of"},
    {"field": "outlet", "title": "Outlet"},
]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 claim", "2 claims", "1,351 claims"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def left_out(n: int, which: str) -> str:
    """A caption's note of the claims a chart does not draw: "1 claim without a date is not
    drawn; the table lists it." """
    if n == 1:
        return f"1 claim {which} is not drawn; the table lists it."
    return f"{counted(n, 'claim')} {which} are not drawn; the table lists them."


def side_colours_css() -> str:
    """SIDE_COLOURS as CSS custom properties (``--cc-third-party``), which the stylesheet's side
    labels use: one map colours the charts and the labels alike."""
    properties = "".join(
        f"  --cc-{side.replace('_', '-')}: {colour};\n" for side, colour in SIDE_COLOURS.items()
    )
    return f"/* The sides' colours, as the charts draw them (charts.SIDE_COLOURS). */\n:root {{\n{properties}}}\n"


def loss_title(side: str, population: str, measures: list[str]) -> dict:
    """A chart's title, saying plainly whose losses it draws: "Russian military killed",
    "Ukrainian civilians wounded"; a figure that does not say whether it counts soldiers or
    civilians is titled with the side alone and a subtitle that says so."""
    whose = {"russia": "Russian", "ukraine": "Ukrainian", "both": "Both sides'", "third_party": "Third-party"}
    people = {"military": "military", "civilian": "civilians"}.get(population)
    counting = " or ".join(MEASURE_LABELS.get(m, m) for m in measures)
    words = [w for w in (whose.get(side), people, counting) if w]
    title = " ".join(words)
    if side not in whose:
        title += " (side not said)"
    if population in ("military", "civilian"):
        return {"text": title[0].upper() + title[1:]}
    return {"text": title[0].upper() + title[1:], "subtitle": UNKNOWN_POPULATION}


def loss_groups(claims: list[dict], by_measure: bool = False) -> list[tuple[tuple[str, ...], list[dict]]]:
    """The claims split by whose losses they count (side and population, and the measure when
    ``by_measure``), in the vocabulary's order: each group is one chart."""
    groups: dict[tuple[str, ...], list[dict]] = {}
    for claim in claims:
        key = (claim["subject_side"], claim["population"]) + ((claim["measure"],) if by_measure else ())
        groups.setdefault(key, []).append(claim)
    orders = [ids(SIDES), ids(POPULATIONS), tuple(MEASURE_LABELS)]

    def place(key: tuple[str, ...]) -> list[int]:
        return [
            order.index(part) if part in order else len(order)
            for order, part in zip(orders[: len(key)], key, strict=True)
        ]

    return sorted(groups.items(), key=lambda item: place(item[0]))


def loss_charts(
    name: str, claims: list[dict], series: list[dict] | None = None, by_measure=False
) -> list[dict]:
    """The charts of ``claims`` (dated, above zero: claims.charted), one per whose losses
    (loss_groups), each as {"id", "spec", "caption"}; ``name`` starts each id."""
    charts = []
    for key, group in loss_groups(claims, by_measure):
        measures = [m for m in MEASURE_LABELS if m in {c["measure"] for c in group}]
        spec = timeline_chart(loss_title(key[0], key[1], measures), group, series)
        drawn_series = any(layer.get("name") == "series" for layer in spec["layer"])
        caption = f"{counted(len(group), 'claim')} drawn by the date {'it refers' if len(group) == 1 else 'they refer'} to."
        charts.append(
            {
                "id": "-".join((name, *key)),
                "spec": spec,
                "caption": caption + (SERIES_NOTE if drawn_series else ""),
            }
        )
    return charts


def timeline_chart(title: dict, claims: list[dict], series: list[dict] | None = None) -> dict:
    """A Vega-Lite timeline of the claims about one side's losses: a mark per claim by the date
    it refers to and its figure (log scale), coloured by the side that claims it, spans drawn as
    rules, and the ministry's daily running total as a dashed line when ``series`` is given.
    ``claims`` must be dated and above zero (claims.charted)."""
    values = [_chart_values(c) for c in claims]
    x_domain, x_axis = time_axis([v["as_of"] for v in values])
    series = thinned([s for s in series or [] if x_domain[0] <= s["date"] <= x_domain[1]])
    figures = [v[f] for v in values for f in ("value", "low", "high") if v.get(f)]
    x = {
        "field": "as_of",
        "type": "temporal",
        "title": "As of",
        "scale": _utc_scale(x_domain),
        "axis": x_axis,
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "scale": {"type": "log", "domain": value_domain(figures + [s["personnel"] for s in series])},
        "axis": {"format": "~s"},
        "title": "Claimed figure (log scale)",
    }
    spanned = any(v["low"] for v in values)
    layers = (
        ([_series_line(series, x, y)] if series else [])
        + ([_span_rules(x, y, values)] if spanned else [])
        + [_points(x, y, values)]
    )
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{title['text']}: {counted(len(values), 'claim')} plotted by date and claimed figure.",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "layer": layers,
        # legends below the plot, one entry a line: a phone's width is left to the plot
        "config": {"legend": {"orient": "bottom", "direction": "vertical", "labelLimit": 240}},
    }


def time_axis(dates: list[str]) -> tuple[list[str], dict]:
    """The domain of a time axis over ``dates`` (ISO days; a lone date gets a margin either
    side) and an axis whose ticks, at most MOST_TICKS of them, each show their year."""
    first, last = dt.date.fromisoformat(min(dates)), dt.date.fromisoformat(max(dates))
    margin = max((last - first) / 25, SINGLE_DATE_MARGIN)
    first, last = first - margin, last + margin
    span = (last - first).days
    interval, step, _, label = next((s for s in TICK_STEPS if span / s[2] <= MOST_TICKS), TICK_STEPS[-1])
    axis = {"format": label, "tickCount": {"interval": interval, "step": step}, "labelOverlap": True}
    return [first.isoformat(), last.isoformat()], axis


def thinned(series: list[dict], most: int = SERIES_POINTS) -> list[dict]:
    """At most about ``most`` reports of the series, evenly spaced, the first and last kept:
    a line of years of daily reports reads the same and keeps the page's spec small."""
    if len(series) <= most:
        return series
    step = math.ceil(len(series) / most)
    return series[::step] + ([series[-1]] if (len(series) - 1) % step else [])


def value_domain(figures: list[float]) -> list[float]:
    """The domain of a log value axis holding every one of ``figures`` (above zero): from the
    power of ten at or below the least to the one above the greatest, never a single point."""
    low = 10 ** math.floor(math.log10(min(figures)))
    high = 10 ** math.ceil(math.log10(max(figures)))
    return [low, high if high > low else low * 10]


def _utc_scale(domain: list[str]) -> dict:
    """A time scale read and labelled in UTC, as the dates are: midnight of a day never slips
    to the evening before in a reader's time zone."""
    days = [dt.date.fromisoformat(d) for d in domain]
    return {
        "type": "utc",
        "domain": [{"year": d.year, "month": d.month, "date": d.day, "utc": True} for d in days],
    }


def reading(qualifier: str) -> dict:
    """How a figure of this qualifier was given (one of READINGS)."""
    found = READING_OF_QUALIFIER.get(qualifier, qualifier)
    return next((r for r in READINGS if r["id"] == found), READINGS[0])


def _chart_values(claim: dict) -> dict:
    """One claim as a mark of the chart: its labels as people read them; a range or vague amount
    carries its ends."""
    given = reading(claim["qualifier"])
    spans = given["id"] in SPANNED and claim["value_low"] and claim["value_high"]
    return {
        "id": claim["id"],
        "as_of": claim["as_of_date"],
        "as_of_text": claim["as_of"],
        "value": claim["value"],
        "low": claim["value_low"] if spans else None,
        "high": claim["value_high"] if spans else None,
        "figure": claim["figure"],
        "reading": given["label"],
        "whose": claim["subject"],
        "claimant": claim["claimant"],
        "claimant_side": SIDE_LABELS.get(claim["claimant_side"], claim["claimant_side"]),
        "measure": MEASURE_LABELS.get(claim["measure"], claim["measure"]),
        "qualifier": QUALIFIER_LABELS.get(claim["qualifier"], claim["qualifier"]),
        "outlet": claim["outlet"] or "unknown outlet",
        "page": claim["page"],
    }


def _side_colour(values: list[dict]) -> dict:
    """The claimant sides present, in the vocabulary's order, each in its colour."""
    present = {v["claimant_side"] for v in values}
    sides = [s for s in ids(SIDES) if SIDE_LABELS[s] in present]
    return {
        "field": "claimant_side",
        "type": "nominal",
        "title": "Claimed by",
        "legend": {"symbolOpacity": 1},
        "scale": {"domain": [SIDE_LABELS[s] for s in sides], "range": [SIDE_COLOURS[s] for s in sides]},
    }


def _points(x: dict, y: dict, values: list[dict]) -> dict:
    """A mark per claim, its shape saying how the figure was given (readings present only)."""
    present = {v["reading"] for v in values}
    readings = [r for r in READINGS if r["label"] in present]
    return {
        "name": "claims",
        "mark": {"type": "point", "filled": True, "size": 90, "opacity": 0.9, "cursor": "pointer"},
        "encoding": {
            "x": x,
            "y": y,
            "color": _side_colour(values),
            "shape": {
                "field": "reading",
                "type": "nominal",
                "title": "How the figure was given",
                "scale": {"domain": [r["label"] for r in readings], "range": [r["shape"] for r in readings]},
            },
            "href": {"field": "page"},
            "tooltip": TOOLTIP,
        },
    }


def _span_rules(x: dict, y: dict, values: list[dict]) -> dict:
    """A rule from the low to the high end of each range (solid) and vague amount (dashed);
    their marks' legend entries say so."""
    vague = next(r["label"] for r in READINGS if r["id"] == "vague")
    return {
        "transform": [{"filter": "datum.low != null && datum.high != null"}],
        "mark": {"type": "rule", "strokeWidth": 2, "opacity": 0.6},
        "encoding": {
            "x": x,
            "y": dict(y, field="low"),
            "y2": {"field": "high"},
            "color": _side_colour(values),
            "strokeDash": {
                "condition": {"test": f"datum.reading === '{vague}'", "value": [4, 2]},
                "value": [1, 0],
            },
        },
    }


def _series_line(series: list[dict], x: dict, y: dict) -> dict:
    return {
        "name": "series",
        "data": {"values": series},
        "mark": {"type": "line", "color": "#777777", "strokeWidth": 1.5, "strokeDash": [4, 2], "clip": True},
        "encoding": {"x": dict(x, field="date"), "y": dict(y, field="personnel")},
    }


def series_chart(title: str, series: list[dict]) -> dict:
    """A Vega-Lite line of the ministry's daily running total of Russian personnel killed or
    wounded (``series``: each report's date and personnel figure), in the colour of Russian
    losses, on a time axis labelled with its years as every chart's is."""
    domain, axis = time_axis([r["date"] for r in series])
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "description": f"{title}: {len(series)} daily reports drawn by date.",
        "title": title,
        "width": "container",
        "height": 260,
        "data": {"values": series},
        "mark": {"type": "line", "color": SIDE_COLOURS["russia"], "strokeWidth": 1.5, "point": False},
        "encoding": {
            "x": {
                "field": "date",
                "type": "temporal",
                "title": "Date of the report",
                "scale": _utc_scale(domain),
                "axis": axis,
            },
            "y": {
                "field": "personnel",
                "type": "quantitative",
                "axis": {"format": "~s"},
                "title": "Killed or wounded, running total",
            },
            "tooltip": [
                {"field": "date", "type": "temporal", "timeUnit": "utcyearmonthdate", "title": "Report of"},
                {"field": "personnel", "type": "quantitative", "format": ",", "title": "Killed or wounded"},
            ],
        },
    }
