"""Global search: people and units of the reader's scope, diagnostics, and the pages of twoway.

Everything found is something the reader could open from the menu: people and units only for
those who lead people (their scope's), pages only where the reader's level lets them in. Matching
ignores case and accents, so "lucia" finds Lucía.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from twoway.org.access import Scope
from twoway.org.naming import label_units
from twoway.pulse.models import PulseSchedule
from twoway.surveys.models import Campaign

MAX_PEOPLE = 20
MAX_UNITS = 20
MIN_QUERY = 2

EVERYONE, LEADERS, ADMINS = "everyone", "leaders", "admins"

# (title, url name, who may open it, more words it answers to)
PAGES = [
    (_("Home"), "org_home", EVERYONE, _("start dashboard")),
    (_("My team"), "pulse_manager_home", LEADERS, _("dashboard manager team ranked focus")),
    (_("Diagnostics"), "surveys", LEADERS, _("alignment diagnostic campaign survey heatmap")),
    (_("Pulse"), "pulse_home", LEADERS, _("pulse trends waves index enps")),
    (_("Alerts"), "pulse_alerts", LEADERS, _("alerts drop participation history")),
    (_("Actions"), "actions", LEADERS, _("actions follow-up plan")),
    (_("Business cases"), "cases", LEADERS, _("business case staffing erlang fte money")),
    (_("Workaround cost"), "workaround_cost", LEADERS, _("workaround price minutes")),
    (_("Unit tree"), "units", LEADERS, _("units sites teams tree")),
    (_("People"), "people", LEADERS, _("people agents roster")),
    (_("Report e-mails"), "report_subscriptions", LEADERS, _("scheduled e-mail digest weekly")),
    (_("Frontline voice"), "voice_board", EVERYONE, _("voice ideas workarounds votes")),
    (_("You said, we did"), "actions_team", EVERYONE, _("notes team feedback")),
    (_("Changes"), "change_portfolio", EVERYONE, _("change initiatives rollout adoption")),
    (_("Vision"), "change_vision", LEADERS, _("vision line of sight goals")),
    (_("Conversations"), "conversations", EVERYONE, _("conversations statements votes")),
    (_("Import roster"), "roster_import", ADMINS, _("roster import sync csv xlsx")),
    (_("Access"), "access", ADMINS, _("access accounts levels admin")),
    (_("Pulse schedules"), "pulse_schedules", ADMINS, _("pulse schedules cadence")),
    (_("Job titles and roles"), "role_mapping", ADMINS, _("job titles roles mapping")),
    (_("Audit log"), "audit", ADMINS, _("audit log history changes")),
    (_("Sign-on and data"), "identity_settings", ADMINS, _("single sign-on scim retention")),
]


@dataclass(frozen=True)
class Found:
    title: str
    url: str
    detail: str = ""


@dataclass
class SearchResults:
    query: str
    people: list[Found]
    units: list[Found]
    diagnostics: list[Found]
    pages: list[Found]

    @property
    def empty(self) -> bool:
        return not (self.people or self.units or self.diagnostics or self.pages)


def folded(text: str) -> str:
    """Lower case without accents: "Lucía" and "lucia" match."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def may_open(scope: Scope, audience: str) -> bool:
    if audience == ADMINS:
        return scope.is_admin
    if audience == LEADERS:
        return scope.sees_people
    return True


def search(scope: Scope, query: str) -> SearchResults:
    query = " ".join(query.split())[:100]
    if len(query) < MIN_QUERY:
        return SearchResults(query, [], [], [], [])
    slug = scope.organisation.slug
    return SearchResults(
        query=query,
        people=_people(scope, query, slug) if scope.sees_people else [],
        units=_units(scope, query, slug) if scope.sees_people else [],
        diagnostics=_diagnostics(scope, query, slug) if scope.sees_people else [],
        pages=_pages(scope, query, slug),
    )


def _people(scope: Scope, query: str, slug: str) -> list[Found]:
    where = Q()
    for word in query.split():
        where &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(employee_id__iexact=word)
            | Q(email__iexact=word)
        )
    people = (
        scope.people()
        .filter(where, is_active=True)
        .select_related("unit")
        .order_by("last_name", "first_name", "pk")[:MAX_PEOPLE]
    )
    people = list(people)
    labels = {u.pk: u.label for u in label_units({p.unit for p in people})}
    return [
        Found(p.full_name, reverse("person", args=[slug, p.pk]), labels.get(p.unit_id, ""))
        for p in people
    ]


def _units(scope: Scope, query: str, slug: str) -> list[Found]:
    """Units whose label holds the query; each opens its pulse trend, or its people where the
    organisation has no pulse."""
    wanted = folded(query)
    units = label_units(scope.units())
    found = [u for u in units if wanted in folded(u.label)]
    found.sort(key=lambda u: (not folded(u.name).startswith(wanted), folded(u.label)))
    has_pulse = PulseSchedule.objects.filter(organisation=scope.organisation).exists()

    def url(unit) -> str:
        if has_pulse:
            return reverse("pulse_unit_trends", args=[slug, unit.pk])
        return f"{reverse('people', args=[slug])}?unit={unit.pk}"

    return [Found(u.label, url(u), u.get_kind_display()) for u in found[:MAX_UNITS]]


def _diagnostics(scope: Scope, query: str, slug: str) -> list[Found]:
    campaigns = Campaign.objects.filter(
        organisation=scope.organisation, pulse_wave__isnull=True, name__icontains=query
    )[:10]
    return [Found(c.name, reverse("campaign", args=[slug, c.pk])) for c in campaigns]


def _pages(scope: Scope, query: str, slug: str) -> list[Found]:
    words = folded(query).split()
    found = []
    for title, url_name, audience, more in PAGES:
        haystack = folded(f"{title} {more}")
        if may_open(scope, audience) and all(w in haystack for w in words):
            found.append(Found(str(title), reverse(url_name, args=[slug])))
    return found
