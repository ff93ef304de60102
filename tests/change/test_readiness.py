"""Readiness (ADKAR) and line of sight ride in the pulse waves people answer: a few questions
a wave, in the respondent's lens, counted per unit and shown only under the pulse's rules."""

from __future__ import annotations

import datetime
import itertools
import re

from django.utils import timezone

from tests.change.test_people import live_initiative
from tests.pulse.helpers import close, weekly_schedule
from tests.survey_fixtures import full_answers
from twoway.change.models import ReadinessCount, VisionCount
from twoway.change.readiness import (
    LOS_ITEMS,
    PAGE_RATED_CAP,
    Asked,
    ReadinessQuestions,
    count_answer,
    rotation,
)
from twoway.insights.readiness import ELEMENTS
from twoway.pulse.services import open_wave
from twoway.surveys.tokens import invitation_token

DAY = datetime.timedelta(days=1)


def open_now(schedule, number):
    wave = open_wave(schedule, number)
    wave.campaign.opens_at = timezone.now() - DAY
    wave.campaign.closes_at = timezone.now() + DAY
    wave.campaign.save(update_fields=["opens_at", "closes_at"])
    return wave


def extra_fields(text: str) -> list[str]:
    return sorted(set(re.findall(r'name="(change-\d+-[a-z-]+)"', text)))


def code_page(client, wave, unit, employee_id):
    """The questionnaire a team code shows once the person's employee ID is typed."""
    code = wave.campaign.kiosk_codes.get(unit=unit).code
    return client.post(f"/k/{code}/", {"employee_id": employee_id})


def test_a_wave_of_an_impacted_team_asks_two_of_our_questions_in_rotation(world, client):
    initiative = live_initiative(world)
    schedule = weekly_schedule(world.org)
    wave = open_now(schedule, 1)
    text = code_page(client, wave, world.team1, "E012").content.decode()  # Ben
    # Wave 1 starts the rotation: the two line-of-sight items.
    assert extra_fields(text) == ["change-0-los-contribute", "change-0-los-heading"]
    assert "I know where our center is heading." in text
    second = open_now(schedule, 2)
    text = code_page(client, second, world.team1, "E012").content.decode()
    assert extra_fields(text) == [
        f"change-{initiative.pk}-awareness",
        f"change-{initiative.pk}-desire",
    ]
    assert "I understand why New knowledge base is happening." in text


def test_a_team_the_initiative_does_not_touch_gets_line_of_sight_only(world, client):
    live_initiative(world)  # Lisbon only
    schedule = weekly_schedule(world.org)
    open_now(schedule, 1)
    wave = open_now(schedule, 2)
    text = code_page(client, wave, world.team_home, "E031").content.decode()  # Fay
    assert extra_fields(text) == ["change-0-los-contribute", "change-0-los-heading"]


def test_the_budget_fills_the_room_under_six_and_never_drops_below_two():
    candidates = list(range(7))
    assert rotation(candidates, 1, 2) == [0, 1]
    assert rotation(candidates, 4, 2) == [6, 0]  # wraps around: each comes back
    asked = set(itertools.chain.from_iterable(rotation(candidates, w, 2) for w in range(1, 5)))
    assert asked == set(candidates)
    assert max(2, PAGE_RATED_CAP - 3) == 3  # a wave of 3 rated items leaves room for 3


def test_answers_are_counted_per_unit_and_lens_and_nothing_else(world, client):
    initiative = live_initiative(world)
    schedule = weekly_schedule(world.org)
    open_now(schedule, 1)
    wave = open_now(schedule, 2)
    page = code_page(client, wave, world.team1, "E012")
    data = {**full_answers(wave.campaign, 4, False), "claim": page.context["claim"]}
    for item in wave.campaign.template.items.filter(kind="choice"):
        data[f"item-{item.code}"] = item.choices[0]["code"]
    data[f"change-{initiative.pk}-awareness"] = "2"
    code = wave.campaign.kiosk_codes.get(unit=world.team1).code
    response = client.post(f"/k/{code}/", data)
    assert response.status_code == 302
    (cell,) = ReadinessCount.objects.all()
    assert (cell.unit, cell.lens, cell.element, cell.value, cell.count) == (
        world.team1,
        "frontline",
        "awareness",
        2,
        1,
    )
    assert [f.name for f in ReadinessCount._meta.fields] == [
        "id",
        "campaign",
        "initiative",
        "unit",
        "lens",
        "element",
        "value",
        "count",
    ]


