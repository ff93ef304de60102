"""Tokens for integrations: a user's access, for scripts. Only a hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with its key, which is shown this once only."""
        key = "tw_" + secrets.token_urlsafe(30)
        return cls.objects.create(user=user, name=name, key_hash=hash_key(key)), key
