""" "Got it / I have a question": the links people answer without logging in (a team's code
from a poster, a huddle or chat; a personal link from an e-mail), and the same two buttons on
a logged-in person's own page. Only counts are kept (see `acks.py`)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twoway.org.access import get_scope_or_404
from twoway.org.models import Person

from ..access import get_seat_or_404
from ..acks import ack_open
from ..models import AckAnswer, AckCode, Message
from ..outreach import ack_codes, read_personal_token
from ..services import AlreadyAnswered, ChangeError, record_ack
from ..units import UnitTree

COOKIE = "twoway-ack-{}"


def _closed(request, message):
    return render(request, "change/ack_done.html", {"message": message, "closed": True}, status=410)


@never_cache
def ack_team(request, slug, code):
    found = get_object_or_404(
        AckCode.objects.select_related("message__initiative__organisation", "unit"),
        code=code.upper(),
        message__initiative__organisation__slug=slug,
    )
    message = found.message
    if not ack_open(message):
        return _closed(request, message)
    cookie = COOKIE.format(message.pk)
    if request.method == "POST":
        if request.COOKIES.get(cookie):
            return render(request, "change/ack_done.html", {"message": message, "again": True})
        from ..acks import team_has_room

        answer = request.POST.get("answer", "")
        if answer in AckAnswer.values and team_has_room(message, found.unit):
            record_ack(message, found.unit, answer)
        response = render(request, "change/ack_done.html", {"message": message, "answer": answer})
        response.set_cookie(cookie, "1", max_age=60 * 60 * 24 * 30, httponly=True, samesite="Lax")
        return response
    return render(request, "change/ack.html", {"message": message, "team": found.unit})


@never_cache
def ack_personal(request, slug, token):
    decoded = read_personal_token(token)
    if decoded is None:
        raise Http404
    message_id, person_id = decoded
    message = get_object_or_404(
        Message.objects.select_related("initiative__organisation"),
        pk=message_id,
        initiative__organisation__slug=slug,
    )
    person = get_object_or_404(Person, pk=person_id, organisation=message.initiative.organisation)
    if not ack_open(message):
        return _closed(request, message)
    if request.method == "POST":
        try:
            record_ack(message, person.unit, request.POST.get("answer", ""), person)
        except AlreadyAnswered:
            return render(request, "change/ack_done.html", {"message": message, "again": True})
        except ChangeError:
            return render(
                request, "change/ack.html", {"message": message, "error": True}, status=400
            )
        return render(
            request, "change/ack_done.html", {"message": message, "answer": request.POST["answer"]}
        )
    return render(request, "change/ack.html", {"message": message, "team": person.unit})


@never_cache
def ack_picker(request, slug, token):
    """From a chat post: pick your team, then answer on its page."""
    from django.core import signing

    from ..outreach import ACK_SALT

    try:
        message_id = int(signing.loads(token, salt=ACK_SALT))
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    message = get_object_or_404(Message, pk=message_id, initiative__organisation__slug=slug)
    if not ack_open(message):
        return _closed(request, message)
    codes = ack_codes(message, UnitTree.of(message.initiative.organisation))
    return render(
        request, "change/ack_picker.html", {"message": message, "codes": codes, "slug": slug}
    )


@login_required
@require_POST
def ack_signed_in(request, slug, key, message_id):
    """The two buttons on a person's own initiative page."""
    scope = get_scope_or_404(request, slug)
    seat = get_seat_or_404(scope, key)
    message = get_object_or_404(Message, pk=message_id, initiative=seat.initiative)
    person = scope.person
    if person is None or not ack_open(message):
        flash.error(request, _("This message takes no answers now."))
        return redirect("change_initiative", slug=slug, key=key)
    try:
        record_ack(message, person.unit, request.POST.get("answer", ""), person)
        flash.success(request, _("Thank you. Your answer is counted, not named."))
    except AlreadyAnswered:
        flash.error(request, _("You have answered this message already."))
    except ChangeError as error:
        flash.error(request, error.message)
    return redirect("change_initiative", slug=slug, key=key)
