"""Who may see which conversation; anything else answers 404, never a hint.

- A conversation *concerns* a scope when one of its audience units lies in the scope or the
  scope lies inside one of them (a team lead of a team in a center-wide conversation).
- Leaders see the conversations that concern them; those who cover the whole audience (an
  admin, the director of the center it was opened for) run them: moderation and links.
- Anyone whose own unit is in the audience may vote, and reads the results once it closes
  (results are of the whole conversation, like the organisation-wide results agents read).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.access import Scope
from twoway.org.models import Person, Unit

from .models import Conversation, Statement


def audience_paths(conversation: Conversation) -> list[str]:
    paths = [u.path for u in conversation.audience_units.all()]
    if paths:
        return paths
    root = Unit.objects.filter(organisation_id=conversation.organisation_id, depth=0).first()
    return [root.path] if root else []


def concerns(conversation: Conversation, scope: Scope) -> bool:
    if scope.is_admin:
        return True
    if scope.unit_path is None:
        return False
    return any(
        p.startswith(scope.unit_path) or scope.unit_path.startswith(p)
        for p in audience_paths(conversation)
    )


def runs(conversation: Conversation, scope: Scope) -> bool:
    """Whether the scope covers every audience unit (so may moderate and see every link)."""
    if scope.is_admin:
        return True
    if scope.unit_path is None:
        return False
    return all(p.startswith(scope.unit_path) for p in audience_paths(conversation))


def in_audience(conversation: Conversation, person: Person | None) -> bool:
    if person is None or not person.is_active:
        return False
    if person.organisation_id != conversation.organisation_id:
        return False
    unit_path = person.unit.path
    return any(unit_path.startswith(p) for p in audience_paths(conversation))


def conversations_for(scope: Scope) -> list[Conversation]:
    """The organisation's conversations that concern the scope, or that its person may join."""
    found = Conversation.objects.filter(organisation=scope.organisation).prefetch_related(
        "audience_units"
    )
    return [c for c in found if concerns(c, scope) or in_audience(c, scope.person)]


def _conversation(scope: Scope, conversation_id) -> Conversation:
    return get_object_or_404(
        Conversation.objects.select_related("organisation").prefetch_related("audience_units"),
        pk=conversation_id,
        organisation=scope.organisation,
    )


def get_conversation_for_leader_or_404(scope: Scope, conversation_id) -> Conversation:
    conversation = _conversation(scope, conversation_id)
    if not scope.sees_people or not concerns(conversation, scope):
        raise Http404
    return conversation


def get_conversation_to_run_or_404(scope: Scope, conversation_id) -> Conversation:
    conversation = get_conversation_for_leader_or_404(scope, conversation_id)
    if not runs(conversation, scope):
        raise Http404
    return conversation


def get_conversation_for_reader_or_404(scope: Scope, conversation_id) -> Conversation:
    """Leaders it concerns, and the people of its audience."""
    conversation = _conversation(scope, conversation_id)
    if not (concerns(conversation, scope) or in_audience(conversation, scope.person)):
        raise Http404
    return conversation


def get_conversation_to_vote_or_404(scope: Scope, conversation_id) -> Conversation:
    conversation = _conversation(scope, conversation_id)
    if not in_audience(conversation, scope.person):
        raise Http404
    return conversation


def get_statement_or_404(conversation: Conversation, statement_id) -> Statement:
    return get_object_or_404(Statement, pk=statement_id, conversation=conversation)


def pending_statements(conversation: Conversation) -> QuerySet[Statement]:
    return conversation.statements.filter(status=Statement.Status.PENDING).order_by("text", "pk")
