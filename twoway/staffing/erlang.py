"""Erlang B, C and A: the queueing formulas behind every staffing number.

All functions take NumPy arrays or scalars that broadcast, and return a float for scalar input
or an array otherwise. Times are in seconds; traffic is the offered load in Erlangs
(calls per second x average handle time).

Numerics: Erlang B is written through the regularised incomplete gamma functions and Kummer's
functions (`scipy.special.gammaincc`, `hyperu`, `hyp1f1`), never through factorials or the
O(agents) recurrence, so 100,000 Erlangs neither overflows nor costs time proportional to the
traffic. The Poisson term e^-a a^n / n! is evaluated in log space with Loader's saddle-point
split (the same method as R's `dpois`), accurate to a few ulps even when n log a is huge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FloatArray = NDArray[np.float64]
ServiceLevelBasis = Literal["offered", "answered"]

_HALF_LOG_2PI = 0.5 * np.log(2.0 * np.pi)
# Stirling series coefficients for log(x!) - log(sqrt(2 pi x) (x/e)^x), valid for x >= 10.
_STIRLING = (1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156)


def _stirling_error(x: FloatArray) -> FloatArray:
    """log(x!) - log(sqrt(2 pi x) (x / e)^x) for x >= 10, by its asymptotic series."""
    inv = 1.0 / x
    inv2 = inv * inv
    total = np.zeros_like(x)
    for coefficient in reversed(_STIRLING):
        total = total * inv2 + coefficient
    return total * inv


def _deviance(x: FloatArray, y: FloatArray) -> FloatArray:
    """x log(x / y) + y - x, written so that its absolute error stays tiny when x is near y."""
    return x * np.log1p((x - y) / y) - (x - y)


def log_poisson_term(n: ArrayLike, traffic: ArrayLike) -> FloatArray:
    """log(e^-a a^n / Gamma(n + 1)) for real n >= 0 and a > 0 (the Poisson probability of n).

    Direct evaluation loses about n log(a) x 1e-16 in absolute terms (1e-10 at 100,000 Erlangs);
    the saddle-point split keeps the error near 1e-15 whatever the size.
    """
    x, y = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(traffic, dtype=float))
    small = x < 10.0
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = special.xlogy(x, y) - y - special.gammaln(x + 1.0)
        xs = np.where(small, 10.0, x)
        saddle = -_stirling_error(xs) - _deviance(xs, y) - 0.5 * np.log(xs) - _HALF_LOG_2PI
    return np.asarray(np.where(small, direct, saddle), dtype=float)


# Below e^-600 the Poisson term is near underflow; the incomplete-gamma ratios then switch to
# Kummer's functions, which are bounded there (and slower, hence not used everywhere).
_LOG_TINY = -600.0


def _log_palm(x: FloatArray, y: FloatArray) -> FloatArray:
    """log of Palm's function A(x, y) = sum_j y^j / ((x+1)...(x+j)) = 1F1(1; x+1; y).

    A = P(x, y) / (Poisson term), evaluated in logs so that e^y-sized values cannot overflow;
    where the term underflows (y far below x) A is moderate and Kummer's 1F1 gives it directly.
    """
    x, y = np.broadcast_arrays(x, y)
    log_term = log_poisson_term(x, y)
    out = np.empty(x.shape, dtype=float)
    far = log_term < _LOG_TINY
    near = ~far
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out[near] = np.log(special.gammainc(x[near], y[near])) - log_term[near]
        out[far] = np.log(special.hyp1f1(1.0, x[far] + 1.0, y[far]))
    return out


def _result(value: FloatArray, *inputs: ArrayLike) -> FloatArray | float:
    """A float when every input was a scalar, the array otherwise."""
    if all(np.ndim(item) == 0 for item in inputs):
        return float(value)
    return value


def erlang_b_array(n: FloatArray, a: FloatArray) -> FloatArray:
    """Erlang B on broadcast float arrays (n >= 0 agents, a >= 0 Erlangs)."""
    n, a = np.broadcast_arrays(np.asarray(n, dtype=float), np.asarray(a, dtype=float))
    blocking = np.empty(n.shape, dtype=float)
    busy = a > 0.0
    blocking[~busy] = (n[~busy] == 0).astype(float)
    log_term = np.full(n.shape, -np.inf)
    log_term[busy] = log_poisson_term(n[busy], a[busy])
    # B = (Poisson term) / Q(n+1, a), Q = P(Poisson(a) <= n): exact while the term is representable.
    ratio = busy & (log_term >= _LOG_TINY)
    # Deep overload (a far above n): 1/B = 1 + n U(1, n+1, a), bounded, so it cannot underflow.
    # Far below the traffic's reach (n far above a) B underflows to 0, which is its value.
    kummer = busy & (log_term < _LOG_TINY) & (a > n)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        blocking[ratio] = np.exp(log_term[ratio]) / special.gammaincc(n[ratio] + 1.0, a[ratio])
        blocking[kummer] = 1.0 / (1.0 + n[kummer] * special.hyperu(1.0, n[kummer] + 1.0, a[kummer]))
    blocking[busy & ~ratio & ~kummer] = 0.0
    return blocking


def erlang_b(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Probability that a contact finds all `agents` busy in a loss system (Erlang B, M/M/n/n).

    `agents` may be fractional (the usual analytic continuation through the incomplete gamma).
    """
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(traffic, dtype=float))
    return _result(erlang_b_array(n, a), agents, traffic)


