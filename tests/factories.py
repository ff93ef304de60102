"""Builders shared by the tests: units, people, accounts, and the well-known `world`.

acme (Acme Care)
  Acme Care (center)            ← Vera, executive; admin account "admin" is not a person
    Lisbon (site)               ← Dora, director
      Team Lisbon 1 (team)      ← Tom, team lead; agents Ana, Ben, Cruz
      Team Lisbon 2 (team)      ← Tina, team lead; agents Dan, Eva
    Work at Home (virtual site) ← Mario, manager
      Team Home 1 (team)        ← Theo, team lead; agents Fay, Gus
globex (Globex) has one team and the user "outsider".
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from twoway.org.models import Membership, Organisation, Person, Role, Unit, UnitKind

PASSWORD = "correct horse battery"


def make_unit(org, name, parent=None, kind=UnitKind.TEAM, virtual=False) -> Unit:
    key = f"{parent.key}/{name.casefold()}" if parent else name.casefold()
    unit = Unit.objects.create(
        organisation=org,
        parent=parent,
        name=name,
        kind=kind,
        is_virtual=virtual,
        key=key,
        depth=parent.depth + 1 if parent else 0,
    )
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def make_person(org, employee_id, first, unit, role=Role.AGENT, manager=None, **extra) -> Person:
    return Person.objects.create(
        organisation=org,
        employee_id=employee_id,
        first_name=first,
        last_name="Example",
        unit=unit,
        role=role,
        manager=manager,
        hire_date=extra.pop("hire_date", datetime.date(2024, 1, 15)),
        **extra,
    )


def make_account(username, org, level=Membership.Level.MEMBER, person=None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, level=level)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


class World:
    """Attribute access to the fixture's organisations, units, people and users."""


def build_world() -> World:
    """The two organisations of the module docstring, with their people and accounts."""
    w = World()
    w.org = org = Organisation.objects.create(slug="acme", name="Acme Care")
    w.center = make_unit(org, "Acme Care", kind=UnitKind.CENTER)
    w.lisbon = make_unit(org, "Lisbon", w.center, UnitKind.SITE)
    w.home = make_unit(org, "Work at Home", w.center, UnitKind.SITE, virtual=True)
    w.team1 = make_unit(org, "Team Lisbon 1", w.lisbon)
    w.team2 = make_unit(org, "Team Lisbon 2", w.lisbon)
    w.team_home = make_unit(org, "Team Home 1", w.home)
    vera = make_person(org, "E001", "Vera", w.center, Role.EXECUTIVE)
    dora = make_person(org, "E002", "Dora", w.lisbon, Role.DIRECTOR, vera)
    mario = make_person(org, "E003", "Mario", w.home, Role.MANAGER, vera)
    tom = make_person(org, "E010", "Tom", w.team1, Role.TEAM_LEAD, dora)
    tina = make_person(org, "E020", "Tina", w.team2, Role.TEAM_LEAD, dora)
    theo = make_person(org, "E030", "Theo", w.team_home, Role.TEAM_LEAD, mario)
    ana = make_person(org, "E011", "Ana", w.team1, manager=tom, email="ana@acme.example")
    for eid, name in (("E012", "Ben"), ("E013", "Cruz")):
        make_person(org, eid, name, w.team1, manager=tom)
    for eid, name in (("E021", "Dan"), ("E022", "Eva")):
        make_person(org, eid, name, w.team2, manager=tina)
    for eid, name in (("E031", "Fay"), ("E032", "Gus")):
        make_person(org, eid, name, w.team_home, manager=theo, work_location="remote")
    w.people = {p.first_name: p for p in Person.objects.filter(organisation=org)}
    w.admin = make_account("admin", org, Membership.Level.ADMIN)
    w.director = make_account("dora", org, person=dora)
    w.manager = make_account("mario", org, person=mario)
    w.team_lead = make_account("tom", org, person=tom)
    w.agent = make_account("ana", org, person=ana)
    w.other_org = other = Organisation.objects.create(slug="globex", name="Globex")
    other_team = make_unit(other, "Globex Team")
    w.stranger = make_person(other, "G001", "Gina", other_team)
    w.outsider = make_account("outsider", other, Membership.Level.ADMIN)
    return w
