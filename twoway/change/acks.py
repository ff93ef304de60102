"""Acknowledgements of messages ("got it / I have a question"): when they are open, and what
leaders may see of them.

Answers are counted per (message, unit, answer), nothing else; a personal link adds a keyed
hash of (message, person) to `AckVoter` so that nobody answers twice, never shown anywhere.
A message takes answers for ACK_DAYS after it went out; leaders see the counts only then
(watching a count move while it is open would tell them how one person answered), and only
per unit through `protect_unit_tree`: no figure of fewer than k people, none derivable by
subtracting a unit's children from it. A hidden figure says the same whatever the reason.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from twoway.insights.anonymity import effective_threshold
from twoway.insights.units import protect_unit_tree
from twoway.org.models import Person

from .models import AckAnswer, AckCount, Message
from .units import UnitTree

ACK_DAYS = 7


def voter_hash(message_id: int, person_id: int) -> str:
    """The one-answer-per-person key: an HMAC of the server's secret, so the table alone
    tells nobody who answered."""
    text = f"twoway-change-ack:{message_id}:{person_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), text, hashlib.sha256).hexdigest()


def ack_closes(message: Message) -> datetime.datetime | None:
    return message.sent_at + datetime.timedelta(days=ACK_DAYS) if message.sent_at else None


def ack_open(message: Message, now: datetime.datetime | None = None) -> bool:
    closes = ack_closes(message)
    return closes is not None and (now or timezone.now()) < closes


def team_size(unit_path: str, organisation_id: int) -> int:
    return Person.objects.filter(
        organisation_id=organisation_id, is_active=True, unit__path__startswith=unit_path
    ).count()


def team_has_room(message: Message, unit) -> bool:
    """A team link never counts more answers than the team has people."""
    answered = sum(
        AckCount.objects.filter(message=message, unit=unit).values_list("count", flat=True)
    )
    return answered < team_size(unit.path, message.initiative.organisation_id)


@dataclass
class UnitAcks:
    unit_id: int
    path: str
    n: int | None  # None: hidden
    got_it: float | None  # share of "got it"


@dataclass
class MessageAcks:
    message: Message
    state: str  # "not_sent", "collecting" or "shown"
    closes: datetime.datetime | None
    units: list[UnitAcks] = field(default_factory=list)
    overall: UnitAcks | None = None  # the whole audience


def ack_results(
    messages: list[Message], tree: UnitTree, k: int, visible=None
) -> dict[int, MessageAcks]:
    """Per message: what may be shown, in one query for all messages. `visible(unit_id)`
    limits the units listed (a subset of a protected table is safe)."""
    counts: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    closed = [m.pk for m in messages if m.sent_at and not ack_open(m)]
    for message_id, unit_id, answer, n in AckCount.objects.filter(
        message_id__in=closed
    ).values_list("message_id", "unit_id", "answer", "count"):
        counts[message_id][unit_id][answer] = n
    out = {}
    for message in messages:
        if message.sent_at is None:
            out[message.pk] = MessageAcks(message, "not_sent", None)
        elif ack_open(message):
            out[message.pk] = MessageAcks(message, "collecting", ack_closes(message))
        else:
            out[message.pk] = _shown(message, counts[message.pk], tree, k, visible)
    return out


def _engine(tree: UnitTree, unit_id: int) -> str:
    return tree.units[unit_id].path.strip("/")


def _shown(message, counts, tree: UnitTree, k: int, visible) -> MessageAcks:
    result = MessageAcks(message, "shown", ack_closes(message))
    if not counts:
        return result
    own = {_engine(tree, pk): sum(by.values()) for pk, by in counts.items()}
    got = {_engine(tree, pk): by.get(AckAnswer.GOT_IT, 0) for pk, by in counts.items()}
    shown = protect_unit_tree(own, k)
    by_path = {u.path.strip("/"): pk for pk, u in tree.units.items()}
    for path, ok in sorted(shown.items(), key=lambda item: item[0].count("/")):
        if not path:
            continue
        pk = by_path.get(path)
        if pk is None or (visible is not None and not visible(pk)):
            continue
        n = _subtree(own, path)
        share = _subtree(got, path) / n if ok and n else None
        figure = UnitAcks(pk, tree.short(pk), n if ok else None, share)
        result.units.append(figure)
    top = min(result.units, key=lambda u: tree.units[u.unit_id].depth, default=None)
    result.overall = top
    result.units.sort(key=lambda u: u.path.casefold())
    return result


def _subtree(values: dict[str, int], path: str) -> int:
    return sum(v for p, v in values.items() if p == path or p.startswith(path + "/"))


def organisation_k(message_or_initiative) -> int:
    organisation = (
        getattr(message_or_initiative, "organisation", None)
        or message_or_initiative.initiative.organisation
    )
    return effective_threshold(organisation.anonymity_threshold)
