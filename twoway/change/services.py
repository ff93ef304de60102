"""Every write of change initiatives, shared by the web, the API, the command line, the tasks
and the demo. Each runs in one transaction with its audit entry (`twoway.org.services.audit`);
a write that changes a figure bumps the initiative's `version`, so stored figures know.

Bad input raises `ChangeError(field, message)`: the web puts it on the field, the command line
names the flag.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.adoption import TargetCurve
from twoway.insights.coverage import characteristics_total
from twoway.insights.scorecard import DIMENSIONS
from twoway.org.models import AuditEvent, Organisation, Person, Role, Unit
from twoway.org.services import audit

from .adoption import compute_adoption
from .alerts import refresh_alerts
from .config import settings_for
from .imports import ImportPlan, plan_import, write_rows
from .models import (
    ENDED_STATUSES,
    AckAnswer,
    AckCount,
    AckVoter,
    AdaptAlert,
    Champion,
    ChangeSettings,
    Decision,
    Impact,
    Initiative,
    Message,
    Phase,
    Status,
    VisionLine,
    Win,
)
from .overview import adoption_payload
from .units import UnitTree

KIND = AuditEvent.Kind.SETTINGS_CHANGED  # org's audit kinds; the summary says what changed
# Words the change pages use in their addresses: no initiative may take them as its key.
RESERVED_KEYS = frozenset({"new", "load", "settings", "vision", "huddle", "ack"})


class ChangeError(ValueError):
    """Input that cannot be saved; `field` names the form field (or "" for the whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def bump(initiative: Initiative) -> None:
    """Mark the initiative's stored figures stale (inside the caller's transaction)."""
    Initiative.objects.filter(pk=initiative.pk).update(version=F("version") + 1)
    initiative.refresh_from_db(fields=["version"])


# --- Initiatives ------------------------------------------------------------------------------


def create_initiative(
    organisation: Organisation,
    key: str,
    title: str,
    *,
    actor=None,
    target_level: float = 0.80,
    target_days: int = 30,
    **fields,
) -> Initiative:
    key = (key or "").strip()
    if not key or not all(c.isalnum() or c in "-_" for c in key) or len(key) > 40:
        raise ChangeError("key", _("A key is a short slug: letters, numbers, - or _ (up to 40)."))
    if key in RESERVED_KEYS:
        raise ChangeError(
            "key", _("%(key)s is a word the pages use: choose another key.") % {"key": key}
        )
    if Initiative.objects.filter(organisation=organisation, key=key).exists():
        raise ChangeError(
            "key", _("%(key)s is taken: keys are unique in the organisation.") % {"key": key}
        )
    if not (title or "").strip():
        raise ChangeError("title", _("Give the initiative a title."))
    check_target(target_level, target_days)
    with transaction.atomic():
        initiative = Initiative.objects.create(
            organisation=organisation,
            key=key,
            title=title.strip(),
            target_level=target_level,
            target_days=target_days,
            created_by=actor,
            **fields,
        )
        audit(organisation, actor, KIND, f"Initiative {key} created", initiative=key)
    return initiative


def check_target(level: float, days: int) -> None:
    try:
        TargetCurve(float(level), int(days))
    except (TypeError, ValueError):
        raise ChangeError(
            "target_level", _("The target is a share above 0 and up to 1 (0.80 is 80%).")
        ) from None
    if int(days) != days or not 1 <= days <= 365:
        raise ChangeError("target_days", _("The target days are a whole number from 1 to 365."))


def update_initiative(initiative: Initiative, data: dict, actor=None) -> Initiative:
    """Save the edited fields (the form's cleaned data)."""
    check_target(
        data.get("target_level", initiative.target_level),
        data.get("target_days", initiative.target_days),
    )
    with transaction.atomic():
        for name, value in data.items():
            setattr(initiative, name, value)
        initiative.save()
        bump(initiative)
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key} edited",
            initiative=initiative.key,
            fields=sorted(data),
        )
    return initiative


