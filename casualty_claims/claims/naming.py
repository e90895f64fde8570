"""Naming a claimant the lexicon does not know, from the phrase an article names it with.

Real news names hundreds of speakers the lexicon cannot list: a country's spy
agency, "the country's top general", "Lt-Gen Ivan Petrov", an ombudsman, a think
tank, "the White House". The grammar finds the phrase where a speaker stands (the
subject of "said", the object of "according to" or "citing", the owner of "X's
estimate", a headline's tail; ``phrases`` reads where it begins and ends) and this
module reads what it names:

- its head noun (the last noun before "of", "for", "in", ...) gives the kind, and a
  rank or title before a name makes a person; a head that fights or dies ("Russian
  forces", "soldiers") is no speaker at all;
- what it says of a side (a nationality, a country's possessive, a country's
  institution, "in Washington") gives the side; an international body or an
  independent outlet is ``third_party`` wherever it stands; a side the phrase does
  not give stays ``unknown`` (the outlet's country is no evidence of the speaker's);
- the id is a slug of the normalised phrase (a pure function of it, so stable
  across rebuilds), and the head noun is the role a later "the agency" refers with
  (``referent``, ``refers_to``).

"Analysts" and "a think tank" with no name are the lexicon's civil-society group
(``third_party``: analysts quoted on casualty figures are, in this corpus, independent
ones); a named think tank is inferred, ``third_party`` when the phrase says
"independent" or places it abroad ("in Washington"), else ``unknown``.

Two kinds of phrase name no one and give ``None``: a bare role with no identity of
its own ("the ombudsman", "officials", "two unnamed sources"; the first is an
anaphor the discourse resolves, the others are unnamed sources that leave the
figure with whoever reports it: "The Post, citing two unnamed officials, put ..." is
the Post's, with no via), and words that are not a name ("in Kyiv", "he"). Unnamed
sources with a nationality name a party: "citing unnamed US officials" is the
lexicon's US officials' claim, reported via the Post.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import FLAGS, Claimant, alternation, labelled, matched_label
from .phrases import (
    ACRONYM,
    ASIDE_AFTER,
    CAPITALISED,
    CONNECTORS,
    DETERMINERS,
    NAME_PARTICLES,
    POSSESSIVE,
    PhraseReader,
)

# the words before a role that refers back ("this agency", "its spokesman"): they say nothing of whom
REFERRING = DETERMINERS | {"this", "that", "its", "their"}
WORD = regex.compile(r"\w+")
POSSESSIVE_ANYWHERE = regex.compile(r"['’]s\b")
SLUG_JUNK = regex.compile(r"[^\w]+")
# "Ivan P. Sidorenko": a middle initial, which the same person's id does without
MIDDLE_INITIAL = regex.compile(r"(?<=\p{L}\s)\p{Lu}\.\s+(?=\p{Lu})")


class SpeakerWords(PhraseReader):
    """lexicon/speakers.yml compiled into the shapes the phrase reader needs: where a phrase
    stands (``PhraseReader``), what it names, and what a later phrase refers back to."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.head = labelled(data["heads"])
        self.head_at_end = regex.compile(
            r"(?<![\w-])(?:" + "|".join(_alternatives(data["heads"])) + r")(?:['’]s)?$", FLAGS
        )
        title = _title(data)
        self.title = regex.compile(title + r"\s*(?=\S)", FLAGS)
        # searched backwards from a name, so only the end of the window is tried
        # (the window ends where the name begins, so nothing after the title can be looked at)
        self.title_before = regex.compile(title + r"\s+$", FLAGS | regex.REVERSE)
        self.head_title = regex.compile(
            r"(?<![\w-])(?P<role>(?-i:"
            + alternation(data["ranks"])
            + r")|"
            + alternation(_alternatives(data["heads"]))
            + r")(?![\w])\s*(?=\S)",
            FLAGS,
        )
        # an aside that gives a person's role: "head of the UN mission", "a military adviser to ..."
        self.role_aside = regex.compile(
            r"^(?:(?:the|a|an|its|his|her)\s+)?(?:[\w'’-]+\s+){0,3}?(?P<role>"
            + alternation(data["heads"]["person"])
            + r")(?![\w])",
            FLAGS,
        )
        self.international = regex.compile(
            r"(?<![\w-])" + alternation(data["international"]) + r"(?![\w])", regex.VERSION0
        )
        self.outlet = regex.compile(r"^" + alternation(data["outlets"]) + r"$", FLAGS)
        self.unnamed = regex.compile(r"(?<![\w-])" + alternation(data["unnamed"]) + r"(?![\w])", FLAGS)
        self.unit = labelled(data["units"])
        self.unit_at_end = regex.compile(
            r"(?<![\w-])(?:" + "|".join(_alternatives(data["units"])) + r")$", FLAGS
        )
        self.not_speaker = regex.compile(r"(?<![\w-])" + alternation(data["not_speakers"]) + r"s?$", FLAGS)
        self.rank_roles = data["rank_roles"]
        self.neutral = frozenset(data["neutral_modifiers"])
        self.also_called = data["also_called"]
        # the other way round: the heads a later "the ombudsman" may find a claimant under
        self.called_by = _called_by(self.also_called)
        self._compile_bodies(data)
        # what a word or a phrase is does not depend on where it stands: asked once for each
        self._is_name = lru_cache(maxsize=1 << 16)(self._is_name_word)
        self.claimant = lru_cache(maxsize=1 << 14)(self._claimant)
        self._words = lru_cache(maxsize=1 << 14)(self._words_of)

    def _compile_bodies(self, data: dict) -> None:
        """The words that put a body after a person ("a spokesman for", "citing") or a source
        noun after a country ("US estimates")."""
        self.citing_aside = regex.compile(
            r",\s*" + alternation(data["citing"]) + r"\s+(?P<cited>[^,;“”\"]{2,100}?),\s*$", FLAGS
        )
        self.source_noun = regex.compile(r"\s+" + alternation(data["source_nouns"]) + r"$", FLAGS)
        for_body = (
            r"(?:(?:a|an|the)\s+)?(?:"
            + alternation(data["modifiers"])
            + r"\s+){0,2}"
            + alternation(data["speaks_for_body"])
            + r"\s+(?:for|to|of|at|with)\s+"
        )
        self.for_body = regex.compile(r"^" + for_body + r"(?=\S)", FLAGS)
        # "an adviser to the mayor said": the role before a body the phrase reader stops at
        self.for_body_before = regex.compile(r"(?<![\w-])" + for_body + r"$", FLAGS | regex.REVERSE)
        self.speaks_for = regex.compile(r"^\s*" + alternation(data["speaks_for_heads"]) + r"$", FLAGS)

    def _claimant(self, phrase: str) -> Claimant | None:
        """The claimant a phrase names when the lexicon does not know it (see the module's docstring)."""
        words = phrase.split()
        while words and words[0].lower() in DETERMINERS:
            words = words[1:]
        if not words:
            return None
        name = " ".join(words)
        core = _core(words)
        kind, role = self._kind(core, name)
        if kind is None:
            return None
        if kind == "country":
            name = self.source_noun.sub("", name)
        return Claimant(
            id=slug(MIDDLE_INITIAL.sub("", name) if kind == "person" else name),
            name=name,
            kind=kind,
            side=self.side_of(name),
            speaks_for=None,
            roles=self._roles(role, kind) if role else (),
            aliases=(),
            inferred=True,
        )

    def _roles(self, role: str, kind: str) -> tuple[str, ...]:
        """The roles a later sentence may refer back with: the head noun, the shorter head it ends
        with ("the headquarters" for a coordination headquarters), and what such a body is also called."""
        shorter = role.split()[-1]
        head = self.head.fullmatch(shorter) if shorter != role else None
        roles = (role, shorter) if head and matched_label(head) == kind else (role,)
        return tuple(dict.fromkeys(r for head in roles for r in (head, *self.also_called.get(head, ()))))

    def _kind(self, core: str, name: str) -> tuple[str | None, str | None]:
        """The kind of claimant a phrase's core names, and its head noun (its role)."""
        head = self.head_at_end.search(core)
        if head:
            role = POSSESSIVE.sub("", head.group()).lower()
            kind = matched_label(self.head.fullmatch(POSSESSIVE.sub("", head.group())))
            return (kind, role) if _has_identity(name, self) else (None, None)
        if self.unnamed.search(name):
            return None, None
        unit = self.unit_at_end.search(core)
        if unit and self.side.search(name):
            # "Ukrainian special forces claimed": a side's unit speaks for that side
            return matched_label(self.unit.fullmatch(unit.group())), None
        if self.not_speaker.search(core):
            # "US estimates", "British figures": the country whose figures they are
            owner = self.source_noun.sub("", core)
            return ("country", None) if owner != core and self.side.fullmatch(owner) else (None, None)
        if self.outlet.fullmatch(name):
            return "outlet", None
        title = self._title(core)
        names = core[title.end() :].split() if title else core.split()
        names = [w for w in names if w not in NAME_PARTICLES]
        if not names or len(names) > 4 or not all(self._is_name(w) for w in names):
            return ("country", None) if self.side.fullmatch(core) else (None, None)
        if title:
            # "Lt-Gen Ivan Petrov", "Ombudsman Kotenko", "the independent outlet iStories"
            role = POSSESSIVE.sub("", title.group("role")).lower()
            rank = regex.split(r"[-.\s]+", role.rstrip("."))[-1]
            if self.rank.fullmatch(title.group("role")):
                return "person", self.rank_roles.get(rank)
            return matched_label(self.head.fullmatch(title.group("role"))), role
        if len(names) == 1 and ACRONYM.match(names[0]):
            return "organisation", None
        return "person", None

    def _title(self, core: str) -> regex.Match | None:
        """The words before a name that say what it names: "Lt-Gen", "Ombudsman", "South
        Korean lawmaker", "Defence Minister", "the news agency"."""
        last = None
        for found in self.head_title.finditer(core):
            last = found
        return last

    def _is_name_word(self, word: str) -> bool:
        """A word of a proper name: capitalised, not a role noun, not a nationality or a
        country (an outlet's name is one even where it tells a side: "iStories")."""
        bare = POSSESSIVE.sub("", word)
        if not CAPITALISED.match(word) or bare in self.not_names or self.role_word.fullmatch(bare):
            return False
        return not self.side.fullmatch(word) or bool(self.outlet.fullmatch(word))

    def describes(self, claimant: Claimant, rest: str) -> bool:
        """Whether the words after a known body's name only say what it is: "the Oryx
        open-source project", "the Mediazona news site" (not "Russia's top general")."""
        if claimant.kind not in ("organisation", "outlet", "group") or rest.startswith(("'s", "’s")):
            return False
        head = self.head_at_end.search(rest)
        return (
            bool(head)
            and matched_label(self.head.fullmatch(head.group())) != "person"
            and all(self.role_word.fullmatch(w) for w in rest.split())
        )

    def referent(self, role: str, by_role: dict[str, tuple[Claimant, str]]) -> tuple[Claimant, str] | None:
        """The claimant remembered by a role or by a head it stands for ("the ombudsman": the
        commissioner named before)."""
        found = by_role.get(role)
        for head in self.called_by.get(role, ()) if found is None else ():
            found = found or by_role.get(head)
        return found

    def role_of(self, phrase: str) -> list[str]:
        """The roles a phrase without a name of its own may refer back with, longest first:
        "the major general" -> "major general", "general"."""
        words = [POSSESSIVE.sub("", w).lower() for w in phrase.split() if w.lower() not in DETERMINERS]
        return [" ".join(words[i:]) for i in range(len(words))]

    def refers_to(self, phrase: str, role: str, referent: tuple[Claimant, str]) -> bool:
        """Whether a definite phrase can refer back to the claimant remembered by ``role``: every
        word it says of what it names is one the claimant was named or described with ("the
        Defence Ministry", "the General Staff of the Armed Forces" for Ukraine's; not "the
        Ministry of Health" or "the Foreign Ministry" for Russia's defence ministry)."""
        claimant, text = referent
        return self._words(phrase) <= self._words(" ".join((role, claimant.name, text, *claimant.roles)))

    def _words_of(self, phrase: str) -> frozenset[str]:
        """The words of a phrase that say what it names, ranks spelt out ("Maj. Gen." is a major
        general): not its determiners, connectors and modifiers that tell no one apart ("top")."""
        words = WORD.findall(POSSESSIVE_ANYWHERE.sub("", phrase.lower()))
        return frozenset(self.rank_roles.get(w, w) for w in words) - REFERRING - CONNECTORS - self.neutral

    def person_named(self, text: str, start: int, name: str) -> tuple[bool, str | None]:
        """Whether the words ``name`` at ``start`` name a person, and the role their title
        gives: "Defence Minister Sergei Shoigu" (a title before a name), "Dmitry Peskov"
        (two or three words of a name), even when the lexicon files them under a body."""
        title = self.title_before.search(text, max(0, start - 40), start)
        within = self.title.match(name)  # "Major General Igor Konashenkov"
        if (
            within
            and name[within.end() :].split()
            and all(self._is_name(w) for w in name[within.end() :].split())
        ):
            title = within
        if title:
            role = title.group("role").lower()
            rank = regex.split(r"[-.\s]+", role.rstrip("."))[-1]
            return True, self.rank_roles.get(rank, None if self.rank.fullmatch(title.group("role")) else role)
        words = [w for w in name.split() if w not in NAME_PARTICLES]
        person = 2 <= len(words) <= 3 and all(self._is_name(w) for w in words)
        # "Oleh Kovalenko, Ukraine's commissioner for missing persons, met": the aside's role
        aside = ASIDE_AFTER.match(text, start + len(name)) if person else None
        role = aside and self.role_aside.match(aside.group("aside"))
        return person, role.group("role").lower() if role else None

    def role_side(self, aside: str) -> str:
        """The side of the role an aside gives a person ("head of the UN mission": third_party,
        "a military adviser to Ukrainian President Volodymyr Zelensky": ukraine); unknown when the
        aside gives no role ("a critic of the Kremlin")."""
        return self.side_of(aside) if self.role_aside.match(aside) else "unknown"

    def side_of(self, name: str) -> str:
        if self.international.search(name):
            return "third_party"
        found = self.side.search(name)
        return matched_label(found) if found else "unknown"


