"""A person's own data: everything twoway holds about them, as one JSON document.

What it holds: their roster fields, their account(s), the invitations sent to them and whether
each was answered, their signed posts, kudos they gave and received, actions they own, and
their provisioning link. What it never holds: their answers and comments. A response keeps
no link to its person, so neither twoway nor anyone else can tell which are theirs; the
export says so.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.followups.models import Action
from twoway.org.models import Membership, Organisation, Person, Unit
from twoway.org.services import audit
from twoway.surveys.models import Invitation
from twoway.voice.models import Kudos, Post

from .models import ScimUser, SsoIdentity

KIND = "person_data_export"


def _day(value) -> str | None:
    return (
        value.date().isoformat() if hasattr(value, "date") else value.isoformat() if value else None
    )


def person_data(person: Person) -> dict:
    """The document (see the module docstring); dates only, never a time of day."""
    units = dict(Unit.objects.filter(organisation=person.organisation).values_list("pk", "name"))
    return {
        "organisation": person.organisation.name,
        "exported_on": timezone.localdate().isoformat(),
        "person": _roster_fields(person, units),
        "accounts": _account(person),
        "invitations": [
            {"campaign": name, "sent_on": _day(sent), "answered": answered}
            for name, sent, answered in Invitation.objects.filter(person=person)
            .order_by("campaign__opens_at", "campaign__name")
            .values_list("campaign__name", "sent_at", "responded")
        ],
        "signed_posts": [
            {"code": code, "kind": kind, "title": title, "status": status, "posted_on": _day(on)}
            for code, kind, title, status, on in Post.objects.filter(author=person)
            .order_by("created_on", "code")
            .values_list("code", "kind", "title", "status", "created_on")
        ],
        "kudos_received": _kudos(Kudos.objects.filter(to_person=person)),
        "kudos_given": _kudos(Kudos.objects.filter(from_person=person)),
        "actions_owned": [
            {"what": what, "status": status, "due_on": _day(due)}
            for what, status, due in Action.objects.filter(owner=person)
            .order_by("due_on", "what")
            .values_list("what", "status", "due_on")
        ],
        "provisioning": [
            {"user_name": name, "external_id": external}
            for name, external in ScimUser.objects.filter(person=person).values_list(
                "user_name", "external_id"
            )
        ],
        "not_included": _(
            "Your answers and comments. twoway stores each response with no link to the "
            "person who gave it, so nobody, twoway included, can tell which ones are yours."
        ),
    }


def _roster_fields(person: Person, units: dict[int, str]) -> dict:
    return {
        "employee_id": person.employee_id,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "phone": person.phone,
        "role": person.role,
        "job_title": person.job_title,
        "unit": " > ".join(units.get(pk, "") for pk in person.unit.ancestor_ids()),
        "manager": person.manager.full_name if person.manager_id else "",
        "hire_date": _day(person.hire_date),
        "work_location": person.work_location,
        "language": person.language,
        "shift": person.shift,
        "active": person.is_active,
        "left_on": _day(person.left_on),
    }


def _account(person: Person) -> list[dict]:
    user = person.user
    if user is None:
        return []
    return [
        {
            "username": user.get_username(),
            "email": user.email,
            "joined_on": _day(user.date_joined),
            "last_login_on": _day(user.last_login),
            "access": [
                {"organisation": name, "level": level}
                for name, level in Membership.objects.filter(user=user)
                .order_by("organisation__name")
                .values_list("organisation__name", "level")
            ],
            "single_sign_on": list(
                SsoIdentity.objects.filter(user=user).values_list("issuer", flat=True)
            ),
            "api_tokens": [
                {"name": name, "created_on": _day(created)}
                for name, created in user.api_tokens.order_by("created_at").values_list(
                    "name", "created_at"
                )
            ],
        }
    ]


def _kudos(queryset) -> list[dict]:
    return [
        {"message": message, "from": label, "on": _day(on)}
        for message, label, on in queryset.order_by("created_on", "message").values_list(
            "message", "from_label", "created_on"
        )
    ]


def export_person_data(person: Person, actor=None) -> dict:
    """The document, with an audit entry that it was taken (and by whom)."""
    data = person_data(person)
    audit(person.organisation, actor, KIND, _("A person's own data was exported"),
          person=person.pk)  # fmt: skip
    return data


def people_of(user) -> list[Person]:
    """The people an account is, one per organisation."""
    return list(
        Person.objects.filter(user=user)
        .select_related("organisation", "unit", "manager")
        .order_by("organisation__name")
    )


def organisation_of(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()
