"""Lookups that answer 404 outside what the caller may see: campaigns and templates of the
caller's organisation, and an invitation by its token (the link holder's only key)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from twoway.org.models import Unit

from .hot_sql import invitation_by_token_hash
from .models import Campaign, Invitation, Template
from .tokens import hash_token


def get_campaign_or_404(scope, campaign_id) -> Campaign:
    return get_object_or_404(
        Campaign.objects.select_related("template"), pk=campaign_id, organisation=scope.organisation
    )


def get_template_or_404(scope, template_id) -> Template:
    return get_object_or_404(Template, pk=template_id, organisation=scope.organisation)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation of a link token, with its campaign and person (one statement written
    as SQL: this runs on every submission, see `hot_sql`)."""
    if not token or len(token) > 100:
        return None
    return invitation_by_token_hash(hash_token(token))


def report_unit(scope) -> Unit | None:
    """The unit whose subtree a leader's executive report covers; None for the whole
    organisation (admins, and whoever leads its only top unit)."""
    if scope.is_admin or scope.unit_path == min_root_path(scope) or scope.person is None:
        return None
    return scope.person.unit


def min_root_path(scope) -> str:
    root = Unit.objects.filter(organisation=scope.organisation, depth=0).order_by("pk").first()
    return root.path if root else ""
