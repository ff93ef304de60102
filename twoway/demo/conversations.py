"""The demo's conversations: "the ideal first contact", closed, 60 statements, 800 participants
in three opinion groups, with leaders and agents agreeing on some statements and split on
others; a small open one to try voting; and leader-modelling answers on the last pulse wave.

Votes are written in bulk with the shapes the voting page writes (a participant row with its
unit and lens, votes with no time), because 800 people x 35 votes through `cast_vote` one by
one would take most of the demo's time budget. The conversation is closed, so its voter keys
are already erased, as `services.forget_voters` leaves them.
"""

from __future__ import annotations

import csv
import datetime
import math
import random
from collections import Counter
from pathlib import Path

from django.utils import timezone

from twoway.conversations.modelling import ITEMS
from twoway.conversations.models import (
    Conversation,
    ModellingCount,
    ModellingSetting,
    Participant,
    Statement,
    Vote,
)
from twoway.conversations.services import ConversationSpec, create_conversation, recompute_results
from twoway.org.models import LEADER_ROLES, Organisation, Person
from twoway.pulse.models import PulseSchedule
from twoway.pulse.trends import closed_waves

QUESTION = "What should a customer's first contact with us be like?"
PILOT_QUESTION = "What would make your next shift easier?"
PARTICIPANTS = 800
SEEN_SHARE = 0.6
PASS_SHARE = 0.1
GROUP_SHARES = (0.45, 0.33, 0.22)

# Each statement's leaning per opinion group (A: "solve it in one go", B: "time and warmth",
# C: "by the book"), how much more leaders lean to it, and how often leaders see it at all.
STATEMENTS_FILE = Path(__file__).with_name("first_contact.csv")

PILOT_SEEDS = [
    "Breaks should be scheduled before the queue gets long.",
    "Shift swaps should be approved within a day.",
    "The desktop should start in under a minute.",
    "Team huddles should be at the start of the shift, not mid-queue.",
    "Headsets should be replaced when they fail, not at the end of the month.",
    "We need a quiet room for hard calls.",
    "Overtime should be offered to the whole team at once.",
    "The knowledge base search should find the right article first.",
    "New processes should come with a one-page summary.",
    "Schedules should be published two weeks ahead.",
    "The after-call form should have fewer fields.",
    "Parking for the night shift should be closer to the door.",
]


def demo_statements() -> list[dict]:
    with STATEMENTS_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            {
                "statement": row["statement"],
                "lean": [float(row[f"lean_{g}"]) for g in "abc"],
                "leader_shift": float(row["leader_shift"]),
                "leader_sees": float(row["leader_sees"]),
            }
            for row in csv.DictReader(handle)
        ]


def load_demo_conversations(organisation: Organisation, seed: int = 7) -> Conversation | None:
    """The closed first-contact conversation (once), an open pilot, and modelling answers."""
    existing = Conversation.objects.filter(organisation=organisation, question=QUESTION).first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    center = organisation.units.filter(depth=0).first()
    if center is None:
        return None
    conversation = _closed_conversation(organisation, center)
    _vote(conversation, rng)
    recompute_results(conversation)
    _pilot(organisation, center)
    _modelling(organisation, rng)
    return conversation


def _closed_conversation(organisation: Organisation, center) -> Conversation:
    now = timezone.now()
    spec = ConversationSpec(
        question=QUESTION,
        description="Leaders and agents, together: what the ideal first contact should be.",
        units=[center],
        opens_at=now - datetime.timedelta(days=21),
        closes_at=now - datetime.timedelta(days=1),
        threshold=organisation.anonymity_threshold,
    )
    seeds = [row["statement"] for row in demo_statements()]
    conversation = create_conversation(organisation, spec, seeds, actor=None)
    Conversation.objects.filter(pk=conversation.pk).update(voters_forgotten=True)
    return conversation


def _vote(conversation: Conversation, rng: random.Random) -> None:
    # People of the sites (the few above them, the executives, would be a group of their own).
    people = list(
        Person.objects.filter(
            organisation=conversation.organisation, is_active=True, unit__depth__gte=1
        )
        .order_by("employee_id")
        .values_list("unit_id", "role")
    )
    leaders = [p for p in people if p[1] in LEADER_ROLES]
    agents = [p for p in people if p[1] not in LEADER_ROLES]
    chosen = leaders[: PARTICIPANTS // 8] + rng.sample(agents, min(len(agents), PARTICIPANTS))
    chosen = chosen[:PARTICIPANTS]
    participants = Participant.objects.bulk_create(
        Participant(
            conversation=conversation, voter_key=None, unit_id=unit, is_leader=role in LEADER_ROLES
        )
        for unit, role in chosen
    )
    texts = {row["statement"]: row for row in demo_statements()}
    statements = list(Statement.objects.filter(conversation=conversation))
    votes, tally = [], Counter()
    for participant in participants:
        group = rng.choices(range(3), weights=GROUP_SHARES)[0]
        for statement in statements:
            row = texts[statement.text]
            seen = SEEN_SHARE * (row["leader_sees"] if participant.is_leader else 1)
            if rng.random() >= seen:
                continue
            lean = row["lean"][group] + (row["leader_shift"] if participant.is_leader else 0)
            value = _draw(rng, lean)
            votes.append(Vote(participant=participant, statement=statement, value=value))
            tally[(statement.pk, value)] += 1
    Vote.objects.bulk_create(votes, batch_size=5000)
    for statement in statements:
        statement.agree_count = tally[(statement.pk, 1)]
        statement.disagree_count = tally[(statement.pk, -1)]
        statement.pass_count = tally[(statement.pk, 0)]
    Statement.objects.bulk_update(statements, ["agree_count", "disagree_count", "pass_count"])


def _draw(rng: random.Random, lean: float) -> int:
    if rng.random() < PASS_SHARE:
        return 0
    return 1 if rng.random() < 1 / (1 + math.exp(-lean)) else -1


def _pilot(organisation: Organisation, center) -> None:
    now = timezone.now()
    spec = ConversationSpec(
        question=PILOT_QUESTION,
        description="A short pilot: vote on a few statements, add your own.",
        units=[center],
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=13),
        threshold=organisation.anonymity_threshold,
    )
    create_conversation(organisation, spec, PILOT_SEEDS, actor=None)


def _modelling(organisation: Organisation, rng: random.Random) -> None:
    """Switch the items on for the demo pulse and answer them on its last closed wave: about
    seven in ten of each lead's direct team, a little better for leads of small teams."""
    schedule = PulseSchedule.objects.filter(organisation=organisation).order_by("pk").first()
    waves = closed_waves(schedule) if schedule else []
    if schedule is None or not waves:
        return
    ModellingSetting.objects.get_or_create(schedule=schedule)
    campaign = waves[-1].campaign
    counts: Counter = Counter()
    reports = Person.objects.filter(
        organisation=organisation, is_active=True, manager__isnull=False
    )
    for manager_id, manager_role in reports.values_list("manager_id", "manager__role"):
        if manager_role not in LEADER_ROLES or rng.random() > 0.7:
            continue
        leaning = 3.6 + (manager_id % 7 - 3) * 0.2
        for code in ITEMS:
            value = min(5, max(1, round(rng.gauss(leaning, 0.9))))
            counts[(manager_id, code, value)] += 1
    ModellingCount.objects.bulk_create(
        ModellingCount(campaign=campaign, leader_id=leader, item=code, value=value, count=n)
        for (leader, code, value), n in counts.items()
    )
