"""Champions, wins, the scorecard beside the owner's own rating, vision lines and the team's
huddle page."""

from __future__ import annotations

import datetime
import io

import pypdf
from django.utils import timezone

from tests.change.conftest import adoption_csv, daily
from tests.pulse.helpers import fill_wave, weekly_schedule
from twoway.change.models import Win
from twoway.change.services import (
    add_champion,
    add_message,
    add_phase,
    create_initiative,
    import_adoption,
    log_win,
    set_owner_ratings,
    set_status,
    set_vision,
    update_settings,
)

DAY = datetime.timedelta(days=1)


def live_initiative(world, days_ago=10):
    """An initiative rolling out in Lisbon since `days_ago` days, owned by Dora."""
    today = timezone.localdate()
    initiative = create_initiative(
        world.org,
        "kb",
        "New knowledge base",
        owner=world.people["Dora"],
        what_changes="Search the new knowledge base before you put a customer on hold.",
    )
    add_phase(
        initiative,
        [world.lisbon],
        today - (days_ago + 7) * DAY,
        today - days_ago * DAY,
        today + 90 * DAY,
    )
    set_status(initiative, "rolling_out")
    return initiative


def test_champions_are_counted_per_hundred_agents_and_missing_teams_flagged(world, login):
    initiative = live_initiative(world)
    client = login(world.director)
    text = client.get("/o/acme/change/kb/").content.decode()
    assert "2 impacted teams have no champion." in text
    response = client.post("/o/acme/change/kb/champions/", {"person": world.people["Ana"].pk})
    assert response.status_code == 302
    text = client.get("/o/acme/change/kb/").content.decode()
    assert "1 impacted team has no champion." in text
    assert "20.0 champions per 100 impacted agents." in text  # 1 of Ana, Ben, Cruz, Dan, Eva
    client.post("/o/acme/change/kb/champions/", {"person": world.people["Tom"].pk})
    assert initiative.champions.count() == 1  # a team lead is not a champion


def test_the_scorecard_puts_the_owners_rating_beside_the_evidence(world, desktop, login):
    set_owner_ratings(desktop, {"championed": 90, "managed": 50})
    add_champion(desktop, world.people["Ana"])  # 1 of 3 impacted teams
    text = login(world.director).get("/o/acme/change/desktop/").content.decode()
    assert "33% of impacted teams have a champion." in text
    assert "+57" in text and "worth a conversation" in text  # 90 believed, 33 shown
    assert "No unit has fallen behind the target long enough to need a correction." in text


def test_the_portfolio_shows_the_scorecard_of_the_last_view(world, desktop, login):
    import_adoption(
        desktop, adoption_csv(daily("Team Lisbon 1", datetime.date(2027, 1, 4), [8] * 5))
    )
    client = login(world.director)
    client.get("/o/acme/change/desktop/")
    text = client.get("/o/acme/change/").content.decode()
    assert "/100" in text and "80%" in text


def test_anyone_logs_a_win_the_owner_broadcasts_it_and_huddles_show_it(
    world, login, webhook_server, django_capture_on_commit_callbacks
):
    live_initiative(world)
    update_settings(world.org, {"slack_webhook": webhook_server.url})
    agent = login(world.agent)
    assert (
        agent.post(
            "/o/acme/change/kb/wins/", {"text": "First call solved with the new search"}
        ).status_code
        == 302
    )
    win = Win.objects.get()
    assert win.unit == world.team1
    with django_capture_on_commit_callbacks(execute=True):
        login(world.director).post(f"/o/acme/change/kb/wins/{win.pk}/broadcast/")
    (posted,) = webhook_server.requests
    assert "First call solved" in posted["json"]["text"]
    win.refresh_from_db()
    assert win.broadcast_at is not None
    agent = login(world.agent)  # one test client: log in again as the agent
    assert agent.post(f"/o/acme/change/kb/wins/{win.pk}/broadcast/").status_code == 404
    text = login(world.team_lead).get(f"/o/acme/change/huddle/{world.team1.pk}/").content.decode()
    assert "First call solved with the new search" in text


def test_the_huddle_page_has_the_vision_the_pulse_the_changes_and_their_talking_points(
    world, login
):
    initiative = live_initiative(world)
    set_vision(world.org, None, "We make every caller's day easier.")
    set_vision(world.org, world.team1, "Team 1 solves it on the first call.")
    phase = initiative.phases.get()
    add_message(
        phase,
        channel="huddle",
        title="Search first",
        body="Try the search bar before a hold.",
        offset_days=(timezone.localdate() - phase.go_live).days - 1,
    )
    schedule = weekly_schedule(world.org)
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6})
    response = login(world.team_lead).get(f"/o/acme/change/huddle/{world.team1.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Team 1 solves it on the first call." in text  # the nearest vision wins
    assert "caller&#x27;s day" not in text
    assert "This week the team&#x27;s pulse is" in text
    assert "New knowledge base: live since" in text
    assert "This week: Search first: Try the search bar before a hold." in text
    assert login(world.team_lead).get(f"/o/acme/change/huddle/{world.team2.pk}/").status_code == 404
    assert login(world.agent).get(f"/o/acme/change/huddle/{world.team1.pk}/").status_code == 404
    assert login(world.director).get(f"/o/acme/change/huddle/{world.lisbon.pk}/").status_code == 404


def test_the_followups_pdf_one_pager_carries_the_change_sections(world, login):
    live_initiative(world)
    set_vision(world.org, None, "We make every caller's day easier.")
    response = login(world.team_lead).get(f"/o/acme/actions/huddle/{world.team1.pk}.pdf")
    text = " ".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    text = " ".join(text.split())
    assert "Where we are heading" in text and "Changes under way" in text
    assert "Search the new knowledge base before you put a customer on hold." in text


def test_a_proposed_or_closed_initiative_is_not_on_the_huddle(world, login):
    initiative = live_initiative(world)
    set_status(initiative, "proposed")
    text = login(world.team_lead).get(f"/o/acme/change/huddle/{world.team1.pk}/").content.decode()
    assert "Changes under way" not in text


def test_leaders_set_their_units_vision_and_admins_the_organisations(world, login):
    client = login(world.team_lead)
    response = client.post(
        "/o/acme/change/vision/", {"unit": world.team1.pk, "text": "We fix it first time."}
    )
    assert response.status_code == 302
    assert (
        client.post("/o/acme/change/vision/", {"unit": world.team2.pk, "text": "x"}).status_code
        == 404
    )
    assert login(world.agent).get("/o/acme/change/vision/").status_code == 404
    login(world.admin).post("/o/acme/change/vision/", {"text": "Every caller's day easier."})
    text = login(world.admin).get("/o/acme/change/vision/").content.decode()
    assert "We fix it first time." in text and "Every caller&#x27;s day easier." in text


def test_an_agent_logs_a_win_but_sees_no_one_elses_figures(world, login):
    initiative = live_initiative(world)
    log_win(initiative, "Queue down to zero before lunch", world.team2)
    text = login(world.agent).get("/o/acme/change/kb/").content.decode()
    assert "Queue down to zero before lunch" in text
    assert "Scorecard" not in text and "Readiness" not in text and "Champions per 100" not in text
