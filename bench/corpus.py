"""A reproducible generator of news-like articles for throughput benchmarks.

    python -m bench.corpus FOLDER --count N [--seed S] [--jobs J]

Each article is built by recombining the sentence patterns below with claimant
names taken from the project's lexicon, figures, places and dates. Article i
depends only on (seed, i), so a smaller corpus is a prefix of a larger one.
The articles are plausible in shape, not in content: they exist to make the
extractor work, and the quality of its readings is judged elsewhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import string
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

import yaml

CLAIMANTS_FILE = Path(__file__).resolve().parent.parent / "casualty_claims" / "lexicon" / "claimants.yml"
MIN_BYTES = 2_000
MAX_BYTES = 5_000
CHUNK = 1_000  # articles per task when writing with several processes

# --- Templates ----------------------------------------------------------------
# Fields (see FIELDS below): {claimant} / {Claimant} (a capitalised field opens
# a sentence) / {Claimants} (possessive), {Role} ("The ministry", referring to the claimant named last),
# {side} (Russian | Ukrainian), {troops}, {civilians}, {n} {m} (figures),
# {qn} (a figure with a qualifier), {range}, {words} (a figure in words),
# {when}, {place}, {day}, {date}, {year}, {money}, {pct}, {age}, {strength},
# {kit}, {km}, {person}, {country}, ...

HEADLINES = [
    "{Claimant} says {n} {side} {troops} killed in {place}",
    "Ukraine war: {claimant} claims {qn} {side} casualties",
    "{side} losses top {n}, {claimant} says",
    "Russia-Ukraine war: fighting rages around {place}",
    "{Claimant} puts {side} death toll at {n}",
    "Battle for {place}: what we know on day {daynum} of the war",
    "How many soldiers have died in Ukraine? Competing claims explained",
    "{Claimant} admits {n} {troops} lost as offensive stalls near {place}",
    "Civilian toll in {place} rises to {n}, {claimant} says",
    "Ukraine war latest: {claimant} reports heavy losses near {place}",
    "Counting the dead: {claimant} and {claimant} disagree on casualty figures",
    "{Place} offensive: {range} {side} troops killed, says {claimant}",
]

SUBHEADLINES = [
    "The figures cannot be independently verified and both sides are accused of exaggerating enemy losses",
    "Analysts warn that casualty counts on both sides are likely to be revised",
    "Fighting intensified along the front line as winter approached",
    "The claim comes as both sides prepare for a new offensive in the east",
    "Officials gave no breakdown of the figures",
]

AUTHORS = [
    "Olena Harmash", "Tom Balmforth", "Pavel Polityuk", "Jonathan Landay", "Guy Faulconbridge",
    "Andrew Osborn", "Natalia Zinets", "Max Hunder", "Sarah Rainsford", "Quentin Sommerville",
    "Yuras Karmanau", "Hanna Arhirova", "Isabelle Khurshudyan", "Mary Ilyushina", "Shaun Walker",
]  # fmt: skip

CITIES = ["KYIV", "MOSCOW", "LONDON", "WASHINGTON", "KHARKIV", "DNIPRO", "ZAPORIZHZHIA", "LVIV",
          "ODESA", "BRUSSELS", "KRAMATORSK", "KHERSON"]  # fmt: skip

AGENCIES = ["Reuters", "AP", "AFP"]

# (a) Claims of many shapes; the first group opens every article.
LEDE_CLAIMS = [
    "{Claimant} said on {day} that {qn} {side} {troops} had been killed {when}.",
    "{Claimant} said {n} {side} {troops} were killed or wounded {when}.",
    "According to {claimant}, {qn} {side} {troops} have been killed {when}.",
    "{Claimant} claimed on {day} that {side} forces had lost {qn} {troops} {when}.",
    "{qn_cap} {side} {troops} have died {when}, {claimant} said on {day}.",
    "{Claimant} estimated that between {n} and {m} {side} {troops} had been killed {when}.",
]

CLAIMS = [
    "{Claimant} said {n} {side} {troops} had been killed {when}.",
    "According to {claimant}, {n} {side} {troops} were killed or wounded {when}.",
    "{Claimant} puts the figure at about {n}.",
    "{Claimant} said {range} {side} {troops} had been killed in the fighting for {place}.",
    "More than {n} {side} {troops} have been killed {when}, {claimant} said.",
    "“The enemy has lost {qn} {troops} {when},” {claimant} said in a statement.",
    "“We have lost {words} defenders in {place},” {claimant} told reporters.",
    "{Claimant} said: “Over the past week the enemy lost {n} {troops} near {place}.”",
    "{Claimant} told reporters that {qn} {civilians} had been killed in {place} {when}.",
    "{Claimant} reported that {n} {side} {troops} were wounded and {m} captured.",
    "{side} losses now stand at {qn}, according to {claimant}.",
    "{Role} also said {qn} {side} {troops} had been taken prisoner.",
    "{Role} added that {words} {civilians} were injured in the shelling of {place}.",
    "{Claimant} estimates that {side} forces have suffered {qn} casualties {when}.",
    "{Claimant} said {n} {civilians} had been killed since {date}, including {small} children.",
    "{words_cap} {side} {troops} were killed in a single day near {place}, {claimant} said.",
    "In its daily update, {claimant} said {side} personnel losses had risen to about {n}.",
    "{Claimants} latest estimate puts {side} losses at {n} killed and wounded.",
    "{Claimant} says {range} {side} {troops} have died {when}.",
    "{Claimant} said {qn} {side} {troops} are missing after the battle for {place}.",
    "{Claimant} admitted that {n} {troops} had been killed and {m} wounded {when}.",
    "The death toll in {place} rose to {n}, {claimant} said on {day}.",
    "{Claimant} reported {qn} {side} casualties {when}, a figure that could not be verified.",
    "“Not {n}, not {m} – far more,” {claimant} said of the {side} dead.",
]

# (b) Sentences with numbers that are not casualty claims.
NUMBERS = [
    "Russia has amassed some {strength} troops along the front near {place}.",
    "{country} has pledged {money} in military aid, including {kit}.",
    "The United States has sent more than {money} in security assistance since {year}.",
    "Inflation in Russia reached {pct} in {month}, the central bank said.",
    "Ukraine's economy shrank by {pct} in {year}, according to the World Bank.",
    "The {age}-year-old commander took over the brigade in {month}.",
    "Before the war, {place} had a population of about {population}.",
    "The front line now stretches for more than {km} km.",
    "Kyiv expects to receive {kit} from its Western allies by the spring.",
    "About {pct} of Ukrainians said they trusted the army, a poll in {month} found.",
    "Moscow announced the mobilisation of {strength} reservists in September 2022.",
    "{Place} lies {km} km from the Russian border.",
    "The {ordinal} brigade, which has fought near {place} since {year}, was rotated out in {month}.",
    "Russia launched {count} drones and {count} missiles overnight, the air force said.",
    "The aid package, worth {money}, was approved by a vote of {votes} to {votes_low}.",
    "Some {strength} soldiers have been trained in Britain since {year}.",
    "Prices for grain exports rose {pct} after the port of {port} came under fire.",
]

# (c) Background without figures, or with figures that are dates.
FILLER = [
    "The figures could not be independently verified.",
    "Neither side regularly publishes its own losses.",
    "Both sides are believed to inflate the enemy's losses and play down their own.",
    "Fighting has been heaviest around {place}, where both sides have dug in.",
    "The claim could not be confirmed by {agency}.",
    "Western officials have long warned that casualty figures from the front are unreliable.",
    "Russia calls the war a “special military operation”.",
    "Ukraine says it is fighting to restore the borders it had in 1991.",
    "{person}, a resident of {place}, said the shelling had not stopped for days.",
    "“We have nowhere else to go,” said {person}, who sheltered in a basement in {place}.",
    "Satellite images showed fresh damage across the centre of {place}.",
    "Moscow denies targeting civilians.",
    "The Kremlin declined to comment on the report.",
    "Ukrainian forces retook the town of {place} after weeks of fighting.",
    "Talks between the two sides have been frozen since the spring of 2022.",
    "The offensive has made slow progress through heavily mined fields.",
    "Shelling cut power and water to parts of {place} on {day}.",
    "On {date}, air raid sirens sounded across much of the country.",
    "Refugees continued to cross into Poland and Moldova.",
    "Analysts say winter weather will slow the pace of operations.",
    "Ukraine's allies met in Ramstein to discuss further deliveries of weapons.",
    "Independent journalists have little access to the front line.",
    "The governor of the region urged residents to leave while they still could.",
    "Volunteers delivered food and medicine to villages near {place}.",
    "Military analysts say both armies are short of artillery ammunition.",
    "The strikes damaged a school, a hospital and several apartment blocks in {place}.",
    "Residents of {place} queued for water as temperatures fell.",
    "Moscow said the strikes targeted military infrastructure.",
    "Kyiv has repeatedly asked its allies for more air defence.",
    "The road into {place} was lined with burned-out vehicles.",
    "Commanders on the ground described the fighting as the fiercest in months.",
    "International observers have called for an independent investigation.",
    "The European Union agreed a new package of sanctions against Moscow.",
    "Ukrainian officials accused Russia of deporting children from occupied areas.",
    "It was not immediately clear how many of the dead were civilians.",
    "Rescue workers searched the rubble through the night in {place}.",
    "Neither Moscow nor Kyiv commented on the losses in {place}.",
    "The two sides exchanged prisoners of war in a deal brokered by the United Arab Emirates.",
    "Russian bloggers close to the military criticised the conduct of the campaign.",
    "Zelensky visited troops near {place} on {day}, his office said.",
]

SIDES = ["Russian", "Ukrainian"]
TROOPS = ["troops", "soldiers", "servicemen", "fighters", "military personnel", "conscripts",
          "mobilised men", "marines", "paratroopers", "service members"]  # fmt: skip
CIVILIANS = ["civilians", "people", "residents", "civilians, including children,"]
WHEN = [
    "since the start of the invasion", "since February 24, 2022", "over the past 24 hours",
    "in the past week", "last month", "since the war began", "in the battle for {place}",
    "as of {date}", "during the offensive", "since the start of the counteroffensive", "overnight",
]  # fmt: skip
PLACES = ["Bakhmut", "Avdiivka", "Mariupol", "Kherson", "the Kharkiv region", "the Donetsk region",
          "Luhansk", "Zaporizhzhia", "Sievierodonetsk", "Vuhledar", "Kupiansk", "Lyman", "Izium",
          "Robotyne", "Chasiv Yar", "Pokrovsk", "Irpin", "Bucha", "Soledar", "Kreminna"]  # fmt: skip
QUALIFIERS = ["about", "nearly", "more than", "at least", "some", "roughly", "almost", "over",
              "up to", "around", "an estimated"]  # fmt: skip
NUMBER_WORDS = ["two", "three", "five", "a dozen", "dozens of", "hundreds of", "thousands of", "forty",
                "two hundred", "several hundred", "tens of thousands of", "a few thousand",
                "fifteen thousand", "half a million"]  # fmt: skip
PORTS = ["Odesa", "Izmail", "Mykolaiv", "Chornomorsk", "Pivdennyi", "Reni"]
COUNTRIES = ["Germany", "Britain", "France", "Poland", "Canada", "The Netherlands", "Denmark"]
KIT = ["tanks", "drones", "artillery pieces", "armoured vehicles", "air defence systems", "howitzers"]
PEOPLE = ["Olha Petrenko", "Serhiy Bondarenko", "Iryna Melnyk", "Mykola Shevchuk", "Tetiana Lysenko"]
ORDINALS = ["93rd", "47th", "3rd", "72nd", "110th", "24th", "5th"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
WAR_START = dt.date(2022, 2, 24)
SEED = 2022
LAST_DAY = dt.date(2024, 12, 31)


# --- Claimants from the lexicon -------------------------------------------------


@dataclass(frozen=True)
class Claimant:
    id: str
    names: tuple[str, ...]
    roles: tuple[str, ...]


FUZZY = re.compile(r"\{e<=[^}]*\}")
LOOKAHEAD_NOT = re.compile(r"\(\?![^()]*\)")
OPTIONAL_GROUP = re.compile(r"\((?:\?(?:-i)?:)?([^()]*)\)\?")
GROUP = re.compile(r"\((?:\?(?:-i)?:)?([^()]*)\)")
OPTIONAL_CHAR = re.compile(r"(\\?.)\?")
REGEX_SYNTAX = re.compile(r"[()\[\]{}?*+|\\^$]")


def _spelling(alias: str, keep: bool) -> str:
    """The alias without its optional parts, or (keep) with them: an optional
    group becomes its last alternative ("the" rather than "an?"), a required
    group its first."""
    while True:
        reduced = OPTIONAL_GROUP.sub(lambda m: m[1].split("|")[-1] if keep else "", alias)
        reduced = GROUP.sub(lambda m: m[1].split("|")[0], reduced)
        if reduced == alias:
            break
        alias = reduced
    return OPTIONAL_CHAR.sub(lambda m: m[1] if keep else "", alias).replace(r"\.", ".")


def _spellings(alias: str) -> set[str]:
    """Plain spellings of an alias pattern (those left with regex syntax are dropped)."""
    alias = LOOKAHEAD_NOT.sub("", FUZZY.sub("", alias))
    out = {part.strip() for keep in (False, True) for part in _spelling(alias, keep).split("|")}
    return {s for s in out if s and not REGEX_SYNTAX.search(s)}


def _compile_alias(alias: str) -> re.Pattern | None:
    """The alias as a standard ``re`` pattern, or None if it uses syntax only the
    ``regex`` package knows."""
    try:
        return re.compile(FUZZY.sub("", alias), re.IGNORECASE)
    except re.error:
        return None


def load_claimants(path: Path = CLAIMANTS_FILE) -> list[Claimant]:
    """Every claimant with the spellings of its name and aliases that its own
    patterns accept (checked with the standard ``re``, fuzzy parts left out)."""
    claimants = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        aliases = [str(a) for a in entry.get("aliases") or []]
        patterns = [pattern for a in aliases if (pattern := _compile_alias(a))]
        candidates = {entry["name"]}.union(*(_spellings(a) for a in aliases))
        names = sorted(c for c in candidates if any(p.fullmatch(c) for p in patterns))
        if names:
            claimants.append(Claimant(entry["id"], tuple(names), tuple(entry.get("roles") or ())))
    return claimants


CLAIMANTS = load_claimants()


# --- Fields ---------------------------------------------------------------------
# Each field is a function of the article's context; the draws go through
# rng.random() (a C call) rather than rng.choice()/randint(), which are several
# times slower and would dominate the run time.


@dataclass
class Context:
    random: Callable[[], float]  # the article's rng.random
    published: dt.date
    pool: list[Claimant]
    last: Claimant | None = None


def _pick(ctx: Context, options):
    return options[int(ctx.random() * len(options))]


def _int(ctx: Context, low: int, high: int) -> int:
    return low + int(ctx.random() * (high - low + 1))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _choice(options: list[str]) -> Callable[[Context], str]:
    n = len(options)
    return lambda ctx: options[int(ctx.random() * n)]


def _number(low: int, high: int, step: int = 1, form: str = "{}") -> Callable[[Context], str]:
    return lambda ctx: form.format(_int(ctx, low, high) * step)


def _value(ctx: Context) -> int:
    kind = ctx.random()
    if kind < 0.25:
        return _int(ctx, 2, 99)
    if kind < 0.6:
        return _int(ctx, 100, 9_999)
    exact = _int(ctx, 0, 999) if ctx.random() < 0.3 else 0
    return _int(ctx, 10, 350) * 1_000 + exact


def _format(ctx: Context, value: int) -> str:
    if value >= 10_000 and ctx.random() < 0.05:
        return f"{value / 1000:g} thousand"
    if value < 10_000 and ctx.random() < 0.3:
        return str(value)
    return f"{value:,}"


def _figure(ctx: Context) -> str:
    return _format(ctx, _value(ctx))


def _qualified(ctx: Context) -> str:
    return f"{_pick(ctx, QUALIFIERS)} {_figure(ctx)}"


RANGE_FORMS = ["between {} and {}", "{} to {}", "{}-{}", "from {} to {}"]


def _range(ctx: Context) -> str:
    low = _value(ctx)
    high = low + max(1, int(low * (0.1 + 0.5 * ctx.random())))
    return _pick(ctx, RANGE_FORMS).format(_format(ctx, low), _format(ctx, high))


def _claimant(ctx: Context) -> str:
    ctx.last = _pick(ctx, ctx.pool)
    return _pick(ctx, ctx.last.names)


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _role(ctx: Context) -> str:
    if ctx.last is None:
        return _cap(_claimant(ctx))
    if ctx.last.roles:
        return f"The {_pick(ctx, ctx.last.roles)}"
    return _cap(_pick(ctx, ctx.last.names))


def _date(ctx: Context) -> str:
    day = ctx.published - dt.timedelta(days=_int(ctx, 1, 40))
    return f"{MONTHS[day.month - 1]} {day.day}"


def _when(ctx: Context) -> str:
    phrase = _pick(ctx, WHEN)
    return phrase.format(place=_pick(ctx, PLACES), date=_date(ctx)) if "{" in phrase else phrase


MONEY_FORMS = ["${:.1f} billion", "€{:.1f} million", "£{:.1f}bn", "${:.1f} million"]
PERCENT_FORMS = ["{} percent", "{}%", "{} per cent"]


FIELDS: dict[str, Callable[[Context], str]] = {
    "claimant": _claimant,
    "Claimant": lambda ctx: _cap(_claimant(ctx)),
    "Claimants": lambda ctx: _possessive(_cap(_claimant(ctx))),
    "Role": _role,
    "side": _choice(SIDES),
    "troops": _choice(TROOPS),
    "civilians": _choice(CIVILIANS),
    "n": _figure,
    "m": _figure,
    "small": _number(2, 60),
    "qn": _qualified,
    "qn_cap": lambda ctx: _cap(_qualified(ctx)),
    "range": _range,
    "words": _choice(NUMBER_WORDS),
    "words_cap": _choice([_cap(w) for w in NUMBER_WORDS]),
    "when": _when,
    "place": _choice(PLACES),
    "Place": _choice([_cap(p) for p in PLACES]),
    "day": _choice(WEEKDAYS),
    "date": _date,
    "daynum": lambda ctx: str((ctx.published - WAR_START).days + 1),
    "year": lambda ctx: str(_int(ctx, 2014, ctx.published.year)),
    "month": _choice(MONTHS),
    "money": lambda ctx: _pick(ctx, MONEY_FORMS).format(0.2 + 60 * ctx.random()),
    "pct": lambda ctx: _pick(ctx, PERCENT_FORMS).format(_int(ctx, 2, 60)),
    "age": _number(19, 64),
    "strength": _number(10, 300, 1000, "{:,}"),
    "population": _number(20, 1500, 1000, "{:,}"),
    "votes": _number(250, 400),
    "votes_low": _number(20, 120),
    "kit": lambda ctx: f"{_int(ctx, 3, 400)} {_pick(ctx, KIT)}",
    "km": _number(30, 1200, 1, "{:,}"),
    "count": _number(8, 190),
    "country": _choice(COUNTRIES),
    "port": _choice(PORTS),
    "person": _choice(PEOPLE),
    "agency": _choice(AGENCIES),
    "ordinal": _choice(ORDINALS),
}


@dataclass(frozen=True)
class Template:
    """A template as a %-format string and the fields that fill it, in order
    (so a field used twice, like two claimants in a headline, is drawn twice)."""

    form: str
    fields: tuple[Callable[[Context], str], ...]

    @classmethod
    def parse(cls, template: str) -> Template:
        form, fields = [], []
        for literal, name, _, _ in string.Formatter().parse(template):
            form.append(literal.replace("%", "%%"))
            if name:
                if name not in FIELDS:
                    raise ValueError(f"template {template!r} uses an unknown field {name!r}")
                form.append("%s")
                fields.append(FIELDS[name])
        return cls("".join(form), tuple(fields))

    def render(self, ctx: Context) -> str:
        return self.form % tuple([field(ctx) for field in self.fields])


TEMPLATES = {
    kind: [Template.parse(t) for t in templates]
    for kind, templates in (
        ("headline", HEADLINES),
        ("subheadline", SUBHEADLINES),
        ("lede", LEDE_CLAIMS),
        ("claim", CLAIMS),
        ("number", NUMBERS),
        ("filler", FILLER),
    )
}
# Body sentences: about 12% claims, 30% other numbers, 58% background, which
# with the headline and the opening claim gives some 8 claims an article
# (1-20), near the seed articles' 6-7.
BODY_SHARES = {"claim": 0.12, "number": 0.3, "filler": 0.58}
BODY = [
    template
    for kind, share in BODY_SHARES.items()
    for template in TEMPLATES[kind] * round(share * 1000 / len(TEMPLATES[kind]))
]


# --- Articles -------------------------------------------------------------------


def _byline(ctx: Context) -> tuple[str, str]:
    """The lines after the headline, and a dateline to open the first paragraph."""
    day = ctx.published
    author = _pick(ctx, AUTHORS)
    month = MONTHS[day.month - 1]
    style = ctx.random()
    if style < 0.4:
        dateline = f"{_pick(ctx, CITIES)}, {month} {day.day}, {day.year} ({_pick(ctx, AGENCIES)}) - "
        return f"By {author}", dateline
    if style < 0.7:
        time_of_day = f"{_int(ctx, 6, 22):02d}:{_int(ctx, 0, 59):02d}"
        stamp = f"{WEEKDAYS[day.weekday()]} {day.day} {month} {day.year} {time_of_day} GMT"
        return f"{author} in {_pick(ctx, CITIES).title()}\n{stamp}", ""
    return f"{month} {day.day}, {day.year}\nBy {author}, staff reporter", ""


def article(seed: int, i: int) -> str:
    """Article number i of the corpus for this seed: a function of (seed, i) alone."""
    rng = random.Random(f"{seed}:{i}")
    random_ = rng.random
    published = WAR_START + dt.timedelta(days=int(random_() * ((LAST_DAY - WAR_START).days + 1)))
    ctx = Context(random_, published, rng.sample(CLAIMANTS, 3 + int(random_() * 3)))
    blocks = [_pick(ctx, TEMPLATES["headline"]).render(ctx)]
    if random_() < 0.5:
        blocks.append(_pick(ctx, TEMPLATES["subheadline"]).render(ctx))
    byline, dateline = _byline(ctx)
    blocks.append(byline)
    size = sum(len(block.encode()) + 2 for block in blocks)

    # 6-15 paragraphs of a few sentences each, the whole between MIN_BYTES and MAX_BYTES
    target = _int(ctx, MIN_BYTES, MAX_BYTES - 600)
    paragraphs = min(15, max(6, target // _int(ctx, 170, 330)))
    budget = target // paragraphs
    n_body = len(BODY)
    for p in range(paragraphs):
        last = p == paragraphs - 1
        sentences = [dateline + _pick(ctx, TEMPLATES["lede"]).render(ctx)] if p == 0 else []
        length = len(sentences[0].encode()) if sentences else 0
        while length < budget or (last and size + length < MIN_BYTES):
            sentence = BODY[int(random_() * n_body)].render(ctx)
            cost = len(sentence.encode()) + 1
            if size + length + cost > MAX_BYTES - 2:
                break
            sentences.append(sentence)
            length += cost
        if not sentences:
            break
        paragraph = " ".join(sentences)
        blocks.append(paragraph)
        size += len(paragraph.encode()) + 2
    return "\n\n".join(blocks) + "\n"


def _write_range(folder: Path, seed: int, start: int, stop: int) -> int:
    total = 0
    for i in range(start, stop):
        data = article(seed, i).encode("utf-8")
        with open(folder / f"{i:06d}.txt", "wb") as out:
            out.write(data)
        total += len(data)
    return total


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def write_corpus(folder: Path, count: int, seed: int = SEED, jobs: int = 1) -> int:
    """Write articles 0..count-1 as FOLDER/000000.txt ...; return the bytes written.

    Each article is written as soon as it is composed; with jobs > 1, worker
    processes write interleaved chunks of the numbers (the files are the same
    whatever the number of jobs)."""
    folder.mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or count <= CHUNK:
        return _write_range(folder, seed, 0, count)
    starts = range(0, count, CHUNK)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        sizes = pool.map(
            _write_range,
            repeat(folder),
            repeat(seed),
            starts,
            [min(start + CHUNK, count) for start in starts],
        )
        return sum(sizes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder to write the articles into")
    parser.add_argument("--count", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=SEED, help="seed (default: %(default)s)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=default_jobs(),
        help="processes writing the articles (default: one per CPU, %(default)s here)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    total = write_corpus(args.folder, args.count, args.seed, args.jobs)
    elapsed = time.perf_counter() - started
    print(f"{args.count} articles, {total / 1e6:.1f} MB, {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
