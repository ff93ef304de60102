"""Number formats for business cases: money with its symbol, FTE, months."""

from __future__ import annotations

from django import template

from twoway.reports import numbers

from ..compute import assumption_value

register = template.Library()


@register.filter
def money(value: float | None, currency: str = "$") -> str:
    return numbers.money(value, currency)


@register.filter
def months(value: float | None) -> str:
    return numbers.months(value)


@register.filter
def assumption(entry: dict) -> str:
    """An assumption's value as the form takes it: shares as percentages, numbers grouped."""
    return assumption_value(entry)


@register.filter
def percent(value: float | None) -> str:
    return numbers.percent(value, places=1)
