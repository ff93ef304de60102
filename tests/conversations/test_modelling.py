"""Leader modelling rides in pulse waves: the team rates its own lead; a lead sees the result
only from k answers of their direct team, with the site beside it; their manager sees only a
figure pooled over k leaders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_person
from tests.pulse.helpers import weekly_schedule
from tests.survey_fixtures import full_answers
from twoway.conversations.models import ModellingCount, ModellingSetting
from twoway.org.models import Person, Role
from twoway.pulse.services import open_wave
from twoway.surveys.models import Item
from twoway.surveys.tokens import invitation_token

DAY = datetime.timedelta(days=1)
MODELLING = {"modelling-does": "4", "modelling-explains": "5", "modelling-listens": "2"}


@pytest.fixture
def wave(world):
    """An open pulse wave with the modelling items. Tom leads six agents (three more than the
    world's), and three more team leads report to Dora, with two agents each."""
    for eid, name in (("E014", "Dee"), ("E015", "Eli"), ("E016", "Flo")):
        make_person(world.org, eid, name, world.team1, manager=world.people["Tom"])
    world.leads = [world.people["Tom"], world.people["Tina"]]
    for i in range(3):
        lead = make_person(
            world.org, f"E09{i}", f"Lead{i}", world.lisbon, Role.TEAM_LEAD, world.people["Dora"]
        )
        world.leads.append(lead)
        for j in range(2):
            make_person(world.org, f"R{i}{j}", f"Rep{i}{j}", world.team2, manager=lead)
    schedule = weekly_schedule(world.org)
    ModellingSetting.objects.create(schedule=schedule)
    wave = open_wave(schedule, 1)
    campaign = wave.campaign
    campaign.opens_at = timezone.now() - DAY
    campaign.closes_at = timezone.now() + 2 * DAY
    campaign.save(update_fields=["opens_at", "closes_at"])
    world.schedule, world.wave = schedule, campaign
    return campaign


def answer_by_link(client, campaign, person, modelling=MODELLING):
    data = full_answers(campaign, 4, False)
    for item in Item.objects.filter(template=campaign.template, kind="choice"):
        data[f"item-{item.code}"] = item.choices[0]["code"]
    data.update(modelling)
    return client.post(f"/s/{invitation_token(campaign.pk, person.pk)}/", data)


def close_wave(campaign):
    campaign.closes_at = timezone.now() - DAY
    campaign.save(update_fields=["closes_at"])


def test_the_pulse_asks_about_ones_own_team_lead_and_keeps_counts_only(world, wave, client):
    ana = world.people["Ana"]
    page = client.get(f"/s/{invitation_token(wave.pk, ana.pk)}/").content.decode()
    assert "My team lead does what they ask us to do during this change." in page
    response = answer_by_link(client, wave, ana)
    assert response.status_code == 302
    counts = {(c.leader.first_name, c.item, c.value): c.count for c in ModellingCount.objects.all()}
    assert counts == {("Tom", "does", 4): 1, ("Tom", "explains", 5): 1, ("Tom", "listens", 2): 1}
    row = ModellingCount.objects.values().first()
    assert set(row) == {"id", "campaign_id", "leader_id", "item", "value", "count"}


def test_schedules_without_modelling_do_not_ask(world, wave, client):
    ModellingSetting.objects.update(enabled=False)
    page = client.get(f"/s/{invitation_token(wave.pk, world.people['Ana'].pk)}/")
    assert "My team lead does" not in page.content.decode()


def test_the_items_are_optional_and_odd_answers_are_not_counted(world, wave, client):
    response = answer_by_link(client, wave, world.people["Ana"], {"modelling-does": "9"})
    assert response.status_code == 302
    assert not ModellingCount.objects.exists()


def team_of(lead):
    return list(Person.objects.filter(manager=lead).order_by("employee_id"))


def reopen(campaign):
    campaign.closes_at = timezone.now() + DAY
    campaign.save(update_fields=["closes_at"])


def modelling_page(client):
    return client.get("/o/acme/conversations/modelling/").content.decode()


def test_a_lead_sees_their_result_only_from_k_answers_and_after_the_wave(
    world, wave, client, login
):
    team = team_of(world.people["Tom"])
    for person in team[:4]:
        answer_by_link(client, wave, person)
    lead = login(world.team_lead)
    assert "No pulse wave with these items has closed yet." in modelling_page(lead)
    close_wave(wave)
    page = modelling_page(lead)
    assert "hidden (fewer than 5)" in page and "(n=4)" not in page
    reopen(wave)
    answer_by_link(client, wave, team[4])
    close_wave(wave)
    assert "(n=5)" in modelling_page(lead)


def test_the_site_figure_gives_way_when_it_would_reveal_another_lead(world, wave, client, login):
    for person in team_of(world.people["Tom"])[:5]:
        answer_by_link(client, wave, person)
    for person in team_of(world.people["Tina"]):  # Dan and Eva: Lisbon minus Tom would be 2
        answer_by_link(client, wave, person)
    close_wave(wave)
    page = modelling_page(login(world.team_lead))
    assert "(n=5)" in page
    assert "(n=7)" not in page


def test_a_manager_sees_only_the_pool_of_k_leaders(world, wave, client, login):
    for lead in world.leads[:4]:
        for person in team_of(lead):
            answer_by_link(client, wave, person)
    close_wave(wave)
    director = login(world.director)
    page = modelling_page(director)
    assert "The 5 leaders who report to you, together" in page
    assert "hidden: shown only over at least 5 leaders" in page  # only 4 were rated
    reopen(wave)
    for person in team_of(world.leads[4]):
        answer_by_link(client, wave, person)
    close_wave(wave)
    page = modelling_page(director)
    assert "hidden: shown only over" not in page
    assert "(n=14)" in page  # Tom 6, Tina 2, three leads 2 each: pooled, nobody named
    assert "Tom" not in page.split("together")[1]


def test_an_agent_has_no_modelling_result(world, login):
    page = login(world.agent).get("/o/acme/conversations/modelling/").content.decode()
    assert "This page is for people who lead a team." in page


def test_an_admin_switches_the_items_on_for_a_schedule(world, login):
    schedule = weekly_schedule(world.org)
    admin, url = login(world.admin), "/o/acme/conversations/modelling/settings/"
    assert "Rollout pulse" in admin.get(url).content.decode()
    admin.post(url, {"schedule": schedule.pk, "enabled": "on"})
    assert ModellingSetting.objects.get(schedule=schedule).enabled is True
    admin.post(url, {"schedule": schedule.pk})
    assert ModellingSetting.objects.get(schedule=schedule).enabled is False
    assert login(world.director).get(url).status_code == 404
