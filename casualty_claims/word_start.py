"""Where a phrase of the lexicon may start: after no word character and no hyphen.

``(?<![\\w-])`` before an alternation of phrases is tried by the regex engine at every
place of the text. When every phrase opens with a word character, a word boundary put
before it (``\\b(?<![\\w-])``) matches exactly the same places, since after no word
character a boundary is where a word character follows, and the engine skips to the next
boundary at once: the patterns read a sentence faster. Whether a phrase opens with a word
character is read from its text; what the reading does not know counts as no.

How a phrase begins also lets a long alternation be tried by first letter
(``by_first_letter``): the engine then tests a letter once for the phrases it opens, not
once per phrase, and what is found stays the same. How long its match can be
(``max_width``) tells where a phrase that must end at a place can start (``at_end``).
"""

from __future__ import annotations

import regex

LOOKBEHIND = r"(?<![\w-])"
WORD_CHARACTER = regex.compile(r"\w")
# a character class of letters and digits only: "[sz]", "[0-3]"
WORD_CLASS = regex.compile(r"\[(?:[A-Za-z0-9](?:-[A-Za-z0-9])?)+\]")
# what makes the item before it optional
OPTIONAL = regex.compile(r"\?|\*|\{0?,|\{0\}")
# the opening of a group whose text is matched, and of a group that matches nothing (a lookaround)
GROUP_OPENING = regex.compile(r"\((?:\?:|\?-i:|\?i:|\?P<\w+>)?")
LOOKAROUND_OPENING = regex.compile(r"\(\?<?[=!]")
# a group whose alternatives are tried in order where it stands: not a lookaround, nor an atomic group
ALTERNATION_OPENING = regex.compile(r"\((?:\?:|\?-i:|\?i:|\?P<\w+>|(?!\?))")
# quantifiers after which an item may be absent ("{" too, whatever its least count: unsure is no)
MAY_REPEAT_NONE = ("?", "*", "{")
WORD_ESCAPES = ("\\w", "\\d", "\\p{L}", "\\p{Lu}", "\\p{Ll}")


def word_start(patterns: list[str]) -> str:
    """The start of a phrase for an alternation of ``patterns``: with a word boundary first
    where every one of them opens with a word character."""
    return r"\b" + LOOKBEHIND if all(opens_with_word(p) for p in patterns) else LOOKBEHIND


def opens_with_word(pattern: str) -> bool:
    """Whether every match of ``pattern`` begins with a word character (False when unsure)."""
    return all(_sequence_opens_with_word(alternative) for alternative in _alternatives(pattern))


def _sequence_opens_with_word(sequence: str) -> bool:
    at = 0
    while at < len(sequence):
        if lookaround := LOOKAROUND_OPENING.match(sequence, at):
            at = _closing(sequence, lookaround.start()) + 1  # matches nothing: the next item opens
            continue
        item_end, opens = _item(sequence, at)
        if not opens:
            return False
        if not OPTIONAL.match(sequence, item_end):
            return True
        at = _past_quantifier(sequence, item_end)  # optional: what follows may open the match
    return False  # the match may be empty


def _item(sequence: str, at: int) -> tuple[int, bool]:
    """Where the item at ``at`` ends, and whether it opens with a word character."""
    if group := GROUP_OPENING.match(sequence, at):
        end = _closing(sequence, at)
        return end + 1, opens_with_word(sequence[group.end() : end])
    if word_class := WORD_CLASS.match(sequence, at):
        return word_class.end(), True
    escape = next((e for e in WORD_ESCAPES if sequence.startswith(e, at)), None)
    if escape:
        return at + len(escape), True
    character = sequence[at]
    if character in "\\[().^$|*+?{":
        return at + 1, False
    return at + 1, bool(WORD_CHARACTER.match(character))


def _past_quantifier(sequence: str, at: int) -> int:
    end = sequence.index("}", at) + 1 if sequence[at] == "{" else at + 1
    return end + 1 if sequence[end : end + 1] == "?" else end  # a lazy quantifier


def _structure(pattern: str, start: int = 0):
    """Each bracket and bar of ``pattern`` from ``start``, outside escapes and character
    classes, with the group depth after it."""
    depth, at = 0, start
    while at < len(pattern):
        character = pattern[at]
        if character == "\\":
            at += 1
        elif character == "[":
            at = _class_end(pattern, at)
        elif character in "()|":
            depth += {"(": 1, ")": -1}.get(character, 0)
            yield at, character, depth
        at += 1


def _alternatives(pattern: str) -> list[str]:
    """The pattern split at its top-level bars."""
    parts, start = [], 0
    for at, character, depth in _structure(pattern):
        if character == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
    return [*parts, pattern[start:]]


def _closing(pattern: str, opening: int) -> int:
    """The index of the bracket that closes the group opened at ``opening``."""
    for at, character, depth in _structure(pattern, opening):
        if character == ")" and depth == 0:
            return at
    raise ValueError(f"unbalanced group in {pattern!r}")


