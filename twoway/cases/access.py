"""Who may use business cases: admins, consultants and people whose role leads people.

Agents and accounts of other organisations get 404, as everywhere in twoway; a case of another
organisation is 404 too. Among those who may see a case, only its owner and admins change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.access import Scope, get_scope_or_404

from .models import BusinessCase


def get_cases_scope_or_404(request, slug: str) -> Scope:
    scope = get_scope_or_404(request, slug)
    if not (scope.is_admin or scope.sees_people):
        raise Http404
    return scope


def get_case_or_404(scope: Scope, pk: int) -> BusinessCase:
    return get_object_or_404(
        BusinessCase.objects.select_related("owner"), pk=pk, organisation=scope.organisation
    )


def can_change(scope: Scope, user, case: BusinessCase) -> bool:
    return scope.is_admin or (case.owner_id is not None and case.owner_id == user.pk)


def get_changeable_case(request, scope: Scope, pk: int) -> BusinessCase:
    """The case, if this user may edit or delete it (403 for a visible case of someone else)."""
    case = get_case_or_404(scope, pk)
    if not can_change(scope, request.user, case):
        raise PermissionDenied
    return case