def _title(data: dict) -> str:
    """A rank or a person's head noun, then the name: what precedes the name is its title."""
    return (
        r"(?<![\w-])(?P<role>(?-i:"
        + alternation(data["ranks"])
        + r")|"
        + alternation(data["heads"]["person"])
        + r")(?![\w])"
    )


def _called_by(also_called: dict[str, list[str]]) -> dict[str, list[str]]:
    """The heads each other name of a body stands for."""
    called_by: dict[str, list[str]] = {}
    for head, others in also_called.items():
        for other in others:
            called_by.setdefault(other, []).append(head)
    return called_by


def _alternatives(groups: dict[str, list[str]]) -> list[str]:
    return sorted((p for ps in groups.values() for p in ps), key=len, reverse=True)


def _core(words: list[str]) -> str:
    """The words before the first connector ("head" in "the head of the ministry")."""
    for i, word in enumerate(words):
        if word.lower() in CONNECTORS and i:
            return " ".join(words[:i])
    return " ".join(words)


def _has_identity(name: str, words: SpeakerWords) -> bool:
    """A phrase names someone in particular: a capitalised word other than a role noun, a
    name of two capitalised role nouns ("Defence Ministry"), or a side word; not only role
    nouns ("Officials" opening a sentence, "the ombudsman", "the country's top general")."""
    capitalised = [POSSESSIVE.sub("", w) for w in name.split() if CAPITALISED.match(w)]
    own = [w for w in capitalised if not words.role_word.fullmatch(w)]
    return bool(own) or len(capitalised) >= 2 or bool(words.side.search(name))


def slug(name: str) -> str:
    """A stable id for a name: its words, lowercased, joined by hyphens."""
    return SLUG_JUNK.sub("-", name.lower().replace("’", "'").replace("'s", "s")).strip("-")