def _class_end(pattern: str, opening: int) -> int:
    """The index of the bracket that closes the character class opened at ``opening``."""
    at = opening + 1
    if pattern[at : at + 1] == "^":
        at += 1
    if pattern[at : at + 1] == "]":
        at += 1  # a "]" first is a member
    while pattern[at] != "]":
        at += 2 if pattern[at] == "\\" else 1
    return at


def by_first_letter(pattern: str) -> str:
    """``pattern`` with each alternation whose every alternative opens with a letter (not made
    optional) tried by first letter: "said|told|says" as "(?:said|says)|(?:told)". At a place of
    the text only the alternatives opening with its letter can match, and those keep their
    order, so the same one wins; but the engine tries a group's first letter once, not each of
    its alternatives' (a list of eighty verbs reads a sentence in half the time)."""
    parts = _alternatives(_with_groups_by_first_letter(pattern))
    letters = [_first_letter(part) for part in parts]
    if None in letters or len(set(letters)) < 2:
        return "|".join(parts)
    groups: dict[str, list[str]] = {}
    for letter, part in zip(letters, parts, strict=True):
        groups.setdefault(letter, []).append(part)
    return "|".join("(?:" + "|".join(group) + ")" for group in groups.values())


def _with_groups_by_first_letter(sequence: str) -> str:
    """``sequence`` with the alternations of its groups tried by first letter."""
    out, at = [], 0
    while at < len(sequence):
        character = sequence[at]
        if opening := ALTERNATION_OPENING.match(sequence, at):
            end = _closing(sequence, at)
            out.append(opening.group() + by_first_letter(sequence[opening.end() : end]) + ")")
            at = end + 1
            continue
        step = 2 if character == "\\" else _class_end(sequence, at) + 1 - at if character == "[" else 1
        out.append(sequence[at : at + step])
        at += step
    return "".join(out)


def _first_letter(alternative: str) -> str | None:
    """The letter (in lower case) every match of ``alternative`` opens with, if one is sure."""
    if opening := ALTERNATION_OPENING.match(alternative):
        end = _closing(alternative, 0)
        if alternative[end + 1 : end + 2] in MAY_REPEAT_NONE:
            return None
        letters = {_first_letter(part) for part in _alternatives(alternative[opening.end() : end])}
        return letters.pop() if len(letters) == 1 else None
    opens = alternative[:1]
    if not (opens.isascii() and opens.isalpha()) or alternative[1:2] in MAY_REPEAT_NONE:
        return None
    return opens.lower()


# What a match may repeat an item: "?", "*", "+", "{2}", "{0,3}", "{2,}", and the lazy or possessive mark
REPEAT = regex.compile(r"(?:[?*+]|\{(?P<least>\d*)(?:(?P<comma>,)(?P<most>\d*))?\})[?+]?")
# escapes that take no character, and those that take one of a class
ZERO_WIDTH_ESCAPES = frozenset("bBAZzG")
CLASS_ESCAPES = frozenset("dDwWsStnrfv")
PROPERTY_ESCAPE = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP]\w")


def max_width(pattern: str) -> int | None:
    """The most characters a match of ``pattern`` can take (case-insensitively too: one
    character for one), or None when there is no most or the reading is unsure."""
    widths = [_sequence_width(alternative) for alternative in _alternatives(pattern)]
    return None if None in widths else max(widths)


def _sequence_width(sequence: str) -> int | None:
    total, at = 0, 0
    while at < len(sequence):
        if LOOKAROUND_OPENING.match(sequence, at):
            at, width = _closing(sequence, at) + 1, 0  # it matches nothing
        else:
            at, width = _item_width(sequence, at)
        repeat = REPEAT.match(sequence, at)
        times = _most_times(repeat) if repeat else 1
        if width is None or times is None:
            return None
        total += width * times
        at = repeat.end() if repeat else at
    return total


def _item_width(sequence: str, at: int) -> tuple[int, int | None]:
    """Where the item at ``at`` ends, and the most characters it takes."""
    character = sequence[at]
    if group := GROUP_OPENING.match(sequence, at):
        end = _closing(sequence, at)
        return end + 1, max_width(sequence[group.end() : end])
    if character == "[":
        return _class_end(sequence, at) + 1, 1
    if character == "\\":
        if found := PROPERTY_ESCAPE.match(sequence, at):
            return found.end(), 1
        escaped = sequence[at + 1 : at + 2]
        if escaped in ZERO_WIDTH_ESCAPES:
            return at + 2, 0
        # a backreference, a grapheme, a named character: unsure
        return at + 2, 1 if escaped in CLASS_ESCAPES or not escaped.isalnum() else None
    if character in "^$":
        return at + 1, 0
    # any other group ("(?>", "(?(", inline flags) or a stray quantifier: unsure
    return at + 1, None if character in "()?*+{" else 1


def _most_times(repeat: regex.Match) -> int | None:
    text = repeat.group()
    if text[0] == "?":
        return 1
    if text[0] in "*+":
        return None
    if repeat.group("comma") is None:
        return int(repeat.group("least") or 0) if repeat.group("least") else None
    return int(repeat.group("most")) if repeat.group("most") else None
