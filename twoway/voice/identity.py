"""Who is posting or voting, and the keyed hashes that stand for them.

A person reaches the board three ways: signed in, through their personal pulse link, or
through their team's code and their employee ID. The link and the code start a short
session on the device (`VISIT_SECONDS`); the session holds the person's id, which the
server needs to enforce one vote per person, and nothing that is ever written next to a post
or a ballot.

`person_key(organisation, person, purpose)` is an HMAC-SHA-256 of the server's secret over
the three: it lets a table tell that two votes come from one person without naming them,
and without the secret nobody can compute it for a given person. It is stored only in
`Ballot` and `Flag`, and returned by no view, export or API.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings

from twoway.org.access import Scope, scope_for
from twoway.org.models import LEADER_ROLES, Organisation, Person

SESSION_KEY = "voice_visit"
VISIT_SECONDS = 30 * 60  # a shared kiosk device forgets the person after half an hour
VOTE = "vote"
REPORT = "report"
CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def person_key(organisation_id: int, person_id: int, purpose: str) -> str:
    message = f"twoway-voice:{organisation_id}:{person_id}:{purpose}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_receipt_token() -> str:
    return secrets.token_urlsafe(24)


def hash_receipt(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_post_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


@dataclass(frozen=True)
class Viewer:
    """Whoever looks at the board: an account's scope, a visiting person, or both."""

    organisation: Organisation
    person: Person | None
    scope: Scope | None  # None for a visitor through a link or a team code
    via: str  # "account", "link" or "code"

    @property
    def is_moderator(self) -> bool:
        return self.scope is not None and self.scope.is_admin

    @property
    def leads(self) -> bool:
        return self.scope is not None and self.scope.sees_people

    @property
    def is_leader(self) -> bool:
        return self.person is not None and self.person.role in LEADER_ROLES

    def key(self, purpose: str) -> str | None:
        if self.person is None:
            return None
        return person_key(self.organisation.pk, self.person.pk, purpose)


def remember_visit(request, person: Person, via: str) -> None:
    """Start a visit on this device; a new visit replaces any other."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "org": person.organisation_id,
        "person": person.pk,
        "via": via,
        "until": time.time() + VISIT_SECONDS,
    }


def end_visit(request) -> None:
    request.session.pop(SESSION_KEY, None)


def visiting_person(request, organisation: Organisation) -> tuple[Person | None, str]:
    visit = request.session.get(SESSION_KEY)
    if not visit or visit.get("org") != organisation.pk or visit.get("until", 0) < time.time():
        return None, ""
    person = (
        Person.objects.select_related("unit")
        .filter(pk=visit.get("person"), organisation=organisation, is_active=True)
        .first()
    )
    return person, visit.get("via", "")


def viewer_for(request, organisation: Organisation) -> Viewer | None:
    """The viewer of the organisation's board, or None when this request has no way in."""
    scope = scope_for(request.user, organisation)
    if scope is not None:
        return Viewer(organisation, scope.person, scope, "account")
    person, via = visiting_person(request, organisation)
    if person is not None:
        return Viewer(organisation, person, None, via)
    return None
