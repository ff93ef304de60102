"""The writes of the org app, shared by the web, the API and the command line.

Each action does its write and its audit record in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .invitations import Invitation, send_invitation
from .models import AuditEvent, Membership, Organisation, Person, RosterUpload
from .roster import ParsedRoster, RosterError, RowError, parse_roster, read_table
from .sync import RosterDiff, apply_diff, compute_diff, load_snapshot


@dataclass
class ImportOutcome:
    """What a roster import found and did."""

    parsed: ParsedRoster | None = None
    diff: RosterDiff | None = None
    errors: list[RowError] = field(default_factory=list)
    needs_mass_leave_confirmation: bool = False
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.needs_mass_leave_confirmation


def actor_label(user) -> str:
    return user.get_username() if user is not None else "command line"


def audit(organisation: Organisation, actor, kind: str, summary: str, **details) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor,
        actor_label=actor_label(actor),
        kind=kind,
        summary=summary[:300],
        details=details,
    )


def create_organisation(slug: str, name: str, actor=None) -> Organisation:
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=slug, name=name)
        audit(organisation, actor, AuditEvent.Kind.ORG_CREATED, _("Organisation created"))
    return organisation


def preview_roster(
    organisation: Organisation, data: bytes, filename: str, date_order: str | None = None
) -> ImportOutcome:
    """Read, validate and diff a roster without writing anything."""
    try:
        table = read_table(
            data,
            filename,
            max_bytes=settings.ROSTER_UPLOAD_MAX_BYTES,
            max_unpacked=settings.ROSTER_MAX_UNPACKED_BYTES,
        )
    except RosterError as error:
        return ImportOutcome(errors=[RowError(0, "", error.message)])
    try:
        parsed = parse_roster(
            table,
            org_name=organisation.name,
            title_roles=organisation.title_roles or None,
            date_order=date_order or None,
        )
    except RosterError as error:
        return ImportOutcome(errors=[RowError(0, "", error.message)])
    if parsed.errors:
        return ImportOutcome(parsed=parsed, errors=list(parsed.errors))
    diff = compute_diff(parsed, load_snapshot(organisation))
    outcome = ImportOutcome(parsed=parsed, diff=diff)
    outcome.needs_mass_leave_confirmation = (
        diff.active_before > 0 and diff.leaver_share > organisation.mass_leave_share
    )
    return outcome


def import_roster(
    organisation: Organisation,
    data: bytes,
    filename: str,
    *,
    actor=None,
    dry_run: bool = False,
    date_order: str | None = None,
    allow_mass_leave: bool = False,
) -> ImportOutcome:
    """Preview, then (unless dry run, errors or an unconfirmed mass leave) apply atomically."""
    outcome = preview_roster(organisation, data, filename, date_order)
    if outcome.errors or dry_run or outcome.diff is None or outcome.parsed is None:
        return outcome
    if outcome.needs_mass_leave_confirmation and not allow_mass_leave:
        return outcome
    with transaction.atomic():
        # Serialise imports per organisation, and diff against what is there inside the lock,
        # so two imports started together cannot both apply a stale diff.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        diff = compute_diff(outcome.parsed, load_snapshot(organisation))
        outcome.diff = diff
        outcome.needs_mass_leave_confirmation = False
        apply_diff(organisation, outcome.parsed, diff)
        counts = diff.counts()
        audit(
            organisation,
            actor,
            AuditEvent.Kind.ROSTER_IMPORT,
            _("Roster %(file)s: %(summary)s")
            % {"file": filename, "summary": summarise_counts(counts)},
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            counts=counts,
            mass_leave_confirmed=allow_mass_leave and diff.leaver_share > 0,
        )
    outcome.applied = True
    return outcome


def store_roster_upload(
    organisation: Organisation, user, filename: str, content: bytes, date_order: str
) -> RosterUpload:
    """Keep an uploaded roster between its preview and its confirmation.

    Only the uploader's latest file waits: their earlier unconfirmed ones go, and so does
    anyone's left unconfirmed for longer than PENDING_UPLOAD_HOURS.
    """
    stale = timezone.now() - timedelta(hours=settings.PENDING_UPLOAD_HOURS)
    RosterUpload.objects.filter(applied_at__isnull=True).filter(
        Q(organisation=organisation, uploaded_by=user) | Q(created_at__lt=stale)
    ).delete()
    return RosterUpload.objects.create(
        organisation=organisation,
        uploaded_by=user,
        filename=filename[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        date_order=date_order,
    )


def discard_upload(upload: RosterUpload) -> None:
    """A rejected upload is not kept: its errors are shown once, then it goes."""
    upload.delete()


def mark_upload_applied(upload: RosterUpload) -> None:
    """An applied upload keeps its name and hash, not its content."""
    upload.applied_at = timezone.now()
    upload.content = b""
    upload.save(update_fields=["applied_at", "content"])


def set_title_roles(organisation: Organisation, mapping: dict, actor=None) -> None:
    """The organisation's job-title-to-role mapping, for the next roster imports."""
    with transaction.atomic():
        organisation.title_roles = mapping
        organisation.save(update_fields=["title_roles"])
        audit(
            organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            _("Job title mapping changed"),
            title_roles=organisation.title_roles,
        )


