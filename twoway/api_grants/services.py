"""Issuing, listing and revoking tokens with their grants, and counting requests per minute.

Issuing and revoking write an audit entry in every organisation the token's user belongs to,
since the token acts in each of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F

from twoway.api.models import ApiToken
from twoway.org.models import AuditEvent, Organisation
from twoway.org.services import audit

from .models import DEFAULT_REQUESTS_PER_MINUTE, MAX_REQUESTS_PER_MINUTE, RequestWindow, TokenGrant

WINDOW_SECONDS = 60


class GrantError(ValueError):
    """A grant that cannot be made; `field` names the option at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Limits:
    read_only: bool
    scopes: tuple[str, ...]  # empty: every endpoint family
    requests_per_minute: int

    def allows(self, family: str, method: str) -> bool:
        if self.read_only and method not in ("GET", "HEAD", "OPTIONS"):
            return False
        return not self.scopes or family in self.scopes


FULL = Limits(False, (), DEFAULT_REQUESTS_PER_MINUTE)


def limits_of(token: ApiToken) -> Limits:
    """The token's limits; a token issued before grants existed has the full, default ones."""
    grant = getattr(token, "grant", None)
    if grant is None:
        return FULL
    return Limits(grant.read_only, tuple(grant.scopes), grant.requests_per_minute)


def issue_token(
    user,
    name: str,
    *,
    read_only: bool = False,
    scopes: list[str] | None = None,
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE,
    known_scopes: set[str] | None = None,
    actor=None,
) -> tuple[ApiToken, str]:
    """A new token with its grant; returns it and its key, which is shown this once only."""
    chosen = sorted(set(scopes or []))
    unknown = [s for s in chosen if known_scopes is not None and s not in known_scopes]
    if unknown:
        raise GrantError(
            "scope",
            f"{unknown[0]!r} is not an endpoint family; known: {sorted(known_scopes or ())}",
        )
    if not 1 <= requests_per_minute <= MAX_REQUESTS_PER_MINUTE:
        raise GrantError(
            "rate_limit", f"must be between 1 and {MAX_REQUESTS_PER_MINUTE} requests a minute"
        )
    with transaction.atomic():
        token, key = ApiToken.issue(user, name[:100])
        TokenGrant.objects.create(
            token=token,
            read_only=read_only,
            scopes=chosen,
            requests_per_minute=requests_per_minute,
        )
        _audit_all(
            user,
            actor,
            f"API token “{token.name}” issued for {user.get_username()}",
            token=token.pk,
            read_only=read_only,
            scopes=chosen,
            requests_per_minute=requests_per_minute,
        )
    return token, key


def revoke_token(token: ApiToken, actor=None) -> None:
    with transaction.atomic():
        _audit_all(
            token.user,
            actor,
            f"API token “{token.name}” of {token.user.get_username()} revoked",
            token=token.pk,
        )
        token.delete()


def _audit_all(user, actor, summary: str, **details) -> None:
    for organisation in Organisation.objects.filter(memberships__user=user):
        audit(organisation, actor, AuditEvent.Kind.ACCESS_GRANTED, summary, **details)


def count_request(token: ApiToken, limit: int, now: float) -> float | None:
    """Count one request of the token in the current minute: None while within the limit,
    else the seconds until the minute ends (for Retry-After)."""
    minute = int(now // WINDOW_SECONDS)
    window = RequestWindow.objects.filter(token=token, minute=minute)
    if not window.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RequestWindow.objects.create(token=token, minute=minute, count=1)
        except IntegrityError:  # another process opened the minute first
            window.update(count=F("count") + 1)
        RequestWindow.objects.filter(token=token, minute__lt=minute - 1).delete()
    count = window.values_list("count", flat=True).first() or 0
    if count <= limit:
        return None
    return max(1.0, math.ceil((minute + 1) * WINDOW_SECONDS - now))
