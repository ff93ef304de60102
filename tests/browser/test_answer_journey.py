"""An agent answers on a phone: drafts survive a reload, the keyboard suffices, thanks follow."""

import os

import pytest

from tests.survey_fixtures import full_answers
from twoway.surveys.models import Response
from twoway.surveys.tokens import invitation_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_agent_answers_on_a_phone_and_a_reload_keeps_the_draft(live_server, diagnostic, page):
    campaign = diagnostic.campaign
    ben = diagnostic.people["Ben"]
    url = f"{live_server.url}/s/{invitation_token(campaign.pk, ben.pk)}/?lang=es"
    answers = full_answers(campaign, 4, False)
    names = sorted(answers)
    page.goto(url)
    assert page.get_by_role("button", name="Enviar mis respuestas").is_visible()
    first = names[0]
    page.locator(f'input[name="{first}"][value="2"]').check()
    page.reload()
    assert page.locator(f'input[name="{first}"][value="2"]').is_checked()  # kept on the device
    for name in names[1:]:
        page.locator(f'input[name="{name}"][value="{answers[name]}"]').check()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.get_by_text("Gracias. Recibimos tus respuestas.").wait_for()
    assert Response.objects.filter(campaign=campaign).count() == 1
    page.goto(url)
    assert page.evaluate("Object.keys(localStorage).length") == 0  # the draft is gone


def test_a_missing_answer_is_announced_and_focused(live_server, diagnostic, page):
    campaign = diagnostic.campaign
    url = f"{live_server.url}/s/{invitation_token(campaign.pk, diagnostic.people['Cruz'].pk)}/"
    page.goto(url)
    page.keyboard.press("Tab")  # the keyboard reaches the form
    page.get_by_role("button", name="Send my answers").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "need your attention" in alert.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert not Response.objects.exists()
