"""The one-pager PDF: a real PDF of one page, for a saved case or the form as typed."""

import io

import pytest
from pypdf import PdfReader

from tests.cases.helpers import form, saved_case

pytestmark = pytest.mark.django_db


def pages(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def test_a_saved_case_exports_a_one_page_pdf(world, login):
    case = saved_case(world.org, world.director, name="Chatbot deflection")
    response = login(world.team_lead).get(f"/o/acme/cases/{case.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="chatbot-deflection.pdf"' in response["Content-Disposition"]
    assert response.content[:4] == b"%PDF"
    assert pages(response.content) == 1
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Chatbot deflection" in text
    assert "Chatbot" in text


def test_the_form_as_typed_exports_without_saving(world, login):
    response = login(world.manager).post("/o/acme/cases/new/pdf/", form(name="Draft $ case"))
    assert response.content[:4] == b"%PDF"
    assert pages(response.content) == 1


def test_a_pdf_of_a_form_with_errors_shows_the_errors_instead(world, login):
    response = login(world.manager).post("/o/acme/cases/new/pdf/", form(service_level=150))
    assert response.status_code == 400
    assert "service_level" in response.context["form"].errors


def test_names_with_dollar_signs_do_not_break_the_chart(world, login):
    data = form(scenario_name="Save $5 a call", currency="$")
    response = login(world.manager).post("/o/acme/cases/new/calculate/", data)
    assert response.context["result"] is not None
    assert "<svg" in response.content.decode()
