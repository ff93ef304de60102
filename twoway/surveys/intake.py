"""Response intake: who answers (as far as reporting goes), and a questionnaire validated field
by field. `services.submit` then writes it whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import LEADER_ROLES, Person, Unit, tenure_band

from .models import (
    SCALE_BOUNDS,
    Campaign,
    Item,
    ItemKind,
    Lens,
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


def respondent_for(person: Person, language: str, channel: str = "link") -> Respondent:
    """The reporting attributes of a person's response (their unit at answering time)."""
    return Respondent(
        unit=Unit(pk=person.unit_id),
        is_leader=person.role in LEADER_ROLES,
        tenure_band=tenure_band(person.hire_date, timezone.localdate()),
        work_location=person.work_location,
        language=language,
        channel=channel,
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
