"""Erlang B, C and A against published worked examples and a first-principles Markov chain."""

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.optimize import brentq

from twoway.staffing import erlang_a_metrics, erlang_b, erlang_c, erlang_c_metrics


# Erlang B table (grade of service 1%): the largest traffic N lines carry at 1% blocking.
# Values as printed in standard Erlang B tables, e.g. Iversen, "Teletraffic Engineering and
# Network Planning" (ITU-D / DTU), and reproduced in most telephony handbooks.
@pytest.mark.parametrize(
    ("lines", "erlangs"),
    [(1, 0.0101), (5, 1.36), (10, 4.46), (20, 12.03), (50, 37.90), (100, 84.06)],
)
def test_erlang_b_reproduces_the_one_percent_table(lines, erlangs):
    carried = brentq(lambda a: erlang_b(lines, a) - 0.01, 1e-6, lines)
    decimals = 4 if lines == 1 else 2
    assert round(carried, decimals) == pytest.approx(erlangs)


def test_erlang_b_thirty_lines_at_twenty_five_erlangs_block_about_five_percent():
    # Wolfram "Compute loss probabilities for a queue": 30 lines, 25 Erlangs -> about 0.05;
    # 0.052603 by the recurrence B(k) = a B(k-1) / (k + a B(k-1)) computed by hand below.
    blocking = 1.0
    for k in range(1, 31):
        blocking = 25.0 * blocking / (k + 25.0 * blocking)
    assert erlang_b(30, 25.0) == pytest.approx(blocking, rel=1e-13)
    assert round(erlang_b(30, 25.0), 2) == 0.05


def test_erlang_b_stays_finite_at_a_hundred_thousand_erlangs():
    agents = np.array([1.0, 50_000.0, 99_000.0, 100_000.0, 101_000.0, 200_000.0])
    blocking = erlang_b(agents, 100_000.0)
    assert np.all(np.isfinite(blocking))
    assert np.all(np.diff(blocking) < 0)  # more lines, less blocking
    # Deep overload: B -> 1 - n/a (fluid limit); 1 line at 1e5 Erlangs blocks all but 1e-5.
    assert blocking[0] == pytest.approx(1 - 1e-5, rel=1e-9)
    assert blocking[1] == pytest.approx(0.5, rel=1e-4)


def test_erlang_c_call_centre_helper_worked_example():
    # Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked Example":
    # 100 calls in 30 minutes, AHT 180 s, 80% in 20 s; traffic 10 Erlangs. With 14 agents
    # P(wait) = 0.1741, service level 88.8%, occupancy 71.4%. pyworkforce's own test
    # (queuing/tests/test_erlang.py) reproduces the same 0.174 / 0.888 / 0.714.
    metrics = erlang_c_metrics(14, 10.0, 180.0, 20.0)
    assert round(metrics.p_wait, 4) == 0.1741
    assert round(metrics.service_level, 3) == 0.888
    assert round(metrics.occupancy, 3) == 0.714
    # ASA = P(wait) x AHT / (agents - traffic) = 0.1741 x 180 / 4 = 7.84 s
    assert metrics.asa == pytest.approx(metrics.p_wait * 180.0 / 4.0)
    assert round(metrics.asa, 2) == 7.84


def test_erlang_c_is_certain_waiting_when_agents_do_not_exceed_traffic():
    assert erlang_c(10, 10.0) == 1.0
    metrics = erlang_c_metrics(9, 10.0, 180.0, 20.0)
    assert metrics.service_level == 0.0 and metrics.asa == np.inf


def test_functions_are_vectorised_and_broadcast():
    levels = erlang_c_metrics(np.arange(11, 15)[:, None], np.array([10.0, 10.5]), 180.0, 20.0)
    assert levels.service_level.shape == (4, 2)
    assert isinstance(erlang_b(3, 2.0), float)


