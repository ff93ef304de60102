"""Fixtures of the change tests: the `world` organisation with a new agent desktop going live
site by site (tests/factories.py describes the people)."""

from __future__ import annotations

import datetime

import pytest

from twoway.change.services import add_phase, create_initiative

GO_LIVE = datetime.date(2027, 1, 4)  # a Monday, ISO week 2027-W01


@pytest.fixture
def desktop(world):
    """Initiative "desktop": Lisbon goes live on GO_LIVE, Work at Home four weeks later;
    Dora owns it, Vera sponsors it."""
    initiative = create_initiative(
        world.org,
        "desktop",
        "New agent desktop",
        why="One screen instead of four: customers wait less.",
        what_changes="You answer, search and wrap up in one window.",
        owner=world.people["Dora"],
        sponsor=world.people["Vera"],
    )
    add_phase(
        initiative,
        [world.lisbon],
        GO_LIVE - datetime.timedelta(days=14),
        GO_LIVE,
        GO_LIVE + datetime.timedelta(days=120),
        impact="high",
        name="Lisbon",
    )
    add_phase(
        initiative,
        [world.home],
        GO_LIVE + datetime.timedelta(days=14),
        GO_LIVE + datetime.timedelta(days=28),
        GO_LIVE + datetime.timedelta(days=150),
        impact="medium",
        name="Work at Home",
    )
    return initiative


def adoption_csv(rows) -> bytes:
    """rows: (date, unit, eligible, adopted) tuples."""
    lines = ["date,unit,eligible,adopted"]
    lines += [f"{d.isoformat()},{u},{e},{a}" for d, u, e, a in rows]
    return ("\n".join(lines) + "\n").encode()


def daily(unit: str, first: datetime.date, adopted: list[int], eligible: int = 10):
    return [(first + datetime.timedelta(days=i), unit, eligible, a) for i, a in enumerate(adopted)]
