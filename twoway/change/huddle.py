"""What change initiatives add to a team's huddle: where we are heading (the vision line),
the changes active for the team with what to do differently this week, and recent wins.

They are sections of `twoway.followups.huddle` (registered in `ChangeConfig.ready()`), so the
follow-ups' PDF one-pager carries them too; `huddle_page` composes the whole huddle for the
team's printable HTML page.
"""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.followups.huddle import HuddleSection, build_huddle
from twoway.org.models import Unit

from .models import ENDED_STATUSES, Channel, Initiative, Message, Phase, Status, VisionLine, Win

WINS_SHOWN = 3
POINTS_DAYS = 7  # huddle talking points show from their day for a week


def vision_line(unit: Unit) -> VisionLine | None:
    """The nearest vision at or above the team, else the organisation's."""
    ids = unit.ancestor_ids()
    lines = {
        line.unit_id: line
        for line in VisionLine.objects.filter(organisation_id=unit.organisation_id).filter(
            Q(unit_id__in=ids) | Q(unit__isnull=True)
        )
    }
    for pk in reversed(ids):
        if pk in lines:
            return lines[pk]
    return lines.get(None)


def active_phases(unit: Unit, today: datetime.date) -> list[Phase]:
    """Phases covering the team today (from their start to sustain-until), of initiatives
    under way (not proposed, not ended)."""
    return list(
        Phase.objects.filter(
            units__in=unit.ancestor_ids(), start__lte=today, sustain_until__gte=today
        )
        .exclude(initiative__status__in=[*ENDED_STATUSES, Status.PROPOSED])
        .select_related("initiative")
        .distinct()
        .order_by("go_live", "pk")
    )


def stage(phase: Phase, today: datetime.date) -> str:
    if today < phase.go_live:
        return _("getting ready, goes live on %(day)s") % {"day": phase.go_live.isoformat()}
    if today == phase.go_live:
        return _("goes live today")
    return _("live since %(day)s") % {"day": phase.go_live.isoformat()}


def talking_points(
    phases: list[Phase], unit: Unit, today: datetime.date
) -> dict[int, list[Message]]:
    """Huddle talking points of these phases shown this week, for the team, per phase."""
    since = today - datetime.timedelta(days=POINTS_DAYS - 1)
    points = (
        Message.objects.filter(
            phase__in=phases, channel=Channel.HUDDLE, due_on__range=(since, today)
        )
        .prefetch_related("units")
        .order_by("due_on", "pk")
    )
    above = set(unit.ancestor_ids())
    found: dict[int, list[Message]] = {}
    for message in points:
        named = {u.pk for u in message.units.all()}
        if not named or named & above:
            found.setdefault(message.phase_id, []).append(message)
    return found


def changes_section(unit: Unit) -> HuddleSection | None:
    today = timezone.localdate()
    phases = active_phases(unit, today)
    if not phases:
        return None
    points = talking_points(phases, unit, today)
    lines = []
    for phase in phases:
        initiative = phase.initiative
        lines.append(f"{initiative.title}: {stage(phase, today)}.")
        this_week = [f"{m.title}: {m.body}" for m in points.get(phase.pk, [])]
        doing = " ".join(this_week) or initiative.what_changes
        if doing:
            lines.append(_("This week: %(what)s") % {"what": doing})
    return HuddleSection(_("Changes under way"), tuple(lines), order=40)


def wins_section(unit: Unit) -> HuddleSection | None:
    initiatives = Initiative.objects.filter(
        phases__units__in=unit.ancestor_ids(), organisation_id=unit.organisation_id
    ).exclude(status__in=[Status.ABANDONED, Status.PROPOSED])
    wins = list(
        Win.objects.filter(initiative__in=initiatives)
        .select_related("initiative")
        .distinct()[:WINS_SHOWN]
    )
    if not wins:
        return None
    lines = tuple(f"{w.text} ({w.initiative.title}, {w.logged_on.isoformat()})" for w in wins)
    return HuddleSection(_("Wins"), lines, order=60)


def vision_section(unit: Unit) -> HuddleSection | None:
    line = vision_line(unit)
    if line is None:
        return None
    return HuddleSection(_("Where we are heading"), (line.text,), order=5)


def huddle_page(unit: Unit):
    """The follow-ups' huddle (pulse in plain words, "you said, we did", next pulse's QR
    code) with every registered section, ours included."""
    return build_huddle(unit)
