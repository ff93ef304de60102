"""Pulse alerts: drops and participation collapses per unit, computed when a wave closes.

`compute_alerts(wave)` reads the wave and its trailing baseline waves from stored counts (as
`trends.py` does, for every unit of the organisation at once) and keeps what
`twoway.insights.pulse.drop_alerts` and `participation_alerts` flag. `deliver_alerts` e-mails
each unit's leaders, at most once per (unit, kind, item) within the cool-down.
`check_closed_waves()` is the hook the schedule tick calls.

Privacy (docs/privacy.md): alerts read nothing but the waves' releases (`snapshots.py`): an
item's counts where the release shows them, respondents where it shows them. So an alert, its
figures and its very existence are functions of cells every page may show, for the whole tree
at once; a hidden figure is never described, not even as "fewer than k". Alert texts name
units and items, never people.
"""

from __future__ import annotations

import datetime
import logging
import math
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from twoway.insights.pulse import (
    DEFAULT_BASELINE_WAVES,
    DropAlert,
    ParticipationAlert,
    drop_alerts,
    participation_alerts,
)
from twoway.notify.email import OutgoingEmail, send_emails, supported_language
from twoway.org.models import LEADER_ROLES, Person, Unit
from twoway.reports.numbers import percent

from .models import PulseAlert, PulseAlertCheck, PulseSchedule, PulseWave
from .snapshots import all_unit_counts, ensure_snapshots, people_matrix
from .trends import AGREE, rated_items

log = logging.getLogger(__name__)

COOLDOWN_DAYS = 14
# Waves that closed longer ago than this are not checked: turning alerts on for a schedule
# with a long history must not e-mail leaders about dips of last year.
LOOKBACK_DAYS = 14


# --- Computing ---------------------------------------------------------------------------------


@dataclass
class _Series:
    """Released figures of every unit over the waves read: the last one is the wave checked."""

    unit_ids: list[int]
    agree: np.ndarray  # (units, items, waves, 5), zero where hidden
    respondents: np.ndarray  # (units, waves), -1 where hidden
    invited: np.ndarray  # (units, waves)


def compute_alerts(wave: PulseWave) -> list[PulseAlert]:
    """Store the alerts of a closed wave (idempotent); returns the wave's alerts."""
    schedule = wave.schedule
    k = schedule.k
    waves = list(
        PulseWave.objects.filter(
            schedule=schedule,
            number__lte=wave.number,
            campaign__closes_at__lte=timezone.now(),
        )
        .select_related("campaign__organisation")
        .order_by("-number")[: DEFAULT_BASELINE_WAVES + 1]
    )[::-1]
    if len(waves) >= 2 and waves[-1].pk == wave.pk:
        series = _series(schedule, waves)
        found = _drops(series, k) + _participation(series, k)
        PulseAlert.objects.bulk_create(
            [PulseAlert(schedule=schedule, wave=wave, **fields) for fields in found],
            ignore_conflicts=True,
        )
    return list(PulseAlert.objects.filter(wave=wave))


def _series(schedule: PulseSchedule, waves: list[PulseWave]) -> _Series:
    """Every unit's released figures over `waves`, from the stored per-wave release."""
    ensure_snapshots(waves, schedule.organisation_id)
    unit_ids = list(
        Unit.objects.filter(organisation_id=schedule.organisation_id).values_list("pk", flat=True)
    )
    row = {pk: r for r, pk in enumerate(unit_ids)}
    items = rated_items()
    position = {item["code"]: i for i, item in enumerate(items)}
    agree = np.zeros((len(unit_ids), len(items), len(waves), 5), dtype=np.int64)
    column = {w.pk: t for t, w in enumerate(waves)}
    for (wave_id, unit_id), counts in all_unit_counts(waves).items():
        for code, values in counts.items():
            if code in position and len(values) == 5 and unit_id in row:
                agree[row[unit_id], position[code], column[wave_id]] = values
    respondents, invited = people_matrix(waves, unit_ids)
    return _Series(unit_ids, agree, respondents, invited)


