"""E-mail delivery that tells the truth: each invitation sent, failed or refused, a warning
when no mail can go out, failures sent again, and one person's new link (real SMTP on
loopback; a closed port for the server that is not there)."""

import re

import pytest

from tests.notify_fixtures import REFUSED, free_port
from tests.survey_fixtures import full_answers
from tests.surveys.test_outreach import new_campaign
from twoway.org.models import Person
from twoway.surveys.models import Invitation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def template_id(world, login):
    client = login(world.admin)
    client.post("/o/acme/surveys/templates/install/")
    return world.org.survey_templates.get().pk


@pytest.fixture
def no_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 2


def test_launch_without_a_mail_server_warns_and_marks_every_email_failed(
    world, login, template_id, no_mail_server
):
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    draft = admin.get(f"/o/acme/surveys/campaigns/{campaign.pk}/").content.decode()
    assert "E-mail cannot be sent now." in draft
    page = admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/", follow=True)
    body = page.content.decode()
    assert "no e-mail can be sent now" in body and "on their way" not in body
    emailed = campaign.invitations.filter(channel=Invitation.Channel.EMAIL)
    assert emailed.count() == 1  # Ana is the only one with an address
    assert set(emailed.values_list("delivery", flat=True)) == {"failed"}
    assert "Failed (tried again)" in body and "ana@acme.example" in body


def test_failed_emails_go_again_once_the_server_answers(
    world, login, template_id, no_mail_server, smtp_server
):
    # smtp_server set the settings after no_mail_server: point them at the dead port first.
    from django.conf import settings

    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    assert campaign.invitations.filter(delivery="failed").count() == 1
    settings.EMAIL_PORT = live_port
    page = admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/retry/", follow=True)
    assert "1 failed e-mails are being sent again" in page.content.decode()
    assert campaign.invitations.filter(delivery="sent").count() == 1
    assert [m.recipients for m in smtp_server.messages] == [["ana@acme.example"]]


def test_a_refused_address_is_a_bounce_with_the_servers_reason(
    world, login, template_id, smtp_server
):
    Person.objects.filter(first_name="Ben").update(email=REFUSED)
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    ben = campaign.invitations.get(person__first_name="Ben")
    assert ben.delivery == "bounced" and ben.delivery_note.startswith("550")
    page = admin.get(f"/o/acme/surveys/campaigns/{campaign.pk}/").content.decode()
    assert "Refused by the mail server" in page and REFUSED in page


def test_a_new_link_replaces_the_old_one_and_keeps_the_answered_flag(
    world, login, template_id, smtp_server, client
):
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    old_link = re.search(r"/s/\w+/", smtp_server.messages[0].body("plain")).group(0)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/resend/", {"employee_id": "E011"})
    assert len(smtp_server.messages) == 2
    new_link = re.search(r"/s/\w+/", smtp_server.messages[1].body("plain")).group(0)
    assert new_link != old_link
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.post(new_link, full_answers(campaign, 3, False)).status_code == 302
    ana = campaign.invitations.get(person__first_name="Ana")
    assert ana.responded and ana.token_version == 1
    # Sending her yet another link cannot open a second answer.
    admin = login(world.admin)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/resend/", {"employee_id": "E011"})
    third = re.search(r"/s/\w+/", smtp_server.messages[2].body("plain")).group(0)
    client.logout()
    assert client.post(third, full_answers(campaign, 3, False)).status_code == 409
    assert campaign.responses.count() == 1


def test_a_resend_for_someone_not_invited_or_without_an_address_names_the_field(
    world, login, template_id, smtp_server
):
    admin = login(world.admin)
    campaign = new_campaign(admin, world, template_id)
    admin.post(f"/o/acme/surveys/campaigns/{campaign.pk}/launch/")
    page = admin.post(
        f"/o/acme/surveys/campaigns/{campaign.pk}/resend/", {"employee_id": "NOPE"}, follow=True
    ).content.decode()
    assert "Employee ID: nobody with this ID is invited" in page
    page = admin.post(
        f"/o/acme/surveys/campaigns/{campaign.pk}/resend/", {"employee_id": "E012"}, follow=True
    ).content.decode()
    assert "Employee ID E012: this person has no e-mail address" in page
    assert (
        login(world.director)
        .post(f"/o/acme/surveys/campaigns/{campaign.pk}/resend/", {"employee_id": "E011"})
        .status_code
        == 404
    )
