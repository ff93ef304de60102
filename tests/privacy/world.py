"""The red team's organisation: small teams, a lone leader in each, small attribute groups,
several pulse waves, comments that name people, and every answer known to the test.

    Red Team Care (center)          Eve, executive
      North (site)                  Nina, director
        N1  6 agents                Lea, team lead   (two new, one remote, one Spanish)
        N2  3 agents                Lou, team lead
      South (site)                  Sam, manager
        S1  5 agents                Lia, team lead   (two remote)
        S2  4 agents                Leo, team lead   (two Spanish)

Answers go in through the services (the intake the pages call), so the test knows each one:
`truth` lists them as (campaign, person, variable, item, value); the attack tests then look
only at what the server shows over HTTP.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from tests.factories import make_account, make_person, make_unit
from twoway.org.models import Membership, Organisation, Role, UnitKind
from twoway.pulse.models import PulseSchedule
from twoway.pulse.services import open_wave
from twoway.surveys.intake import parse_answers, respondent_for
from twoway.surveys.models import Invitation, Item
from twoway.surveys.questionnaire import redactor_for
from twoway.surveys.services import (
    CampaignSpec,
    create_campaign,
    install_builtin,
    launch_campaign,
    submit,
)

K = 5
TODAY = datetime.date(2026, 12, 1)
NEW, OLD = datetime.date(2026, 10, 1), datetime.date(2019, 5, 1)
SECRET = "N2 secret about the back door"
NAMING = [
    "Lukasz keeps the queue going",  # Łukasz Nowak, without the stroke
    "ask Soeren, he knows",  # Søren Kjær
    "Djordje was rude to me",  # Đorđe Petrović
    "call Mia on 030/1234567",
    "my id is r-103 if you need it",
]


@dataclass
class Answer:
    campaign_id: int
    person_id: int
    unit_path: str  # the engine's path ("1/2/4")
    variable: str  # frontline, leader_now, leader_wanted
    attributes: dict[str, str]
    item: str
    value: int | None  # None: not applicable


@dataclass
class RedTeam:
    org: Organisation
    units: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    diagnostic: object = None
    schedule: object = None
    waves: list = field(default_factory=list)
    truth: list[Answer] = field(default_factory=list)


def build_red_team(na_item: str = "tools-first-contact") -> RedTeam:
    org = Organisation.objects.create(slug="redteam", name="Red Team Care", anonymity_threshold=K)
    team = RedTeam(org)
    _units_and_people(team)
    _accounts(team)
    team.diagnostic = _diagnostic(team, na_item)
    _pulse(team)
    return team


def _units_and_people(team: RedTeam) -> None:
    org, u = team.org, team.units
    u["center"] = make_unit(org, "Red Team Care", kind=UnitKind.CENTER)
    u["north"] = make_unit(org, "North", u["center"], UnitKind.SITE)
    u["south"] = make_unit(org, "South", u["center"], UnitKind.SITE)
    for name, site in (("N1", "north"), ("N2", "north"), ("S1", "south"), ("S2", "south")):
        u[name] = make_unit(org, name, u[site])
    p = team.people
    p["Eve"] = make_person(org, "R001", "Eve", u["center"], Role.EXECUTIVE)
    p["Nina"] = make_person(org, "R002", "Nina", u["north"], Role.DIRECTOR)
    p["Sam"] = make_person(org, "R003", "Sam", u["south"], Role.MANAGER)
    for eid, name, unit in (("R010", "Lea", "N1"), ("R020", "Lou", "N2"),
                            ("R030", "Lia", "S1"), ("R040", "Leo", "S2")):  # fmt: skip
        p[name] = make_person(org, eid, name, u[unit], Role.TEAM_LEAD)
    agents = {
        "N1": [("Ana", NEW, "onsite", "en"), ("Łukasz", NEW, "remote", "en"),
               ("Ben", OLD, "onsite", "es"), ("Cai", OLD, "onsite", "en"),
               ("Dee", OLD, "onsite", "en"), ("Eli", OLD, "onsite", "en")],
        "N2": [("Fay", OLD, "onsite", "en"), ("Gus", OLD, "onsite", "en"),
               ("Hal", NEW, "onsite", "en")],
        "S1": [("Søren", OLD, "remote", "en"), ("Ivy", OLD, "remote", "en"),
               ("Jon", OLD, "onsite", "en"), ("Kim", NEW, "onsite", "en"),
               ("Max", OLD, "onsite", "en")],
        "S2": [("Đorđe", OLD, "onsite", "es"), ("Mia", OLD, "onsite", "es"),
               ("Ned", OLD, "onsite", "en"), ("Oli", NEW, "onsite", "en")],
    }  # fmt: skip
    number = 101
    for unit, members in agents.items():
        for first, hired, where, language in members:
            p[first] = make_person(
                org, f"R{number:03}", first, u[unit], hire_date=hired, work_location=where,
                language=language,
            )  # fmt: skip
            number += 1
    for first, last in (("Łukasz", "Nowak"), ("Søren", "Kjær"), ("Đorđe", "Petrović")):
        p[first].last_name = last
        p[first].save(update_fields=["last_name"])
    # Leaders of long standing, so that the long-standing frontline can be compared with them.
    for name in ("Eve", "Nina", "Sam", "Lea", "Lou", "Lia", "Leo"):
        p[name].hire_date = OLD
        p[name].save(update_fields=["hire_date"])


def _accounts(team: RedTeam) -> None:
    p, users = team.people, team.users
    users["admin"] = make_account("rt-admin", team.org, Membership.Level.ADMIN)
    for role, name in (("director", "Nina"), ("manager", "Sam"), ("lead_n1", "Lea"),
                       ("lead_n2", "Lou"), ("agent", "Ana")):  # fmt: skip
        users[role] = make_account(f"rt-{name.lower()}", team.org, person=p[name])


def _answer_everyone(team: RedTeam, campaign, values, comments=None, who=None) -> None:
    """Answer `campaign` as each person (or those in `who`) through their invitation, with
    `values(person, item)` (None for not applicable)."""
    items = list(Item.objects.filter(template=campaign.template))
    redactor = redactor_for(campaign)
    for name, person in team.people.items():
        if who is not None and name not in who:
            continue
        invitation = Invitation.objects.get(campaign=campaign, person=person)
        respondent = respondent_for(person, person.language or "en")
        data, leader = {}, respondent.is_leader
        for item in items:
            if item.is_rating:
                value = values(person, item)
                raw = "na" if value is None else str(value)
                if leader:
                    data[f"item-{item.code}-now"] = raw
                    data[f"item-{item.code}-wanted"] = "5" if item.kind == "agree5" else "10"
                else:
                    data[f"item-{item.code}"] = raw
            elif item.kind == "text" and comments and name in comments:
                data[f"item-{item.code}"] = comments[name]
            elif item.kind == "choice" and item.choices:
                data[f"item-{item.code}"] = item.choices[0]["code"]
        submit(campaign, respondent, parse_answers(items, data, leader), redactor, invitation)
        _record_truth(team, campaign, person, respondent, items, data)


def _record_truth(team, campaign, person, respondent, items, data) -> None:
    attributes = {
        "tenure_band": respondent.tenure_band,
        "work_location": respondent.work_location,
        "language": respondent.language,
    }
    path = person.unit.path.strip("/")
    variables = ["leader_now", "leader_wanted"] if respondent.is_leader else ["frontline"]
    suffix = {"frontline": "", "leader_now": "-now", "leader_wanted": "-wanted"}
    for variable in variables:
        team.truth.append(
            Answer(campaign.pk, person.pk, path, variable, attributes, "respondents", 1)
        )
        for item in items:
            if not item.is_rating:
                continue
            raw = data.get(f"item-{item.code}{suffix[variable]}")
            value = None if raw in (None, "na") else int(raw)
            team.truth.append(
                Answer(campaign.pk, person.pk, path, variable, attributes, item.code, value)
            )


def _open(campaign) -> None:
    campaign.opens_at = timezone.now() - datetime.timedelta(days=2)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    campaign.save(update_fields=["opens_at", "closes_at"])


def close(campaign) -> None:
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save(update_fields=["closes_at"])


def _diagnostic(team: RedTeam, na_item: str):
    template = install_builtin(team.org, "alignment_diagnostic")
    now = timezone.now()
    spec = CampaignSpec(
        template=template, name="Red team diagnostic", opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=2), languages=["en", "es"], threshold=K,
        units=[], roles=[],
    )  # fmt: skip
    campaign = create_campaign(team.org, spec)
    launch_campaign(campaign)
    rng = random.Random(13)
    na = {"Ana", "Ben", "Fay"}  # "not applicable" shrinks two cells under k

    def values(person, item):
        if item.code == na_item and person.first_name in na:
            return None
        high = 10 if item.kind == "scale0_10" else 5
        return rng.randint(1, high)

    comments = {"Fay": SECRET, "Ana": NAMING[0], "Jon": NAMING[1], "Ned": NAMING[2]}
    comments |= {"Ivy": NAMING[3], "Max": NAMING[4], "Dee": "The tools freeze every morning"}
    _answer_everyone(team, campaign, values, comments)
    close(campaign)
    return campaign


def _pulse(team: RedTeam) -> None:
    team.schedule = PulseSchedule.objects.create(
        organisation=team.org, name="Red team pulse", cadence="weekly", weekday=0, hour=9,
        open_days=3, threshold=K, languages=["en"], starts_on=datetime.date(2026, 1, 1),
    )  # fmt: skip
    rng = random.Random(7)
    everyone = set(team.people)
    # Wave 3: N2 goes quiet but for one; wave 4: everyone again, N1 much lower.
    who = [everyone, everyone, everyone - {"Fay", "Gus"}, everyone]
    for number, answering in enumerate(who, start=1):
        wave = open_wave(team.schedule, number)
        _open(wave.campaign)
        low = number == 4

        def values(person, item, low=low):
            if item.kind == "scale0_10":
                return rng.randint(0, 10)
            if low and person.unit == team.units["N1"]:
                return 1
            return rng.randint(3, 5)

        comments = {"Hal": "Lukasz and Djordje swapped shifts", "Kim": "parking is a mess"}
        for name in ("Ana", "Cai", "Dee", "Eli", "Oli"):
            comments[name] = "the schedule changes come too late for us"
        for name in ("Jon", "Max", "Ned", "Ivy", "Ben"):
            comments[name] = "the new desktop freezes every lunch time"
        _answer_everyone(team, wave.campaign, values, comments, who=answering)
        close(wave.campaign)
        team.waves.append(wave)