def _finite(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _drops(series: _Series, k: int) -> list[dict]:
    items = rated_items()
    wave = series.agree.shape[-2] - 1
    found: list[DropAlert] = drop_alerts(
        series.agree, AGREE, k, wave, reverse=[i["reverse"] for i in items]
    )
    return [
        {
            "unit_id": series.unit_ids[a.cell[0]],
            "kind": PulseAlert.Kind.DROP,
            "item_code": items[a.cell[1]]["code"],
            "value": _finite(a.index),
            "baseline": _finite(a.index_baseline),
            "change": _finite(a.change),
            "p": _finite(a.p),
        }
        for a in found
    ]


def _participation(series: _Series, k: int) -> list[dict]:
    wave = series.respondents.shape[-1] - 1
    found: list[ParticipationAlert] = participation_alerts(
        series.respondents, series.invited, k, wave, shown=series.respondents >= 0
    )
    return [
        {
            "unit_id": series.unit_ids[a.cell[0]],
            "kind": PulseAlert.Kind.PARTICIPATION,
            "item_code": "",
            "value": a.rate,
            "baseline": a.rate_baseline,
            "change": a.rate - a.rate_baseline,
            "p": _finite(a.p),
        }
        for a in found
    ]


# --- Wording ---------------------------------------------------------------------------------


def item_texts(language: str) -> dict[str, str]:
    """Item code -> its frontline wording in `language` (English when missing)."""
    lang = (language or "en")[:2]
    return {i["code"]: i["frontline"].get(lang) or i["frontline"]["en"] for i in rated_items()}


def describe_alert(alert: PulseAlert, k: int, texts: dict[str, str]) -> str:
    """One plain sentence about an alert; only figures stored for k or more people appear."""
    if alert.kind == PulseAlert.Kind.DROP:
        return _(
            "“%(item)s” fell to %(value)s (out of 100) from %(baseline)s over the previous "
            "waves: %(change)s points."
        ) % {
            "item": texts.get(alert.item_code, alert.item_code),
            "value": _round(alert.value),
            "baseline": _round(alert.baseline),
            "change": _round(alert.change),
        }
    return _("Participation fell to %(rate)s from %(baseline)s over the previous waves.") % {
        "rate": percent(alert.value),
        "baseline": percent(alert.baseline),
    }


def _round(x: float | None) -> str:
    return "—" if x is None else f"{x:.0f}".replace("-", "−")


def alert_email(
    *,
    to: str,
    unit_name: str,
    schedule_name: str,
    wave_number: int,
    lines: list[str],
    link: str,
    k: int,
    language: str,
) -> OutgoingEmail:
    """The alert message to a unit's leader: what moved, in plain words, and where to look."""
    with translation.override(supported_language(language)):
        subject = _("Pulse alert: %(unit)s, wave %(number)s") % {
            "unit": " ".join(unit_name.split()),
            "number": wave_number,
        }
        intro = _("The latest wave of %(schedule)s shows a change in %(unit)s worth a look:") % {
            "schedule": schedule_name,
            "unit": unit_name,
        }
        outro = _(
            "Figures describe %(k)s or more people together, never anyone's own answers. "
            "See the trend and acknowledge the alert here: %(link)s"
        ) % {"k": k, "link": link}
    text = "\n".join([intro, "", *(f"- {line}" for line in lines), "", outro]) + "\n"
    return OutgoingEmail(to=to, subject=subject, text=text)


# --- Delivering --------------------------------------------------------------------------------


def unit_leaders(unit: Unit) -> list[Person]:
    """Active people with a leading role sitting on the unit itself, with an e-mail address."""
    return list(
        Person.objects.filter(unit=unit, is_active=True, role__in=LEADER_ROLES).exclude(email="")
    )


def cooled_down(alert: PulseAlert, days: int = COOLDOWN_DAYS) -> bool:
    """Whether the same (unit, kind, item) was sent within the last `days` days."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        PulseAlert.objects.filter(
            unit_id=alert.unit_id,
            kind=alert.kind,
            item_code=alert.item_code,
            delivery=PulseAlert.Delivery.SENT,
            delivered_at__gte=since,
        )
        .exclude(pk=alert.pk)
        .exists()
    )


@task()
def deliver_alerts(wave_id: int) -> int:
    """E-mail the wave's pending alerts to each unit's leaders; returns how many were sent."""
    pending = (
        PulseAlert.objects.filter(wave_id=wave_id, delivery=PulseAlert.Delivery.PENDING)
        .select_related("unit", "wave", "schedule__organisation")
        .order_by("unit_id", "kind", "item_code")
    )
    by_unit: dict[int, list[PulseAlert]] = {}
    for alert in pending:
        if cooled_down(alert):
            _mark([alert], PulseAlert.Delivery.COOLED)
        else:
            by_unit.setdefault(alert.unit_id, []).append(alert)
    sent = 0
    for alerts in by_unit.values():
        sent += _deliver_to_unit(alerts)
    return sent


def _deliver_to_unit(alerts: list[PulseAlert]) -> int:
    first = alerts[0]
    leaders = unit_leaders(first.unit)
    if not leaders:
        _mark(alerts, PulseAlert.Delivery.NO_LEADER)
        return 0
    schedule = first.schedule
    k = schedule.k
    link = f"{settings.SITE_URL}/o/{schedule.organisation.slug}/pulse/alerts/"
    messages = []
    for person in leaders:
        language = supported_language(person.language or settings.LANGUAGE_CODE)
        with translation.override(language):
            texts = item_texts(language)
            lines = [describe_alert(a, k, texts) for a in alerts]
        messages.append(
            alert_email(
                to=person.email,
                unit_name=first.unit.name,
                schedule_name=schedule.name,
                wave_number=first.wave.number,
                lines=lines,
                link=link,
                k=k,
                language=language,
            )
        )
    report = send_emails(messages)
    ok = bool(report.sent)
    _mark(alerts, PulseAlert.Delivery.SENT if ok else PulseAlert.Delivery.FAILED)
    return len(report.sent)


def _mark(alerts: list[PulseAlert], delivery: str) -> None:
    now = timezone.now() if delivery == PulseAlert.Delivery.SENT else None
    PulseAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(
        delivery=delivery, delivered_at=now
    )


# --- Hook for the tick -------------------------------------------------------------------------


def check_closed_waves(now: datetime.datetime | None = None) -> list[PulseWave]:
    """Compute the alerts of every recently closed wave not checked yet, and queue delivery.

    Idempotent: a wave is checked once (a PulseAlertCheck row), and alerts are unique per
    (wave, unit, kind, item). Returns the waves checked by this call.
    """
    now = now or timezone.now()
    waves = (
        PulseWave.objects.filter(
            schedule__active=True,
            campaign__closes_at__lte=now,
            campaign__closes_at__gte=now - datetime.timedelta(days=LOOKBACK_DAYS),
            alert_check__isnull=True,
        )
        .select_related("schedule__organisation", "campaign")
        .order_by("campaign__closes_at", "number")
    )
    checked = []
    for wave in waves:
        with transaction.atomic():
            _, created = PulseAlertCheck.objects.get_or_create(wave=wave)
            if not created:
                continue  # a concurrent tick took this wave
            alerts = compute_alerts(wave)
        if alerts:
            deliver_alerts.enqueue(wave.pk)
        log.info("pulse wave %s: %s alerts", wave.pk, len(alerts))
        checked.append(wave)
    return checked
