"""Who a campaign reaches, who still needs a reminder, and participation per unit (never who)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from twoway.insights.anonymity import effective_threshold
from twoway.insights.units import live_participation
from twoway.org.models import LEADER_ROLES, Person, Unit, UnitKind

from .models import Campaign, Invitation, Response
from .results import RESPONDENTS, campaign_results, unit_key


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
    """Invited and answered in a unit's subtree, as far as they may be shown.

    While a campaign runs, `rate` is the live share (`insights.units.live_participation`: up
    to yesterday, in tenths, big units only) and `responded` is None. Once it has closed,
    `responded` is the release's respondents figure for the unit (None where hidden) and
    `rate` follows from it.
    """

    unit: Unit
    invited: int
    responded: int | None
    rate: float | None
    live: bool


def participation(campaign: Campaign, units: list[Unit]) -> list[UnitParticipation]:
    """Participation per unit subtree, from invitations and responses (never who)."""
    invited = _subtree_counts(campaign, units, campaign.invitations.all())
    if campaign.status == Campaign.Status.CLOSED:
        return _closed_participation(campaign, units, invited)
    k = effective_threshold(campaign.threshold, campaign.organisation.anonymity_threshold)
    before_today = Response.objects.filter(campaign=campaign, submitted_on__lt=timezone.localdate())
    answered = _subtree_counts(campaign, units, before_today)
    return [
        UnitParticipation(
            u, invited[u.pk], None, live_participation(answered[u.pk], invited[u.pk], k), True
        )
        for u in units
    ]


def _closed_participation(campaign, units, invited) -> list[UnitParticipation]:
    results = campaign_results(campaign, "now")
    rows = []
    for unit in units:
        record = results.cell(unit_key(unit.path), "all", RESPONDENTS)
        shown = record is not None and not record["suppressed"]
        responded = int(record["n"]) if shown else None
        rate = responded / invited[unit.pk] if shown and invited[unit.pk] else None
        rows.append(UnitParticipation(unit, invited[unit.pk], responded, rate, False))
    return rows


def _subtree_counts(campaign: Campaign, units: list[Unit], queryset) -> dict[int, int]:
    """Rows of `queryset` (invitations or responses, each with a unit) per unit subtree."""
    per_unit = dict(queryset.values("unit_id").annotate(n=Count("pk")).values_list("unit_id", "n"))
    paths = dict(Unit.objects.filter(organisation=campaign.organisation).values_list("pk", "path"))
    return {
        unit.pk: sum(n for pk, n in per_unit.items() if paths.get(pk, "").startswith(unit.path))
        for unit in units
    }


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
