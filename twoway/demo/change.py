"""Three change initiatives in the demo center, all written through the change app's services.

- `desktop`, a new agent desktop in three phases across the sites. Austin and Manila North
  reach 80 % within a month; Work at Home stalls, raises an adapt alert, gets a course
  correction (the VPN fix and huddle refreshers) and recovers.
- `wah-schedule`, a new work-at-home schedule, going live in two weeks, whose readiness in the
  latest pulse waves shows a knowledge barrier (and leaders who think their teams know more).
- `kb`, a proposed knowledge base that would overload the Work at Home teams, already in the
  desktop rollout and the schedule change.

Dates are relative to today, like the demo pulse. Everything random comes from one seeded
`random.Random`, so the same seed gives the same demo.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from twoway.change.adoption import compute_adoption
from twoway.change.models import (
    AckAnswer,
    AckCount,
    AdaptAlert,
    Decision,
    Initiative,
    Message,
    ReadinessCount,
    Status,
    VisionCount,
    Win,
)
from twoway.change.services import (
    add_champion,
    add_message,
    add_phase,
    create_initiative,
    import_adoption,
    log_decision,
    log_win,
    set_characteristics,
    set_owner_ratings,
    set_status,
    set_vision,
)
from twoway.insights.adoption import behind_episodes, day_date, day_number
from twoway.insights.coverage import ASPECTS
from twoway.org.models import Organisation, Person, Role, Unit
from twoway.pulse.models import PulseWave

DAY = datetime.timedelta(days=1)
MESSAGES = (  # channel, days from go-live, title, body
    ("meeting", -21, "Town hall: why we are changing the desktop",
     "Four screens become one: customers wait less, and you stop copying between tools."),
    ("email", -14, "Your new desktop is coming",
     "What changes, when your team goes live, and where to practise before it does."),
    ("poster", -7, "One screen, one week to go", "Scan the code: tell us if you got it."),
    ("huddle", -2, "Desktop talking points",
     "Show the new search bar; agree who the team's champion is; book the practice slot."),
    ("email", 14, "Two weeks on the new desktop", "Tips from the champions, and what we fixed."),
)  # fmt: skip


def load_demo_change(organisation: Organisation, seed: int = 7) -> None:
    """The three initiatives, once: a second call changes nothing."""
    if Initiative.objects.filter(organisation=organisation, key="desktop").exists():
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    sites = list(
        Unit.objects.filter(organisation=organisation, depth=1).order_by("is_virtual", "name")
    )
    home = next((s for s in sites if s.is_virtual), sites[-1])
    director = Person.objects.filter(
        organisation=organisation, unit=home, role=Role.DIRECTOR
    ).first()
    executive = Person.objects.filter(organisation=organisation, role=Role.EXECUTIVE).first()
    with transaction.atomic():
        vision = _vision(organisation, home)
        _desktop(organisation, sites, home, director, executive, vision, today, rng)
        _schedule(organisation, home, director, executive, today, rng)
        _knowledge_base(organisation, home, director, today)
        _line_of_sight(organisation, rng)


def _vision(organisation, home):
    """The work-at-home site's vision line, and the organisation's (returned)."""
    set_vision(
        organisation, home, "From home, we are the calm, well-equipped voice customers remember."
    )
    return set_vision(
        organisation,
        None,
        "Every customer's problem is solved on the first call, by agents with the tools and "
        "the time to do it, in a center people are proud to work for.",
    )


def _desktop(organisation, sites, home, director, executive, vision, today, rng) -> Initiative:
    initiative = create_initiative(
        organisation,
        "desktop",
        "New agent desktop",
        why="Agents work in four screens and copy between them; customers wait while they do. "
        "One desktop cuts handle time by about 40 seconds a call.",
        how_much="About 40 seconds of handle time a call: 9 FTE across the center, a year.",
        what_changes="You answer, search the knowledge base and wrap up in one window; the "
        "old CRM screen goes away.",
        owner=director,
        sponsor=executive,
        vision=vision,
        target_level=0.80,
        target_days=30,
    )
    initiative.impacted_roles = {Role.AGENT: "high", Role.TEAM_LEAD: "medium"}
    initiative.save(update_fields=["impacted_roles"])
    set_characteristics(initiative, {a: 3 for a in ASPECTS} | {"systems": 5, "process": 4})
    starts = {site.pk: today - (140 - 14 * i) * DAY for i, site in enumerate(sites)}
    phases = []
    for i, site in enumerate(sites):
        go_live = starts[site.pk]
        phases.append(
            add_phase(initiative, [site], go_live - 10 * DAY, go_live, today + (30 + 15 * i) * DAY,
                      impact="high", name=site.name)
        )  # fmt: skip
    set_status(initiative, Status.ROLLING_OUT)
    _plan_and_send(initiative, phases, today, rng)
    stall_end = _adoption(initiative, sites, home, starts, today, rng)
    _past_alerts(initiative, home)
    log_decision(
        initiative,
        kind=Decision.Kind.CORRECTION,
        saw="Work at Home agents drop back to the old CRM: the VPN cuts the new desktop off "
        "twice a day, and nobody at home had practised.",
        change="IT pushes the split-tunnel fix; champions run a 15-minute refresher in every "
        "huddle for two weeks.",
        by_when=stall_end + 14 * DAY,
        units=[home],
        logged_on=stall_end,
    )
    _champions(initiative, sites, home, rng)
    for days_ago, text in (
        (120, "Austin's Billing 1 closed a whole day's queue without one transfer."),
        (90, "Manila North's first month on the desktop: handle time down 35 seconds."),
        (60, "Work at Home back above 80% after the VPN fix."),
    ):
        win = log_win(initiative, text)
        Win.objects.filter(pk=win.pk).update(logged_on=today - days_ago * DAY)
    set_owner_ratings(
        initiative,
        {"bought_in": 85, "championed": 80, "communicated": 90, "managed": 75, "measured": 70,
         "improved": 60},
    )  # fmt: skip
    return initiative


def _plan_and_send(initiative, phases, today, rng) -> None:
    """The plan of every phase; what is due is marked sent on its day, with answers."""
    for phase in phases:
        for channel, offset, title, body in MESSAGES:
            message = add_message(
                phase, channel=channel, title=title, body=body, offset_days=offset
            )
            if message.due_on < today:
                _sent(message, rng)


def _sent(message: Message, rng: random.Random) -> None:
    sent_at = timezone.make_aware(datetime.datetime.combine(message.due_on, datetime.time(9)))
    teams = Unit.objects.filter(
        path__startswith=message.phase.units.first().path, children__isnull=True
    )
    Message.objects.filter(pk=message.pk).update(
        state="sent", sent_at=sent_at, reached=teams.count()
    )
    if message.channel not in ("email", "poster"):
        return
    cells = []
    for team in teams:
        answers = rng.randint(6, 14)
        got = sum(rng.random() < 0.8 for _ in range(answers))
        cells += [
            AckCount(message=message, unit=team, answer=AckAnswer.GOT_IT, count=got),
            AckCount(message=message, unit=team, answer=AckAnswer.QUESTION, count=answers - got),
        ]
    AckCount.objects.bulk_create([c for c in cells if c.count])


def _adoption(initiative, sites, home, starts, today, rng) -> datetime.date:
    """Daily counts per team from go-live to yesterday; returns the day the stall was fixed."""
    lines = ["date,unit,eligible,adopted"]
    stall_end = starts[home.pk] + 26 * DAY
    for site in sites:
        go_live = starts[site.pk]
        teams = Unit.objects.filter(parent=site).order_by("name")
        for team in teams:
            eligible = rng.randint(16, 22)
            day = go_live
            while day < today:
                share = _share((day - go_live).days, site == home, (day - stall_end).days, rng)
                lines.append(f"{day.isoformat()},{team.pk},{eligible},{round(eligible * share)}")
                day += DAY
    plan = import_adoption(initiative, ("\n".join(lines) + "\n").encode(), "demo-adoption.csv")
    if not plan.ok:
        raise RuntimeError(f"demo adoption did not import: {plan.error_list(1)[0]}")
    return stall_end


def _past_alerts(initiative, home) -> None:
    """The alerts the stall raised while it lasted (each import raises those still running;
    the demo's data arrives in one file, after the recovery)."""
    adoption = compute_adoption(initiative)
    alerts = []
    for unit in adoption.units:
        if unit.unit_id is None or not unit.path.startswith(adoption_path(home)):
            continue
        episodes = behind_episodes(
            unit.utilisation, adoption.first_day, day_number(unit.go_live),
            day_number(adoption.as_of), adoption.target,
        )  # fmt: skip
        for episode in episodes:
            raised = day_date(episode.alerted)
            alerts.append(
                AdaptAlert(
                    initiative=initiative,
                    unit_id=unit.unit_id,
                    began_on=day_date(episode.start),
                    raised_on=raised,
                    emailed_at=timezone.make_aware(
                        datetime.datetime.combine(raised, datetime.time(7))
                    ),
                )
            )
    AdaptAlert.objects.bulk_create(alerts, ignore_conflicts=True)


def adoption_path(unit: Unit) -> str:
    from twoway.change.units import UnitTree

    return UnitTree.of(unit.organisation).path(unit.pk)


def _share(t: int, stalls: bool, since_fix: int, rng: random.Random) -> float:
    """Adoption on day t: a ramp to 0.9 within a month; the stalled site sits near 0.35 until
    the correction, then climbs to 0.85 in three weeks."""
    noise = rng.uniform(-0.04, 0.04)
    if not stalls:
        return min(1.0, max(0.0, min(0.9, 0.12 + t * 0.03) + noise))
    if since_fix <= 0:
        return max(0.0, min(0.35, 0.1 + t * 0.02) + noise)
    return min(1.0, max(0.0, min(0.85, 0.35 + since_fix * 0.025) + noise))


def _champions(initiative, sites, home, rng) -> None:
    for site in sites:
        teams = list(Unit.objects.filter(parent=site).order_by("name"))
        chosen = teams if site != home else teams[: len(teams) // 3]
        for team in chosen:
            agent = (
                Person.objects.filter(unit=team, role=Role.AGENT, is_active=True)
                .order_by("employee_id")
                .first()
            )
            if agent is not None:
                add_champion(initiative, agent)


def _schedule(organisation, home, director, executive, today, rng) -> None:
    initiative = create_initiative(
        organisation,
        "wah-schedule",
        "New work-at-home schedule",
        why="Home agents asked for split shifts; the forecast says split shifts cover the "
        "evening peak with 6% fewer hours.",
        what_changes="You can pick split shifts in the WFM app; breaks move to the team's "
        "quiet hour.",
        owner=director,
        sponsor=executive,
    )
    phase = add_phase(initiative, [home], today - 21 * DAY, today + 14 * DAY, today + 120 * DAY,
                      impact="medium", name="Work at Home")  # fmt: skip
    set_status(initiative, Status.PLANNED)
    for channel, offset, title, body in (
        ("email", -28, "Split shifts are coming", "Why, when, and how to choose yours."),
        ("meeting", -21, "Schedule Q&A with WFM", "Bring your questions about split shifts."),
        ("huddle", -7, "Schedule talking points", "Walk through picking a shift in the app."),
    ):
        message = add_message(phase, channel=channel, title=title, body=body, offset_days=offset)
        if message.due_on < today:
            _sent(message, rng)
    _readiness(initiative, home, rng)


# Frontline means per element: knowledge is the barrier (the first at or below 3). Leaders
# believe their teams know more than they do.
FRONTLINE_MEANS = {
    "awareness": 4.2,
    "desire": 3.7,
    "knowledge": 2.6,
    "ability": 2.9,
    "reinforcement": 3.2,
}
LEADER_MEANS = {
    "awareness": 4.5,
    "desire": 4.2,
    "knowledge": 3.9,
    "ability": 3.8,
    "reinforcement": 3.6,
}


def _readiness(initiative, home, rng) -> None:
    """Counts as the answer page would have left them in the last three closed waves, each
    asking some of the elements (the rotation), for every Work at Home team."""
    waves = list(
        PulseWave.objects.filter(
            schedule__organisation=initiative.organisation, campaign__closes_at__lte=timezone.now()
        )
        .select_related("campaign")
        .order_by("-number")[:3]
    )
    if not waves:
        return
    teams = list(Unit.objects.filter(parent=home))
    elements = list(FRONTLINE_MEANS)
    cells = []
    for i, element in enumerate(elements):
        wave = waves[i % len(waves)]
        for team in teams:
            agents = Person.objects.filter(unit=team, role=Role.AGENT, is_active=True).count()
            answering = max(5, round(agents * 0.6))
            cells += _counts(
                wave.campaign,
                initiative,
                team,
                "frontline",
                element,
                FRONTLINE_MEANS[element],
                answering,
                rng,
            )
            cells += _counts(
                wave.campaign, initiative, team, "leader", element, LEADER_MEANS[element], 1, rng
            )
    ReadinessCount.objects.bulk_create(cells)


def _counts(campaign, initiative, unit, lens, element, mean, n, rng) -> list[ReadinessCount]:
    values = [min(5, max(1, round(rng.gauss(mean, 0.8)))) for _ in range(n)]
    return [
        ReadinessCount(
            campaign=campaign,
            initiative=initiative,
            unit=unit,
            lens=lens,
            element=element,
            value=v,
            count=values.count(v),
        )
        for v in sorted(set(values))
    ]


def _knowledge_base(organisation, home, director, today) -> None:
    """Proposed, and saved despite the warning: the load map shows the overload it brings."""
    initiative = create_initiative(
        organisation,
        "kb",
        "New knowledge base",
        why="Answers live in three wikis and a shared drive; agents put customers on hold to "
        "search them.",
        what_changes="One search box in the desktop finds every answer.",
        owner=director,
    )
    add_phase(initiative, [home], today + 7 * DAY, today + 21 * DAY, today + 90 * DAY,
              impact="medium", name="Work at Home")  # fmt: skip


def _line_of_sight(organisation, rng) -> None:
    """ "I know where our center is heading" and "I see how my work helps get there" in the
    last eight closed waves, every team, rising as the vision is talked about."""
    waves = list(
        PulseWave.objects.filter(
            schedule__organisation=organisation, campaign__closes_at__lte=timezone.now()
        )
        .select_related("campaign")
        .order_by("-number")[:8]
    )
    teams = list(Unit.objects.filter(organisation=organisation, children__isnull=True))
    cells = []
    for age, wave in enumerate(waves):
        for team in teams:
            for item, base in (("los-heading", 3.9), ("los-contribute", 3.4)):
                n = rng.randint(6, 12)
                values = [
                    min(5, max(1, round(rng.gauss(base - 0.08 * age, 0.9)))) for _ in range(n)
                ]
                cells += [
                    VisionCount(
                        campaign=wave.campaign,
                        unit=team,
                        lens="frontline",
                        item=item,
                        value=v,
                        count=values.count(v),
                    )
                    for v in sorted(set(values))
                ]
    VisionCount.objects.bulk_create(cells)
