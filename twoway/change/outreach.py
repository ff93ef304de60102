"""Sending the communication plan: due messages go out on their channel and are logged as
sent; every message carries a "got it / I have a question" link.

- E-mail: one message per person of the audience with an address, each with a personal link
  (a signed token of message and person; the answer itself is counted, never kept with them).
- Slack and Teams: one post to the organisation's incoming webhook, with a link to a page
  listing the audience's teams (each team's link counts for that team).
- Huddle talking points, posters and meeting notes: nothing to send; they are logged as sent
  on their day, huddle points show on the team's huddle page and posters print with each
  team's QR code. Huddle points reach the champions by e-mail CHAMPION_LEAD_DAYS earlier:
  "having the employees, not the manager, drive the behaviour".

The tick (`twoway change tick`, run by `twoway serve`) queues what is due, one background task
per message sends it; a message is queued once and never sent again, so the tick is safe to run
as often as wanted.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.notify.email import send_emails
from twoway.notify.webhooks import post_webhook
from twoway.org.models import Person
from twoway.surveys.tokens import new_kiosk_code

from .config import settings_for
from .mail import message_email
from .models import ENDED_STATUSES, AckCode, Champion, Channel, Message
from .units import UnitTree

CHAMPION_LEAD_DAYS = 2
ACK_SALT = "twoway.change.ack"
LOGGED_ONLY = {Channel.HUDDLE, Channel.POSTER, Channel.MEETING}


def audience_units(message: Message) -> list[int]:
    """The units a message names, else its phase's."""
    return [u.pk for u in message.units.all()] or [u.pk for u in message.phase.units.all()]


def audience_teams(message: Message, tree: UnitTree) -> list[int]:
    teams = {t for pk in audience_units(message) for t in tree.teams_under(pk)}
    return sorted(teams, key=lambda pk: tree.path(pk).casefold())


def audience_roles(message: Message) -> list[str]:
    """The roles a message names, else the initiative's impacted roles (none: everyone)."""
    return list(message.roles) or list(message.initiative.impacted_roles or {})


def audience_people(message: Message, tree: UnitTree):
    units = [tree.units[pk] for pk in audience_units(message)]
    inside = Q(pk__in=[])
    for unit in units:
        inside |= Q(unit__path__startswith=unit.path)
    people = Person.objects.filter(
        inside, organisation_id=message.initiative.organisation_id, is_active=True
    )
    roles = audience_roles(message)
    return people.filter(role__in=roles) if roles else people


# --- Links ------------------------------------------------------------------------------------


def personal_token(message: Message, person: Person) -> str:
    return signing.dumps([message.pk, person.pk], salt=ACK_SALT, compress=True)