def test_a_leader_rates_their_team_in_their_own_words(world, client):
    initiative = live_initiative(world)
    schedule = weekly_schedule(world.org)
    schedule.audience_roles = []
    schedule.save()
    open_now(schedule, 1)
    wave = open_now(schedule, 2)
    tom = world.people["Tom"]
    path = f"/s/{invitation_token(wave.campaign.pk, tom.pk)}/"
    text = client.get(path).content.decode()
    assert "My team understands why New knowledge base is happening." in text
    data = full_answers(wave.campaign, 4, True)
    data[f"change-{initiative.pk}-desire"] = "5"
    assert client.post(path, data).status_code == 302
    assert ReadinessCount.objects.get().lens == "leader"


def fill_readiness(initiative, campaign, unit, element, values, lens="frontline"):
    asked = Asked(campaign.pk, unit.pk, initiative.pk, initiative.title, element, lens)
    for value in values:
        count_answer(asked, lens, value)


def readiness_rows(client) -> dict[str, str]:
    text = client.get("/o/acme/change/kb/").content.decode()
    section = text[text.index('id="readiness"') : text.index('id="scorecard"')]
    rows = re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', section, re.S)
    return {path: cells for path, cells in rows}


def test_readiness_figures_barrier_and_leader_gap(world, login):
    initiative = live_initiative(world)
    wave = open_now(weekly_schedule(world.org), 1)
    # Team 1: 6 agents, awareness 4.0 and knowledge 2.5 by hand, so the barrier is knowledge;
    # the 5 leaders sit on the site and rate knowledge 4.
    fill_readiness(initiative, wave.campaign, world.team1, "awareness", [4] * 6)
    fill_readiness(initiative, wave.campaign, world.team1, "knowledge", [2, 2, 2, 3, 3, 3])
    fill_readiness(initiative, wave.campaign, world.lisbon, "knowledge", [4] * 5, lens="leader")
    client = login(world.director)
    assert (
        "No readiness answers from a closed wave yet."
        in client.get("/o/acme/change/kb/").content.decode()
    )
    close(wave)  # figures only once the wave has closed
    row = readiness_rows(client)["Lisbon / Team Lisbon 1"]
    assert "4.0" in row and "2.5" in row
    assert "leaders 4.0 (gap 1.5)" in row  # the site's leaders against team 1's frontline
    assert "Knowledge</strong>" in row


def test_a_small_teams_readiness_is_hidden_and_not_derivable(world, login):
    initiative = live_initiative(world)
    wave = open_now(weekly_schedule(world.org), 1)
    fill_readiness(initiative, wave.campaign, world.team1, "awareness", [4] * 6)
    fill_readiness(initiative, wave.campaign, world.team2, "awareness", [1] * 3)  # under k
    close(wave)
    rows = readiness_rows(login(world.director))
    shown = {path: "hidden" not in cells.split("</td>")[0] for path, cells in rows.items()}
    assert not shown["Lisbon / Team Lisbon 2"]
    # The site minus team 1 would be team 2's three people: one of the two is hidden too.
    assert not (shown["Lisbon"] and shown["Lisbon / Team Lisbon 1"])


def test_readiness_of_another_team_is_not_shown_to_a_team_lead(world, login):
    initiative = live_initiative(world)
    wave = open_now(weekly_schedule(world.org), 1)
    fill_readiness(initiative, wave.campaign, world.team2, "awareness", [2] * 6)
    close(wave)
    text = login(world.team_lead).get("/o/acme/change/kb/").content.decode()
    assert "Team Lisbon 2" not in text


def test_line_of_sight_trends_show_per_closed_wave_at_k(world, login):
    schedule = weekly_schedule(world.org)
    for number, n in ((1, 6), (2, 3)):
        wave = open_now(schedule, number)
        for _ in range(n):
            asked = Asked(wave.campaign.pk, world.team1.pk, None, "", LOS_ITEMS[0], "frontline")
            count_answer(asked, "frontline", 5)
        close(wave)
    assert VisionCount.objects.count() == 2
    text = login(world.team_lead).get("/o/acme/change/vision/").content.decode()
    assert text.count("I know where our center is heading.") >= 2
    assert ">100<" in text  # all six strongly agree: (5 - 1) / 4 x 100
    assert "hidden" in text  # three answers in wave 2


def test_the_provider_asks_nothing_outside_pulse_waves(world, diagnostic):
    live_initiative(world)
    assert ReadinessQuestions().pending(world.team1.pk, diagnostic.campaign, None) == []
    assert set(ELEMENTS) == {"awareness", "desire", "knowledge", "ability", "reinforcement"}
