"""The demo contact center, built on top of every app (no app imports this package).

`load_demo` imports the roster through the normal import, gives each role a log-in, and adds a
closed diagnostic (`diagnostic.py`), 26 weeks of pulse (`pulse.py`), the leaders' answers
to it (`followups.py`), frontline voice (`voice.py`), a conversation about the ideal first
contact (`conversations.py`) and three change initiatives (`change.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from twoway.org.models import Membership, Organisation, Person
from twoway.org.services import create_organisation, import_roster

from .change import load_demo_change
from .conversations import load_demo_conversations
from .diagnostic import load_demo_diagnostic
from .followups import load_demo_actions
from .identity import load_demo_identity
from .pulse import load_demo_pulse
from .roster import demo_accounts, generate_roster, roster_csv
from .voice import load_demo_voice
from .walkthrough import load_demo_walkthrough

DEMO_PASSWORD = "twoway-demo"
DEMO_ORG = ("northwind", "Northwind Contact Center")
CLIENT_ORG = ("contoso", "Contoso Care")


@dataclass
class DemoLogin:
    role: str
    username: str
    sees: str


def load_roster(slug: str, name: str, people: int, seed: int) -> tuple[Organisation, list]:
    organisation = Organisation.objects.filter(slug=slug).first() or create_organisation(slug, name)
    rows = generate_roster(people=people, seed=seed, org_name=name)
    csv_text = roster_csv(rows)
    outcome = import_roster(
        organisation, csv_text.encode(), f"{slug}-demo-roster.csv", allow_mass_leave=True
    )
    if outcome.errors:
        first = outcome.errors[0]
        raise RuntimeError(f"The demo roster did not import: row {first.row}: {first.message}")
    return organisation, rows


def _account(username: str, organisation: Organisation, level: str, person: Person | None):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"level": level}
    )
    if person is not None and person.user_id != user.pk:
        Person.objects.filter(organisation=organisation, user=user).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
    return user


@transaction.atomic
def load_demo(people: int = 1300, seed: int = 7) -> list[DemoLogin]:
    organisation, rows = load_roster(*DEMO_ORG, people=people, seed=seed)
    client, _ = load_roster(*CLIENT_ORG, people=120, seed=seed + 1)
    logins = [DemoLogin("admin", "admin", "the whole organisation")]
    _account("admin", organisation, Membership.Level.ADMIN, None)
    for role, employee_id in demo_accounts(rows):
        person = Person.objects.select_related("unit").get(
            organisation=organisation, employee_id=employee_id
        )
        username = role.lower().replace(" ", "")
        _account(username, organisation, Membership.Level.MEMBER, person)
        logins.append(DemoLogin(role, username, f"{person.unit.name} (as {person.full_name})"))
    _account("consultant", organisation, Membership.Level.CONSULTANT, None)
    _account("consultant", client, Membership.Level.CONSULTANT, None)
    load_demo_diagnostic(organisation, seed=seed)
    load_demo_pulse(organisation, seed=seed)
    load_demo_actions(organisation)
    load_demo_voice(organisation, seed=seed)
    load_demo_conversations(organisation, seed=seed)
    load_demo_change(organisation, seed=seed)
    load_demo_identity(organisation)
    load_demo_walkthrough(organisation)
    logins.append(DemoLogin("consultant", "consultant", f"{organisation.name} and {client.name}"))
    return logins
