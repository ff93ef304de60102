"""Benchmark the conversations through the database: the next statement, and a recompute.

    .venv/bin/python bench/conversation_pages.py          # 1,000 statements, 20,000 voters
    .venv/bin/python bench/conversation_pages.py --quick  # 200 statements, 2,000 voters

Target (issue 11): choosing the next statement for a participant under 20 ms. It is measured
as the voting page does it (`voting.next_statement`: the statements this participant has not
voted on, their live counters, the priority, the draw) for a participant who has voted on half
of the statements; median and 95th percentile of 200 choices.

Also printed: the full recompute as the background task runs it (`services.recompute_results`:
read every vote from the database into arrays, analyse, store the result and each statement's
extremity), on SQLite under the data folder, with 10% of the statements voted per voter.
Votes are written straight into the tables (as the voting page would have left them).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="twoway-bench-")
os.environ.update(TWOWAY_DATA_DIR=TMP, DATABASE_URL=f"sqlite:///{TMP}/bench.sqlite3")
os.environ.pop("TEST_DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twoway.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from twoway.conversations.models import Participant, Statement, Vote  # noqa: E402
from twoway.conversations.services import (  # noqa: E402
    ConversationSpec,
    create_conversation,
    participant_for,
    recompute_results,
)
from twoway.conversations.voting import next_statement  # noqa: E402
from twoway.insights.opinion.synthetic import synthetic_conversation  # noqa: E402
from twoway.org.models import Organisation, Person, Unit  # noqa: E402


def build(voters: int, statements: int):
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Bench")
    unit = Unit.objects.create(organisation=organisation, name="Center", key="center")
    Unit.objects.filter(pk=unit.pk).update(path=f"/{unit.pk}/")
    unit.refresh_from_db()
    person = Person.objects.create(
        organisation=organisation, employee_id="B1", first_name="Bea", unit=unit
    )
    now = timezone.now()
    spec = ConversationSpec(
        question="Bench", description="", units=[unit],
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=9),
    )  # fmt: skip
    seeds = [f"Statement number {i}" for i in range(statements)]
    conversation = create_conversation(organisation, spec, seeds, actor=None)
    ids = list(conversation.statements.order_by("pk").values_list("pk", flat=True))
    _bulk_votes(conversation, unit, ids, voters)
    me = participant_for(conversation, person, create=True)
    Vote.objects.bulk_create(
        Vote(participant=me, statement_id=s, value=1) for s in ids[: statements // 2]
    )
    return conversation, person


def _bulk_votes(conversation, unit, statement_ids, voters: int) -> int:
    fake = synthetic_conversation(voters, len(statement_ids), density=0.1, seed=5)
    participants = Participant.objects.bulk_create(
        Participant(conversation=conversation, unit=unit, is_leader=fake.lens[i] == "leader")
        for i in range(voters)
    )
    pids = np.array([p.pk for p in participants], dtype=np.int64)
    sids = np.array(statement_ids, dtype=np.int64)
    rows = zip(
        pids[fake.participant].tolist(),
        sids[fake.statement].tolist(),
        fake.vote.tolist(),
        strict=True,
    )
    table = Vote._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (participant_id, statement_id, value, important) "
            "VALUES (%s, %s, %s, %s)",
            [(p, s, v, False) for p, s, v in rows],
        )
    counts = np.zeros((len(sids), 3), dtype=np.int64)
    np.add.at(counts, (fake.statement, fake.vote + 1), 1)
    Statement.objects.bulk_update(
        [
            Statement(
                pk=int(s), disagree_count=int(c[0]), pass_count=int(c[1]), agree_count=int(c[2])
            )
            for s, c in zip(sids, counts, strict=True)
        ],
        ["agree_count", "disagree_count", "pass_count"],
        batch_size=500,
    )
    return fake.vote.size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    voters, statements = (2_000, 200) if args.quick else (20_000, 1_000)
    started = time.perf_counter()
    conversation, person = build(voters, statements)
    built = time.perf_counter() - started
    print(f"built {Vote.objects.count():,} votes on {statements:,} statements in {built:.0f} s")

    started = time.perf_counter()
    recompute_results(conversation)
    print(
        f"recompute from the database (read, analyse, store): {time.perf_counter() - started:.2f} s"
    )

    rng = np.random.default_rng(0)
    next_statement(conversation, person, rng)  # warm the connection and the query plan
    timings = []
    for _ in range(200):
        started = time.perf_counter()
        chosen = next_statement(conversation, person, rng)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median, p95 = statistics.median(timings), timings[int(0.95 * len(timings)) - 1]
    if chosen is None:
        sys.exit("no statement was chosen: the benchmark data is wrong")
    print(
        f"next statement ({statements - statements // 2} left to vote on): median {median:.1f} ms, "
        f"95th percentile {p95:.1f} ms; target < 20 ms: " + ("met" if p95 < 20 else "MISSED")
    )


if __name__ == "__main__":
    main()
