"""`twoway api_token USERNAME [--name NAME] [--read-only] [--scope FAMILY ...] [--rate-limit N]`:
issue a token for scripts (the key is printed once); `--list` shows a user's tokens and
`--revoke ID` deletes one.

A token acts as its user and never sees more than the user's scope. `--read-only` allows GET
only; `--scope` (repeat it, or give a comma list) limits it to endpoint families such as
`units`, `people`, `campaigns`, `pulse`, `actions`, `cases`, `staffing`, `voice`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from twoway.api.api import api
from twoway.api.models import ApiToken
from twoway.api.security import family_of_route
from twoway.api_grants.models import DEFAULT_REQUESTS_PER_MINUTE
from twoway.api_grants.services import GrantError, issue_token, limits_of, revoke_token


def endpoint_families() -> set[str]:
    """Every family some endpoint of the API belongs to, read from its URL routes."""
    patterns = api.urls[0]
    return {family_of_route(str(p.pattern)) for p in patterns} - {"", "docs", "openapi.json"}


class Command(BaseCommand):
    help = (
        "Issue an API token for a user (read-only, limited to some endpoint families, with a "
        "rate limit); the key is printed once and stored only hashed."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="script", help="what the token is for")
        parser.add_argument("--read-only", action="store_true", help="GET requests only")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            metavar="FAMILY",
            help="an endpoint family the token may call (repeat, or comma-separated); default: all",
        )
        parser.add_argument(
            "--rate-limit",
            type=int,
            default=DEFAULT_REQUESTS_PER_MINUTE,
            metavar="N",
            help=f"requests a minute (default {DEFAULT_REQUESTS_PER_MINUTE})",
        )
        parser.add_argument("--list", action="store_true", help="list the user's tokens")
        parser.add_argument("--revoke", type=int, metavar="ID", help="delete the token ID")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if options["list"]:
            return self.list_tokens(user)
        if options["revoke"] is not None:
            return self.revoke(user, options["revoke"])
        scopes = [s.strip() for value in options["scope"] for s in value.split(",") if s.strip()]
        try:
            _, key = issue_token(
                user,
                options["name"],
                read_only=options["read_only"],
                scopes=scopes,
                requests_per_minute=options["rate_limit"],
                known_scopes=endpoint_families(),
            )
        except GrantError as error:
            flag = {"scope": "--scope", "rate_limit": "--rate-limit"}[error.field]
            raise CommandError(f"{flag}: {error.message}") from None
        self.stdout.write(key)

    def list_tokens(self, user) -> None:
        tokens = ApiToken.objects.filter(user=user).select_related("grant").order_by("pk")
        for token in tokens:
            limits = limits_of(token)
            scopes = ",".join(limits.scopes) or "all"
            access = "read-only" if limits.read_only else "read-write"
            self.stdout.write(
                f"{token.pk}\t{token.name}\t{access}\t{scopes}\t"
                f"{limits.requests_per_minute}/min\t{token.created_at:%Y-%m-%d}"
            )

    def revoke(self, user, token_id: int) -> None:
        token = ApiToken.objects.filter(user=user, pk=token_id).first()
        if token is None:
            raise CommandError(f"{user.get_username()} has no token {token_id}.")
        revoke_token(token)
        self.stdout.write(f"Token {token_id} revoked.")
