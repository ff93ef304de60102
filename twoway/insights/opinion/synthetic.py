"""Made-up conversations with a known structure, for the benchmarks, the tests and the demo.

Participants belong to one of `groups` opinion groups; each group has a leaning on each
statement, and a participant agrees, disagrees or passes with chances that follow their group's
leaning. A share `leaders` of participants are leaders, who lean a little differently on a few
statements (so there is something that divides them from the frontline). Each participant sees
a random `density` share of the statements.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twoway.insights.opinion.votes import IntArray

PASS_SHARE = 0.12


@dataclass(frozen=True)
class SyntheticConversation:
    """Long-form votes (`participant`, `statement`, `vote`), each participant's true group and
    lens ("leader" or "frontline")."""

    participant: IntArray
    statement: IntArray
    vote: np.ndarray
    group: IntArray
    lens: list[str]


def synthetic_conversation(
    participants: int,
    statements: int,
    *,
    density: float = 0.1,
    groups: int = 3,
    leaders: float = 0.08,
    dividing: int = 5,
    seed: int = 1,
) -> SyntheticConversation:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, groups, participants)
    is_leader = rng.random(participants) < leaders
    leaning = rng.normal(0.0, 1.6, size=(groups, statements))
    shift = np.zeros(statements)
    shift[:dividing] = np.where(np.arange(min(dividing, statements)) % 2 == 0, 2.5, -2.5)
    rows, cols = _seen_pairs(rng, participants, statements, density)
    lean = leaning[group[rows], cols] + np.where(is_leader[rows], shift[cols], 0.0)
    agree_chance = 1.0 / (1.0 + np.exp(-lean))
    draw = rng.random(rows.size)
    vote = np.where(
        draw < PASS_SHARE,
        0,
        np.where(rng.random(rows.size) < agree_chance, 1, -1),
    ).astype(np.int8)
    return SyntheticConversation(
        participant=rows,
        statement=cols,
        vote=vote,
        group=group.astype(np.int64),
        lens=["leader" if leader else "frontline" for leader in is_leader.tolist()],
    )


def _seen_pairs(
    rng: np.random.Generator, participants: int, statements: int, density: float
) -> tuple[IntArray, IntArray]:
    """Distinct (participant, statement) pairs, about `density` of all, each participant with
    at least one."""
    per_person = np.clip(rng.binomial(statements, density, participants), 1, statements)
    rows = np.repeat(np.arange(participants, dtype=np.int64), per_person)
    # For each participant, the first per_person statements of a random order: sort random keys.
    keys = rng.random((participants, statements))
    order = np.argsort(keys, axis=1)
    mask = np.arange(statements)[None, :] < per_person[:, None]
    cols = order[mask].astype(np.int64)
    return rows, cols
