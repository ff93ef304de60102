"""Kudos: a named recognition of a colleague or a team, a feed per unit, hidden on request."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twoway.org.models import Unit

from ..access import get_person_viewer_or_404, get_viewer_or_404
from ..forms import KudosForm
from ..kudos import give_kudos, hide_kudos, kudos_feed
from ..models import Kudos
from .common import page_context, voice_page


@voice_page
def kudos_page(request, slug):
    viewer = get_viewer_or_404(request, slug)
    unit = None
    if request.GET.get("unit"):
        unit = get_object_or_404(Unit, pk=request.GET["unit"], organisation=viewer.organisation)
    elif viewer.person is not None:
        unit = viewer.person.unit
    form = KudosForm(request.POST or None, organisation=viewer.organisation)
    if request.method == "POST":
        viewer = get_person_viewer_or_404(request, slug)
        if form.is_valid():
            give_kudos(viewer.organisation, viewer.person, form.cleaned_data)
            messages.success(request, _("Thank you for recognising them."))
            return redirect("voice_kudos", slug=slug)
    context = page_context(viewer, unit=unit, feed=kudos_feed(viewer.organisation, unit), form=form)
    return render(request, "voice/kudos.html", context, status=400 if form.errors else 200)


@require_POST
@voice_page
def kudos_hide(request, slug, kudos_id):
    """Only the person recognised may hide a kudos about them."""
    viewer = get_person_viewer_or_404(request, slug)
    kudos = get_object_or_404(
        Kudos, pk=kudos_id, organisation=viewer.organisation, to_person=viewer.person
    )
    hide_kudos(kudos)
    messages.success(request, _("Hidden. It no longer shows in the feed."))
    return redirect("voice_kudos", slug=slug)
