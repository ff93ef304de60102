"""The scorecard of an initiative: the evidence for each of the six questions, gathered from
the other parts (adoption snapshot, coverage, acknowledgements, champions, phases, readiness
and the pulse), scored by `twoway.insights.scorecard`, each with one plain sentence, beside the
owner's own rating. The gap between what the owner believes and what the evidence shows is
the point."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.followups.huddle import latest_schedule
from twoway.insights.coverage import champion_coverage
from twoway.insights.scorecard import Evidence, ScoreLine, scorecard
from twoway.org.models import Person, Role
from twoway.pulse.trends import unit_trend
from twoway.reports.numbers import decimal, percent

from .access import Seat
from .forms import DIMENSION_LABELS
from .models import Champion
from .overview import adoption_payload

GAP_WORTH_TALKING = 20  # points between the owner's rating and the evidence


@dataclass
class ScoreRow:
    dimension: str
    label: str
    score: int | None
    sentence: str
    owner: int | None

    @property
    def gap(self) -> int | None:
        if self.score is None or self.owner is None:
            return None
        return self.owner - self.score

    @property
    def worth_talking(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_WORTH_TALKING


def champion_figures(seat: Seat):
    teams = seat.phases.impacted_teams(seat.tree)
    agents = dict(
        Person.objects.filter(unit_id__in=teams, role=Role.AGENT, is_active=True)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    champions = dict(
        Champion.objects.filter(initiative=seat.initiative, unit_id__in=teams)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
    )
    return champion_coverage(
        {seat.tree.path(t): agents.get(t, 0) for t in teams},
        {seat.tree.path(t): n for t, n in champions.items()},
    )


def pulse_index(seat: Seat) -> float | None:
    """The latest shown overall pulse index of the unit holding every impacted unit."""
    impacted = seat.phases.impacted_units()
    if not impacted:
        return None
    common = _common_unit(seat, impacted)
    schedule = latest_schedule(common) if common else None
    if schedule is None:
        return None
    rows = unit_trend(schedule, common).rows
    shown = [r.overall.value for r in rows if r.overall.value is not None]
    return shown[-1] if shown else None


def _common_unit(seat: Seat, unit_ids):
    chains = [list(reversed(seat.tree.ancestors(pk))) for pk in unit_ids]
    common = None
    for level in zip(*chains, strict=False):
        if len(set(level)) != 1:
            break
        common = level[0]
    return seat.tree.units.get(common) if common else None


def evidence_for(
    seat: Seat, communication: dict, got_it: float | None, desire: float | None
) -> Evidence:
    adoption = adoption_payload(seat.initiative)["evidence"]
    champions = champion_figures(seat)
    today = timezone.localdate()
    started = [
        p
        for p in seat.phases.phases
        if p.planned_go_live <= today or p.go_live != p.planned_go_live
    ]
    audiences = communication["audiences"]
    return Evidence(
        desire_mean=desire,
        pulse_index=pulse_index(seat),
        teams_with_champion=champions.share_of_teams,
        champions_per_100=champions.per_100_agents,
        audiences_covered=(audiences - communication["flagged"]) / audiences if audiences else None,
        got_it_share=got_it,
        phases_on_time=sum(1 for p in started if p.go_live <= p.planned_go_live),
        phases_started=len(started),
        units_fresh=adoption["units_fresh"],
        units_on_target=adoption["units_on_target"],
        episodes=adoption["episodes"],
        episodes_corrected=adoption["episodes_corrected"],
        corrections_that_moved=adoption["corrections_that_moved"],
        corrections_judged=adoption["corrections_judged"],
    )


def score_rows(seat: Seat, evidence: Evidence) -> list[ScoreRow]:
    ratings = seat.initiative.owner_ratings or {}
    return [
        ScoreRow(
            line.dimension,
            str(DIMENSION_LABELS[line.dimension]),
            line.score,
            sentence(line),
            ratings.get(line.dimension),
        )
        for line in scorecard(evidence)
    ]


def _pct(share) -> str:
    return percent(share)


def sentence(line: ScoreLine) -> str:
    """One plain sentence saying why the score is what it is."""
    f, key = line.figures, (line.dimension, line.reason)
    if key == ("bought_in", "desire_and_pulse"):
        text = _("Desire for the change averages %(desire)s of 5 and the pulse index is %(pulse)s.")
        return text % {"desire": decimal(f["desire_mean"], 1), "pulse": round(f["pulse_index"])}
    if key == ("bought_in", "desire"):
        text = _("Desire for the change averages %(desire)s of 5; there is no pulse index.")
        return text % {"desire": decimal(f["desire_mean"], 1)}
    if key == ("bought_in", "pulse"):
        text = _("The pulse index is %(pulse)s; no readiness answers to show yet.")
        return text % {"pulse": round(f["pulse_index"])}
    if key == ("championed", "champions"):
        text = _("%(share)s of impacted teams have a champion.")
        return text % {"share": _pct(f["teams_with_champion"])}
    if key == ("communicated", "coverage"):
        text = _("%(share)s of audiences have enough touches; no acknowledgements to show yet.")
        return text % {"share": _pct(f["covered"])}
    if key == ("communicated", "coverage_and_acknowledgements"):
        text = _(
            '%(share)s of audiences have enough touches, and %(got)s of answers said "got it".'
        )
        return text % {"share": _pct(f["covered"]), "got": _pct(f["got_it"])}
    if key == ("managed", "phases"):
        text = _("%(on)s of %(all)s phases due to go live did so on time.")
        return text % {"on": f["on_time"], "all": f["started"]}
    if key == ("measured", "adoption"):
        text = _(
            "Adoption data is fresh for %(fresh)s of live units; %(on)s of units are on target."
        )
        return text % {"fresh": _pct(f["fresh"]), "on": _pct(f["on_target"])}
    if key == ("improved", "nothing_to_correct"):
        return _("No unit has fallen behind the target long enough to need a correction.")
    if key == ("improved", "corrections"):
        text = _(
            "%(fixed)s of %(n)s stalls got a course correction; too early to judge its effect."
        )
        return text % {"fixed": f["corrected"], "n": f["episodes"]}
    if key == ("improved", "corrections_and_effect"):
        text = _(
            "%(fixed)s of %(n)s stalls got a course correction, and adoption rose after "
            "%(moved)s of %(judged)s of them."
        )
        return text % {
            "fixed": f["corrected"],
            "n": f["episodes"],
            "moved": f["moved"],
            "judged": f["judged"],
        }
    return _("No evidence yet.")
