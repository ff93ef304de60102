"""An agent takes part in a conversation on a phone through their team code: employee ID, a few
votes (the card swaps in place), then a statement of their own, with similar ones offered."""

import os

import pytest

from tests.conversations.conftest import open_conversation
from twoway.conversations.models import Statement, Vote
from twoway.surveys.models import KioskCode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_an_agent_votes_and_adds_a_statement_on_a_phone(live_server, diagnostic, page):
    conversation = open_conversation(diagnostic)
    code = KioskCode.objects.get(campaign=diagnostic.campaign, unit=diagnostic.team1).code
    page.goto(f"{live_server.url}/c/{conversation.pk}/k/{code}/")
    page.get_by_label("Your employee ID").fill("E012")
    page.get_by_role("button", name="Start").click()
    first = page.locator("#statement-text").inner_text()
    page.get_by_role("button", name="Agree", exact=True).click()
    page.get_by_text("Vote counted.").wait_for()
    assert page.locator("#statement-text").inner_text() != first
    page.get_by_text("You have voted on 1 statement of 10.").wait_for()
    # The keyboard alone casts the next vote: tab to "Disagree" and press Enter.
    page.get_by_role("button", name="Disagree").focus()
    page.keyboard.press("Enter")
    page.get_by_text("You have voted on 2 statements of 10.").wait_for()
    assert Vote.objects.count() == 2
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390  # no sideways scroll

    draft = page.get_by_label("Your statement")
    draft.fill("Customers should reach a real person, not five menus")
    page.get_by_text("Others already wrote something close").wait_for()
    page.get_by_role("button", name="Add my statement").click()
    page.get_by_text("Your statement is now shown to others to vote on.").wait_for()
    added = Statement.objects.get(is_seed=False)
    assert added.text == "Customers should reach a real person, not five menus"
    assert added.signed_by == ""
