"""The demo conversation: 60 statements, 800 participants, three opinion groups, leaders and
agents agreeing on some statements and split on others; loaded once."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_account
from twoway.conversations.models import Conversation, Participant, Vote
from twoway.demo import load_roster
from twoway.demo.conversations import QUESTION, load_demo_conversations
from twoway.org.models import Membership


@pytest.fixture
def demo_org(db):
    organisation, _rows = load_roster("demo-center", "Demo Center", people=1000, seed=7)
    return organisation


@pytest.mark.slow
def test_the_demo_conversation_has_three_groups_shared_ground_and_divides(demo_org, client):
    conversation = load_demo_conversations(demo_org, seed=7)
    assert load_demo_conversations(demo_org, seed=7) == conversation  # once
    assert conversation.question == QUESTION and conversation.status == "closed"
    assert conversation.statements.count() == 60
    assert Participant.objects.filter(conversation=conversation).count() == 800
    assert Vote.objects.filter(participant__conversation=conversation).count() > 20_000
    assert (
        Conversation.objects.filter(organisation=demo_org, question__startswith="What would")
        .get()
        .is_open
    )
    admin = make_account("demo-admin", demo_org, Membership.Level.ADMIN)
    client.force_login(admin)
    html = client.get(f"/o/demo-center/conversations/{conversation.pk}/results/").content.decode()
    assert len(re.findall(r"Group [A-E] · \d+ people", html)) == 3
    divides = html.split("What divides leaders and agents")[1].split("</section>")[0]
    assert "Agents get enough training before new processes go live." in divides
    shared = html.split("Shared ground")[1].split("</section>")[0]
    assert "A promised call-back must happen when we said it would." in shared
