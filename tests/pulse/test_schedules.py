import datetime

from django.core.management import call_command
from django.utils import timezone

from twoway.pulse.bank import due_codes
from twoway.pulse.models import PulseSchedule, PulseWave
from twoway.pulse.services import tick
from twoway.pulse.slots import slot_start
from twoway.surveys.models import Item


def test_admin_creates_and_pauses_a_schedule(world, login):
    client = login(world.admin)
    page = client.get("/o/acme/pulse/schedules/")
    assert page.status_code == 200
    response = client.post(
        "/o/acme/pulse/schedules/",
        {
            "name": "Desktop rollout",
            "cadence": "weekly",
            "weekday": "1",
            "hour": "9",
            "open_days": "3",
            "starts_on": "2026-02-02",
            "threshold": "5",
            "languages": ["en", "es"],
            "roles": ["agent"],
        },
    )
    assert response.status_code == 302
    schedule = PulseSchedule.objects.get(name="Desktop rollout")
    assert schedule.active and schedule.audience_roles == ["agent"]
    assert "Desktop rollout" in client.get("/o/acme/pulse/schedules/").content.decode()
    client.post(f"/o/acme/pulse/schedules/{schedule.pk}/toggle/")
    schedule.refresh_from_db()
    assert not schedule.active


def test_threshold_below_the_organisation_is_refused(world, login):
    response = login(world.admin).post(
        "/o/acme/pulse/schedules/",
        {"name": "x", "cadence": "weekly", "weekday": "1", "hour": "9", "open_days": "3",
         "starts_on": "2026-02-02", "threshold": "2", "languages": ["en"]},
    )  # fmt: skip
    assert response.status_code == 400
    assert not PulseSchedule.objects.exists()


def test_schedule_pages_are_for_admins_only(world, login):
    for user in (world.director, world.team_lead, world.agent, world.outsider):
        assert login(user).get("/o/acme/pulse/schedules/").status_code == 404


def test_tick_opens_one_wave_however_often_it_runs(schedule):
    now = slot_start(schedule, 3) + datetime.timedelta(hours=2)
    assert len(tick(now)) == 1
    assert tick(now) == []
    call_command("pulse_tick")  # the real clock: far past wave 3, maybe inside a later wave
    wave = PulseWave.objects.get(number=3)
    assert wave.campaign.is_open is False or wave.campaign.launched
    assert wave.campaign.invitations.count() > 0
    assert PulseWave.objects.filter(number=3).count() == 1


def test_no_wave_outside_the_open_days_or_when_paused(schedule):
    assert tick(slot_start(schedule, 2) + datetime.timedelta(days=4)) == []
    schedule.active = False
    schedule.save()
    assert tick(slot_start(schedule, 2) + datetime.timedelta(hours=1)) == []


def test_waves_keep_the_hour_in_the_organisation_time_zone(schedule):
    schedule.organisation.time_zone = "Europe/Lisbon"
    schedule.organisation.save()
    winter, summer = slot_start(schedule, 1), slot_start(schedule, 20)
    assert winter.astimezone(winter.tzinfo).hour == 9 == summer.astimezone(summer.tzinfo).hour
    assert winter.utcoffset() != summer.utcoffset()
    assert winter.weekday() == 0


def test_wave_items_follow_their_frequency(schedule):
    waves = {n: tick(slot_start(schedule, n) + datetime.timedelta(hours=1))[0] for n in (1, 2, 3)}
    asked = {
        n: set(Item.objects.filter(template=w.campaign.template).values_list("code", flat=True))
        for n, w in waves.items()
    }
    assert "enps" in asked[1] and "understanding-why" in asked[1]
    assert "understanding-why" not in asked[2] and "energy-worn-out" in asked[2]
    assert "understanding-why" in asked[3] and "enps" not in asked[3]
    assert all(len(codes) <= 8 for codes in asked.values())  # 6 rated + comment (+ eNPS)
    assert asked[2] == set(due_codes(2))
    reverse = Item.objects.get(template=waves[2].campaign.template, code="energy-worn-out")
    assert reverse.pulse.reverse is True


def test_answer_page_shows_only_the_due_items(schedule, client):
    wave = tick(slot_start(schedule, 2) + datetime.timedelta(hours=1))[0]
    campaign = wave.campaign
    campaign.opens_at = campaign.opens_at - datetime.timedelta(days=3650)
    campaign.closes_at = campaign.closes_at + datetime.timedelta(days=3650)
    campaign.save()
    code = campaign.kiosk_codes.get(unit__name="Team Lisbon 1").code
    page = client.post(f"/k/{code}/", {"employee_id": "E012"}).content.decode()
    assert "item-energy-worn-out" in page
    assert "item-understanding-why" not in page


def test_the_last_day_of_a_wave_reminds_only_those_who_have_not_answered(
    world, schedule, smtp_server
):
    from twoway.org.models import Person
    from twoway.pulse.services import open_wave
    from twoway.pulse.tasks import remind_closing_waves

    Person.objects.filter(first_name__in=["Ana", "Ben"]).update(email="x@acme.example")
    Person.objects.filter(first_name="Ben").update(email="ben@acme.example")
    wave = open_wave(schedule, 1)
    campaign = wave.campaign
    campaign.closes_at = timezone.now() + datetime.timedelta(hours=6)
    campaign.save(update_fields=["closes_at"])
    campaign.invitations.filter(person__first_name="Ana").update(responded=True)
    smtp_server.messages.clear()
    assert remind_closing_waves() == 1
    recipients = [m.recipients for m in smtp_server.messages]
    assert ["ben@acme.example"] in recipients and ["x@acme.example"] not in recipients
    smtp_server.messages.clear()
    remind_closing_waves()  # the next tick, minutes later: no second reminder
    assert smtp_server.messages == []
