"""The reference series: Ukraine's Ministry of Defence daily report of Russian losses.

The series (reference/orc-losses/, MIT, see SOURCE.md there) is stored as claims of
the ministry: personnel as killed or wounded, as the series defines it, and each
equipment count with its unit, as of the report's date. Every news figure a
Ukrainian claimant gives for Russian losses is then checked against the report of
its date (reference_checks.py), claims of the Russian side about their own losses are set against the
nearest report, and an exact match of an article's figure with a single report
dates an article whose date the text leaves open.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import link
from .caveats import caveat, loaded, stored
from .display import as_said
from .likeness import date_span
from .schema import claim_row
from .vocabulary import (
    CLAIM_FIGURE,
    COUNTER_FIGURE,
    SERIES_KILLED_OR_WOUNDED,
    TOTAL,
)

ROOT = Path(__file__).resolve().parent.parent
SERIES_FILE = ROOT / "reference" / "orc-losses" / "russian-losses.json"
SERIES_ID = "reference-orc-losses"
SERIES_TITLE = "Ministry of Defence of Ukraine: daily reports of Russian losses (orc-losses)"
SERIES_URL = "https://github.com/lod-db/orc-losses"
SERIES_LICENCE = "MIT"
CLAIMANT = "ministry-of-defence-of-ukraine"
# claims.origin of the series' figures (a news article's are "news")
ORIGIN = "reference"
# The series' fields: what each counts, and the unit of an equipment count.
FIELDS = {
    "personnel": ("killed_or_wounded", None),
    "tanks": ("equipment", "tank"),
    "afvs": ("equipment", "armoured_vehicle"),
    "artillery": ("equipment", "artillery"),
    "airDefense": ("equipment", "air_defence"),
    "rocketSystems": ("equipment", "rocket_launcher"),
    "unarmoredVehicles": ("equipment", "vehicle"),
    "fixedWingAircraft": ("equipment", "aircraft"),
    "rotaryWingAircraft": ("equipment", "helicopter"),
    "uavs": ("equipment", "drone"),
    "ships": ("equipment", "ship"),
    "submarines": ("equipment", "submarine"),
    "specialEquipment": ("equipment", "special_equipment"),
    "missiles": ("equipment", "missile"),
}
UNIT_FIELDS = {unit: field for field, (_, unit) in FIELDS.items()}
# What each field counts, as a report's page lists it (the dataset's schema defines them:
# russian-losses.en.schema.json).
FIELD_LABELS = {
    "personnel": "Personnel killed or wounded",
    "tanks": "Tanks",
    "afvs": "Armoured fighting vehicles",
    "artillery": "Artillery systems",
    "airDefense": "Air defence systems",
    "rocketSystems": "Multiple rocket launchers",
    "unarmoredVehicles": "Vehicles and fuel tanks",
    "fixedWingAircraft": "Aircraft",
    "rotaryWingAircraft": "Helicopters",
    "uavs": "Drones",
    "ships": "Warships and boats",
    "submarines": "Submarines",
    "specialEquipment": "Special equipment",
    "missiles": "Cruise missiles",
}
# Figures below this are daily increments or small counts that many reports share;
# only larger running totals are evidence of an article's date.
DATING_MIN_VALUE = 1000
PEOPLE_MEASURES = ("killed", "killed_or_wounded")


class ReferenceSeriesError(Exception):
    """The series file cannot be used; the message names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")


@dataclass(frozen=True)
class Report:
    date: dt.date
    source_uri: str
    row: int  # position in the dataset file, newest first, as published
    counts: dict[str, int | None]


