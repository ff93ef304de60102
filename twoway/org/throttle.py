"""Log-in throttling: a few failures per account and address, then a pause."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def throttle_key(username: str, address: str) -> str:
    return f"{username.strip().casefold()}|{address}"


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def is_throttled(key: str) -> bool:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(key=key, at__gte=since).count()
    return recent >= settings.LOGIN_FAILURE_LIMIT


def record_failure(key: str) -> None:
    now = timezone.now()
    LoginFailure.objects.filter(
        at__lt=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    ).delete()
    LoginFailure.objects.create(key=key, at=now)


def clear_failures(key: str) -> None:
    LoginFailure.objects.filter(key=key).delete()
