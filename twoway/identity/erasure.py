"""Erasing a person: their personal data goes, every aggregate stays true.

Responses were never linked to people, so nothing about them changes. What names or points
at the person does:

- the person's row stays as a tombstone (so invitations, which count participation, keep
  their unit and "answered" mark), with a random employee ID and every roster field blanked;
  their invitation links stop working;
- their account is deleted when it belongs to this organisation alone, else only unlinked
  from it (membership, single sign-on binding); their SCIM link goes;
- their signed posts become unsigned (the label was already a unit of at least k people);
  kudos to them are deleted, kudos from them lose the name; actions they owned lose the owner;
- their name and employee ID are redacted from comments, posts, answers and kudos of the
  organisation, and from the audit log, which records the erasure without naming them.

Ballots and "did it help?" voters stay: they hold a keyed hash or a tombstone's id, never a
person's data, and deleting them would change vote counts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.followups.models import Action
from twoway.insights.redact import Redactor, fold
from twoway.org.models import (
    AuditEvent,
    LoginFailure,
    Membership,
    Organisation,
    Person,
    RosterUpload,
)
from twoway.org.services import audit, is_bound_only_to
from twoway.org.throttle import account_key
from twoway.surveys.models import Comment, Invitation
from twoway.voice.models import Answer, Kudos, Post

from .models import ScimUser, SsoIdentity

ERASED = "[erased]"
KIND = "person_erased"
BATCH = 1000


@dataclass
class Erased:
    """What an erasure changed, by kind of record."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        if n:
            self.counts[name] = self.counts.get(name, 0) + n


def is_erased(person: Person) -> bool:
    return person.employee_id.startswith("erased-")


def erase_person(person: Person, actor=None, reason: str = "") -> Erased:
    """Erase one person of their organisation (see the module docstring), in one transaction."""
    done = Erased()
    with transaction.atomic():
        person = Person.objects.select_related("organisation", "user").get(pk=person.pk)
        organisation = person.organisation
        identifiers = _identifiers(person)
        _erase_account(person, organisation, done)
        done.add("scim links", ScimUser.objects.filter(person=person).delete()[0])
        _erase_contributions(person, organisation, done)
        _redact_texts(organisation, person, identifiers, done)
        _scrub_audit(organisation, identifiers, done)
        done.add(
            "pending roster uploads",
            RosterUpload.objects.filter(organisation=organisation, applied_at__isnull=True)
            .delete()[0],
        )  # fmt: skip
        _tombstone(person)
        audit(
            organisation, actor, KIND,
            _("A person was erased") + (f": {reason[:200]}" if reason else ""),
            person=person.pk, counts=done.counts,
        )  # fmt: skip
    return done


def _identifiers(person: Person) -> list[str]:
    """Strings that name the person in free text and in the audit log, longest first."""
    user = person.user
    found = {person.full_name, person.email, person.employee_id, person.phone}
    if user is not None:
        found |= {user.get_username(), user.email, user.get_full_name()}
    return sorted((s for s in found if s and len(s) >= 3), key=len, reverse=True)


def _erase_account(person: Person, organisation: Organisation, done: Erased) -> None:
    user = person.user
    if user is None:
        return
    names = {user.get_username(), user.email} - {""}
    LoginFailure.objects.filter(key__in=[account_key(n) for n in names]).delete()
    Person.objects.filter(pk=person.pk).update(user=None)
    if is_bound_only_to(user, organisation):
        user.delete()
        done.add("accounts deleted", 1)
        return
    done.add(
        "memberships", Membership.objects.filter(user=user, organisation=organisation).delete()[0]
    )
    done.add(
        "sign-on bindings",
        SsoIdentity.objects.filter(user=user, organisation=organisation).delete()[0],
    )


