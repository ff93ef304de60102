"""A director runs a change in a real browser, on a phone: creates it, plans a phase and its
messages until every audience is covered, imports adoption, sees the adapt alert and logs the
course correction that clears it."""

import datetime
import os

import pytest
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DAY = datetime.timedelta(days=1)


def adoption_file(tmp_path, go_live):
    """Team Lisbon 1 stuck at 3 of 10 for 40 days after go-live: behind from day 16."""
    lines = ["date,unit,eligible,adopted"]
    lines += [f"{(go_live + d * DAY).isoformat()},Team Lisbon 1,10,3" for d in range(40)]
    path = tmp_path / "adoption.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_director_plans_communicates_measures_and_corrects(live_server, world, page, tmp_path):
    today = timezone.localdate()
    go_live = today - 40 * DAY
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill("dora")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{live_server.url}/o/acme/change/new/")
    page.get_by_label("Key (a short name for addresses and scripts)").fill("desk")
    page.get_by_label("Title").fill("New agent desktop")
    page.get_by_label("Why: the case for change, in plain words").fill("One screen, not four.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="New phase of New agent desktop").wait_for()

    page.get_by_label("Name").fill("Lisbon first")
    page.get_by_label("Units (their teams are impacted with them)").select_option(label="Lisbon")
    page.get_by_label("Start", exact=True).fill((go_live - 10 * DAY).isoformat())
    page.get_by_label("Go-live").fill(go_live.isoformat())
    page.get_by_label("Sustain until").fill((today + 100 * DAY).isoformat())
    page.get_by_role("button", name="Save the phase").click()
    page.get_by_role("heading", name="New agent desktop").wait_for()

    page.get_by_role("link", name="Coverage and messages").click()
    summary = page.locator("#coverage-summary")
    assert summary.inner_text() == "1 audience needs more communication."
    for channel, offset, title in (
        ("E-mail", -14, "Coming soon"),
        ("Huddle talking points", -2, "Two days to go"),
        ("Poster with QR code", 3, "Tell us"),
    ):
        page.get_by_role("link", name="New message").click()
        page.get_by_label("Channel").select_option(label=channel)
        page.get_by_label("Days from the phase's go-live (negative: before it)").fill(str(offset))
        page.get_by_label("Title").fill(title)
        page.get_by_label("Message").fill(f"{title}: what changes and when.")
        page.get_by_role("button", name="Plan the message").click()
    assert page.locator("#coverage-summary").inner_text() == "Every audience is covered."

    page.goto(f"{live_server.url}/o/acme/change/desk/adoption/")
    page.get_by_label("Adoption file").set_input_files(str(adoption_file(tmp_path, go_live)))
    page.get_by_role("button", name="Import").click()
    page.get_by_text("Imported: 40 new rows").wait_for()
    alert = page.locator(".change-alert").first
    assert "Team Lisbon 1 has been more than 10 points under the target since" in alert.inner_text()

    alert.get_by_role("link", name="Log a course correction").click()
    page.get_by_label("What we saw").fill("Agents keep the old screen open out of habit.")
    page.get_by_label("What we change").fill(
        "Floor walkers for two weeks; the old screen goes away."
    )
    page.get_by_label("By when").fill((today + 14 * DAY).isoformat())
    page.get_by_role("button", name="Log it").click()
    page.get_by_text("No open alert").wait_for()
    assert (
        "Agents keep the old screen open out of habit."
        in page.locator("#decisions ~ ul").inner_text()
    )


def test_the_initiative_page_works_with_the_keyboard_alone(live_server, world, page):
    from twoway.change.services import add_phase, create_initiative

    initiative = create_initiative(world.org, "kb", "Knowledge base", owner=world.people["Dora"])
    today = timezone.localdate()
    add_phase(initiative, [world.lisbon], today, today + 7 * DAY, today + 60 * DAY)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill("dora")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")  # the form submits from the keyboard
    page.get_by_role("button", name="Log out").wait_for()
    page.goto(f"{live_server.url}/o/acme/change/kb/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Add a phase":
            break
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="New phase of Knowledge base").wait_for()
