"""Red team, classes 1, 2 and 4: subtraction across the tree and the waves, two splits crossed,
and pooled weeks. Everything each role (and all roles together) was shown over HTTP is checked
by the red team's own arithmetic: no group of fewer than k people can be told apart."""

from __future__ import annotations

import pytest

from tests.privacy.reveal import Revealed, collect_diagnostic, collect_pulse, small_groups
from tests.privacy.world import K

pytestmark = pytest.mark.django_db

LEADERS = ("admin", "director", "manager", "lead_n1", "lead_n2")


def shown_to(redteam, client, role, *, pulse=True) -> Revealed:
    client.force_login(redteam.users[role])
    revealed = Revealed()
    collect_diagnostic(client, redteam, revealed, leader=role in LEADERS)
    if pulse and role in LEADERS:
        collect_pulse(client, redteam, revealed, redteam.units.values())
    return revealed


@pytest.mark.parametrize("role", [*LEADERS, "agent"])
def test_nothing_any_role_is_shown_isolates_fewer_than_k(redteam, client, role):
    revealed = shown_to(redteam, client, role)
    assert small_groups(redteam.truth, revealed.cells, K) == []
    if role in ("admin", "director"):
        assert len(revealed.cells) > 20  # the pages do show things


def test_everything_all_roles_are_shown_together_isolates_nobody(redteam, client):
    together = set()
    for role in (*LEADERS, "agent"):
        together |= shown_to(redteam, client, role).cells
    assert small_groups(redteam.truth, together, K) == []


def test_a_site_minus_its_visible_teams_never_leaves_the_small_team(redteam, client):
    # N2 has three agents: North minus N1 would be N2's, for the diagnostic and each wave.
    revealed = shown_to(redteam, client, "director")
    north, n1 = (redteam.units[n].path.strip("/") for n in ("north", "N1"))
    for cell in revealed.cells:
        if cell.unit == north and not cell.attribute and cell.variables == {"frontline"}:
            twin = type(cell)(cell.campaign, n1, cell.variables, cell.item)
            assert twin not in revealed.cells, cell


def test_not_applicable_answers_never_shrink_a_shown_cell_under_k(redteam, client):
    """Ana, Ben and Fay answered "not applicable" to tools-first-contact: a cell can hold k
    respondents and fewer ratings. Every shown item cell holds k or more people who rated."""
    revealed = shown_to(redteam, client, "admin", pulse=False)
    from tests.privacy.reveal import _holds

    for cell in revealed.cells:
        raters = {
            a.person_id
            for a in redteam.truth
            if a.campaign_id == cell.campaign and a.item == cell.item and a.value is not None
            and _holds(cell, a)
        }  # fmt: skip
        assert len(raters) >= K, cell


def test_a_drop_alert_is_about_a_unit_whose_figures_are_shown(redteam, client):
    from twoway.pulse.alerts import check_closed_waves
    from twoway.pulse.models import PulseAlert

    check_closed_waves()
    revealed = shown_to(redteam, client, "admin")
    last = redteam.waves[-1].campaign_id
    for alert in PulseAlert.objects.filter(wave=redteam.waves[-1], kind="drop"):
        cell_units = {c.unit for c in revealed.cells if c.campaign == last}
        assert alert.unit.path.strip("/") in cell_units


def test_two_splits_shown_together_cross_in_no_group_of_fewer_than_k(redteam, client):
    """Every shown tenure, location and language cell, with every other shown cell: people
    are grouped by all the cells that hold them, so two splits overlapping in two people give
    those two a group of their own, which would be reported even when no subtraction isolates
    them (the bounds kind of inference: "at least 2 of these 5 are remote")."""
    revealed = shown_to(redteam, client, "admin", pulse=False)
    assert {c.attribute for c in revealed.cells if c.attribute} >= {"tenure_band"}
    assert small_groups(redteam.truth, revealed.cells, K) == []


def test_a_small_team_shows_nothing_however_many_weeks_it_answers(redteam, client):
    revealed = shown_to(redteam, client, "lead_n2")
    n2 = redteam.units["N2"].path.strip("/")
    assert not [c for c in revealed.cells if c.unit == n2]


def test_pooled_baselines_never_appear_as_figures_of_their_own(redteam, client):
    client.force_login(redteam.users["lead_n2"])
    page = client.get(f"/o/redteam/pulse/units/{redteam.units['N2'].pk}/").content.decode()
    assert "pooled" not in page and "waves 1-" not in page


def test_drivers_give_no_count_of_people(redteam, client):
    import re

    client.force_login(redteam.users["director"])
    for name in ("north", "N1", "N2"):
        page = client.get(f"/o/redteam/pulse/units/{redteam.units[name].pk}/drivers/")
        text = page.content.decode()
        floor = page.context["drivers"].needed
        counts = {int(n) for n in re.findall(r"\b(\d+) (?:more )?complete responses", text)}
        assert counts <= {floor}  # only the floor, never how many there are
