"""Who may see which action: leaders within their scope; a published note, whoever's team (or
a unit above it) received it. Anything else answers 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.access import Scope

from .models import Action
from .services import note_visible_to


def get_action_in_scope_or_404(scope: Scope, action_id) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("unit", "owner"),
        pk=action_id,
        organisation=scope.organisation,
    )
    if not scope.covers_unit(action.unit):
        raise Http404
    return action


def get_published_note_or_404(scope: Scope, action_id) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("unit"), pk=action_id, organisation=scope.organisation
    )
    if not note_visible_to(action, scope.person):
        raise Http404
    return action