def set_status(initiative: Initiative, status: str, reason: str = "", actor=None) -> Initiative:
    if status not in Status.values:
        raise ChangeError("status", _("%(status)s is not a status.") % {"status": status})
    if status == Status.ABANDONED and not reason.strip():
        raise ChangeError("abandoned_reason", _("Say why the initiative is abandoned."))
    with transaction.atomic():
        initiative.status = status
        initiative.abandoned_reason = reason.strip() if status == Status.ABANDONED else ""
        ended = status in ENDED_STATUSES
        initiative.closed_on = timezone.localdate() if ended else None
        initiative.save(update_fields=["status", "abandoned_reason", "closed_on"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: {status}",
            initiative=initiative.key,
            status=status,
        )
    return initiative


def set_characteristics(initiative: Initiative, ratings: dict, actor=None) -> int | None:
    try:
        total = characteristics_total(ratings)
    except ValueError as error:
        raise ChangeError("characteristics", str(error)) from None
    with transaction.atomic():
        initiative.characteristics = dict(ratings)
        initiative.save(update_fields=["characteristics"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: change profile {total}",
            initiative=initiative.key,
        )
    return total


def set_owner_ratings(initiative: Initiative, ratings: dict, actor=None) -> None:
    clean = {}
    for dimension, value in ratings.items():
        if dimension not in DIMENSIONS:
            raise ChangeError(
                dimension,
                _("%(dimension)s is not a scorecard question.") % {"dimension": dimension},
            )
        if value is None or value == "":
            continue
        if isinstance(value, bool) or int(value) != value or not 0 <= value <= 100:
            raise ChangeError(dimension, _("A rating is a whole number from 0 to 100."))
        clean[dimension] = int(value)
    with transaction.atomic():
        initiative.owner_ratings = clean
        initiative.save(update_fields=["owner_ratings"])
        audit(
            initiative.organisation,
            actor,
            KIND,
            f"Initiative {initiative.key}: owner's ratings",
            initiative=initiative.key,
        )


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


# --- Messages, champions, wins, decisions -------------------------------------------------------


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


def add_champion(initiative: Initiative, person: Person, actor=None) -> Champion:
    """Champions are frontline agents of an impacted team: the people, not the managers."""
    from .phases import PhasePlan

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
    from .tasks import broadcast_win as post_win

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


# --- Organisation settings and vision -------------------------------------------------------


def update_settings(organisation: Organisation, data: dict, actor=None) -> ChangeSettings:
    found = settings_for(organisation)
    with transaction.atomic():
        for name, value in data.items():
            setattr(found, name, value)
        found.save()
        Initiative.objects.filter(organisation=organisation).update(version=F("version") + 1)
        audit(organisation, actor, KIND, "Change settings edited", fields=sorted(data))
    return found


def set_vision(
    organisation: Organisation, unit: Unit | None, text: str, actor=None
) -> VisionLine | None:
    """The vision of the organisation (unit None), a site or a team; blank text removes it."""
    with transaction.atomic():
        line = VisionLine.objects.filter(organisation=organisation, unit=unit).first()
        if not text.strip():
            if line is not None:
                line.delete()
            audit(organisation, actor, KIND, "Vision removed")
            return None
        if line is None:
            line = VisionLine(organisation=organisation, unit=unit)
        line.text = text.strip()[:500]
        line.save()
        audit(organisation, actor, KIND, "Vision edited", unit=unit.pk if unit else None)
    return line


# --- Acknowledgements: anonymous counts, so no audit entry (it would date each answer) -----------


class AlreadyAnswered(Exception):
    pass


def record_ack(message: Message, unit: Unit, answer: str, person: Person | None = None) -> None:
    """Count one "got it" or "I have a question" for `unit`; with a person (a personal link or
    a log-in), first note the keyed hash that stops them answering twice."""
    from .acks import voter_hash

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
