"""Pricing the workarounds people report: minutes lost, how often, how many people, in hours,
FTE and money a year (no Django import).

A workaround is reported as "I lose M minutes, N times per contact / per shift / per week, and
about P people do this". Times per contact become times per shift through the contacts one
agent handles in a shift, from the handle time and the time on contacts (paid hours less
shrinkage, at the occupancy); times per week become times per shift through the shifts in a
week. Then `twoway.staffing.workaround_cost` prices it: minutes x times a day x people x
working days, at the loaded cost per paid hour; FTE is the share of each paid day lost, times
the people.

`price_workarounds` does the same for a whole board in arrays; its results equal
`price_workaround`'s (the tests check them against each other and against a worked example).
Every assumption is a field of `PricingAssumptions`, shown beside the figures and editable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from twoway.staffing.case import WorkaroundCost, workaround_cost
from twoway.staffing.errors import StaffingInputError
from twoway.staffing.shrinkage import check_shrinkage

PER_CONTACT = "contact"
PER_SHIFT = "shift"
PER_WEEK = "week"
PERIODS = (PER_CONTACT, PER_SHIFT, PER_WEEK)


@dataclass(frozen=True)
class PricingAssumptions:
    """What turns one person's minutes into the center's money; every field is shown."""

    cost_per_hour: float = 30.0  # loaded cost of a paid hour
    shrinkage: float = 0.30  # share of paid time not on contacts (breaks, training, absence)
    occupancy: float = 0.85  # share of time on contacts spent handling one
    aht_seconds: float = 360.0  # average handle time of a contact
    paid_hours_per_shift: float = 8.0
    shifts_per_week: float = 5.0
    working_days_per_year: float = 230.0

    def __post_init__(self) -> None:
        check_shrinkage(self.shrinkage)
        limits = {
            "cost_per_hour": (0.0, 10_000.0),
            "occupancy": (0.01, 1.0),
            "aht_seconds": (1.0, 36_000.0),
            "paid_hours_per_shift": (0.5, 24.0),
            "shifts_per_week": (0.5, 7.0),
            "working_days_per_year": (1.0, 366.0),
        }
        for name, (low, high) in limits.items():
            value = float(getattr(self, name))
            if not low <= value <= high:
                raise StaffingInputError(name, f"must be between {low:g} and {high:g}")

    @property
    def contacts_per_shift(self) -> float:
        """Contacts one agent handles in a shift: time on contacts x occupancy / handle time."""
        on_contacts = self.paid_hours_per_shift * 3600.0 * (1.0 - self.shrinkage)
        return on_contacts * self.occupancy / self.aht_seconds

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def times_per_shift(
    how_often: ArrayLike, per: ArrayLike, assumptions: PricingAssumptions
) -> NDArray[np.float64]:
    """Times a workaround happens in one person's shift, from times per contact/shift/week."""
    often = np.asarray(how_often, dtype=float)
    period = np.asarray(per)
    unknown = ~np.isin(period, PERIODS)
    if unknown.any():
        bad = period.ravel()[np.flatnonzero(unknown.ravel())[0]]
        raise StaffingInputError("per", f"must be one of {', '.join(PERIODS)} (got {bad!r})")
    factor = np.select(
        [period == PER_CONTACT, period == PER_SHIFT],
        [assumptions.contacts_per_shift, 1.0],
        1.0 / assumptions.shifts_per_week,
    )
    return often * factor


def check_workarounds(
    minutes: ArrayLike, how_often: ArrayLike, per: ArrayLike, people: ArrayLike,
    assumptions: PricingAssumptions,
) -> None:  # fmt: skip
    """Raise StaffingInputError naming the first field out of range.

    Minutes and times must be above 0; people at least 1; and the time lost in one shift no
    more than the shift itself (a larger figure is a typing slip, not a workaround).
    """
    minutes_ = np.asarray(minutes, dtype=float)
    often = np.asarray(how_often, dtype=float)
    people_ = np.asarray(people, dtype=float)
    shift_minutes = assumptions.paid_hours_per_shift * 60.0
    too_long = f"cannot be more than a shift ({shift_minutes:g} minutes)"
    checks = [
        ("minutes_lost", ~(minutes_ > 0), "must be more than 0"),
        ("minutes_lost", minutes_ > shift_minutes, too_long),
        ("how_often", ~(often > 0), "must be more than 0"),
        ("people_affected", ~(people_ >= 1), "must be at least 1"),
    ]
    for name, bad, problem in checks:
        if np.any(bad):
            raise StaffingInputError(name, problem)
    lost = minutes_ * times_per_shift(often, per, assumptions)
    if np.any(lost > shift_minutes):
        raise StaffingInputError(
            "how_often",
            f"makes more than a shift ({shift_minutes:g} minutes) lost per person per shift",
        )


def price_workaround(
    minutes: float, how_often: float, per: str, people: float, assumptions: PricingAssumptions,
    name: str = "workaround",
) -> WorkaroundCost:  # fmt: skip
    """One workaround's hours, FTE and money a year, through `workaround_cost`."""
    check_workarounds(minutes, how_often, per, people, assumptions)
    per_day = float(times_per_shift(how_often, per, assumptions))
    return workaround_cost(
        minutes,
        per_day,
        people,
        assumptions.cost_per_hour,
        working_days_per_year=assumptions.working_days_per_year,
        paid_hours_per_day=assumptions.paid_hours_per_shift,
        name=name,
    )


@dataclass(frozen=True)
class WorkaroundPrices:
    """Hours, FTE and money a year per workaround, in the order given."""

    hours_per_year: NDArray[np.float64]
    fte: NDArray[np.float64]
    cost_per_year: NDArray[np.float64]


def price_workarounds(
    minutes: ArrayLike, how_often: ArrayLike, per: ArrayLike, people: ArrayLike,
    assumptions: PricingAssumptions,
) -> WorkaroundPrices:  # fmt: skip
    """Every workaround of a board at once: the formula of `workaround_cost`, in arrays."""
    check_workarounds(minutes, how_often, per, people, assumptions)
    per_day = times_per_shift(how_often, per, assumptions)
    minutes_per_day = np.asarray(minutes, dtype=float) * per_day * np.asarray(people, dtype=float)
    hours = minutes_per_day * assumptions.working_days_per_year / 60.0
    return WorkaroundPrices(
        hours_per_year=hours,
        fte=minutes_per_day / (60.0 * assumptions.paid_hours_per_shift),
        cost_per_year=hours * assumptions.cost_per_hour,
    )
