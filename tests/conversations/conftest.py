"""Conversation tests: an open conversation for the `world`'s whole center, and a crowd.

`crowd` adds 90 agents and 8 team leads to the world organisation (three teams of 30 under
Lisbon, leads on the teams) who vote in three clear opinion groups; leaders lean the other way
on the first two statements, so something divides them from the frontline.
"""

from __future__ import annotations

import datetime

import numpy as np
import pytest
from django.utils import timezone

from tests.factories import make_person, make_unit
from twoway.conversations.models import Conversation, Statement, Vote
from twoway.conversations.services import (
    ConversationSpec,
    create_conversation,
    participant_for,
)
from twoway.org.models import Role, UnitKind

SEEDS = [
    "Customers should reach a person without pressing through five menus",
    "The first agent should be able to solve the problem without a transfer",
    "We need more time between calls to write good notes",
    "Customers should get a call back instead of waiting on hold",
    "Agents should be allowed to give a small refund without asking",
    "The greeting script is too long",
    "Customers should not have to repeat their account number",
    "Chat should be offered before the phone",
    "Every first contact should end with a clear next step",
    "The knowledge base should be searchable during a call",
]


def open_conversation(world, **options) -> Conversation:
    now = timezone.now()
    spec = ConversationSpec(
        question="What should a customer's first contact with us be like?",
        description="",
        units=options.pop("units", [world.center]),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=7),
        **options,
    )
    return create_conversation(world.org, spec, SEEDS, actor=world.admin)


def close(conversation: Conversation) -> None:
    conversation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    conversation.save(update_fields=["closes_at"])


@pytest.fixture
def conversation(world):
    world.conversation = open_conversation(world)
    return world.conversation


def build_crowd(world, conversation, leads=(2, 3, 3)):
    """Three teams of 30 agents under Lisbon, with `leads` team leads each, voting on every
    seed statement in three opinion groups; leads turn round the first two statements."""
    rng = np.random.default_rng(3)
    statements = list(Statement.objects.filter(conversation=conversation).order_by("pk"))
    leaning = rng.choice([-1, 1], size=(3, len(statements)))
    people = []
    for t, n_leads in enumerate(leads):
        team = make_unit(world.org, f"Crowd team {t}", world.lisbon, UnitKind.TEAM)
        for i in range(30):
            people.append((make_person(world.org, f"C{t}{i:02d}", f"Agent{t}{i}", team), t))
        for i in range(n_leads):
            lead = make_person(world.org, f"L{t}{i}", f"Lead{t}{i}", team, Role.TEAM_LEAD)
            people.append((lead, t))
    votes = []
    for person, group in people:
        participant = participant_for(conversation, person, create=True)
        for s, statement in enumerate(statements):
            lean = leaning[group, s]
            if person.role == Role.TEAM_LEAD and s < 2:
                lean = -lean
            value = int(lean) if rng.random() < 0.9 else int(-lean)
            votes.append(Vote(participant=participant, statement=statement, value=value))
    # Written at once for speed; test_voting.py casts votes one by one through the pages.
    Vote.objects.bulk_create(votes)
    world.crowd = [p for p, _group in people]
    return world


@pytest.fixture
def crowd(world, conversation):
    """98 more people of Lisbon (90 agents, 8 team leads) voting in three groups."""
    return build_crowd(world, conversation)
