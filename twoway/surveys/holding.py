"""Held answers: how a submission reaches the response tables without a trace joining it to its
person, even for whoever holds the database.

A submission is written in two steps, in two transactions:
1. the request claims the person's invitation (`responded = True`) and, separately, stores the
   answers *sealed* (AES-GCM under a key derived from the server's secret, which the database
   does not hold) in `HeldResponse`, with only the campaign, the unit and the day in clear;
2. later, a worker (`flush_held`) opens a batch of at least `RESPONSE_BATCH` held answers of one
   campaign, shuffles them, and writes their responses, answers, comments and counts in one
   transaction, deleting the held rows.

So the rows that hold answers are written in a random order, in batches, long after and apart
from the claims: neither transaction ids, nor row order, nor primary keys, nor timestamps join a
response to an invitation. Someone with the database and its write-ahead log sees that a person
answered on a day, and, for each batch, a set of at least `RESPONSE_BATCH` responses; not which
is theirs. A campaign's last, smaller batch is flushed when it closes (its results are computed
from everything).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import connection, transaction

from .extra_questions import release_held
from .hot import organisation_redactor
from .models import Answer, AnswerCount, Campaign, Comment, HeldResponse, Lens, Response

NONCE_BYTES = 12
KEY_CONTEXT = b"twoway.held-answers.v1"
_shuffle = random.SystemRandom().shuffle


def _key() -> bytes:
    return hashlib.sha256(KEY_CONTEXT + settings.SECRET_KEY.encode()).digest()


def seal(payload: dict[str, Any]) -> bytes:
    """The payload as JSON, encrypted and authenticated (a fresh nonce each time)."""
    nonce = os.urandom(NONCE_BYTES)
    data = json.dumps(payload, separators=(",", ":")).encode()
    return nonce + AESGCM(_key()).encrypt(nonce, data, KEY_CONTEXT)


def unseal(sealed: bytes) -> dict[str, Any]:
    sealed = bytes(sealed)
    nonce, data = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
    return json.loads(AESGCM(_key()).decrypt(nonce, data, KEY_CONTEXT))


def batch_size() -> int:
    return max(1, int(settings.RESPONSE_BATCH))


# The most held answers written in one transaction: a backlog after a burst is written in
# several, so the write lock (SQLite's is the whole database) is never held for long.
MOST_PER_TRANSACTION = 500


def flush_held(campaign_id: int, *, force: bool = False) -> int:
    """Write the held answers of a campaign as responses, shuffled, if there are at least a
    batch of them (any number with `force`); returns how many were written."""
    written = 0
    while count := _flush_some(campaign_id, force=force):
        written += count
    return written


def _flush_some(campaign_id: int, *, force: bool) -> int:
    """Write one transaction's worth. The held rows are read, opened and turned into rows
    before the write transaction, which then only inserts: SQLite's one write lock, which
    the answer path needs twice per submission, is held for the inserts alone. Deleting the
    held rows first, and finding each still there, makes a concurrent flush of the same
    rows write nothing."""
    waiting = HeldResponse.objects.filter(campaign_id=campaign_id).order_by()
    held = list(waiting.values_list("pk", "payload")[:MOST_PER_TRANSACTION])
    if not held or (len(held) < batch_size() and not force):
        return 0
    campaign = Campaign.objects.get(pk=campaign_id)
    payloads = [unseal(payload) for _, payload in held]
    _shuffle(payloads)
    batch = _prepare_batch(campaign, payloads)
    with transaction.atomic():
        taken, _ = HeldResponse.objects.filter(pk__in=[pk for pk, _ in held]).delete()
        if taken == len(held):
            _write_batch(campaign, batch)
            _release_extras(campaign, payloads)
        else:
            transaction.set_rollback(True)  # another flush wrote some of them
    return len(payloads) if taken == len(held) else _flush_some(campaign_id, force=force)


def worth_a_flush(held: int, ticket: int) -> bool:
    """Whether a submission should ask for a flush, from the answers it saw waiting (`held`,
    counted up to `COUNT_TO` batches) and its held row's id (`ticket`): when a batch has just
    gathered, and while a backlog waits (the worker busy writing), one submission in 16
    batches, so a backlog asks a few times a second, not once per batch (each task costs
    the worker a claim and a result). The tick writes whatever a count missed."""
    size = batch_size()
    return held == size or (held >= counted_up_to() and ticket % (16 * size) == 0)


# How many batches a submission counts waiting, at most: enough to tell a backlog.
COUNT_TO = 2


def counted_up_to() -> int:
    """How many waiting answers a submission counts, at most."""
    return COUNT_TO * batch_size()


def flush_waiting() -> int:
    """For the tick: write every gathered batch, and the last batch of every closed campaign."""
    total = 0
    held = HeldResponse.objects.values_list("campaign_id", flat=True).distinct()
    for campaign in Campaign.objects.filter(pk__in=list(held)):
        closed = campaign.status == Campaign.Status.CLOSED
        total += flush_held(campaign.pk, force=closed)
    return total


def flush_closed() -> int:
    """Write the last batch of every closed campaign (leaving open ones to gather)."""
    held = HeldResponse.objects.values_list("campaign_id", flat=True).distinct()
    return sum(
        flush_held(campaign.pk, force=True)
        for campaign in Campaign.objects.filter(pk__in=list(held))
        if campaign.status == Campaign.Status.CLOSED
    )


@dataclass
class _Batch:
    """A batch ready to insert: responses, and per response its answer rows (without the
    response's id, which the insert gives) and comments; the counts to add."""

    responses: list[Response] = field(default_factory=list)
    answers: list[list[tuple]] = field(default_factory=list)
    comments: list[list[Comment]] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def _prepare_batch(campaign: Campaign, payloads: list[dict[str, Any]]) -> _Batch:
    batch = _Batch()
    redactor = organisation_redactor(campaign.organisation_id)
    for p in payloads:
        batch.responses.append(
            Response(
                campaign=campaign, unit_id=p["unit"], is_leader=p["leader"],
                tenure_band=p["tenure"], work_location=p["location"], language=p["language"],
                channel=p["channel"], submitted_on=p["day"],
            )
        )  # fmt: skip
        frontline_or_now = Lens.LEADER_NOW if p["leader"] else Lens.FRONTLINE
        answers = [(item, lens, value, "") for item, lens, value in p["ratings"]]
        answers += [(item, frontline_or_now, None, c) for item, c in p["choices"]]
        batch.answers.append(answers)
        batch.comments.append(
            [
                Comment(
                    campaign=campaign, item_id=item, unit_id=p["unit"], is_leader=p["leader"],
                    text=text, redacted=redactor.redact(text),
                )
                for item, text in p["comments"]
            ]
        )  # fmt: skip
        attributes = (p["unit"], p["tenure"], p["location"], p["language"])
        for item, lens, value in p["ratings"]:
            if value is not None:
                cell = (campaign.pk, attributes[0], lens, *attributes[1:], item, value)
                batch.counts[cell] += 1
    return batch


def _write_batch(campaign: Campaign, batch: _Batch) -> None:
    responses = Response.objects.bulk_create(batch.responses)
    answers, comments = [], []
    for response, rows, texts in zip(responses, batch.answers, batch.comments, strict=True):
        answers += [(response.pk, *row) for row in rows]
        for comment in texts:
            comment.response = response
        comments += texts
    _insert_answers(answers)
    Comment.objects.bulk_create(comments)
    _add_counts(batch.counts)


ANSWER_COLUMNS = ("response_id", "item_id", "lens", "value", "choice")


def _insert_answers(rows: list[tuple]) -> None:
    """The ORM's bulk_create costs far more for this many small rows."""
    _insert_rows(Answer, ANSWER_COLUMNS, rows)


COUNT_COLUMNS = (
    "campaign_id", "unit_id", "lens", "tenure_band", "work_location", "language", "item_id",
    "value",
)  # fmt: skip


def _add_counts(counts: Counter) -> None:
    """Add each cell's batch total to its count: an upsert both SQLite and PostgreSQL run
    (each cell once per statement, as ON CONFLICT requires)."""
    table = AnswerCount._meta.db_table
    keys = ", ".join(COUNT_COLUMNS)
    rows = [(*cell, n) for cell, n in counts.items()]
    conflict = f"ON CONFLICT ({keys}) DO UPDATE SET count = {table}.count + excluded.count"
    _insert_rows(AnswerCount, (*COUNT_COLUMNS, "count"), rows, conflict)


def _insert_rows(model, columns: tuple[str, ...], rows: list[tuple], tail: str = "") -> None:
    """INSERT `rows` into the model's table. SQLite runs one prepared statement for every row
    (executemany). PostgreSQL would parse and plan each of those, and a statement with a
    placeholder per value costs the driver more than the server, so it gets each column as
    one array, unnested: one statement and len(columns) parameters for the whole batch."""
    if not rows:
        return
    table, names = model._meta.db_table, ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = [model._meta.get_field(c).cast_db_type(connection) for c in columns]
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in types)
            sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}) {tail}"
            cursor.execute(sql, [list(column) for column in zip(*rows, strict=True)])
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders}) {tail}"
            cursor.executemany(sql, rows)


def _release_extras(campaign: Campaign, payloads: list[dict[str, Any]]) -> None:
    """Hand each registered provider the extra answers it kept in the held payloads."""
    release_held(campaign, [p.get("extras", {}) for p in payloads])
