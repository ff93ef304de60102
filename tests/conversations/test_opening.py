"""Opening a conversation through its form, and what happens at closing time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.conversations.conftest import build_crowd, close
from twoway.conversations.models import Conversation, ConversationResult, Participant
from twoway.conversations.tasks import finish_conversation
from twoway.org.models import AuditEvent


def form(world, **changes):
    now = timezone.localtime()
    data = {
        "question": "What should a customer's first contact with us be like?",
        "description": "",
        "opens_at": (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "units": [world.lisbon.pk],
        "threshold": "5",
        "allow_statements": "on",
        "seeds": "Customers should reach a person\nCall-backs should happen on time\n",
    }
    data.update(changes)
    return data


def test_a_director_opens_a_conversation_for_their_site(world, login):
    response = login(world.director).post("/o/acme/conversations/new/", form(world))
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert list(conversation.audience_units.all()) == [world.lisbon]
    assert conversation.statements.count() == 2
    assert AuditEvent.objects.filter(summary__startswith=f"Conversation {conversation.pk}").exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"seeds": "  \n "}, "seeds", "This field is required."),
        ({"seeds": "x" * 401}, "seeds", "Statement 1 has 401 characters; the most is 400."),
        ({"threshold": "3"}, "threshold", "a conversation cannot go lower"),
        ({"question": ""}, "question", "This field is required."),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(world, login, changes, field, message):
    response = login(world.director).post("/o/acme/conversations/new/", form(world, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Conversation.objects.exists()


def test_a_conversation_must_close_after_it_opens(world, login):
    now = timezone.localtime()
    data = form(world, closes_at=(now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    response = login(world.director).post("/o/acme/conversations/new/", data)
    assert "The conversation must close after it opens." in response.content.decode()


def test_a_team_lead_cannot_open_one_for_units_outside_their_team(world, login):
    response = login(world.team_lead).post("/o/acme/conversations/new/", form(world))
    assert response.status_code == 400
    assert not Conversation.objects.exists()


def test_agents_cannot_open_conversations(world, login):
    assert login(world.agent).get("/o/acme/conversations/new/").status_code == 404


def test_opening_queues_the_closing_on_a_backend_that_can_wait(
    world, login, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        login(world.director).post("/o/acme/conversations/new/", form(world))
    conversation = Conversation.objects.get()
    queued = DBTaskResult.objects.get(task_path__endswith="finish_conversation")
    assert queued.run_after == conversation.closes_at
    assert queued.args_kwargs["args"] == [conversation.pk]  # an id, never a person


def test_at_closing_time_keys_are_erased_and_the_result_is_computed(world, conversation):
    build_crowd(world, conversation)
    assert finish_conversation.call(conversation.pk) is False  # still open
    close(conversation)
    assert finish_conversation.call(conversation.pk) is True
    assert not Participant.objects.filter(voter_key__isnull=False).exists()
    assert ConversationResult.objects.get(conversation=conversation).data["enough"] is True
