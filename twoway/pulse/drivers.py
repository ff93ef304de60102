"""Drivers: which pulse items move the recommend question (eNPS) for a unit.

Relative weights (`twoway.insights.drivers`) over respondent-level answers of the unit's most
recent closed waves that asked the recommend question: one row per frontline response, one
column per rating item asked in all of those waves. The recommend question is the outcome
because the overall index is the mean of these very items: regressed on them it would be
"explained" entirely, by construction.

Privacy (docs/privacy.md): drivers need at least `minimum_responses` complete responses
(50 or more, far above k), a unit whose respondents every pooled wave's release shows, and no
unit below it that could be analysed while leaving 1 to k-1 responses over (weights are not
sums, but two analyses that differ by a few people describe them). They show no cell and no
count; whatever keeps them hidden, the page says the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.drivers import (
    LITTLE_EXPLAINED,
    DriverResult,
    NotEnoughResponses,
    driver_analysis,
    minimum_responses,
)
from twoway.org.models import Unit, path_ids
from twoway.surveys.models import Answer, Lens

from .bank import due_codes, pulse_bank
from .models import PulseSchedule, PulseWave
from .snapshots import ensure_snapshots, people_matrix

ENPS_CODE = "enps"
# How many recent closed waves asking the recommend question are pooled: enough people for
# a weekly team, recent enough to describe the team as it is now.
DRIVER_WAVES = 3
AGREE_HIGH = 5


@dataclass
class DriverRow:
    """One item of the table: its share of what is explained and the bootstrap range."""

    text: str
    share: float
    low: float
    high: float


@dataclass
class Drivers:
    """What the page shows: either sentences and rows, or why nothing is shown."""

    k: int
    waves: list[PulseWave]
    needed: int
    reason: str = ""
    sentences: list[str] | None = None
    rows: list[DriverRow] | None = None


def recent_waves(schedule: PulseSchedule, limit: int = DRIVER_WAVES) -> list[PulseWave]:
    """The latest closed waves that asked the recommend question, oldest first."""
    closed = (
        PulseWave.objects.filter(schedule=schedule, campaign__closes_at__lte=timezone.now())
        .select_related("campaign__organisation")
        .order_by("-number")
    )
    asked = [w for w in closed if ENPS_CODE in due_codes(w.number)][:limit]
    return asked[::-1]


def driver_items(waves: list[PulseWave]) -> list[dict]:
    """The bank's rating items asked in every one of `waves`, in the bank's order."""
    common = set.intersection(*(set(due_codes(w.number)) for w in waves)) if waves else set()
    return [i for i in pulse_bank()["items"] if i["kind"] == "agree5" and i["code"] in common]


def response_matrix(waves, unit: Unit, items: list[dict]) -> tuple[np.ndarray, list[int]]:
    """Complete frontline responses of the unit's subtree: items then the outcome, per row,
    and each row's unit id. Reverse-keyed items are flipped so that higher is better."""
    column = {item["code"]: j for j, item in enumerate(items)}
    column[ENPS_CODE] = len(items)
    flip = {item["code"] for item in items if item["reverse"]}
    answers = Answer.objects.filter(
        response__campaign_id__in=[w.campaign_id for w in waves],
        response__unit__path__startswith=unit.path,
        response__is_leader=False,
        lens=Lens.FRONTLINE,
        item__code__in=list(column),
        value__isnull=False,
    ).values_list("response_id", "response__unit_id", "item__code", "value")
    rows: dict[int, list] = {}
    units: dict[int, int] = {}
    for response_id, unit_id, code, value in answers.iterator(chunk_size=5000):
        row = rows.setdefault(response_id, [np.nan] * len(column))
        units[response_id] = unit_id
        row[column[code]] = AGREE_HIGH + 1 - value if code in flip else value
    if not rows:
        return np.empty((0, len(column))), []
    data = np.array(list(rows.values()), dtype=np.float64)
    complete = np.isfinite(data).all(axis=1)
    unit_ids = [units[r] for r, keep in zip(rows, complete, strict=True) if keep]
    return data[complete], unit_ids


def differencing_risk(
    unit: Unit, unit_ids: list[int], k: int, floor: int, waves: list[PulseWave] | None = None
) -> bool:
    """Whether a unit below `unit` whose drivers could be shown (`floor` or more responses and,
    with `waves`, released in each of them) leaves 1 to k-1 responses over in `unit`: showing
    both would describe those few people."""
    per_unit: dict[int, int] = {}
    for unit_id in unit_ids:
        per_unit[unit_id] = per_unit.get(unit_id, 0) + 1
    paths = Unit.objects.filter(
        organisation_id=unit.organisation_id, path__startswith=unit.path
    ).values_list("pk", "path")
    subtree = dict.fromkeys((pk for pk, _path in paths), 0)
    for pk, path in paths:
        for above in path_ids(path):
            if above in subtree:
                subtree[above] += per_unit.get(pk, 0)
    total = subtree.pop(unit.pk, 0)
    below = [pk for pk, n in subtree.items() if n >= floor and 0 < total - n < k]
    if not below or waves is None:
        return bool(below)
    respondents, _invited = people_matrix(waves, below)
    return bool((respondents >= 0).all(axis=1).any())


