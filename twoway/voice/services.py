"""Every write of frontline voice: posts, votes, statuses and answers, merges, moderation,
pricing and settings. The web, the API, the tasks and the demo all call these.

Each runs in one transaction. Writes by leaders and admins carry their audit entry (via
`twoway.org.services.audit`); a post or a vote by the frontline carries none, because the audit
log's time to the second would date an anonymous post or vote more finely than the day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation, Person
from twoway.org.services import audit
from twoway.surveys.hot import organisation_redactor

from .headcounts import label_unit
from .identity import REPORT, VOTE, hash_receipt, new_post_code, new_receipt_token, person_key
from .models import (
    ANSWER_REQUIRED,
    OPEN_STATUSES,
    Answer,
    Ballot,
    Flag,
    Kind,
    Moderation,
    Post,
    Status,
    UnitChannel,
)
from .pricing import assumptions_of, price_post, reprice_all, settings_for
from .ranking import rank_post

REDACTED_FIELDS = ("title", "body", "official_way", "instead")
PRICING_FIELDS = ("minutes_lost", "how_often", "per", "people_affected")


class VoiceError(Exception):
    """A write refused for a reason the user can act on; `field` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def today():
    return timezone.localdate()


# --- Posts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Posted:
    post: Post
    receipt_token: str  # shown once to the author, stored only as a hash


def create_post(organisation: Organisation, person: Person, data: dict, *, signed: bool) -> Posted:
    """A new post by `person`: anonymous unless `signed`, redacted, priced, labelled with a
    unit of at least k people of the author's lens."""
    redactor = organisation_redactor(organisation.pk)
    is_leader = data.pop("is_leader")
    token = new_receipt_token()
    post = Post(
        organisation=organisation,
        code=new_post_code(),
        unit=label_unit(organisation, person, is_leader),
        is_leader=is_leader,
        author=person if signed else None,
        created_on=today(),
        shuffle=random.SystemRandom().randrange(2**31),
        receipt_hash=hash_receipt(token),
        **data,
    )
    for name in REDACTED_FIELDS:
        setattr(post, name, redactor.redact(getattr(post, name) or ""))
    voice_settings = settings_for(organisation)
    price_post(post, assumptions_of(voice_settings))
    if voice_settings.premoderation:
        post.moderation = Moderation.PENDING
    with transaction.atomic():
        post.save()
    return Posted(post, token)


def post_for_receipt(token: str) -> Post | None:
    if not token or len(token) > 100:
        return None
    return (
        Post.objects.select_related("unit", "merged_into")
        .filter(receipt_hash=hash_receipt(token))
        .first()
    )


# --- Votes ----------------------------------------------------------------------------------


def active_votes(organisation: Organisation, person: Person) -> int:
    """Votes of the person on posts still open: the part of the budget in use."""
    return Ballot.objects.filter(
        voter=person_key(organisation.pk, person.pk, VOTE),
        post__status__in=OPEN_STATUSES,
        post__merged_into__isnull=True,
    ).count()


def cast_vote(post: Post, person: Person, value: int, minutes: float | None = None) -> None:
    """One vote of `person` on `post`, within their budget of active votes."""
    if value not in (1, -1):
        raise VoiceError(_("Choose “me too” or “not for me”."), "value")
    if not post.is_open or post.merged_into_id or post.moderation != Moderation.VISIBLE:
        raise VoiceError(_("This post is closed for votes."))
    organisation = post.organisation
    budget = settings_for(organisation).vote_budget
    with transaction.atomic():
        if active_votes(organisation, person) >= budget:
            raise VoiceError(
                _(
                    "You have used all %(n)s of your votes. Take one back from a post you "
                    "voted on to vote here."
                )
                % {"n": budget},
                "value",
            )
        try:
            with transaction.atomic():
                Ballot.objects.create(
                    post=post,
                    voter=person_key(organisation.pk, person.pk, VOTE),
                    value=value,
                    minutes=minutes if value == 1 and post.is_workaround else None,
                    cast_on=today(),
                )
        except IntegrityError:
            raise VoiceError(_("You have already voted on this post."), "value") from None
        _count_vote(post, value, +1)


