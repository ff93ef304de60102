"""Writes of the plan: phases (no unit impacted twice) and the messages tied to them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from twoway.org.models import Role, Unit
from twoway.org.services import audit

from ..models import (
    Impact,
    Initiative,
    Message,
    Phase,
)
from ..units import UnitTree
from .base import KIND, ChangeError, bump

# --- Phases -----------------------------------------------------------------------------------


def check_phase_dates(start, go_live, sustain_until) -> None:
    if go_live < start:
        raise ChangeError("go_live", _("The go-live cannot come before the start."))
    if sustain_until < go_live:
        raise ChangeError("sustain_until", _("Sustain-until cannot come before the go-live."))


def check_units(initiative: Initiative, units: Sequence[Unit], phase: Phase | None = None) -> None:
    """No unit impacted twice: not twice in one phase, nor in two phases (a unit and a unit
    above or below it count as the same people)."""
    if not units:
        raise ChangeError("units", _("Name at least one unit."))
    tree = UnitTree.of(initiative.organisation)
    chosen = [u.pk for u in units]
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            if tree.related(a, b):
                raise ChangeError(
                    "units",
                    _("%(unit)s is named twice (with %(other)s).")
                    % {"unit": tree.path(b), "other": tree.path(a)},
                )
    others = initiative.phases.exclude(pk=phase.pk if phase else None).prefetch_related("units")
    for other in others:
        for unit in other.units.all():
            for pk in chosen:
                if tree.related(pk, unit.pk):
                    raise ChangeError(
                        "units",
                        _("%(unit)s is impacted twice: %(other)s is in the phase %(phase)s.")
                        % {"unit": tree.path(pk), "other": tree.path(unit.pk), "phase": other.name},
                    )


def add_phase(
    initiative: Initiative,
    units: Sequence[Unit],
    start: datetime.date,
    go_live: datetime.date,
    sustain_until: datetime.date,
    *,
    impact: str = Impact.MEDIUM,
    name: str = "",
    actor=None,
) -> Phase:
    if initiative.is_ended:
        raise ChangeError("", _("This initiative has ended: it takes no new phase."))
    if impact not in Impact.values:
        raise ChangeError("impact", _("The impact is low, medium or high."))
    check_phase_dates(start, go_live, sustain_until)
    check_units(initiative, units)
    with transaction.atomic():
        number = initiative.phases.count() + 1
        phase = Phase.objects.create(
            initiative=initiative,
            name=name.strip() or f"Phase {number}",
            start=start,
            go_live=go_live,
            sustain_until=sustain_until,
            planned_go_live=go_live,
            impact=impact,
        )
        phase.units.set(units)
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: {phase.name} goes live {go_live}",
            initiative=initiative.key,
            units=[u.pk for u in units],
        )
    return phase


def move_phase(
    phase: Phase,
    start: datetime.date,
    go_live: datetime.date,
    sustain_until: datetime.date,
    *,
    units: Sequence[Unit] | None = None,
    impact: str | None = None,
    actor=None,
) -> int:
    """New dates (and units, impact); planned messages follow the go-live. Returns how many
    messages were re-planned."""
    check_phase_dates(start, go_live, sustain_until)
    if units is not None:
        check_units(phase.initiative, units, phase)
    with transaction.atomic():
        phase.start, phase.go_live, phase.sustain_until = start, go_live, sustain_until
        phase.impact = impact or phase.impact
        phase.save()
        if units is not None:
            phase.units.set(units)
        replanned = replan_messages(phase)
        bump(phase.initiative)
        audit(
            phase.initiative.organisation,
            actor,
            KIND,
            f"Initiative {phase.initiative.key}: {phase.name} moved to {go_live}",
            initiative=phase.initiative.key,
            replanned=replanned,
        )
    return replanned


def replan_messages(phase: Phase) -> int:
    planned = list(phase.messages.filter(state=Message.State.PLANNED))
    for message in planned:
        message.due_on = phase.go_live + datetime.timedelta(days=message.offset_days)
    Message.objects.bulk_update(planned, ["due_on"])
    return len(planned)


# --- Messages ----------------------------------------------------------------------------------


def add_message(
    phase: Phase,
    *,
    channel: str,
    title: str,
    body: str,
    offset_days: int,
    units: Iterable[Unit] = (),
    roles: Iterable[str] = (),
    actor=None,
) -> Message:
    initiative = phase.initiative
    due_on = phase.go_live + datetime.timedelta(days=offset_days)
    if initiative.is_ended:
        raise ChangeError("offset_days", _("This initiative has ended: nothing more is sent."))
    if initiative.closed_on and due_on > initiative.closed_on:
        raise ChangeError("offset_days", _("That day comes after the initiative closed."))
    units = list(units)
    tree = UnitTree.of(initiative.organisation)
    named = [u.pk for u in phase.units.all()]
    for unit in units:
        if not any(tree.related(unit.pk, pk) for pk in named):
            raise ChangeError(
                "units", _("%(unit)s is not in this phase.") % {"unit": tree.path(unit.pk)}
            )
    roles = [r for r in roles if r]
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise ChangeError("roles", _("Unknown role: %(roles)s.") % {"roles": ", ".join(unknown)})
    with transaction.atomic():
        message = Message.objects.create(
            initiative=initiative,
            phase=phase,
            channel=channel,
            title=title.strip(),
            body=body.strip(),
            offset_days=offset_days,
            due_on=due_on,
            roles=roles,
            created_by=actor,
        )
        message.units.set(units)
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: message {message.pk} planned for {due_on}",
            initiative=initiative.key,
        )
    return message
