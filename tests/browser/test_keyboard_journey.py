"""With the keyboard only, on a phone-sized screen: a team lead logs in, answers this week's
pulse from the link in their e-mail, and reads their team's trends. No click, no mouse; every
stop of the focus is visible."""

from __future__ import annotations

import datetime
import os

import pytest
from django.utils import timezone

from tests.factories import PASSWORD
from tests.pulse.helpers import fill_wave, weekly_schedule
from twoway.pulse.services import open_wave
from twoway.surveys.models import Response
from twoway.surveys.tokens import invitation_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const style = getComputedStyle(e);
  return {tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "",
          text: (e.innerText || e.value || "").trim(), label: label.trim(),
          outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px"};
}"""


def tab_to(page, matches, limit=120):
    """Press Tab until the focused element matches; its description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if matches(focused):
            return focused
    raise AssertionError(f"Tab never reached it; last focus: {focused}")


def follow(page) -> None:
    """Press Enter on the focused link or button, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.fixture
def open_pulse(world):
    schedule = weekly_schedule(world.org)
    for number in (1, 2):
        fill_wave(schedule, number, {world.team1: 6, world.team2: 6}, value=4)
    wave = open_wave(schedule, 3)
    wave.campaign.opens_at = timezone.now() - datetime.timedelta(hours=1)
    wave.campaign.closes_at = timezone.now() + datetime.timedelta(days=2)
    wave.campaign.save(update_fields=["opens_at", "closes_at"])
    world.wave = wave
    return world


def test_log_in_answer_the_pulse_and_read_the_teams_trends_by_keyboard(
    live_server, open_pulse, page
):
    w = open_pulse
    page.goto(f"{live_server.url}/login/")
    tab_to(page, lambda f: f["tag"] == "input" and "Username" in f["label"])
    page.keyboard.type("tom")
    tab_to(page, lambda f: f["type"] == "password")
    page.keyboard.type(PASSWORD)
    follow(page)
    assert page.url == f"{live_server.url}/o/acme/"

    # The pulse invitation's link, as the e-mail gives it.
    page.goto(f"{live_server.url}/s/{invitation_token(w.wave.campaign_id, w.people['Tom'].pk)}/")
    answered_groups = set()
    while True:
        focused = tab_to(page, lambda f: f["type"] in ("radio", "textarea", "submit"))
        if focused["type"] == "submit":
            assert focused["text"] == "Send my answers" and focused["outline"]
            break
        if focused["type"] == "textarea":
            page.keyboard.type("The new screens are slow on Mondays")
            continue
        assert focused["name"] not in answered_groups  # Tab leaves a group for the next one
        page.keyboard.press("Space")  # the first choice, then three steps along the scale
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        answered_groups.add(focused["name"])
    assert len(answered_groups) >= 5
    follow(page)
    page.get_by_text("Thank you").first.wait_for()
    assert Response.objects.filter(campaign=w.wave.campaign).count() == 1

    page.goto(f"{live_server.url}/o/acme/")
    results = tab_to(page, lambda f: f["tag"] == "summary" and f["text"] == "Results")
    assert results["outline"]
    page.keyboard.press("Enter")  # the menu opens
    pulse = tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Pulse")
    assert pulse["outline"]
    follow(page)
    team = tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Team Lisbon 1")
    assert team["outline"]
    follow(page)
    page.get_by_role("heading", name="Pulse trends: Team Lisbon 1").wait_for()
    table = tab_to(page, lambda f: f["tag"] == "div" and "Overall" in f["text"])
    assert table["outline"]  # the scrolling table takes the focus, visibly
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # and scrolls by keyboard (Chromium scrolls smoothly: wait for the movement, 2 s at most)
    for _ in range(20):
        if page.evaluate("document.activeElement.scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.activeElement.scrollLeft") > 0
    assert "75" in page.locator(".pulse-trends").inner_text()
