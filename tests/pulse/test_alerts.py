"""Pulse alerts and the manager home, through HTTP and a real SMTP server."""

import datetime
import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.factories import make_account, make_person
from tests.pulse.helpers import answer_pulse, close, fill_wave
from twoway.pulse.alerts import PulseAlert, check_closed_waves
from twoway.pulse.services import open_wave
from twoway.pulse.trends import unit_trend


def give_email(person, address):
    person.email = address
    person.save(update_fields=["email"])


def steady_then_dip(schedule, unit, n=6, dip_waves=(5,), last=5):
    for number in range(1, last + 1):
        fill_wave(schedule, number, {unit: n}, value=2 if number in dip_waves else 4)


def bodies_to(smtp_server, address):
    return [m.body("plain") for m in smtp_server.messages if address in m.recipients]


def test_a_dip_fires_an_alert_e_mailed_to_the_team_lead(world, schedule, smtp_server, login):
    give_email(world.people["Tom"], "tom@acme.example")
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    (body,) = bodies_to(smtp_server, "tom@acme.example")
    assert "Team Lisbon 1" in body and "fell to 25" in body and "from 75" in body
    assert "Ana" not in body and "Ben" not in body  # never names people
    page = login(world.team_lead).get("/o/acme/pulse/alerts/").content.decode()
    assert "fell to 25" in page and "Team Lisbon 1" in page


def test_checking_twice_stores_and_sends_nothing_more(world, schedule, smtp_server):
    give_email(world.people["Tom"], "tom@acme.example")
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    count = PulseAlert.objects.count()
    assert count > 0
    assert check_closed_waves() == []
    assert PulseAlert.objects.count() == count
    assert len(bodies_to(smtp_server, "tom@acme.example")) == 1


def fill_mixed(schedule, number, answers: dict):
    """Wave `number` with {unit: (answers, value)}, closed a minute ago."""
    wave = open_wave(schedule, number)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - datetime.timedelta(days=1)
    campaign.closes_at = timezone.now() + datetime.timedelta(days=1)
    campaign.save(update_fields=["opens_at", "closes_at"])
    for unit, (n, value) in answers.items():
        for _ in range(n):
            answer_pulse(campaign, unit, value)
    close(wave)


def test_no_alert_for_a_small_team_nor_a_parent_that_would_isolate_it(world, schedule, smtp_server):
    give_email(world.people["Theo"], "theo@acme.example")
    give_email(world.people["Vera"], "vera@acme.example")
    for number in range(1, 6):
        fill_mixed(schedule, number, {world.team1: (6, 4), world.team_home: (2, 4)})
    # Team Home's two people answer very low while Team Lisbon 1 stays put.
    fill_mixed(schedule, 6, {world.team1: (6, 4), world.team_home: (2, 1)})
    check_closed_waves()
    flagged = {a.unit_id for a in PulseAlert.objects.all()}
    assert world.team_home.pk not in flagged and world.home.pk not in flagged
    assert not bodies_to(smtp_server, "theo@acme.example")
    # Center minus Lisbon would be those 2 answers: the waves' releases never show both, so an
    # alert about the center, if any, comes with Lisbon and its team hidden, every wave.
    assert not ({world.lisbon.pk, world.team1.pk} & flagged and world.center.pk in flagged)
    if world.center.pk in flagged:
        for unit in (world.lisbon, world.team1):
            trend = unit_trend(schedule, unit)
            assert all(row.overall.value is None for row in trend.rows)


def test_cool_down_holds_a_repeat_alert_for_the_same_unit_and_item(world, schedule, smtp_server):
    give_email(world.people["Tom"], "tom@acme.example")
    steady_then_dip(schedule, world.team1, dip_waves=(5, 6), last=5)
    check_closed_waves()
    fill_wave(schedule, 6, {world.team1: 6}, value=2)
    check_closed_waves()
    before = set(
        PulseAlert.objects.filter(unit=world.team1, wave__number=5).values_list(
            "item_code", flat=True
        )
    )
    wave6 = PulseAlert.objects.filter(unit=world.team1, wave__number=6)
    repeated = wave6.filter(item_code__in=before)  # waves alternate items: compare the shared ones
    assert repeated.exists()
    assert set(repeated.values_list("delivery", flat=True)) == {PulseAlert.Delivery.COOLED}
    new_items = wave6.exclude(item_code__in=before).exists()
    assert len(bodies_to(smtp_server, "tom@acme.example")) == 1 + new_items


def test_after_the_cool_down_the_alert_is_sent_again(world, schedule, smtp_server):
    give_email(world.people["Tom"], "tom@acme.example")
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    long_ago = timezone.now() - datetime.timedelta(days=15)
    PulseAlert.objects.filter(unit=world.team1).update(delivered_at=long_ago)
    fill_wave(schedule, 6, {world.team1: 6}, value=2)
    check_closed_waves()
    assert len(bodies_to(smtp_server, "tom@acme.example")) == 2