def _erlang_a_by_markov_chain(agents, traffic, aht, patience, within, states=400):
    """Independent reference: the M/M/n+M birth-death chain solved numerically, and the tagged
    customer's race between service and patience solved with a matrix exponential."""
    lam, mu, theta = traffic / aht, 1 / aht, 1 / patience
    log_p = np.zeros(states + 1)
    for k in range(1, states + 1):
        log_p[k] = log_p[k - 1] + np.log(lam / (min(k, agents) * mu + max(k - agents, 0) * theta))
    p = np.exp(log_p - log_p.max())
    p /= p.sum()
    queue = np.arange(states + 1) - agents
    p_abandon = theta * np.sum(p[agents:] * queue[agents:]) / lam
    ahead = states - agents
    served, lost = ahead + 1, ahead + 2
    gen = np.zeros((ahead + 3, ahead + 3))
    for i in range(ahead + 1):
        gen[i, served if i == 0 else i - 1] += agents * mu + i * theta
        gen[i, lost] += theta
        gen[i, i] = -gen[i].sum()
    within_t = expm(gen * within)[:, served]
    level = p[:agents].sum() + np.sum(p[agents:-1] * within_t[:ahead])
    return p[agents:].sum(), p_abandon, level


@pytest.mark.parametrize(
    ("agents", "traffic", "aht", "patience", "within"),
    [(12, 10.0, 180.0, 120.0, 20.0), (5, 7.3, 300.0, 60.0, 30.0), (30, 25.5, 240.0, 600.0, 15.0)],
)
def test_erlang_a_matches_the_markov_chain(agents, traffic, aht, patience, within):
    p_wait, p_abandon, level = _erlang_a_by_markov_chain(agents, traffic, aht, patience, within)
    metrics = erlang_a_metrics(agents, traffic, aht, patience, within)
    assert metrics.p_wait == pytest.approx(p_wait, rel=1e-10)
    assert metrics.p_abandon == pytest.approx(p_abandon, rel=1e-10)
    assert metrics.service_level == pytest.approx(level, rel=1e-10)


def test_erlang_a_pyworkforce_documented_example():
    # pyworkforce documentation, "Erlang A (abandonment)" guide
    # (https://pyworkforce.rodrigo-arenas.com/development/guide/erlanga): 100 calls in 30 min,
    # AHT 3 min, 20 s target, patience 5 min, 13 agents -> service level 0.858..., occupancy
    # 0.750..., abandonment 0.025..., waiting 0.226..., ASA 0.125... min (all offered contacts).
    metrics = erlang_a_metrics(13, 10.0, 180.0, 300.0, 20.0)
    assert int(metrics.service_level * 1000) == 858
    assert int(metrics.occupancy * 1000) == 750
    assert round(metrics.p_abandon, 3) == 0.025
    assert round(metrics.p_wait, 3) == 0.226
    assert round(metrics.asa / 60, 3) == 0.125
    # Little's law: mean wait of all offered contacts = P(abandon) x mean patience.
    assert metrics.asa == pytest.approx(metrics.p_abandon * 300.0)


def test_erlang_a_answered_basis_divides_by_answered_contacts():
    offered = erlang_a_metrics(13, 10.0, 180.0, 300.0, 20.0, sl_basis="offered")
    answered = erlang_a_metrics(13, 10.0, 180.0, 300.0, 20.0, sl_basis="answered")
    assert answered.service_level == pytest.approx(offered.service_level / (1 - offered.p_abandon))


def test_erlang_a_tends_to_erlang_c_for_endless_patience():
    c = erlang_c_metrics(np.arange(11, 16), 10.0, 180.0, 20.0)
    a = erlang_a_metrics(np.arange(11, 16), 10.0, 180.0, 1e9, 20.0)
    np.testing.assert_allclose(a.service_level, c.service_level, rtol=1e-5)
    np.testing.assert_allclose(a.p_wait, c.p_wait, rtol=1e-5)


def test_erlang_a_is_finite_at_a_hundred_thousand_erlangs():
    metrics = erlang_a_metrics(
        np.array([90_000, 100_000, 100_050, 120_000]), 1e5, 300.0, 600.0, 20.0
    )
    for value in (metrics.p_wait, metrics.p_abandon, metrics.service_level):
        assert np.all(np.isfinite(value))
    assert np.all(np.diff(metrics.service_level) > 0)
