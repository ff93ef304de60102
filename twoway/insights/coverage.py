"""Planning rules of a change: its size, its communication coverage and its champions
(docs/method-change.md).

- The change-characteristics profile rates 12 aspects from 1 to 5; the total runs from 12 to
  60, and 35 or more marks a large change, which asks for more touches and readiness checks.
- Coverage of one audience (units and roles) for one phase flags what the research warns
  about: nothing before go-live, fewer than 3 touches (5 for a large change), one channel only.
- Champions: frontline champions per 100 impacted agents, and the teams that have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ASPECTS: tuple[str, ...] = (
    "scope",
    "people_affected",
    "variation",
    "type_of_change",
    "process",
    "systems",
    "job_roles",
    "restructuring",
    "amount_of_change",
    "compensation",
    "staffing_reduction",
    "timeframe",
)
RATING_LOW, RATING_HIGH = 1, 5
LARGE_CHANGE_TOTAL = 35
TOUCHES = 3
TOUCHES_LARGE = 5
READINESS_CHECKS = 1
READINESS_CHECKS_LARGE = 2

NOTHING_BEFORE_GO_LIVE = "nothing_before_go_live"
TOO_FEW_TOUCHES = "too_few_touches"
ONE_CHANNEL = "one_channel"


def characteristics_total(ratings: Mapping[str, int]) -> int | None:
    """The profile's total (12-60), or None until all 12 aspects are rated.

    Raises ValueError for an unknown aspect or a rating outside 1-5.
    """
    unknown = sorted(set(ratings) - set(ASPECTS))
    if unknown:
        raise ValueError(f"unknown aspect(s): {', '.join(unknown)}")
    for aspect, value in ratings.items():
        if isinstance(value, bool) or int(value) != value or not RATING_LOW <= value <= RATING_HIGH:
            raise ValueError(f"{aspect}: a rating is a whole number from 1 to 5, not {value!r}")
    if len(ratings) < len(ASPECTS):
        return None
    return int(sum(ratings.values()))


def is_large_change(total: int | None) -> bool:
    return total is not None and total >= LARGE_CHANGE_TOTAL


def touches_needed(large: bool) -> int:
    return TOUCHES_LARGE if large else TOUCHES


def readiness_checks_needed(large: bool) -> int:
    """Readiness readings wanted before go-live."""
    return READINESS_CHECKS_LARGE if large else READINESS_CHECKS


@dataclass(frozen=True)
class Touch:
    """One planned message as coverage sees it: its channel, its moment, whether it went out."""

    channel: str
    offset_days: int  # days after go-live; negative before it
    sent: bool = False


@dataclass(frozen=True)
class Coverage:
    planned: int
    sent: int
    before_go_live: int
    channels: tuple[str, ...]
    flags: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.flags


def coverage(touches: Iterable[Touch], large: bool = False) -> Coverage:
    """The touches one audience gets in one phase, and what is missing."""
    touches = list(touches)
    channels = tuple(sorted({t.channel for t in touches}))
    before = sum(1 for t in touches if t.offset_days < 0)
    flags = []
    if before == 0:
        flags.append(NOTHING_BEFORE_GO_LIVE)
    if len(touches) < touches_needed(large):
        flags.append(TOO_FEW_TOUCHES)
    if len(channels) == 1:
        flags.append(ONE_CHANNEL)
    return Coverage(
        planned=len(touches),
        sent=sum(1 for t in touches if t.sent),
        before_go_live=before,
        channels=channels,
        flags=tuple(flags),
    )


@dataclass(frozen=True)
class ChampionCoverage:
    per_100_agents: float | None  # None without impacted agents
    teams_without: tuple[str, ...]
    teams: int

    @property
    def share_of_teams(self) -> float | None:
        if not self.teams:
            return None
        return 1 - len(self.teams_without) / self.teams


def champion_coverage(agents: Mapping[str, int], champions: Mapping[str, int]) -> ChampionCoverage:
    """Champions per 100 impacted agents, and the impacted teams without a champion.

    `agents` holds the impacted agents per team (every impacted team, zero included);
    `champions` the champions per team.
    """
    total_agents = sum(agents.values())
    total_champions = sum(champions.get(team, 0) for team in agents)
    without = tuple(sorted(team for team in agents if champions.get(team, 0) == 0))
    per_100 = 100 * total_champions / total_agents if total_agents else None
    return ChampionCoverage(per_100, without, len(agents))
