"""Weekly report e-mails: a leader subscribes to a unit they lead, the e-mail says what their
dashboard says (released figures only), and a reader who no longer leads the unit gets none."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.pulse.helpers import fill_wave, weekly_schedule
from twoway.org.models import Person
from twoway.workspace.models import ReportSubscription

pytestmark = pytest.mark.django_db(transaction=True)


def today_weekday() -> int:
    return timezone.localdate().weekday()


def test_a_director_subscribes_and_gets_the_summary_of_their_site(world, login, smtp_server):
    Person.objects.filter(first_name="Dora").update(email="dora@acme.example")
    schedule = weekly_schedule(world.org)
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    client = login(world.director)
    page = client.get("/o/acme/report-emails/").content.decode()
    assert "It goes to dora@acme.example" in page
    response = client.post(
        "/o/acme/report-emails/", {"unit": world.lisbon.pk, "weekday": today_weekday()}
    )
    assert response.status_code == 302
    call_command("report_emails")
    (message,) = smtp_server.messages
    assert message.recipients == ["dora@acme.example"]
    assert "Weekly pulse report: Lisbon" in message.message["Subject"]
    text = message.body("plain")
    assert "Overall index (0-100): 67" in text  # 75 on each item, 25 on the reverse one
    assert "Team Home 1" not in text  # Mario's site: never in Dora's e-mail
    call_command("report_emails")
    assert len(smtp_server.messages) == 1  # once a day


def test_a_unit_outside_the_scope_cannot_be_chosen_nor_another_readers_cancelled(world, login):
    client = login(world.director)
    response = client.post("/o/acme/report-emails/", {"unit": world.team_home.pk, "weekday": 0})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    mine = ReportSubscription.objects.create(
        organisation=world.org, user=world.manager, unit=world.home, weekday=0
    )
    assert client.post(f"/o/acme/report-emails/{mine.pk}/cancel/").status_code == 404
    assert login(world.agent).get("/o/acme/report-emails/").status_code == 404


def test_a_reader_who_moved_gets_no_email_about_the_old_unit(world, smtp_server):
    Person.objects.filter(first_name="Tom").update(email="tom@acme.example")
    subscription = ReportSubscription.objects.create(
        organisation=world.org, user=world.team_lead, unit=world.team1, weekday=today_weekday()
    )
    Person.objects.filter(first_name="Tom").update(unit=world.team2)
    call_command("report_emails")
    assert smtp_server.messages == []
    subscription.refresh_from_db()
    assert "no longer in this account's scope" in subscription.last_error
    assert subscription.last_sent_on == timezone.localdate()
    assert subscription.last_sent_on - datetime.timedelta(days=1) < timezone.localdate()
