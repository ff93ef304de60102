"""Number formatting for pulse pages: whole numbers, signed changes, percentages."""

from __future__ import annotations

from django import template

from twoway.reports import numbers

register = template.Library()


@register.filter
def whole(value) -> str:
    return "" if value is None else str(round(value))


@register.filter
def signed_whole(value) -> str:
    if value is None:
        return ""
    n = round(value)
    return f"+{n}" if n > 0 else ("±0" if n == 0 else f"−{abs(n)}")


@register.filter
def percent(value) -> str:
    return "" if value is None else numbers.percent(value)


@register.filter
def in_language(texts, language) -> str:
    """A {language: text} wording in the page's language, else English, else any."""
    if not isinstance(texts, dict):
        return str(texts or "")
    lang = (language or "en")[:2]
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")
