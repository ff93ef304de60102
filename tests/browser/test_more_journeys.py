"""More journeys on a 390 px phone: an agent finds and answers the open pulse from their home,
retries a mistyped team code; an admin is told that e-mail cannot go out and reads the API
docs offline; a team lead pages through comments; a manager's case table fits."""

import datetime
import os
import re

import pytest
from django.utils import timezone

from tests.browser.walk import log_in, serious_accessibility_issues
from tests.cases.helpers import saved_case
from tests.notify_fixtures import free_port
from tests.pulse.helpers import weekly_schedule
from tests.pulse.test_comments import comment_wave, texts
from twoway.pulse.services import open_wave
from twoway.surveys.models import Invitation
from twoway.surveys.services import CampaignSpec, create_campaign, install_builtin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def live_wave(world):
    schedule = weekly_schedule(world.org)
    wave = open_wave(schedule, 1)
    wave.campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    wave.campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    wave.campaign.save()
    return wave


def test_the_accessibility_check_can_fail(page):
    page.set_content("<html lang='en'><body><main><img src='x.png'></main></body></html>")
    assert any(issue.startswith("image-alt") for issue in serious_accessibility_issues(page))


def test_an_agent_finds_the_open_pulse_on_their_home_and_answers_it(live_server, world, page):
    wave = live_wave(world)
    log_in(page, live_server, "ana")
    page.get_by_role("heading", name="Surveys and pulses for you").wait_for()
    assert serious_accessibility_issues(page) == []
    page.get_by_role("link", name=re.compile(wave.campaign.name)).click()
    for group in page.locator("fieldset").all():
        radios = group.locator('input[type="radio"]')
        if radios.count():
            radios.nth(radios.count() // 2).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you").first.wait_for()
    assert Invitation.objects.get(campaign=wave.campaign, person__first_name="Ana").responded
    page.goto(f"{live_server.url}/o/acme/")
    page.get_by_text("Nothing is waiting for you").wait_for()


def test_an_agent_retries_a_mistyped_team_code_on_the_same_page(live_server, world, page):
    wave = live_wave(world)
    code = wave.campaign.kiosk_codes.get(unit=world.team1).code
    page.goto(f"{live_server.url}/k/")
    field = page.get_by_label("The code on the poster in your team area")
    field.fill("ZZZZZZ")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("No survey has this code").wait_for()
    field = page.get_by_label("The code on the poster in your team area")
    assert field.input_value() == "ZZZZZZ"  # the field is there, with what was typed
    field.fill(code)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(re.compile("employee ID", re.I)).wait_for()
    assert serious_accessibility_issues(page) == []


def test_an_admin_is_told_when_invitations_cannot_be_emailed(live_server, world, page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    now = timezone.now()
    spec = CampaignSpec(
        template=install_builtin(world.org, "alignment_diagnostic"), name="Winter diagnostic",
        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(days=7),
        languages=["en"], threshold=5, units=[], roles=[],
    )  # fmt: skip
    campaign = create_campaign(world.org, spec)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/o/acme/surveys/campaigns/{campaign.pk}/")
    assert page.get_by_text("E-mail cannot be sent now.").is_visible()
    page.get_by_role("button", name=re.compile("Launch")).click()
    page.get_by_text(re.compile("no e-mail can be sent now")).wait_for()
    assert "on their way" not in page.content()
    assert page.locator(".stats div", has_text="Failed").locator("dd").inner_text() == "1"
    page.get_by_label("Send a person a new link (their employee ID)").fill("E999")
    page.get_by_role("button", name="Send a new link").click()
    page.get_by_text("Employee ID: nobody with this ID is invited").wait_for()
    assert serious_accessibility_issues(page) == []


def test_the_api_docs_render_with_no_network_beyond_twoway(live_server, world, page):
    outside = []

    def only_twoway(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_twoway)
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/api/docs")
    page.locator(".opblock").first.wait_for()
    assert outside == []


def test_a_team_lead_pages_through_comments_and_filters_them(live_server, world, page):
    schedule = weekly_schedule(world.org)
    comment_wave(schedule, 1, {world.team1: texts(pay=12, schedule=12, coaching=12, tools=12)})
    comment_wave(schedule, 2, {world.team1: texts(pay=10, schedule=10, coaching=10, tools=12)})
    log_in(page, live_server, "tom")
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="Pulse", exact=True).click()
    page.get_by_role("link", name="Team Lisbon 1").click()
    page.get_by_role("link", name="Comments", exact=True).click()
    page.get_by_text("Page 1 of 2").wait_for()
    page.get_by_role("link", name="Next").click()
    page.get_by_text("Page 2 of 2").wait_for()
    page.get_by_label("Wave").select_option("2")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="42 comments").wait_for()
    assert serious_accessibility_issues(page) == []


def test_a_managers_scenarios_table_fits_the_page(live_server, world, page):
    case = saved_case(world.org, world.manager, name="Chatbot deflection")
    log_in(page, live_server, "mario")
    page.get_by_text("Results", exact=True).click()
    page.get_by_role("link", name="Business cases").click()
    page.get_by_role("link", name="Chatbot deflection").click()
    table = page.locator(".table-wrap", has_text="Scenarios, per year")
    assert table.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert case.name in page.content()
