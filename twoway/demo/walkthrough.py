"""What a new user walks into on the demo: a pulse wave open now (the agent has not answered
it yet, so their home shows it), a sample business case, and the manager's weekly report e-mail.

Idempotent: each part is made once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from twoway.cases.casedata import new_case_data
from twoway.cases.models import BusinessCase
from twoway.cases.services import create_case
from twoway.org.access import scope_for
from twoway.org.models import Organisation, Person
from twoway.pulse.models import Weekday
from twoway.workspace.models import ReportSubscription
from twoway.workspace.services import subscribe

from .pulse import load_demo_live_wave

SAMPLE_CASE = "New agent desktop: faster wrap-up, fewer repeat calls"


def load_demo_walkthrough(organisation: Organisation) -> None:
    agent = Person.objects.filter(organisation=organisation, user__username="agent").first()
    load_demo_live_wave(organisation, frozenset({agent.pk}) if agent else frozenset())
    manager = get_user_model().objects.filter(username="manager").first()
    if manager is not None:
        load_sample_case(organisation, manager)
        load_report_email(organisation, manager)


def load_sample_case(organisation: Organisation, owner) -> BusinessCase:
    """The desktop rollout priced: 25 seconds off handle time, first-contact resolution up
    three points, a one-off cost and a yearly licence."""
    existing = BusinessCase.objects.filter(organisation=organisation, name=SAMPLE_CASE).first()
    if existing is not None:
        return existing
    data, inputs = new_case_data()
    data["name"] = SAMPLE_CASE
    data["description"] = (
        "The rollout of weeks 8 to 14, priced: what the new desktop saves once agents are "
        "fluent, against what it costs."
    )
    data["scenarios"] = [
        {
            "name": "New desktop",
            "aht_seconds_saved": 25.0,
            "fcr_gain": 0.03,
            "one_off_cost": 180000.0,
            "running_cost_per_year": 24000.0,
        }
    ]
    return create_case(organisation, owner, data, inputs)


def load_report_email(organisation: Organisation, user) -> None:
    scope = scope_for(user, organisation)
    if scope is None or scope.person is None:
        return
    if not ReportSubscription.objects.filter(user=user, organisation=organisation).exists():
        subscribe(scope, user, scope.person.unit, Weekday.MONDAY)
