"""Invitation tokens and team codes.

Invitation tokens are derived with an HMAC of the server's secret, so a reminder can resend
the same link, and only their SHA-256 is stored: a leaked database does not yield working
links. A token identifies an invitation, never a response.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

KIOSK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a huddle


def invitation_token(campaign_id: int, person_id: int, version: int = 0) -> str:
    """The invitation's link token; `version` counts the links an admin resent (0: the first,
    whose message is unchanged, so links sent before versions existed still work)."""
    message = f"twoway-invitation:{campaign_id}:{person_id}".encode()
    if version:
        message += f":{version}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()
    return digest[:18].hex()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_kiosk_code() -> str:
    return "".join(secrets.choice(KIOSK_ALPHABET) for _ in range(6))