def withdraw_vote(post: Post, person: Person) -> bool:
    """Take back the person's vote on an open post; False when there was none."""
    if not post.is_open:
        raise VoiceError(_("This post is closed: its votes stay as they are."))
    voter = person_key(post.organisation_id, person.pk, VOTE)
    with transaction.atomic():
        ballot = Ballot.objects.filter(post=post, voter=voter).first()
        if ballot is None:
            return False
        ballot.delete()
        _count_vote(post, ballot.value, -1)
    return True


def has_voted(post: Post, person: Person | None) -> int:
    """The person's own vote on the post (1, -1, or 0): shown to them alone."""
    if person is None:
        return 0
    voter = person_key(post.organisation_id, person.pk, VOTE)
    return (
        Ballot.objects.filter(post=post, voter=voter).values_list("value", flat=True).first() or 0
    )


def _count_vote(post: Post, value: int, step: int) -> None:
    column = "up_votes" if value == 1 else "down_votes"
    Post.objects.filter(pk=post.pk).update(**{column: F(column) + step})
    post.refresh_from_db(fields=["up_votes", "down_votes"])
    rank_post(post)


# --- Statuses, answers, merges ---------------------------------------------------------------


def change_status(post: Post, status: str, text: str, actor, *, action=None) -> Answer:
    """Move the post to `status` with an official answer (required for done and declined)."""
    if status not in Status.values or status == Status.DUPLICATE:
        raise VoiceError(_("Choose a status from the list."), "status")
    text = (text or "").strip()
    if status in ANSWER_REQUIRED and not text:
        raise VoiceError(
            _("Say in a sentence or two why: done and declined need an answer."), "text"
        )
    by_label = _leader_label(post.organisation, actor)
    with transaction.atomic():
        answer = _record_answer(post, status, text, actor, by_label)
        if action is not None and status == Status.DONE:
            post.action = action
            post.save(update_fields=["action"])
        audit(
            post.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Voice post {post.code}: {status}",
        )
        _notify(answer)
    return answer


def _record_answer(post: Post, status: str, text: str, actor, by_label: str) -> Answer:
    redacted = organisation_redactor(post.organisation_id).redact(text) if text else ""
    answer = Answer.objects.create(
        post=post, status=status, text=redacted, by=actor, by_label=by_label
    )
    post.status = status
    post.status_on = today()
    post.save(update_fields=["status", "status_on"])
    return answer


def _leader_label(organisation: Organisation, actor) -> str:
    if actor is None:
        return _("The leadership team")
    person = Person.objects.filter(organisation=organisation, user=actor).first()
    if person is None:
        return _("An administrator")
    return f"{person.full_name}, {person.get_role_display()}"


def _notify(answer: Answer) -> None:
    """Enqueued inside the transaction: the database queue's row commits with the answer."""
    from .tasks import notify_status_change

    notify_status_change.enqueue(answer.pk)


def merge_posts(source: Post, target: Post, actor) -> int:
    """Mark `source` a duplicate of `target` and carry its votes across, never counting one
    person twice: a voter who voted on both keeps the vote on the target. Returns the votes
    carried."""
    if source.pk == target.pk:
        raise VoiceError(_("A post cannot be merged into itself."), "target")
    if source.organisation_id != target.organisation_id:
        raise VoiceError(_("No post of this organisation has that code."), "target")
    if target.merged_into_id or target.status == Status.DUPLICATE:
        raise VoiceError(
            _("That post is itself a duplicate: merge into the one it points to."), "target"
        )
    if source.merged_into_id:
        raise VoiceError(_("This post is already merged."), "target")
    with transaction.atomic():
        on_target = Ballot.objects.filter(post=target).values_list("voter", flat=True)
        Ballot.objects.filter(post=source, voter__in=on_target).delete()
        carried = Ballot.objects.filter(post=source).update(post=target)
        _recount(target)
        _recount(source)
        source.merged_into = target
        source.save(update_fields=["merged_into"])
        text = _("Merged into “%(title)s”: vote there.") % {"title": target.title}
        answer = _record_answer(
            source, Status.DUPLICATE, text, actor, _leader_label(source.organisation, actor)
        )
        audit(
            source.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Voice post {source.code} merged into {target.code} ({carried} votes carried)",
        )
        _notify(answer)
    return carried


