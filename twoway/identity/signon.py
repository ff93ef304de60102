"""Single sign-on: which account an identity provider's user signs in as.

The provider vouches for the people of one organisation (TWOWAY_OIDC_ORGANISATION) and for
nothing else. The first sign-in of a subject finds the person by e-mail or employee ID, then
an account by the account-binding rules of `twoway.org.services` (docs/security.md):

- the person's own account (already linked) signs in, if it still has access here;
- no account has the person's user name: a new one is made (with no password: it signs in
  through the provider) and gets member access, whose scope the person's role decides;
- an account of this organisation alone has it: it is linked to the person;
- any other account (another organisation's, the operator's): nothing is linked, and the
  sign-in is refused, so a provider can never take over an account it does not own.

The subject is then bound to that account (`SsoIdentity`); later sign-ins use the binding,
and only while the person is active and the account still has access.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Membership, Organisation, Person
from twoway.org.services import account_username, audit, is_bound_only_to

from .models import SsoIdentity


class SignOnRefused(Exception):
    """A sign-in that does not go through; the message is for the person signing in."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sign_on(issuer: str, subject: str, claims: dict):
    """The account the provider's subject signs in as; SignOnRefused otherwise."""
    organisation = Organisation.objects.filter(slug=settings.OIDC_ORGANISATION).first()
    if organisation is None or not subject:
        raise SignOnRefused(_("Single sign-on is not set up correctly. Tell your admin."))
    if issuer.rstrip("/") != settings.OIDC_ISSUER:
        raise SignOnRefused(_("The sign-in came from an identity provider twoway does not use."))
    with transaction.atomic():
        bound = (
            SsoIdentity.objects.select_related("user")
            .filter(issuer=settings.OIDC_ISSUER, subject=subject)
            .first()
        )
        if bound is not None:
            return _check_access(organisation, bound.user)
        person = find_person(organisation, claims)
        user = _account_for(organisation, person)
        SsoIdentity.objects.create(
            issuer=settings.OIDC_ISSUER, subject=subject, user=user, organisation=organisation
        )
    return user


def _check_access(organisation: Organisation, user):
    active = Person.objects.filter(organisation=organisation, user=user, is_active=True)
    if not user.is_active or not active.exists():
        raise SignOnRefused(
            _("You are not on the roster of %(org)s any more.") % {"org": organisation.name}
        )
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise SignOnRefused(
            _("Your access to %(org)s has ended. Ask your admin.") % {"org": organisation.name}
        )
    return user


def find_person(organisation: Organisation, claims: dict) -> Person:
    """The active person the claims name, by e-mail or by employee ID (TWOWAY_OIDC_MATCH)."""
    people = Person.objects.filter(organisation=organisation, is_active=True)
    if settings.OIDC_MATCH == "employee_id":
        value = str(claims.get(settings.OIDC_EMPLOYEE_ID_CLAIM) or "").strip()
        found = list(people.filter(employee_id=value)[:2]) if value else []
    else:
        value = str(claims.get("email") or "").strip().lower()
        if claims.get("email_verified") is False:
            raise SignOnRefused(_("Your identity provider has not verified your e-mail."))
        found = list(people.filter(email__iexact=value)[:2]) if value else []
    if not found:
        raise SignOnRefused(
            _("Nobody on the roster of %(org)s matches your sign-in (%(value)s). Ask your admin.")
            % {"org": organisation.name, "value": value or "?"}
        )
    if len(found) > 1:
        raise SignOnRefused(
            _("Several people on the roster of %(org)s match %(value)s. Ask your admin.")
            % {"org": organisation.name, "value": value}
        )
    return found[0]


def _account_for(organisation: Organisation, person: Person):
    if person.user_id is not None:
        return _check_access(organisation, person.user)
    User = get_user_model()
    username = account_username(organisation, person)
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, email=person.email, first_name=person.first_name,
            last_name=person.last_name,
        )  # fmt: skip
        user.set_unusable_password()
        user.save(update_fields=["password"])
    elif (
        not is_bound_only_to(user, organisation)
        or Person.objects.filter(organisation=organisation, user=user).exists()
    ):
        raise SignOnRefused(
            _("An account named %(user)s exists outside %(org)s, so single sign-on cannot use "
              "it. Log in with its password, or ask your admin to give you access.")
            % {"user": username, "org": organisation.name}
        )  # fmt: skip
    person.user = user
    person.save(update_fields=["user"])
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"level": Membership.Level.MEMBER}
    )
    audit(
        organisation,
        user,
        AuditEvent.Kind.ACCESS_GRANTED,
        _("%(user)s signed in with single sign-on for the first time: %(level)s access")
        % {"user": user.get_username(), "level": membership.get_level_display()},
        user=user.get_username(),
        person=person.pk,
        level=membership.level,
        sso=True,
        created_membership=created,
    )
    return _check_access(organisation, user)
