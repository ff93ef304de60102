"""The pulse through the API: schedules, waves, a unit's trend and the alerts, read from the
same stored releases as the pages; a hidden figure is null, another team's unit is 404."""

import pytest

from tests.api.conftest import bearer
from twoway.pulse.models import PulseAlert
from twoway.pulse.trends import unit_trend

pytestmark = pytest.mark.django_db


def trend(client, user, unit, query=""):
    response = client.get(f"/api/orgs/acme/pulse/units/{unit.pk}/trends{query}", **bearer(user))
    assert response.status_code == 200, response.content
    return response.json()


def test_a_team_leads_trend_has_the_pages_figures(client, pulse):
    body = trend(client, pulse.team_lead, pulse.team1)
    assert [w["number"] for w in body["waves"]] == [1, 2, 3, 4, 5]
    first = body["waves"][0]
    assert first["respondents"] == 6 and first["participation"] is None  # 3 invited, under k
    # 4 of 5 everywhere: 75 on agree items, 25 on a reverse-keyed one, eNPS -100 (4 of 10)
    assert {c["value"] for c in first["items"] if c["asked"]} == {75, 25} and first["enps"][
        "value"
    ] == -100
    assert body["waves"][4]["overall"]["change"] < 0  # the dip, against the baseline
    expected = unit_trend(pulse.schedule, pulse.team1)
    assert [w["overall"]["value"] for w in body["waves"]] == [
        r.overall.value for r in expected.rows
    ]


def test_the_small_team_is_null_wherever_the_page_says_hidden(client, pulse):
    for wave in trend(client, pulse.admin, pulse.team_home)["waves"]:
        assert wave["respondents"] is None and wave["participation"] is None
        cells = [wave["overall"], wave["enps"], *wave["items"]]
        assert all(c["value"] is None and c["change"] is None for c in cells)
        assert wave["overall"]["hidden"] is True and wave["enps_split"] is None


def test_another_teams_trend_and_alerts_are_404(client, pulse):
    headers = bearer(pulse.team_lead)
    url = f"/api/orgs/acme/pulse/units/{pulse.team2.pk}/trends"
    assert client.get(url, **headers).status_code == 404
    assert (
        client.get(f"/api/orgs/acme/pulse/alerts?unit_id={pulse.team2.pk}", **headers).status_code
        == 404
    )
    other = PulseAlert.objects.exclude(unit=pulse.team1).first()
    ack = client.post(f"/api/orgs/acme/pulse/alerts/{other.pk}/acknowledge", **headers)
    assert ack.status_code == 404
    for user in (pulse.agent, pulse.outsider):
        assert client.get("/api/orgs/acme/pulse/schedules", **bearer(user)).status_code == 404


def test_a_team_lead_reads_and_acknowledges_their_teams_alerts(client, pulse):
    headers = bearer(pulse.team_lead)
    alerts = client.get("/api/orgs/acme/pulse/alerts", **headers).json()
    assert alerts and {a["unit"] for a in alerts} == {"Team Lisbon 1"}
    assert all(a["value"] is not None and "fell to" in a["text"] for a in alerts)
    first = alerts[0]
    done = client.post(f"/api/orgs/acme/pulse/alerts/{first['id']}/acknowledge", **headers)
    assert done.status_code == 200 and done.json()["acknowledged"] is True
    still_open = client.get("/api/orgs/acme/pulse/alerts", **headers).json()
    assert first["id"] not in [a["id"] for a in still_open]


def test_no_alert_describes_the_hidden_team(client, pulse):
    alerts = client.get("/api/orgs/acme/pulse/alerts?limit=1000", **bearer(pulse.admin)).json()
    assert alerts and pulse.team_home.pk not in {a["unit_id"] for a in alerts}
    drops = client.get("/api/orgs/acme/pulse/alerts?kind=drop", **bearer(pulse.admin)).json()
    assert drops and {a["kind"] for a in drops} == {"drop"}


def test_schedules_and_their_waves(client, pulse):
    headers = bearer(pulse.manager)
    (schedule,) = client.get("/api/orgs/acme/pulse/schedules", **headers).json()
    assert schedule["name"] == "Rollout pulse" and schedule["threshold"] == 5
    waves = client.get(f"/api/orgs/acme/pulse/schedules/{schedule['id']}/waves", **headers).json()
    assert [(w["number"], w["status"]) for w in waves] == [(n, "closed") for n in range(1, 6)]
    campaign = client.get(f"/api/orgs/acme/campaigns/{waves[0]['campaign_id']}", **headers).json()
    assert campaign["kind"] == "pulse" and campaign["wave_number"] == 1


def test_an_unknown_schedule_is_404_not_another_one(client, pulse):
    url = f"/api/orgs/acme/pulse/units/{pulse.team1.pk}/trends?schedule=999999"
    assert client.get(url, **bearer(pulse.admin)).status_code == 404


def test_a_trend_costs_a_bounded_number_of_queries(client, pulse, django_assert_max_num_queries):
    headers = bearer(pulse.admin)
    trend(client, pulse.admin, pulse.center)  # stores the waves' figures once
    with django_assert_max_num_queries(20):
        client.get(f"/api/orgs/acme/pulse/units/{pulse.center.pk}/trends", **headers)
    with django_assert_max_num_queries(15):
        client.get("/api/orgs/acme/pulse/alerts?limit=1000", **headers)
