"""Number formats for business cases: money with its symbol, FTE, months."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from twoway.reports import numbers

register = template.Library()


@register.filter
def money(value: float | None, currency: str = "$") -> str:
    """-$1,234 for -1234.4: rounded to the unit, grouped as the language groups thousands."""
    if value is None:
        return _("never")
    sign = "-" if round(value) < 0 else ""
    amount = number_format(abs(round(value)), 0, use_l10n=True, force_grouping=True)
    return f"{sign}{currency}{amount}"


@register.filter
def months(value: float | None) -> str:
    if value is None:
        return _("never")
    return _("%(n)s months") % {"n": number_format(value, 1, use_l10n=True)}


@register.filter
def percent(value: float | None) -> str:
    return numbers.percent(value, places=1)
