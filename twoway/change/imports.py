"""Adoption imports: read a file, match its units, check it against the initiative, and work
out what it would write. Nothing here writes; `services.import_adoption` applies the plan.

Re-importing the same rows changes nothing (they compare equal to what is stored); a row for
a date and unit already stored replaces it. Every problem carries its row and column, and a
file with any problem writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from django.db import connection

from twoway.insights.adoption_file import ErrorList, FileError, read_adoption

from .models import AdoptionRow, Initiative
from .phases import PhasePlan
from .units import UnitTree

MAX_COUNT = 2_000_000_000  # PostgreSQL's integer column holds up to 2,147,483,647
ROW_COLUMNS = ["unit_id", "day", "eligible", "adopted", "proficiency"]


@dataclass
class ImportPlan:
    """What an import found: errors, or the rows to write and how many are new or replace."""

    errors: ErrorList = field(default_factory=ErrorList)
    rows: int = 0
    new: int = 0
    replaced: int = 0
    unchanged: int = 0
    units: dict[str, int] = field(default_factory=dict)  # unit path -> rows in the file
    to_write: pl.DataFrame | None = None
    after: pl.DataFrame | None = None  # every row of the initiative once this is written

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_list(self, limit: int = 1000) -> list[FileError]:
        return self.errors.first(limit)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "new": self.new,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "units": self.units,
        }


def plan_import(initiative: Initiative, data: bytes, filename: str = "") -> ImportPlan:
    found = read_adoption(data, filename)
    plan = ImportPlan(errors=found.errors)
    phases = PhasePlan.of(initiative)
    if not phases.phases:
        plan.errors.add(
            FileError(0, "", f"{initiative.key} has no phases yet: add a phase, then import.")
        )
        return plan
    tree = UnitTree.of(initiative.organisation)
    rows = _with_units(found.rows, tree, phases, plan.errors)
    rows = _after_start(rows, phases, plan.errors)
    rows = _without_duplicates(rows, tree, plan.errors)
    rows = _within_range(rows, plan.errors)
    if plan.errors:
        return plan
    _compare(plan, initiative, rows, tree)
    return plan


def rows_from_records(records: list[dict]) -> bytes:
    """API batches as the CSV bytes the import reads, so both paths share every check."""
    frame = pl.DataFrame(
        {
            column: [None if r.get(column) is None else str(r.get(column)) for r in records]
            for column in ("date", "unit", "eligible", "adopted", "proficiency")
        },
        schema=dict.fromkeys(("date", "unit", "eligible", "adopted", "proficiency"), pl.String),
    )
    return frame.write_csv().encode()


def _with_units(
    rows: pl.DataFrame, tree: UnitTree, phases: PhasePlan, errors: ErrorList
) -> pl.DataFrame:
    """Unit ids for the file's unit texts (looked up once per distinct text)."""
    lookup = tree.lookup()
    go_lives = phases.go_lives(tree)
    ids: dict[str, int] = {}
    problems: dict[str, str] = {}
    for text in rows["unit"].unique().to_list():
        unit_id, why = lookup.find(text)
        if unit_id is None:
            problems[text] = why
        elif unit_id not in go_lives:
            problems[text] = f"{tree.path(unit_id)} is not impacted by this initiative"
        else:
            ids[text] = unit_id
    if problems:
        bad = rows.filter(pl.col("unit").is_in(list(problems)))
        messages = bad["unit"].replace_strict(problems, return_dtype=pl.String)
        errors.add_rows(bad, "unit", messages)
    known = rows.filter(pl.col("unit").is_in(list(ids)))
    go_live = {ids[t]: day for t, day in ((t, go_lives[ids[t]]) for t in ids)}
    return known.with_columns(
        pl.col("unit").replace_strict(ids, return_dtype=pl.Int64).alias("unit_id")
    ).with_columns(pl.col("unit_id").replace_strict(go_live, return_dtype=pl.Date).alias("go_live"))


def _after_start(rows: pl.DataFrame, phases: PhasePlan, errors: ErrorList) -> pl.DataFrame:
    start = phases.first_start
    early = rows.filter(pl.col("date") < start)
    errors.add_rows(
        early,
        "date",
        early.select(
            pl.format(
                "{} is before the initiative starts ({}, its first phase's start)",
                pl.col("date"),
                pl.lit(start.isoformat() if start else ""),
            )
        ).to_series(),
    )
    return rows.filter(pl.col("date") >= start)


def _without_duplicates(rows: pl.DataFrame, tree: UnitTree, errors: ErrorList) -> pl.DataFrame:
    """A second row for one unit and date is an error (two spellings of a unit count too)."""
    rows = rows.sort("row").with_columns(
        pl.col("row").first().over("unit_id", "date").alias("first_row")
    )
    again = rows.filter(pl.col("row") != pl.col("first_row"))
    if again.height:
        names = {pk: tree.path(pk) for pk in again["unit_id"].unique().to_list()}
        errors.add_rows(
            again,
            "date",
            again.select(
                pl.format(
                    "a second row for {} on {} (the first is row {})",
                    pl.col("unit_id").replace_strict(names, return_dtype=pl.String),
                    pl.col("date"),
                    pl.col("first_row"),
                )
            ).to_series(),
        )
    return rows.filter(pl.col("row") == pl.col("first_row")).drop("first_row")


