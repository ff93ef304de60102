"""Formats of the change pages; numbers go through `twoway.reports.numbers`."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from twoway.reports import numbers

register = template.Library()


@register.filter
def share(value) -> str:
    """0.8 -> "80%"; "—" when there is no figure."""
    return "—" if value is None else numbers.percent(value)


@register.filter
def days(value) -> str:
    if value is None:
        return _("not yet")
    return _("%(n)s days") % {"n": value}


@register.filter
def ratio(value) -> str:
    return "—" if value is None else numbers.decimal(value, 2)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def element_label(code: str) -> str:
    from twoway.change.readiness import ELEMENT_LABELS

    return str(ELEMENT_LABELS.get(code, code))


@register.filter
def severity_label(band: str) -> str:
    """The size of a leader-frontline gap, from its Cliff's delta (docs/method-gaps.md)."""
    labels = {"medium": _("a medium gap"), "large": _("a large gap")}
    return str(labels.get(band, ""))
