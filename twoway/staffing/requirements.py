"""Agents required: the smallest number of agents that meets every target.

Every target is monotone in the number of agents (service level rises, ASA, occupancy and
abandonment fall), so the search is a vectorised gallop-then-bisect over integer agents:
start at a lower bound no feasible answer can be below, double a step until the targets are met,
then bisect. The cost is O(log(agents)) evaluations of the formulas on the whole array, whatever
the traffic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from twoway.staffing.erlang import (
    QueueMetrics,
    ServiceLevelBasis,
    erlang_a_metrics,
    erlang_b_array,
    erlang_c_from_blocking,
    erlang_c_metrics,
)
from twoway.staffing.errors import InfeasibleTargetError, StaffingInputError
from twoway.staffing.validation import (
    require_fraction,
    require_open_fraction,
    require_positive,
)

IntArray = NDArray[np.int64]
# Occupancy a/n is compared with a relative slack so that 8.5 / 0.85 = 10.000000000000002
# still counts 10 agents as meeting an 85% cap.
_OCCUPANCY_SLACK = 1e-12
_MAX_DOUBLINGS = 64
# Erlang C answers usually lie within a few dozen agents of the traffic; stepping one agent at a
# time with the Erlang B recurrence is then cheaper than bisection's exact evaluations.
_WALK_STEPS = 48
_OPTIONS = {"max_occupancy", "asa", "patience", "max_abandon", "sl_basis", "max_agents"}


@dataclass(frozen=True)
class Targets:
    """The targets one staffing problem must meet, already validated and broadcast."""

    service_level: NDArray[np.float64]
    answer_within: NDArray[np.float64]
    max_occupancy: float | None = None
    asa: float | None = None
    patience: NDArray[np.float64] | None = None
    max_abandon: float | None = None
    sl_basis: str = "offered"
    max_agents: int | None = None


def traffic_erlangs(calls: ArrayLike, aht: ArrayLike, interval: ArrayLike) -> NDArray[np.float64]:
    """Offered load in Erlangs: calls in the interval x handle time / interval length."""
    calls_ = require_positive(calls, "calls")
    aht_ = require_positive(aht, "aht")
    interval_ = require_positive(interval, "interval")
    return np.asarray(calls_ * aht_ / interval_, dtype=float)


def _check_options(options: dict[str, Any]) -> None:
    unknown = set(options) - _OPTIONS
    if unknown:
        name = sorted(unknown)[0]
        raise StaffingInputError(name, f"is not an option; known options: {sorted(_OPTIONS)}")


def parse_targets(
    service_level: ArrayLike, answer_within: ArrayLike, options: dict[str, Any]
) -> Targets:
    _check_options(options)
    level = require_open_fraction(service_level, "service_level")
    within = np.asarray(answer_within, dtype=float)
    if np.isnan(within).any() or (within < 0).any() or np.isinf(within).any():
        raise StaffingInputError("answer_within", "must be 0 or more seconds and finite")
    cap = options.get("max_occupancy")
    asa = options.get("asa")
    patience = options.get("patience")
    abandon = options.get("max_abandon")
    basis = options.get("sl_basis", "offered")
    max_agents = options.get("max_agents")
    if basis not in ("offered", "answered"):
        raise StaffingInputError("sl_basis", f'must be "offered" or "answered" (got {basis!r})')
    if abandon is not None and patience is None:
        raise StaffingInputError("max_abandon", "needs a patience (Erlang A) to mean anything")
    if max_agents is not None and (int(max_agents) != max_agents or max_agents < 1):
        raise StaffingInputError(
            "max_agents", f"must be a whole number of at least 1 (got {max_agents})"
        )
    return Targets(
        service_level=level,
        answer_within=within,
        max_occupancy=None
        if cap is None
        else require_fraction(cap, "max_occupancy", allow_zero=False, allow_one=True),
        asa=None if asa is None else float(require_positive(asa, "asa")),
        patience=None if patience is None else require_positive(patience, "patience"),
        max_abandon=None
        if abandon is None
        else require_fraction(abandon, "max_abandon", allow_zero=False, allow_one=False),
        sl_basis=basis,
        max_agents=None if max_agents is None else int(max_agents),
    )


def metrics_for(
    agents: ArrayLike, traffic: ArrayLike, aht: ArrayLike, targets: Targets
) -> QueueMetrics:
    """Erlang C metrics, or Erlang A when the targets carry a patience."""
    if targets.patience is None:
        return erlang_c_metrics(agents, traffic, aht, targets.answer_within)
    basis: ServiceLevelBasis = "answered" if targets.sl_basis == "answered" else "offered"
    return erlang_a_metrics(
        agents, traffic, aht, targets.patience, targets.answer_within, sl_basis=basis
    )


def _meets(
    metrics: QueueMetrics, level: NDArray[np.float64], targets: Targets
) -> NDArray[np.bool_]:
    """True where every target is met."""
    ok = np.asarray(metrics.service_level) >= level
    if targets.patience is None:
        ok &= np.asarray(metrics.agents) > np.asarray(metrics.traffic)
    if targets.asa is not None:
        ok &= np.asarray(metrics.asa) <= targets.asa
    if targets.max_occupancy is not None:
        ok &= np.asarray(metrics.occupancy) <= targets.max_occupancy * (1 + _OCCUPANCY_SLACK)
    if targets.max_abandon is not None and metrics.p_abandon is not None:
        ok &= np.asarray(metrics.p_abandon) <= targets.max_abandon
    return np.asarray(ok)


def _lower_bound(traffic: NDArray[np.float64], targets: Targets) -> IntArray:
    """Agents below which no answer can lie."""
    if targets.patience is None:
        low = np.floor(traffic) + 1.0  # Erlang C needs more agents than Erlangs
        if targets.max_occupancy is not None:
            low = np.maximum(low, np.floor(traffic / targets.max_occupancy))
    elif targets.sl_basis == "offered":
        # At most n/a of offered contacts can be answered at all.
        low = np.maximum(np.floor(targets.service_level * traffic), 1.0)
    else:
        low = np.ones_like(traffic)
    return low.astype(np.int64)


def _search(
    meets: Callable[[IntArray, NDArray[np.intp]], NDArray[np.bool_]],
    low: IntArray,
    first_step: IntArray,
    max_agents: int | None,
) -> IntArray:
    """Smallest n >= low with meets(n) true, per element; meets(n, idx) checks elements idx."""
    answer = low.copy()
    todo = np.flatnonzero(~meets(low, np.arange(low.size)))
    failing = low[todo]  # known to miss the targets
    step = first_step[todo]
    for _ in range(_MAX_DOUBLINGS):
        if todo.size == 0:
            break
        trial = failing + step
        if max_agents is not None and (failing >= max_agents).any():
            raise InfeasibleTargetError(
                "max_agents", f"of {max_agents} is too few to meet the targets"
            )
        if max_agents is not None:
            trial = np.minimum(trial, max_agents)
        ok = meets(trial, todo)
        answer[todo[ok]] = _bisect(meets, failing[ok], trial[ok], todo[ok])
        keep = ~ok
        todo, failing, step = todo[keep], trial[keep], step[keep] * 2
    if todo.size:
        raise InfeasibleTargetError("service_level", "cannot be met by any number of agents")
    return answer


def _bisect(
    meets: Callable[[IntArray, NDArray[np.intp]], NDArray[np.bool_]],
    bad: IntArray,
    good: IntArray,
    idx: NDArray[np.intp],
) -> IntArray:
    """Narrow (bad, good] to one agent: bad misses the targets, good meets them."""
    bad, good = bad.copy(), good.copy()
    while True:
        open_ = good - bad > 1
        if not open_.any():
            return good
        sel = np.flatnonzero(open_)
        mid = (bad[sel] + good[sel]) // 2
        ok = meets(mid, idx[sel])
        good[sel[ok]] = mid[ok]
        bad[sel[~ok]] = mid[~ok]


def _solve(traffic: NDArray[np.float64], aht: NDArray[np.float64], targets: Targets) -> IntArray:
    shape = traffic.shape
    flat: dict[str, Any] = {
        "traffic": traffic.ravel(),
        "aht": aht.ravel(),
        "level": np.broadcast_to(targets.service_level, shape).ravel(),
        "within": np.broadcast_to(targets.answer_within, shape).ravel(),
        "patience": None
        if targets.patience is None
        else np.broadcast_to(targets.patience, shape).ravel(),
    }

    def meets(agents: IntArray, idx: NDArray[np.intp]) -> NDArray[np.bool_]:
        sub = Targets(
            service_level=flat["level"][idx],
            answer_within=flat["within"][idx],
            max_occupancy=targets.max_occupancy,
            asa=targets.asa,
            patience=None if flat["patience"] is None else flat["patience"][idx],
            max_abandon=targets.max_abandon,
            sl_basis=targets.sl_basis,
        )
        metrics = metrics_for(agents, flat["traffic"][idx], flat["aht"][idx], sub)
        return _meets(metrics, sub.service_level, sub)

    low = _lower_bound(flat["traffic"], replace(targets, service_level=flat["level"]))
    if targets.patience is None:
        answer, todo, low = _walk_erlang_c(flat, targets, low)
    else:
        answer, todo = np.zeros_like(low), np.arange(low.size)
    if todo.size:
        first_step = np.maximum(np.ceil(np.sqrt(flat["traffic"][todo])), 1.0).astype(np.int64)

        def meets_open(agents: IntArray, idx: NDArray[np.intp]) -> NDArray[np.bool_]:
            return meets(agents, todo[idx])

        answer[todo] = _search(meets_open, low[todo], first_step, targets.max_agents)
    return answer.reshape(shape)


def _walk_erlang_c(
    flat: dict[str, Any], targets: Targets, low: IntArray
) -> tuple[IntArray, NDArray[np.intp], IntArray]:
    """Step every problem up from its lower bound, one agent at a time, for a few dozen agents.

    Returns the answers found, the indices still open, and for those the first agent count not
    yet checked (everything below it misses the targets).
    """
    answer = low.copy()
    todo = np.arange(low.size)
    n = low.astype(float)
    a, h, t, level = flat["traffic"], flat["aht"], flat["within"], flat["level"]
    blocking = erlang_b_array(n, a)
    for _ in range(_WALK_STEPS):
        metrics = erlang_c_from_blocking(n, a[todo], h[todo], t[todo], blocking)
        ok = _meets(metrics, level[todo], targets)
        if targets.max_agents is not None and (n[~ok] >= targets.max_agents).any():
            raise InfeasibleTargetError(
                "max_agents", f"of {targets.max_agents} is too few to meet the targets"
            )
        answer[todo[ok]] = n[ok].astype(np.int64)
        todo, n, blocking = todo[~ok], n[~ok] + 1.0, blocking[~ok]
        if todo.size == 0:
            break
        blocking = a[todo] * blocking / (n + a[todo] * blocking)
    next_low = low.copy()
    next_low[todo] = n.astype(np.int64)
    return answer, todo, next_low


def agents_required(
    calls: ArrayLike,
    aht: ArrayLike,
    interval: ArrayLike,
    service_level: ArrayLike,
    answer_within: ArrayLike,
    **options: Any,
) -> IntArray | int:
    """Smallest number of agents meeting the service-level target, per interval.

    calls: contacts offered in the interval; aht: average handle time (s); interval: its length
    (s); service_level: target share answered within `answer_within` seconds, in (0, 1).
    All five broadcast. Options: `max_occupancy` (cap on traffic / agents, in (0, 1]), `asa`
    (target average speed of answer, s), `patience` (mean patience, s: switches to Erlang A),
    `max_abandon` (abandonment ceiling, with patience), `sl_basis` ("offered" or "answered",
    Erlang A only), `max_agents` (a seat cap; InfeasibleTargetError if the targets need more).
    Returns an int for scalar input, an int64 array otherwise.
    """
    targets = parse_targets(service_level, answer_within, options)
    traffic = traffic_erlangs(calls, aht, interval)
    shape = np.broadcast_shapes(
        traffic.shape,
        targets.service_level.shape,
        targets.answer_within.shape,
        () if targets.patience is None else targets.patience.shape,
    )
    traffic_b = np.broadcast_to(traffic, shape)
    aht_b = np.broadcast_to(np.asarray(aht, dtype=float), shape)
    agents = _solve(traffic_b, aht_b, targets)
    scalar = all(np.ndim(v) == 0 for v in (calls, aht, interval, service_level, answer_within))
    if scalar and (targets.patience is None or targets.patience.ndim == 0):
        return int(agents)
    return agents


@dataclass(frozen=True)
class Requirement:
    """Agents required per interval and what they deliver."""

    agents: IntArray | int
    metrics: QueueMetrics

    def as_dict(self) -> dict[str, object]:
        """The command-line JSON contract: agents, service_level, asa, occupancy, p_wait
        (and p_abandon under Erlang A)."""
        out = self.metrics.as_dict()
        out.pop("agents", None)
        agents = self.agents.tolist() if isinstance(self.agents, np.ndarray) else self.agents
        return {"agents": agents, **out}


def staffing_requirement(
    calls: ArrayLike,
    aht: ArrayLike,
    interval: ArrayLike,
    service_level: ArrayLike,
    answer_within: ArrayLike,
    **options: Any,
) -> Requirement:
    """`agents_required` plus the service level, ASA, occupancy and waiting at that staffing."""
    agents = agents_required(calls, aht, interval, service_level, answer_within, **options)
    targets = parse_targets(service_level, answer_within, options)
    traffic = traffic_erlangs(calls, aht, interval)
    if np.ndim(traffic) == 0 and np.ndim(agents) == 0:
        traffic = traffic.item()  # type: ignore[assignment]
    return Requirement(agents=agents, metrics=metrics_for(agents, traffic, aht, targets))