def test_participation_falling_under_k_raises_no_alert_and_says_nothing(
    world, schedule, smtp_server
):
    # The fifth wave's two answers are a hidden figure: an alert about it, even one saying only
    # "fewer than k answered", would tell why it is hidden.
    give_email(world.people["Tom"], "tom@acme.example")
    for i in range(6):
        make_person(world.org, f"E1{i}0", f"New{i}", world.team1, manager=world.people["Tom"])
    for number in range(1, 5):
        fill_wave(schedule, number, {world.team1: 8})
    fill_wave(schedule, 5, {world.team1: 2})
    check_closed_waves()
    assert not PulseAlert.objects.filter(unit=world.team1, kind="participation").exists()
    assert not any("answered" in body for body in bodies_to(smtp_server, "tom@acme.example"))


def test_participation_collapse_among_shown_figures_is_told_in_rates(world, schedule, smtp_server):
    give_email(world.people["Tom"], "tom@acme.example")
    for i in range(27):
        make_person(world.org, f"E2{i:02}", f"New{i}", world.team1, manager=world.people["Tom"])
    for number in range(1, 5):
        fill_wave(schedule, number, {world.team1: 24})
    fill_wave(schedule, 5, {world.team1: 6})
    check_closed_waves()
    alert = PulseAlert.objects.get(unit=world.team1, kind="participation")
    assert alert.value == pytest.approx(6 / 30) and alert.baseline == pytest.approx(24 / 30)
    (body,) = bodies_to(smtp_server, "tom@acme.example")
    assert "Participation fell to 20% from 80%" in body


def test_alert_pages_answer_404_outside_the_scope(world, schedule, login):
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    alert = PulseAlert.objects.filter(unit=world.team1).first()
    ack = f"/o/acme/pulse/alerts/{alert.pk}/ack/"
    tina = make_person(world.org, "E099", "Tia", world.team2, "team_lead")
    other_lead = make_account("tia", world.org, person=tina)
    assert login(other_lead).post(ack).status_code == 404
    assert "Team Lisbon 1" not in login(other_lead).get("/o/acme/pulse/alerts/").content.decode()
    assert login(world.agent).get("/o/acme/pulse/alerts/").status_code == 404
    assert login(world.outsider).get("/o/acme/pulse/alerts/").status_code == 404
    assert login(world.outsider).post(ack).status_code == 404
    assert login(world.manager).post(ack).status_code == 404  # Work at Home's manager
    assert login(world.team_lead).get(ack).status_code == 405
    assert PulseAlert.objects.get(pk=alert.pk).acknowledged_at is None


def test_acknowledging_closes_the_alert(world, schedule, login):
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    client = login(world.team_lead)
    for alert in PulseAlert.objects.filter(unit=world.team1):
        assert client.post(f"/o/acme/pulse/alerts/{alert.pk}/ack/").status_code == 302
    page = client.get("/o/acme/pulse/alerts/").content.decode()
    assert "No open alerts" in page
    assert PulseAlert.objects.filter(unit=world.team1, acknowledged_by=world.team_lead).exists()
    # The director still sees Lisbon's own alert.
    assert "Lisbon" in login(world.director).get("/o/acme/pulse/alerts/").content.decode()


def test_manager_home_shows_the_change_since_last_wave_and_open_alerts(world, schedule, login):
    steady_then_dip(schedule, world.team1)
    check_closed_waves()
    response = login(world.team_lead).get("/o/acme/pulse/me/")
    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "My pulse: Team Lisbon 1" in page
    assert "Open alerts" in page and "fell to 25" in page
    assert "(−" in page  # the overall index fell since the wave before
    for name, kwargs, label in (
        ("pulse_comments", {"slug": "acme", "unit_id": world.team1.pk}, "Comments to read"),
        ("actions", {"slug": "acme"}, "Actions due"),
    ):
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            assert label not in page
        else:
            assert f'href="{url}">{label}' in page
    assert login(world.agent).get("/o/acme/pulse/me/").status_code == 404
    assert login(world.outsider).get("/o/acme/pulse/me/").status_code == 404


def test_manager_home_hides_a_small_team_figures(world, schedule, login):
    fill_wave(schedule, 1, {world.team_home: 2})
    fill_wave(schedule, 2, {world.team_home: 2}, value=2)
    theo = world.people["Theo"]
    client = login(make_account("theo", world.org, person=theo))
    page = client.get("/o/acme/pulse/me/").content.decode()
    since = page[page.index('id="changed"') : page.index('id="open-alerts"')]
    assert "hidden" in since and "fewer than" not in since  # the same word whatever hides it
    assert "75" not in since and "25" not in since and "−" not in since
