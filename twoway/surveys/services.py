"""Every write of the surveys app: templates and items, campaigns, launching, answers.

Each runs in one transaction, with its audit entry where an admin acted; the web, the API,
the command line, the pulse and the demo call these.

A submission claims the invitation and holds the sealed answers in two transactions, and a
worker writes held answers as responses in shuffled batches (`holding.py`), so a replayed link
can never produce a second response and no row joins a response to its person. Its statements
are written as SQL (`hot_sql.py`): they run hundreds of times a second.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.insights.anonymity import effective_threshold
from twoway.insights.redact import Redactor
from twoway.org.models import AuditEvent, Organisation, Unit
from twoway.org.services import audit

from . import hot_sql
from .audience import audience
from .builtin import load_builtin
from .holding import counted_up_to, seal, worth_a_flush
from .intake import ParsedAnswers, Respondent, SubmissionRefused, check_open
from .models import Campaign, Construct, Invitation, Item, KioskCode, Template
from .tasks import flush_held_responses
from .tokens import hash_token, invitation_token, new_kiosk_code

# --- Templates and items ---------------------------------------------------------------------


BUILTIN_TEMPLATES = ("alignment_diagnostic", "change_pulse")


def install_builtin(organisation: Organisation, name: str = "alignment_diagnostic") -> Template:
    """Copy a built-in template into the organisation (once per version)."""
    data = load_builtin(name)
    source = f"builtin:{data['code']}@{data['version']}"
    existing = Template.objects.filter(organisation=organisation, source=source).first()
    if existing:
        return existing
    with transaction.atomic():
        template = Template.objects.create(
            organisation=organisation,
            name=data["name"].get("en", data["code"]),
            description=data.get("description", {}).get("en", ""),
            languages=list(data["languages"]),
            source=source,
            answer_labels=data.get("answer_labels", {}),
        )
        constructs = {
            c["code"]: Construct.objects.create(
                template=template, code=c["code"], label=c["label"], position=i
            )
            for i, c in enumerate(data.get("constructs", []))
        }
        Item.objects.bulk_create(
            Item(
                template=template,
                construct=constructs.get(item.get("construct", "")),
                code=item["code"],
                kind=item["kind"],
                position=i,
                required=item.get("required", True),
                frontline_text=item["frontline"],
                leader_text=item.get("leader") or item["frontline"],
                choices=item.get("choices", []),
            )
            for i, item in enumerate(data["items"])
        )
    return template


def clone_template(
    template: Template, name: str, *, source: str = "", codes: list[str] | None = None
) -> Template:
    """An editable copy (of all items, or of `codes` only): campaigns keep pointing at the
    template they were run with."""
    items = template.items.select_related("construct")
    if codes is not None:
        items = items.filter(code__in=codes)
    items = list(items)
    with transaction.atomic():
        copy = Template.objects.create(
            organisation=template.organisation,
            name=name,
            description=template.description,
            languages=template.languages,
            source=source or f"copy:{template.pk}",
            answer_labels=template.answer_labels,
        )
        constructs = {
            construct.pk: Construct.objects.create(
                template=copy,
                code=construct.code,
                label=construct.label,
                position=construct.position,
            )
            for construct in {item.construct for item in items if item.construct}
        }
        Item.objects.bulk_create(
            Item(
                template=copy,
                construct=constructs.get(item.construct_id),
                code=item.code,
                kind=item.kind,
                position=item.position,
                required=item.required,
                frontline_text=item.frontline_text,
                leader_text=item.leader_text,
                choices=item.choices,
            )
            for item in items
        )
    return copy


class DuplicateItemCode(Exception):
    """Another item of the template already has this code."""


def add_item(template: Template, data: dict, choices: list[str]) -> Item:
    """A new item at the end of the template, from the item form's cleaned data."""
    try:
        with transaction.atomic():
            return Item.objects.create(
                template=template,
                code=data["code"],
                kind=data["kind"],
                required=data["required"],
                position=template.items.count(),
                frontline_text=_wordings(data, "frontline"),
                leader_text=_wordings(data, "leader"),
                choices=[
                    {"code": f"c{i + 1}", "label": {"en": label}} for i, label in enumerate(choices)
                ],
            )
    except IntegrityError:
        raise DuplicateItemCode from None


def update_item(item: Item, data: dict) -> Item:
    """Change an item's code, kind and wordings (the form's cleaned data)."""
    item.code, item.kind, item.required = data["code"], data["kind"], data["required"]
    item.frontline_text = {**item.frontline_text, **_wordings(data, "frontline")}
    item.leader_text = {**item.leader_text, **_wordings(data, "leader")}
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise DuplicateItemCode from None
    return item


def _wordings(data: dict, lens: str) -> dict[str, str]:
    """{"en": ..., "es": ...} from the form's `<lens>_en` and optional `<lens>_es` fields."""
    texts = {"en": data[f"{lens}_en"]}
    if data.get(f"{lens}_es"):
        texts["es"] = data[f"{lens}_es"]
    return texts


# --- Campaigns -------------------------------------------------------------------------------


