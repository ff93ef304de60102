"""The communication plan: new messages, the coverage matrix with every message and its
acknowledgements, and the printable posters of a poster message."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.notify.qr import Poster, render_posters
from twoway.org.access import get_scope_or_404

from ..access import get_editor_seat_or_404, get_seat_or_404
from ..acks import ack_closes, ack_results, organisation_k
from ..forms import MessageForm, add_change_error
from ..models import Channel, Message
from ..outreach import ack_codes, team_link
from ..overview import size_of
from ..plan_coverage import coverage_matrix
from ..services import ChangeError, add_message
from .plan import impacted_units


def plan_messages(initiative) -> list[Message]:
    return list(
        initiative.messages.select_related("phase")
        .prefetch_related("units")
        .order_by("due_on", "pk")
    )


def _concerns(seat, message: Message) -> bool:
    """A message reaches the user's units: it names one (or its phase does)."""
    named = [u.pk for u in message.units.all()] or seat.phases.units.get(message.phase_id, [])
    return any(seat.concerns(pk) for pk in named)


@login_required
def message_new(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_editor_seat_or_404(scope, key)
    initiative = seat.initiative
    first_phase = seat.phases.phases[0].pk if seat.phases.phases else None
    form = MessageForm(
        request.POST or None,
        phases=initiative.phases.all(),
        units=impacted_units(seat),
        initial={
            "phase": request.GET.get("phase") or first_phase,
            "offset_days": -7,
            "channel": request.GET.get("channel", Channel.EMAIL),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_message(
                data["phase"],
                channel=data["channel"],
                title=data["title"],
                body=data["body"],
                offset_days=data["offset_days"],
                units=data["units"],
                roles=data["roles"],
                actor=request.user,
            )
        except ChangeError as error:
            add_change_error(form, error)
        else:
            flash.success(request, _("The message is planned; it goes out on its day."))
            return redirect("change_coverage", slug=slug, key=key)
    context = {"scope": scope, "org": scope.organisation, "initiative": initiative, "form": form}
    return render(request, "change/message_form.html", context, status=400 if form.errors else 200)


@login_required
def coverage_page(request, slug, key):
    scope = get_scope_or_404(request, slug)
    seat = get_seat_or_404(scope, key)
    if not seat.is_leader:
        return redirect("change_initiative", slug=slug, key=key)
    initiative = seat.initiative
    planned = [m for m in plan_messages(initiative) if _concerns(seat, m)]
    large = size_of(initiative)["large"]
    rows = [
        r
        for r in coverage_matrix(initiative, seat.phases, seat.tree, planned, large)
        if seat.concerns(r.unit_id)
    ]
    acks = ack_results(planned, seat.tree, organisation_k(initiative), seat.sees_unit)
    context = {
        "scope": scope,
        "org": scope.organisation,
        "seat": seat,
        "initiative": initiative,
        "rows": rows,
        "channels": Channel.choices,
        "flagged": sum(1 for r in rows if not r.coverage.ok),
        "large": large,
        "plan": [(m, acks[m.pk]) for m in planned],
        "k": organisation_k(initiative),
    }
    return render(request, "change/coverage.html", context)


@login_required
def message_posters(request, slug, key, message_id):
    """Every audience team's poster for a message: its QR code opens the team's link."""
    scope = get_scope_or_404(request, slug)
    seat = get_seat_or_404(scope, key)
    if not seat.is_leader:
        return redirect("change_initiative", slug=slug, key=key)
    message = get_object_or_404(Message, pk=message_id, initiative=seat.initiative)
    closes = ack_closes(message)
    closes_on = timezone.localdate(closes) if closes else message.due_on
    language = (request.LANGUAGE_CODE or "en")[:2]
    posters = [
        Poster(
            team_name=code.unit.name,
            campaign_name=message.title,
            url=team_link(code),
            short_code=code.code,
            language=language,
            closes_on=closes_on,
            k=organisation_k(seat.initiative),
        )
        for code in ack_codes(message, seat.tree)
        if seat.sees_unit(code.unit_id)
    ]
    if not posters:
        flash.error(request, _("No team of yours is in this message's audience."))
        return redirect("change_coverage", slug=slug, key=key)
    return HttpResponse(render_posters(posters))
