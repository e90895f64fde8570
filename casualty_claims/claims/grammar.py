"""The lexicon compiled into the shapes the grammar reads with."""

from __future__ import annotations

from functools import cache

import regex

from ..lexicon import FLAGS, Lexicon, alternation, compile_words, labelled


class Grammar:
    """The compiled lexicon, in the shapes the reader needs."""

    def __init__(self, lexicon: Lexicon):
        v = lexicon.vocabulary
        self.lexicon = lexicon
        self.claimant = lexicon.claimant_pattern
        self.verb = compile_words(v["attribution_verbs"])
        self.according_to = regex.compile(words_after(v["according_to"]), FLAGS)
        self.claim_noun = regex.compile(
            r"^['’]s?\s+(?:[\w-]+\s+){0,3}?" + alternation(v["claim_nouns"]) + r"\b", FLAGS
        )
        self.contrastive = regex.compile(r"\b" + alternation(v["contrastive_attribution"]) + r"\s+$", FLAGS)
        self.predicate = labelled(v["predicates"])
        self.casualty_noun = labelled(v["casualty_nouns"])
        self.loss_predicate = labelled(v["loss_predicates"])
        self.agent_predicate = labelled(v["agent_predicates"])
        self.figure_link = alternation(v["figure_links"])
        # what may stand between a predicate and its figure: "rose to", "at least the"
        self.linked_to_figure = regex.compile(
            r"(?:\s+(?:[\w'’-]+\s+){0,3}?" + self.figure_link + r")?\s*(?:the|an?|its|their|some|another|"
            r"a further|an additional|further|additional)?[\s\"“‘']*",
            FLAGS,
        )
        self.total_noun = regex.compile(
            alternation(v["total_nouns"]) + r"\s+(?:\w+\s+){0,2}?" + self.figure_link + r"?\s*$",
            FLAGS,
        )
        self.list_label = regex.compile(
            r"^[\W\d]*?(?:"
            + "|".join(f"(?P<{m}>{alternation(p)})" for m, p in v["list_labels"].items())
            + "|(?P<equipment>"
            + alternation([p for ps in v["equipment"].values() for p in ps])
            + r"))\s*(?:\([^)]*\)\s*)?[-–—:]\s*$",
            FLAGS,
        )
        self.increment = regex.compile(r"\b" + alternation(v["increment_words"]) + r"[\s\"“‘']*$", FLAGS)
        self.person_noun = labelled(v["person_nouns"])
        self.equipment = labelled(v["equipment"])
        self.not_losses = compile_words(v["not_losses"])
        self.not_counts = regex.compile(
            r"^[\s\"”’']*(?:" + alternation(v["not_counts"]) + r")(?![\w])", FLAGS
        )
        self.side_word = labelled(v["side_words"])
        self.own_side = compile_words(v["own_side_words"])
        self.enemy = compile_words(v["enemy_words"])
        self.place = labelled(v["places"])
        self.default_civilian_side = v["default_civilian_side"]
        self.projection = compile_words(v["projection_cues"])
        self.projection_after = regex.compile(
            r"[^,;.]{0,40}?\b" + alternation(v["projection_cues_after"]) + r"\b", FLAGS
        )
        self.mercenary = compile_words(v["mercenary_nouns"])
        self.source_anaphora = v["source_anaphora"]
        self.equipment_loss = compile_words(v["equipment_loss_cues"])
        self.loss_context = compile_words(v["loss_context"])
        self.military_word = regex.compile(r"\bmilitary\b|\bcombat\b|\bservice\b", FLAGS)
        self.civilian_word = regex.compile(r"\bcivilians?\b", FLAGS)
        roles = sorted({r for c in lexicon.claimants.values() for r in c.roles} | set(self.source_anaphora))
        self.anaphora = regex.compile(
            r"\b(?:(?P<pronoun>he|she)|(?:the|this|that|its|their)\s+(?P<role>"
            + "|".join(regex.escape(r) for r in sorted(roles, key=len, reverse=True))
            + r"))\b",
            FLAGS,
        )
        self.country = regex.compile(
            r"(?<![\w-])(?P<russia>Russia|Moscow|the Kremlin|"
            + "|".join(v["side_words"]["russia"])
            + r")(?![\w])|(?<![\w-])(?P<ukraine>Ukraine|Kyiv|Kiev|"
            + "|".join(v["side_words"]["ukraine"])
            + r")(?![\w])",
            FLAGS,
        )


def words_after(patterns: list[str]) -> str:
    return r"(?<![\w-])" + alternation(patterns) + r"\s+"


@cache
def grammar(lexicon: Lexicon) -> Grammar:
    return Grammar(lexicon)
