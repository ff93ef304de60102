"""The drivers page: which items move the recommend question, only with enough people."""

from __future__ import annotations

import datetime
import re

import numpy as np
import pytest
from django.utils import timezone

from tests.pulse.helpers import close
from twoway.insights.drivers import describe_drivers, driver_analysis, minimum_responses
from twoway.pulse.drivers import driver_sentences
from twoway.pulse.services import open_wave
from twoway.surveys.models import Answer, Item, Lens, Response

URL = "/o/acme/pulse/units/{}/drivers/"


def pace_text(wave) -> str:
    item = Item.objects.get(template=wave.campaign.template, code="pace-manageable-now")
    return item.frontline_text["en"]


def answer_wave(wave, unit, n, seed=0, is_leader=False):
    """`n` responses with random ratings; the recommend answer follows the pace item."""
    rng = np.random.default_rng(seed)
    items = list(Item.objects.filter(template=wave.campaign.template, kind__in=["agree5"]))
    enps = Item.objects.get(template=wave.campaign.template, code="enps")
    responses = Response.objects.bulk_create(
        Response(
            campaign=wave.campaign,
            unit=unit,
            is_leader=is_leader,
            channel="kiosk",
            submitted_on=datetime.date(2026, 1, 6),
        )
        for _ in range(n)
    )
    lens = Lens.LEADER_NOW if is_leader else Lens.FRONTLINE
    answers = []
    for response in responses:
        values = {item.code: int(rng.integers(1, 6)) for item in items}
        pace = values["pace-manageable-now"]
        recommend = int(np.clip(2 * pace - 1 + rng.integers(-1, 2), 0, 10))
        answers += [
            Answer(response=response, item=item, lens=lens, value=values[item.code])
            for item in items
        ]
        answers.append(Answer(response=response, item=enps, lens=lens, value=recommend))
    Answer.objects.bulk_create(answers)


@pytest.fixture
def wave(schedule):
    """Wave 1 asks every item and the recommend question; it has closed."""
    made = open_wave(schedule, 1)
    close(made)
    return made


def test_team_lead_sees_what_moves_the_recommend_question(world, login, wave):
    answer_wave(wave, world.team1, 100)
    response = login(world.team_lead).get(URL.format(world.team1.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"{pace_text(wave)} matters most" in page
    assert "likely between" in page and "Likely range" in page
    assert "100 complete responses" not in page  # no count of people, only the floor
    assert "or more complete responses" in page


def test_leaders_answers_are_not_counted(world, login, wave):
    answer_wave(wave, world.team1, 100, is_leader=True)
    page = login(world.team_lead).get(URL.format(world.team1.pk)).content.decode()
    assert "Not shown yet" in page and "matters most" not in page


def test_under_k_says_not_enough_without_a_count(world, login, wave):
    answer_wave(wave, world.team1, 3)
    page = login(world.team_lead).get(URL.format(world.team1.pk)).content.decode()
    assert "Not shown yet" in page
    # No count at all (a bare "87" could match a CSRF token, so look for the phrase).
    assert "more complete" not in page and not re.search(r"\b\d+ more\b", page)


def test_from_k_it_still_gives_no_count_only_the_floor(world, login, wave):
    answer_wave(wave, world.team1, 40)
    page = login(world.team_lead).get(URL.format(world.team1.pk)).content.decode()
    items = Item.objects.filter(template=wave.campaign.template, kind="agree5").count()
    assert f"need at least {minimum_responses(items)} complete responses" in page
    assert "more complete" not in page and "matters most" not in page


def test_parent_is_hidden_when_it_differs_from_a_child_by_fewer_than_k(world, login, wave):
    answer_wave(wave, world.team1, 100, seed=1)
    answer_wave(wave, world.team2, 2, seed=2)
    client = login(world.director)
    lisbon = client.get(URL.format(world.lisbon.pk)).content.decode()
    team = client.get(URL.format(world.team1.pk)).content.decode()
    # Lisbon minus its team would be the two: one of them may show, never both.
    assert ("matters most" in lisbon) + ("matters most" in team) == 1
    assert "Not shown yet" in (team if "matters most" in lisbon else lisbon)


def test_count_of_more_needed_is_hidden_when_it_would_difference(world, login, wave):
    answer_wave(wave, world.team1, 40, seed=1)
    answer_wave(wave, world.team2, 2, seed=2)
    page = login(world.director).get(URL.format(world.lisbon.pk)).content.decode()
    assert "Not shown yet" in page and "more complete" not in page


def test_units_outside_the_scope_answer_404(world, login, wave):
    answer_wave(wave, world.team1, 100)
    assert login(world.team_lead).get(URL.format(world.team2.pk)).status_code == 404
    assert login(world.agent).get(URL.format(world.team1.pk)).status_code == 404
    assert login(world.outsider).get(URL.format(world.team1.pk)).status_code == 404


def test_no_closed_wave_says_so(world, login, schedule):
    still_open = open_wave(schedule, 1).campaign
    still_open.closes_at = timezone.now() + datetime.timedelta(days=1)
    still_open.save(update_fields=["closes_at"])
    page = login(world.team_lead).get(URL.format(world.team1.pk)).content.decode()
    assert "No closed wave has asked the recommend question yet" in page


def test_page_queries_are_bounded(world, login, schedule, django_assert_max_num_queries):
    for number in (1, 5, 9):
        made = open_wave(schedule, number)
        close(made)
        answer_wave(made, world.team1, 40, seed=number)
    client = login(world.team_lead)
    client.get(URL.format(world.team1.pk))  # the waves' releases are stored once
    with django_assert_max_num_queries(13):  # + the unit labels, one query
        page = client.get(URL.format(world.team1.pk)).content.decode()
    assert "Based on waves 1, 5, 9" in page and "matters most" in page


def test_sentences_say_what_describe_drivers_says_in_english():
    rng = np.random.default_rng(3)
    x = rng.integers(1, 6, size=(120, 3)).astype(float)
    y = x[:, 0] * 2 + rng.normal(0, 1, 120)
    result = driver_analysis(x, y, ["Pace", "Voice", "Tools"], resamples=200)
    outcome = "whether people would recommend working here"
    assert driver_sentences(result) == describe_drivers(result, outcome)
