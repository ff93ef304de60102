"""Red team, class 3: padding a small team through its team code. Every path allows one answer
per person, and a unit's answers never exceed its head-count."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.survey_fixtures import full_answers
from twoway.pulse.services import open_wave
from twoway.surveys.models import Invitation, Response
from twoway.surveys.tokens import invitation_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_wave_of(redteam):
    wave = open_wave(redteam.schedule, 9)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    return campaign


def through_code(client, campaign, unit, employee_id):
    url = f"/k/{campaign.kiosk_codes.get(unit=unit).code}/"
    page = client.post(url, {"employee_id": employee_id})
    if page.status_code != 200:
        return page.status_code
    answers = full_answers(campaign, 1, page.context["is_leader"])
    return client.post(url, {**answers, "claim": page.context["claim"]}).status_code


def test_one_person_cannot_answer_twice_through_the_code(redteam, open_wave_of, client):
    n2 = redteam.units["N2"]
    assert through_code(client, open_wave_of, n2, "R107") == 302  # Fay
    assert through_code(client, open_wave_of, n2, "r-107") == 409  # the same, written otherwise
    assert Response.objects.filter(campaign=open_wave_of).count() == 1


def test_the_code_and_the_link_share_one_answer(redteam, open_wave_of, client):
    fay = redteam.people["Fay"]
    link = f"/s/{invitation_token(open_wave_of.pk, fay.pk)}/"
    assert client.post(link, full_answers(open_wave_of, 1, False)).status_code == 302
    assert through_code(client, open_wave_of, redteam.units["N2"], "R107") == 409


def test_a_small_team_cannot_be_padded_past_its_head_count(redteam, open_wave_of, client):
    """A lead who wants N2 (three agents and the lead) over k tries every ID they can think of:
    colleagues from other teams, made-up ones, ones with other spellings."""
    n2 = redteam.units["N2"]
    tries = ["R107", "R108", "R109", "R020", "R101", "R102", "X001", "R1070", "r 109"]
    statuses = [through_code(client, open_wave_of, n2, eid) for eid in tries]
    answered = Response.objects.filter(campaign=open_wave_of, unit__path__startswith=n2.path)
    assert answered.count() <= n2.people.count() == 4
    assert statuses[:4] == [302, 302, 302, 302] and set(statuses[4:]) <= {400, 409, 429}
    invited = Invitation.objects.filter(campaign=open_wave_of, unit=n2, responded=True).count()
    assert answered.count() == invited


def test_ids_cannot_be_tried_in_bulk(redteam, open_wave_of, client):
    url = f"/k/{open_wave_of.kiosk_codes.get(unit=redteam.units['N2']).code}/"
    statuses = [client.post(url, {"employee_id": f"Z{i}"}).status_code for i in range(25)]
    assert statuses[-1] == 429 and 429 in statuses[:21]
