"""The initiative, portfolio and load map pages: who sees what, what they show, and how many
queries they cost."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.change.conftest import GO_LIVE, adoption_csv, daily
from twoway.change.models import AdaptAlert, Decision, Phase
from twoway.change.services import add_phase, create_initiative, import_adoption

DAY = datetime.timedelta(days=1)


def page(client, path="", key="desktop"):
    return client.get(f"/o/acme/change/{key}/{path}")


def test_the_owner_sees_phases_adoption_and_the_case_for_change(world, desktop, login):
    import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [8] * 10)))
    response = page(login(world.director))
    assert response.status_code == 200
    text = response.content.decode()
    assert "One screen instead of four" in text
    assert "Lisbon / Team Lisbon 1" in text
    assert "80%" in text  # utilisation 8/10
    assert '<svg viewBox="0 0 720' in text  # the timeline and the chart
    assert "Edit the initiative" in text


def test_a_team_lead_sees_the_figures_of_their_own_team_only(world, desktop, login):
    rows = daily("Team Lisbon 1", GO_LIVE, [8] * 5) + daily("Team Lisbon 2", GO_LIVE, [2] * 5)
    import_adoption(desktop, adoption_csv(rows))
    text = page(login(world.team_lead)).content.decode()
    assert "Lisbon / Team Lisbon 1" in text
    assert "Team Lisbon 2" not in text
    assert "1 more unit is outside your scope." in text
    assert "Edit the initiative" not in text
    assert page(login(world.team_lead), "edit/").status_code == 404


def test_an_agent_sees_why_what_changes_and_when_but_no_figures(world, desktop, login):
    import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [8] * 5)))
    response = page(login(world.agent))
    text = response.content.decode()
    assert response.status_code == 200
    assert "You answer, search and wrap up in one window." in text
    assert "Team Lisbon 1 starts getting ready on 2026-12-21, goes live on 2027-01-04" in text
    assert "80%" not in text and "Utilisation" not in text


def test_outsiders_and_people_the_initiative_does_not_touch_get_404(world, desktop, login):
    assert page(login(world.outsider)).status_code == 404
    kb = create_initiative(world.org, "kb", "Knowledge base", owner=world.people["Dora"])
    add_phase(kb, [world.team2], GO_LIVE, GO_LIVE + DAY, GO_LIVE + 9 * DAY)
    assert page(login(world.manager), key="kb").status_code == 404  # Mario: Work at Home
    assert page(login(world.agent), key="kb").status_code == 404  # Ana: team 1
    assert page(login(world.team_lead), key="kb").status_code == 404
    assert page(login(world.admin), key="kb").status_code == 200
    assert page(login(world.director), key="nope").status_code == 404


def test_the_portfolio_lists_what_each_person_has_a_seat_in(world, desktop, login):
    kb = create_initiative(world.org, "kb", "Knowledge base")
    add_phase(kb, [world.team2], GO_LIVE, GO_LIVE + DAY, GO_LIVE + 9 * DAY)
    assert "Knowledge base" in login(world.admin).get("/o/acme/change/").content.decode()
    text = login(world.agent).get("/o/acme/change/").content.decode()
    assert "New agent desktop" in text and "Knowledge base" not in text
    assert "New initiative" not in text


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_initiative_page_costs_the_same_queries_for_a_day_or_a_year(world, desktop, login):
    client = login(world.director)
    import_adoption(desktop, adoption_csv(daily("Team Lisbon 1", GO_LIVE, [5] * 3)))
    page(client)  # the first view after an import may store figures
    small = queries_of(client, "/o/acme/change/desktop/")
    rows = [
        *daily("Team Lisbon 1", GO_LIVE, [5] * 365),
        *daily("Team Lisbon 2", GO_LIVE, [6] * 365),
        *daily("Team Home 1", GO_LIVE + 28 * DAY, [7] * 300),
    ]
    import_adoption(desktop, adoption_csv(rows))
    page(client)
    assert queries_of(client, "/o/acme/change/desktop/") == small
    assert small <= 40


def test_an_import_with_errors_lists_them_and_writes_nothing(world, desktop, login):
    client = login(world.director)
    bad = b"date,unit,eligible,adopted\n2027-01-04,Team Lisbon 1,5,9\n2027-01-05,Nowhere,5,1\n"
    response = client.post(
        "/o/acme/change/desktop/adoption/", {"file": _upload(bad)}, format="multipart"
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "2 problems in the file; nothing was written." in text
    assert "Row 2, column &quot;adopted&quot;: adopted (9) is more than eligible (5)" in text
    assert "Row 3, column &quot;unit&quot;" in text
    good = adoption_csv(daily("Team Lisbon 1", GO_LIVE, [3, 4]))
    response = client.post("/o/acme/change/desktop/adoption/", {"file": _upload(good)})
    assert response.status_code == 302


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("adoption.csv", data, content_type="text/csv")


def test_a_phase_that_overloads_a_team_warns_and_saves_only_when_confirmed(world, desktop, login):
    client = login(world.director)
    kb = create_initiative(world.org, "kb", "Knowledge base", owner=world.people["Dora"])
    data = {
        "name": "All of Lisbon",
        "units": [world.lisbon.pk],
        "start": "2027-01-04",
        "go_live": "2027-01-11",
        "sustain_until": "2027-02-28",
        "impact": "high",
    }
    response = client.post("/o/acme/change/kb/phases/new/", data)
    text = response.content.decode()
    assert response.status_code == 200 and "This phase would overload teams" in text
    assert "Acme Care / Lisbon / Team Lisbon 1: a change load of 20 in 2027-W01" in text
    assert not kb.phases.exists()
    response = client.post("/o/acme/change/kb/phases/new/", {**data, "overload_ok": "on"})
    assert response.status_code == 302
    assert kb.phases.get().name == "All of Lisbon"


def test_moving_a_phase_on_the_web_keeps_the_planned_go_live_for_on_time(world, desktop, login):
    phase = Phase.objects.get(initiative=desktop, name="Lisbon")
    data = {"name": "Lisbon", "units": [world.lisbon.pk], "start": "2026-12-21",
            "go_live": "2027-01-18", "sustain_until": "2027-05-04", "impact": "high"}  # fmt: skip
    assert (
        login(world.director).post(f"/o/acme/change/desktop/phases/{phase.pk}/", data).status_code
        == 302
    )
    phase.refresh_from_db()
    assert (phase.go_live, phase.planned_go_live) == (datetime.date(2027, 1, 18), GO_LIVE)
    assert "14 days later than planned" in page(login(world.director)).content.decode()


def test_a_course_correction_from_the_alert_clears_it(world, login):
    # A go-live 40 days ago that stalled at 3/10: behind from day 16, alerted on day 22.
    go_live = timezone.localdate() - 40 * DAY
    stalled = create_initiative(world.org, "stalled", "Stalled", owner=world.people["Dora"])
    add_phase(stalled, [world.lisbon], go_live - 7 * DAY, go_live, go_live + 200 * DAY)
    import_adoption(stalled, adoption_csv(daily("Team Lisbon 1", go_live, [3] * 41)))
    client = login(world.director)
    began = (go_live + 16 * DAY).isoformat()
    text = page(client, key="stalled").content.decode()
    assert f"has been more than 10 points under the target since {began}" in text
    response = client.post(
        "/o/acme/change/stalled/decisions/new/",
        {"kind": "correction", "saw": "Nobody opens the new screen", "change": "Floor walkers",
         "by_when": (go_live + 60 * DAY).isoformat(), "units": [world.team1.pk]},
    )  # fmt: skip
    assert response.status_code == 302
    assert AdaptAlert.objects.get().cleared_by.kind == Decision.Kind.CORRECTION
    text = page(client, key="stalled").content.decode()
    assert "No open alert" in text and "Nobody opens the new screen" in text


def test_the_load_map_shows_each_team_week_and_flags_overload(world, desktop, login):
    kb = create_initiative(world.org, "kb", "Knowledge base")
    add_phase(kb, [world.team1], GO_LIVE, GO_LIVE + DAY, GO_LIVE + 20 * DAY, impact="high")
    client = login(world.director)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/o/acme/change/load/?from=2027-01-04&weeks=4")
    text = response.content.decode()
    assert response.status_code == 200 and len(captured) <= 15
    assert "2027-W01" in text and "2027-W04" in text
    assert 'class="over" title="desktop, kb">20' in text  # 10 + 10 > 15
    assert "Team Home 1" not in text  # outside Dora's scope
    assert login(world.agent).get("/o/acme/change/load/").status_code == 404


@pytest.mark.parametrize("who", ["agent", "outsider"])
def test_settings_are_for_admins(world, login, who):
    assert login(getattr(world, who)).get("/o/acme/change/settings/").status_code == 404


def test_the_pages_speak_spanish(world, desktop, login):
    text = (
        login(world.director)
        .get("/o/acme/change/desktop/", HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert "Las razones del cambio" in text and "Alertas de adaptación" in text
    text = (
        login(world.director)
        .get("/o/acme/change/load/", HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert "Mapa de carga de cambio" in text
