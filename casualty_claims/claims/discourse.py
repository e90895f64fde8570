"""What an article has said so far, which a later sentence may refer back to,
and the reading of one figure that the discourse accumulates."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import When
from ..figures import Figure
from ..lexicon import Claimant
from ..sentences import Sentence
from .coverage import Coverage


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
    covers: Coverage
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
    # the last reading of each value whose side is known, for a later mention of the same figure
    sided: dict[int, Reading] = field(default_factory=dict)
    previous_text: str = ""
    list_speaker: tuple[Claimant | None, str | None, str | None] | None = None
    # claimants by the phrase, acronym or surname that named them, for a later shorter name:
    # "South Korea's National Intelligence Service (NIS)" ... "NIS said"; "Oleh Petrenko" ... "Petrenko"
    named_as: dict[str, Claimant] = field(default_factory=dict)
    # who the article's own voice is ("by our calculations"): its outlet, or the author its headline names
    own_voice: tuple[Claimant, str] | None = None

    def heard(self, reading: Reading) -> None:
        self.readings.append(reading)
        if reading.subject_side != "unknown":
            self.sided[reading.figure.value] = reading

    def saw(self, claimant: Claimant, text: str, person: bool = False, title: str | None = None) -> None:
        """A claimant named as ``text``; ``person`` when the words name a person (a body of
        the lexicon named by its spokesman: "Defence Minister Sergei Shoigu"), ``title`` the
        role they give ("minister")."""
        self.last_claimant = (claimant, text)
        if claimant.kind == "person" or person:
            self.last_person = (claimant, text)
        for role in (*claimant.roles, *((title,) if title else ())):
            self.by_role[role.lower()] = (claimant, text)
        if claimant.inferred:
            self.named_as[text] = claimant
        if claimant.kind == "person" or person:
            self.named_as[text.split()[-1]] = claimant
            # "lawmaker Lee Seong-kweun" ... "Lee said": a Korean name (its given name hyphenated
            # in romanisation) puts the family name first
            name = text.split()
            if len(name) >= 2 and "-" in name[-1] and name[-2][:1].isupper():
                self.named_as.setdefault(name[-2], claimant)
