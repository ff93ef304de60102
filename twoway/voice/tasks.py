"""Background tasks of frontline voice; payloads carry ids of posts and answers, never a person.

`voice_daily` ranks the board again (hot scores age) and sends the weekly kudos digest; it is
enqueued by the first board view of each day (`board.ensure_daily`) and by `twoway voice_tick`.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .channels import channel_for, post_link, send_to_channel
from .models import Answer, Kudos, Status, VoiceSettings
from .ranking import refresh_rankings

DIGEST_DAYS = 7
DIGEST_LINES = 10


@task()
def notify_status_change(answer_id: int) -> bool:
    """Tell the post's unit that its status changed, with the official answer."""
    answer = (
        Answer.objects.select_related("post__unit__organisation", "post__organisation")
        .filter(pk=answer_id)
        .first()
    )
    if answer is None:
        return False
    post = answer.post
    channel = channel_for(post.unit)
    if channel is None:
        return False
    title = _("“%(title)s” is now %(status)s") % {
        "title": post.title[:80],
        "status": Status(answer.status).label.lower(),
    }
    text = answer.text or _("There is news on a post your team follows.")
    return send_to_channel(channel, title, text, post_link(post), _("Read the answer"))


@task()
def voice_daily(organisation_id: int) -> int:
    """Rank the board again and send the kudos digest when a week has passed."""
    changed = refresh_rankings(organisation_id)
    send_kudos_digests(organisation_id)
    return changed


def send_kudos_digests(organisation_id: int, today: datetime.date | None = None) -> int:
    """One message per unit with kudos of the last week, to the unit's channel."""
    today = today or timezone.localdate()
    voice_settings, _created = VoiceSettings.objects.get_or_create(organisation_id=organisation_id)
    if voice_settings.digest_on and (today - voice_settings.digest_on).days < DIGEST_DAYS:
        return 0
    since = today - datetime.timedelta(days=DIGEST_DAYS)
    kudos = Kudos.objects.filter(
        organisation_id=organisation_id, hidden=False, created_on__gt=since
    ).select_related("unit__organisation", "to_person")
    by_unit: dict[int, list[Kudos]] = {}
    for item in kudos:
        by_unit.setdefault(item.unit_id, []).append(item)
    sent = 0
    for items in by_unit.values():
        channel = channel_for(items[0].unit)
        if channel is None:
            continue
        lines = [f"• {_kudos_line(k)}" for k in items[:DIGEST_LINES]]
        title = _("Kudos this week: %(unit)s") % {"unit": items[0].unit.name}
        sent += send_to_channel(channel, title, "\n".join(lines), "", "")
    VoiceSettings.objects.filter(pk=voice_settings.pk).update(digest_on=today)
    return sent


def _kudos_line(kudos: Kudos) -> str:
    who = kudos.to_person.full_name if kudos.to_person else kudos.unit.name
    return f"{who}: {kudos.message[:200]} ({kudos.from_label})"
