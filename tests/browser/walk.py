"""Helpers of the walkthrough journeys: log in through the page, check a page with axe-core."""

from __future__ import annotations

from tests.factories import PASSWORD

SERIOUS = ("serious", "critical")


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def serious_accessibility_issues(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands (the engine ships
    inside the axe-playwright-python package; nothing is fetched)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


def current_menu_entries(page) -> list[str]:
    return page.locator('header nav [aria-current="page"]').all_inner_texts()
