"""Step 1, continued: the outlet an article names itself by, where neither its sidecar nor its
page's metadata (``formats``: og:site_name, application-name, a JSON-LD publisher) says.

Read from the raw text, in order:

* a line that says where the article comes from, near its top or at its end: "Source: Newsweek";
* a wire credit: a dateline ("KYIV, March 3 (Reuters) -", "(AP) —") or a line that is only a
  wire service's name near the top or at the end ("Reuters", "By AFP", "© Bloomberg");
* the headline's suffix, where it looks like an outlet's name: "Losses mount | Kyiv Post",
  "… - Reuters", "… | sample.com", but not "… | Ukraine and Russia" or "… - Ombudsman Kotenko".

Otherwise the outlet stays unknown. Photo credits ("REUTERS/Jane Doe") and a wire named in a
sentence ("Reuters could not verify") are no credit. The words are data: lexicon/outlets.yml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex
import yaml

from .lexicon import FLAGS, LEXICON_DIR, Lexicon, alternation
from .word_start import max_width

# How far from the top and the end of an article a credit or a source line may stand.
TOP_LINES = 12
END_LINES = 3
# A name is a few words: a longer "Source: …" line is a sentence, a suffix a second headline.
MAX_NAME_WORDS = 6
MAX_NAME_CHARACTERS = 60
# How many characters of a wire dateline may stand before the wire's name in brackets.
DATELINE_OPENING = 80
# Separators between a headline and its site's name.
TITLE_SUFFIX = regex.compile(r"^(?P<headline>.+\S)\s+(?:\||-|–|—|::|·)\s+(?P<suffix>[^|–—]+?)\s*$")
SITE_ADDRESS = regex.compile(r"(?:[\w-]+\.)+(?:com|org|net|news|info|ua|ru|uk|eu|us|ca|au|in|de|fr|pl|io|tv)")
# A name: a capital or digit first, then words and the marks names have, and no sentence end.
NAME = r"[\p{Lu}\d][\w&'’.,/ -]*?"


@dataclass(frozen=True)
class OutletWords:
    """The compiled words of lexicon/outlets.yml."""

    wires: dict[str, regex.Pattern]  # by the outlet's name, each fully matching its credits
    source_line: regex.Pattern
    dateline: regex.Pattern
    credit_line: regex.Pattern
    credit_width: int | None  # the most characters a credit line may have, where known
    site_word: regex.Pattern


@cache
def outlet_words(path: Path = LEXICON_DIR / "outlets.yml") -> OutletWords:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    wires = {name: regex.compile(alternation(patterns)) for name, patterns in data["wires"].items()}
    any_wire = alternation([p for patterns in data["wires"].values() for p in patterns])
    credit = (
        rf"(?:By |From |© ?|\(c\) ?|Copyright ?)?(?:\d{{4}} )?(?P<name>{any_wire})"
        rf"(?: [Ss]taff| [Rr]eporters?)?\.?"
    )
    return OutletWords(
        wires=wires,
        source_line=regex.compile(
            rf"^\s*{alternation(data['source_labels'])}\s*:?\s+(?P<name>{NAME})\s*\.?\s*$", FLAGS
        ),
        # an opening of at most 80 characters (a place, a date), the wire in brackets, a dash
        dateline=regex.compile(rf"^[^()\n]{{0,{DATELINE_OPENING}}}\((?P<name>{any_wire})\)\s*[-–—:]"),
        credit_line=regex.compile(rf"^\s*{credit}\s*$"),
        credit_width=max_width(credit),
        site_word=regex.compile(rf"\b{alternation(data['site_words'])}\b"),
    )


def named_outlet(raw: str, title: str | None, lexicon: Lexicon) -> str | None:
    """The outlet ``raw`` (an article's text) names itself by, or None."""
    words = outlet_words()
    lines = [line for line in map(str.strip, raw.splitlines()) if line]
    near_edges = lines[:TOP_LINES] + lines[max(TOP_LINES, len(lines) - END_LINES) :]
    for line in near_edges:
        found = words.source_line.match(line)
        if found and _is_name(found.group("name")):
            return found.group("name").rstrip(" .,")
    for line in near_edges:
        found = _wire_credit(line, words)
        if found:
            return _wire_name(found.group("name"), words)
    return _title_suffix(title or (lines[0] if lines else ""), words, lexicon)


def _wire_credit(line: str, words: OutletWords) -> regex.Match | None:
    """A wire's dateline or credit line, in a trimmed line. Most lines are neither, which their
    text tells before any pattern is tried: a dateline's bracket stands within its first
    characters, and a credit line (the spaces around it, all of which trimming took, aside)
    is only so long."""
    if "(" in line[: DATELINE_OPENING + 1] and (dateline := words.dateline.match(line)):
        return dateline
    if words.credit_width is None or len(line) <= words.credit_width:
        return words.credit_line.match(line)
    return None


def _is_name(text: str) -> bool:
    return len(text) <= MAX_NAME_CHARACTERS and len(text.split()) <= MAX_NAME_WORDS


def _wire_name(credit: str, words: OutletWords) -> str:
    """The name of the wire service a credit names ("REUTERS" is Reuters, "AP" Associated Press)."""
    return next(name for name, pattern in words.wires.items() if pattern.fullmatch(credit))


def _title_suffix(title: str, words: OutletWords, lexicon: Lexicon) -> str | None:
    """The site's name a headline ends with ("Headline | Kyiv Post"), where it looks like one."""
    found = TITLE_SUFFIX.match(title)
    if not found or not _is_name(found.group("suffix")):
        return None
    suffix = found.group("suffix")
    for name, pattern in words.wires.items():
        if pattern.fullmatch(suffix):
            return name
    if (
        SITE_ADDRESS.fullmatch(suffix)
        or words.site_word.search(suffix)
        or _known_outlet(lexicon).fullmatch(suffix)
    ):
        return suffix
    return None


@cache
def _known_outlet(lexicon: Lexicon) -> regex.Pattern:
    """The outlets the lexicon knows as claimants or speakers ("BBC", "The Guardian", "Politico")."""
    names = [regex.escape(c.name) for c in lexicon.claimants.values() if c.kind == "outlet"]
    return regex.compile(alternation(names + list(lexicon.speakers.get("outlets", []))), FLAGS)
