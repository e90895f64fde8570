"""The lexicon compiled into the shapes the grammar reads with."""

from __future__ import annotations

from functools import cache

import regex

from ..at_end import AtEnd
from ..lexicon import FLAGS, Lexicon, alternation, compile_words, every_pattern, labelled
from ..literals import WordTest
from ..word_start import by_first_letter, word_start
from .naming import SpeakerWords


class Grammar:
    """The compiled lexicon, in the shapes the reader needs: one family of patterns a method."""

    def __init__(self, lexicon: Lexicon):
        v = lexicon.vocabulary
        self.lexicon = lexicon
        # the vocabulary sections read where a letter may come before them (``anywhere``)
        self.unbounded: set[str] = set()
        self._compile_attribution(lexicon, v)
        self._compile_predicates(v)
        self._compile_nouns(v)
        self._compile_not_counts(v)
        self._compile_returns(v)
        self._compile_sides(v)
        self._compile_speakers(lexicon, v)

    def anywhere(self, v: dict, section: str) -> dict | list:
        """A vocabulary section's patterns, for a place in a pattern where a letter may come before
        them ("Russia'slosses"): recorded in ``unbounded``, the sections whose words the prefilter
        finds anywhere in a word. Every other use of a section the prefilter reads
        (``prefilter.LOSS_VOCABULARY``) goes through ``labelled`` or ``compile_words``, which put a
        word start first, or follows no letter (a list's label)."""
        self.unbounded.add(section)
        return v[section]

    def _compile_attribution(self, lexicon: Lexicon, v: dict) -> None:
        """Who says a figure: verbs, "according to", "claimed by", "X's estimate", "not Y's"."""
        self.claimant = lexicon.claimant_pattern
        self.verb = compile_words(v["attribution_verbs"])
        self.verb_words = WordTest(v["attribution_verbs"], FLAGS)
        # what puts a source after it, in one scan: "claimed by X" (the figure before is X's),
        # "citing X" and "referring to X" (X is a reporter's source), "according to X"
        sources = [*lexicon.speakers["passive_by"], *lexicon.speakers["citing"], *v["according_to"]]
        self.source_marker = regex.compile(
            word_start(sources)
            + r"(?:(?P<passive>"
            + alternation(lexicon.speakers["passive_by"])
            + r"\s+by)"
            + r"|(?P<citing>"
            + alternation(lexicon.speakers["citing"])
            + r")"
            + r"|"
            + alternation(v["according_to"])
            + r")\s+",
            FLAGS,
        )
        self.source_marker_words = WordTest(sources, FLAGS)
        self.claim_noun = regex.compile(
            r"^['’]s?\s+(?:[\w-]+\s+){0,3}?" + alternation(v["claim_nouns"]) + r"\b", FLAGS
        )
        self.contrastive = AtEnd(
            r"\b" + alternation(v["contrastive_attribution"]), r"\s", FLAGS, at_least_one=True
        )
        self.source_anaphora = v["source_anaphora"]
        self.other_source = compile_words(v["other_sources"])
        self.other_source_words = WordTest(v["other_sources"], FLAGS)
        self.admission = compile_words(v["admission_verbs"])
        self.own_voice = compile_words(v["own_voice"])
        self.headline_author = regex.compile(r"\b" + alternation(v["headline_author"]) + r"\s+", FLAGS)
        self.made_claim = compile_words(v["source_made_claim"])
        self.source_follows = regex.compile(r"\b" + alternation(v["source_follows"]) + r"\s+", FLAGS)

    def _compile_predicates(self, v: dict) -> None:
        """What a figure counts by the verbs around it: "were killed", "Russia lost", "rose to"."""
        self.predicate = labelled(v["predicates"])
        # "... are missing", "... have been killed": a main verb that makes its subject a loss
        self.copula_predicate = regex.compile(
            r"\b(?:are|were|is|was|remain|remains|remained|have been|has been|had been)\s+(?:still\s+|now\s+)?"
            + self.predicate.pattern
            + r"(?![\w])",
            FLAGS,
        )
        milestones = v["milestone_predicates"]
        self.loss_predicate = labelled(
            {
                **v["loss_predicates"],
                "killed_or_wounded": [*v["loss_predicates"]["killed_or_wounded"], *milestones],
            }
        )
        self.milestone = regex.compile(alternation(milestones), FLAGS)
        self.agent_predicate = labelled(v["agent_predicates"])
        # the words they cannot be found without: most clauses before a figure hold none
        self.loss_predicate_words = WordTest([*every_pattern(v["loss_predicates"]), *milestones], FLAGS)
        self.agent_predicate_words = WordTest(every_pattern(v["agent_predicates"]), FLAGS)
        self.figure_link = alternation(v["figure_links"])
        # what may stand between a predicate and its figure: "rose to", "at least the"
        self.linked_to_figure = regex.compile(
            r"(?:\s+(?:[\w'’-]+\s+){0,3}?" + self.figure_link + r")?\s*(?:the|an?|its|their|some|another|"
            r"a further|an additional|further|additional|a combined|the combined|combined)?[\s\"“‘']*",
            FLAGS,
        )
        self.present_cue = compile_words(v["present_cues"])
        self.projection = compile_words(v["projection_cues"])
        self.projection_after = regex.compile(
            r"[^,;.]{0,40}?\b" + alternation(v["projection_cues_after"]) + r"\b", FLAGS
        )
        # what both cannot match without: most sentences project nothing
        self.projection_words = WordTest([*v["projection_cues"], *v["projection_cues_after"]], FLAGS)
        self.equipment_loss = compile_words(v["equipment_loss_cues"])
        self.loss_context = compile_words(v["loss_context"])

    def _compile_nouns(self, v: dict) -> None:
        """What a figure counts by its nouns: casualties, people, equipment, a list's labels."""
        self.casualty_noun = labelled(v["casualty_nouns"])
        self.total_noun = regex.compile(
            alternation(v["total_nouns"]) + r"\s+(?:\w+\s+){0,2}?" + self.figure_link + r"?\s*$",
            FLAGS,
        )
        self.list_label = regex.compile(
            r"^[\W\d]*?(?:"
            + "|".join(f"(?P<{m}>{alternation(p)})" for m, p in v["list_labels"].items())
            + "|(?P<equipment>"
            + alternation(every_pattern(v["equipment"]))
            + r"))\s*(?:\([^)]*\)\s*)?[-–—:]\s*$",
            FLAGS,
        )
        self.increment = AtEnd(r"\b" + alternation(v["increment_words"]), r"[\s\"“‘']", FLAGS)
        self.person_noun = labelled(v["person_nouns"])
        self.equipment = labelled(v["equipment"])
        self.mercenary = compile_words(v["mercenary_nouns"])
        # "irretrievable" and "sanitary" losses are terms of military medicine and staff work
        self.military_word = regex.compile(
            r"\bmilitary\b|\bcombat\b|\bservice\b|\b(?:irretrievable|irrecoverable|sanitary) (?:losses|casualties)\b",
            FLAGS,
        )
        self.civilian_word = regex.compile(r"\bcivilians?\b", FLAGS)

    def _compile_not_counts(self, v: dict) -> None:
        """What makes a figure no count of losses: a duration, a name, a ratio, another war."""
        self.not_losses = compile_words(v["not_losses"])
        self.not_losses_words = WordTest(v["not_losses"], FLAGS)
        # "-" too: "a nine-month battle", "the 100-day siege"
        self.not_counts = regex.compile(
            r"^[\s\"”’']*-?(?:" + alternation(v["not_counts"]) + r")(?![\w])", FLAGS
        )
        self.not_people = labelled({"thing": v["not_people"]})
        # another war or era, or a death that is not the war's: one pattern, one search
        self.other_war_or_cause = compile_words([*v["other_wars"], *v["other_causes"]])
        self.other_war_words = WordTest([*v["other_wars"], *v["other_causes"]], FLAGS)
        # "Leopard 2", "PzH 2000", and a figure glued to a capitalised word ("KAB-500", "PAC-3"): a name.
        # It ends where the words searched do: matched from there backwards, one try, not one a character.
        self.model_number = regex.compile(
            r"(?:(?<![\w-])" + alternation(v["model_names"]) + r"\s+|(?-i:\p{Lu}\p{L}*)-)$",
            FLAGS | regex.REVERSE,
        )
        self.comparison = compile_words(v["comparison_words"])
        self.ratio_after = regex.compile(r"[^,.;]{0,40}?\b" + alternation(v["ratio_after"]) + r"\b", FLAGS)

    def _compile_returns(self, v: dict) -> None:
        """Prisoners freed in a swap and the dead handed back."""
        # a return of prisoners or of the dead: labelled by whose people they are, and
        # "<label>_from_captivity" where the words say so only beside captivity (vocabulary)
        returns = labelled(
            {**v["returns"], **{f"{k}_from_captivity": ps for k, ps in v["returns_from_captivity"].items()}}
        )
        self.returned_dead = compile_words(v["returned_dead"])
        # "brought home 95", "handed over to Ukraine the bodies of 909", "exchanged another 95"
        dead_of = r"(?:(?:the )?" + alternation(v["returned_dead"]) + r" )?of"
        self.return_before = regex.compile(
            returns.pattern + r"(?:\s+(?:back|home|the|another|a further|an additional|all|some|a total of|"
            r"(?:a |the )?combined(?: total of)?|(?:to|from) (?:\w+ )?(?:captivity|Ukraine|Russia|Kyiv|Moscow)|"
            + dead_of
            + r"))*[\s\"“‘']*$",
            FLAGS,
        )
        # "144 defenders came home", "150 servicemen were released", "have been exchanged"
        self.return_after = regex.compile(
            r"\s*(?:(?:were|was|are|is|have been|had been|has been|are being|will be|would be|being|have|has|had)"
            r"\s+)?(?:\w+ly\s+)?" + returns.pattern,
            FLAGS,
        )
        self.captivity = compile_words(v["captivity_words"])
        # what return_before and return_after cannot match without: most figures have none near
        self.return_words = WordTest(
            [*every_pattern(v["returns"]), *every_pattern(v["returns_from_captivity"])], FLAGS
        )

    def _compile_sides(self, v: dict) -> None:
        """Whose losses a figure counts: sides, their forces, countries, places and owners."""
        # a side's own words and the forces fighting for it: "North Korean soldiers" are Russia's losses
        forces = {side: [*v["side_words"][side], *v["fighting_for"][side]] for side in v["side_words"]}
        self.side_word = labelled(forces)
        self.both_sides = compile_words(v["both_sides"])
        self.both_sides_words = WordTest(v["both_sides"], FLAGS)
        # "300 killed on the Russian side", "losses among Ukrainian troops": the side after a figure
        self.side_after = regex.compile(
            rf"(?<![\w-])(?:(?:on|from|for)\s+(?:the\s+)?{self.side_word.pattern}(?:['’]s)?\s+side(?![\w])"
            rf"|among\s+(?:the\s+)?{self.side_word.pattern})",
            FLAGS,
        )
        self.own_side = compile_words(v["own_side_words"])
        self.enemy = compile_words(v["enemy_words"])
        self.place = labelled(v["places"])
        self.default_civilian_side = v["default_civilian_side"]
        self.military_by_default = frozenset(v["military_by_default"])
        # "casualties among North Korean forces have surpassed": whose the loss is, between it and its figure
        self.owner_phrase = regex.compile(
            r"\s+(?:among|of|in)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?"
            + alternation(v["force_nouns"])
            + r"(?=\s)",
            FLAGS,
        )
        self.country = labelled({side: [*v["countries"][side], *forces[side]] for side in forces})
        self.loss_owner = _loss_owner(self.country, self.side_word, self.anywhere(v, "casualty_nouns"), v)
        self.forces = regex.compile(
            rf"{self.side_word.pattern}\s+(?:[\w-]+\s+)?{alternation(v['force_nouns'])}(?![\w])", FLAGS
        )
        self.aggressor = regex.compile(
            rf"{self.country.pattern}(?:['’]s)?\s+(?:[\w-]+\s+)?{alternation(v['aggression_nouns'])}(?![\w])",
            FLAGS,
        )
        self.holder = _holder(self.country, v)

    def _compile_speakers(self, lexicon: Lexicon, v: dict) -> None:
        """Claimants the lexicon does not know, and the anaphors that refer back to one."""
        self.speaker_words = SpeakerWords(lexicon.speakers)
        # its modifiers and roles tried by first letter: the same found, in a fraction of the time
        self.anaphora = regex.compile(by_first_letter(anaphora(lexicon)), FLAGS)