def summarise_counts(counts: dict[str, int]) -> str:
    parts = [f"{value} {name.replace('_', ' ')}" for name, value in counts.items() if value]
    return ", ".join(parts) or _("no changes")


# --- access ---------------------------------------------------------------------------------


class AccessRefused(Exception):
    """Access cannot be given as asked; `field` names the form field the message is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class GrantOutcome:
    """What giving access did: a membership now, or an invitation e-mailed to the account."""

    membership: Membership | None = None
    created_account: bool = False
    invited: str = ""  # the address an invitation went to; access starts when it is accepted
    mail_failed: bool = False


def account_username(organisation: Organisation, person: Person) -> str:
    """The user name a new account of the person gets: their work e-mail, else a name inside
    the organisation's own slug."""
    if person.email:
        return person.email.strip().lower()
    return f"{organisation.slug}-{person.employee_id}".lower()


def is_bound_only_to(user, organisation: Organisation) -> bool:
    """Whether every tie the account has is to this organisation (and it has one): only then
    may the organisation reuse it. Staff and superusers belong to the operator."""
    if user.is_staff or user.is_superuser:
        return False
    tied = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    tied |= set(Person.objects.filter(user=user).values_list("organisation_id", flat=True))
    return tied == {organisation.pk}


def grant_access(
    organisation: Organisation, person: Person, level: str, password: str = "", actor=None
) -> GrantOutcome:
    """Give a person access to the organisation, never through another tenant's account.

    - The person's own account (already linked here) gets the level; its password stays its
      owner's, so a password typed for it is refused rather than ignored.
    - No account has the person's user name: a new one is made with the chosen password,
      which Django's password validators check.
    - An account of this organisation alone has it: that account is linked, as above.
    - Any other account has it (another organisation's, the operator's, or nobody's): nothing is
      linked; its owner is e-mailed an invitation to accept (see `invitations`).
    Raises AccessRefused naming the field to correct.
    """
    User = get_user_model()
    username = account_username(organisation, person)
    with transaction.atomic():
        user = person.user or User.objects.filter(username__iexact=username).first()
        if user is None or person.user_id == user.pk or is_bound_only_to(user, organisation):
            return _link(organisation, person, user, username, level, password, actor)
        event = _invite(organisation, person, user, level, actor)
    address = user.email or user.get_username()
    return GrantOutcome(invited=address, mail_failed=not send_invitation(event, address))


