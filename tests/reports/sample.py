"""A small believable campaign for the report tests: answer counts -> gap records.

Three sites, two teams each; leaders (two per team, three per site) see things rosier than the
frontline on some items. "Center/Night/Team N2" has only three frontline answers, so its cells
are hidden; its comments must never reach the report.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from twoway.insights import gap_results

ITEMS = {
    "tools": "I have the tools I need to resolve a customer's issue on the first contact",
    "process": "Our processes and policies let me do what is right for the customer",
    "autonomy": "I can resolve most issues without asking for permission",
    "comms": "When I raise a problem, someone gets back to me",
    "pace": "Changes are introduced at a pace I can absorb",
    "recognition": "Good work is recognised here",
}
ITEMS_ES = {
    "tools": (
        "Tengo las herramientas que necesito para resolver el problema del cliente al primer "
        "contacto"
    ),
    "process": "Nuestros procesos y políticas me permiten hacer lo correcto para el cliente",
    "autonomy": "Puedo resolver la mayoría de los casos sin pedir permiso",
    "comms": "Cuando planteo un problema, alguien me responde",
    "pace": "Los cambios llegan a un ritmo que puedo asimilar",
    "recognition": "Aquí se reconoce el buen trabajo",
}
# How much rosier leaders are than the frontline, in scale points, per item.
LEADER_SHIFT = {
    "tools": 1.6,
    "process": 1.0,
    "autonomy": 0.6,
    "comms": 0.3,
    "pace": 0.0,
    "recognition": -0.8,
}
TEAMS = {
    "Center/North/Team N1": 14,
    "Center/North/Team N2": 12,
    "Center/South/Team S1": 16,
    "Center/South/Team S2": 11,
    "Center/Night/Team N1": 13,
    "Center/Night/Team N2": 3,
}
SMALL_TEAM = "Center/Night/Team N2"
SECRET_COMMENT = "Only Zebedee on nights knows the override code for refunds"
COMMENTS = {
    "": [
        "The tools freeze at least twice a shift and we lose the customer's history.",
        "We need tools that show the whole customer history in one screen.",
        "Policy changes arrive by e-mail the morning they start; nobody explains why.",
        "Permission for every refund above ten euros slows everything down.",
        "Nice team, good coffee.",
    ],
    "Center/North/Team N1": [
        "Our tools keep logging us out during calls.",
        "I spend ten minutes a call copying notes between two tools.",
    ],
    SMALL_TEAM: [SECRET_COMMENT, "Night shift tools are the worst of all."],
}


def answer_counts(seed: int = 7) -> pl.DataFrame:
    """One row per (unit, lens, item, value) with a count, like the database keeps."""
    rng = np.random.default_rng(seed)
    rows = []
    for unit, frontline in TEAMS.items():
        site = unit.rsplit("/", 1)[0]
        for item, shift in LEADER_SHIFT.items():
            _add(rows, rng, unit, "frontline", item, frontline, 2.7)
            _add(rows, rng, unit, "leader", item, 2, 2.7 + shift)
        for item, shift in LEADER_SHIFT.items():
            if unit.endswith("1"):  # site managers, counted once per site
                _add(rows, rng, site, "leader", item, 3, 2.7 + shift)
    return pl.DataFrame(rows, schema=["unit", "lens", "item", "value", "count"], orient="row")


def _add(rows, rng, unit, lens, item, people, centre) -> None:
    values = np.clip(np.rint(rng.normal(centre, 0.9, people)), 1, 5).astype(int)
    for value, count in zip(*np.unique(values, return_counts=True), strict=True):
        rows.append((unit, lens, item, int(value), int(count)))


def records(k: int = 5) -> list[dict]:
    return gap_results(answer_counts(), k)


def wanted_records(k: int = 5) -> list[dict]:
    """The same frontline against leaders' "wanted" answers: nearly everyone wants a 5."""
    counts = answer_counts()
    wanted = counts.filter(pl.col("lens") == "leader").with_columns(
        pl.when(pl.col("value") >= 3).then(5).otherwise(4).cast(pl.Int64).alias("value")
    )
    both = pl.concat([counts.filter(pl.col("lens") == "frontline"), wanted])
    both = both.group_by(["unit", "lens", "item", "value"]).agg(pl.col("count").sum())
    return gap_results(both.sort(["unit", "lens", "item", "value"]), k)


def participation() -> list[dict]:
    rows = [{"unit": "", "invited": 120, "responded": 93, "rate": 93 / 120}]
    for unit, frontline in TEAMS.items():
        invited = frontline + 4
        suppressed = unit == SMALL_TEAM
        rows.append(
            {
                "unit": unit,
                "invited": invited,
                "responded": None if suppressed else frontline + 2,
                "rate": None if suppressed else (frontline + 2) / invited,
                "suppressed": suppressed,
            }
        )
    return rows
