"""Who speaks for a figure: of the places in its sentence that attribute figures
(``markers``), the one that says whose it is, and who reports it (a reporter's chain:
"according to the agency, the minister said ..."). Who speaks for the figures a sentence
does not attribute itself is ``voices``."""

from __future__ import annotations

from dataclasses import replace

from ..figures import Figure
from ..lexicon import Claimant
from .markers import Marker

# how far after a figure "claimed by X" may stand, and how far before a speaker
# the words that report it ("Turk said the UN mission had verified")
PASSIVE_REACH = 50
REPORTER_REACH = 60


def attribute(figure: Figure, markers: list[Marker]) -> Marker | None:
    """The marker that says whose a figure is; a reporter's chain ("according to the
    agency, the minister said ...") is kept as the marker's ``via``."""
    chosen = _attribute(figure, markers)
    if chosen is None or chosen.via is not None or chosen.claimant is None:
        return chosen
    via = _reporter(chosen, markers)
    return replace(chosen, via=via) if via else chosen


def _attribute(figure: Figure, markers: list[Marker]) -> Marker | None:
    bound = [m for m in markers if m.binds_back and 0 <= m.start - figure.end <= PASSIVE_REACH]
    if bound:
        return bound[0]
    before = [m for m in markers if m.end <= figure.context_start and m.kind != "contrastive"]
    after = [m for m in markers if m.start >= figure.end]
    contrast = [m for m in after if m.kind == "contrastive"]
    if contrast and not [m for m in after if m.start < contrast[0].start and m.kind != "contrastive"]:
        return contrast[0]
    headline = [m for m in markers if m.kind == "headline"]
    according = [m for m in markers if m.kind == "according_to" and not m.binds_back]
    if before:
        chosen = before[-1]
        if chosen.kind == "according_to" and chosen.claimant and _reports_only(chosen.claimant):
            # "According to Tass, ... 23,367, the ministry's spokesman said": Tass reports it
            speaker = [
                m
                for m in after
                if m.kind in ("verb", "anaphora") and m.claimant and m.claimant.kind != "outlet"
            ]
            if speaker:
                return replace(speaker[0], via=chosen.claimant)
        return chosen
    if according:
        return according[0]
    if after:
        return after[0]
    return headline[0] if headline else None


def _reports_only(claimant: Claimant) -> bool:
    """An outlet, or a name that tells neither what it is nor its side ("according to NAN"): it
    reports the figure of a speaker the sentence names after it."""
    return claimant.kind == "outlet" or (claimant.inferred and claimant.side == "unknown")


def _reporter(chosen: Marker, markers: list[Marker]) -> Claimant | None:
    """Who reports the chosen marker's claim: an outlet's "according to" elsewhere in the
    sentence ("NIS said ..., according to Yonhap"), or a speaker whose words introduce it
    ("According to the general, Zelensky's statements ...", "Turk said the mission had
    verified ...")."""
    for marker in markers:
        if marker is chosen or marker.claimant is None or marker.claimant == chosen.claimant:
            continue
        if (
            marker.kind == "according_to"
            and marker.claimant.kind == "outlet"
            and chosen.claimant.kind != "outlet"
        ):
            return marker.claimant
    reporters = [
        m for m in markers if m.end <= chosen.start and m.kind in ("verb", "according_to", "anaphora")
    ]
    if (
        reporters
        and chosen.kind in ("verb", "possessive")
        and reporters[-1].claimant not in (None, chosen.claimant)
    ):
        reporter = reporters[-1]
        speaker_start = chosen.named[0] if chosen.named else chosen.start
        if speaker_start - reporter.end <= REPORTER_REACH:
            return reporter.claimant
    return None