def _link(organisation, person, user, username, level, password, actor) -> GrantOutcome:
    created = user is None
    if created:
        user = _new_account(person, username, password)
    elif password:
        raise AccessRefused(
            "password",
            _("%(user)s already has an account; only its owner can change its password. "
              "Leave the password empty to give that account access.") % {"user": username},
        )  # fmt: skip
    elif person.user_id is None:
        other = Person.objects.filter(organisation=organisation, user=user).first()
        if other is not None:
            raise AccessRefused(
                "employee_id",
                _("The account %(user)s already belongs to %(name)s (%(id)s) here.")
                % {"user": username, "name": other.full_name, "id": other.employee_id},
            )
        person.user = user
        person.save(update_fields=["user"])
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"level": level}
    )
    audit(
        organisation,
        actor,
        AuditEvent.Kind.ACCESS_GRANTED,
        _("%(user)s given %(level)s access")
        % {"user": user.get_username(), "level": membership.get_level_display()},
        user=user.get_username(),
        person=person.pk,
        level=level,
        created_account=created,
    )
    return GrantOutcome(membership=membership, created_account=created)


def _new_account(person: Person, username: str, password: str):
    User = get_user_model()
    if not password:
        raise AccessRefused(
            "password",
            _("%(name)s has no account yet: choose an initial password.")
            % {"name": person.full_name},
        )
    candidate = User(
        username=username, email=person.email, first_name=person.first_name,
        last_name=person.last_name,
    )  # fmt: skip
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise AccessRefused("password", " ".join(error.messages)) from None
    user = User.objects.create_user(
        username=username, email=person.email, password=password,
        first_name=person.first_name, last_name=person.last_name,
    )  # fmt: skip
    person.user = user
    person.save(update_fields=["user"])
    return user


def _invite(organisation, person, user, level, actor) -> AuditEvent:
    if not (user.email or "@" in user.get_username()):
        raise AccessRefused(
            "employee_id",
            _("The account name %(user)s is taken outside this organisation, and it has no "
              "e-mail address to send an invitation to. Add the person's work e-mail to the "
              "roster and try again.") % {"user": user.get_username()},
        )  # fmt: skip
    return audit(
        organisation,
        actor,
        AuditEvent.Kind.ACCESS_GRANTED,
        _("%(user)s invited to %(level)s access (starts when accepted)")
        % {"user": user.get_username(), "level": Membership.Level(level).label},
        user=user.get_username(),
        person=person.pk,
        level=level,
        account=user.pk,
        invited=True,
    )


def accept_invitation(invitation: Invitation, user) -> Membership:
    """The invited account's owner accepts: the person is linked and the access starts."""
    organisation, person = invitation.organisation, invitation.person
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        other = Person.objects.filter(organisation=organisation, user=user).exclude(pk=person.pk)
        if other.exists():
            raise AccessRefused("", _("Your account already belongs to another person here."))
        person.user = user
        person.save(update_fields=["user"])
        membership, _created = Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"level": invitation.level}
        )
        audit(
            organisation,
            user,
            AuditEvent.Kind.ACCESS_GRANTED,
            _("%(user)s accepted the invitation: %(level)s access")
            % {"user": user.get_username(), "level": membership.get_level_display()},
            user=user.get_username(),
            person=person.pk,
            level=invitation.level,
            invitation=invitation.event.pk,
        )
    return membership


def change_access(membership: Membership, level: str, actor=None) -> None:
    with transaction.atomic():
        old = membership.level
        membership.level = level
        membership.save(update_fields=["level"])
        audit(
            membership.organisation,
            actor,
            AuditEvent.Kind.ACCESS_CHANGED,
            _("%(user)s: %(old)s → %(new)s")
            % {"user": membership.user.get_username(), "old": old, "new": level},
            user=membership.user.get_username(),
            person=_person_id(membership),
            old=old,
            new=level,
        )


def revoke_access(membership: Membership, actor=None) -> None:
    with transaction.atomic():
        username = membership.user.get_username()
        organisation = membership.organisation
        person_id = _person_id(membership)
        membership.delete()
        audit(
            organisation,
            actor,
            AuditEvent.Kind.ACCESS_REVOKED,
            _("%(user)s no longer has access") % {"user": username},
            user=username,
            person=person_id,
        )


def _person_id(membership: Membership) -> int | None:
    """The account's person in the membership's organisation, named in access audit events so
    that a change or revocation ends any invitation still open for that person."""
    return (
        Person.objects.filter(organisation=membership.organisation, user=membership.user)
        .values_list("pk", flat=True)
        .first()
    )
