"""Team codes: one answer per person, however many times the code is used.

A team code (the poster's QR code or short code) is shared by the whole team, so on its own it
cannot tell one person from another, and a person answering several times could push a small
team over k and subtract their own answers from the result. So the code page asks for the
person's employee ID, finds the person on the team, and *claims their invitation*, exactly as
their personal link would: the invitation knows that its person answered (so a second answer,
through the code or the link, is refused), and never which response is theirs. Every answer
then belongs to an invitation, so a unit's answers can never exceed its head-count.

What the ID does not prove is that the person typing it is its owner: someone who knows a
colleague's employee ID could answer in their place (the colleague then finds their link
already used, and can tell their admin). Attempts are rate-limited per device address and
code, so IDs cannot be tried in bulk. docs/privacy.md says this.

The claim travels between the ID page and the questionnaire as a signed, short-lived token in
the form (never in the address, never stored): it names the invitation, not the response.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from twoway.org.models import Person

from .audience import audience_filter
from .models import Campaign, Invitation, KioskCode, KioskSubmission
from .tokens import hash_token, invitation_token

KIOSK_LIMIT = 20  # attempts (IDs tried or answers sent) per code and device address
KIOSK_WINDOW = timedelta(minutes=10)
CLAIM_SALT = "twoway.kiosk-claim"
CLAIM_MAX_AGE = 4 * 3600  # seconds: long enough to answer, short enough not to be kept


class NotOnTheTeam(Exception):
    """The employee ID is not that of an active person of the code's team."""


class NotInTheAudience(Exception):
    """The person is on the team, but this campaign does not ask them."""


def normalise_employee_id(raw: str) -> str:
    """ " e-0 12 " and "E012" are the same ID: case, spaces, dashes and dots do not count."""
    return re.sub(r"[\s\-._]", "", raw or "").casefold()


def find_team_member(kiosk: KioskCode, raw_id: str) -> Person:
    """The active person of the kiosk's unit (or a unit under it) with this employee ID."""
    wanted = normalise_employee_id(raw_id)
    if not wanted:
        raise NotOnTheTeam
    people = Person.objects.filter(
        organisation_id=kiosk.campaign.organisation_id,
        is_active=True,
        unit__path__startswith=kiosk.unit.path,
    ).only("pk", "employee_id")
    for person in people:
        if normalise_employee_id(person.employee_id) == wanted:
            return Person.objects.select_related("unit").get(pk=person.pk)
    raise NotOnTheTeam


def invitation_for_member(campaign: Campaign, person: Person) -> Invitation:
    """The person's invitation to the campaign, made now for someone who joined the audience
    after the launch; NotInTheAudience when the campaign does not ask them."""
    found = Invitation.objects.filter(campaign=campaign, person=person).first()
    if found is not None:
        return found
    if not Person.objects.filter(audience_filter(campaign), pk=person.pk).exists():
        raise NotInTheAudience
    token = invitation_token(campaign.pk, person.pk)
    try:
        with transaction.atomic():
            return Invitation.objects.create(
                campaign=campaign,
                person=person,
                unit_id=person.unit_id,
                token_hash=hash_token(token),
                channel=Invitation.Channel.LINK,
            )
    except IntegrityError:  # made by a concurrent request
        return Invitation.objects.get(campaign=campaign, person=person)


def claim_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "c": invitation.campaign_id}, salt=CLAIM_SALT)


def invitation_for_claim(kiosk: KioskCode, token: str) -> Invitation | None:
    """The invitation a claim names, if the claim is genuine, recent and for this code."""
    try:
        data = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != kiosk.campaign_id:
        return None
    return (
        Invitation.objects.select_related("person__unit", "campaign")
        .filter(pk=data.get("i"), campaign_id=kiosk.campaign_id)
        .filter(person__unit__path__startswith=kiosk.unit.path)
        .first()
    )


def _key(kiosk: KioskCode, address: str) -> str:
    return f"{kiosk.code}|{address}"


def kiosk_allowed(kiosk: KioskCode, address: str) -> bool:
    """Whether this device may try another ID or send another answer through the code now."""
    since = timezone.now() - KIOSK_WINDOW
    recent = KioskSubmission.objects.filter(key=_key(kiosk, address), at__gte=since).count()
    return recent < KIOSK_LIMIT


def record_kiosk_attempt(kiosk: KioskCode, address: str) -> None:
    KioskSubmission.objects.filter(at__lt=timezone.now() - KIOSK_WINDOW).delete()
    KioskSubmission.objects.create(key=_key(kiosk, address))