def load(path: Path = SERIES_FILE) -> list[Report]:
    """The daily reports, oldest first."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReferenceSeriesError(path, f"cannot be read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ReferenceSeriesError(path, f"not valid JSON ({error})") from None
    if not isinstance(data, list):
        raise ReferenceSeriesError(path, "must be a JSON array of daily reports")
    reports, seen = [], set()
    for row, item in enumerate(data):
        try:
            date = dt.date.fromisoformat(item["date"])
            counts = {field: item.get(field) for field in FIELDS}
            if not isinstance(counts["personnel"], int) or not isinstance(item["sourceUri"], str):
                raise ValueError("personnel must be a number and sourceUri text")
            if any(value is not None and not isinstance(value, int) for value in counts.values()):
                raise ValueError("every count must be a whole number or null")
        except (KeyError, TypeError, ValueError) as error:
            raise ReferenceSeriesError(path, f"report {row + 1} is malformed ({error})") from None
        if date in seen:
            raise ReferenceSeriesError(path, f"two reports for {date}")
        seen.add(date)
        reports.append(Report(date, item["sourceUri"], row, counts))
    return sorted(reports, key=lambda r: r.date)


def merge(current: list[dict], newer: list[dict]) -> tuple[list[dict], int, list[str]]:
    """A newer copy of the series folded into the current one: days not yet present are
    added, days present are kept as they are. Returns the rows (newest first, as the
    dataset publishes them), how many were added, and the days whose figures differ."""
    by_date = {row["date"]: row for row in current}
    added, changed = 0, []
    for row in newer:
        if row["date"] not in by_date:
            by_date[row["date"]] = row
            added += 1
        elif row != by_date[row["date"]]:
            changed.append(row["date"])
    return sorted(by_date.values(), key=lambda r: r["date"], reverse=True), added, changed


# --- rows to store ------------------------------------------------------------------


def article_row(path: Path, reports: list[Report], sha256: str) -> dict:
    """The series as one source among the articles, so its claims have provenance."""
    return {
        "id": SERIES_ID,
        "path": str(path),
        "sha256": sha256,
        "encoding": "utf-8",
        "title": SERIES_TITLE,
        "outlet": "Ministry of Defence of Ukraine",
        "url": SERIES_URL,
        "published": reports[-1].date.isoformat() if reports else None,
        "published_precision": "day" if reports else None,
        "published_method": "latest report in the series",
    }


def article_texts_row() -> dict:
    """The series has no text of its own: its reports are its rows."""
    return {"id": SERIES_ID, "raw_text": "", "cleaned_text": ""}


def report_rows(reports: list[Report]) -> list[dict]:
    return [
        {
            "id": r.date.isoformat(),
            "date": r.date.isoformat(),
            "source_uri": r.source_uri,
            "row": r.row,
            **r.counts,
        }
        for r in reports
    ]


def claim_id(day: str, field: str) -> str:
    """The claim of a report's figure (``day`` the report's date, YYYY-MM-DD): stable across
    updates of the series, a day's figure keeps its id."""
    return f"mod-{day}-{field}"


def claim_rows(reports: list[Report]) -> list[dict]:
    """Each report's figures as claims of the ministry, each shown as the ministry gives it
    ("about 80,210": it calls its personnel figure an approximation)."""
    rows = []
    for report in reports:
        day = report.date.isoformat()
        for field, (measure, unit) in FIELDS.items():
            value = report.counts[field]
            if value is None:
                continue
            row = claim_row(
                {
                    "id": claim_id(day, field),
                    "article": SERIES_ID,
                    "claimant": CLAIMANT,
                    "claimant_text": "Ministry of Defence of Ukraine",
                    "attribution": "reference",
                    "subject_side": "russia",
                    "population": "military",
                    "measure": measure,
                    "unit": unit,
                    "value": value,
                    "qualifier": "approximately" if field == "personnel" else "exact",
                    "as_of": day,
                    "as_of_precision": "day",
                    "as_of_method": "date of the daily report",
                    "figure_text": f"{value:,}",
                    "quote": f"{day}: {field} {value:,} ({report.source_uri})",
                    "mention_count": 0,
                    "origin": ORIGIN,
                    "source_uri": report.source_uri,
                    "reference_row": report.row,
                }
            )
            rows.append(dict(row, display=as_said(row)))
    return rows


def group_rows(claims: list[dict]) -> list[dict]:
    """Each report figure is a claim group of its own: the series repeats no figure."""
    return [
        {
            "id": c["id"],
            "claim": c["id"],
            "claimant": CLAIMANT,
            "claimant_side": "ukraine",
            "subject_side": "russia",
            "population": "military",
            "measure": c["measure"],
            "unit": c["unit"],
            "value": c["value"],
            "value_low": None,
            "value_high": None,
            "qualifier": c["qualifier"],
            "display": c["display"],
            "as_of": c["as_of"],
            "scope": TOTAL,
            "period_start": None,
            "period_end": None,
            "place": None,
            "first_reported": c["as_of"],
            "article_count": 1,
            "claim_count": 1,
        }
        for c in claims
    ]


