"""Units are named so that people can tell them apart: the shortest unambiguous end of the path."""

from tests.factories import make_unit
from twoway.org.models import UnitKind
from twoway.org.naming import label_units, shortest_unique_labels, tree_order, unit_labels


def test_a_unique_name_stays_bare_and_a_repeated_one_gets_its_site(world):
    make_unit(world.org, "Team Lisbon 1", world.home)  # a second "Team Lisbon 1", at home
    labels = unit_labels(world.org.pk)
    assert labels[world.team2.pk] == "Team Lisbon 2"
    assert labels[world.team1.pk] == "Lisbon / Team Lisbon 1"
    assert labels[world.lisbon.pk] == "Lisbon"


def test_a_name_repeated_at_two_levels_keeps_going_up_until_it_is_unique():
    chains = {
        1: ["Center"],
        2: ["Center", "Austin"],
        3: ["Center", "Austin", "Billing", "Team 1"],
        4: ["Center", "Manila", "Billing", "Team 1"],
        5: ["Center", "Austin", "Sales", "Team 1"],
    }
    labels = shortest_unique_labels(chains)
    assert labels[3] == "Austin / Billing / Team 1"
    assert labels[4] == "Manila / Billing / Team 1"
    assert labels[5] == "Sales / Team 1"
    assert labels[1] == "Center"


def test_label_units_sets_a_label_on_each_unit_and_tree_order_reads_depth_first(world):
    units = tree_order(label_units([world.team_home, world.home, world.team1, world.center]))
    assert [u.label for u in units] == ["Acme Care", "Team Lisbon 1", "Work at Home", "Team Home 1"]
    assert world.center.kind == UnitKind.CENTER
