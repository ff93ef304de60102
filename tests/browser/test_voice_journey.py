"""On a 390 px phone: an agent starts a workaround through the team code, sees the similar
post, votes for it instead; a leader answers it; the author's receipt page shows the answer."""

import datetime
import os

import pytest
from django.utils import timezone

from tests.factories import PASSWORD
from twoway.surveys.models import Campaign, KioskCode
from twoway.surveys.services import install_builtin
from twoway.voice.models import Ballot, Post
from twoway.voice.services import create_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def team_code(world) -> str:
    now = timezone.now()
    campaign = Campaign.objects.create(
        organisation=world.org, template=install_builtin(world.org, "change_pulse"),
        name="Pulse 1", launched=True, opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=2),
    )  # fmt: skip
    KioskCode.objects.create(campaign=campaign, unit=world.team1, code="TEAM1X")
    return "TEAM1X"


def test_agent_votes_for_the_similar_post_and_the_author_reads_the_answer(live_server, world, page):
    data = {
        "kind": "workaround", "title": "The CRM freezes when I save call notes",
        "body": "I type them in Notepad first", "theme": "tools", "minutes_lost": 2.0,
        "how_often": 4.0, "per": "shift", "people_affected": 30, "is_leader": False,
    }  # fmt: skip
    posted = create_post(world.org, world.people["Cruz"], data, signed=False)
    code = team_code(world)

    page.goto(f"{live_server.url}/v/k/{code}/")
    page.get_by_label("Your employee ID").fill("E012")  # Ben
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="What gets in your way?").wait_for()
    page.get_by_label("Workaround").check()
    page.get_by_label("In one line").fill("Saving notes makes the CRM freeze")
    suggestion = page.get_by_role("button", name="Me too: vote for this one")
    suggestion.wait_for()
    assert "The CRM freezes when I save call notes" in page.locator("#similar").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    suggestion.first.click()
    page.get_by_text("You said “me too”.").wait_for()
    assert Post.objects.count() == 1 and Ballot.objects.count() == 1
    page.get_by_role("button", name="I am done: forget me on this device").click()

    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill("dora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/acme/voice/p/{posted.post.code}/")
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("Official answer").fill("A new save button ships in May.")
    page.get_by_role("button", name="Publish the answer").click()
    page.get_by_text("Answered.").wait_for()

    page.goto(f"{live_server.url}/v/receipt/s/{posted.receipt_token}/")
    page.get_by_text("A new save button ships in May.").wait_for()
    assert "Planned" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
