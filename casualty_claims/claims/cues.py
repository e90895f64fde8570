"""The words of a sentence that say what its figures cover, found once per sentence: a running
total ("so far", "since the invasion"), a period ("in the past 24 hours", "last month", "since
June", "in the first 100 days of the war"), a place or operation after a preposition that
limits ("in Bakhmut", "during the counteroffensive"), and where the sentence's clauses end.
``coverage`` decides which of them speak of each figure.

The patterns are anchored on the words that open a cue, so a sentence costs a few scans; the
running-total words and the places are the lexicon's (vocabulary.yml, places.yml).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .. import dates
from ..lexicon import FLAGS, Lexicon, alternation
from ..literals import WordTest
from ..sentences import SENTENCES_REMEMBERED
from ..word_start import by_first_letter, word_start

_AMOUNT = r"(?P<amount>\d+|" + "|".join(dates.NUMBER_WORDS) + r")\s+"
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"

# Each kind of cue, tried at every word start of a sentence that holds a figure.
DAY = regex.compile(
    r"\b(?:in the (?:past|last) (?:24|twenty-four) hours|over the (?:past|last) (?:24 hours|day)|"
    r"overnight|in (?:a|one|a single) day|on a single day|in a 24-hour period|"
    r"since (?:its|their|the) (?:last|previous) (?:daily )?(?:update|report|briefing|bulletin|tally)|"
    r"since the (?:previous day|day before))\b",
    FLAGS,
)
# "in just over two weeks", "over the past month", "in the last two days"; not "could fall in days"
SPAN = regex.compile(
    r"\b(?:in|over|during|within) (?:just |a little |only )?(?:over |under |more than |less than |about |"
    rf"nearly |almost |around )?(?:the (?:past|last|previous) (?:{_AMOUNT})?|{_AMOUNT})"
    r"(?P<unit>hour|day|week|month|year)s?\b",
    FLAGS,
)
FIRST_DAYS = regex.compile(
    rf"\b(?:in|during|over) the first {_AMOUNT}(?P<unit>day|week|month)s? of (?:the |Russia's )?"
    r"(?:full-scale )?(?:war|invasion)\b",
    FLAGS,
)
# each with the words it cannot match without (SPAN: none certain), which most sentences lack
PERIODS = [
    (kind, pattern, WordTest([pattern.pattern], FLAGS))
    for kind, pattern in (("day", DAY), ("span", SPAN), ("first_days", FIRST_DAYS))
]
# "last month" and "in May" say when, not how long, beside a verb of speaking ("said last month")
CALENDAR = regex.compile(
    r"\b(?:(?P<this>(?:so far |earlier )?this (?P<this_unit>month|year)|since the (?:start|beginning) of "
    r"(?:the|this) (?P<since_unit>month|year))"
    r"|(?<!\bthe )(?:last|previous) (?P<last_unit>week|month|year)"
    rf"|(?:in|during|throughout) (?:the month of )?(?-i:(?P<month>{_MONTH_NAMES}))(?:,? (?P<month_year>20\d\d))?"
    r"|(?:in|during|throughout) (?P<year>20\d\d)(?!\s*[-–/]\s*\d))\b",
    FLAGS,
)
# Where a clause ends: punctuation (not a thousands comma, nor a comma going on with a list of
# figures), a dash between spaces, a conjunction or relative that opens another clause.
CLAUSE_END = regex.compile(
    r"[;:!?]|\.(?!\d)|\s[-–—]\s|[–—]"
    r"|,(?!\s*(?:and |or |as well as |plus |along with )?(?:some |about |around |more than |over |nearly |almost |"
    r"at least )?\d)"
    r"|\b(?:but|while|whereas|although|though|because|after|before|when|where|which|who|whom)\b",
    FLAGS,
)
# Words that may stand between a limiting preposition and a place: "in the besieged city of"
PLACE_FILLER = (
    r"(?:(?:the|a|an|and|around|of|city|town|village|region|area|oblast|province|direction|sector|outskirts|"
    r"vicinity|eastern|southern|northern|western|central|besieged|embattled|frontline|front-line|ruined|"
    r"strategic|key|industrial|port|occupied|Russian-occupied|Russian-held|Ukrainian-held|border|small|nearby|"
    r"devastated|fortress|mining|its|their|Ukrainian|Russian|fighting|battles?|heavy|fierce|attacks?|"
    r"assaults?|on|(?-i:\p{Lu})[\w-]*['’]s) ){0,4}?"
)
# A place after a limiting preposition ("in the besieged city of Mariupol"), or an operation a
# period starts with ("since the Kursk incursion began"); not a place that qualifies the next
# ("at Mariupol's Azovstal plant" is at Azovstal), nor a city's name in a region's
# ("the Dnipropetrovsk region" is not Dnipro). Anchored on the preposition: most sentences
# have few, and no place after them.
LIMITING = r"(?:(?P<since>since)|in|at|near|around|outside|during|throughout|within)"
PLACE_LEAD = (
    word_start([LIMITING]) + LIMITING + " "
    r"(?:(?(since)(?:the (?:start|beginning|launch) of )?|" + PLACE_FILLER + "))"
)
BEGAN = regex.compile(r"\s+(?:began|begun|started|was launched)\b", FLAGS)
# What a figure's words may hold before a place that makes it the speaker's: "said in Kyiv"
SPEAKING_EXTRA = ["speaking", "visiting", "visited", "based", "headquartered", "meeting", "met"]


@dataclass(frozen=True)
class Cue:
    kind: str  # total | day | span | first_days | calendar | start | since_operation | place
    start: int
    end: int
    match: regex.Match | None = None
    place: str | None = None  # a place or operation, as written
    mention: object = None  # the date or year mention a start cue begins at


@dataclass(frozen=True)
class Cues:
    """A sentence's cues, and where its clauses end."""

    cues: tuple[Cue, ...]
    clause_ends: tuple[int, ...]


