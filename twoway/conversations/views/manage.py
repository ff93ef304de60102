"""Running a conversation: the list, opening one, its page (participation, links, moderation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.access import get_leader_scope_or_404, get_scope_or_404

from ..access import (
    conversations_for,
    get_conversation_for_leader_or_404,
    get_conversation_to_run_or_404,
    get_statement_or_404,
    in_audience,
    pending_statements,
    runs,
)
from ..analysis import participation
from ..forms import ConversationForm
from ..huddle import team_links
from ..models import Statement
from ..outreach import reach
from ..services import Refused, create_conversation, invite_everyone, moderate_statement
from ..tasks import schedule_finish, send_conversation_invitations


@login_required
def conversation_list(request, slug):
    scope = get_scope_or_404(request, slug)
    rows = [
        (c, in_audience(c, scope.person) and c.is_open, scope.sees_people)
        for c in conversations_for(scope)
    ]
    context = {"scope": scope, "org": scope.organisation, "rows": rows}
    return render(request, "conversations/list.html", context)


@login_required
def conversation_new(request, slug):
    scope = get_leader_scope_or_404(request, slug)
    form = ConversationForm(request.POST or None, organisation=scope.organisation, scope=scope)
    if request.method == "POST" and form.is_valid():
        conversation = create_conversation(
            scope.organisation, form.spec(), form.cleaned_data["seeds"], request.user
        )
        schedule_finish(conversation)
        messages.success(request, _("The conversation is ready."))
        return redirect("conversation", slug=slug, conversation_id=conversation.pk)
    context = {"scope": scope, "org": scope.organisation, "form": form}
    return render(request, "conversations/new.html", context, status=400 if form.errors else 200)


@login_required
def conversation_detail(request, slug, conversation_id):
    scope = get_leader_scope_or_404(request, slug)
    conversation = get_conversation_for_leader_or_404(scope, conversation_id)
    running = runs(conversation, scope)
    taking_part = participation(conversation)
    taking_part["rows"] = [r for r in taking_part["rows"] if scope.covers_unit(r["unit"])]
    statements = conversation.statements.filter(status=Statement.Status.ACCEPTED)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "conversation": conversation,
        "runs": running,
        "participation": taking_part,
        "statement_count": statements.count(),
        "pending": list(pending_statements(conversation)) if running else [],
        "links": team_links(conversation, scope) if conversation.is_open else [],
        "can_vote": in_audience(conversation, scope.person) and conversation.is_open,
        "reach": reach(conversation) if running and conversation.is_open else None,
    }
    return render(request, "conversations/detail.html", context)


@login_required
@require_POST
def statement_moderate(request, slug, conversation_id, statement_id):
    scope = get_leader_scope_or_404(request, slug)
    conversation = get_conversation_to_run_or_404(scope, conversation_id)
    statement = get_statement_or_404(conversation, statement_id)
    decision = request.POST.get("decision")
    if decision not in ("accept", "reject"):
        messages.error(request, _("Choose to accept or reject the statement."))
    else:
        moderate_statement(statement, decision == "accept", request.user)
        messages.success(
            request,
            _("Statement accepted: it is shown to participants now.")
            if decision == "accept"
            else _("Statement rejected: nobody will be asked to vote on it."),
        )
    return redirect("conversation", slug=slug, conversation_id=conversation.pk)


@login_required
@require_POST
def conversation_invite(request, slug, conversation_id):
    """E-mail everyone of the audience their personal link (once a day at most)."""
    scope = get_leader_scope_or_404(request, slug)
    conversation = get_conversation_to_run_or_404(scope, conversation_id)
    try:
        queued = invite_everyone(conversation, request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("conversation", slug=slug, conversation_id=conversation.pk)
    if queued:
        transaction.on_commit(lambda: send_conversation_invitations.enqueue(conversation.pk))
        messages.success(request, _("The invitations are on their way."))
    else:
        messages.error(request, _("Everyone was e-mailed less than a day ago."))
    return redirect("conversation", slug=slug, conversation_id=conversation.pk)
