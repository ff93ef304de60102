"""Writes and reads of the action loop: create, publish, vote, and the notes a team sees.

Each write runs in one transaction with its audit event, as `twoway.org.services` does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from twoway.org.models import AuditEvent, Person, Unit
from twoway.org.services import audit

from .models import Action, ActionFeedback, ActionVoter, Helped

# The team can say whether an action helped for this long after its note is published;
# leaders see the answers only after that, so that watching the counts move cannot tell
# them how one person answered (docs/privacy.md: no differencing over time).
FEEDBACK_DAYS = 28


def create_action(unit: Unit, data: dict, actor) -> Action:
    """A new open action on `unit`; `data` holds the form's cleaned fields."""
    with transaction.atomic():
        action = Action.objects.create(
            organisation_id=unit.organisation_id, unit=unit, created_by=actor, **data
        )
        audit(
            unit.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Action {action.pk} created for {unit.name}",
        )
    return action


def publish_action(action: Action, you_said: str, we_did: str, actor) -> Action:
    """Mark the action done and publish its "you said, we did" note to the unit's frontline."""
    now = timezone.now()
    with transaction.atomic():
        action.status = Action.Status.DONE
        action.done_at = action.done_at or now
        action.you_said = you_said
        action.we_did = we_did
        action.published_at = now
        action.save(update_fields=["status", "done_at", "you_said", "we_did", "published_at"])
        audit(
            action.unit.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Action {action.pk} done and published",
        )
    return action


def notes_for_unit(unit: Unit | None, limit: int = 5) -> QuerySet[Action]:
    """Published notes for the unit and the units above it, newest first."""
    if not unit or not unit.path:
        return Action.objects.none()
    return (
        Action.objects.filter(unit_id__in=unit.ancestor_ids(), published_at__isnull=False)
        .select_related("unit")
        .order_by("-published_at", "-pk")[:limit]
    )


def notes_for_reader(scope, limit: int = 20) -> list[Action]:
    """What a reader's "you said, we did" page lists: the notes of their own team and the units
    above it, and for a leader (or an admin, who may have no team) the notes published for the
    units they lead as well; newest first."""
    person = scope.person
    where = Q(pk__in=[])
    if person is not None and person.unit.path:
        where |= Q(unit_id__in=person.unit.ancestor_ids())
    if scope.sees_people:
        where |= Q(unit__path__startswith=scope.unit_path or "/")
    return list(
        Action.objects.filter(where, organisation=scope.organisation, published_at__isnull=False)
        .select_related("unit")
        .order_by("-published_at", "-pk")[:limit]
    )


def note_visible_to(action: Action, person: Person | None) -> bool:
    """Whether the person's own team, or a unit above it, received this published note."""
    if person is None or not action.is_published:
        return False
    return action.unit_id in person.unit.ancestor_ids()


def feedback_open_until(action: Action) -> datetime.datetime | None:
    if action.published_at is None:
        return None
    return action.published_at + datetime.timedelta(days=FEEDBACK_DAYS)


def feedback_open(action: Action, now: datetime.datetime | None = None) -> bool:
    until = feedback_open_until(action)
    return until is not None and (now or timezone.now()) < until


class AlreadyVoted(Exception):
    pass


def record_feedback(action: Action, person: Person, helped: str) -> None:
    """Count one answer; the voter row says only that this person has answered."""
    if helped not in Helped.values:
        raise ValueError(f"Unknown answer {helped!r}.")
    try:
        with transaction.atomic():
            ActionVoter.objects.create(action=action, person=person)
            row, _created = ActionFeedback.objects.get_or_create(action=action, helped=helped)
            ActionFeedback.objects.filter(pk=row.pk).update(count=F("count") + 1)
    except IntegrityError as error:
        raise AlreadyVoted from error


def voted_action_ids(person: Person | None, action_ids) -> set[int]:
    if person is None:
        return set()
    voters = ActionVoter.objects.filter(person=person, action_id__in=list(action_ids))
    return set(voters.values_list("action_id", flat=True))


@dataclass(frozen=True)
class FeedbackResult:
    """What leaders may see of the answers to "did it help?"."""

    state: str  # "collecting", "too_few", "shown", "not_published"
    counts: dict[str, int]
    total: int | None
    until: datetime.datetime | None


def feedback_results(actions, k: int, now: datetime.datetime | None = None) -> dict:
    """A FeedbackResult per action id, in one query; counts only after the window, at k."""
    now = now or timezone.now()
    ids = [a.pk for a in actions]
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for action_id, helped, n in ActionFeedback.objects.filter(action_id__in=ids).values_list(
        "action_id", "helped", "count"
    ):
        counts[action_id][helped] = n
    return {a.pk: _result(a, counts[a.pk], k, now) for a in actions}


def _result(action: Action, counts: dict[str, int], k: int, now) -> FeedbackResult:
    until = feedback_open_until(action)
    if until is None:
        return FeedbackResult("not_published", {}, None, None)
    if now < until:
        return FeedbackResult("collecting", {}, None, until)
    total = sum(counts.values())
    if total < k:
        return FeedbackResult("too_few", {}, None, until)
    return FeedbackResult("shown", {h: counts.get(h, 0) for h in Helped.values}, total, until)
