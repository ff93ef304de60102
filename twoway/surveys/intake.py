"""Response intake: validate a questionnaire, then write it whole or not at all.

A submission writes the response (reporting attributes only), its answers, its comments
(redacted for reading) and the answer counts in one transaction, and marks the invitation
answered in that same transaction, so a replayed link can never produce a second response.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.redact import Redactor
from twoway.org.models import LEADER_ROLES, Person, Unit, tenure_band

from .models import (
    SCALE_BOUNDS,
    Answer,
    AnswerCount,
    Campaign,
    Comment,
    Invitation,
    Item,
    ItemKind,
    Lens,
    Response,
)

MAX_COMMENT_CHARS = 2000
NOT_APPLICABLE = "na"


class SubmissionRefused(Exception):
    """The whole submission is refused (closed campaign, answered already, ...)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Respondent:
    """Who answers, as far as reporting goes: never a person."""

    unit: Unit
    is_leader: bool
    tenure_band: str = ""
    work_location: str = ""
    language: str = ""
    channel: str = "link"


@dataclass
class ParsedAnswers:
    ratings: list[tuple[Item, str, int | None]] = field(default_factory=list)  # item, lens, value
    choices: list[tuple[Item, str]] = field(default_factory=list)
    comments: list[tuple[Item, str]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message


def respondent_for(person: Person, language: str) -> Respondent:
    return Respondent(
        unit=Unit(pk=person.unit_id),
        is_leader=person.role in LEADER_ROLES,
        tenure_band=tenure_band(person.hire_date, timezone.localdate()),
        work_location=person.work_location,
        language=language,
        channel="link",
    )


def rating_fields(item: Item, is_leader: bool) -> list[tuple[str, str]]:
    """The form fields of a rating item: leaders answer twice, believed now and wanted."""
    if is_leader:
        return [
            (f"item-{item.code}-now", Lens.LEADER_NOW),
            (f"item-{item.code}-wanted", Lens.LEADER_WANTED),
        ]
    return [(f"item-{item.code}", Lens.FRONTLINE)]


def parse_answers(items: list[Item], data, is_leader: bool) -> ParsedAnswers:
    parsed = ParsedAnswers()
    for item in items:
        if item.is_rating:
            for name, lens in rating_fields(item, is_leader):
                _parse_rating(parsed, item, name, lens, data.get(name, "").strip())
        elif item.kind == ItemKind.CHOICE:
            _parse_choice(parsed, item, f"item-{item.code}", data.get(f"item-{item.code}", ""))
        else:
            _parse_text(parsed, item, f"item-{item.code}", data.get(f"item-{item.code}", ""))
    return parsed


def _parse_rating(parsed: ParsedAnswers, item: Item, name: str, lens: str, raw: str) -> None:
    if raw == "":
        if item.required:
            parsed.errors[name] = _("Please choose an answer.")
        return
    if raw == NOT_APPLICABLE and item.kind == ItemKind.AGREE5:
        parsed.ratings.append((item, lens, None))
        return
    low, high = SCALE_BOUNDS[item.kind]
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        parsed.errors[name] = _("Choose a value from %(low)s to %(high)s.") % {
            "low": low,
            "high": high,
        }
        return
    parsed.ratings.append((item, lens, value))


def _parse_choice(parsed: ParsedAnswers, item: Item, name: str, raw: str) -> None:
    codes = {choice["code"] for choice in item.choices}
    if raw == "":
        if item.required:
            parsed.errors[name] = _("Please choose an answer.")
    elif raw not in codes:
        parsed.errors[name] = _("That is not one of the choices.")
    else:
        parsed.choices.append((item, raw))


def _parse_text(parsed: ParsedAnswers, item: Item, name: str, raw: str) -> None:
    text = raw.strip()
    if len(text) > MAX_COMMENT_CHARS:
        parsed.errors[name] = _("Please keep this under %(n)s characters.") % {
            "n": MAX_COMMENT_CHARS
        }
    elif text:
        parsed.comments.append((item, text))
    elif item.required:
        parsed.errors[name] = _("Please write an answer.")


def check_open(campaign: Campaign) -> None:
    if not campaign.is_open:
        if campaign.status == Campaign.Status.CLOSED:
            raise SubmissionRefused(_("This survey has closed. Thank you for your interest."), 410)
        raise SubmissionRefused(_("This survey is not open yet."), 403)


_sqlite_writer = threading.Lock()


def write_turn():
    """On SQLite, threads of one process take turns before asking for the write lock.

    SQLite lets one writer in at a time and makes the others sleep in growing steps
    (1, 2, 5, 10 ms ...); queueing in the process instead wastes no sleep. PostgreSQL
    writes concurrently and needs no turn.
    """
    return _sqlite_writer if connection.vendor == "sqlite" else contextlib.nullcontext()


def submit(
    campaign: Campaign,
    respondent: Respondent,
    answers: ParsedAnswers,
    redactor: Redactor,
    invitation: Invitation | None = None,
) -> None:
    """Write one response atomically; refuse a second one through the same invitation."""
    if answers.errors:
        raise SubmissionRefused(_("Some answers need your attention."))
    with write_turn(), transaction.atomic():
        if invitation is not None:
            claimed = Invitation.objects.filter(pk=invitation.pk, responded=False).update(
                responded=True
            )
            if not claimed:
                raise SubmissionRefused(_("You have already answered this survey. Thank you!"), 409)
        check_open(campaign)
        response = Response.objects.create(
            campaign=campaign,
            unit=respondent.unit,
            is_leader=respondent.is_leader,
            tenure_band=respondent.tenure_band,
            work_location=respondent.work_location,
            language=respondent.language,
            channel=respondent.channel,
            submitted_on=timezone.localdate(),
        )
        _write_answers(response, answers)
        _write_comments(campaign, response, respondent, answers, redactor)
        _add_counts(campaign, respondent, answers)


def _write_answers(response: Response, answers: ParsedAnswers) -> None:
    """One executemany: the ORM's bulk_create costs ten times more on this hot path."""
    lens = Lens.LEADER_NOW if response.is_leader else Lens.FRONTLINE
    rows = [(response.pk, i.pk, row_lens, v, "") for i, row_lens, v in answers.ratings]
    rows += [(response.pk, i.pk, lens, None, c) for i, c in answers.choices]
    sql = (
        f"INSERT INTO {Answer._meta.db_table} (response_id, item_id, lens, value, choice) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _write_comments(campaign, response, respondent, answers, redactor: Redactor) -> None:
    Comment.objects.bulk_create(
        Comment(
            response=response,
            campaign=campaign,
            item=item,
            unit=respondent.unit,
            is_leader=respondent.is_leader,
            text=text,
            redacted=redactor.redact(text),
        )
        for item, text in answers.comments
    )


COUNT_COLUMNS = (
    "campaign_id",
    "unit_id",
    "lens",
    "tenure_band",
    "work_location",
    "language",
    "item_id",
    "value",
)


def _add_counts(campaign: Campaign, respondent: Respondent, answers: ParsedAnswers) -> None:
    """Increment one count per rating answer: an upsert both SQLite and PostgreSQL run."""
    table = AnswerCount._meta.db_table
    columns = ", ".join(COUNT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(COUNT_COLUMNS))
    sql = (
        f"INSERT INTO {table} ({columns}, count) VALUES ({placeholders}, 1) "
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + 1"
    )
    rows = [
        (
            campaign.pk,
            respondent.unit.pk,
            lens,
            respondent.tenure_band,
            respondent.work_location,
            respondent.language,
            item.pk,
            value,
        )
        for item, lens, value in answers.ratings
        if value is not None
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
