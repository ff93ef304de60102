"""Readiness (ADKAR) and line of sight, asked in the pulse waves people already answer, and
what leaders may see of the answers.

Asking: `ReadinessQuestions` is a provider of `twoway.surveys.extra_questions` (registered in
`ChangeConfig.ready()`). While an initiative is active (planned, rolling out or sustaining) its
five ADKAR elements ride in the pulse waves of the units it covers; the two line-of-sight items
ride in every wave. Agents rate themselves, leaders their team (the wording follows the lens).

How many: the pulse's own rotation asks 3 to 6 rated items a wave, so that a wave stays under a
minute. We keep that block as it is and add at most `max(READINESS_MIN, PAGE_RATED_CAP - own)`
rated questions of ours: the room left under 6 when there is some, else 2 (the built-in change
pulse asks 5 or 6 of its own, so in practice 2). The candidates (the two line-of-sight items,
then five elements per active initiative) rotate by wave number, so every one comes back
regularly: with one initiative, each of the seven every 3.5 waves. See docs/method-change.md.

Keeping: answers are counted per (wave, initiative, unit, lens, element, value) in
`ReadinessCount` (`VisionCount` for line of sight), never with the response, never a person.

Showing: only closed waves; each element is read from the latest closed wave that asked it,
through `gap_results` (k, the subtraction audit, leaders aggregated upward until k).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from twoway.insights.anonymity import effective_threshold
from twoway.insights.readiness import ELEMENTS, UnitReadiness, readiness_by_unit
from twoway.insights.units import protect_unit_tree
from twoway.org.models import LEADER_ROLES, Person, Unit
from twoway.pulse.hot import is_pulse_wave
from twoway.pulse.models import PulseWave
from twoway.surveys.extra_questions import ExtraQuestion
from twoway.surveys.models import Campaign, Item, ItemKind

from .access import Seat
from .models import ACTIVE_STATUSES, Initiative, Phase, ReadinessCount, VisionCount

PAGE_RATED_CAP = 6
READINESS_MIN = 2
FIELD = "change-{}-{}"  # initiative id (0: line of sight), item
LOS_ITEMS = ("los-heading", "los-contribute")
FRONTLINE, LEADER = "frontline", "leader"

ELEMENT_LABELS = {
    "awareness": gettext_lazy("Awareness"),
    "desire": gettext_lazy("Desire"),
    "knowledge": gettext_lazy("Knowledge"),
    "ability": gettext_lazy("Ability"),
    "reinforcement": gettext_lazy("Reinforcement"),
}


def wording(item: str, lens: str, title: str = "") -> str:
    """The question in the respondent's lens: agents about themselves, leaders their team."""
    mine = lens != LEADER
    if item == "awareness":
        text = (
            _("I understand why %(c)s is happening.")
            if mine
            else _("My team understands why %(c)s is happening.")
        )
    elif item == "desire":
        text = _("I want %(c)s to work.") if mine else _("My team wants %(c)s to work.")
    elif item == "knowledge":
        text = (
            _("I know how to work with %(c)s.")
            if mine
            else _("My team knows how to work with %(c)s.")
        )
    elif item == "ability":
        text = (
            _("I can do my job well with %(c)s.")
            if mine
            else _("My team can do its job well with %(c)s.")
        )
    elif item == "reinforcement":
        text = (
            _("Working the new way with %(c)s is recognised here.")
            if mine
            else _("My team's new way of working with %(c)s is recognised here.")
        )
    elif item == "los-heading":
        return (
            _("I know where our center is heading.")
            if mine
            else _("My team knows where our center is heading.")
        )
    else:
        return (
            _("I see how my work helps get there.")
            if mine
            else _("My team sees how its work helps get there.")
        )
    return text % {"c": title}


def agree_options() -> list[tuple[str, str]]:
    """The answer page's own agreement labels (the change pulse bank's), in a context of
    their own so that no other app's wording of the same words replaces them."""
    return [
        ("1", pgettext("agreement scale", "Strongly disagree")),
        ("2", pgettext("agreement scale", "Disagree")),
        ("3", pgettext("agreement scale", "Neither agree nor disagree")),
        ("4", pgettext("agreement scale", "Agree")),
        ("5", pgettext("agreement scale", "Strongly agree")),
    ]


# --- Asking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    campaign_id: int
    unit_id: int
    initiative_id: int | None  # None: line of sight
    title: str
    item: str
    lens: str | None  # None: not known yet (a team code before its role is posted)

    @property
    def field(self) -> str:
        return FIELD.format(self.initiative_id or 0, self.item)


