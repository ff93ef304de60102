"""The parts of an initiative's page beyond its plan and adoption: communication, champions,
wins, readiness and the scorecard for leaders; the team's own view for the frontline. Each
part is one template under change/sections/ and a function here that reads its figures in a
fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from twoway.org.models import Person, Role

from .access import Seat
from .acks import ack_open, ack_results, organisation_k, voter_hash
from .forms import ChampionForm, WinForm
from .models import AckVoter, AdoptionSnapshot, Champion, Message
from .outreach import audience_teams
from .overview import size_of
from .plan_coverage import coverage_matrix
from .readiness import readiness_section
from .scorecard import champion_figures, evidence_for, score_rows


def communication(seat: Seat) -> dict:
    messages = list(seat.initiative.messages.prefetch_related("units").order_by("due_on", "pk"))
    large = size_of(seat.initiative)["large"]
    rows = coverage_matrix(seat.initiative, seat.phases, seat.tree, messages, large)
    rows = [r for r in rows if seat.concerns(r.unit_id)]
    return {
        "planned": len(messages),
        "sent": sum(1 for m in messages if m.state == Message.State.SENT),
        "audiences": len(rows),
        "flagged": sum(1 for r in rows if not r.coverage.ok),
    }


def champions(seat: Seat) -> dict:
    figures = champion_figures(seat)
    named = list(
        Champion.objects.filter(initiative=seat.initiative)
        .select_related("person", "unit")
        .order_by("unit__path", "person__last_name")
    )
    by_team: dict[int, list[Champion]] = {}
    for champion in named:
        by_team.setdefault(champion.unit_id, []).append(champion)
    teams = [
        (seat.tree.short(pk), by_team.get(pk, []))
        for pk in seat.phases.impacted_teams(seat.tree)
        if seat.sees_unit(pk)
    ]
    return {"figures": figures, "teams": teams, "without": [t for t, named in teams if not named]}


def champion_choices(seat: Seat):
    """Active agents of the impacted teams who are not champions yet."""
    return (
        Person.objects.filter(
            unit_id__in=seat.phases.impacted_teams(seat.tree), role=Role.AGENT, is_active=True
        )
        .exclude(pk__in=Champion.objects.filter(initiative=seat.initiative).values("person_id"))
        .select_related("unit")
        .order_by("unit__path", "last_name", "first_name")
    )


def acknowledged_share(seat: Seat) -> float | None:
    """The mean "got it" share of the messages whose whole-audience figure may be shown."""
    messages = list(seat.initiative.messages.filter(state=Message.State.SENT))
    results = ack_results(messages, seat.tree, organisation_k(seat.initiative))
    shares = [
        r.overall.got_it for r in results.values() if r.overall and r.overall.got_it is not None
    ]
    return sum(shares) / len(shares) if shares else None


def leader_sections(seat: Seat) -> dict:
    comms = communication(seat)
    readiness = readiness_section(seat)
    desire = readiness["overall"].frontline.get("desire") if readiness["overall"] else None
    evidence = evidence_for(seat, comms, acknowledged_share(seat), desire)
    rows = score_rows(seat, evidence)
    remember_summary(seat.initiative, rows, readiness)
    return {
        "communication": comms,
        "champions": champions(seat),
        "champion_form": ChampionForm(people=champion_choices(seat)) if seat.can_edit else None,
        "readiness": readiness,
        "scorecard": rows,
        "wins": list(seat.initiative.wins.select_related("unit")[:20]),
        "win_form": WinForm(),
        "extra_sections": [
            "change/sections/communication.html",
            "change/sections/champions.html",
            "change/sections/readiness.html",
            "change/sections/scorecard.html",
            "change/sections/wins.html",
        ],
    }


def remember_summary(initiative, rows, readiness) -> None:
    """Keep the scorecard's mean and the barrier point for the portfolio page."""
    scores = [r.score for r in rows if r.score is not None]
    overall = readiness["overall"]
    summary = {
        "score": round(sum(scores) / len(scores)) if scores else None,
        "barrier": overall.barrier.element if overall else None,
    }
    snapshot = AdoptionSnapshot.objects.filter(initiative=initiative).first()
    if snapshot is not None and snapshot.payload.get("summary") != summary:
        snapshot.payload["summary"] = summary
        AdoptionSnapshot.objects.filter(pk=snapshot.pk).update(payload=snapshot.payload)


def team_messages(seat: Seat) -> list[tuple[Message, bool, bool]]:
    """Messages sent to the person's team: (message, may answer, has answered)."""
    team = seat.team
    if team is None:
        return []
    sent = list(
        seat.initiative.messages.filter(state=Message.State.SENT)
        .select_related("phase")
        .prefetch_related("units", "phase__units")
        .order_by("-due_on", "-pk")[:20]
    )
    mine = [m for m in sent if team.pk in audience_teams(m, seat.tree)]
    person = seat.scope.person
    hashes = {voter_hash(m.pk, person.pk): m.pk for m in mine} if person else {}
    answered = set(
        AckVoter.objects.filter(key_hash__in=list(hashes)).values_list("message_id", flat=True)
    )
    return [(m, ack_open(m) and m.pk not in answered, m.pk in answered) for m in mine]


def frontline_context(seat: Seat, request) -> dict:
    """What an agent sees: why, what changes for them, when their team goes live, the
    messages their team got, with "got it / I have a question"."""
    team = seat.team
    phase = seat.phases.phase_of(seat.tree, team.pk) if team is not None else None
    return {
        "initiative": seat.initiative,
        "team": team,
        "phase": phase,
        "today": timezone.localdate(),
        "team_messages": team_messages(seat),
        "champions": list(
            Champion.objects.filter(initiative=seat.initiative, unit=team).select_related("person")
        )
        if team
        else [],
        "wins": list(seat.initiative.wins.all()[:10]),
        "win_form": WinForm(),
        "extra_sections": ["change/sections/team_messages.html", "change/sections/team_wins.html"],
    }
