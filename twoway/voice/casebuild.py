"""“Build the case”: a business case in `twoway.cases`, prefilled from a post.

A workaround's case removes it: the workaround's minutes (the voters' median estimate once at
least k voters gave one, else the author's), its times per shift and its people, on the
organisation's default workload and baseline, priced at the voice settings' loaded cost. A
leader's need starts from the default workload with the post's text as the case's
description; the leader puts the dollars on it in the case editor.
"""

from __future__ import annotations

import statistics

from django.db import transaction
from django.utils.translation import gettext as _

from twoway.cases.casedata import new_case_data
from twoway.cases.models import BusinessCase
from twoway.cases.services import create_case
from twoway.staffing.workarounds import times_per_shift

from .channels import post_link
from .models import Ballot, Post
from .pricing import assumptions_of, settings_for


def case_data_for(post: Post, k: int) -> tuple[dict, dict]:
    data, inputs = new_case_data()
    data["name"] = _("Case: %(title)s") % {"title": post.title}
    voice_settings = settings_for(post.organisation)
    data["currency"] = voice_settings.currency
    data["baseline"]["cost_per_hour"] = voice_settings.cost_per_hour
    data["baseline"]["shrinkage"] = voice_settings.shrinkage
    data["description"] = "\n\n".join(
        part for part in (post.body, post.instead, post_link(post)) if part
    )[:2000]
    if post.is_workaround and post.minutes_lost:
        assumptions = assumptions_of(voice_settings)
        data["workarounds"] = [
            {
                "name": post.title[:100],
                "minutes_lost_per_occurrence": _minutes(post, k),
                "occurrences_per_agent_per_day": float(
                    times_per_shift(post.how_often, post.per, assumptions)
                ),
                "agents_affected": float(max(post.people_affected or 1, post.up_votes)),
                "working_days_per_year": voice_settings.working_days_per_year,
                "paid_hours_per_day": voice_settings.paid_hours_per_shift,
            }
        ]
    return data, inputs


def _minutes(post: Post, k: int) -> float:
    estimates = list(
        Ballot.objects.filter(post=post, minutes__isnull=False).values_list("minutes", flat=True)
    )
    if len(estimates) >= k:
        return float(statistics.median(estimates))
    return float(post.minutes_lost or 0)


def build_case(post: Post, actor, k: int) -> BusinessCase:
    """Create the case and link the post to it (raises StaffingInputError if it will not
    evaluate)."""
    data, inputs = case_data_for(post, k)
    with transaction.atomic():
        case = create_case(post.organisation, actor, data, inputs)
        post.business_case = case
        post.save(update_fields=["business_case"])
    return case