def _erlang_c_array(n: FloatArray, a: FloatArray) -> FloatArray:
    blocking = erlang_b_array(n, a)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        wait = n * blocking / (n - a * (1.0 - blocking))
    return np.asarray(np.where(stable, wait, 1.0), dtype=float)


def erlang_c(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Probability that a contact waits (Erlang C, M/M/n); 1 when agents <= traffic."""
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(traffic, dtype=float))
    return _result(_erlang_c_array(n, a), agents, traffic)


@dataclass(frozen=True)
class QueueMetrics:
    """What a queue with a given number of agents delivers; arrays (or floats) per interval.

    `p_abandon` is None for Erlang C (customers never hang up); `mean_wait` is the mean wait of
    all offered contacts, which for Erlang C is also the average speed of answer.
    """

    agents: FloatArray | float
    traffic: FloatArray | float
    p_wait: FloatArray | float
    service_level: FloatArray | float
    asa: FloatArray | float
    occupancy: FloatArray | float
    p_abandon: FloatArray | float | None = None

    def as_dict(self) -> dict[str, object]:
        """Plain Python numbers or lists, ready for JSON."""
        out: dict[str, object] = {}
        for key, value in self.__dict__.items():
            if value is None:
                continue
            out[key] = value.tolist() if isinstance(value, np.ndarray) else value
        return out


def erlang_c_metrics(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, answer_within: ArrayLike
) -> QueueMetrics:
    """Erlang C service level, ASA, occupancy and probability of waiting for `agents`.

    Service level is the share of contacts answered within `answer_within` seconds:
    1 - C e^{-(n - a) t / aht}. ASA is C aht / (n - a). Occupancy is a / n. With n <= a the
    queue grows without bound: p_wait 1, service level 0, ASA infinite, occupancy 1.
    """
    n, a, h, t = (np.asarray(v, dtype=float) for v in (agents, traffic, aht, answer_within))
    n, a, h, t = np.broadcast_arrays(n, a, h, t)
    metrics = erlang_c_from_blocking(n, a, h, t, erlang_b_array(n, a))
    inputs = (agents, traffic, aht, answer_within)
    return QueueMetrics(
        **{k: _result(v, *inputs) for k, v in metrics.__dict__.items() if v is not None}
    )


def erlang_c_from_blocking(
    n: FloatArray, a: FloatArray, aht: FloatArray, answer_within: FloatArray, blocking: FloatArray
) -> QueueMetrics:
    """Erlang C metrics (arrays) given the Erlang B probability already known for n agents.

    The staffing search steps n up one agent at a time with B(n+1) = a B / (n + 1 + a B), a
    recurrence that is stable above the traffic, and calls this for the rest.
    """
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p_wait = np.where(stable, n * blocking / (n - a * (1.0 - blocking)), 1.0)
        level = np.where(stable, 1.0 - p_wait * np.exp(-(n - a) * answer_within / aht), 0.0)
        asa = np.where(stable, p_wait * aht / (n - a), np.inf)
        busy = np.where(n > 0, np.minimum(a / n, 1.0), 1.0)
    return QueueMetrics(
        agents=n,
        traffic=a,
        p_wait=p_wait,
        service_level=np.maximum(level, 0.0),
        asa=asa,
        occupancy=busy,
    )


def service_level(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, answer_within: ArrayLike
) -> FloatArray | float:
    """Erlang C share of contacts answered within `answer_within` seconds."""
    return erlang_c_metrics(agents, traffic, aht, answer_within).service_level


def average_speed_of_answer(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike
) -> FloatArray | float:
    """Erlang C average wait in seconds (over all contacts, including those answered at once)."""
    return erlang_c_metrics(agents, traffic, aht, 0.0).asa


def occupancy(agents: ArrayLike, traffic: ArrayLike) -> FloatArray | float:
    """Share of agents' time spent handling contacts (Erlang C: traffic / agents, at most 1)."""
    n, a = np.broadcast_arrays(np.asarray(agents, dtype=float), np.asarray(traffic, dtype=float))
    with np.errstate(divide="ignore", invalid="ignore"):
        busy = np.where(n > 0, np.minimum(a / n, 1.0), 1.0)
    return _result(np.asarray(busy, dtype=float), agents, traffic)


def erlang_a_metrics(
    agents: ArrayLike,
    traffic: ArrayLike,
    aht: ArrayLike,
    patience: ArrayLike,
    answer_within: ArrayLike,
    sl_basis: ServiceLevelBasis = "offered",
) -> QueueMetrics:
    """Erlang A (M/M/n+M, Palm 1943; Garnett, Mandelbaum and Reiman 2002): callers hang up after
    an exponential patience with mean `patience` seconds.

    With x = n patience / aht, y = a patience / aht and Palm's A(x, y) = 1F1(1; x+1; y):
    p_wait = A E / (1 + (A - 1) E), E the Erlang B probability; p_abandon = p_wait (1 - (1 - 1/A)
    / rho), rho = a / n. The offered wait V has P(V > t | V > 0) = P(x, y q) / P(x, y),
    q = e^{-t / patience}, P the regularised lower incomplete gamma. A contact is answered within
    t when V <= t and its patience outlasts V; that share is

        (1 - p_wait) + p_wait (x / y) [P(x+1, y) - P(x+1, y q)] / P(x, y).

    `sl_basis="offered"` divides by all offered contacts; `"answered"` by answered contacts only.
    `asa` is the mean wait of all offered contacts (abandoned ones counted until they hang up),
    which by Little's law equals p_abandon x patience. Occupancy is the carried load
    a (1 - p_abandon) over n.
    """
    n, a, h, pat, t = (
        np.asarray(v, dtype=float) for v in (agents, traffic, aht, patience, answer_within)
    )
    n, a, h, pat, t = np.broadcast_arrays(n, a, h, pat, t)
    x = n * pat / h
    y = a * pat / h
    blocking = erlang_b_array(n, a)
    log_a = _log_palm(x, y)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        inv_a = np.exp(-log_a)
        p_wait = blocking / (blocking + (1.0 - blocking) * inv_a)
        p_abandon = p_wait * np.clip(1.0 - (1.0 - inv_a) * n / a, 0.0, 1.0)
        q_t = t / pat
        log_r = -x * q_t - y * np.expm1(-q_t)
        tail = np.exp(_log_palm(x, y * np.exp(-q_t)) + log_r - log_a) - np.exp(log_r - log_a)
        answered_in_time = (x / y) * (1.0 - inv_a - tail)
        offered_level = (1.0 - p_wait) + p_wait * np.clip(answered_in_time, 0.0, 1.0)
    level = offered_level if sl_basis == "offered" else offered_level / (1.0 - p_abandon)
    inputs = (agents, traffic, aht, patience, answer_within)
    return QueueMetrics(
        agents=_result(n, *inputs),
        traffic=_result(a, *inputs),
        p_wait=_result(p_wait, *inputs),
        service_level=_result(np.clip(level, 0.0, 1.0), *inputs),
        asa=_result(p_abandon * pat, *inputs),
        occupancy=_result(np.minimum(a * (1.0 - p_abandon) / n, 1.0), *inputs),
        p_abandon=_result(p_abandon, *inputs),
    )
