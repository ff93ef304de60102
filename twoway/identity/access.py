"""Who may use the sign-on and data-care pages: admins of the organisation (404 otherwise).
A person's own data is theirs alone: an account sees only the people it is."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from twoway.org.access import Scope, get_admin_scope_or_404, id_or_404
from twoway.org.models import Person

from .erasure import is_erased


def get_identity_scope_or_404(request, slug: str) -> Scope:
    return get_admin_scope_or_404(request, slug)


def get_erasable_person_or_404(scope: Scope, pk) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("unit", "user"),
        pk=id_or_404(pk),
        organisation=scope.organisation,
    )
    if is_erased(person):
        raise Http404
    return person


def get_own_person_or_404(request, slug: str) -> Person:
    person = (
        Person.objects.select_related("organisation", "unit", "manager")
        .filter(user=request.user, organisation__slug=slug)
        .first()
    )
    if person is None:
        raise Http404
    return person
