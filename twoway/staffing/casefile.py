"""Business cases from plain data: a dict (a saved JSON field) or a TOML file.

Unknown keys are errors, not silently ignored: a misspelt `aht_second_saved` would otherwise
give a case with no saving and a confident, wrong answer.
"""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from twoway.staffing.case import Baseline, BusinessCase, Scenario, ServiceTarget, Workaround
from twoway.staffing.errors import StaffingInputError
from twoway.staffing.plan import IntervalPlan
from twoway.staffing.planio import read_plan
from twoway.staffing.shrinkage import total_shrinkage

T = TypeVar("T")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _build(kind: type[T], data: dict[str, Any], section: str) -> T:
    known = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    for key in data:
        if key not in known:
            raise StaffingInputError(
                f"{section}.{key}", f"is not a known setting; known: {sorted(known)}"
            )
    try:
        return kind(**data)
    except TypeError as exc:
        raise StaffingInputError(section, f"is incomplete: {exc}") from None


PROFILES = ("flat", "two_peaks")


def arrival_weights(hours: np.ndarray, profile: str = "flat") -> np.ndarray:
    """Each interval's share of a day's contacts, from the clock hour at its middle.

    "flat" spreads them evenly. "two_peaks" is the usual inbound day: a morning peak around
    10:30 and a smaller one after lunch around 14:30 over a steady base (Gaussian bumps of 1.6
    and 1.8 hours, the second 0.75 of the first, on a base of 0.4: a shape, not a forecast;
    a plan file gives a center's own curve). Shares sum to 1.
    """
    if profile not in PROFILES:
        raise StaffingInputError("arrival_profile", f"must be one of {', '.join(PROFILES)}")
    if profile == "flat":
        weights = np.ones_like(hours, dtype=float)
    else:
        weights = (
            0.4
            + np.exp(-(((hours - 10.5) / 1.6) ** 2))
            + 0.75 * np.exp(-(((hours - 14.5) / 1.8) ** 2))
        )
    return weights / weights.sum()


def daily_volume_plan(
    daily_calls: float | list[float],
    aht: float,
    open_hours: float = 12.0,
    opens_at: float = 8.0,
    interval_seconds: float = 900.0,
    queue: str = "all",
    profile: str = "flat",
) -> IntervalPlan:
    """A week of intervals from simple daily volumes, spread over the opening hours evenly
    (`profile="flat"`) or as a usual two-peak day (`"two_peaks"`, see `arrival_weights`).

    `daily_calls` is one number for every day or seven numbers, Monday first.
    """
    if isinstance(daily_calls, int | float):
        per_day = [float(daily_calls)] * 7
    else:
        per_day = [float(v) for v in daily_calls]
    if len(per_day) != 7:
        raise StaffingInputError(
            "daily_calls", f"needs 1 or 7 values, Monday first (got {len(per_day)})"
        )
    slots = round(open_hours * 3600.0 / interval_seconds)
    if slots < 1 or not 0 < open_hours <= 24:
        raise StaffingInputError(
            "open_hours", f"must be between one interval and 24 hours (got {open_hours})"
        )
    middles = opens_at + (np.arange(slots) + 0.5) * interval_seconds / 3600.0
    shares = arrival_weights(middles, profile)
    starts, calls = [], []
    for day, volume in zip(DAYS, per_day, strict=True):
        for slot in range(slots):
            minutes = round(opens_at * 60 + slot * interval_seconds / 60)
            starts.append(f"{day} {minutes // 60 % 24:02d}:{minutes % 60:02d}")
            calls.append(volume * float(shares[slot]))
    return IntervalPlan(
        [queue] * len(calls), starts, np.array(calls), np.full(len(calls), aht), interval_seconds
    )


def _workload(data: dict[str, Any], base_dir: Path | None) -> IntervalPlan:
    data = dict(data)
    interval = float(data.pop("interval_seconds", 900.0))
    if "plan" in data:
        path = Path(data.pop("plan"))
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        plan = read_plan(path, interval)
    elif "calls" in data:
        plan = IntervalPlan.from_dict({**data, "interval_seconds": interval})
        data = {}
    elif "daily_calls" in data:
        keys = {"daily_calls", "aht", "open_hours", "opens_at", "queue"}
        settings = {k: data.pop(k) for k in keys & set(data)}
        if "arrival_profile" in data:
            settings["profile"] = data.pop("arrival_profile")
        plan = daily_volume_plan(**settings, interval_seconds=interval)
    else:
        raise StaffingInputError(
            "workload", 'needs "plan" (a CSV or XLSX file) or "daily_calls" and "aht"'
        )
    if data:
        raise StaffingInputError(f"workload.{sorted(data)[0]}", "is not a known setting")
    return plan


def _baseline(data: dict[str, Any]) -> Baseline:
    data = dict(data)
    components = data.pop("shrinkage_components", None)
    method = data.pop("shrinkage_method", "multiplicative")
    if components is not None:
        data["shrinkage"] = total_shrinkage(components, method)
    return _build(Baseline, data, "baseline")


def case_from_dict(data: dict[str, Any], base_dir: str | Path | None = None) -> BusinessCase:
    """A BusinessCase from plain data; a workload "plan" path is read relative to `base_dir`."""
    data = dict(data)
    if "workload" not in data:
        raise StaffingInputError("workload", "is missing: say what volume the case is about")
    names = [s.get("name") for s in data.get("scenarios", [])]
    if len(set(names)) != len(names) or "Baseline" in names:
        raise StaffingInputError("scenarios.name", 'must be unique and not "Baseline"')
    case = BusinessCase(
        name=str(data.pop("name", "Business case")),
        description=str(data.pop("description", "")),
        currency=str(data.pop("currency", "$")),
        workload=_workload(data.pop("workload"), None if base_dir is None else Path(base_dir)),
        target=_build(ServiceTarget, data.pop("target", {}), "target"),
        baseline=_baseline(data.pop("baseline", {})),
        scenarios=[_build(Scenario, s, "scenarios") for s in data.pop("scenarios", [])],
        workarounds=[_build(Workaround, w, "workarounds") for w in data.pop("workarounds", [])],
    )
    if data:
        raise StaffingInputError(sorted(data)[0], "is not a known section of a business case")
    return case


def load_case(path: str | Path) -> BusinessCase:
    """Read a business case from a TOML file (see docs/staffing.md for the layout)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise StaffingInputError("file", f"{path} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise StaffingInputError("file", f"{path} is not valid TOML: {exc}") from None
    return case_from_dict(data, base_dir=path.parent)
