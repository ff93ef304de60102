"""The htmx recompute: a results fragment for the form as typed, errors on their fields."""

import pytest

from tests.cases.helpers import form, saved_case

pytestmark = pytest.mark.django_db

CALCULATE = "/o/acme/cases/new/calculate/"


def field_error(response, name: str) -> str:
    """The error text swapped in beside a field (empty when the field is fine)."""
    html = response.content.decode()
    marker = f'id="id_{name}_error" hx-swap-oob="true">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("</span>", start)]


def test_the_fragment_has_the_figures_and_the_chart(world, login):
    response = login(world.manager).post(CALCULATE, form())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert "<svg" in html
    change = response.context["result"].scenarios[0]
    assert change.name == "Desktop"
    assert change.fte_saved > 0
    assert change.payback_months > 0
    assert "Updated:" in html  # the screen-reader status line


def test_a_bigger_saving_saves_more(world, login):
    client = login(world.manager)
    small = client.post(CALCULATE, form(aht_seconds_saved=10)).context["result"]
    large = client.post(CALCULATE, form(aht_seconds_saved=40)).context["result"]
    assert large.scenarios[0].fte_saved > small.scenarios[0].fte_saved
    assert large.baseline.fte == pytest.approx(small.baseline.fte)


def test_deflection_and_first_contact_resolution_cut_contacts(world, login):
    client = login(world.manager)
    result = client.post(CALCULATE, form(volume_change=-10, fcr_gain=5)).context["result"]
    # (1 - 10%) x (1 + 23% repeats) / (1 + 28% repeats), from docs/staffing.md
    factor = 0.9 * (1 + 0.23) / (1 + 0.28)
    assert result.scenarios[0].calls_per_week == pytest.approx(
        result.baseline.calls_per_week * factor
    )


def test_the_workaround_is_priced_with_the_case(world, login):
    data = form(
        workaround_name="Re-keying orders",
        minutes_lost_per_occurrence=2,
        occurrences_per_agent_per_day=6,
        agents_affected=120,
    )
    result = login(world.manager).post(CALCULATE, data).context["result"]
    cost = result.workarounds[0]
    assert cost.name == "Re-keying orders"
    # 2 min x 6 x 120 agents x 230 days / 60 = 5,520 hours, at the loaded 32 an hour
    assert cost.hours_per_year == pytest.approx(5520)
    assert cost.cost_per_year == pytest.approx(5520 * 32)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"daily_calls": "5200, -10, 4700, 4600, 4400, 2100, 1500"}, "daily_calls", "negative"),
        ({"daily_calls": "5200, 4800"}, "daily_calls", "seven"),
        ({"service_level": 100}, "service_level", "below 100%"),
        ({"service_level": 0}, "service_level", "above 0%"),
        ({"shrinkage": 100}, "shrinkage", "not including, 100%"),
        ({"aht": 0}, "aht", "above 0"),
        ({"one_off_cost": -5}, "one_off_cost", "0 or more"),
        # Checks only the library can make, mapped from StaffingInputError.field:
        ({"fcr_gain": 40}, "fcr_gain", "112%"),
        ({"aht_seconds_saved": 330}, "aht_seconds_saved", "leaves no handle time"),
        ({"volume_change": -100}, "volume_change", "leaves no contacts"),
        ({"scenario_name": "Baseline"}, "scenario_name", "Baseline"),
    ],
)
def test_bad_input_is_explained_on_its_field(world, login, changes, field, words):
    response = login(world.manager).post(CALCULATE, form(**changes))
    assert response.status_code == 200  # htmx swaps only successful answers
    assert response.context["result"] is None
    assert words in field_error(response, field)
    assert field_error(response, "name") == ""


def test_without_javascript_errors_show_on_the_page_and_nothing_is_saved(world, login):
    response = login(world.manager).post("/o/acme/cases/new/", form(action="save", fcr_gain=40))
    assert response.status_code == 400
    assert "outside 0-100%" in response.context["form"].errors["fcr_gain"][0]
    assert 'aria-invalid="true"' in response.content.decode()


def test_a_workaround_needs_all_its_numbers(world, login):
    response = login(world.manager).post(CALCULATE, form(workaround_name="Re-keying"))
    assert "Needed to price the workaround" in field_error(response, "agents_affected")


def test_recomputing_a_saved_case_uses_its_stored_workload(world, login):
    case = saved_case(world.org, world.director)
    response = login(world.manager).post(f"/o/acme/cases/{case.pk}/calculate/", form())
    assert response.status_code == 200
    assert response.context["result"].scenarios[0].fte_saved > 0
