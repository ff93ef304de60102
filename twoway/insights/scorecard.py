"""The change scorecard: six questions of a change's success, each scored 0-100 from evidence
(docs/method-change.md).

The six come from the #ICMIchat success template: are people buying into it, championing it,
is it communicated, managed, measured, improved? Each score is a plain average of shares
(0-1) of what the evidence shows, so a reader can redo it by hand; a question without any
evidence yet has no score (None) rather than a made-up one. `reason` names which evidence
the score came from, for the sentence the page writes beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

DIMENSIONS: tuple[str, ...] = (
    "bought_in",
    "championed",
    "communicated",
    "managed",
    "measured",
    "improved",
)


@dataclass(frozen=True)
class Evidence:
    """What the apps know about one initiative; None where there is nothing to go on."""

    desire_mean: float | None = None  # ADKAR desire, frontline mean 1-5 (shown only)
    pulse_index: float | None = None  # the impacted units' latest pulse index, 0-100
    teams_with_champion: float | None = None  # share of impacted teams, 0-1
    champions_per_100: float | None = None
    audiences_covered: float | None = None  # share of audience x phase rows without a flag
    got_it_share: float | None = None  # "got it" among acknowledgements shown, 0-1
    phases_on_time: int = 0
    phases_started: int = 0  # phases whose go-live has come or been moved
    units_fresh: float | None = None  # units past go-live with data in the last 7 days, 0-1
    units_on_target: float | None = None  # of those with a figure, not behind, 0-1
    episodes: int = 0  # runs of 7+ days behind the target
    episodes_corrected: int = 0
    corrections_that_moved: int = 0  # corrections followed by a rise within 14 days
    corrections_judged: int = 0  # corrections old enough to judge


@dataclass(frozen=True)
class ScoreLine:
    dimension: str
    score: int | None
    reason: str
    figures: Mapping[str, float | int | None] = field(default_factory=dict)


def _mean(*shares: float | None) -> float | None:
    known = [s for s in shares if s is not None]
    return sum(known) / len(known) if known else None


def _score(share: float | None) -> int | None:
    return None if share is None else round(100 * min(1.0, max(0.0, share)))


def scorecard(e: Evidence) -> list[ScoreLine]:
    return [
        _bought_in(e),
        _championed(e),
        _communicated(e),
        _managed(e),
        _measured(e),
        _improved(e),
    ]


def _bought_in(e: Evidence) -> ScoreLine:
    desire = None if e.desire_mean is None else (e.desire_mean - 1) / 4
    pulse = None if e.pulse_index is None else e.pulse_index / 100
    reason = (
        "desire_and_pulse"
        if desire is not None and pulse is not None
        else ("desire" if desire is not None else "pulse" if pulse is not None else "no_evidence")
    )
    figures = {"desire_mean": e.desire_mean, "pulse_index": e.pulse_index}
    return ScoreLine("bought_in", _score(_mean(desire, pulse)), reason, figures)


def _championed(e: Evidence) -> ScoreLine:
    reason = "champions" if e.teams_with_champion is not None else "no_evidence"
    figures = {"teams_with_champion": e.teams_with_champion, "per_100": e.champions_per_100}
    return ScoreLine("championed", _score(e.teams_with_champion), reason, figures)


def _communicated(e: Evidence) -> ScoreLine:
    if e.audiences_covered is None and e.got_it_share is None:
        reason = "no_evidence"
    elif e.got_it_share is None:
        reason = "coverage"
    else:
        reason = "coverage_and_acknowledgements"
    figures = {"covered": e.audiences_covered, "got_it": e.got_it_share}
    return ScoreLine(
        "communicated", _score(_mean(e.audiences_covered, e.got_it_share)), reason, figures
    )


def _managed(e: Evidence) -> ScoreLine:
    if not e.phases_started:
        return ScoreLine("managed", None, "no_evidence", {})
    figures = {"on_time": e.phases_on_time, "started": e.phases_started}
    return ScoreLine("managed", _score(e.phases_on_time / e.phases_started), "phases", figures)


def _measured(e: Evidence) -> ScoreLine:
    share = _mean(e.units_fresh, e.units_on_target)
    reason = "no_evidence" if share is None else "adoption"
    figures = {"fresh": e.units_fresh, "on_target": e.units_on_target}
    return ScoreLine("measured", _score(share), reason, figures)


def _improved(e: Evidence) -> ScoreLine:
    if not e.episodes:
        return ScoreLine("improved", 100, "nothing_to_correct", {"episodes": 0})
    corrected = e.episodes_corrected / e.episodes
    moved = e.corrections_that_moved / e.corrections_judged if e.corrections_judged else None
    figures = {
        "episodes": e.episodes,
        "corrected": e.episodes_corrected,
        "moved": e.corrections_that_moved,
        "judged": e.corrections_judged,
    }
    reason = "corrections" if moved is None else "corrections_and_effect"
    return ScoreLine("improved", _score(_mean(corrected, moved)), reason, figures)
