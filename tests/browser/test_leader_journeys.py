"""Leaders get through their week without typing a URL (Chromium on a 390 px phone): each
journey follows links only, and axe-core finds no serious or critical issue on the way."""

import datetime
import os
import re

import pytest
from django.utils import timezone

from tests.browser.walk import current_menu_entries, log_in, serious_accessibility_issues
from tests.factories import make_unit
from tests.pulse.helpers import fill_wave, weekly_schedule
from tests.survey_fixtures import answer_directly
from twoway.followups.services import create_action, publish_action
from twoway.org.models import Membership
from twoway.pulse.services import open_wave

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_a_site_director_opens_the_report_of_their_site_from_the_campaign(
    live_server, answered, page
):
    log_in(page, live_server, "dora")
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="Diagnostics").click()
    page.get_by_role("link", name=answered.campaign.name).click()
    assert serious_accessibility_issues(page) == []
    page.get_by_role("link", name="Executive report: Lisbon").click()
    page.get_by_text("Lisbon as a whole, largest gaps first.").wait_for()
    assert "Not Found" not in page.content()
    # A page outside the scope is a 404 in the site's layout, with a way home.
    page.goto(f"{live_server.url}/o/acme/pulse/units/{answered.team_home.pk}/")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    page.get_by_role("link", name="Go to your home page").click()
    page.get_by_role("heading", name="Acme Care").wait_for()


def test_a_director_reads_their_dashboard_teams_ranked_and_the_open_wave(live_server, world, page):
    schedule = weekly_schedule(world.org)
    fill_wave(schedule, 1, {world.team1: 6, world.team2: 6, world.team_home: 2}, value=4)
    fill_wave(schedule, 2, {world.team1: 6, world.team2: 6, world.team_home: 2}, value=3)
    live = open_wave(schedule, 3)
    live.campaign.opens_at = timezone.now() - datetime.timedelta(days=1)
    live.campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    live.campaign.save()
    log_in(page, live_server, "dora")
    page.get_by_role("link", name="My team").click()
    assert current_menu_entries(page) == ["My team"]  # not "Pulse" as well
    ranked = page.locator("#ranked ~ .table-wrap tbody th").all_inner_texts()
    assert ranked and set(ranked) <= {"Team Lisbon 1", "Team Lisbon 2"}
    assert "Team Home 1" not in page.content()  # Mario's site, outside Dora's scope
    assert page.get_by_role("heading", name="Open now").is_visible()
    assert serious_accessibility_issues(page) == []
    page.get_by_role("link", name="The open wave: participation").click()
    page.get_by_role("heading", name=live.campaign.name).wait_for()
    page.get_by_role("link", name=re.compile("Back to the pulse")).click()
    page.get_by_role("heading", name="Pulse", exact=True).wait_for()
    assert page.get_by_role("link", name=live.campaign.name).is_visible()


def test_an_admin_finds_a_team_by_its_site_in_the_picker_and_the_pulse_tree(
    live_server, world, page
):
    make_unit(world.org, "Team Lisbon 1", world.home)  # a second one, at home
    weekly_schedule(world.org)
    log_in(page, live_server, "admin")
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="Pulse", exact=True).click()
    page.get_by_label("Find a unit").fill("home / team lisbon")
    visible = page.locator("#unit-rows tr:visible th").all_inner_texts()
    assert visible == ["Team Lisbon 1"]
    assert page.locator("#unit-rows tr:visible th a").get_attribute("title") == (
        "Work at Home / Team Lisbon 1"
    )
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="Diagnostics").click()
    page.goto(f"{live_server.url}/o/acme/surveys/campaigns/new/")
    page.get_by_label("Find a unit").fill("lisbon / team")
    shown = page.locator(".unit-tree li:visible").all_inner_texts()
    assert [s.strip() for s in shown] == ["Team Lisbon 1", "Team Lisbon 2"]
    assert serious_accessibility_issues(page) == []


def test_a_director_splits_by_tenure_reads_bands_in_order_and_why_a_column_is_hidden(
    live_server, diagnostic, page
):
    campaign = diagnostic.campaign
    for band in ("0-3m", "5y+", "1-2y"):
        for _ in range(6):
            answer_directly(campaign, diagnostic.team1, 2, tenure_band=band)
        for _ in range(5):
            answer_directly(campaign, diagnostic.lisbon, 5, is_leader=True, tenure_band=band)
    answer_directly(campaign, diagnostic.team2, 4, tenure_band="3-12m")
    campaign.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    campaign.save()
    log_in(page, live_server, "dora")
    page.goto(f"{live_server.url}/o/acme/surveys/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Results: gap heatmap").click()
    page.get_by_label("Split by").select_option("tenure_band")
    page.get_by_role("button", name="Show").click()
    headers = [h.split("\n")[0] for h in page.locator(".heatmap thead th a").all_inner_texts()]
    assert headers == [
        "Lisbon", "Lisbon · Under 3 months", "Lisbon · 3 to 12 months",
        "Lisbon · 1 to 2 years", "Lisbon · 5 years or more",
    ]  # fmt: skip
    assert page.get_by_text("This whole column is not shown: too few answered").is_visible()
    assert page.get_by_text("How to read this").is_visible()
    assert serious_accessibility_issues(page) == []


def test_an_admin_sees_each_level_and_confirms_before_demoting_an_admin(live_server, world, page):
    from tests.factories import make_account

    make_account("second-admin", world.org, Membership.Level.ADMIN)
    log_in(page, live_server, "admin")
    page.get_by_text("Admin", exact=True).click()
    page.get_by_role("link", name="Access").click()
    row = page.locator("tr", has_text="second-admin")
    assert row.locator("select").input_value() == "admin"
    row.locator("select").select_option("member")
    row.get_by_role("button", name="Apply").click()
    page.get_by_role("heading", name="Confirm the change of access").wait_for()
    assert Membership.objects.get(user__username="second-admin").level == "admin"
    page.get_by_role("button", name=re.compile("Yes, change to")).click()
    page.get_by_role("heading", name="Who can log in").wait_for()
    assert Membership.objects.get(user__username="second-admin").level == "member"
    assert serious_accessibility_issues(page) == []


def test_an_admin_reads_the_organisation_wide_notes_the_agents_read(live_server, world, page):
    action = create_action(world.center, {"what": "Fewer changes at once"}, actor=None)
    publish_action(action, "Too many changes at once", "We pause one rollout", actor=None)
    log_in(page, live_server, "admin")
    page.get_by_role("link", name="You said, we did").click()
    page.get_by_text("We pause one rollout").wait_for()
    assert serious_accessibility_issues(page) == []


def test_a_leader_searches_for_a_person_and_a_page(live_server, world, page):
    log_in(page, live_server, "dora")
    page.get_by_role("searchbox", name="Search people, units and pages").fill("ana")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Ana Example").click()
    page.get_by_role("heading", name="Ana Example").wait_for()
    page.get_by_role("searchbox", name="Search people, units and pages").fill("alerts")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Alerts").last.click()
    page.get_by_role("heading", name="Pulse alerts").wait_for()
    assert page.get_by_role("heading", name="History").is_visible()