def _recount(post: Post) -> None:
    ballots = Ballot.objects.filter(post=post)
    post.up_votes = ballots.filter(value=1).count()
    post.down_votes = ballots.filter(value=-1).count()
    post.save(update_fields=["up_votes", "down_votes"])
    rank_post(post)


# --- Moderation -----------------------------------------------------------------------------


def report_post(post: Post, person: Person) -> bool:
    """Someone reports the post: it waits for a moderator, unless one has kept it already.
    False when this person had reported it before."""
    reporter = person_key(post.organisation_id, person.pk, REPORT)
    try:
        with transaction.atomic():
            Flag.objects.create(post=post, reporter=reporter)
            Post.objects.filter(pk=post.pk).update(reports=F("reports") + 1)
            if not post.report_cleared and post.moderation == Moderation.VISIBLE:
                Post.objects.filter(pk=post.pk).update(moderation=Moderation.REPORTED)
    except IntegrityError:
        return False
    return True


def moderate(post: Post, keep: bool, actor) -> None:
    """A moderator shows (or keeps) the post, or hides it."""
    with transaction.atomic():
        post.moderation = Moderation.VISIBLE if keep else Moderation.HIDDEN
        if keep and post.reports:
            post.report_cleared = True
        post.save(update_fields=["moderation", "report_cleared"])
        audit(
            post.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Voice post {post.code} {'shown' if keep else 'hidden'} by a moderator",
        )


# --- Pricing and settings -------------------------------------------------------------------


def update_post_figures(post: Post, figures: dict, actor) -> None:
    """A leader corrects a workaround's figures; raises StaffingInputError on a bad one."""
    for name in PRICING_FIELDS:
        setattr(post, name, figures[name])
    price_post(post, assumptions_of(settings_for(post.organisation)))
    with transaction.atomic():
        post.save(update_fields=[*PRICING_FIELDS, "hours_per_year"])
        audit(
            post.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Voice post {post.code}: figures changed",
            **{name: figures[name] for name in PRICING_FIELDS},
        )


def update_settings(organisation: Organisation, values: dict, actor) -> int:
    """Save the voice settings and price every workaround again; returns how many."""
    voice_settings = settings_for(organisation)
    for name, value in values.items():
        setattr(voice_settings, name, value)
    assumptions = assumptions_of(voice_settings)  # raises StaffingInputError on a bad value
    with transaction.atomic():
        voice_settings.save()
        repriced = reprice_all(organisation, assumptions)
        audit(
            organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            _("Voice settings changed"),
            **{k: v for k, v in values.items() if k not in ("webhook_url",)},
        )
    return repriced


def set_unit_channel(organisation: Organisation, data: dict, actor) -> UnitChannel:
    """Where a unit's voice news goes; replaces the unit's channel if it had one."""
    unit = data["unit"]
    with transaction.atomic():
        channel, _created = UnitChannel.objects.update_or_create(
            unit=unit,
            defaults={k: data[k] for k in ("webhook_url", "webhook_kind", "email")},
        )
        audit(
            organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Voice channel of {unit.name} set",
        )
    return channel


def is_kind_allowed(kind: str, is_leader: bool) -> bool:
    return kind != Kind.LEADER_NEED or is_leader
