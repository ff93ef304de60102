"""Who a campaign reaches, who still needs a reminder, and participation per unit (never who)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from twoway.org.models import LEADER_ROLES, Person, Unit, UnitKind

from .models import Campaign, Invitation, Response


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
