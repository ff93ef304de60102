"""Template helpers of the voice pages: money, with a dash when there is none."""

from __future__ import annotations

from django import template

from twoway.cases.templatetags.case_numbers import money as case_money

register = template.Library()


@register.filter
def money(value: float | None, currency: str = "$") -> str:
    return "—" if value is None else case_money(value, currency)
