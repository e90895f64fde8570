"""Step 4: find the figures in a sentence and read their values.

Reads "16,000", "4500", "12 345" (space or no-break space grouping),
"1.5 million", number words ("two million", "a thousand"), vague amounts
("tens of thousands", "hundreds"), ranges ("5,000 to 9,000", "between 10,000
and 12,000", "40,000-45,000") and the qualifier written around a figure
("more than", "nearly", "about", "or more", "has topped"). Dates, years and spans
of years ("1979-89"), money, percentages and ages are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from . import dates
from .at_end import AtEnd
from .lexicon import FLAGS, Lexicon, alternation, matched_label
from .literals import folded, shortest, tree
from .sentences import SENTENCES_REMEMBERED
from .word_start import by_first_letter, word_start

UNITS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "m": 1_000_000, "k": 1_000}
# (low, high) multipliers of a vague amount's scale
VAGUE = [
    (r"hundreds of thousands", 200_000, 900_000),
    (r"tens of thousands", 20_000, 90_000),
    (r"(?:a few|several) hundred thousand", 200_000, 900_000),
    (r"(?:a few|several) thousand", 2_000, 9_000),
    (r"(?:a few|several) hundred", 200, 900),
    (r"(?:a few|several) dozen", 24, 99),
    (r"thousands", 2_000, 9_000),
    (r"hundreds", 200, 900),
    (r"dozens", 24, 99),
    (r"scores", 40, 99),
]

# No war counts more than this of anything: a larger figure is no claim (and would not fit
# SQLite's 64-bit integers past 2^63). Number words stop at millions, far below it.
MAX_COUNT = 10_000_000_000
# More digits than a count can have, however many leading zeros or decimals it is written with.
MAX_DIGITS = 40

_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_SCALED = rf"\s+(?:hundred|thousand|million)(?:\s+(?:and\s+)?(?:{_WORD})(?:[- ](?:{_WORD}))?)?"
# a bare "a" or "one" is an article or a pronoun, not a count: only "a thousand" is
WORDS = rf"(?:(?:{_WORD})(?:[- ](?:{_WORD}))?(?:{_SCALED})*|(?:a|one)(?:{_SCALED})+)"
# A number after "#" is a label or a character reference left in copied text ("&#039;").
# Every figure opens with a digit or a letter: the word boundary first only lets the regex
# engine skip to the next word at once (after no word character, a boundary is a word's start).
# The number words are tried by first letter (by_first_letter).
_ATOM_OPENING = r"\b(?<![\w.,$£€₴#])(?<!\p{L}-)(?:"
_ATOM_CLOSING = r")(?![\w]|[.,]\d)"
_IN_DIGITS = rf"(?P<digits>{DIGITS})(?:\s*(?P<scale>million|thousand|hundred|m|k)\b)?"
ATOM = regex.compile(
    by_first_letter(
        _ATOM_OPENING
        + rf"(?P<vague>{'|'.join(p for p, _, _ in VAGUE)})"
        + r"|(?P<half>half a million)"
        + r"|(?P<dozen>a dozen)"
        + rf"|{_IN_DIGITS}"
        + rf"|(?P<words>{WORDS})"
        + _ATOM_CLOSING
    ),
    FLAGS,
)
# The same for a sentence with no figure in words: where no other alternative can match, the
# figures in digits are found at the same places, in a fraction of the time.
ATOM_IN_DIGITS = regex.compile(_ATOM_OPENING + _IN_DIGITS + _ATOM_CLOSING, FLAGS)
# A figure in words holds one of these at the start of a word ("two", "a thousand", "a few
# hundred", "hundreds", "half a million", "a dozen"): looked for in the sentence folded as the
# patterns read it (literals.folded), where they are in no other sentence's.
NUMBER_WORD = re.compile(
    r"(?<![a-z])"
    + tree(sorted(shortest([*UNITS, "hundred", "thousand", "million", "half", "dozen", "scores", "tens"])))
)
# Every figure holds a digit or one of these words: a sentence with neither holds none.
NUMBER_TOKENS = frozenset(
    [*UNITS, *SCALES, "hundreds", "thousands", "dozen", "dozens", "scores", "half", "tens"]
)
DIGIT = regex.compile(r"\d")
LETTERS = regex.compile(r"[^\W\d_]+")
RANGE_JOIN = regex.compile(r"\s*(?:-|–|—|to|and|or)\s*", FLAGS)
RISE_BEFORE = regex.compile(
    r"(?:rose|risen|rising|increased|jumped|climbed|grew|fell|dropped|up|down)\s+from\s*$", FLAGS
)
BEST_ESTIMATE = regex.compile(
    r"^(?:\s+[\p{L}-]+){0,2}?[,;]?\s*(?:with |and )?(?:a |the )?(?:(?:best|central|most likely) estimate (?:of|at|being)|most likely|probably)\s+",
    FLAGS,
)
VAGUE_PATTERNS = [(regex.compile(p), low, high) for p, low, high in VAGUE]
WORD_BREAK = regex.compile(r"[\s-]+")
GROUPING = regex.compile(r"[,\s\u00a0\u202f\u2009]")
WORD_AFTER_YEAR = regex.compile(r"\s+(?:[\"“‘']?\p{Ll})")
BETWEEN_BEFORE = AtEnd(r"\b(?:between|from)", r"\s", FLAGS)
MONEY_BEFORE = AtEnd(r"[$£€₴]|\b(?:USD|EUR|GBP|UAH)", r"\s")
# what MONEY_BEFORE cannot match without, looked for once a sentence: most hold none
MONEY_SIGN = regex.compile(r"[$£€₴]|USD|EUR|GBP|UAH")
# "alert(1)", "width=300": an argument or a value in markup or code, not a count
CODE_BEFORE = regex.compile(r"(?:\w\(|=[\"']?)$")
# "the 1979-89 war", "in 2022–2023": a span of years, neither end a count
YEAR_SPAN = regex.compile(
    r"(?<![\w.,])(?P<first>(?:19|20)\d\d)\s*[-–—/]\s*(?P<last>(?:19|20)\d\d|\d\d)(?![\w]|[.,]\d)"
)
# "men under the age of 50", "a 39-year-old": an age, which must not cut off the words
# after the figure before it ("47,000 men under the age of 50 have died")
AGE = regex.compile(
    r"(?<=\b(?:aged|age of|ages of)\s+)\d{1,3}(?!\d)|(?<![\w.,])\d{1,3}(?=[- ]years?[- ]olds?\b)", FLAGS
)
# An age is read beside one of these words, in letters the patterns match with no other character
# (only "i", "s" and "k" have such: "İ", "ſ", the Kelvin sign): most sentences hold neither.
AGE_WORDS = ("age", "year")
YEAR_CONTEXT_BEFORE = AtEnd(
    r"\b(?:in|since|by|of|until|till|from|to|early|late|mid|during|before|after|year|summer|"
    r"winter|spring|autumn|fall|the|and|or|between)|[-–'’/]",
    r"\s",
    FLAGS,
)


@dataclass(frozen=True)
class Figure:
    start: int  # span of the number text, both numbers of a range
    end: int
    text: str
    value: int
    low: int | None
    high: int | None
    qualifier: str  # exact | at_least | at_most | approximately | range | vague
    context_start: int  # start of the qualifier words, if any


@dataclass(frozen=True)
class _Atom:
    start: int
    end: int
    value: int
    low: int | None = None
    high: int | None = None
    has_scale: bool = False

    @property
    def vague(self) -> bool:
        return self.low is not None


def words_value(text: str) -> int | None:
    """The value of a number written in words: "two hundred and fifty thousand"."""
    total, current = 0, 0
    for token in WORD_BREAK.split(text.lower()):
        if token in ("and", ""):
            continue
        if token in ("a", "one"):
            current += 1
        elif token in UNITS:
            current += UNITS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in ("thousand", "million"):
            total += max(current, 1) * SCALES[token]
            current = 0
        else:
            return None
    return total + current


def parse_digits(text: str, scale: str | None = None) -> int | None:
    """The whole number "16,000", "1.5" with scale "million" or "12 345" writes, or None (a
    fraction, or more digits than any count has). Read as integers: a float loses digits
    and overflows past 308 of them."""
    whole, _, fraction = GROUPING.sub("", text).partition(".")
    if len(whole) + len(fraction) > MAX_DIGITS:
        return None
    try:
        numerator = int(whole + fraction) * (SCALES[scale.lower()] if scale else 1)
    except ValueError:  # a digit of a script newer than this Python's Unicode tables
        return None
    value, remainder = divmod(numerator, 10 ** len(fraction))
    return None if remainder else value


def _atoms(text: str, candidates: list[regex.Match], blocked: list[tuple[int, int]]) -> list[_Atom]:
    atoms = []
    money = MONEY_SIGN.search(text) is not None
    for match in candidates:
        start, end = match.span()
        if any(start < e and s < end for s, e in blocked):
            continue
        found = match.groupdict()  # ATOM_IN_DIGITS has no group for words
        if found.get("vague"):
            phrase = found["vague"].lower()
            low, high = next((lo, hi) for p, lo, hi in VAGUE_PATTERNS if p.fullmatch(phrase))
            atoms.append(_Atom(start, end, low, low, high, True))
        elif found.get("half"):
            atoms.append(_Atom(start, end, 500_000, has_scale=True))
        elif found.get("dozen"):
            atoms.append(_Atom(start, end, 12))
        elif found["digits"]:
            # CODE_BEFORE matches at most two characters: no need to try it along the whole prefix
            if (money and MONEY_BEFORE.search(text, 0, start)) or CODE_BEFORE.search(
                text, max(0, start - 2), start
            ):
                continue
            value = parse_digits(found["digits"], found["scale"])
            if value is None or value > MAX_COUNT or _is_year(text, match, value):
                continue
            atoms.append(_Atom(start, end, value, has_scale=bool(found["scale"])))
        else:
            value = words_value(found["words"].strip())
            if value is None:
                continue
            atoms.append(_Atom(start, end, value, has_scale=value >= 100))
    return atoms


def _year_spans(text: str) -> list[tuple[int, int]]:
    if not dates.YEAR_DIGITS.search(text):
        return []  # a span opens with a year
    spans = []
    for match in YEAR_SPAN.finditer(text):
        first, last = match.group("first"), match.group("last")
        last_year = int(last) if len(last) == 4 else int(first[:2] + last)
        if 0 < last_year - int(first) < 100:
            spans.append(match.span())
    return spans


def _is_year(text: str, match: regex.Match, value: int) -> bool:
    digits = match.group("digits")
    if not (1900 <= value <= 2100 and digits.isdigit() and len(digits) == 4):
        return False
    following = text[match.end() :]
    # "2000 troops" is a count; "in 2023," and "2023 saw" are years
    return bool(YEAR_CONTEXT_BEFORE.search(text, 0, match.start())) or not WORD_AFTER_YEAR.match(following)


@cache
def _qualifiers(lexicon: Lexicon) -> tuple[AtEnd, AtEnd, regex.Pattern]:
    vocabulary = lexicon.vocabulary
    # the words right before a figure, and its quotes or spaces: "more than ", "has topped “"
    before_pattern, verb_pattern = (
        AtEnd(
            by_first_letter(
                word_start([p for patterns in vocabulary[key].values() for p in patterns])
                + "(?:"
                + "|".join(
                    f"(?P<{label}>{alternation(patterns)})" for label, patterns in vocabulary[key].items()
                )
                + ")"
            ),
            r"[\s\"“‘']",
            FLAGS,
        )
        for key in ("qualifiers", "qualifier_verbs")
    )
    after = vocabulary["qualifiers_after"]
    after_pattern = regex.compile(
        by_first_letter(
            r"^\s*(?:"
            + "|".join(f"(?P<{label}>{alternation(patterns)})" for label, patterns in after.items())
            + r")(?![\w])"
        ),
        FLAGS,
    )
    return before_pattern, verb_pattern, after_pattern


def _may_hold_figure(text: str) -> bool:
    """A cheap test before the figure pattern, which costs more on the many sentences
    that hold no number at all."""
    return DIGIT.search(text) is not None or not NUMBER_TOKENS.isdisjoint(LETTERS.findall(text.casefold()))


def _atom_pattern(text: str) -> regex.Pattern:
    return ATOM if NUMBER_WORD.search(folded(text, FLAGS)) else ATOM_IN_DIGITS


def find(text: str, lexicon: Lexicon) -> list[Figure]:
    """Every figure in a sentence, in order."""
    return list(_found(text, lexicon))


@lru_cache(maxsize=SENTENCES_REMEMBERED)
def _found(text: str, lexicon: Lexicon) -> tuple[Figure, ...]:
    candidates = list(_atom_pattern(text).finditer(text)) if _may_hold_figure(text) else []
    if not candidates:
        return ()  # most sentences hold no number: no dates, years or ages to rule out
    blocked = [(m.start, m.end) for m in dates.date_mentions(text)] + _year_spans(text)
    lowercase = text.lower()
    if any(word in lowercase for word in AGE_WORDS):
        blocked += [m.span() for m in AGE.finditer(text)]
    atoms = _atoms(text, candidates, blocked)
    before, verb, after = _qualifiers(lexicon)
    figures, i = [], 0
    while i < len(atoms):
        atom = atoms[i]
        partner = atoms[i + 1] if i + 1 < len(atoms) else None
        low = high = None
        end, value, qualifier = atom.end, atom.value, "vague" if atom.vague else "exact"
        prefix = text[: atom.start]
        between = BETWEEN_BEFORE.search(prefix)
        if partner and not atom.vague and _is_range(text, atom, partner, bool(between)):
            low = _scaled(atom, partner)
            high, end, qualifier = partner.value, partner.end, "range"
            value = low
            i += 1
            best = BEST_ESTIMATE.match(text[end:])
            if best and i + 1 < len(atoms) and atoms[i + 1].start == end + best.end():
                value = atoms[i + 1].value
                i += 1
        elif atom.vague:
            low, high = atom.low, atom.high
        context_start = between.start() if between and qualifier == "range" else atom.start
        if qualifier == "exact":
            written_before = before.search(prefix)
            written_after = after.match(text[end:])
            if written_before:
                qualifier, context_start = matched_label(written_before), written_before.start()
            # "has topped one million": the verb stays in the figure's context as its predicate
            elif verb_before := verb.search(text, max(0, atom.start - 60), atom.start):
                qualifier = matched_label(verb_before)
            elif written_after:
                qualifier = matched_label(written_after)
        figures.append(
            Figure(atom.start, end, text[atom.start : end], value, low, high, qualifier, context_start)
        )
        i += 1
    return tuple(figures)


def _scaled(low: _Atom, high: _Atom) -> int:
    """The low end of a range that shares the high end's scale: "40 to 60 thousand"."""
    if high.has_scale and not low.has_scale and low.value * 1000 <= high.value:
        for scale in (1_000_000, 1_000):
            if low.value * scale <= high.value and high.value % scale == 0:
                return low.value * scale
    return low.value


def _is_range(text: str, low: _Atom, high: _Atom, introduced: bool) -> bool:
    join = text[low.end : high.start]
    if not RANGE_JOIN.fullmatch(join) or high.vague:
        return False
    word = join.strip().lower()
    if word == "or":
        return False  # "300,000 or 150,000" are alternatives, one claim each
    if word == "and" and not introduced:
        return False
    if word == "to" and RISE_BEFORE.search(text[: low.start]):
        return False  # "rose from 5,000 to 9,000" is two counts, not a range
    return _scaled(low, high) < high.value
