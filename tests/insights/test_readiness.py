"""ADKAR readiness: element means, the barrier point and leader gaps from answer counts."""

from __future__ import annotations

import polars as pl
import pytest

from twoway.insights.readiness import barrier_point, readiness_by_unit


def counts(rows):
    return pl.DataFrame(rows, schema=["unit", "lens", "item", "value", "count"], orient="row")


def test_the_barrier_is_the_first_element_at_or_below_three():
    means = {"awareness": 4.2, "desire": 3.6, "knowledge": 2.9, "ability": 2.5}
    assert barrier_point(means).element == "knowledge"
    assert barrier_point({"awareness": 3.0}).element == "awareness"  # "at or below"
    assert barrier_point({e: 4.0 for e in ("awareness", "desire")}).element is None


def test_a_hidden_element_before_the_barrier_makes_it_uncertain():
    barrier = barrier_point({"awareness": None, "desire": 2.0})
    assert (barrier.element, barrier.uncertain) == ("desire", True)


def test_unit_readiness_keeps_the_diagnostic_suppression():
    # Team T1: 6 agents rate awareness 4 and knowledge 2 (means by hand: 4.0 and 2.0);
    # teams T2 (2 agents) and T3 (3) are under k = 5, hidden, but together they make 5, so
    # the site (11) may show; leaders (5) sit on the site.
    rows = [
        ("C/S/T1", "frontline", "awareness", 4, 6),
        ("C/S/T1", "frontline", "knowledge", 2, 6),
        ("C/S/T2", "frontline", "awareness", 5, 2),
        ("C/S/T2", "frontline", "knowledge", 5, 2),
        ("C/S/T3", "frontline", "awareness", 5, 3),
        ("C/S/T3", "frontline", "knowledge", 5, 3),
        ("C/S", "leader", "awareness", 5, 5),
        ("C/S", "leader", "knowledge", 4, 5),
    ]
    found = readiness_by_unit(counts(rows), 5)
    t1 = found["C/S/T1"]
    assert t1.frontline["awareness"] == pytest.approx(4.0)
    assert t1.frontline["knowledge"] == pytest.approx(2.0)
    assert t1.barrier.element == "knowledge"
    # Leaders are compared at the site: 4.0 - 2.0 on the 1-5 scale.
    assert t1.gaps["knowledge"]["leader_unit"] == "C/S"
    assert t1.gaps["knowledge"]["mean_diff"] == pytest.approx(2.0)
    assert t1.leaders["knowledge"] == pytest.approx(4.0)
    assert found["C/S/T2"].frontline["awareness"] is None
    assert found["C/S/T3"].n["awareness"] is None
    # The site: (6 x 4 + 2 x 5 + 3 x 5) / 11 = 49 / 11.
    assert found["C/S"].frontline["awareness"] == pytest.approx(49 / 11)
