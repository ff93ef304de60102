"""Voting, one statement at a time, on a phone: signed in, by personal link or by team code.

Each door (`voters.py`) ends in a `Voter`; the page is the same for all. A vote or a new
statement is posted to the page itself and the page comes back with the next statement (no
redirect: a team-code pass must not travel in a URL). With htmx the card alone is swapped;
without JavaScript the whole page reloads, and works the same.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from twoway.org.access import get_scope_or_404
from twoway.org.throttle import client_address
from twoway.surveys.hot import organisation_redactor

from ..access import get_conversation_to_vote_or_404
from ..models import MAX_STATEMENT_CHARS, Conversation
from ..services import Refused, add_statement, cast_vote, check_open
from ..tasks import schedule_recompute
from ..voters import (
    EmployeeIdRefused,
    Voter,
    issue_pass,
    person_by_employee_id,
    team_code,
    voter_by_account,
    voter_by_code,
    voter_by_link,
    voter_by_pass,
)
from ..voting import next_statement, progress, similar_to

MAX_POST_BYTES = 16 * 1024


def refused(request, message: str, status: int):
    return render(request, "conversations/refused.html", {"message": message}, status=status)


def _use_language(person) -> None:
    languages = {code for code, _name in settings.LANGUAGES}
    if person.language in languages:
        translation.activate(person.language)


@login_required
@never_cache
def vote_signed_in(request, slug, conversation_id):
    scope = get_scope_or_404(request, slug)
    conversation = get_conversation_to_vote_or_404(scope, conversation_id)
    voter = voter_by_account(conversation, scope.person, slug)
    if voter is None:
        raise Http404
    return voting_page(request, voter)


@never_cache
@csrf_protect
def vote_by_link(request, conversation_id, token):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    voter = voter_by_link(conversation, token)
    if voter is None:
        return refused(request, _("This link is not valid for this conversation."), 404)
    _use_language(voter.person)
    return voting_page(request, voter)


@never_cache
@csrf_protect
def vote_by_code(request, conversation_id, code):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    kiosk = team_code(conversation, code)
    if kiosk is None:
        return refused(
            request, _("No team has this code. Check the poster in your team area."), 404
        )
    if request.POST.get("voter"):
        voter = voter_by_pass(conversation, kiosk, request.POST["voter"])
        if voter is None:
            return _ask_employee_id(
                request, conversation, kiosk, _("Please enter your employee ID again.")
            )
        return voting_page(request, voter)
    if request.method == "POST" and "employee_id" in request.POST:
        try:
            person = person_by_employee_id(
                conversation, kiosk, request.POST["employee_id"], client_address(request)
            )
        except EmployeeIdRefused as refusal:
            return _ask_employee_id(request, conversation, kiosk, refusal.message, refusal.status)
        _use_language(person)
        voter = voter_by_code(conversation, kiosk, person, issue_pass(conversation, person))
        return voting_page(request, voter, posted=False)
    return _ask_employee_id(request, conversation, kiosk)


def _ask_employee_id(request, conversation, kiosk, error: str = "", status: int = 200):
    try:
        check_open(conversation)
    except Refused as refusal:
        return refused(request, refusal.message, refusal.status)
    context = {"conversation": conversation, "kiosk": kiosk, "error": error}
    return render(
        request,
        "conversations/enter_id.html",
        context,
        status=400 if error and status == 200 else status,
    )


def voting_page(request, voter: Voter, *, posted: bool | None = None):
    """The page with the next statement; on POST, first the vote or the statement sent."""
    conversation = voter.conversation
    try:
        check_open(conversation)
    except Refused as refusal:
        return refused(request, refusal.message, refusal.status)
    posted = request.method == "POST" if posted is None else posted
    notice, errors, status = "", {}, 200
    if posted:
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
            return refused(request, _("That is more text than a statement can hold."), 413)
        try:
            notice = _apply(request, voter)
        except Refused as refusal:
            if refusal.status in (403, 410):
                return refused(request, refusal.message, refusal.status)
            errors[refusal.field or "vote"] = refusal.message
            status = refusal.status
    return render(
        request, "conversations/vote.html", _page(request, voter, notice, errors), status=status
    )


def _apply(request, voter: Voter) -> str:
    conversation = voter.conversation
    if request.POST.get("action") == "statement":
        statement = add_statement(
            conversation,
            voter.person,
            request.POST.get("text", ""),
            organisation_redactor(conversation.organisation_id),
            signed=request.POST.get("signed") == "on",
        )
        if statement.status == statement.Status.PENDING:
            return _("Thank you. Your statement will be shown once the organisers have read it.")
        return _("Thank you. Your statement is now shown to others to vote on.")
    cast_vote(
        conversation,
        voter.person,
        request.POST.get("statement"),
        request.POST.get("vote"),
        important=request.POST.get("important") == "on",
    )
    schedule_recompute(conversation)
    return _("Vote counted.")


def _page(request, voter: Voter, notice: str, errors: dict[str, str]) -> dict:
    conversation = voter.conversation
    return {
        "conversation": conversation,
        "voter": voter,
        "statement": next_statement(conversation, voter.person),
        "progress": progress(conversation, voter.person),
        "notice": notice,
        "errors": errors,
        "vote_error": errors.get("vote") or errors.get("statement", ""),
        "draft": request.POST.get("text", "") if errors.get("text") else "",
        "max_chars": MAX_STATEMENT_CHARS,
        "k": conversation.k,
    }


def _similar(request, voter: Voter | None):
    if voter is None or not voter.conversation.is_open:
        raise Http404
    draft = request.POST.get("text", "")[:MAX_STATEMENT_CHARS]
    found = similar_to(voter.conversation, draft)
    return render(request, "conversations/_similar.html", {"similar": found})


@login_required
@require_POST
def similar_signed_in(request, slug, conversation_id):
    scope = get_scope_or_404(request, slug)
    conversation = get_conversation_to_vote_or_404(scope, conversation_id)
    return _similar(request, voter_by_account(conversation, scope.person, slug))


@require_POST
@csrf_protect
def similar_by_link(request, conversation_id, token):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    return _similar(request, voter_by_link(conversation, token))


@require_POST
@csrf_protect
def similar_by_code(request, conversation_id, code):
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    kiosk = team_code(conversation, code)
    if kiosk is None:
        raise Http404
    voter = voter_by_pass(conversation, kiosk, request.POST.get("voter", ""))
    return _similar(request, voter)
