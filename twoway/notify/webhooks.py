"""Slack and Microsoft Teams incoming webhooks, through the standard library.

`post_webhook` validates the address (https only; plain http only to this machine, for tests),
posts a message card, retries once on a server error or a broken connection, and returns a
`WebhookOutcome` instead of raising. Redirects are not followed: a webhook that answers with
one is misconfigured, and following it could send the message somewhere nobody chose. Error
texts never repeat the address, because a webhook address is a secret.

Teams gets an Adaptive Card inside a "message" envelope, which both the Workflows webhooks
("When a Teams webhook request is received") and the older connector webhooks accept.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from typing import Literal
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

Kind = Literal["slack", "teams"]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
TIMEOUT_S = 10.0
RETRY_DELAY_S = 1.0
# Slack's limits on block text; longer text is cut with an ellipsis rather than refused.
SLACK_HEADER_MAX = 150
SLACK_SECTION_MAX = 3000
BUTTON_MAX = 75


@dataclass(frozen=True)
class WebhookOutcome:
    """`ok` when the service accepted the message; `status` is the last HTTP status seen."""

    ok: bool
    status: int | None = None
    error: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


_OPENER = urllib.request.build_opener(_NoRedirects)


def webhook_url_error(url: str) -> str:
    """Why a webhook address is refused, or "" when it is acceptable."""
    try:
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        host = parts.hostname if parts else None
    except ValueError:
        return _("This is not a valid web address.")
    if parts is None or not host:
        return _("This is not a valid web address.")
    if any(ch.isspace() for ch in url.strip()):
        return _("A webhook address cannot contain spaces.")
    if parts.scheme == "https":
        return ""
    if parts.scheme == "http" and host in LOCAL_HOSTS:
        return ""
    return _("A webhook address must start with https://.")


def slack_payload(*, title: str, text: str, link: str | None, link_label: str) -> dict:
    """Slack Block Kit: a header, the text, and a button; `text` is the notification fallback."""
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(title, SLACK_HEADER_MAX)}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _cut(_slack_escape(text), SLACK_SECTION_MAX)},
        },
    ]
    if link:
        button = {"type": "plain_text", "text": _cut(link_label, BUTTON_MAX)}
        blocks.append(
            {"type": "actions", "elements": [{"type": "button", "text": button, "url": link}]}
        )
    fallback = f"{title}: {text}" + (f" {link}" if link else "")
    return {"text": _slack_escape(fallback), "blocks": blocks}


def teams_payload(*, title: str, text: str, link: str | None, link_label: str) -> dict:
    """A Teams message carrying one Adaptive Card (version 1.4)."""
    card: dict = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": title,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {"type": "TextBlock", "text": text, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": _cut(link_label, BUTTON_MAX), "url": link}
        ]
    attachment = {
        "contentType": "application/vnd.microsoft.card.adaptive",
        "contentUrl": None,
        "content": card,
    }
    return {"type": "message", "attachments": [attachment]}


def post_webhook(
    url: str,
    *,
    kind: Kind,
    title: str,
    text: str,
    link: str | None = None,
    link_label: str | None = None,
    timeout: float = TIMEOUT_S,
    retry_delay: float = RETRY_DELAY_S,
) -> WebhookOutcome:
    """Post a message to a Slack or Teams incoming webhook; never raises."""
    problem = webhook_url_error(url)
    if problem:
        return WebhookOutcome(ok=False, error=problem)
    builders = {"slack": slack_payload, "teams": teams_payload}
    if kind not in builders:
        return WebhookOutcome(ok=False, error=_("Unknown webhook kind: %(kind)s") % {"kind": kind})
    payload = builders[kind](title=title, text=text, link=link, link_label=link_label or _("Open"))
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    outcome = _post_once(url.strip(), body, timeout)
    if not outcome.ok and _worth_retrying(outcome):
        time.sleep(retry_delay)
        outcome = _post_once(url.strip(), body, timeout)
    return outcome


def _post_once(url: str, body: bytes, timeout: float) -> WebhookOutcome:
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "twoway"},
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return WebhookOutcome(ok=True, status=response.status)
    except urllib.error.HTTPError as error:
        detail = error.read(200).decode("utf-8", errors="replace").strip()
        return WebhookOutcome(
            ok=False, status=error.code, error=f"HTTP {error.code} {detail}".strip()
        )
    except urllib.error.URLError as error:
        return WebhookOutcome(
            ok=False, error=_("Connection failed: %(reason)s") % {"reason": error.reason}
        )
    except (HTTPException, OSError, ValueError) as error:
        return WebhookOutcome(
            ok=False, error=_("Connection failed: %(reason)s") % {"reason": error}
        )


def _worth_retrying(outcome: WebhookOutcome) -> bool:
    """Server errors and broken connections may pass a second time; a 4xx will not."""
    return outcome.status is None or outcome.status >= 500


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _slack_escape(text: str) -> str:
    """Slack reads &, < and > as markup; these three must be escaped, nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
