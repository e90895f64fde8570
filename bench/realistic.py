"""A reproducible mix of articles shaped like a feed of news rather than a war desk's output.

    python -m bench.realistic FOLDER --count N [--seed S]

Of every hundred articles about 60 are prose with no figure (weather, sport, culture,
councils), 35 are prose with figures but no word of losses (prices, scores, budgets, polls)
and 5 are war articles: a synthetic casualty article of ``bench.corpus`` with paragraphs of
the other topics recombined between its own. Most pages of the other topics print their
date under the byline. The sentences here are written for this
benchmark. Article i depends only on (seed, i): a smaller corpus is a prefix of a larger one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from bench import corpus

SHARES = (("prose", 0.60), ("figures", 0.35), ("war", 0.05))
MIN_BYTES, MAX_BYTES = 1_500, 4_500
DATED = 0.8  # the share of the other topics' pages that print their date under the byline

# Fields: {city} {person} {team} {thing} {weekday} {month}; figures: {n} {pct} {money} {year} {score}.
HEADLINES = [
    "{City} council backs plan for a new riverside park",
    "Storm brings heavy rain to {city} as forecasters urge caution",
    "{Team} edge past rivals in a tense derby",
    "Festival of {thing} opens in {city} with record crowds expected",
    "Local bakery in {city} wins praise for its sourdough",
    "{Person} named director of the {city} museum",
    "Rail operator promises quieter trains on the coastal line",
    "Why gardeners in {city} are planting earlier this spring",
]
PROSE = [
    "The council met on {weekday} evening to discuss the future of the old market hall.",
    "Residents said they welcomed the plan but wanted more benches along the river path.",
    "Forecasters expect showers to clear by the weekend, with brighter skies in the north.",
    "{Person}, who has run the café on the square for years, said trade had been steady.",
    "The museum will open a new gallery devoted to {thing} later in the season.",
    "{Team} controlled the midfield for long spells and deserved the win, their coach said.",
    "Critics praised the production for its bold staging and its lively chorus.",
    "Shoppers queued outside the bakery before it opened its doors on {weekday} morning.",
    "The library has extended its opening hours and added a reading corner for children.",
    "Organisers said the parade would follow the usual route through the old town.",
    "A spokeswoman for the rail operator said new timetables would be published online.",
    "Volunteers planted wildflowers along the verges to attract bees and butterflies.",
    "The school choir rehearsed in the cathedral ahead of the spring concert.",
    "{Person} said the recipe had been handed down through her family.",
    "Engineers inspected the bridge and found it in good order after the storm.",
    "The mayor thanked everyone who helped clear the streets after the heavy rain.",
    "Visitors can buy tickets at the door or through the festival website.",
    "Local farmers brought cheese, honey and apples to the market in {month}.",
    "The new cycle lane runs from the station to the university campus.",
    "Fans sang in the stands long after the final whistle.",
    "Several cafés on the high street now stay open into the evening.",
    "The exhibition brings together paintings, maps and letters from private collections.",
    "Plans for the park include a playground, a pond and a small open-air stage.",
    "The orchestra will tour {city} and the surrounding towns in {month}.",
    "“It has been a wonderful season for everyone involved,” {person} said.",
    "“We want the square to feel like a living room for the city,” the mayor told reporters.",
    '"The new timetable will make the morning commute easier," a spokesman for the operator said.',
    "{Person} said: “People here care deeply about the old town.”",
    "“Come early if you want a seat,” the organisers advised.",
]
FIGURES = [
    "Ticket prices rose by {pct} compared with the previous season.",
    "The council set aside {money} for repairs to roads and pavements.",
    "{Team} won {score} in front of a crowd of {n}.",
    "The festival drew about {n} visitors in {year}, organisers said.",
    "Inflation eased to {pct} in {month}, according to the statistics office.",
    "The new library cost {money} and took {small} months to build.",
    "A poll found that {pct} of residents support the plan.",
    "The company said its sales grew by {pct} in the first quarter.",
    "Average rents in {city} are now {money} a month.",
    "The marathon route is {small} kilometres long and passes {small} parks.",
    "The airport handled {n} passengers in {month}, up from {n} a year earlier.",
    "The club has not won the league since {year}.",
    "Around {n} people signed the petition in its first week.",
    "The bridge, opened in {year}, carries {n} commuters a day.",
    "The museum's collection holds {n} objects, of which {small} are on display.",
    "“We sold {n} tickets in a single afternoon,” {person} said.",
]
CITIES = ["Lyon", "Porto", "Ghent", "Bergen", "Graz", "Turku", "Cork", "Bilbao", "Brno", "Malmo"]
PEOPLE = ["Anna Keller", "Marta Silva", "Jonas Berg", "Claire Dubois", "Pieter Jansen", "Lucia Romano"]
TEAMS = ["City Rovers", "United", "the Harbour club", "the Valley side", "Athletic"]
THINGS = ["light", "jazz", "puppetry", "street food", "early music", "folk dance", "ceramics"]


def _fields(rng: random.Random) -> dict[str, object]:
    """A value for every field, drawn afresh for each sentence."""
    city, person, team = rng.choice(CITIES), rng.choice(PEOPLE), rng.choice(TEAMS)
    return {
        "city": city,
        "City": city,
        "person": person,
        "Person": person,
        "team": team,
        "Team": team[0].upper() + team[1:],
        "thing": rng.choice(THINGS),
        "weekday": rng.choice(corpus.WEEKDAYS),
        "month": rng.choice(corpus.MONTHS),
        "n": f"{rng.randint(120, 90_000):,}",
        "small": rng.randint(2, 40),
        "pct": f"{rng.randint(2, 60)}%",
        "money": f"€{rng.randint(2, 900)} million",
        "year": rng.randint(1990, 2023),
        "score": f"{rng.randint(0, 5)}-{rng.randint(0, 5)}",
    }


def _paragraph(rng: random.Random, pool: list[str], sentences: int) -> str:
    return " ".join(rng.choice(pool).format(**_fields(rng)) for _ in range(sentences))


def _kind(rng: random.Random) -> str:
    draw, total = rng.random(), 0.0
    for kind, share in SHARES:
        total += share
        if draw < total:
            return kind
    return SHARES[-1][0]


def _body(rng: random.Random, kind: str) -> list[str]:
    """Paragraphs of the other topics: prose only, or about one sentence in three with figures."""
    paragraphs, size = [], 0
    target = rng.randint(MIN_BYTES, MAX_BYTES - 500)
    while size < target:
        sentences = [rng.choice(PROSE) for _ in range(rng.randint(2, 4))]
        if kind != "prose":
            sentences += [rng.choice(FIGURES) for _ in range(rng.randint(1, 2))]
            rng.shuffle(sentences)
        paragraph = " ".join(s.format(**_fields(rng)) for s in sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 2
    return paragraphs


def article(seed: int, i: int) -> str:
    """Article number i of the mix for this seed: a function of (seed, i) alone."""
    rng = random.Random(f"realistic:{seed}:{i}")
    kind = _kind(rng)
    if kind == "war":
        war = corpus.article(seed, i).rstrip("\n").split("\n\n")
        others = _body(rng, "figures")[: len(war) // 2]
        for paragraph in others:  # between the war article's own, never before its headline or lede
            war.insert(rng.randint(3, len(war)), paragraph)
        return "\n\n".join(war) + "\n"
    headline = rng.choice(HEADLINES).format(**_fields(rng))
    return "\n\n".join([headline, *_byline(rng), *_body(rng, kind)]) + "\n"


def _byline(rng: random.Random) -> list[str]:
    """The author, and on most pages the date in one of two styles."""
    byline = [f"By {rng.choice(PEOPLE)}"]
    if rng.random() >= DATED:
        return byline
    day = corpus.WAR_START + dt.timedelta(days=rng.randint(0, (corpus.LAST_DAY - corpus.WAR_START).days))
    month = corpus.MONTHS[day.month - 1]
    stamp = (
        f"{month} {day.day}, {day.year}" if rng.random() < 0.5 else f"Published {day.day} {month} {day.year}"
    )
    return [*byline, stamp]


def write_corpus(folder: Path, count: int, seed: int = corpus.SEED) -> int:
    """Write articles 0..count-1 as FOLDER/000000.txt ...; return the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        data = article(seed, i).encode("utf-8")
        (folder / f"{i:06d}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.realistic", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=corpus.SEED)
    args = parser.parse_args(argv)
    total = write_corpus(args.folder, args.count, args.seed)
    print(f"{args.count} articles, {total / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
