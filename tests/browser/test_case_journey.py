"""A manager builds a case in a real browser: figures follow the typing, errors sit on fields."""

import os

import pytest

from tests.factories import PASSWORD
from twoway.cases.models import BusinessCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_manager_tunes_a_case_live_and_saves_it(live_server, world, page):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill("mario")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/o/acme/cases/new/")
    saved = page.locator(".stats div", has_text="FTE saved").locator("dd")
    assert saved.inner_text() == "0.0"

    page.get_by_label("Handle time saved (seconds)").fill("30")
    page.wait_for_function(
        "() => document.querySelector('#case-status').textContent.includes('Updated')"
    )
    assert float(saved.inner_text()) > 0

    page.get_by_label("Service level target (%)").fill("100")
    page.locator("#id_service_level_error", has_text="below 100%").wait_for()
    page.get_by_label("Service level target (%)").fill("80")
    page.locator("#id_service_level_error:empty").wait_for(state="attached")

    page.get_by_label("Name of the case").fill("Faster wrap-up")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("heading", name="Faster wrap-up").wait_for()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    case = BusinessCase.objects.get()
    assert case.owner == world.manager
    assert case.data["scenarios"][0]["aht_seconds_saved"] == 30
