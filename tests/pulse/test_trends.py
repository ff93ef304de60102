import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person
from tests.pulse.helpers import fill_wave
from twoway.insights.audit import AtomMembership, audit_leaks


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
    assert "0% / 0% / 100%" in first  # all six answered 4 of 10: detractors
    # Six answers shown; participation hidden: the team has fewer than k people invited.
    assert first.split()[1:3] == ["6", "hidden"]


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
    # Waves are never pooled: wave 4 shows on its own, against the shown waves 1-2 (62.5);
    # the hidden wave 3 enters no baseline.
    assert " 50 " in row(page, 4) and ("(−12)" in row(page, 4) or "(−13)" in row(page, 4))


def test_a_small_wave_is_hidden_and_never_pooled_into_the_next(world, schedule, login):
    invite_more(world, world.team1, 6)
    fill_wave(schedule, 1, {world.team1: 6}, value=4)
    fill_wave(schedule, 2, {world.team1: 6}, value=3)
    fill_wave(schedule, 3, {world.team1: 3}, value=3)
    fill_wave(schedule, 4, {world.team1: 6}, value=3)
    page = trends(login(world.team_lead), world.team1)
    assert "hidden" in row(page, 3) and "pooled" not in page
    wave4 = row(page, 4)
    # wave 4 alone (6 answers, 50) against waves 1-2 (62.5): the small wave 3 enters nothing
    assert " 6 " in wave4 and " 50 " in wave4
    assert "(−12)" in wave4 or "(−13)" in wave4


def test_trends_answer_404_outside_the_scope(world, schedule, login):
    fill_wave(schedule, 1, {world.team1: 6})
    assert login(world.team_lead).get(f"/o/acme/pulse/units/{world.team2.pk}/").status_code == 404
    assert login(world.agent).get(f"/o/acme/pulse/units/{world.team1.pk}/").status_code == 404
    assert login(world.outsider).get(f"/o/acme/pulse/units/{world.team1.pk}/").status_code == 404
    assert login(world.director).get(f"/o/acme/pulse/units/{world.home.pk}/").status_code == 404
    assert login(world.director).get(f"/o/acme/pulse/units/{world.lisbon.pk}/").status_code == 200


def test_query_count_does_not_grow_with_waves_or_answers(world, schedule, login):
    """Once a closed wave's release is stored (the tick does it when the wave closes, or the
    first page that needs it), pages read a constant number of queries."""
    client = login(world.admin)
    fill_wave(schedule, 1, {world.team1: 5})
    trends(client, world.center)
    with CaptureQueriesContext(connection) as few:
        trends(client, world.center)
    for number in (2, 3, 4, 5):
        fill_wave(schedule, number, {world.team1: 7, world.team2: 6, world.team_home: 5})
    trends(client, world.center)
    with CaptureQueriesContext(connection) as many:
        trends(client, world.center)
    assert len(many) == len(few)


def test_pulse_home_lists_units_in_scope_only(world, schedule, login):
    page = login(world.team_lead).get("/o/acme/pulse/").content.decode()
    assert "Team Lisbon 1" in page and "Team Lisbon 2" not in page
    assert login(world.agent).get("/o/acme/pulse/").status_code == 404


def invite_more(world, unit, people):
    """Put `people` more agents in `unit`, so the team has k or more people to invite."""
    for i in range(people):
        make_person(world.org, f"extra-{unit.pk}-{i}", f"Extra{i}", unit)


def shown_waves(page):
    """(wave, answers) of every wave whose answers a trends page shows."""
    found = []
    for number, cells in re.findall(r'<th scope="row">(\d+)</th>(.*?)</tr>', page, re.S):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells))
        answers = re.match(r" \S+ (\d+) ", text)
        if answers:
            found.append((int(number), int(answers.group(1))))
    return found


def test_a_small_team_shows_nothing_however_many_weeks_it_answers(world, schedule, login):
    # Pooling weeks would count answers, not people: the same three people each week.
    invite_more(world, world.team_home, 6)
    for number in (1, 2, 3):
        fill_wave(schedule, number, {world.team_home: 3})
    page = trends(login(world.admin), world.team_home)
    assert shown_waves(page) == []
    assert all("hidden" in row(page, n) and " 75 " not in row(page, n) for n in (1, 2, 3))


def test_no_subtraction_over_units_and_waves_isolates_fewer_than_k(world, schedule, login):
    """Every figure any page shows, audited together: no sum or difference of them over
    units and waves (week over week, parent minus child) is a group of 1 to k-1 answers."""
    invite_more(world, world.team_home, 6)
    series = {
        world.team1: (6, 6, 2, 7, 6, 1),
        world.team2: (5, 0, 6, 6, 5, 6),
        world.team_home: (3, 2, 1, 4, 3, 3),
    }
    for t in range(6):
        fill_wave(schedule, t + 1, {unit: n[t] for unit, n in series.items() if n[t]})
    client = login(world.admin)
    leaves = {world.team1: [world.team1], world.team2: [world.team2]}
    leaves |= {world.team_home: [world.team_home], world.home: [world.team_home]}
    leaves |= {world.lisbon: [world.team1, world.team2]}
    leaves[world.center] = [world.team1, world.team2, world.team_home]
    atom = {(u, t): i for i, (u, t) in enumerate((u, t) for u in series for t in range(6))}
    cells, sizes = [[i] for i in atom.values()], [series[u][t] for u, t in atom]
    shown = [False] * len(cells)
    for unit, below in leaves.items():
        for wave, answers in shown_waves(trends(client, unit)):
            members = [atom[u, t] for u in below for t in range(wave - 1, wave)]
            assert answers == sum(sizes[a] for a in members)
            cells.append(members)
            sizes.append(answers)
            shown.append(True)
    assert sum(shown) >= 8  # the pages do show things
    assert audit_leaks(AtomMembership(cells), sizes, shown, 5) == []


def test_small_teams_keep_queries_bounded(world, schedule, login):
    invite_more(world, world.team_home, 6)
    client = login(world.admin)
    fill_wave(schedule, 1, {world.team_home: 3})
    trends(client, world.home)
    with CaptureQueriesContext(connection) as few:
        trends(client, world.home)
    for number in range(2, 8):
        fill_wave(schedule, number, {world.team_home: 2, world.team1: 6})
    trends(client, world.home)
    with CaptureQueriesContext(connection) as many:
        trends(client, world.home)
    assert len(many) == len(few)
