"""Benchmark pulse statistics from counts: alerts, trends, windows and drivers.

    .venv/bin/python bench/pulse.py          # 1,000 teams x 104 weekly waves (20,000 agents)
    .venv/bin/python bench/pulse.py --quick  # small smoke run

Targets (issue 4): alerts for 1,000 units computed in well under 5 s per wave; the organisation
trend and any team's trend from stored counts well within the page budgets (1 s and 200 ms;
this measures the pure statistics, not SQL or rendering). The synthetic center has teams of
about 20 agents, about 70% participation, six 1-5 items and the 0-10 recommend question each
wave, and a dip of about 15 index points in a tenth of the teams during weeks 40-47.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twoway.insights.drivers import driver_analysis
from twoway.insights.likert import Scale
from twoway.insights.pulse import (
    drop_alerts,
    enps_from_counts,
    overall_index,
    participation_alerts,
    participation_rate,
    trend_from_counts,
    window_plan,
    windowed_counts,
)

AGREE = Scale(1, 5)
ITEMS = 6
K = 5
REVERSE = np.array([False, False, True, False, False, False])  # one flag per item


def synthetic_center(teams: int, waves: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Counts (teams, items, waves, 5), eNPS counts (teams, waves, 11), invited, respondents."""
    rng = np.random.default_rng(seed)
    invited = rng.integers(12, 29, size=(teams, 1)).repeat(waves, axis=1)
    rate = np.clip(rng.normal(0.7, 0.12, size=(teams, 1)), 0.2, 0.95)
    respondents = rng.binomial(invited, rate)
    leaning = rng.dirichlet([1, 2, 4, 6, 3], size=(teams, ITEMS))  # each team's own mix
    shift = np.zeros((teams, 1, waves, 1))
    dipping = rng.random(teams) < 0.1
    shift[dipping, :, 40:48, :] = 1.0
    gloomy = np.array([0.35, 0.3, 0.2, 0.1, 0.05])
    probs = (1 - 0.6 * shift) * leaning[:, :, None, :] + 0.6 * shift * gloomy
    per_item = np.broadcast_to(respondents[:, None, :], (teams, ITEMS, waves))
    counts = rng.multinomial(per_item, probs)
    enps_probs = rng.dirichlet(np.r_[np.ones(7), 3, 3, 4, 4], size=teams)[:, None, :]
    enps = rng.multinomial(respondents, np.broadcast_to(enps_probs, (teams, waves, 11)))
    return {
        "counts": counts,
        "enps": enps,
        "invited": invited,
        "respondents": respondents,
        "dipping": dipping,
    }


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def alerts_for_wave(center: dict[str, np.ndarray], wave: int) -> tuple[list, list]:
    drops = drop_alerts(center["counts"], AGREE, K, wave, reverse=REVERSE)
    falls = participation_alerts(center["respondents"], center["invited"], K, wave)
    return drops, falls


def alert_summary(center: dict[str, np.ndarray], found: list[tuple[list, list]]) -> str:
    """How many drop alerts fell on the simulated dip, and how many elsewhere."""
    drops = [alert for wave_drops, _ in found for alert in wave_drops]
    on_dip = sum(
        1 for a in drops if center["dipping"][a.cell[0]] and 40 <= a.wave < 48 and a.wave > 0
    )
    dip_cells = int(center["dipping"].sum()) * ITEMS * max(0, min(48, len(found) + 1) - 40)
    falls = sum(len(wave_falls) for _, wave_falls in found)
    return (
        f"  drop alerts: {on_dip} on the simulated dip (of {dip_cells} dipping team-item-waves), "
        f"{len(drops) - on_dip} elsewhere; participation alerts: {falls} (none simulated)"
    )


def organisation_trend(center: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    counts = center["counts"].sum(axis=0)  # (items, waves, 5)
    trend = trend_from_counts(counts, AGREE, K, reverse=REVERSE)
    enps = enps_from_counts(center["enps"].sum(axis=0))
    rate = participation_rate(center["respondents"].sum(0), center["invited"].sum(0))
    return {"overall": overall_index(trend["index"], axis=0), "enps": enps["enps"], "rate": rate}


def team_trend(center: dict[str, np.ndarray], team: int) -> dict[str, np.ndarray]:
    """One team's page: wave by wave where it reaches k, otherwise in windows of waves."""
    counts = center["counts"][team]
    plan = window_plan(counts.sum(axis=-1), K, invited=center["invited"][team])
    trend = trend_from_counts(windowed_counts(counts, plan), AGREE, K, reverse=REVERSE)
    enps = enps_from_counts(center["enps"][team])
    return {"overall": overall_index(trend["index"], axis=0), "enps": enps["enps"]}


def drivers_sample(respondents: int, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    mood = rng.normal(size=(respondents, 1))
    x = np.clip(np.round(3 + 0.7 * mood + rng.normal(size=(respondents, ITEMS))), 1, 5)
    y = (x - 1) @ np.array([8, 5, 3, 2, 1, 1]) + rng.normal(scale=8, size=respondents)
    return x, y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args()
    teams, waves, resamples, people = (50, 20, 200, 300) if args.quick else (1000, 104, 1000, 2000)
    repeat = 3 if args.quick else 5

    start = time.perf_counter()
    center = synthetic_center(teams, waves)
    answers = int(center["counts"].sum() + center["enps"].sum())
    print(
        f"center: {teams:,} teams, {int(center['invited'][:, 0].sum()):,} agents, {waves} waves, "
        f"{answers:,} answers ({time.perf_counter() - start:.1f} s to simulate)"
    )

    last = waves - 1
    seconds, _ = timed(lambda: alerts_for_wave(center, last), repeat)
    print(
        f"alerts, one wave, {teams:,} units x {ITEMS} items + participation: "
        f"{seconds * 1000:.0f} ms (target well under 5 s)"
    )
    start = time.perf_counter()
    found = [alerts_for_wave(center, wave) for wave in range(1, waves)]
    print(f"alerts, every wave ({waves - 1} waves): {time.perf_counter() - start:.2f} s")
    print(alert_summary(center, found))

    seconds, org = timed(lambda: organisation_trend(center), repeat)
    print(
        f"organisation trend from counts ({waves} waves): {seconds * 1000:.1f} ms "
        f"(overall index {np.nanmin(org['overall']):.1f}-{np.nanmax(org['overall']):.1f})"
    )
    seconds, _ = timed(lambda: team_trend(center, 0), repeat)
    print(f"one team's trend with windows ({waves} waves): {seconds * 1000:.1f} ms")
    seconds, _ = timed(
        lambda: trend_from_counts(center["counts"], AGREE, K, reverse=REVERSE), repeat
    )
    print(f"every team's trend at once: {seconds * 1000:.0f} ms")

    x, y = drivers_sample(people)
    seconds, result = timed(
        lambda: driver_analysis(x, y, resamples=resamples), 1 if not args.quick else 2
    )
    print(
        f"drivers, {people:,} respondents x {ITEMS} items, {resamples:,} bootstrap resamples: "
        f"{seconds:.2f} s (R^2 {result.r2:.2f})"
    )


if __name__ == "__main__":
    main()
