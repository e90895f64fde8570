"""What an article has said so far, which a later sentence may refer back to,
and the reading of one figure that the discourse accumulates."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import When
from ..figures import Figure
from ..lexicon import Claimant
from ..sentences import Sentence


@dataclass(frozen=True)
class Reading:
    """One figure in one sentence, read as a claim."""

    sentence: Sentence
    figure: Figure
    claimant: Claimant | None
    claimant_text: str | None
    attribution: str
    subject_side: str
    population: str
    measure: str
    unit: str | None
    qualifier: str
    as_of: When | None
    period_start: str | None
    in_quote: bool
    # who reports the claimant's figure: "X, citing Y, said": Y claims, X is the via
    via: Claimant | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.sentence.start + self.figure.start, self.sentence.start + self.figure.end


@dataclass
class Discourse:
    """What the article has said so far that a later sentence may refer back to."""

    last_person: tuple[Claimant, str] | None = None
    last_claimant: tuple[Claimant, str] | None = None
    by_role: dict[str, tuple[Claimant, str]] = field(default_factory=dict)
    quote_speaker: tuple[Claimant | None, str | None] | None = None
    readings: list[Reading] = field(default_factory=list)
    previous_text: str = ""
    list_speaker: tuple[Claimant | None, str | None, str | None] | None = None

    def saw(self, claimant: Claimant, text: str) -> None:
        self.last_claimant = (claimant, text)
        if claimant.kind == "person":
            self.last_person = (claimant, text)
        for role in claimant.roles:
            self.by_role[role.lower()] = (claimant, text)
