"""26 weekly pulse waves for the demo contact center: a dip during a rollout, then recovery.

Weeks 8-14 roll out a new agent desktop: pace, energy and workload fall hardest, eNPS with
them; from week 15 actions land and scores recover a little above where they started.

Waves are real: a schedule, a campaign per wave (created and launched as the tick does, so
invitations and team codes exist). Answers are written in bulk with the same shapes the
intake writes (Response with reporting attributes only, Answer rows, AnswerCount upserts
summed per cell, invitations marked answered), because 26 waves x ~900 answers through
`submit` one by one would take most of the demo's time budget. Which invitations are marked
answered is drawn separately from the answers, so nothing joins them (as in intake).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from twoway.org.models import Organisation, Person, Role, tenure_band
from twoway.pulse.comments import analyse_all
from twoway.pulse.models import PulseSchedule, PulseWave
from twoway.pulse.services import open_wave
from twoway.pulse.snapshots import ensure_snapshots
from twoway.pulse.trends import closed_waves
from twoway.surveys.models import Answer, AnswerCount, Comment, Item, Lens, Response

DEMO_PULSE = "Desktop rollout pulse"
WAVES = 26
RESPONSE_RATE = 0.72
BASE_MEAN = 3.7
# Extra fall during the rollout, by construct (the rest fall by "other").
DIP = {"pace": 1.1, "energy": 1.2, "load": 1.0, "readiness": 0.9, "other": 0.5}
COMMENTS = [
    "The new desktop freezes when I transfer a call.",
    "Training on the new desktop was one hour; I learn it live with customers.",
    "Too many changes at once this month.",
    "My team lead gave us time to practise, that helped.",
    "Breaks get skipped when the queue is long.",
    "The quick-reference card for the new screens is great.",
    "Nobody told us why the old tool had to go.",
    "Things are calmer now that the desktop bugs are fixed.",
]


def _dip(week: int) -> float:
    """0 before the rollout, up to 1 in its middle, fading back out after week 14."""
    if week < 8:
        return 0.0
    if week <= 14:
        return min(1.0, (week - 7) / 3)
    return max(-0.15, 1.0 - (week - 14) / 3)  # a little above the start once actions land


def load_demo_pulse(organisation: Organisation, seed: int = 7) -> PulseSchedule:
    """Create the demo schedule with 26 answered, closed weekly waves (once)."""
    existing = PulseSchedule.objects.filter(organisation=organisation, name=DEMO_PULSE).first()
    if existing:
        return existing
    today = timezone.localdate()
    schedule = PulseSchedule.objects.create(
        organisation=organisation,
        name=DEMO_PULSE,
        cadence="weekly",
        weekday=today.weekday(),
        hour=9,
        open_days=3,
        threshold=organisation.anonymity_threshold,
        languages=["en", "es"],
        audience_roles=[Role.AGENT],
        starts_on=today - datetime.timedelta(weeks=WAVES + 1),
    )
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(organisation=organisation, is_active=True, role=Role.AGENT).only(
            "unit_id", "hire_date", "work_location", "language"
        )
    )
    for number in range(1, WAVES + 1):
        wave = open_wave(schedule, number)
        _answer_wave(wave, people, rng)
    analyse_all(schedule)  # sentiment and themes, as the tick does for live waves
    ensure_snapshots(closed_waves(schedule), organisation.pk)
    return schedule


def _answer_wave(
    wave: PulseWave,
    people: list[Person],
    rng: random.Random,
    *,
    rate: float | None = None,
    close: bool = True,
    keep_unanswered: frozenset[int] = frozenset(),
) -> None:
    """Answer a wave as `rate` of `people` would (the dip's rate by default) and close it, or
    leave it open (`close=False`, the live wave); people in `keep_unanswered` do not answer."""
    campaign = wave.campaign
    items = list(Item.objects.filter(template=campaign.template).select_related("construct"))
    day = timezone.localdate(campaign.opens_at)
    dip = _dip(wave.number)
    if rate is None:
        rate = RESPONSE_RATE - 0.12 * max(dip, 0)  # fatigue shows in participation too
    candidates = [p for p in people if p.pk not in keep_unanswered]
    answering = [p for p in candidates if rng.random() < rate]
    counts: Counter = Counter()
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            [_response(campaign, p, day) for p in answering], batch_size=2000
        )
        answers, comments = [], []
        for response in responses:
            for item in items:
                value = _value(rng, item, dip)
                if value is not None:
                    answers.append((response.pk, item.pk, Lens.FRONTLINE, value, ""))
                    key = (
                        response.unit_id,
                        response.tenure_band,
                        response.work_location,
                        response.language,
                        item.pk,
                        value,
                    )
                    counts[key] += 1
                elif item.kind == "choice":
                    choice = rng.choice(item.choices)["code"]
                    answers.append((response.pk, item.pk, Lens.FRONTLINE, None, choice))
                elif item.kind == "text" and rng.random() < 0.08:
                    text = rng.choice(COMMENTS)
                    comments.append(
                        Comment(
                            response=response,
                            campaign=campaign,
                            item=item,
                            unit_id=response.unit_id,
                            text=text,
                            redacted=text,
                        )
                    )
        _insert_answers(answers)
        Comment.objects.bulk_create(comments, batch_size=2000)
        _insert_counts(campaign.pk, counts)
        _mark_answered(campaign, len(answering), rng, keep_unanswered)
        if close:
            campaign.closes_at = min(
                campaign.closes_at, timezone.now() - datetime.timedelta(hours=1)
            )
            campaign.save(update_fields=["closes_at"])


def load_demo_live_wave(
    organisation: Organisation, keep_unanswered: frozenset[int] = frozenset(), seed: int = 7
) -> PulseWave | None:
    """The wave after the 26: open since yesterday, with yesterday's answers from about half
    the agents (so live participation shows), as the tick would have opened it (once)."""
    schedule = PulseSchedule.objects.filter(organisation=organisation, name=DEMO_PULSE).first()
    if schedule is None or PulseWave.objects.filter(schedule=schedule, number=WAVES + 1).exists():
        return None
    wave = open_wave(schedule, WAVES + 1)
    now = timezone.now()
    wave.campaign.opens_at = now - datetime.timedelta(days=1)
    wave.campaign.closes_at = now + datetime.timedelta(days=2)
    wave.campaign.save(update_fields=["opens_at", "closes_at"])
    people = list(
        Person.objects.filter(organisation=organisation, is_active=True, role=Role.AGENT).only(
            "unit_id", "hire_date", "work_location", "language"
        )
    )
    _answer_wave(
        wave, people, random.Random(seed + WAVES), rate=0.45, close=False,
        keep_unanswered=keep_unanswered,
    )  # fmt: skip
    return wave


def _response(campaign, person: Person, day) -> Response:
    return Response(
        campaign=campaign,
        unit_id=person.unit_id,
        is_leader=False,
        tenure_band=tenure_band(person.hire_date, day),
        work_location=person.work_location,
        language="es" if person.language == "es" else "en",
        channel="link",
        submitted_on=day,
    )


def _value(rng: random.Random, item: Item, dip: float) -> int | None:
    construct = item.construct.code if item.construct else ""
    if item.kind == "scale0_10":
        return min(10, max(0, round(rng.gauss(7.4 - 2.2 * dip, 2.0))))
    if item.kind != "agree5":
        return None
    mean = BASE_MEAN - DIP.get(construct, DIP["other"]) * dip
    if item.code == "energy-worn-out":  # reverse-keyed: agreeing means worn out
        mean = 6 - mean
    return min(5, max(1, round(rng.gauss(mean, 0.9))))


def _mark_answered(
    campaign, how_many: int, rng: random.Random, keep_unanswered: frozenset[int] = frozenset()
) -> None:
    invitations = campaign.invitations.exclude(person_id__in=keep_unanswered)
    ids = list(invitations.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, min(how_many, len(ids)))
    campaign.invitations.filter(pk__in=chosen).update(responded=True)


def _insert_answers(answers: list[tuple]) -> None:
    """One executemany, as intake does: ORM objects for ~150,000 rows cost seconds."""
    sql = (
        f"INSERT INTO {Answer._meta.db_table} (response_id, item_id, lens, value, choice) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, answers)


def _insert_counts(campaign_id: int, counts: Counter) -> None:
    """The cells intake's upserts would have produced, written once each."""
    table = AnswerCount._meta.db_table
    sql = (
        f"INSERT INTO {table} (campaign_id, unit_id, lens, tenure_band, work_location, "
        "language, item_id, value, count) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    rows = [
        (campaign_id, unit, Lens.FRONTLINE, tb, wl, lang, item, value, n)
        for (unit, tb, wl, lang, item, value), n in counts.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
