"""What a participant sees while voting: the next statement (Pol.is's priority), their progress,
and statements like the one they are writing.

The priority reads each statement's live vote counters and the extremity of the last recompute;
one query fetches the statements this participant has not voted on, so the choice costs the
same whoever asks (bench/conversations.py measures it on a thousand statements).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from twoway.insights.opinion import choose_next, priorities, similar_statements
from twoway.org.models import Person

from .models import Conversation, Statement, Vote
from .services import participant_for

SIMILAR_POOL = 2000  # the statements compared while typing: enough for any real conversation


@dataclass(frozen=True)
class Progress:
    voted: int
    total: int

    @property
    def left(self) -> int:
        return max(self.total - self.voted, 0)


def next_statement(
    conversation: Conversation, person: Person, rng: np.random.Generator | None = None
) -> Statement | None:
    """A statement the person has not voted on, drawn by priority; None when none is left."""
    candidates = Statement.objects.filter(
        conversation=conversation, status=Statement.Status.ACCEPTED
    )
    participant = participant_for(conversation, person)
    if participant is not None:
        candidates = candidates.exclude(votes__participant=participant)
    fields = ("pk", "agree_count", "disagree_count", "pass_count", "extremity", "is_meta")
    # No ORDER BY: the draw decides; the text comes along so the chosen one needs no query.
    rows = list(candidates.order_by().values_list(*fields, "text", "signed_by"))
    if not rows:
        return None
    columns = (np.array(column) for column in zip(*rows, strict=True))
    _pk, agree, disagree, passed, extremity, meta, _text, _signed = columns
    seen = agree + disagree + passed
    weights = priorities(agree, disagree, seen, extremity.astype(float), meta.astype(bool))
    chosen = choose_next(weights, rng)
    if chosen is None:
        return None
    pk, *_counts, text, signed_by = rows[chosen]
    return Statement.from_db(
        None, ["id", "conversation_id", "text", "signed_by"], [pk, conversation.pk, text, signed_by]
    )


def progress(conversation: Conversation, person: Person) -> Progress:
    total = Statement.objects.filter(
        conversation=conversation, status=Statement.Status.ACCEPTED
    ).count()
    participant = participant_for(conversation, person)
    voted = Vote.objects.filter(participant=participant).count() if participant else 0
    return Progress(voted=voted, total=total)


def similar_to(conversation: Conversation, draft: str) -> list[Statement]:
    """Accepted statements close to the draft, best first (at most three)."""
    statements = list(
        Statement.objects.filter(conversation=conversation, status=Statement.Status.ACCEPTED).only(
            "text"
        )[:SIMILAR_POOL]
    )
    found = similar_statements(draft, [s.text for s in statements])
    return [statements[i] for i, _score in found]
