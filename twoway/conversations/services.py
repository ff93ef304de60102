"""Every write of conversations: open one, add and moderate statements, vote, forget voters.

Leaders' writes run in one transaction with their audit entry, as `twoway.org.services` does.
A participant's writes (a vote, a statement) are anonymous: they have no audit entry, which
would name who voted, and they store no person (see models.py).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.redact import Redactor
from twoway.org.models import LEADER_ROLES, AuditEvent, Organisation, Person
from twoway.org.services import audit

from .analysis import compute_analysis
from .models import (
    MAX_STATEMENT_CHARS,
    Conversation,
    ConversationResult,
    ModellingSetting,
    Participant,
    Statement,
    Vote,
)

MAX_STATEMENTS_PER_PARTICIPANT = 5
VOTE_FIELDS = {
    Vote.Value.AGREE: "agree_count",
    Vote.Value.DISAGREE: "disagree_count",
    Vote.Value.PASS: "pass_count",
}


class Refused(Exception):
    """A participant's write refused with a message they can act on (and an HTTP status)."""

    def __init__(self, message: str, status: int = 400, field: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field


@dataclass(frozen=True)
class ConversationSpec:
    question: str
    description: str
    units: list
    opens_at: object
    closes_at: object
    allow_statements: bool = True
    premoderate: bool = False
    threshold: int = 5


def create_conversation(
    organisation: Organisation, spec: ConversationSpec, seeds: list[str], actor
) -> Conversation:
    """A new conversation with its seed statements (accepted as written by the organisers)."""
    with transaction.atomic():
        conversation = Conversation.objects.create(
            organisation=organisation,
            question=spec.question,
            description=spec.description,
            opens_at=spec.opens_at,
            closes_at=spec.closes_at,
            allow_statements=spec.allow_statements,
            premoderate=spec.premoderate,
            threshold=spec.threshold,
            created_by=actor,
        )
        conversation.audience_units.set(spec.units)
        Statement.objects.bulk_create(
            Statement(conversation=conversation, text=text, is_seed=True) for text in seeds
        )
        audit(
            organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Conversation {conversation.pk} opened: {spec.question}",
            seeds=len(seeds),
        )
    return conversation


def clean_statement_text(text: str) -> str:
    """The text, trimmed; Refused (field "text") when empty or over the limit."""
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise Refused(_("Write a statement before sending it."), field="text")
    if len(cleaned) > MAX_STATEMENT_CHARS:
        raise Refused(
            _("Keep a statement to %(max)s characters; this one has %(n)s.")
            % {"max": MAX_STATEMENT_CHARS, "n": len(cleaned)},
            field="text",
        )
    return cleaned


def add_statement(
    conversation: Conversation,
    person: Person,
    text: str,
    redactor: Redactor,
    *,
    signed: bool = False,
) -> Statement:
    """A participant's statement: redacted, pending when the conversation is pre-moderated.

    The statement keeps no link to its author; `signed` adds the author's name to it.
    """
    check_open(conversation)
    if not conversation.allow_statements:
        raise Refused(_("This conversation takes votes only, not new statements."), 403)
    cleaned = redactor.redact(clean_statement_text(text))
    with transaction.atomic():
        participant = participant_for(conversation, person, create=True)
        if participant.statements_added >= MAX_STATEMENTS_PER_PARTICIPANT:
            raise Refused(
                _("You have added %(n)s statements, the most one person can add. Thank you!")
                % {"n": MAX_STATEMENTS_PER_PARTICIPANT},
                field="text",
            )
        Participant.objects.filter(pk=participant.pk).update(
            statements_added=F("statements_added") + 1
        )
        pending = conversation.premoderate
        return Statement.objects.create(
            conversation=conversation,
            text=cleaned,
            status=Statement.Status.PENDING if pending else Statement.Status.ACCEPTED,
            signed_by=person.full_name if signed else "",
        )


INVITE_AGAIN_AFTER = datetime.timedelta(days=1)


def invite_everyone(conversation: Conversation, actor) -> bool:
    """Record that everyone is being e-mailed their link (the caller queues
    tasks.send_conversation_invitations, whose payload is the conversation's id only);
    False when that was done less than a day ago."""
    check_open(conversation)
    now = timezone.now()
    if conversation.invited_at and now - conversation.invited_at < INVITE_AGAIN_AFTER:
        return False
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(invited_at=now)
        conversation.invited_at = now
        audit(
            conversation.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Conversation {conversation.pk}: everyone e-mailed their link",
        )
    return True


def set_modelling(schedule, enabled: bool, actor) -> None:
    """Switch the leader-modelling items on or off for a pulse schedule's waves."""
    with transaction.atomic():
        ModellingSetting.objects.update_or_create(schedule=schedule, defaults={"enabled": enabled})
        audit(
            schedule.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Leader modelling {'on' if enabled else 'off'} for pulse {schedule.pk}",
        )


def moderate_statement(statement: Statement, accept: bool, actor) -> Statement:
    status = Statement.Status.ACCEPTED if accept else Statement.Status.REJECTED
    with transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(status=status)
        statement.status = status
        audit(
            statement.conversation.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Statement {statement.pk} of conversation {statement.conversation_id} {status}",
        )
    return statement


def voter_key(conversation: Conversation, person: Person) -> str:
    """A keyed hash of the conversation and the person: the same each visit, and useless
    without the server's secret. Never shown, exported or returned by any view."""
    message = f"twoway-conversation-voter:{conversation.pk}:{person.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def participant_for(
    conversation: Conversation, person: Person, *, create: bool = False
) -> Participant | None:
    """The person's row of the votes matrix (made on their first vote when `create`)."""
    key = voter_key(conversation, person)
    found = Participant.objects.filter(conversation=conversation, voter_key=key).first()
    if found is not None or not create:
        return found
    try:
        with transaction.atomic():
            return Participant.objects.create(
                conversation=conversation,
                voter_key=key,
                unit_id=person.unit_id,
                is_leader=person.role in LEADER_ROLES,
            )
    except IntegrityError:  # the same person, in another tab, a moment earlier
        return Participant.objects.get(conversation=conversation, voter_key=key)


