"""Input checks shared by the staffing functions; each failure names its field."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from twoway.staffing.errors import StaffingInputError


def _where(values: NDArray[np.float64], bad: NDArray[np.bool_]) -> str:
    """' (got -5)' for a scalar, ' (got -5 at index 12)' for the first bad element of an array."""
    if values.ndim == 0:
        return f" (got {values.item():g})"
    index = int(np.flatnonzero(bad.ravel())[0])
    return f" (got {values.ravel()[index]:g} at index {index})"


def as_checked_array(value: ArrayLike, field: str) -> NDArray[np.float64]:
    """`value` as a float array; rejects text and NaN with a message naming `field`."""
    try:
        values = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise StaffingInputError(field, f"must be a number (got {value!r})") from None
    if np.isnan(values).any():
        raise StaffingInputError(field, "must be a number, not NaN")
    return values


def require_positive(value: ArrayLike, field: str) -> NDArray[np.float64]:
    values = as_checked_array(value, field)
    bad = ~(values > 0) | np.isinf(values)
    if bad.any():
        raise StaffingInputError(field, "must be greater than 0 and finite" + _where(values, bad))
    return values


def require_non_negative(value: ArrayLike, field: str) -> NDArray[np.float64]:
    values = as_checked_array(value, field)
    bad = (values < 0) | np.isinf(values)
    if bad.any():
        raise StaffingInputError(field, "must be 0 or more and finite" + _where(values, bad))
    return values


def require_open_fraction(value: ArrayLike, field: str) -> NDArray[np.float64]:
    """A share strictly between 0 and 1 (a service-level target: 0 is no target, 1 impossible)."""
    values = as_checked_array(value, field)
    bad = ~((values > 0) & (values < 1))
    if bad.any():
        raise StaffingInputError(
            field, "must be between 0 and 1, both excluded" + _where(values, bad)
        )
    return values


def require_fraction(value: ArrayLike, field: str, *, allow_zero: bool, allow_one: bool) -> float:
    """A scalar share in [0, 1] with the ends allowed as asked."""
    number = float(as_checked_array(value, field))
    low_ok = number > 0 or (allow_zero and number == 0)
    high_ok = number < 1 or (allow_one and number == 1)
    if not (low_ok and high_ok):
        low = "[0" if allow_zero else "(0"
        high = "1]" if allow_one else "1)"
        raise StaffingInputError(field, f"must be in {low}, {high} (got {number:g})")
    return number
