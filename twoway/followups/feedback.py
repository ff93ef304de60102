""" "Did this help?" on the next pulse wave: one extra question per newly published action.

When a "you said, we did" note is published for a unit (or a unit above it), the first pulse
wave of each schedule that opens after it asks the unit's people whether it helped. Answers
are counted in `ActionFeedback` (counts by answer, nothing else): never linked to the
response they came with, nor to a person. On a personal link, `ActionVoter` records only that
the person has answered, so that nobody is counted twice (the team page asks too). A team
code answer has no person and is counted as it comes, like the kiosk response itself.

Leaders read the counts through `services.feedback_results`: only after the 28-day window and
from k answers, so that watching the counts move cannot tell them how one person answered.

`FeedbackProvider` puts these on the answer page through the surveys registry of extra
questions (`twoway.surveys.extra_questions`), registered in `FollowupsConfig.ready()`: the answer
page knows nothing of follow-ups.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import Person, Unit
from twoway.pulse.hot import is_pulse_wave
from twoway.pulse.models import PulseWave
from twoway.surveys.extra_questions import ExtraQuestion
from twoway.surveys.models import Campaign

from .models import Action, ActionFeedback, ActionVoter, Helped
from .services import (
    FEEDBACK_DAYS,
    AlreadyVoted,
    feedback_open,
    record_feedback,
    voted_action_ids,
)

FIELD_PREFIX = "helped-"
# More than this many new notes in one week would make the page long; the newest win.
MAX_QUESTIONS = 3


def field_name(action: Action) -> str:
    return f"{FIELD_PREFIX}{action.pk}"


def pending_feedback(
    unit_id: int,
    campaign: Campaign,
    person: Person | None = None,
    now: datetime.datetime | None = None,
) -> list[Action]:
    """Actions to ask about on `campaign`'s answer page for people of unit `unit_id`.

    Only on a pulse wave; only notes published for the unit or a unit above it between the
    opening of the schedule's previous wave and this one's (so exactly the next wave asks),
    still inside the feedback window, and not yet answered by `person` when known.
    """
    if not is_pulse_wave(campaign.pk):
        return []
    wave = PulseWave.objects.filter(campaign=campaign).select_related("schedule").first()
    unit = Unit.objects.filter(pk=unit_id).only("path").first()
    if wave is None or unit is None or not unit.path:
        return []
    now = now or timezone.now()
    actions = Action.objects.filter(
        organisation_id=wave.schedule.organisation_id,
        unit_id__in=unit.ancestor_ids(),
        published_at__lt=campaign.opens_at,
        published_at__gt=now - datetime.timedelta(days=FEEDBACK_DAYS),
    )
    previous = _previous_opening(wave)
    if previous is not None:
        actions = actions.filter(published_at__gte=previous)
    chosen = list(actions.order_by("-published_at", "-pk")[:MAX_QUESTIONS])
    voted = voted_action_ids(person, [a.pk for a in chosen])
    return [a for a in chosen if a.pk not in voted]


def _previous_opening(wave: PulseWave) -> datetime.datetime | None:
    """When the schedule's wave before `wave` opened; None for the first wave."""
    return (
        PulseWave.objects.filter(schedule_id=wave.schedule_id, number__lt=wave.number)
        .order_by("-number")
        .values_list("campaign__opens_at", flat=True)
        .first()
    )


def feedback_questions(actions: list[Action], post_data=None) -> list[ExtraQuestion]:
    """The questions to render, keeping what was chosen when the page comes back with errors."""
    post_data = post_data or {}
    options = [(value, str(label)) for value, label in Helped.choices]
    return [
        ExtraQuestion(
            name=field_name(action),
            text=_("Did this help? %(we_did)s") % {"we_did": action.we_did},
            options=options,
            value=post_data.get(field_name(action), ""),
            hint=_("Optional. Only how many gave each answer is kept, never who."),
        )
        for action in actions
    ]


def record_from_post(
    post_data,
    actions: list[Action],
    person: Person | None = None,
    now: datetime.datetime | None = None,
) -> list[int]:
    """Count the answers in `post_data` to the `actions` asked; returns the ids counted.

    The question is optional: a missing or unknown answer is skipped, as is an action whose
    window has closed or that this person has answered already.
    """
    counted = []
    for action in actions:
        helped = post_data.get(field_name(action), "")
        if helped not in Helped.values or not feedback_open(action, now):
            continue
        if person is None:
            count_answer(action, helped)
        else:
            try:
                record_feedback(action, person, helped)
            except AlreadyVoted:
                continue
        counted.append(action.pk)
    return counted


def answers_from_post(
    post_data,
    actions: list[Action],
    person: Person | None = None,
    now: datetime.datetime | None = None,
) -> list[tuple[int, str]]:
    """The answers in `post_data` to the `actions` asked, as (action id, answer), marking the
    person (when known) as having answered each; nothing is counted yet. Skipped as in
    `record_from_post`: no or unknown answer, a closed window, an action answered already."""
    kept = []
    for action in actions:
        helped = post_data.get(field_name(action), "")
        if helped not in Helped.values or not feedback_open(action, now):
            continue
        if person is not None:
            try:
                with transaction.atomic():
                    ActionVoter.objects.create(action=action, person=person)
            except IntegrityError:
                continue
        kept.append((action.pk, helped))
    return kept


def count_answer_of(action_id: int, helped: str) -> None:
    """`count_answer` by id, for answers kept with a held response."""
    action = Action.objects.filter(pk=action_id).first()
    if action is not None and helped in Helped.values:
        count_answer(action, helped)


def count_answer(action: Action, helped: str) -> None:
    """Add one to the count of `helped` for the action, and keep nothing else."""
    with transaction.atomic():
        row, _created = ActionFeedback.objects.get_or_create(action=action, helped=helped)
        ActionFeedback.objects.filter(pk=row.pk).update(count=F("count") + 1)


class FeedbackProvider:
    """ "Did it help?" as extra questions of the answer page (see `surveys.extra_questions`)."""

    def pending(self, unit_id: int, campaign: Campaign, person: Person | None) -> list[Action]:
        return pending_feedback(unit_id, campaign, person=person)

    def questions(self, pending: list[Action], post_data) -> list[ExtraQuestion]:
        return feedback_questions(pending, post_data)

    def hold(self, post_data, pending: list[Action], person: Person | None) -> list[list]:
        """Mark the person as having answered (one answer each) and keep what they answered,
        to be counted with the batch their response is written in."""
        return [[a, h] for a, h in answers_from_post(post_data, pending, person=person)]

    def release(self, campaign: Campaign, held: list[list[list]]) -> None:
        for answers in held:
            for action_id, helped in answers:
                count_answer_of(action_id, helped)
