"""The main menu's current entry: one section per page, so one entry is highlighted at once."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# url name (or its start) -> the menu section it belongs to; the longest match wins.
SECTIONS = {
    "org_home": "home",
    "units": "people",
    "people": "people",
    "person": "people",
    "pulse_manager_home": "team",
    "pulse_alert": "alerts",
    "pulse_schedule": "admin",
    "pulse": "pulse",
    "survey": "diagnostics",
    "campaign": "diagnostics",
    "results": "diagnostics",
    "report": "diagnostics",
    "actions_team": "said",
    "action": "actions",
    "case": "cases",
    "workaround_cost": "cases",
    "voice": "voice",
    "conversation": "conversations",
    "change": "change",
    "identity": "admin",
    "roster": "admin",
    "access": "admin",
    "audit": "admin",
    "role_mapping": "admin",
    "search": "search",
}


def section_of(url_name: str | None) -> str:
    if not url_name:
        return ""
    matches = [prefix for prefix in SECTIONS if url_name.startswith(prefix)]
    return SECTIONS[max(matches, key=len)] if matches else ""


@register.simple_tag(takes_context=True)
def current(context, section: str) -> str:
    """`aria-current="page"` on the entry of the page's section, nothing elsewhere."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if section_of(match.url_name if match else None) == section:
        return mark_safe('aria-current="page"')  # a constant: nothing from the request
    return ""


@register.simple_tag(takes_context=True)
def current_menu(context, *sections: str) -> str:
    """A class on a menu whose entries hold the page's section (its button looks current)."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return "current" if section_of(match.url_name if match else None) in sections else ""


@register.filter
def language_name(code: str) -> str:
    """ "pt" as "Portuguese" (in the page's language); the code itself if Django does not know
    it, "—" when there is none."""
    if not code:
        return "—"
    from django.utils.translation import get_language_info

    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.filter
def unit_label(unit) -> str:
    """A unit's unambiguous name ("Austin / Billing 1"); one query, for pages showing one unit."""
    from twoway.org.naming import unit_label as label

    return label(unit) if unit is not None else ""
