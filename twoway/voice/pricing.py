"""Workaround figures on the board: the organisation's assumptions, and the price of one post
or of every post at once, through `twoway.staffing.workarounds`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Organisation
from twoway.staffing import StaffingInputError
from twoway.staffing.workarounds import PricingAssumptions, price_workaround, price_workarounds

from .models import Kind, Post, VoiceSettings

ASSUMPTION_FIELDS = (
    "cost_per_hour",
    "shrinkage",
    "occupancy",
    "aht_seconds",
    "paid_hours_per_shift",
    "shifts_per_week",
    "working_days_per_year",
)
ASSUMPTION_LABELS = {
    "cost_per_hour": _("Loaded cost per paid hour"),
    "shrinkage": _("Shrinkage (share of paid time off contacts)"),
    "occupancy": _("Occupancy (share of contact time handling one)"),
    "aht_seconds": _("Average handle time (seconds)"),
    "paid_hours_per_shift": _("Paid hours per shift"),
    "shifts_per_week": _("Shifts per week"),
    "working_days_per_year": _("Working days a year"),
}
REPRICE_BATCH = 2000


def settings_for(organisation: Organisation) -> VoiceSettings:
    """The organisation's voice settings, read once per organisation object (one request)."""
    return VoiceSettings.of(organisation)


def assumptions_of(voice_settings: VoiceSettings) -> PricingAssumptions:
    return PricingAssumptions(**{f: getattr(voice_settings, f) for f in ASSUMPTION_FIELDS})


@dataclass(frozen=True)
class Assumption:
    name: str
    label: str
    value: float


def assumption_rows(voice_settings: VoiceSettings) -> list[Assumption]:
    """Every assumption behind the money, as shown beside it."""
    rows = [
        Assumption(f, str(ASSUMPTION_LABELS[f]), getattr(voice_settings, f))
        for f in ASSUMPTION_FIELDS
    ]
    contacts = assumptions_of(voice_settings).contacts_per_shift
    rows.append(Assumption("contacts_per_shift", str(_("Contacts per agent per shift")), contacts))
    return rows


def price_post(post: Post, assumptions: PricingAssumptions) -> None:
    """Fill the post's hours a year from its figures (not saved; money and FTE follow); raises
    StaffingInputError naming the field when a figure is out of range."""
    if post.kind != Kind.WORKAROUND or post.minutes_lost is None:
        post.hours_per_year = None
        return
    cost = price_workaround(
        post.minutes_lost, post.how_often or 0, post.per, post.people_affected or 0, assumptions
    )
    post.hours_per_year = cost.hours_per_year


def priced_workarounds(organisation: Organisation) -> QuerySet[Post]:
    return Post.objects.filter(
        organisation=organisation, kind=Kind.WORKAROUND, minutes_lost__isnull=False
    )


def reprice_all(organisation: Organisation, assumptions: PricingAssumptions) -> int:
    """Price every workaround of the organisation again in one pass; returns how many.

    A workaround whose figures no longer fit the new assumptions (more lost per shift than
    the shift) keeps no price rather than a wrong one.
    """
    rows = list(
        priced_workarounds(organisation).values_list(
            "pk", "minutes_lost", "how_often", "per", "people_affected"
        )
    )
    if not rows:
        return 0
    ids, minutes, often, per, people = zip(*rows, strict=True)
    try:
        hours = price_workarounds(minutes, often, per, people, assumptions).hours_per_year.tolist()
    except StaffingInputError:
        hours = list(_one_by_one(rows, assumptions))
    values = [(h, pk) for pk, h in zip(ids, hours, strict=True)]
    update_rows(Post, ("hours_per_year",), values)
    return len(values)


def update_rows(model, columns: tuple[str, ...], values: list[tuple]) -> None:
    """One parameterised UPDATE per row, sent as a batch: `bulk_update`'s CASE expression
    grows with the batch and is far slower on tens of thousands of rows. Each tuple holds the
    columns' values, then the primary key. Plain SQL that SQLite and PostgreSQL both run."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(values), REPRICE_BATCH):
            cursor.executemany(sql, values[start : start + REPRICE_BATCH])


def _one_by_one(rows, assumptions: PricingAssumptions):
    for _pk, minutes, often, per, people in rows:
        try:
            yield price_workaround(minutes, often, per, people, assumptions).hours_per_year
        except StaffingInputError:
            yield None