def active_initiatives(unit: Unit, today: datetime.date) -> list[Initiative]:
    """Active initiatives with a phase covering the unit that has not ended."""
    phases = Phase.objects.filter(
        units__in=unit.ancestor_ids(),
        sustain_until__gte=today,
        initiative__status__in=ACTIVE_STATUSES,
        initiative__organisation_id=unit.organisation_id,
    )
    ids = phases.values_list("initiative_id", flat=True)
    return list(Initiative.objects.filter(pk__in=ids).order_by("pk"))


def own_rated(campaign: Campaign) -> int:
    return Item.objects.filter(template_id=campaign.template_id, kind=ItemKind.AGREE5).count()


def rotation(candidates: list, wave_number: int, budget: int) -> list:
    """`budget` candidates for wave `wave_number`, each in turn (wave 1 starts at the first)."""
    if not candidates or budget <= 0:
        return []
    start = (wave_number - 1) * budget % len(candidates)
    return [candidates[(start + i) % len(candidates)] for i in range(min(budget, len(candidates)))]


def lens_of(person: Person | None, post_data=None) -> str | None:
    if person is not None:
        return LEADER if person.role in LEADER_ROLES else FRONTLINE
    role = (post_data or {}).get("role")
    return LEADER if role == "leader" else FRONTLINE if role == "frontline" else None


class ReadinessQuestions:
    """Readiness and line of sight as extra questions of the answer page."""

    def pending(self, unit_id: int, campaign: Campaign, person: Person | None) -> list[Asked]:
        if not is_pulse_wave(campaign.pk):
            return []
        wave = PulseWave.objects.filter(campaign=campaign).first()
        unit = Unit.objects.filter(pk=unit_id).first()
        if wave is None or unit is None:
            return []
        today = timezone.localdate()
        candidates: list[tuple[int | None, str, str]] = [(None, "", item) for item in LOS_ITEMS]
        for initiative in active_initiatives(unit, today):
            candidates += [(initiative.pk, initiative.title, e) for e in ELEMENTS]
        budget = max(READINESS_MIN, PAGE_RATED_CAP - own_rated(campaign))
        lens = lens_of(person)
        return [
            Asked(campaign.pk, unit.pk, initiative_id, title, item, lens)
            for initiative_id, title, item in rotation(candidates, wave.number, budget)
        ]

    def questions(self, pending: list[Asked], post_data) -> list[ExtraQuestion]:
        post_data = post_data or {}
        options = agree_options()
        return [
            ExtraQuestion(
                name=asked.field,
                text=wording(
                    asked.item, asked.lens or lens_of(None, post_data) or FRONTLINE, asked.title
                ),
                options=options,
                value=post_data.get(asked.field, ""),
                hint=_("Optional. Only how many gave each answer is kept, never who."),
            )
            for asked in pending
        ]

    def hold(self, post_data, pending: list[Asked], person: Person | None) -> list[list]:
        """Keep the answers with the held response, to be counted with its batch (a count
        that moved at the moment someone answered would date their answer)."""
        lens = lens_of(person, post_data) or FRONTLINE
        kept = []
        for asked in pending:
            value = post_data.get(asked.field, "")
            if value in {"1", "2", "3", "4", "5"}:  # optional: no answer, nothing kept
                kept.append([asked.unit_id, asked.initiative_id, asked.item, lens, int(value)])
        return kept

    def release(self, campaign: Campaign, held: list[list[list]]) -> None:
        for answers in held:
            for unit_id, initiative_id, item, lens, value in answers:
                asked = Asked(campaign.pk, unit_id, initiative_id, "", item, lens)
                count_answer(asked, lens, value)


def count_answer(asked: Asked, lens: str, value: int) -> None:
    """Add one to a cell; nothing else about the answer is kept."""
    with transaction.atomic():
        if asked.initiative_id is None:
            row, _ = VisionCount.objects.get_or_create(
                campaign_id=asked.campaign_id,
                unit_id=asked.unit_id,
                lens=lens,
                item=asked.item,
                value=value,
            )
            VisionCount.objects.filter(pk=row.pk).update(count=F("count") + 1)
        else:
            row2, _ = ReadinessCount.objects.get_or_create(
                campaign_id=asked.campaign_id,
                initiative_id=asked.initiative_id,
                unit_id=asked.unit_id,
                lens=lens,
                element=asked.item,
                value=value,
            )
            ReadinessCount.objects.filter(pk=row2.pk).update(count=F("count") + 1)


# --- Showing --------------------------------------------------------------------------------


def _closed(now=None) -> Q:
    return Q(campaign__closes_at__lte=now or timezone.now())


