"""E-mailing everyone of the audience their personal link to a conversation.

The link is /c/<conversation>/s/<token>/ with the token of the person's latest invitation to the
organisation's surveys or pulse waves: the one they already use, so nothing new is stored and no
token is minted for the conversation. People without one (never invited by e-mail) take part by
their team code or by signing in; the page says how many that leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from twoway.notify.email import OutgoingEmail, supported_language
from twoway.org.models import Person
from twoway.surveys.models import Invitation
from twoway.surveys.tokens import invitation_token

from .access import audience_paths
from .models import Conversation


@dataclass(frozen=True)
class Reach:
    """Who an e-mail can reach: people with an address and a personal link, and the rest."""

    with_link: list[tuple[Person, str]]
    without_link: int


def audience_people(conversation: Conversation) -> list[Person]:
    people = Person.objects.filter(
        organisation_id=conversation.organisation_id, is_active=True
    ).select_related("unit")
    paths = audience_paths(conversation)
    return [p for p in people if any(p.unit.path.startswith(x) for x in paths)]


def reach(conversation: Conversation) -> Reach:
    people = [p for p in audience_people(conversation) if p.email]
    latest: dict[int, int] = {}
    invitations = (
        Invitation.objects.filter(
            person_id__in=[p.pk for p in people],
            campaign__organisation_id=conversation.organisation_id,
        )
        .order_by("campaign__opens_at", "pk")
        .values_list("person_id", "campaign_id")
    )
    for person_id, campaign_id in invitations.iterator(chunk_size=5000):
        latest[person_id] = campaign_id  # the last one wins: the most recent campaign
    with_link = [
        (p, personal_link(conversation, invitation_token(latest[p.pk], p.pk)))
        for p in people
        if p.pk in latest
    ]
    return Reach(with_link, len(people) - len(with_link))


def personal_link(conversation: Conversation, token: str) -> str:
    path = reverse(
        "conversation_vote_link", kwargs={"conversation_id": conversation.pk, "token": token}
    )
    return f"{settings.SITE_URL}{path}"


def invitation_message(conversation: Conversation, person: Person, link: str) -> OutgoingEmail:
    with translation.override(supported_language(person.language)):
        context = {
            "conversation": conversation,
            "person": person,
            "link": link,
            "k": conversation.k,
            "closes_on": conversation.closes_at,
        }
        subject = _("Have your say: %(question)s") % {"question": conversation.question}
        text = render_to_string("conversations/email/invitation.txt", context).strip() + "\n"
    return OutgoingEmail(to=person.email, subject=subject[:200], text=text)