def check_open(conversation: Conversation) -> None:
    status = conversation.status
    if status == Conversation.Status.CLOSED:
        raise Refused(_("This conversation has closed. Thank you for taking part."), 410)
    if status == Conversation.Status.SCHEDULED:
        raise Refused(_("This conversation is not open yet."), 403)


def parse_vote(raw: object) -> int:
    """1, -1 or 0 from a form or API value; Refused (field "vote") otherwise."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = None
    if value not in VOTE_FIELDS:
        raise Refused(_("A vote is agree (1), disagree (-1) or pass (0)."), field="vote")
    return value


def cast_vote(
    conversation: Conversation,
    person: Person,
    statement_id: object,
    value: object,
    *,
    important: bool = False,
) -> Vote:
    """Record one vote; Refused when closed, unknown statement, bad value or voted already."""
    check_open(conversation)
    vote_value = parse_vote(value)
    statement = _accepted_statement(conversation, statement_id)
    try:
        with transaction.atomic():
            participant = participant_for(conversation, person, create=True)
            vote = Vote.objects.create(
                participant=participant,
                statement=statement,
                value=vote_value,
                important=bool(important),
            )
            counters = {VOTE_FIELDS[vote_value]: F(VOTE_FIELDS[vote_value]) + 1}
            if important:
                counters["important_count"] = F("important_count") + 1
            Statement.objects.filter(pk=statement.pk).update(**counters)
    except IntegrityError:
        raise Refused(_("You have already voted on this statement."), 409) from None
    return vote


def _accepted_statement(conversation: Conversation, statement_id: object) -> Statement:
    try:
        pk = int(str(statement_id))
    except (TypeError, ValueError):
        pk = None
    statement = (
        Statement.objects.filter(
            pk=pk, conversation=conversation, status=Statement.Status.ACCEPTED
        ).first()
        if pk is not None
        else None
    )
    if statement is None:
        raise Refused(_("That statement is not part of this conversation."), 404, "statement")
    return statement


def forget_voters(conversation: Conversation) -> bool:
    """Once closed, erase every voter key: nothing then joins a person to their votes, even
    for someone holding the database and the server's secret. True when it erased them now."""
    if conversation.is_open or conversation.voters_forgotten:
        return False
    if conversation.status != Conversation.Status.CLOSED:
        return False
    with transaction.atomic():
        Participant.objects.filter(conversation=conversation).update(voter_key=None)
        Conversation.objects.filter(pk=conversation.pk).update(voters_forgotten=True)
        conversation.voters_forgotten = True
    return True


def recompute_results(conversation: Conversation) -> ConversationResult:
    """Analyse every vote again and store the result (already suppressed at k), with each
    statement's extremity for the next-statement priority."""
    stored = ConversationResult.objects.filter(conversation=conversation).first()
    data = json_safe(compute_analysis(conversation, previous=stored.data if stored else None))
    extremity = data.pop("extremity", {})
    with transaction.atomic():
        result, _created = ConversationResult.objects.update_or_create(
            conversation=conversation,
            defaults={
                "data": data,
                "votes_counted": data.get("votes") or 0,
                "threshold": conversation.k,
                "computed_at": timezone.now(),
            },
        )
        changed = [Statement(pk=int(pk), extremity=float(value)) for pk, value in extremity.items()]
        Statement.objects.bulk_update(changed, ["extremity"], batch_size=500)
    return result


def json_safe(value):
    """The same data with NaN and infinities as None: PostgreSQL's JSON has no NaN."""
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def ensure_final_result(conversation: Conversation) -> ConversationResult | None:
    """Once closed: erase the voter keys and compute the final result, once (a closed
    conversation never changes, so later reads use the stored one). Before: the last one."""
    result = ConversationResult.objects.filter(conversation=conversation).first()
    if conversation.status != Conversation.Status.CLOSED:
        return result
    forget_voters(conversation)
    final = (
        result is not None
        and result.computed_at >= conversation.closes_at
        and result.threshold == conversation.k
    )
    return result if final else recompute_results(conversation)