# --- checking news figures against the series --------------------------------------


class Series:
    """The reports, oldest first (``by_date``), searchable by date."""

    def __init__(self, reports: list[Report]):
        self.by_date = reports
        self.dates = [r.date for r in reports]

    def around(self, start: dt.date, end: dt.date) -> list[Report]:
        """Reports dated from ``start`` to ``end``, inclusive."""
        return self.by_date[bisect.bisect_left(self.dates, start) : bisect.bisect_right(self.dates, end)]

    def increment(self, report: Report, field: str) -> int | None:
        """One day's change in a field: a report's figure less the day before's."""
        i = bisect.bisect_left(self.dates, report.date)
        before = self.by_date[i - 1] if i else None
        if before is None or (report.date - before.date).days != 1:
            return None
        if report.counts[field] is None or before.counts[field] is None:
            return None
        return report.counts[field] - before.counts[field]

    def nearest(self, day: dt.date) -> Report | None:
        i = bisect.bisect_left(self.dates, day)
        candidates = self.by_date[max(i - 1, 0) : i + 1]
        return min(candidates, key=lambda r: (abs((r.date - day).days), r.date), default=None)


def field_of(claim: dict) -> str | None:
    """The series field a claim about Russian losses can be compared with."""
    if claim["measure"] in PEOPLE_MEASURES and claim["population"] in ("military", "unknown"):
        return "personnel"
    if claim["measure"] == "equipment":
        return UNIT_FIELDS.get(claim["unit"])
    return None


def dating_evidence(figures: list[tuple[int, str]], series: Series, known) -> tuple[dt.date, int] | None:
    """The one report an article's running total matches, as evidence of its date.

    ``figures`` are (value, field) pairs of the article's claims about Russian losses;
    ``known`` is the article's date as far as the text tells (or None). A match counts
    when exactly one report gives that figure and, if the month or year is known,
    it falls inside it.
    """
    found = set()
    for value, field in figures:
        if value < DATING_MIN_VALUE:
            continue
        reports = [r for r in series.by_date if r.counts.get(field) == value]
        if len(reports) == 1:
            found.add((reports[0].date, field != "personnel", value))
    if known is not None:
        start, end = date_span(known.iso)
        found = {evidence for evidence in found if start <= evidence[0] <= end}
    if len({day for day, _, _ in found}) != 1:
        return None
    day, _, value = min(found)  # the personnel figure, when it is among the matches
    return day, value


@dataclass(frozen=True)
class Reference:
    """A loaded series file: where it came from, its digest and its reports."""

    path: Path
    sha256: str
    reports: Series


def open_series(path: Path = SERIES_FILE) -> Reference:
    return Reference(path, hashlib.sha256(path.read_bytes()).hexdigest(), Series(load(path)))


def pairs(groups: list[dict], series: Series) -> list[dict]:
    """Each claim the Russian side makes about its own military losses, set against the
    series figure of the nearest report: a count of the dead (usually) against the
    series' count of the killed or wounded, so marked as not comparable."""
    found = []
    for group in groups:
        if (group["claimant_side"], group["subject_side"]) != ("russia", "russia") or field_of(
            group
        ) != "personnel":
            continue
        day = link.as_date(group["as_of"])
        report = series.nearest(day) if day else None
        if report is None or abs((report.date - day).days) > link.PAIR_WINDOW_DAYS:
            continue
        ours = claim_id(report.date.isoformat(), "personnel")
        series_group = {
            "id": ours,
            "claim": ours,
            "claimant_side": "ukraine",
            "subject_side": "russia",
            "population": group["population"],
            "measure": "killed_or_wounded",
            "unit": None,
            "value": report.counts["personnel"],
            "qualifier": "approximately",
            "scope": TOTAL,
            "period_start": None,
            "period_end": None,
            "place": None,
        }
        gap = abs((report.date - day).days)
        pair = link.pair(group, series_group, gap)
        if pair:
            series_side = CLAIM_FIGURE if pair["claim_group"] == ours else COUNTER_FIGURE
            pair["caveats"] = stored(
                [*loaded(pair["caveats"]), caveat(series_side, SERIES_KILLED_OR_WOUNDED)]
            )
            found.append(pair)
    return found
