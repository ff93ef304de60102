"""Voice news to the organisation's channels: a unit's webhook or team mailbox (the nearest
`UnitChannel` at or above the unit), else the organisation's voice webhook.

Messages name a post by its title and link, never a person: authors follow their post on its
receipt page, and voters on "My votes", which only they can open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from twoway.notify.email import OutgoingEmail, send_emails
from twoway.notify.webhooks import post_webhook
from twoway.org.models import Unit

from .models import UnitChannel
from .pricing import settings_for


@dataclass(frozen=True)
class Channel:
    webhook_url: str
    webhook_kind: str
    email: str


def channel_for(unit: Unit) -> Channel | None:
    """The nearest channel at or above `unit`, else the organisation's webhook, else None."""
    ids = unit.ancestor_ids()
    found = {c.unit_id: c for c in UnitChannel.objects.filter(unit_id__in=ids)}
    for unit_id in reversed(ids):
        if unit_id in found:
            c = found[unit_id]
            return Channel(c.webhook_url, c.webhook_kind, c.email)
    voice_settings = settings_for(unit.organisation)
    if voice_settings.webhook_url and voice_settings.webhook_kind:
        return Channel(voice_settings.webhook_url, voice_settings.webhook_kind, "")
    return None


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def post_link(post) -> str:
    return absolute(
        reverse("voice_post", kwargs={"slug": post.organisation.slug, "code": post.code})
    )


def send_to_channel(channel: Channel, title: str, text: str, link: str, link_label: str) -> bool:
    """Post to the webhook and mail the team mailbox; True when something was delivered."""
    delivered = False
    if channel.webhook_url and channel.webhook_kind:
        outcome = post_webhook(
            channel.webhook_url,
            kind=channel.webhook_kind,  # type: ignore[arg-type]
            title=title,
            text=text,
            link=link,
            link_label=link_label,
        )
        delivered = delivered or outcome.ok
    if channel.email:
        report = send_emails(
            [OutgoingEmail(to=channel.email, subject=title, text=f"{text}\n\n{link}\n")]
        )
        delivered = delivered or bool(report.sent)
    return delivered