class CueReader:
    """The lexicon's words for cues, compiled once per lexicon; ``cues`` a sentence's, remembered."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.total = regex.compile(_phrase_start(lexicon.vocabulary["running_total_cues"]), FLAGS)
        self.total_words = WordTest(lexicon.vocabulary["running_total_cues"], FLAGS)
        verbs = [*lexicon.vocabulary["attribution_verbs"], *SPEAKING_EXTRA]
        self.place = regex.compile(
            by_first_letter(
                PLACE_LEAD
                + "(?P<place>"
                + alternation(list(lexicon.places.aliases))
                + r")(?![\w])(?!['’]s\b|\s+(?:region|oblast|province)\b)"
            ),
            FLAGS,
        )
        # a place cue holds a place's name: most sentences name none
        self.place_words = WordTest(list(lexicon.places.aliases), FLAGS)
        self.speaking = regex.compile(_phrase_start(verbs), FLAGS)
        # matched from the end (one try at the end of the words before, not one per character)
        self.speaking_before = regex.compile(
            alternation(verbs) + r"\s+(?:[\w'’-]+\s+){0,2}$", FLAGS | regex.REVERSE
        )
        self.cues = functools.lru_cache(maxsize=SENTENCES_REMEMBERED)(self._cues)

    def _cues(self, text: str) -> Cues:
        """Every cue of a sentence, the longest of those starting at one place, none overlapping."""
        totals = self.total.finditer(text) if self.total_words.may_match(text) else ()
        found = [Cue("total", m.start(), m.end(), m) for m in totals]
        for kind, pattern, words in PERIODS:
            if words.may_match(text):
                found += [Cue(kind, m.start(), m.end(), m) for m in pattern.finditer(text)]
        found += [
            Cue("calendar", m.start(), m.end(), m)
            for m in CALENDAR.finditer(text)
            if not self._said(text, m.start())
        ]
        found += _start_cues(text)
        for m in self.place.finditer(text) if self.place_words.may_match(text) else ():
            if m.group("since"):  # "since the Kursk incursion began": a period, from the operation's start
                began = BEGAN.match(text, m.end())
                found.append(
                    Cue("since_operation", m.start(), began.end() if began else m.end(), place=m["place"])
                )
            elif not self._said(text, m.start()):
                found.append(Cue("place", m.start(), m.end(), place=m["place"]))
        kept: list[Cue] = []
        for cue in sorted(found, key=lambda c: (c.start, -c.end)):
            if not any(cue.start < k.end and k.start < cue.end for k in kept):
                kept.append(cue)
        if not kept:  # most sentences: where their clauses end matters to no cue
            return Cues((), ())
        ends = [
            m.start()
            for m in CLAUSE_END.finditer(text)
            if not any(c.start <= m.start() < c.end for c in kept)
        ]
        return Cues(tuple(kept), tuple(ends))

    def _said(self, text: str, at: int) -> bool:
        """Whether words at ``at`` follow a verb of speaking: "said last month", "told reporters in Kyiv"."""
        return self.speaking_before.search(text, max(0, at - 60), at) is not None


def _phrase_start(phrases: list[str]) -> str:
    """A phrase of ``phrases`` after no word character nor hyphen (a word boundary first where
    every phrase opens with a word character: see word_start), ending at a word boundary."""
    return by_first_letter(word_start(phrases) + alternation(phrases) + r"\b")


@functools.cache
def reader(lexicon: Lexicon) -> CueReader:
    return CueReader(lexicon)


def _start_cues(text: str) -> list[Cue]:
    """ "since June", "since the counteroffensive began in June", "between March and May",
    "since 2014": a stated start, from the dates that the date module reads as one."""
    cues = []
    for mention in (*dates.date_mentions(text), *dates.year_mentions(text)):
        if not mention.is_period_start:
            continue
        lead = START_WORD.search(text, max(0, mention.start - 60), mention.end)
        start = lead.start() if lead else mention.start
        end = mention.end
        if lead and lead.group().lower() == "between":
            tail = BETWEEN_END.match(text, end)
            end = tail.end() if tail else end
        cues.append(Cue("start", start, end, mention=mention))
    return cues


START_WORD = regex.compile(r"\b(?:since|from|between)\b", FLAGS)
BETWEEN_END = regex.compile(
    rf"\s+and\s+(?:(?:{_MONTH_NAMES})\s+\d{{1,2}}|\d{{1,2}}\s+(?:{_MONTH_NAMES})|{_MONTH_NAMES})(?:,?\s+20\d\d)?",
    FLAGS,
)
