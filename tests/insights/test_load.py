"""Change load per team and ISO week, against hand-computed cases (docs/method-change.md)."""

from __future__ import annotations

import datetime

import pytest

from twoway.insights.load import PhaseSpan, added_overload, change_load, iso_week, monday_of

D = datetime.date
# 2027-01-04 is the Monday of ISO week 2027-W01 (the week of the year's first Thursday).
W01 = D(2027, 1, 4)


def rows_of(load_map):
    return {(r["unit"], r["week"]): (r["load"], r["initiatives"]) for r in load_map.rows()}


def test_iso_weeks_follow_the_iso_year():
    assert iso_week(W01) == "2027-W01"
    assert iso_week(D(2026, 12, 28)) == "2026-W53"  # 2026 has 53 ISO weeks
    assert iso_week(D(2024, 12, 30)) == "2025-W01"  # a December Monday in next year's week 1
    assert monday_of(D(2027, 1, 10)) == W01  # Sunday belongs to the week before it


def test_a_phase_loads_every_week_it_touches_start_and_end_included():
    # Wednesday of W01 to Wednesday of W03, medium (5), team A only.
    phase = PhaseSpan("desktop", [0], D(2027, 1, 6), D(2027, 1, 20), 5)
    got = rows_of(change_load([phase], ["A", "B"], W01, 4))
    assert [got[("A", f"2027-W0{w}")] for w in (1, 2, 3, 4)] == [
        (5, ["desktop"]),
        (5, ["desktop"]),
        (5, ["desktop"]),
        (0, []),
    ]
    assert all(got[("B", f"2027-W0{w}")] == (0, []) for w in (1, 2, 3, 4))
    assert len(got) == 8  # one row per team and week, empty ones included


def test_an_initiative_counts_once_a_week_with_its_heaviest_phase():
    phases = [
        PhaseSpan("desktop", [0], D(2027, 1, 6), D(2027, 1, 20), 5),
        PhaseSpan("kb", [0, 1], D(2027, 1, 11), D(2027, 2, 7), 1),  # W02-W05
        PhaseSpan("kb", [0], D(2027, 1, 18), D(2027, 1, 18), 10),  # one day in W03
    ]
    got = rows_of(change_load(phases, ["A", "B"], W01, 5))
    assert [got[("A", f"2027-W0{w}")][0] for w in range(1, 6)] == [5, 6, 15, 1, 1]
    assert got[("A", "2027-W03")][1] == ["desktop", "kb"]
    assert [got[("B", f"2027-W0{w}")][0] for w in range(1, 6)] == [0, 1, 1, 1, 1]


def test_phases_outside_the_map_are_clipped():
    phases = [PhaseSpan("old", [0], D(2026, 1, 1), D(2027, 1, 5), 10)]
    got = rows_of(change_load(phases, ["A"], W01, 2))
    assert got[("A", "2027-W01")] == (10, ["old"])
    assert got[("A", "2027-W02")] == (0, [])


def test_the_map_starts_on_the_monday_of_the_given_day():
    load_map = change_load([], ["A"], D(2027, 1, 7), 1)
    assert load_map.weeks == [W01]


def test_a_new_phase_that_would_overload_a_team_is_found():
    teams = ["A", "B"]
    existing = [
        PhaseSpan("desktop", [0, 1], D(2027, 1, 4), D(2027, 2, 28), 10),
        PhaseSpan("wah", [0], D(2027, 1, 4), D(2027, 1, 31), 5),
    ]
    new = PhaseSpan("kb", [0, 1], D(2027, 1, 25), D(2027, 2, 14), 5)
    before = change_load(existing, teams, W01, 8)
    after = change_load([*existing, new], teams, W01, 8)
    over = added_overload(before, after, "kb", 15)
    # Team A: 10 + 5 + 5 = 20 in W04 (the last week of "wah"); later weeks are 15, not over.
    assert [(teams[t], iso_week(after.weeks[w]), load) for t, w, load in over] == [
        ("A", "2027-W04", 20.0)
    ]


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        PhaseSpan("x", [0], D(2027, 2, 1), D(2027, 1, 1), 1)
    with pytest.raises(ValueError):
        change_load([], ["A"], W01, 0)
