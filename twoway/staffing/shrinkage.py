"""Shrinkage and FTE: from agents on the phones to people on the schedule and on the payroll."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from twoway.staffing.errors import StaffingInputError
from twoway.staffing.validation import as_checked_array, require_positive

ShrinkageMethod = Literal["multiplicative", "additive"]


def total_shrinkage(
    components: Mapping[str, float] | Sequence[float] | float,
    method: ShrinkageMethod = "multiplicative",
) -> float:
    """Combine shrinkage components (breaks, training, absence...) into one share of paid time.

    multiplicative: 1 - prod(1 - s_i), each component a share of the time the previous ones
    leave (how most workforce tools apply them); additive: sum(s_i), each a share of paid time.
    """
    if isinstance(components, Mapping):
        named = list(components.items())
    elif isinstance(components, int | float):
        named = [("shrinkage", float(components))]
    else:
        named = [(f"shrinkage[{i}]", float(v)) for i, v in enumerate(components)]
    for name, value in named:
        if not 0.0 <= value < 1.0:
            raise StaffingInputError(name, f"must be at least 0 and below 1 (got {value:g})")
    values = np.array([v for _, v in named], dtype=float)
    if method == "multiplicative":
        total = float(1.0 - np.prod(1.0 - values))
    elif method == "additive":
        total = float(values.sum())
    else:
        raise StaffingInputError(
            "shrinkage_method", f'must be "multiplicative" or "additive" (got {method!r})'
        )
    return check_shrinkage(total)


def check_shrinkage(shrinkage: float) -> float:
    """A total shrinkage in [0, 1); 100% would leave nobody to answer."""
    value = float(as_checked_array(shrinkage, "shrinkage"))
    if value >= 1.0:
        raise StaffingInputError(
            "shrinkage", f"of {value:.0%} leaves no time to answer contacts; it must be below 100%"
        )
    if value < 0.0:
        raise StaffingInputError("shrinkage", f"must be 0 or more (got {value:g})")
    return value


def scheduled_staff(agents: ArrayLike, shrinkage: float) -> NDArray[np.float64] | float:
    """People to schedule so that `agents` are available: agents / (1 - shrinkage), unrounded."""
    share = check_shrinkage(shrinkage)
    staff = np.asarray(agents, dtype=float) / (1.0 - share)
    return float(staff) if np.ndim(agents) == 0 else staff


def weekly_fte(scheduled: ArrayLike, interval_seconds: float, paid_hours_per_fte: float) -> float:
    """FTE for a week of intervals: scheduled hours summed over the week / paid hours per FTE."""
    length = float(require_positive(interval_seconds, "interval"))
    paid = float(require_positive(paid_hours_per_fte, "paid_hours_per_fte"))
    hours = float(np.sum(np.asarray(scheduled, dtype=float))) * length / 3600.0
    return hours / paid
