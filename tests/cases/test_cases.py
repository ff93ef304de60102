"""Saving, listing, editing, copying and deleting business cases through the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.helpers import form, saved_case
from twoway.cases.models import BusinessCase

pytestmark = pytest.mark.django_db


def test_saving_a_case_keeps_the_library_data_and_its_owner(world, login):
    client = login(world.team_lead)
    response = client.post("/o/acme/cases/new/", form(action="save"))
    case = BusinessCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/acme/cases/{case.pk}/"
    assert case.organisation == world.org
    assert case.owner == world.team_lead
    assert case.name == "New desktop"
    assert case.data["baseline"]["shrinkage"] == pytest.approx(0.30)
    assert case.data["baseline"]["attrition_rate"] == pytest.approx(0.35)
    assert case.data["scenarios"][0]["aht_seconds_saved"] == 20
    assert len(case.data["workload"]["calls"]) == 7 * 48  # 12 h of 15-minute intervals
    assert case.summary["fte_saved"] > 0


def test_the_saved_case_opens_with_its_own_values(world, login):
    client = login(world.team_lead)
    client.post("/o/acme/cases/new/", form(action="save", fcr=65, daily_calls=3000))
    case = BusinessCase.objects.get()
    page = client.get(f"/o/acme/cases/{case.pk}/")
    initial = page.context["form"].initial
    assert initial["fcr"] == 65
    assert initial["daily_calls"] == [3000]
    assert initial["scenario_name"] == "Desktop"
    assert page.context["editable"] is True
    assert page.context["result"].scenarios[0].name == "Desktop"


def test_calculate_without_javascript_shows_figures_and_saves_nothing(world, login):
    client = login(world.manager)
    response = client.post("/o/acme/cases/new/", form(action="calculate"))
    assert response.status_code == 200
    assert response.context["result"].scenarios[0].fte_saved > 0
    assert "<svg" in response.content.decode()
    assert not BusinessCase.objects.exists()


def test_editing_replaces_the_change_and_keeps_other_scenarios(world, login):
    case = saved_case(world.org, world.director)
    case.data["scenarios"].append({"name": "Second", "volume_change": -0.2})
    case.save()
    client = login(world.director)
    response = client.post(
        f"/o/acme/cases/{case.pk}/", form(action="save", scenario_name="Bot", volume_change=-15)
    )
    assert response.status_code == 302
    case.refresh_from_db()
    names = [s["name"] for s in case.data["scenarios"]]
    assert names == ["Bot", "Second"]
    assert case.data["scenarios"][0]["volume_change"] == pytest.approx(-0.15)


def test_the_list_shows_the_organisations_cases_with_their_figures(world, login):
    saved_case(world.org, world.director, name="Chatbot deflection")
    saved_case(world.org, world.manager, name="Knowledge base")
    saved_case(world.other_org, world.outsider, name="Globex secret")
    page = login(world.team_lead).get("/o/acme/cases/").content.decode()
    assert "Chatbot deflection" in page
    assert "Knowledge base" in page
    assert "Globex secret" not in page
    assert "dora" in page


def test_the_list_needs_few_queries_however_many_cases(world, login):
    for number in range(12):
        saved_case(world.org, world.director, name=f"Case {number}")
    client = login(world.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/o/acme/cases/")
    assert response.status_code == 200
    assert len(queries) <= 8


def test_copying_a_case_gives_the_copy_to_whoever_copied_it(world, login):
    case = saved_case(world.org, world.director, name="Dora's case")
    client = login(world.manager)
    response = client.post(f"/o/acme/cases/{case.pk}/duplicate/")
    copy = BusinessCase.objects.exclude(pk=case.pk).get()
    assert response["Location"] == f"/o/acme/cases/{copy.pk}/"
    assert copy.owner == world.manager
    assert copy.name == "Copy of Dora's case"
    assert copy.data["scenarios"] == case.data["scenarios"]
    assert client.get(f"/o/acme/cases/{copy.pk}/").context["editable"] is True


def test_the_owner_deletes_after_confirming(world, login):
    case = saved_case(world.org, world.manager)
    client = login(world.manager)
    confirm = client.get(f"/o/acme/cases/{case.pk}/delete/")
    assert confirm.status_code == 200
    assert BusinessCase.objects.filter(pk=case.pk).exists()
    response = client.post(f"/o/acme/cases/{case.pk}/delete/")
    assert response["Location"] == "/o/acme/cases/"
    assert not BusinessCase.objects.filter(pk=case.pk).exists()


def test_a_case_whose_owner_left_can_still_be_opened_and_deleted_by_an_admin(world, login):
    case = saved_case(world.org, world.manager)
    world.manager.delete()
    client = login(world.admin)
    assert client.get(f"/o/acme/cases/{case.pk}/").status_code == 200
    assert client.post(f"/o/acme/cases/{case.pk}/delete/").status_code == 302


def test_a_saved_case_that_no_longer_evaluates_says_why(world, login):
    case = saved_case(world.org, world.director)
    case.data["scenarios"][0]["fcr_gain"] = 0.5  # 70% + 50 points: past 100%
    case.save()
    client = login(world.director)
    page = client.get(f"/o/acme/cases/{case.pk}/")
    assert page.status_code == 200
    assert page.context["result"] is None
    assert "outside 0-100%" in page.content.decode()
    response = client.get(f"/o/acme/cases/{case.pk}/pdf/", follow=True)
    assert response.redirect_chain[-1][0] == f"/o/acme/cases/{case.pk}/"
    assert "outside 0-100%" in response.content.decode()
