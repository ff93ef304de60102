"""The huddle one-pager's voice section: the team's top open workaround and its latest answer.

"The team's" posts are those labelled with the team or a unit under it; an anonymous post of
a team under k is labelled with a unit above, and so shows on that unit's huddle instead.
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _

from twoway.followups.huddle import HuddleSection
from twoway.org.models import Unit

from .models import OPEN_STATUSES, Kind, Moderation, Post
from .pricing import settings_for

ORDER = 60  # after the pulse result and the changes, before "you said, we did"


def top_workaround(unit: Unit) -> Post | None:
    return (
        Post.objects.filter(
            organisation_id=unit.organisation_id,
            unit__path__startswith=unit.path,
            kind=Kind.WORKAROUND,
            moderation=Moderation.VISIBLE,
            status__in=OPEN_STATUSES,
            merged_into__isnull=True,
        )
        .order_by(F("hours_per_year").desc(nulls_last=True), "-hot", "shuffle", "pk")
        .first()
    )


def top_workaround_section(unit: Unit) -> HuddleSection | None:
    post = top_workaround(unit)
    if post is None:
        return None
    lines = [post.title]
    if post.cost_per_year:
        currency = settings_for(unit.organisation).currency
        lines.append(
            _("It costs about %(money)s a year.")
            % {"money": f"{currency}{round(post.cost_per_year):,}"}
        )
    answer = post.answers.order_by("-created_at", "-pk").first()
    if answer is not None and answer.text:
        lines.append(_("Latest answer: %(text)s") % {"text": answer.text[:300]})
    else:
        lines.append(_("No answer yet."))
    return HuddleSection(_("Our costliest workaround"), tuple(lines), order=ORDER)