def anaphora(lexicon: Lexicon) -> str:
    """The words that refer back to a claimant: "he", "she", and a role after a determiner ("the
    ministry", "its spy agency", "the top general"). The roles are the lexicon's, and the head
    nouns an inferred claimant takes its role from ("the ombudsman", "the spy agency")."""
    speakers = lexicon.speakers
    heads = {p.lower() for ps in speakers["heads"].values() for p in ps if p.replace(" ", "").isalpha()}
    # "the major general" is "the general"; sorted, so that the pattern is the same in every process
    ranks = sorted(set(speakers["rank_roles"].values()))
    roles = sorted(
        {r for c in lexicon.claimants.values() for r in c.roles}
        | set(lexicon.vocabulary["source_anaphora"])
        | heads
        | set(ranks)
    )
    return (
        r"\b(?:(?P<pronoun>he|she)|(?:the|this|that|its|their)\s+(?:"
        + alternation([*speakers["modifiers"], *ranks])
        + r"\s+)?(?P<role>"
        + "|".join(regex.escape(r) for r in sorted(roles, key=len, reverse=True))
        + r"))\b"
    )


def _holder(country: regex.Pattern, v: dict) -> regex.Pattern:
    """A side that holds a count right before it: "Ukraine has about 2,500 ... killed", "in
    Ukraine more than 7,000 soldiers are missing"."""
    qualifiers = alternation(every_pattern(v["qualifiers"]))
    # "Ukraine was said to have 70,000 killed": a report in the passive names the holder
    passive_report = r"(?:is|are|was|were)\s+" + alternation(v["passive_reports"]) + r"\s+to"
    return regex.compile(
        rf"(?:(?:{country.pattern})\s+(?:has|have|had|(?:may|might|could|must)\s+have\s+had|{passive_report}\s+have)|(?:^|[,;]|\bthat)\s*in\s+(?:{country.pattern})"
        rf"\s*,?)\s+(?:{qualifiers}\s+)?$",
        FLAGS,
    )


