"""Background task: analyse a conversation again. The payload is the conversation's id only."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from twoway.notify.email import send_emails

from .models import Conversation, ConversationResult
from .outreach import invitation_message, reach
from .services import ensure_final_result, recompute_results

BATCH = 200

# While a conversation is open, its analysis (behind the next-statement priority) is redone at
# most this often, however many people vote.
RECOMPUTE_EVERY = datetime.timedelta(minutes=2)


@task()
def recompute_conversation(conversation_id: int) -> bool:
    conversation = (
        Conversation.objects.select_related("organisation").filter(pk=conversation_id).first()
    )
    if conversation is None:
        return False
    recompute_results(conversation)
    return True


def schedule_recompute(conversation: Conversation) -> None:
    """Queue a recompute after this transaction, unless one ran a moment ago."""
    last = (
        ConversationResult.objects.filter(conversation=conversation)
        .values_list("computed_at", flat=True)
        .first()
    )
    if last is not None and timezone.now() - last < RECOMPUTE_EVERY:
        return
    transaction.on_commit(lambda: recompute_conversation.enqueue(conversation.pk))


@task()
def send_conversation_invitations(conversation_id: int) -> int:
    """E-mail everyone of the audience who has an address and a personal link; returns how
    many went out. Nothing is stored per person: a failed address is simply not reached."""
    conversation = Conversation.objects.select_related("organisation").get(pk=conversation_id)
    if not conversation.is_open:
        return 0
    people = reach(conversation).with_link
    sent = 0
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        report = send_emails([invitation_message(conversation, p, link) for p, link in batch])
        sent += len(report.sent)
    return sent


@task()
def finish_conversation(conversation_id: int) -> bool:
    """At closing time: erase the voter keys and compute the final result (once; the first
    read of the results does the same if this task never ran)."""
    conversation = (
        Conversation.objects.select_related("organisation").filter(pk=conversation_id).first()
    )
    if conversation is None or conversation.status != Conversation.Status.CLOSED:
        return False
    ensure_final_result(conversation)
    return True


def schedule_finish(conversation: Conversation) -> bool:
    """Queue `finish_conversation` for the closing time, after this transaction, where the task
    backend can defer (the database backend can; the immediate one of the tests cannot)."""
    backend = finish_conversation.get_backend()
    if not backend.supports_defer:
        return False
    deferred = finish_conversation.using(run_after=conversation.closes_at)
    transaction.on_commit(lambda: deferred.enqueue(conversation.pk))
    return True
