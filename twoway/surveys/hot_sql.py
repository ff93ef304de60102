"""The answer path's statements written once as SQL, instead of compiled by the ORM per request.

Measured with py-spy on `twoway serve` under `bench/intake_load.py`: compiling the invitation
lookup (a join of three tables) took 0.9 ms of the ORM's time for a query SQLite answers in
0.03 ms, and the claim and the held insert cost as much again; a quarter of a submission was
query compilation. These statements run hundreds of times a second, so they are spelled out
here, once, from the models' own metadata: table and column names come from `_meta`, and
values pass through the same converters a queryset applies, so the instances are what the ORM
would give (fields not selected are deferred and load on access, as with `.only()`).

On PostgreSQL they go through a cursor that binds values on the server, so each is prepared
once per connection (`prepare_threshold` in the settings) and a sealed answer travels as
binary, not as hex text quoted in Python; the rest of twoway keeps Django's client-side
binding, which accepts every query the ORM writes.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from django.db import InterfaceError, OperationalError, connection, models
from django.db.backends.utils import CursorWrapper

from twoway.org.models import Person

from .models import Campaign, HeldResponse, Invitation

# What the answer page and the submission read: everything of the invitation and its campaign,
# the reporting attributes of the person.
PERSON_FIELDS = ("id", "unit", "role", "hire_date", "work_location", "language")


class Selection:
    """Some concrete fields of a model under a table alias: their SQL, and instances from rows."""

    def __init__(self, model: type[models.Model], alias: str, names: tuple[str, ...] = ()):
        chosen = set(names)
        self.model = model
        self.alias = alias
        # In the model's field order, as `Model.from_db` expects for a partial row.
        self.fields = [f for f in model._meta.concrete_fields if not names or f.name in chosen]
        self.attnames = [f.attname for f in self.fields]

    def columns(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    def instance(self, values) -> models.Model:
        values = list(values)
        for index, column, converters in _converters(self, connection.vendor):
            for converter in converters:
                values[index] = converter(values[index], column, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


@cache
def _converters(selection: Selection, vendor: str) -> list[tuple[int, Any, list]]:
    """For each field that needs any: its position, its column, and the backend's converters
    then the field's, in the order a query compiler applies them."""
    found = []
    for index, field in enumerate(selection.fields):
        column = field.get_col(selection.alias)
        converters = connection.ops.get_db_converters(column)
        converters += column.get_db_converters(connection)
        if converters:
            found.append((index, column, converters))
    return found


@cache
def _invitation_query(vendor: str) -> tuple[str, Selection, Selection, Selection]:
    invitation = Selection(Invitation, "i")
    campaign = Selection(Campaign, "c")
    person = Selection(Person, "p", PERSON_FIELDS)
    invitations, by_campaign, by_person, token_hash = _names(
        Invitation, "campaign", "person", "token_hash"
    )
    sql = (
        f"SELECT {invitation.columns()}, {campaign.columns()}, {person.columns()} "
        f"FROM {invitations} i "
        f"JOIN {_names(Campaign)[0]} c ON c.id = i.{by_campaign} "
        f"JOIN {_names(Person)[0]} p ON p.id = i.{by_person} "
        f"WHERE i.{token_hash} = %s"
    )
    return sql, invitation, campaign, person


def invitation_by_token_hash(token_hash: str) -> Invitation | None:
    """The invitation whose token hashes to `token_hash`, with its campaign and person."""
    sql, invitation, campaign, person = _invitation_query(connection.vendor)
    row = _first_read(sql, [token_hash])
    if row is None:
        return None
    first, second = len(invitation.fields), len(invitation.fields) + len(campaign.fields)
    found = invitation.instance(row[:first])
    found.campaign = campaign.instance(row[first:second])
    found.person = person.instance(row[second:])
    return found


def _first_read(sql: str, params: list) -> tuple | None:
    """One row, read by the request's first statement. On a kept PostgreSQL connection it
    stands in for Django's health check, a `SELECT 1` round trip (a quarter of the answer
    path's): when the connection broke while idle, it is closed and the read, which changes
    nothing, runs once more on a new one."""
    stands_in = (
        connection.vendor == "postgresql"
        and connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )
    if stands_in:
        connection.health_check_done = True
        try:
            return _fetch_one(sql, params)
        except (InterfaceError, OperationalError):
            connection.close()
    return _fetch_one(sql, params)


def _fetch_one(sql: str, params: list) -> tuple | None:
    with _cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def claim(invitation_id: int) -> bool:
    """Mark the invitation answered unless it already was: True when this call marked it."""
    table, responded = _names(Invitation, "responded")
    update = f"UPDATE {table} SET {responded} = %s"
    where = f"WHERE id = %s AND {responded} = %s"
    if connection.vendor == "postgresql":
        # The claim's commit need not wait for the disk: the held answer, written next on this
        # connection, waits for its own commit record, and the WAL is flushed in order, so an
        # acknowledged answer's claim is on disk with it. A crash before that loses only an
        # unacknowledged claim, which lets the person answer again.
        update += " FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait"
    with _cursor() as cursor:
        cursor.execute(f"{update} {where}", [True, invitation_id, False])
        return cursor.rowcount == 1


HELD_FIELDS = ("campaign", "unit", "submitted_on", "payload")


def hold(campaign_id: int, unit_id: int, day, payload: bytes, *, count_to: int) -> Held:
    """Insert a held answer; returns its id and how many answers of the campaign are held
    with it, counted up to `count_to` (a count of every waiting row grew with the backlog,
    and was most of the database's work per submission)."""
    table, *columns = _names(HeldResponse, *HELD_FIELDS)
    fields = [HeldResponse._meta.get_field(name) for name in HELD_FIELDS]
    values = [campaign_id, unit_id, day, payload]
    prepared = [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)]
    insert = f"INSERT INTO {table} ({', '.join(columns)}) VALUES (%s, %s, %s, %s) RETURNING id"
    with _cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(insert, prepared)
            return Held(cursor.fetchone()[0], held_count(campaign_id, count_to))
        # One round trip: the count reads the snapshot from before the insert, hence the 1.
        cursor.execute(
            f"WITH held AS ({insert}) SELECT (SELECT id FROM held), 1 + ({_count_sql()})",
            [*prepared, campaign_id, count_to - 1],
        )
        return Held(*cursor.fetchone())


class Held(NamedTuple):
    id: int
    waiting: int  # up to the count asked for


def _cursor() -> CursorWrapper:
    """Django's cursor on SQLite; on PostgreSQL one binding on the server, wrapped as Django
    wraps its own (health check, errors as Django's). Where queries are logged (DEBUG, tests
    counting queries) Django's own cursor, whose log shows a prepared statement's SQL."""
    if connection.vendor != "postgresql" or connection.queries_logged:
        return connection.cursor()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        return connection.make_cursor(psycopg.Cursor(connection.connection))


def _names(model: type[models.Model], *fields: str) -> list[str]:
    """The model's table and the named fields' columns, quoted."""
    quote = connection.ops.quote_name
    columns = [quote(model._meta.get_field(name).column) for name in fields]
    return [quote(model._meta.db_table), *columns]


def held_count(campaign_id: int, count_to: int) -> int:
    """How many answers of the campaign are held, waiting for their batch, up to `count_to`."""
    with _cursor() as cursor:
        cursor.execute(_count_sql(), [campaign_id, count_to])
        return cursor.fetchone()[0]


def _count_sql() -> str:
    table, campaign = _names(HeldResponse, "campaign")
    return f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {campaign} = %s LIMIT %s) AS w"
