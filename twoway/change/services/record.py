"""Writes of what happens along the way: champions, wins, the decision log (whose corrections
clear adapt alerts), adoption imports, and acknowledgements (anonymous counts: no audit entry,
which would date each answer)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import Person, Role, Unit
from twoway.org.services import audit

from ..adoption import compute_adoption
from ..alerts import refresh_alerts
from ..imports import ImportPlan, plan_import, write_rows
from ..models import (
    AckAnswer,
    AckCount,
    AckVoter,
    AdaptAlert,
    Champion,
    Decision,
    Initiative,
    Message,
    Win,
)
from ..overview import adoption_payload
from ..units import UnitTree
from .base import KIND, ChangeError, bump

# --- Champions, wins, decisions -------------------------------------------------------------


def add_champion(initiative: Initiative, person: Person, actor=None) -> Champion:
    """Champions are frontline agents of an impacted team: the people, not the managers."""
    from ..phases import PhasePlan

    if person.organisation_id != initiative.organisation_id or not person.is_active:
        raise ChangeError("person", _("Choose an active person of this organisation."))
    if person.role != Role.AGENT:
        raise ChangeError(
            "person",
            _("%(full_name)s is not a frontline agent: champions are.")
            % {"full_name": person.full_name},
        )
    tree = UnitTree.of(initiative.organisation)
    if PhasePlan.of(initiative).phase_of(tree, person.unit_id) is None:
        raise ChangeError(
            "person",
            _("%(name)s's team is not impacted by this initiative.") % {"name": person.full_name},
        )
    if Champion.objects.filter(initiative=initiative, person=person).exists():
        raise ChangeError(
            "person", _("%(full_name)s is a champion already.") % {"full_name": person.full_name}
        )
    with transaction.atomic():
        champion = Champion.objects.create(initiative=initiative, person=person, unit=person.unit)
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: champion named",
            initiative=initiative.key,
        )
    return champion


def remove_champion(champion: Champion, actor=None) -> None:
    initiative = champion.initiative
    with transaction.atomic():
        champion.delete()
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: champion removed",
            initiative=initiative.key,
        )


def log_win(initiative: Initiative, text: str, unit: Unit | None = None, actor=None) -> Win:
    if not text.strip():
        raise ChangeError("text", _("Say what the win was, in a sentence."))
    with transaction.atomic():
        win = Win.objects.create(
            initiative=initiative,
            text=text.strip()[:300],
            unit=unit,
            logged_on=timezone.localdate(),
            logged_by=actor,
        )
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: win logged",
            initiative=initiative.key,
        )
    return win


def broadcast_win(win: Win, actor=None) -> None:
    """Send a win to the impacted units' chat channels (a task, after this commits)."""
    from ..tasks import broadcast_win as post_win

    with transaction.atomic():
        audit(
            win.initiative.organisation,
            actor,
            KIND,
            f"Initiative {win.initiative.key}: win broadcast",
            initiative=win.initiative.key,
        )
        transaction.on_commit(lambda: post_win.enqueue(win.pk))


def log_decision(
    initiative: Initiative,
    *,
    saw: str,
    change: str,
    kind: str = Decision.Kind.DECISION,
    by_when: datetime.date | None = None,
    units: Iterable[Unit] = (),
    logged_on: datetime.date | None = None,
    actor=None,
) -> Decision:
    """A line of the decision log; a course correction clears the adapt alerts it covers."""
    if not saw.strip():
        raise ChangeError("saw", _("Say what you saw."))
    if not change.strip():
        raise ChangeError("change", _("Say what you change."))
    units = list(units)
    with transaction.atomic():
        decision = Decision.objects.create(
            initiative=initiative,
            kind=kind,
            saw=saw.strip(),
            change=change.strip(),
            by_when=by_when,
            logged_on=logged_on or timezone.localdate(),
            created_by=actor,
        )
        decision.units.set(units)
        cleared = clear_alerts(decision, units) if kind == Decision.Kind.CORRECTION else 0
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: {kind} logged",
            initiative=initiative.key,
            cleared_alerts=cleared,
        )
    return decision


def clear_alerts(decision: Decision, units: Sequence[Unit]) -> int:
    alerts = AdaptAlert.objects.filter(
        initiative=decision.initiative,
        cleared_by__isnull=True,
        began_on__lte=decision.logged_on,
    )
    if units:
        tree = UnitTree.of(decision.initiative.organisation)
        covered = {pk for u in units for pk in tree.subtree(u.pk)}
        alerts = alerts.filter(unit_id__in=covered)
    return alerts.update(cleared_by=decision)


# --- Adoption ---------------------------------------------------------------------------------


def import_adoption(
    initiative: Initiative, data: bytes, filename: str = "", *, dry_run: bool = False, actor=None
) -> ImportPlan:
    """Check the file, then (unless dry run or errors) write it in one transaction."""
    with transaction.atomic():
        # One import at a time per initiative: the plan is made against what is stored.
        Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
        plan = plan_import(initiative, data, filename)
        if not plan.ok or dry_run or plan.to_write is None:
            return plan
        write_rows(initiative, plan.to_write)
        if plan.new or plan.replaced:
            bump(initiative)
            adoption = compute_adoption(initiative, rows=plan.after)
            refresh_alerts(initiative, adoption)
            # Store the figures now, so the next page view (and the portfolio) read them.
            adoption_payload(initiative, adoption)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Adoption for {initiative.key}: {plan.new} new, {plan.replaced} replaced",
            initiative=initiative.key,
            file=filename[:200],
            **plan.summary(),
        )
    return plan


# --- Acknowledgements: anonymous counts, so no audit entry (it would date each answer) -----------


class AlreadyAnswered(Exception):
    pass


def record_ack(message: Message, unit: Unit, answer: str, person: Person | None = None) -> None:
    """Count one "got it" or "I have a question" for `unit`; with a person (a personal link or
    a log-in), first note the keyed hash that stops them answering twice."""
    from ..acks import voter_hash

    if answer not in AckAnswer.values:
        raise ChangeError("answer", _("Choose got it or I have a question."))
    try:
        with transaction.atomic():
            if person is not None:
                AckVoter.objects.create(message=message, key_hash=voter_hash(message.pk, person.pk))
            row, _created = AckCount.objects.get_or_create(
                message=message, unit=unit, answer=answer
            )
            AckCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
    except IntegrityError as error:
        raise AlreadyAnswered from error
