"""An admin logs in, imports a roster, reads the diff, confirms, and finds the new people."""

import os

import pytest

from tests.factories import PASSWORD
from twoway.org.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself are safe here (each is a plain query), so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROSTER = (
    "Employee ID,First Name,Last Name,Job Title,Supervisor ID,Site,Team,Hire Date\n"
    "E010,Tom,Example,Team Lead,,Lisbon,Team Lisbon 1,2024-01-15\n"
    "E011,Ana,Example,Agent,E010,Lisbon,Team Lisbon 1,2024-01-15\n"
    "Z900,Zoe,Newcomer,Customer Service Representative,E010,Lisbon,Team Lisbon 1,2026-10-01\n"
)


def test_admin_imports_a_roster_and_sees_the_new_person(live_server, world, page, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("summary", has_text="Admin").click()  # the admin menu opens
    page.get_by_role("link", name="Import roster").click()
    page.get_by_label("Roster file").set_input_files(str(roster))
    page.get_by_role("button", name="Preview changes").click()
    page.get_by_text("Z900 · Zoe Newcomer").wait_for()
    assert "would deactivate" in page.content()  # 11 of 13 leave: a confirm step
    page.get_by_label("Yes, these people have left").check()
    page.get_by_role("button", name="Apply these changes").click()
    page.get_by_role("heading", name="People").wait_for()
    page.get_by_label("Search", exact=True).fill("Zoe")
    page.get_by_role("link", name="Zoe Newcomer").wait_for()
    assert Person.objects.get(employee_id="Z900").manager.employee_id == "E010"
