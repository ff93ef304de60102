"""What an API token may do, and the request counts its rate limit reads.

Kept beside `twoway.api.models.ApiToken` (one-to-one) rather than in it, so that the API app's
tables stay as they were: a token without a grant is a full token of its user with the default
rate, as every token was before grants existed.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from twoway.api.models import ApiToken

DEFAULT_REQUESTS_PER_MINUTE = 600
MAX_REQUESTS_PER_MINUTE = 100_000


class TokenGrant(models.Model):
    """Limits on top of the user's own scope: a token never sees more than its user."""

    token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, related_name="grant")
    # Read-only: GET and HEAD only; anything that writes answers 403.
    read_only = models.BooleanField(default=False)
    # Endpoint families the token may call ("units", "pulse", ...); empty: all of them.
    scopes = models.JSONField(default=list, blank=True)
    requests_per_minute = models.PositiveIntegerField(
        default=DEFAULT_REQUESTS_PER_MINUTE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REQUESTS_PER_MINUTE)],
    )

    def __str__(self) -> str:
        return f"grant of token {self.token_id}"


class RequestWindow(models.Model):
    """Requests one token made in one minute (`minute`: minutes since the Unix epoch).

    In the database, not a per-process cache, so that a token's limit holds across every app
    process behind the proxy.
    """

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "minute"], name="request_window_once")
        ]

    def __str__(self) -> str:
        return f"token {self.token_id} minute {self.minute}: {self.count}"
