"""Interval plans: many queues x many intervals, staffed in one vectorised call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from twoway.staffing.errors import StaffingInputError
from twoway.staffing.requirements import agents_required, metrics_for, parse_targets
from twoway.staffing.shrinkage import check_shrinkage, scheduled_staff
from twoway.staffing.validation import require_non_negative, require_positive

ProgressCallback = Callable[[int, int], None]


@dataclass
class IntervalPlan:
    """A workload: one row per (queue, interval start), with calls offered and AHT in seconds.

    An interval with 0 calls is a closed or empty interval and needs 0 agents.
    """

    queue: list[str]
    start: list[str]
    calls: NDArray[np.float64]
    aht: NDArray[np.float64]
    interval_seconds: float = 900.0

    def __post_init__(self) -> None:
        self.calls = require_non_negative(self.calls, "calls").astype(float).ravel()
        self.aht = require_positive(self.aht, "aht").astype(float).ravel()
        self.interval_seconds = float(require_positive(self.interval_seconds, "interval"))
        sizes = {len(self.queue), len(self.start), self.calls.size, self.aht.size}
        if len(sizes) != 1:
            raise StaffingInputError(
                "plan", "queue, start, calls and aht must have one value per row"
            )

    def __len__(self) -> int:
        return int(self.calls.size)

    def to_dict(self) -> dict[str, Any]:
        return {
            "queue": list(self.queue),
            "start": list(self.start),
            "calls": self.calls.tolist(),
            "aht": self.aht.tolist(),
            "interval_seconds": self.interval_seconds,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IntervalPlan:
        return cls(
            queue=[str(q) for q in data["queue"]],
            start=[str(s) for s in data["start"]],
            calls=np.asarray(data["calls"], dtype=float),
            aht=np.asarray(data["aht"], dtype=float),
            interval_seconds=float(data.get("interval_seconds", 900.0)),
        )


@dataclass
class StaffedPlan:
    """Agents and service per row of a plan; rows with no calls have 0 agents and NaN metrics."""

    plan: IntervalPlan
    agents: NDArray[np.int64]
    scheduled: NDArray[np.float64]
    traffic: NDArray[np.float64]
    service_level: NDArray[np.float64]
    asa: NDArray[np.float64]
    occupancy: NDArray[np.float64]
    p_wait: NDArray[np.float64]
    p_abandon: NDArray[np.float64] | None = None

    def rows(self) -> list[dict[str, Any]]:
        """One dict per row, in file order, for writers."""
        names = ["traffic", "agents", "scheduled", "service_level", "asa", "occupancy", "p_wait"]
        if self.p_abandon is not None:
            names.append("p_abandon")
        out = []
        for i in range(len(self.plan)):
            row: dict[str, Any] = {
                "queue": self.plan.queue[i],
                "start": self.plan.start[i],
                "calls": float(self.plan.calls[i]),
                "aht": float(self.plan.aht[i]),
            }
            for name in names:
                value = getattr(self, name)[i].item()
                row[name] = None if isinstance(value, float) and np.isnan(value) else value
            out.append(row)
        return out


def staff_plan(
    plan: IntervalPlan,
    service_level: float,
    answer_within: float,
    shrinkage: float = 0.0,
    *,
    chunk_size: int | None = None,
    on_progress: ProgressCallback | None = None,
    **options: Any,
) -> StaffedPlan:
    """Agents required for every row of `plan` (see `agents_required` for the options).

    `chunk_size` and `on_progress(done, total)` let a front-end show progress on big files; the
    answers do not depend on them.
    """
    share = check_shrinkage(shrinkage)
    total = len(plan)
    size = chunk_size or max(total, 1)
    agents = np.zeros(total, dtype=np.int64)
    open_rows = np.flatnonzero(plan.calls > 0)
    for begin in range(0, open_rows.size, size):
        rows = open_rows[begin : begin + size]
        agents[rows] = agents_required(
            plan.calls[rows],
            plan.aht[rows],
            plan.interval_seconds,
            service_level,
            answer_within,
            **options,
        )
        if on_progress is not None:
            on_progress(min(begin + size, open_rows.size), open_rows.size)
    return _with_metrics(plan, agents, share, service_level, answer_within, options)


def _with_metrics(
    plan: IntervalPlan,
    agents: NDArray[np.int64],
    shrinkage: float,
    service_level: float,
    answer_within: float,
    options: dict[str, Any],
) -> StaffedPlan:
    targets = parse_targets(service_level, answer_within, options)
    traffic = plan.calls * plan.aht / plan.interval_seconds
    open_ = plan.calls > 0
    blank = np.full(len(plan), np.nan)
    values = {name: blank.copy() for name in ("service_level", "asa", "occupancy", "p_wait")}
    abandon = blank.copy() if targets.patience is not None else None
    if open_.any():
        metrics = metrics_for(agents[open_], traffic[open_], plan.aht[open_], targets)
        for name, array in values.items():
            array[open_] = getattr(metrics, name)
        if abandon is not None and metrics.p_abandon is not None:
            abandon[open_] = metrics.p_abandon
    return StaffedPlan(
        plan=plan,
        agents=agents,
        scheduled=np.asarray(scheduled_staff(agents, shrinkage), dtype=float),
        traffic=traffic,
        p_abandon=abandon,
        **values,
    )


def agents_by_start(
    plan: IntervalPlan, agents: NDArray[Any]
) -> tuple[list[str], NDArray[np.float64]]:
    """Agents summed over queues for each interval start, starts in order of first appearance."""
    order: dict[str, int] = {}
    for label in plan.start:
        order.setdefault(label, len(order))
    slots = np.fromiter((order[label] for label in plan.start), dtype=np.int64, count=len(plan))
    totals = np.bincount(slots, weights=np.asarray(agents, dtype=float), minlength=len(order))
    return list(order), np.asarray(totals, dtype=float)
