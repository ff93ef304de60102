"""Launching a campaign e-mails personal links (real SMTP on loopback), reminds only
non-responders, announces on a webhook and prints team posters."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import make_person
from tests.survey_fixtures import full_answers
from twoway.org.models import Person
from twoway.surveys.models import Campaign, Invitation

pytestmark = pytest.mark.django_db(transaction=True)


def new_campaign(client, world, template_id, **extra):
    now = timezone.now()
    data = {
        "template": template_id,
        "name": "Autumn diagnostic",
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "languages": ["en", "es"],
        "threshold": 5,
        **extra,
    }
    response = client.post("/o/acme/surveys/campaigns/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Campaign.objects.get(name="Autumn diagnostic")


@pytest.fixture
def template_id(world, login):
    client = login(world.admin)
    client.post("/o/acme/surveys/templates/install/")
    return world.org.survey_templates.get().pk


def test_launch_emails_working_personal_links(world, login, template_id, smtp_server, client):
    Person.objects.filter(first_name="Ben").update(email="ben@acme.example", language="es")
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    by_recipient = {m.recipients[0]: m for m in smtp_server.messages}
    assert set(by_recipient) == {"ana@acme.example", "ben@acme.example"}  # only those with e-mail
    ben = by_recipient["ben@acme.example"]
    assert "Autumn diagnostic" in ben.message["Subject"]
    text = ben.body("plain")
    path = re.search(r"https?://[^/\s]+(/s/\w+/)", text).group(1)
    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert Invitation.objects.filter(campaign=campaign, sent_at__isnull=False).count() == 2


def test_reminders_go_only_to_people_who_have_not_answered(
    world, login, template_id, smtp_server, client
):
    Person.objects.filter(first_name="Ben").update(email="ben@acme.example")
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    ana_link = re.search(
        r"/s/\w+/",
        next(m for m in smtp_server.messages if m.recipients == ["ana@acme.example"]).body("plain"),
    ).group(0)
    client.logout()
    client.post(ana_link, full_answers(campaign, 4, False))
    smtp_server.messages.clear()
    admin = login(world.admin)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/remind/")
    assert [m.recipients for m in smtp_server.messages] == [["ben@acme.example"]]
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/remind/")
    assert len(smtp_server.messages) == 1  # not twice in a day


def test_launch_announces_on_the_webhook_without_personal_data(
    world, login, template_id, smtp_server, webhook_server, settings
):
    settings.DEBUG = False
    admin = login(world.admin)
    campaign = new_campaign(
        admin,
        world,
        template_id,
        webhook_url=webhook_server.url.replace("http://", "https://"),
        webhook_kind="slack",
    )
    campaign.webhook_url = webhook_server.url  # the test server speaks plain HTTP on loopback
    campaign.save()
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    assert len(webhook_server.requests) == 1
    payload = str(webhook_server.requests[0]["json"])
    assert "Autumn diagnostic" in payload and "/k/" in payload
    assert "/s/" not in payload and "ana@" not in payload


def test_posters_have_one_page_per_team_with_its_code(world, login, template_id, smtp_server):
    make_person(world.org, "E099", "Zed", world.team2)
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    response = admin.get(f"/o/acme/surveys/campaigns/{campaign.pk}/posters/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    codes = list(campaign.kiosk_codes.values_list("code", flat=True))
    assert len(reader.pages) == len(codes)
    text = "".join(page.extract_text() for page in reader.pages)
    assert all(code in text for code in codes)
    png = admin.get(f"/o/acme/surveys/campaigns/{campaign.pk}/posters/?unit={world.team1.pk}")
    assert png["Content-Type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        login(world.director).get(f"/o/acme/surveys/campaigns/{campaign.pk}/posters/").status_code
        == 404
    )


def test_a_webhook_that_is_not_https_is_refused_on_the_form(world, login, template_id):
    admin = login(world.admin)
    now = timezone.now()
    response = admin.post(
        "/o/acme/surveys/campaigns/new/",
        {
            "template": template_id,
            "name": "X",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "languages": ["en"],
            "threshold": 5,
            "webhook_url": "http://hooks.example.com/x",
            "webhook_kind": "slack",
        },
    )
    assert response.status_code == 400
    assert "webhook_url" in response.context["form"].errors
