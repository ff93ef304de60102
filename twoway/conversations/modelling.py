"""Leader modelling (seed 003: "ensure that contact center management is modeling the behavior
they want"): three items about one's own team lead, riding in pulse waves.

On a pulse wave whose schedule has modelling switched on, the answer page (through the surveys
registry of extra questions) asks each respondent who came by their personal link about their
own manager: the items are optional, and only counts are kept (`ModellingCount`: rated leader,
wave, item, answer), never the response or the person. Team-code answers carry no person, so
they are not asked (nobody would know whose leader is meant).

Reading, after the wave closes:
- a leader sees their own result only when at least k of their direct team answered an item,
  with their site's figure beside it; both pass `insights.units.protect_unit_tree` over the
  site's leaders (each leader a leaf under the site), so the site minus the leader never
  isolates fewer than k answers; when it would, the site figure gives way, not the leader's;
- their manager sees only the figure pooled over the leaders reporting to them, and only when
  at least k of those leaders were rated, each by at least one person, and k answers in all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twoway.insights.units import protect_unit_tree
from twoway.org.models import LEADER_ROLES, Person, Unit, UnitKind, path_ids
from twoway.pulse.hot import is_pulse_wave
from twoway.pulse.models import PulseWave
from twoway.surveys.extra_questions import ExtraQuestion
from twoway.surveys.models import Campaign

from .models import ModellingCount, ModellingSetting

ITEMS = {
    "does": gettext_lazy("My team lead does what they ask us to do during this change."),
    "explains": gettext_lazy("My team lead explains why we are changing."),
    "listens": gettext_lazy("My team lead listens to us and acts on what we say."),
}
FIELD_PREFIX = "modelling-"
VALUES = range(1, 6)
AGREE_FROM = 4


def answer_options() -> list[tuple[str, str]]:
    labels = [
        _("Strongly disagree"), _("Disagree"), _("Neutral"), _("Agree"), _("Strongly agree")
    ]  # fmt: skip
    return [(str(v), label) for v, label in zip(VALUES, labels, strict=True)]


def rated_leader(campaign: Campaign, person: Person | None) -> Person | None:
    """Whom `person` would rate on this wave: their active manager who leads people."""
    if person is None or not is_pulse_wave(campaign.pk) or person.manager_id is None:
        return None
    wave = PulseWave.objects.filter(campaign=campaign).only("schedule_id").first()
    if wave is None:
        return None
    if not ModellingSetting.objects.filter(schedule_id=wave.schedule_id, enabled=True).exists():
        return None
    return Person.objects.filter(
        pk=person.manager_id, is_active=True, role__in=LEADER_ROLES
    ).first()


def posted_answers(post_data) -> list[list]:
    """The modelling answers in `post_data`, as [item, value] pairs (optional items skipped)."""
    valid = {str(v) for v in VALUES}
    return [
        [code, int(post_data[f"{FIELD_PREFIX}{code}"])]
        for code in ITEMS
        if post_data.get(f"{FIELD_PREFIX}{code}", "") in valid
    ]


def count_answers(campaign_id: int, leader_id: int, answers: list[list]) -> int:
    """Add answers ([item, value] pairs) to the leader's counts; returns how many."""
    with transaction.atomic():
        for code, value in answers:
            row, _created = ModellingCount.objects.get_or_create(
                campaign_id=campaign_id, leader_id=leader_id, item=code, value=value
            )
            ModellingCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
    return len(answers)


def record_answers(campaign: Campaign, leader: Person, post_data) -> int:
    """Add the posted answers to the leader's counts at once; returns how many were answered."""
    return count_answers(campaign.pk, leader.pk, posted_answers(post_data))


class ModellingProvider:
    """The modelling items as extra questions of the answer page (`surveys.extra_questions`)."""

    def pending(self, unit_id: int, campaign: Campaign, person: Person | None) -> list[Any]:
        leader = rated_leader(campaign, person)
        return [(campaign, leader)] if leader is not None else []

    def questions(self, pending: list[Any], post_data) -> list[ExtraQuestion]:
        if not pending:
            return []
        return [
            ExtraQuestion(
                name=f"{FIELD_PREFIX}{code}",
                text=str(text),
                options=answer_options(),
                value=post_data.get(f"{FIELD_PREFIX}{code}", ""),
                hint=_(
                    "Optional. Your team lead sees only what several of you said together, "
                    "never your answer."
                ),
            )
            for code, text in ITEMS.items()
        ]

    def hold(self, post_data, pending: list[Any], person: Person | None) -> list[list]:
        """Keep the answers with the held response: they are counted with its batch, so the
        leader's counts never move at the moment someone answered."""
        return [[leader.pk, posted_answers(post_data)] for _campaign, leader in pending]

    def release(self, campaign: Campaign, held: list[list[list]]) -> None:
        for kept in held:
            for leader_id, answers in kept:
                count_answers(campaign.pk, leader_id, answers)


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemFigure:
    code: str
    text: str
    n: int | None  # None: hidden (fewer than k, or it would reveal fewer than k)
    mean: float | None
    agree: float | None


