"""Template helpers of the voice pages: money, a dict lookup, vote counts under k."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from twoway.cases.templatetags.case_numbers import money as case_money

from ..board import latest_answer as _latest_answer
from ..board import shown_votes

register = template.Library()


@register.filter
def money(value: float | None, currency: str = "$") -> str:
    return "—" if value is None else case_money(value, currency)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def latest_answer(post):
    return _latest_answer(post)


@register.simple_tag
def votes_of(post, k: int) -> str:
    """The post's vote counts as the page shows them: "fewer than k" under k."""
    context = {"up": shown_votes(post.up_votes, k), "down": shown_votes(post.down_votes, k), "k": k}
    return render_to_string("voice/_votes.html", context)