def latest_readings(
    initiative: Initiative,
) -> tuple[pl.DataFrame, int, dict[str, datetime.datetime]]:
    """Counts of each element from the latest closed wave that asked it, the k that applies,
    and when each element's wave closed."""
    base = ReadinessCount.objects.filter(_closed(), initiative=initiative)
    latest = dict(base.values_list("element").annotate(last=Max("campaign__closes_at")))
    rows = list(
        base.filter(
            Q(*[Q(element=e, campaign__closes_at=t) for e, t in latest.items()], _connector=Q.OR)
            if latest
            else Q(pk__in=[])
        ).values_list("unit__path", "lens", "element", "value", "count", "campaign__threshold")
    )
    thresholds = {r[5] for r in rows}
    k = effective_threshold(initiative.organisation.anonymity_threshold, *thresholds)
    frame = pl.DataFrame(
        [(path.strip("/"), lens, element, value, n) for path, lens, element, value, n, _t in rows],
        schema={
            "unit": pl.String,
            "lens": pl.String,
            "item": pl.String,
            "value": pl.Int64,
            "count": pl.Int64,
        },
        orient="row",
    )
    return frame, k, latest


@dataclass
class ReadinessRow:
    unit: Unit
    path: str  # without the top unit
    readiness: UnitReadiness


def readiness_section(seat: Seat) -> dict:
    frame, k, latest = latest_readings(seat.initiative)
    found = readiness_by_unit(frame, k) if frame.height else {}
    by_path = {u.path.strip("/"): u for u in seat.tree.units.values()}
    impacted = seat.phases.impacted_units()
    rows = []
    for path, readiness in found.items():
        unit = by_path.get(path)
        if unit is None or not seat.sees_unit(unit.pk):
            continue
        if not any(seat.tree.related(unit.pk, pk) for pk in impacted):
            continue
        rows.append(ReadinessRow(unit, seat.tree.short(unit.pk), readiness))
    rows.sort(key=lambda row: (row.unit.depth, row.path.casefold()))
    overall = rows[0].readiness if rows else None
    return {
        "rows": rows,
        "overall": overall,
        "k": k,
        "elements": [(e, ELEMENT_LABELS[e]) for e in ELEMENTS],
        "latest": latest,
        "checks": readiness_checks(seat),
    }


def readiness_checks(seat: Seat) -> list[tuple[Phase, int]]:
    """Per phase: the closed waves that asked its units about readiness before its go-live."""
    phases = seat.phases.phases
    waves = (
        ReadinessCount.objects.filter(_closed(), initiative=seat.initiative)
        .values_list("unit__path", "campaign_id", "campaign__closes_at")
        .distinct()
    )
    waves = list(waves)
    out = []
    for phase in phases:
        named = [seat.tree.units[pk].path for pk in seat.phases.units[phase.pk]]
        before = {
            campaign
            for path, campaign, closes in waves
            if closes.date() < phase.go_live and any(path.startswith(n) for n in named)
        }
        out.append((phase, len(before)))
    return out


# --- Line of sight ---------------------------------------------------------------------------


@dataclass
class SightPoint:
    closes: datetime.date
    item: str
    n: int | None
    index: float | None  # 0-100: (mean - 1) / 4 x 100


def sight_trend(unit: Unit, waves: int = 12) -> list[SightPoint]:
    """The unit's line-of-sight index per closed wave and item, shown only where its wave's
    figures pass `protect_unit_tree`; frontline answers only (the pulse is their voice)."""
    organisation = unit.organisation
    campaigns = list(
        Campaign.objects.filter(
            organisation=organisation, pulse_wave__isnull=False, closes_at__lte=timezone.now()
        )
        .filter(pk__in=VisionCount.objects.values("campaign_id"))
        .order_by("-closes_at")[:waves]
    )
    rows = VisionCount.objects.filter(campaign__in=campaigns, lens=FRONTLINE).values_list(
        "campaign_id", "unit__path", "item", "value", "count"
    )
    cells: dict[tuple[int, str], dict[str, list[int]]] = {}
    for campaign_id, path, item, value, n in rows:
        cells.setdefault((campaign_id, item), {}).setdefault(path.strip("/"), [0, 0])
        cell = cells[(campaign_id, item)][path.strip("/")]
        cell[0] += n
        cell[1] += n * value
    me = unit.path.strip("/")
    points = []
    for campaign in reversed(campaigns):
        k = effective_threshold(organisation.anonymity_threshold, campaign.threshold)
        for item in LOS_ITEMS:
            own = cells.get((campaign.pk, item), {})
            if not own:
                continue
            shown = protect_unit_tree({p: v[0] for p, v in own.items()}, k).get(me, False)
            inside = [v for p, v in own.items() if p == me or p.startswith(me + "/") or not me]
            n = sum(v[0] for v in inside)
            total = sum(v[1] for v in inside)
            ok = shown and n >= k
            points.append(
                SightPoint(
                    timezone.localdate(campaign.closes_at),
                    item,
                    n if ok else None,
                    (total / n - 1) / 4 * 100 if ok and n else None,
                )
            )
    return points