def unit_drivers(schedule: PulseSchedule, unit: Unit, language: str = "en") -> Drivers:
    """The drivers of the recommend question for `unit`, or why they cannot be shown.

    Whatever keeps them hidden (too few complete responses, a wave whose release hides the
    unit, a unit below it that would leave a few people over), the page says the same thing
    and gives no count: a count of complete responses, or of those still needed, is a count of
    a subset of people, and two of them could be subtracted like any other figure.
    """
    k = schedule.k
    waves = recent_waves(schedule)
    items = driver_items(waves)
    needed = max(minimum_responses(len(items)), k)
    drivers = Drivers(k=k, waves=waves, needed=needed)
    if not waves or not items:
        drivers.reason = _("No closed wave has asked the recommend question yet.")
        return drivers
    data, unit_ids = response_matrix(waves, unit, items)
    hidden = (
        len(data) < needed
        or not _released_every_wave(waves, unit)
        or differencing_risk(unit, unit_ids, k, needed, waves)
    )
    if hidden:
        drivers.reason = _("Not shown yet.")
        return drivers
    texts = [_item_text(item, language) for item in items]
    try:
        result = driver_analysis(data[:, :-1], data[:, -1], texts, min_n=needed)
    except NotEnoughResponses:
        drivers.reason = _(
            "The answers do not vary enough to tell what matters: for instance, everyone gave "
            "the same answer to an item or to the recommend question."
        )
        return drivers
    drivers.sentences = driver_sentences(result)
    drivers.rows = driver_rows(result)
    return drivers


def _released_every_wave(waves: list[PulseWave], unit: Unit) -> bool:
    """Whether each wave's release shows the unit's respondents: drivers pool those waves'
    people, so each wave's part must be a figure that may be shown."""
    ensure_snapshots(waves, unit.organisation_id)
    respondents, _invited = people_matrix(waves, [unit.pk])
    return bool((respondents >= 0).all())


def _item_text(item: dict, language: str) -> str:
    return item["frontline"].get(language) or item["frontline"]["en"]


def driver_sentences(result: DriverResult) -> list[str]:
    """`describe_drivers` for the recommend question, in the active language.

    The English wording is `twoway.insights.drivers.describe_drivers`' (a test keeps them
    equal); the numbers are the same.
    """
    order = np.argsort(-result.rescaled, kind="stable").tolist()
    values = {"count": len(result.items), "r2": f"{result.r2 * 100:.0f}"}
    if result.r2 < LITTLE_EXPLAINED:
        first_line = _(
            "Together these %(count)s items explain very little (about %(r2)s%%) of the "
            "differences in whether people would recommend working here: it depends mostly on "
            "other things, so read the shares below as how that small part divides, not as "
            "strong drivers."
        )
    else:
        first_line = _(
            "Together these %(count)s items explain about %(r2)s%% of the differences in "
            "whether people would recommend working here; the shares below divide that part "
            "between them."
        )
    lines = [first_line % values]
    for rank, j in enumerate(order):
        values = {
            "item": result.items[j],
            "share": f"{result.rescaled[j]:.0f}",
            "low": f"{result.rescaled_low[j]:.0f}",
            "high": f"{result.rescaled_high[j]:.0f}",
        }
        lines.append(_rank_sentence(rank) % values)
    if len(order) > 1 and not result.lead_is_clear:
        first, second = result.items[order[0]], result.items[order[1]]
        lines.append(
            _("%(first)s and %(second)s cannot be told apart with this many responses.")
            % {"first": first, "second": second}
        )
    return lines


def _rank_sentence(rank: int) -> str:
    if rank == 0:
        return _(
            "%(item)s matters most: about %(share)s%% of what the items explain "
            "(likely between %(low)s%% and %(high)s%%)."
        )
    if rank == 1:
        return _(
            "%(item)s comes next: about %(share)s%% of what the items explain "
            "(likely between %(low)s%% and %(high)s%%)."
        )
    return _(
        "%(item)s follows: about %(share)s%% of what the items explain "
        "(likely between %(low)s%% and %(high)s%%)."
    )


def driver_rows(result: DriverResult) -> list[DriverRow]:
    """Table rows, most important item first."""
    order = np.argsort(-result.rescaled, kind="stable").tolist()
    return [
        DriverRow(
            result.items[j],
            float(result.rescaled[j]),
            float(result.rescaled_low[j]),
            float(result.rescaled_high[j]),
        )
        for j in order
    ]
