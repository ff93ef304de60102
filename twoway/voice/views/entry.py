"""The ways in without an account: a personal pulse link, or a team code and an employee ID.

The code gives the team; the employee ID must be that of an active person of the team (or a
unit under it), so that one person is one person when votes are counted. Wrong IDs are
throttled per code and device address, as log-ins are.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from twoway.org.models import Organisation, Person
from twoway.org.throttle import client_address
from twoway.surveys.access import invitation_for_token
from twoway.surveys.kiosk import (
    NotOnTheTeam,
    find_team_member,
    kiosk_allowed,
    record_kiosk_attempt,
)
from twoway.surveys.models import KioskCode

from ..forms import EmployeeIdForm
from ..identity import end_visit, remember_visit


def _refused(request, message: str, status: int):
    return render(request, "voice/entry_refused.html", {"message": message}, status=status)


@never_cache
def enter_by_link(request, token):
    from django.utils.translation import gettext as _

    invitation = invitation_for_token(token)
    person = None
    if invitation is not None:
        person = Person.objects.filter(pk=invitation.person_id, is_active=True).first()
    if person is None:
        return _refused(request, _("This link is not valid. Check that you copied all of it."), 404)
    remember_visit(request, person, "link")
    organisation = Organisation.objects.get(pk=person.organisation_id)
    return redirect("voice_new", slug=organisation.slug)


@never_cache
@csrf_protect
def enter_by_code(request, code):
    from django.utils.translation import gettext as _

    kiosk = (
        KioskCode.objects.select_related("unit", "campaign__organisation")
        .filter(code=code.upper()[:12])
        .first()
    )
    if kiosk is None:
        return _refused(
            request, _("No team has this code. Check the poster in your team area."), 404
        )
    form = EmployeeIdForm(request.POST or None)
    address = client_address(request)
    if request.method == "POST" and form.is_valid():
        if not kiosk_allowed(kiosk, address):
            form.add_error("employee_id", _("Too many tries from this device. Wait a few minutes."))
        else:
            record_kiosk_attempt(kiosk, address)  # the code's answers and posts share the limit
            try:
                person = find_team_member(kiosk, form.cleaned_data["employee_id"])
            except NotOnTheTeam:
                form.add_error("employee_id", _("This employee ID is not one of this team's."))
            else:
                remember_visit(request, person, "code")
                return redirect("voice_new", slug=kiosk.campaign.organisation.slug)
    context = {"kiosk": kiosk, "form": form}
    return render(request, "voice/enter_code.html", context, status=400 if form.errors else 200)


@require_POST
def leave(request):
    """Forget the person on this device (a shared kiosk)."""
    end_visit(request)
    return render(request, "voice/left.html")
