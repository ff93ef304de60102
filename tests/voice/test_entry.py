"""Posting without a log-in: the personal pulse link, or the team code and an employee ID."""

import datetime

import pytest
from django.utils import timezone

from tests.voice.conftest import WORKAROUND
from twoway.surveys.models import Campaign, Invitation, KioskCode
from twoway.surveys.services import install_builtin
from twoway.surveys.tokens import hash_token, invitation_token
from twoway.voice.models import Post


@pytest.fixture
def wave(world):
    template = install_builtin(world.org, "change_pulse")
    now = timezone.now()
    campaign = Campaign.objects.create(
        organisation=world.org, template=template, name="Pulse 1", launched=True,
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=2),
    )  # fmt: skip
    KioskCode.objects.create(campaign=campaign, unit=world.team1, code="TEAM1X")
    ana = world.people["Ana"]
    Invitation.objects.create(
        campaign=campaign, person=ana, unit=ana.unit,
        token_hash=hash_token(invitation_token(campaign.pk, ana.pk)),
    )  # fmt: skip
    return campaign


def test_a_team_code_and_an_employee_id_of_the_team_let_a_person_post(world, wave, client):
    page = client.get("/v/k/team1x/")
    assert page.status_code == 200 and "Your employee ID" in page.content.decode()
    response = client.post("/v/k/TEAM1X/", {"employee_id": "e012"})  # Ben, case-insensitive
    assert response.status_code == 302 and response["Location"] == "/o/acme/voice/new/"
    assert client.post("/o/acme/voice/new/", WORKAROUND).status_code == 200
    post = Post.objects.get()
    assert post.author is None and post.unit == world.lisbon


def test_an_employee_id_of_another_team_or_unknown_is_refused_on_the_field(world, wave, client):
    for employee_id in ("E021", "E999", ""):  # Dan is on Team Lisbon 2
        response = client.post("/v/k/TEAM1X/", {"employee_id": employee_id})
        assert response.status_code == 400
        assert 'id="id_employee_id"' in response.content.decode()
    assert client.get("/o/acme/voice/new/").status_code == 302  # still no way in


def test_wrong_ids_are_throttled(world, wave, client, monkeypatch):
    monkeypatch.setattr("twoway.surveys.kiosk.KIOSK_LIMIT", 2)  # shared with the code's answers
    for _ in range(2):
        client.post("/v/k/TEAM1X/", {"employee_id": "E999"})
    response = client.post("/v/k/TEAM1X/", {"employee_id": "E012"})
    assert response.status_code == 400 and "Too many tries" in response.content.decode()


def test_an_unknown_code_is_a_clear_404(world, client):
    response = client.get("/v/k/NOPE42/")
    assert response.status_code == 404 and "No team has this code" in response.content.decode()


def test_the_personal_pulse_link_lets_its_person_post_and_vote(world, wave, client, post_as):
    other = post_as("Parking is full by nine", person=world.people["Ben"]).post
    url = f"/v/s/{invitation_token(wave.pk, world.people['Ana'].pk)}/"
    assert client.get(url)["Location"] == "/o/acme/voice/new/"
    client.post(f"/o/acme/voice/p/{other.code}/vote/", {"value": "1"})
    other.refresh_from_db()
    assert other.up_votes == 1
    assert client.get("/v/s/not-a-token/").status_code == 404


def test_a_visit_is_for_one_organisation_and_ends_when_the_person_is_done(world, wave, client):
    client.post("/v/k/TEAM1X/", {"employee_id": "E012"})
    assert client.get("/o/globex/voice/").status_code == 302  # no way into another tenant
    assert client.get("/o/acme/voice/").status_code == 200
    client.post("/v/leave/")
    assert client.get("/o/acme/voice/").status_code == 302


def test_a_visitor_cannot_reach_leaders_or_moderators_pages(world, wave, client, post_as):
    post = post_as().post
    client.post("/v/k/TEAM1X/", {"employee_id": "E012"})
    assert client.get("/o/acme/voice/moderation/").status_code == 404
    assert client.get("/o/acme/voice/export.csv").status_code == 404
    response = client.post(f"/o/acme/voice/p/{post.code}/status/", {"status": "planned"})
    assert response.status_code == 404


def test_a_person_who_left_has_no_way_in(world, wave, client):
    ben = world.people["Ben"]
    ben.is_active = False
    ben.save(update_fields=["is_active"])
    assert client.post("/v/k/TEAM1X/", {"employee_id": "E012"}).status_code == 400
