"""The conversations' JSON API: conversations, statements, votes (POST) and results.

Token-authenticated (or the browser session) like the rest of /api, with the pages' scopes:
a conversation outside the caller's scope answers 404. A vote is the caller's own (their
account's person), anonymous like one cast on the page; results only after the conversation
closes, already suppressed at k, and never anybody's own votes or position.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from ninja import Router, Schema
from ninja.errors import HttpError, ValidationError

from twoway.org.access import Scope, scope_for
from twoway.org.api_errors import ERRORS, Message, field_error
from twoway.org.models import Organisation

from .access import (
    conversations_for,
    get_conversation_for_reader_or_404,
    get_conversation_to_vote_or_404,
)
from .models import Statement
from .results import ResultsNotReady, executive_lists, results_for
from .services import Refused, cast_vote, ensure_final_result
from .tasks import schedule_recompute
from .voting import next_statement

router = Router(tags=["conversations"])


def _scope(request, slug: str) -> Scope:
    organisation = Organisation.objects.filter(slug=slug).first()
    scope = scope_for(request.user, organisation) if organisation else None
    if scope is None:
        raise Http404
    return scope


class ConversationOut(Schema):
    id: int
    question: str
    status: str
    opens_at: str
    closes_at: str
    threshold: int
    allow_statements: bool


class StatementOut(Schema):
    id: int
    text: str
    signed_by: str


class VoteIn(Schema):
    statement: int
    vote: int  # 1 agree, -1 disagree, 0 pass
    important: bool = False


class VoteOut(Schema):
    statement: int
    counted: bool


@router.get(
    "/orgs/{slug}/conversations",
    response={200: list[ConversationOut], **ERRORS},
)
def list_conversations(request, slug: str):
    """Conversations that concern the caller's scope, or that the caller may join."""
    return [
        ConversationOut(
            id=c.pk,
            question=c.question,
            status=c.status,
            opens_at=c.opens_at.isoformat(),
            closes_at=c.closes_at.isoformat(),
            threshold=c.k,
            allow_statements=c.allow_statements,
        )
        for c in conversations_for(_scope(request, slug))
    ]


@router.get(
    "/orgs/{slug}/conversations/{conversation_id}/statements",
    response={200: list[StatementOut], **ERRORS},
)
def list_statements(request, slug: str, conversation_id: int):
    """The accepted statements, in alphabetical order (never by arrival), without counts."""
    conversation = get_conversation_for_reader_or_404(_scope(request, slug), conversation_id)
    statements = conversation.statements.filter(status=Statement.Status.ACCEPTED)
    return [StatementOut(id=s.pk, text=s.text, signed_by=s.signed_by) for s in statements]


@router.get(
    "/orgs/{slug}/conversations/{conversation_id}/next",
    response={200: StatementOut, 204: None, **ERRORS},
)
def next_for_me(request, slug: str, conversation_id: int):
    """The next statement for the caller to vote on, by Pol.is's priority; 204 (no body) once
    the caller has voted on every statement."""
    scope = _scope(request, slug)
    conversation = get_conversation_to_vote_or_404(scope, conversation_id)
    statement = next_statement(conversation, scope.person)
    if statement is None:
        return HttpResponse(status=204)
    return StatementOut(id=statement.pk, text=statement.text, signed_by=statement.signed_by)


@router.post(
    "/orgs/{slug}/conversations/{conversation_id}/votes",
    response={200: VoteOut, 409: Message, 410: Message, **ERRORS},
)
def post_vote(request, slug: str, conversation_id: int, payload: VoteIn):
    """The caller's vote on one statement: 1 agree, -1 disagree, 0 pass. 422 naming the field
    for another value, 404 for a statement not in the conversation, 409 when voted already,
    410 after the conversation closed."""
    scope = _scope(request, slug)
    conversation = get_conversation_to_vote_or_404(scope, conversation_id)
    try:
        cast_vote(
            conversation, scope.person, payload.statement, payload.vote, important=payload.important
        )
    except Refused as refusal:
        raise refused(refusal) from None
    schedule_recompute(conversation)
    return VoteOut(statement=payload.statement, counted=True)


def refused(refusal: Refused) -> HttpError | ValidationError:
    """A bad field is a 422 naming it, as everywhere in the API; other refusals keep their
    status (404 unknown statement, 409 voted already, 410 closed)."""
    if refusal.status == 400 and refusal.field:
        return field_error(["body", refusal.field], refusal.message)
    return HttpError(refusal.status, refusal.message)


@router.get(
    "/orgs/{slug}/conversations/{conversation_id}/results",
    response={200: dict[str, Any], 409: Message, **ERRORS},
)
def conversation_results(request, slug: str, conversation_id: int) -> dict[str, Any]:
    """Groups (sizes and regions), representative statements, consensus, shared ground and
    what divides leaders and the frontline, with statement texts. 409 before the conversation
    closes or while fewer than k took part. Figures under k are absent, never zero."""
    scope = _scope(request, slug)
    conversation = get_conversation_for_reader_or_404(scope, conversation_id)
    try:
        results = results_for(conversation, ensure_final_result(conversation))
    except ResultsNotReady as not_ready:
        raise HttpError(409, not_ready.message) from None
    data = results.data
    return {
        "conversation": conversation.pk,
        "k": data["k"],
        "participants": data["participants"],
        "groups": [
            {key: g[key] for key in ("id", "size", "centre", "ellipse", "statements")}
            for g in results.groups
        ],
        "declared": data.get("declared", {}),
        **executive_lists(results),
    }
