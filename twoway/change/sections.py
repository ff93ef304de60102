"""The parts of an initiative's page beyond its plan and adoption: communication, champions,
wins, readiness and the scorecard for leaders; the team's own view for the frontline."""

from __future__ import annotations

from django.utils import timezone

from .access import Seat


def leader_sections(seat: Seat) -> dict:
    return {}


def frontline_context(seat: Seat, request) -> dict:
    """What an agent sees: why, what changes for them, when their team goes live."""
    team = seat.team
    phase = seat.phases.phase_of(seat.tree, team.pk) if team is not None else None
    return {
        "initiative": seat.initiative,
        "team": team,
        "phase": phase,
        "today": timezone.localdate(),
    }