def _loss_owner(country: regex.Pattern, side_word: regex.Pattern, nouns: dict, v: dict) -> regex.Pattern:
    """A side that owns a loss: "Ukrainian military losses", "Russia's casualties", "its
    losses", "losses of the Ukrainian army", "the number of Russian soldiers", "Russia has lost"
    (the casualty ``nouns`` may follow "Russia's" with no space)."""
    losses = alternation([p for measure, ps in nouns.items() if measure != "displaced" for p in ps])
    modifiers = r"(?:" + alternation(v["loss_modifiers"]) + r"\s+){0,2}"
    forces = alternation(v["force_nouns"])
    people = alternation([forces, "ranks", *every_pattern(v["person_nouns"])])
    return regex.compile(
        rf"(?:{country.pattern}|(?<![\w-])(?P<its>its|their)\s)(?:['’]s)?\s*{modifiers}{losses}(?![\w])"
        # the people after the side, lest "wounded in a Russian strike" own a loss
        rf"|(?<![\w-])(?:{alternation(v['owned_losses'])})\s+(?:of|in|among)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?"
        rf"{side_word.pattern}\s+(?:[\w-]+\s+)?{people}(?![\w])"
        rf"|(?<![\w-])(?:{alternation(v['owned_losses'])})\s+of\s+{labelled(v['countries']).pattern}"
        rf"|{country.pattern}(?:\s+{forces})?\s+(?:(?:has|have|had|also|already)\s+){{0,2}}(?:lost|suffered)(?![\w])",
        FLAGS,
    )


@cache
def grammar(lexicon: Lexicon) -> Grammar:
    return Grammar(lexicon)