def read_personal_token(token: str) -> tuple[int, int] | None:
    try:
        message_id, person_id = signing.loads(token, salt=ACK_SALT)
        return int(message_id), int(person_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _absolute(name: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(name, kwargs=kwargs)}"


def personal_link(message: Message, person: Person) -> str:
    slug = message.initiative.organisation.slug
    return _absolute("change_ack_personal", slug=slug, token=personal_token(message, person))


def team_link(code: AckCode) -> str:
    return _absolute(
        "change_ack_team", slug=code.message.initiative.organisation.slug, code=code.code
    )


def picker_link(message: Message) -> str:
    slug = message.initiative.organisation.slug
    token = signing.dumps(message.pk, salt=ACK_SALT)
    return _absolute("change_ack_picker", slug=slug, token=token)


def ack_codes(message: Message, tree: UnitTree | None = None) -> list[AckCode]:
    """Each audience team's code for the message, created the first time they are asked for."""
    tree = tree or UnitTree.of(message.initiative.organisation)
    teams = audience_teams(message, tree)
    have = {c.unit_id: c for c in AckCode.objects.filter(message=message)}
    missing = [
        AckCode(message=message, unit_id=pk, code=new_kiosk_code() + new_kiosk_code()[:2])
        for pk in teams
        if pk not in have
    ]
    AckCode.objects.bulk_create(missing)
    codes = {
        c.unit_id: c
        for c in AckCode.objects.filter(message=message).select_related(
            "unit", "message__initiative__organisation"
        )
    }
    return [codes[pk] for pk in teams if pk in codes]


# --- Sending -------------------------------------------------------------------------------------


def due_messages(today: datetime.date):
    return (
        Message.objects.filter(state=Message.State.PLANNED, due_on__lte=today)
        .exclude(initiative__status__in=ENDED_STATUSES)
        .select_related("initiative__organisation", "phase")
        .order_by("due_on", "pk")
    )


def queue_due_messages(today: datetime.date) -> list[int]:
    """Mark every message due by `today` as being sent, and return their ids for the tasks
    that send them. A message moves from planned to queued once, so two ticks never both
    send it."""
    queued = []
    for message in due_messages(today):
        moved = Message.objects.filter(pk=message.pk, state=Message.State.PLANNED).update(
            state=Message.State.QUEUED
        )
        if moved:
            queued.append(message.pk)
    return queued


def deliver_queued(message_id: int) -> Message | None:
    message = (
        Message.objects.filter(pk=message_id, state=Message.State.QUEUED)
        .select_related("initiative__organisation", "phase")
        .first()
    )
    return deliver(message) if message is not None else None


def deliver(message: Message) -> Message:
    tree = UnitTree.of(message.initiative.organisation)
    if message.channel == Channel.EMAIL:
        reached, error = _email(message, tree)
    elif message.channel in (Channel.SLACK, Channel.TEAMS):
        reached, error = _webhook(message)
    else:
        reached, error = len(ack_codes(message, tree)), ""
    with transaction.atomic():
        message.state = Message.State.FAILED if error and not reached else Message.State.SENT
        message.sent_at = timezone.now()
        message.reached = reached
        message.error = error[:300]
        message.save(update_fields=["state", "sent_at", "reached", "error"])
    return message


def _email(message: Message, tree: UnitTree) -> tuple[int, str]:
    people = [p for p in audience_people(message, tree) if p.email]
    if not people:
        return 0, "Nobody in the audience has an e-mail address."
    report = send_emails([message_email(message, p, personal_link(message, p)) for p in people])
    error = f"{len(report.failed)} address(es) refused" if report.failed else ""
    return len(report.sent), error


def _webhook(message: Message) -> tuple[int, str]:
    found = settings_for(message.initiative.organisation)
    url = found.slack_webhook if message.channel == Channel.SLACK else found.teams_webhook
    if not url:
        return 0, f"No {message.get_channel_display()} webhook in the change settings."
    outcome = post_webhook(
        url,
        kind="slack" if message.channel == Channel.SLACK else "teams",
        title=message.title,
        text=message.body,
        link=picker_link(message),
        link_label=_("Got it / I have a question"),
    )
    return (1, "") if outcome.ok else (0, outcome.error)


def send_champion_points(today: datetime.date) -> int:
    """Huddle talking points, e-mailed to the audience's champions a couple of days early."""
    early = (
        Message.objects.filter(
            channel=Channel.HUDDLE,
            state=Message.State.PLANNED,
            champions_sent_at__isnull=True,
            due_on__lte=today + datetime.timedelta(days=CHAMPION_LEAD_DAYS),
        )
        .exclude(initiative__status__in=ENDED_STATUSES)
        .select_related("initiative__organisation", "phase")
    )
    sent = 0
    for message in early:
        tree = UnitTree.of(message.initiative.organisation)
        teams = set(audience_teams(message, tree))
        champions = Champion.objects.filter(
            initiative=message.initiative, unit_id__in=teams
        ).select_related("person")
        emails = [
            message_email(message, c.person, personal_link(message, c.person), champion=True)
            for c in champions
            if c.person.email
        ]
        report = send_emails(emails)
        Message.objects.filter(pk=message.pk).update(champions_sent_at=timezone.now())
        sent += len(report.sent)
    return sent
