"""Who is voting, by one of three doors, each ending in a person of the audience:

- signed in: the account's person;
- a personal link: the token of any of the person's invitations to the organisation's surveys
  or pulse waves (`surveys.access.invitation_for_token`), as in /c/<id>/s/<token>/;
- a team code: any team code of the organisation's surveys or pulse waves, then the person's
  employee ID, which must be an active person of that team. The page then carries a signed,
  short-lived pass (`voter` field) so the ID is asked once; nothing is stored for it.

The person is only ever used to compute their keyed voter hash (services.voter_key).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from twoway.org.models import Person
from twoway.surveys.access import invitation_for_token
from twoway.surveys.kiosk import (
    NotOnTheTeam,
    find_team_member,
    kiosk_allowed,
    record_kiosk_attempt,
)
from twoway.surveys.models import KioskCode

from .access import in_audience
from .models import Conversation

PASS_MAX_AGE = 4 * 3600  # a team-code pass lasts a shift, not a week
PASS_SALT = "twoway.conversations.voter"


@dataclass(frozen=True)
class Voter:
    conversation: Conversation
    person: Person
    url: str  # where the voting page lives for this door
    similar_url: str
    hidden: dict[str, str] = field(default_factory=dict)  # to carry in every form
    back_url: str = ""  # signed in: the way back to the organisation's pages


def voter_by_account(conversation: Conversation, person: Person | None, slug: str) -> Voter | None:
    if person is None or not in_audience(conversation, person):
        return None
    kwargs = {"slug": slug, "conversation_id": conversation.pk}
    return Voter(
        conversation,
        person,
        reverse("conversation_vote", kwargs=kwargs),
        reverse("conversation_vote_similar", kwargs=kwargs),
        back_url=reverse("conversations", kwargs={"slug": slug}),
    )


def voter_by_link(conversation: Conversation, token: str) -> Voter | None:
    invitation = invitation_for_token(token)
    if invitation is None or invitation.campaign.organisation_id != conversation.organisation_id:
        return None
    person = Person.objects.select_related("unit").filter(pk=invitation.person_id).first()
    if person is None or not in_audience(conversation, person):
        return None
    kwargs = {"conversation_id": conversation.pk, "token": token}
    return Voter(
        conversation,
        person,
        reverse("conversation_vote_link", kwargs=kwargs),
        reverse("conversation_similar_link", kwargs=kwargs),
    )


def team_code(conversation: Conversation, code: str) -> KioskCode | None:
    """A team code of the organisation whose team is in the conversation's audience."""
    kiosk = (
        KioskCode.objects.select_related("unit", "campaign")
        .filter(code=(code or "").strip().upper())
        .first()
    )
    if kiosk is None or kiosk.campaign.organisation_id != conversation.organisation_id:
        return None
    return kiosk


class EmployeeIdRefused(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def person_by_employee_id(
    conversation: Conversation, kiosk: KioskCode, employee_id: str, address: str
) -> Person:
    """The active person of the code's team with this employee ID (as a team code's answers find
    them, `surveys.kiosk`); tries from one address share the code's limit, so IDs cannot be
    guessed."""
    if not kiosk_allowed(kiosk, address):
        raise EmployeeIdRefused(
            _("Too many tries just now. Wait a few minutes and try again."), 429
        )
    record_kiosk_attempt(kiosk, address)
    try:
        person = find_team_member(kiosk, employee_id)
    except NotOnTheTeam:
        person = None
    if person is None or not in_audience(conversation, person):
        raise EmployeeIdRefused(
            _("That employee ID is not one of %(team)s. Check it and try again.")
            % {"team": kiosk.unit.name}
        )
    return person


def issue_pass(conversation: Conversation, person: Person) -> str:
    return signing.dumps({"c": conversation.pk, "p": person.pk}, salt=PASS_SALT)


def voter_by_pass(conversation: Conversation, kiosk: KioskCode, value: str) -> Voter | None:
    try:
        data = signing.loads(value or "", salt=PASS_SALT, max_age=PASS_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != conversation.pk:
        return None
    person = Person.objects.select_related("unit").filter(pk=data.get("p"), unit=kiosk.unit).first()
    if person is None or not in_audience(conversation, person):
        return None
    return voter_by_code(conversation, kiosk, person, value)


def voter_by_code(
    conversation: Conversation, kiosk: KioskCode, person: Person, pass_: str
) -> Voter:
    kwargs = {"conversation_id": conversation.pk, "code": kiosk.code}
    return Voter(
        conversation,
        person,
        reverse("conversation_vote_code", kwargs=kwargs),
        reverse("conversation_similar_code", kwargs=kwargs),
        {"voter": pass_},
    )
