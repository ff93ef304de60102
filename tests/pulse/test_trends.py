import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pulse.conftest import fill_wave


def trends(client, unit):
    response = client.get(f"/o/acme/pulse/units/{unit.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def row(page, number):
    """The text of the table row of wave `number`, tags stripped."""
    match = re.search(rf'<th scope="row">{number}</th>(.*?)</tr>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


def test_team_sees_its_index_reverse_items_flipped_and_enps(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    page = trends(login(world.team_lead), world.team1)
    first = row(page, 1)
    # value 4 of 5 everywhere: 75 on agree items, 25 on the reverse-keyed one, eNPS -100
    assert " 75 " in first and " 25 " in first and "-100" in first
    assert "hidden" not in first


def test_small_team_is_hidden_never_a_number(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    page = trends(login(world.admin), world.team_home)
    first = row(page, 1)
    assert "hidden" in first and "75" not in first and "-100" not in first


def test_parent_hidden_when_it_minus_a_shown_child_is_under_k(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2})
    page = trends(login(world.admin), world.center)
    assert " 75 " not in row(page, 1)  # center minus Lisbon would be Team Home's 2 answers
    assert " 75 " in row(trends(login(world.admin), world.lisbon), 1)


def test_change_against_baseline_follows_the_pure_rules(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6}, value=4)
    fill_wave(schedule, 2, {world.team1: 6}, value=3)
    fill_wave(schedule, 3, {world.team1: 3}, value=3)
    fill_wave(schedule, 4, {world.team1: 6}, value=3)
    page = trends(login(world.team_lead), world.team1)
    assert "(−25)" in row(page, 2)  # 50 against the baseline of wave 1 (75)
    assert "hidden" in row(page, 3)
    wave4 = row(page, 4)
    assert " 50 " in wave4 and "(" not in wave4  # its baseline pools the small wave 3


def test_trends_answer_404_outside_the_scope(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6})
    assert login(world.team_lead).get(f"/o/acme/pulse/units/{world.team2.pk}/").status_code == 404
    assert login(world.agent).get(f"/o/acme/pulse/units/{world.team1.pk}/").status_code == 404
    assert login(world.outsider).get(f"/o/acme/pulse/units/{world.team1.pk}/").status_code == 404
    assert login(world.director).get(f"/o/acme/pulse/units/{world.home.pk}/").status_code == 404
    assert login(world.director).get(f"/o/acme/pulse/units/{world.lisbon.pk}/").status_code == 200


def test_query_count_does_not_grow_with_waves_or_answers(world, schedule, login):
    client = login(world.admin)
    fill_wave(schedule, 1, {world.team1: 5})
    with CaptureQueriesContext(connection) as few:
        trends(client, world.center)
    for number in (2, 3, 4, 5):
        fill_wave(schedule, number, {world.team1: 7, world.team2: 6, world.team_home: 5})
    with CaptureQueriesContext(connection) as many:
        trends(client, world.center)
    assert len(many) == len(few)


def test_pulse_home_lists_units_in_scope_only(world, schedule, login):
    page = login(world.team_lead).get("/o/acme/pulse/").content.decode()
    assert "Team Lisbon 1" in page and "Team Lisbon 2" not in page
    assert login(world.agent).get("/o/acme/pulse/").status_code == 404