def latest_closed_wave(organisation_id: int) -> Campaign | None:
    return (
        Campaign.objects.filter(
            organisation_id=organisation_id,
            pulse_wave__isnull=False,
            closes_at__lte=timezone.now(),
            pk__in=ModellingCount.objects.values("campaign_id"),
        )
        .order_by("-closes_at", "-pk")
        .first()
    )


def _counts(campaign: Campaign, leader_ids) -> dict[tuple[int, str], dict[int, int]]:
    found: dict[tuple[int, str], dict[int, int]] = {}
    rows = ModellingCount.objects.filter(campaign=campaign, leader_id__in=list(leader_ids))
    for leader_id, item, value, count in rows.values_list("leader_id", "item", "value", "count"):
        found.setdefault((leader_id, item), {})[value] = count
    return found


def _figure(code: str, counts: dict[int, int] | None, shown: bool) -> ItemFigure:
    counts = counts or {}
    n = sum(counts.values())
    if not shown or not n:
        return ItemFigure(code, str(ITEMS[code]), None, None, None)
    mean = sum(v * c for v, c in counts.items()) / n
    agree = sum(c for v, c in counts.items() if v >= AGREE_FROM) / n
    return ItemFigure(code, str(ITEMS[code]), n, mean, agree)


def site_of(unit: Unit) -> Unit | None:
    ids = path_ids(unit.path)
    return Unit.objects.filter(pk__in=ids, kind=UnitKind.SITE).first()


def own_result(leader: Person, k: int) -> dict[str, Any] | None:
    """The leader's own figures and their site's, per item, of the latest closed wave."""
    campaign = latest_closed_wave(leader.organisation_id)
    if campaign is None:
        return None
    site = site_of(leader.unit)
    peers = Person.objects.filter(organisation_id=leader.organisation_id, role__in=LEADER_ROLES)
    if site is not None:
        peers = peers.filter(unit__path__startswith=site.path)
    peer_ids = set(peers.values_list("pk", flat=True)) | {leader.pk}
    counts = _counts(campaign, peer_ids)
    mine, theirs = [], []
    for code in ITEMS:
        visible = _visible_figures(counts, peer_ids, code, leader.pk, k)
        site_counts: dict[int, int] = {}
        for pk in peer_ids:
            for value, count in counts.get((pk, code), {}).items():
                site_counts[value] = site_counts.get(value, 0) + count
        mine.append(
            _figure(code, counts.get((leader.pk, code)), visible.get(f"site/{leader.pk}", False))
        )
        theirs.append(_figure(code, site_counts, visible.get("site", False)))
    rows = list(zip(mine, theirs, strict=True))
    return {"campaign": campaign, "site": site, "rows": rows, "k": k}


def _visible_figures(counts, peer_ids, code: str, me: int, k: int) -> dict[str, bool]:
    """Whether the leader's own figure ("site/<me>") and the site's ("site") may be shown.

    The leader's own comes first: it is shown whenever it holds k answers on its own; the site
    figure is added only if the two together leave no one else's answers below k.
    """
    own = {f"site/{pk}": sum(counts.get((pk, code), {}).values()) for pk in peer_ids}
    alone = protect_unit_tree(own, k, show=[f"site/{me}"])
    together = protect_unit_tree(own, k, show=["site", f"site/{me}"])
    mine = alone.get(f"site/{me}", False)
    site = together.get("site", False) and together.get(f"site/{me}", False) == mine
    return {f"site/{me}": mine, "site": site}


def pooled_result(manager: Person, k: int) -> dict[str, Any] | None:
    """The figures pooled over the leaders reporting to `manager`, only over k leaders."""
    campaign = latest_closed_wave(manager.organisation_id)
    if campaign is None:
        return None
    leaders = set(
        Person.objects.filter(manager=manager, is_active=True, role__in=LEADER_ROLES).values_list(
            "pk", flat=True
        )
    )
    if not leaders:
        return None
    counts = _counts(campaign, leaders)
    figures = []
    for code in ITEMS:
        rated = [pk for pk in leaders if sum(counts.get((pk, code), {}).values()) > 0]
        pooled: dict[int, int] = {}
        for pk in rated:
            for value, count in counts[(pk, code)].items():
                pooled[value] = pooled.get(value, 0) + count
        enough = len(rated) >= k and sum(pooled.values()) >= k
        figures.append(_figure(code, pooled, enough))
    return {"campaign": campaign, "leaders": len(leaders), "figures": figures, "k": k}