def _within_range(rows: pl.DataFrame, errors: ErrorList) -> pl.DataFrame:
    big = rows.filter(pl.col("eligible") > MAX_COUNT)
    errors.add_rows(big, "eligible", f"more than {MAX_COUNT:,} is not a count twoway can keep")
    return rows.filter(pl.col("eligible") <= MAX_COUNT)


ROW_SCHEMA = {
    "unit_id": pl.Int64,
    "day": pl.String,
    "eligible": pl.Int64,
    "adopted": pl.Int64,
    "proficiency": pl.Float64,
}
FETCH = 100_000


def existing_rows(initiative: Initiative) -> pl.DataFrame:
    """The stored rows of the initiative (unit_id, day, eligible, adopted, proficiency), read
    with one query in chunks, so a million rows never sit in memory as Python tuples."""
    table = AdoptionRow._meta.db_table
    # Days come back as text on both engines, without a per-row conversion in Python.
    day = "CAST(day AS TEXT)" if connection.vendor == "sqlite" else "to_char(day, 'YYYY-MM-DD')"
    frames = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, {day}, eligible, adopted, proficiency FROM {table} "
            "WHERE initiative_id = %s",
            [initiative.pk],
        )
        while chunk := cursor.fetchmany(FETCH):
            frames.append(pl.DataFrame(chunk, schema=ROW_SCHEMA, orient="row"))
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=ROW_SCHEMA)
    return frame.with_columns(pl.col("day").str.to_date("%Y-%m-%d"))


def _compare(plan: ImportPlan, initiative: Initiative, rows: pl.DataFrame, tree: UnitTree) -> None:
    incoming = rows.select(
        "unit_id",
        pl.col("date").alias("day"),
        "eligible",
        "adopted",
        "proficiency",
    )
    stored = existing_rows(initiative).rename(
        {"eligible": "old_e", "adopted": "old_a", "proficiency": "old_p"}
    )
    joined = incoming.join(stored, on=["unit_id", "day"], how="left")
    is_new = pl.col("old_e").is_null()
    same = (
        (pl.col("old_e") == pl.col("eligible"))
        & (pl.col("old_a") == pl.col("adopted"))
        & (pl.col("old_p").eq_missing(pl.col("proficiency")))
    ).fill_null(False)
    marked = joined.with_columns(is_new.alias("new"), same.alias("same"))
    plan.rows = marked.height
    plan.new = int(marked["new"].sum())
    plan.unchanged = int(marked["same"].sum())
    plan.replaced = plan.rows - plan.new - plan.unchanged
    counts = rows.group_by("unit_id").len()
    plan.units = {
        tree.path(pk): n for pk, n in sorted(counts.rows(), key=lambda r: tree.path(r[0]))
    }
    kept = stored.join(incoming, on=["unit_id", "day"], how="anti").rename(
        {"old_e": "eligible", "old_a": "adopted", "old_p": "proficiency"}
    )
    plan.after = pl.concat([kept.select(ROW_COLUMNS), incoming.select(ROW_COLUMNS)])
    plan.to_write = (
        marked.filter(~pl.col("same")).select(*ROW_COLUMNS, "new").sort("unit_id", "day")
    )


def write_rows(initiative: Initiative, rows: pl.DataFrame, batch: int = 50_000) -> int:
    """Insert new rows, replace changed ones by (initiative, unit, day), in batches sorted
    along the unique index; the caller holds the transaction. ON CONFLICT works on SQLite and
    PostgreSQL alike."""
    table = AdoptionRow._meta.db_table
    insert = (
        f"INSERT INTO {table} (initiative_id, unit_id, day, eligible, adopted, proficiency) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    upsert = insert + (
        " ON CONFLICT (initiative_id, unit_id, day) DO UPDATE SET "
        "eligible = excluded.eligible, adopted = excluded.adopted, "
        "proficiency = excluded.proficiency"
    )
    # SQLite keeps dates as ISO text; PostgreSQL's driver takes date objects.
    if connection.vendor == "sqlite":
        rows = rows.with_columns(pl.col("day").cast(pl.String))
    columns = [pl.lit(initiative.pk, dtype=pl.Int64).alias("initiative_id"), *ROW_COLUMNS]
    written = 0
    with connection.cursor() as cursor:
        for sql, part in (
            (insert, rows.filter(pl.col("new"))),
            (upsert, rows.filter(~pl.col("new"))),
        ):
            part = part.select(columns)
            for start in range(0, part.height, batch):
                params = part.slice(start, batch).rows()
                cursor.executemany(sql, params)
                written += len(params)
    return written