def _erase_contributions(person: Person, organisation: Organisation, done: Erased) -> None:
    done.add("posts unsigned", Post.objects.filter(author=person).update(author=None))
    done.add("kudos received", Kudos.objects.filter(to_person=person).delete()[0])
    done.add(
        "kudos given",
        Kudos.objects.filter(from_person=person).update(from_person=None, from_label=""),
    )
    done.add("actions owned", Action.objects.filter(owner=person).update(owner=None))
    done.add(
        "reports",
        Person.objects.filter(manager=person).update(manager=None, updated_at=timezone.now()),
    )
    invitations = list(Invitation.objects.filter(person=person).only("pk"))
    for invitation in invitations:
        # A hash no token has: the link mailed to the person works no more.
        invitation.token_hash = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
    Invitation.objects.bulk_update(invitations, ["token_hash"], batch_size=BATCH)
    done.add("invitations anonymised", len(invitations))


def _name_words(person: Person) -> list[str]:
    words = {w for w in (person.first_name, person.last_name, person.employee_id) if w}
    return [w for w in words if len(w) >= 3] or [w for w in words if w]


def _redact_texts(
    organisation: Organisation, person: Person, identifiers: list[str], done: Erased
) -> None:
    """Redact the person's names and ID from the organisation's free text. Rows are picked by
    a case-insensitive search for each name (and its accent-free spelling), then redacted by
    the same redactor as intake, built for this person alone."""
    words = _name_words(person)
    if not words:
        return
    names = [n for n in (person.first_name, person.last_name, person.full_name) if n]
    redactor = Redactor(names=names, employee_ids=[person.employee_id])
    needles = {w for w in words} | {fold(w) for w in words}
    tables = [
        (Comment.objects.filter(campaign__organisation=organisation), ["text", "redacted"]),
        (Post.objects.filter(organisation=organisation),
         ["title", "body", "official_way", "instead"]),
        (Answer.objects.filter(post__organisation=organisation), ["text", "by_label"]),
        (Kudos.objects.filter(organisation=organisation), ["message", "from_label"]),
    ]  # fmt: skip
    for queryset, fields in tables:
        match = Q()
        for needle in needles:
            for name in fields:
                match |= Q(**{f"{name}__icontains": needle})
        changed = []
        for row in queryset.filter(match).only("pk", *fields).iterator(chunk_size=BATCH):
            before = [getattr(row, name) for name in fields]
            for name in fields:
                setattr(row, name, redactor.redact(getattr(row, name) or ""))
            if before != [getattr(row, name) for name in fields]:
                changed.append(row)
        if changed:
            queryset.model.objects.bulk_update(changed, fields, batch_size=BATCH)
            done.add(f"{queryset.model._meta.verbose_name_plural} redacted", len(changed))


def _scrub_audit(organisation: Organisation, identifiers: list[str], done: Erased) -> None:
    if not identifiers:
        return
    match = Q()
    for text in identifiers:
        match |= Q(summary__icontains=text) | Q(actor_label__iexact=text)
    events = list(AuditEvent.objects.filter(organisation=organisation).filter(match))
    for event in events:
        for text in identifiers:
            event.summary = _replace_folded(event.summary, text)
            if event.actor_label.casefold() == text.casefold():
                event.actor_label = ERASED
            event.details = {
                k: ERASED if isinstance(v, str) and v.casefold() == text.casefold() else v
                for k, v in event.details.items()
            }
    AuditEvent.objects.bulk_update(events, ["summary", "actor_label", "details"], batch_size=BATCH)
    done.add("audit entries", len(events))


def _replace_folded(text: str, needle: str) -> str:
    lowered, target = text.casefold(), needle.casefold()
    out, start = [], 0
    while (at := lowered.find(target, start)) >= 0:
        out += [text[start:at], ERASED]
        start = at + len(needle)
    return "".join([*out, text[start:]])


def _tombstone(person: Person) -> None:
    """The row that keeps invitations and tallies right, with nothing personal left."""
    Person.objects.filter(pk=person.pk).update(
        employee_id=f"erased-{secrets.token_hex(8)}",
        first_name="", last_name="", email="", phone="", job_title="", hire_date=None,
        work_location="", language="", shift="", manager=None, user=None, is_active=False,
        left_on=person.left_on or timezone.localdate(), updated_at=timezone.now(),
    )  # fmt: skip
