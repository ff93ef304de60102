"""One rounding rule: the payback reads the same on the page, in the PDF's table and in its
summary sentence; inputs the form takes as percentages are percentages in the PDF too."""

import io
import re

import pytest
from pypdf import PdfReader

from tests.cases.helpers import saved_case

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())


def test_payback_and_percentages_agree_between_page_and_pdf(world, login):
    case = saved_case(world.org, world.director, name="Chatbot deflection")
    client = login(world.director)
    page = client.get(f"/o/acme/cases/{case.pk}/").content.decode()
    payback = re.search(r"<dt>Payback</dt><dd>([^<]+)</dd>", page).group(1)
    assert re.fullmatch(r"\d+\.\d months", payback)
    text = pdf_text(client.get(f"/o/acme/cases/{case.pk}/pdf/").content)
    assert text.count(payback) >= 2  # the scenarios table and the summary sentence
    assert f"paid back in {payback}" in text
    assert "Shrinkage 30%" in text and "0.3 " not in text
    assert "First-contact resolution 70%" in text
    assert "70%" in page  # the page's assumptions use the same rule


def test_a_peaked_day_needs_more_agents_at_its_peak_than_an_even_one(world, login):
    from tests.cases.helpers import form

    client = login(world.manager)

    def peak_today(profile: str) -> int:
        page = client.post("/o/acme/cases/new/calculate/", form(arrival_profile=profile))
        text = " ".join(page.content.decode().split())
        return int(re.search(r"Peak in one interval: today (\d+)", text).group(1))

    assert peak_today("two_peaks") > peak_today("flat") + 5
