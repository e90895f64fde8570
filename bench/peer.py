"""The peer a user would reach for to find the sentences of news that may hold a casualty
figure: spaCy's blank English pipeline with its rule-based sentencizer and a PhraseMatcher over
the same phrases of the lexicon the prefilter looks for (``casualty_claims.prefilter``), a
sentence being a candidate when it holds one of them and a number. It finds candidates only and
reads no claims. spaCy is a benchmark-only requirement (requirements-bench.txt); blank English
needs no model download."""

from __future__ import annotations

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from casualty_claims import prefilter
from casualty_claims.lexicon import Lexicon
from casualty_claims.literals import spellings


def phrases(lexicon: Lexicon) -> list[str]:
    """The lexicon's loss phrases, spelled out where they are few (numbers are spaCy's ``like_num``)."""
    found = {phrase.strip() for pattern in prefilter.loss_patterns(lexicon) for phrase in spellings(pattern)}
    return sorted(found - {""})


class Peer:
    """spaCy finding candidate sentences."""

    def __init__(self, lexicon: Lexicon):
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.matcher.add("LOSS", list(self.nlp.tokenizer.pipe(phrases(lexicon))))

    def candidates(self, text: str) -> int:
        """How many sentences of ``text`` hold a loss phrase and a number."""
        doc: Doc = self.nlp(text)
        with_phrase = {doc[start].sent.start for _, start, _ in self.matcher(doc)}
        return sum(1 for s in doc.sents if s.start in with_phrase and any(t.like_num for t in s))