@dataclass
class CampaignSpec:
    template: Template
    name: str
    opens_at: object
    closes_at: object
    languages: list[str]
    threshold: int
    units: list[Unit]
    roles: list[str]
    webhook_url: str = ""
    webhook_kind: str = ""


def create_campaign(organisation: Organisation, spec: CampaignSpec, actor=None) -> Campaign:
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organisation=organisation,
            template=spec.template,
            name=spec.name,
            opens_at=spec.opens_at,
            closes_at=spec.closes_at,
            languages=spec.languages,
            threshold=effective_threshold(spec.threshold, organisation.anonymity_threshold),
            audience_roles=spec.roles,
            webhook_url=spec.webhook_url,
            webhook_kind=spec.webhook_kind,
            created_by=actor,
        )
        campaign.audience_units.set(spec.units)
        audit(
            organisation, actor, AuditEvent.Kind.SETTINGS_CHANGED, f"Campaign {spec.name} created"
        )
    return campaign


def launch_campaign(campaign: Campaign, actor=None) -> int:
    """Create an invitation per person in the audience and a code per team; idempotent."""
    with transaction.atomic():
        invited = set(campaign.invitations.values_list("person_id", flat=True))
        people = audience(campaign).exclude(pk__in=invited).only("pk", "unit_id", "email")
        Invitation.objects.bulk_create(
            [
                Invitation(
                    campaign=campaign,
                    person_id=p.pk,
                    unit_id=p.unit_id,
                    token_hash=hash_token(invitation_token(campaign.pk, p.pk)),
                    channel=Invitation.Channel.EMAIL if p.email else Invitation.Channel.LINK,
                )
                for p in people
            ],
            batch_size=2000,
        )
        team_ids = set(audience(campaign).values_list("unit_id", flat=True))
        coded = set(campaign.kiosk_codes.values_list("unit_id", flat=True))
        for unit_id in sorted(team_ids - coded):
            KioskCode.objects.create(campaign=campaign, unit_id=unit_id, code=_unique_code())
        campaign.launched = True
        campaign.save(update_fields=["launched"])
        audit(
            campaign.organisation,
            actor,
            AuditEvent.Kind.SETTINGS_CHANGED,
            f"Campaign {campaign.name} launched",
        )
    return campaign.invitations.count()


def _unique_code() -> str:
    while True:
        code = new_kiosk_code()
        if not KioskCode.objects.filter(code=code).exists():
            return code


# --- Answers ---------------------------------------------------------------------------------


_sqlite_writer = threading.Lock()


def write_turn():
    """On SQLite, threads of one process take turns before asking for the write lock.

    SQLite lets one writer in at a time and makes the others sleep in growing steps
    (1, 2, 5, 10 ms ...); queueing in the process instead wastes no sleep. PostgreSQL
    writes concurrently and needs no turn. (Queueing the processes too, on a file lock,
    measured no faster with `bench/intake_load.py`.)
    """
    return _sqlite_writer if connection.vendor == "sqlite" else contextlib.nullcontext()


def submit(
    campaign: Campaign,
    respondent: Respondent,
    answers: ParsedAnswers,
    redactor: Redactor | None = None,
    invitation: Invitation | None = None,
    extras: Callable[[], dict] | None = None,
) -> None:
    """Take one questionnaire: claim the invitation (once), then hold the answers sealed, in
    a second transaction, to be written with a shuffled batch of others (`holding.py`).

    `extras()` gives what other apps' extra questions keep with the answers (called once the
    invitation is claimed, so a refused second answer marks nothing). `redactor` is
    no longer used here: comments are redacted when the batch is written, with the roster of
    that moment.
    """
    if answers.errors:
        raise SubmissionRefused(_("Some answers need your attention."))
    check_open(campaign)
    # Two statements: outside a transaction (as in a request) each commits on its own, with
    # no BEGIN and COMMIT round trips, and the claim and the answer share no transaction id.
    with write_turn():
        if invitation is not None and not hot_sql.claim(invitation.pk):
            raise SubmissionRefused(_("You have already answered this survey. Thank you!"), 409)
        today = timezone.localdate()
        payload = seal(_payload(respondent, answers, extras() if extras else {}, today))
        held = hot_sql.hold(
            campaign.pk, respondent.unit.pk, today, payload, count_to=counted_up_to()
        )
    if worth_a_flush(held.waiting, held.id):
        # The payload is the campaign id only; the tick writes any batch a count skipped by
        # concurrent submissions left waiting.
        flush_held_responses.enqueue(campaign.pk)


def _payload(respondent: Respondent, answers: ParsedAnswers, extras: dict, today) -> dict:
    return {
        "unit": respondent.unit.pk,
        "leader": respondent.is_leader,
        "tenure": respondent.tenure_band,
        "location": respondent.work_location,
        "language": respondent.language,
        "channel": respondent.channel,
        "day": today.isoformat(),
        "ratings": [[item.pk, lens, value] for item, lens, value in answers.ratings],
        "choices": [[item.pk, code] for item, code in answers.choices],
        "comments": [[item.pk, text] for item, text in answers.comments],
        "extras": extras,
    }
