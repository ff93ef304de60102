"""Kudos reads and writes: named by nature (who gave it, to whom), a feed per unit subtree."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from twoway.org.models import Organisation, Person, Unit

from .models import Kudos, Post, Status

FEED_SIZE = 50


def give_kudos(organisation: Organisation, giver: Person, data: dict) -> Kudos:
    to_person = data.get("to_person")
    unit = to_person.unit if to_person else data["to_unit"]
    post = data.get("post")
    with transaction.atomic():
        return Kudos.objects.create(
            organisation=organisation,
            unit=unit,
            to_person=to_person,
            from_person=giver,
            from_label=giver.full_name,
            message=data["message"].strip(),
            post=post if post is not None and post.status == Status.DONE else None,
            created_on=timezone.localdate(),
        )


def hide_kudos(kudos: Kudos) -> None:
    kudos.hidden = True
    kudos.save(update_fields=["hidden"])


def kudos_feed(organisation: Organisation, unit: Unit | None) -> list[Kudos]:
    """Visible kudos of the unit and the units under it, newest first (whole org without one)."""
    feed = Kudos.objects.filter(organisation=organisation, hidden=False)
    if unit is not None:
        feed = feed.filter(unit__path__startswith=unit.path)
    return list(feed.select_related("unit", "to_person", "post")[:FEED_SIZE])


def done_posts(organisation: Organisation):
    return Post.objects.filter(organisation=organisation, status=Status.DONE)
