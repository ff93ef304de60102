"""The parts of an initiative's page beyond its plan and adoption: communication, champions,
wins, readiness and the scorecard for leaders; the team's own view for the frontline. Each
part is one template under change/sections/ and a function here that reads its figures in a
fixed number of queries."""

from __future__ import annotations

from django.utils import timezone

from .access import Seat
from .acks import ack_open, voter_hash
from .models import AckVoter, Message
from .outreach import audience_teams
from .overview import size_of
from .plan_coverage import coverage_matrix


def communication(seat: Seat) -> dict:
    messages = list(seat.initiative.messages.prefetch_related("units").order_by("due_on", "pk"))
    large = size_of(seat.initiative)["large"]
    rows = coverage_matrix(seat.initiative, seat.phases, seat.tree, messages, large)
    rows = [r for r in rows if seat.sees_unit(r.unit_id)]
    return {
        "planned": len(messages),
        "sent": sum(1 for m in messages if m.state == Message.State.SENT),
        "audiences": len(rows),
        "flagged": sum(1 for r in rows if not r.coverage.ok),
    }


def leader_sections(seat: Seat) -> dict:
    return {
        "communication": communication(seat),
        "extra_sections": ["change/sections/communication.html"],
    }


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
        "extra_sections": ["change/sections/team_messages.html"],
    }
