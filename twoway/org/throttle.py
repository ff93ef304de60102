"""Log-in throttling that slows guessing without handing anyone a way to lock others out.

Failures are counted three ways, in a sliding window (LOGIN_FAILURE_WINDOW_SECONDS):

- per account, for browsers the account has not logged in from: LOGIN_FAILURE_LIMIT wrong
  passwords and such browsers must wait. This is what stops guessing one account's password.
- per client address, for those same browsers, whatever the account: LOGIN_ADDRESS_FAILURE_LIMIT
  failures and the address waits. This is what stops password spraying (one guess at many
  accounts), which no per-account counter sees.
- per device: a browser that logged in to the account before holds a signed device cookie
  (OWASP's "device cookies"). It is not held back by the two counters above, so an attacker who
  trips them does not lock the owner out; it has its own counter, so a stolen laptop cannot
  guess for ever either.

While a counter is full the password is not even checked, so the answer leaks nothing. The
client address is the peer's, or, when the peer is one of TRUSTED_PROXIES, the last address
of X-Forwarded-For that is not a trusted proxy: without that, every client behind a reverse
proxy would share the proxy's address. IPv6 addresses count by their /64 network, the block
one subscriber gets.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import LoginFailure

DEVICE_COOKIE = "twoway_device"
DEVICE_DAYS = 180
_DEVICE_SALT = "twoway.org.device"


def client_address(request) -> str:
    """The client's address (IPv6 as its /64), read through trusted proxies only."""
    peer = request.META.get("REMOTE_ADDR", "")
    if _is_trusted_proxy(peer):
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        untrusted = [h for h in hops if not _is_trusted_proxy(h)]
        peer = untrusted[-1] if untrusted else (hops[0] if hops else peer)
    return _counted_as(peer)


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def _counted_as(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def account_key(username: str) -> str:
    return f"account:{username.strip().casefold()}"[:300]


@dataclass(frozen=True)
class LoginAttempt:
    """One log-in attempt: the account tried, the client's address, and its device cookie's
    nonce when the browser logged in to that account before."""

    username: str
    address: str
    device: str | None

    @classmethod
    def of(cls, request, username: str) -> LoginAttempt:
        return cls(username, client_address(request), trusted_device(request, username))

    def counters(self) -> list[tuple[str, int]]:
        """The (key, limit) pairs this attempt is charged to and held back by."""
        if self.device:
            return [(f"device:{self.device}", settings.LOGIN_FAILURE_LIMIT)]
        return [
            (account_key(self.username), settings.LOGIN_FAILURE_LIMIT),
            (f"address:{self.address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT),
        ]

    def is_throttled(self) -> bool:
        return any(recent_count(key) >= limit for key, limit in self.counters())

    def failed(self) -> None:
        record_failures([key for key, _limit in self.counters()])

    def succeeded(self) -> None:
        """A right password from a new browser ends that account's run of failures; the
        address keeps its count, so spraying from it stays slowed."""
        clear_failures(self.counters()[0][0])


def recent_count(key: str) -> int:
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(key=key, at__gte=since).count()


def record_failures(keys: list[str]) -> None:
    now = timezone.now()
    LoginFailure.objects.filter(
        at__lt=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    ).delete()
    LoginFailure.objects.bulk_create([LoginFailure(key=key, at=now) for key in keys])


def clear_failures(key: str) -> None:
    LoginFailure.objects.filter(key=key).delete()


def count_request(key: str, limit: int) -> bool:
    """Count one use of something throttled per address (password-reset e-mails); False
    when the address has used up its limit in the window."""
    if recent_count(key) >= limit:
        return False
    record_failures([key])
    return True


# --- device cookies ----------------------------------------------------------------------


def trusted_device(request, username: str) -> str | None:
    """The nonce of the browser's device cookie when it was issued for this account."""
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        payload = signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("u") != account_key(username):
        return None
    return str(payload.get("n", ""))[:32] or None


def remember_device(response, username: str) -> None:
    """Give the browser that just logged in a device cookie for this account."""
    payload = {"u": account_key(username), "n": secrets.token_hex(12)}
    value = signing.dumps(payload, salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
