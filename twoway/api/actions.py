"""Follow-up actions and their "you said, we did" notes, as the action pages scope them:
leaders read and write the actions of their units; anyone in the organisation reads the notes
published to their own team (and the units above it).

"Did it help?" counts are shown only after the question closes and only for k or more
answers; before that, or under k, `feedback` says so and carries no count.
"""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError

from twoway.followups.access import get_action_in_scope_or_404
from twoway.followups.forms import ActionForm, PublishForm
from twoway.followups.models import Action
from twoway.followups.services import (
    create_action,
    feedback_results,
    notes_for_unit,
    publish_action,
)
from twoway.org.access import get_leader_scope_or_404, get_scope_or_404, get_unit_in_scope_or_404
from twoway.org.api_errors import ERRORS

from .paging import DEFAULT_LIMIT, PAGED, paginate
from .params import TEXT_PATTERN, Limit, Page, Slug, path_id, query_id

router = Router(tags=["actions"])
MAX_NOTES = 20  # as on the team's page


class FeedbackOut(Schema):
    # "not_published", "collecting" (the question is open), "suppressed" (under k), "shown"
    state: str
    counts: dict[str, int] | None
    total: int | None
    open_until: str | None


class ActionOut(Schema):
    id: int
    unit_id: int
    unit: str
    what: str
    owner_id: int | None
    owner: str | None
    due_on: str | None
    status: str
    source_kind: str
    source_ref: str
    source_label: str
    you_said: str
    we_did: str
    published_on: str | None
    feedback: FeedbackOut


class NoteOut(Schema):
    id: int
    unit: str
    you_said: str
    we_did: str
    published_on: str


class ActionIn(Schema):
    unit_id: int = Field(ge=1, le=2**63 - 1)
    what: str = Field(min_length=1, max_length=1000, pattern=TEXT_PATTERN)
    owner_id: int = Field(ge=1, le=2**63 - 1)
    due_on: datetime.date | None = None
    source_kind: Literal["pulse_item", "theme", "diagnostic_item", "other"] = "other"
    source_ref: str = Field("", max_length=100, pattern=TEXT_PATTERN)
    source_label: str = Field("", max_length=300, pattern=TEXT_PATTERN)


class DoneIn(Schema):
    you_said: str = Field(min_length=1, max_length=300, pattern=TEXT_PATTERN)
    we_did: str = Field(min_length=1, max_length=2000, pattern=TEXT_PATTERN)


FEEDBACK_STATES = {"too_few": "suppressed"}  # a hidden count says "suppressed", as results do


def feedback_out(result) -> FeedbackOut:
    shown = result.state == "shown"
    return FeedbackOut(
        state=FEEDBACK_STATES.get(result.state, result.state),
        counts=result.counts if shown else None,
        total=result.total if shown else None,
        open_until=result.until.date().isoformat() if result.until else None,
    )


def action_out(action: Action, feedback) -> ActionOut:
    return ActionOut(
        id=action.pk,
        unit_id=action.unit_id,
        unit=action.unit.name,
        what=action.what,
        owner_id=action.owner_id,
        owner=action.owner.full_name if action.owner else None,
        due_on=action.due_on.isoformat() if action.due_on else None,
        status=action.status,
        source_kind=action.source_kind,
        source_ref=action.source_ref,
        source_label=action.source_label,
        you_said=action.you_said,
        we_did=action.we_did,
        published_on=action.published_at.date().isoformat() if action.published_at else None,
        feedback=feedback_out(feedback),
    )


def form_errors(form, where: str = "body") -> ValidationError:
    """A Django form's errors as the API's 422, each naming its field."""
    names = {"owner": "owner_id"}
    return ValidationError(
        [
            {"type": "value_error", "loc": [where, names.get(field, field)], "msg": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ]
    )


@router.get("/orgs/{slug}/actions", response={200: list[ActionOut], **ERRORS}, openapi_extra=PAGED)
def list_actions(
    request,
    response: HttpResponse,
    slug: Slug,
    unit: query_id("Only actions on this unit.") = None,
    status: Literal["open", "done"] | None = None,
    page: Page = 1,
    limit: Limit = DEFAULT_LIMIT,
):
    """Actions on the caller's units: open first, then by due date."""
    scope = get_leader_scope_or_404(request, slug)
    actions = Action.objects.filter(
        organisation=scope.organisation, unit__path__startswith=scope.unit_path
    ).select_related("unit", "owner")
    if unit is not None:
        actions = actions.filter(unit=get_unit_in_scope_or_404(scope, unit))
    if status:
        actions = actions.filter(status=status)
    rows = paginate(request, response, actions, page, limit)
    results = feedback_results(rows, scope.organisation.anonymity_threshold)
    return [action_out(a, results[a.pk]) for a in rows]


@router.get("/orgs/{slug}/actions/team", response={200: list[NoteOut], **ERRORS})
def team_notes(request, slug: Slug):
    """The "you said, we did" notes published to the caller's own team and the units above
    it, newest first: what every agent sees on the team's page."""
    scope = get_scope_or_404(request, slug)
    person = scope.person
    notes = notes_for_unit(person.unit if person else None, limit=MAX_NOTES)
    return [
        NoteOut(
            id=n.pk,
            unit=n.unit.name,
            you_said=n.you_said,
            we_did=n.we_did,
            published_on=n.published_at.date().isoformat(),
        )
        for n in notes
    ]


@router.get("/orgs/{slug}/actions/{action_id}", response={200: ActionOut, **ERRORS})
def get_action(request, slug: Slug, action_id: path_id("action")):
    scope = get_leader_scope_or_404(request, slug)
    action = get_action_in_scope_or_404(scope, action_id)
    k = scope.organisation.anonymity_threshold
    return action_out(action, feedback_results([action], k)[action.pk])


@router.post("/orgs/{slug}/actions", response={201: ActionOut, **ERRORS})
def new_action(request, slug: Slug, payload: ActionIn):
    """A new open action on a unit of the caller's scope, owned by a leader of the scope or
    someone on the unit."""
    scope = get_leader_scope_or_404(request, slug)
    unit = get_unit_in_scope_or_404(scope, payload.unit_id)
    data = payload.dict()
    data["owner"] = data.pop("owner_id")
    data.pop("unit_id")
    form = ActionForm(data, scope=scope, unit=unit)
    if not form.is_valid():
        raise form_errors(form)
    action = create_action(unit, form.cleaned_data, request.user)
    k = scope.organisation.anonymity_threshold
    return Status(201, action_out(action, feedback_results([action], k)[action.pk]))


@router.post("/orgs/{slug}/actions/{action_id}/done", response={200: ActionOut, **ERRORS})
def action_done(request, slug: Slug, action_id: path_id("action"), payload: DoneIn):
    """Close the action and publish its "you said, we did" note to the unit's frontline."""
    scope = get_leader_scope_or_404(request, slug)
    action = get_action_in_scope_or_404(scope, action_id)
    k = scope.organisation.anonymity_threshold
    form = PublishForm(payload.dict(), k=k)
    if not form.is_valid():
        raise form_errors(form)
    publish_action(action, form.cleaned_data["you_said"], form.cleaned_data["we_did"], request.user)
    return action_out(action, feedback_results([action], k)[action.pk])
