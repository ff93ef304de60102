"""Campaign actions: create, choose the audience, launch (links and team codes), remind.

Invitation tokens are derived with an HMAC of the server's secret, so a reminder can resend
the same link, and only their SHA-256 is stored: a leaked database does not yield working
links. A token identifies an invitation, never a response.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from twoway.org.models import LEADER_ROLES, AuditEvent, Organisation, Person, Unit, UnitKind
from twoway.org.services import audit

from .models import Campaign, Invitation, KioskCode, Response, Template

KIOSK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a huddle


def invitation_token(campaign_id: int, person_id: int) -> str:
    message = f"twoway-invitation:{campaign_id}:{person_id}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return digest[:18].hex()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_kiosk_code() -> str:
    return "".join(secrets.choice(KIOSK_ALPHABET) for _ in range(6))


@dataclass
class CampaignSpec:
    template: Template
    name: str
    opens_at: object
    closes_at: object
    languages: list[str]
    threshold: int
    units: list[Unit]
    roles: list[str]
    webhook_url: str = ""
    webhook_kind: str = ""


def create_campaign(organisation: Organisation, spec: CampaignSpec, actor=None) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organisation=organisation,
            template=spec.template,
            name=spec.name,
            opens_at=spec.opens_at,
            closes_at=spec.closes_at,
            languages=spec.languages,
            threshold=max(spec.threshold, organisation.anonymity_threshold),
            audience_roles=spec.roles,
            webhook_url=spec.webhook_url,
            webhook_kind=spec.webhook_kind,
            created_by=actor,
        )
        campaign.audience_units.set(spec.units)
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED, f"Campaign {spec.name} created"
        )
    return campaign


def audience_filter(campaign: Campaign) -> Q:
    units = list(campaign.audience_units.all())
    where = Q(organisation=campaign.organisation, is_active=True)
    if units:
        subtree = Q()
        for unit in units:
            subtree |= Q(unit__path__startswith=unit.path)
        where &= subtree
    if campaign.audience_roles:
        where &= Q(role__in=campaign.audience_roles)
    return where


def audience(campaign: Campaign) -> QuerySet[Person]:
    return Person.objects.filter(audience_filter(campaign))


def launch_campaign(campaign: Campaign, actor=None) -> int:
    """Create an invitation per person in the audience and a code per team; idempotent."""
    with transaction.atomic():
        invited = set(campaign.invitations.values_list("person_id", flat=True))
        people = audience(campaign).exclude(pk__in=invited).only("pk", "unit_id", "email")
        Invitation.objects.bulk_create(
            [
                Invitation(
                    campaign=campaign,
                    person_id=p.pk,
                    unit_id=p.unit_id,
                    token_hash=hash_token(invitation_token(campaign.pk, p.pk)),
                    channel=Invitation.Channel.EMAIL if p.email else Invitation.Channel.LINK,
                )
                for p in people
            ],
            batch_size=2000,
        )
        team_ids = set(audience(campaign).values_list("unit_id", flat=True))
        coded = set(campaign.kiosk_codes.values_list("unit_id", flat=True))
        for unit_id in sorted(team_ids - coded):
            KioskCode.objects.create(campaign=campaign, unit_id=unit_id, code=_unique_code())
        campaign.launched = True
        campaign.save(update_fields=["launched"])
        audit(
            campaign.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Campaign {campaign.name} launched",
        )
    return campaign.invitations.count()


def _unique_code() -> str:
    while True:
        code = new_kiosk_code()
        if not KioskCode.objects.filter(code=code).exists():
            return code


def invitation_for_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    # Only the columns the answer page needs: this runs on every submission.
    return (
        Invitation.objects.select_related("campaign", "person")
        .only(
            "responded",
            "unit_id",
            "campaign",
            "person__language",
            "person__role",
            "person__hire_date",
            "person__work_location",
            "person__unit_id",
        )
        .filter(token_hash=hash_token(token))
        .first()
    )


@dataclass
class UnitParticipation:
    unit: Unit
    invited: int
    responded: int

    @property
    def rate(self) -> float | None:
        return self.responded / self.invited if self.invited else None


def participation(campaign: Campaign, units: list[Unit]) -> list[UnitParticipation]:
    """Invited and responded per unit subtree, from invitations and responses (never who).

    Responses count those who answered through a team code too, so a rate can pass 100%
    of invitations; the page says so.
    """
    invited = dict(
        campaign.invitations.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n")
    )
    responded = dict(
        Response.objects.filter(campaign=campaign)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    all_units = Unit.objects.filter(organisation=campaign.organisation).only("pk", "path")
    paths = {u.pk: u.path for u in all_units}
    rows = []
    for unit in units:
        members = [pk for pk, path in paths.items() if path.startswith(unit.path)]
        rows.append(
            UnitParticipation(
                unit,
                sum(invited.get(pk, 0) for pk in members),
                sum(responded.get(pk, 0) for pk in members),
            )
        )
    return rows


def is_leader(person: Person) -> bool:
    return person.role in LEADER_ROLES


def team_units(campaign: Campaign) -> QuerySet[Unit]:
    return Unit.objects.filter(organisation=campaign.organisation, kind=UnitKind.TEAM)


def reminders_due(campaign: Campaign) -> QuerySet[Invitation]:
    """Non-responders with an e-mail address, not reminded in the last day."""
    day_ago = timezone.now() - timezone.timedelta(days=1)
    return campaign.invitations.filter(responded=False, channel=Invitation.Channel.EMAIL).filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=day_ago)
    )
