"""SCIM provisioning through the roster sync: the shared part of the writes of users
(`provision_users`) and groups (`provision_groups`).

Each request becomes the roster records of the people it touches, diffed against those people
alone (`twoway.org.sync.load_snapshot(only=...)`) and applied by `apply_diff`, the path a
roster import takes, in one transaction with its audit entry ("Roster import", by SCIM).
Deactivations pass the organisation's mass-leave guard over a sliding day: when more than its
share of active people would have left through SCIM in 24 hours, the request is held (409)
and audited, until an admin allows it for an hour on the sign-on page.
"""

from __future__ import annotations

import contextvars
import functools
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twoway.org.models import AuditEvent, Organisation, Person, Unit
from twoway.org.roster import ParsedRoster, RosterRecord
from twoway.org.roster.hierarchy import split_unit_path, tidy_name
from twoway.org.services import audit, summarise_counts
from twoway.org.sync import RosterDiff, apply_diff, compute_diff, load_snapshot, unit_key

from .models import IdentitySettings, ScimLeave

LEAVE_WINDOW = timedelta(hours=24)
ALLOW_LEAVE_FOR = timedelta(hours=1)


class ScimRefused(Exception):
    """A request twoway will not apply, with the HTTP status and SCIM error keyword."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type


class MassLeaveHeld(ScimRefused):
    organisation: Organisation
    client: str = ""


# --- units ----------------------------------------------------------------------------------


def unit_names(organisation: Organisation) -> dict[int, str]:
    return dict(Unit.objects.filter(organisation=organisation).values_list("pk", "name"))


def names_of(unit: Unit, names: dict[int, str]) -> tuple[str, ...]:
    return tuple(names[pk] for pk in unit.ancestor_ids())


def root_path(organisation: Organisation) -> tuple[str, ...]:
    """Where a person without a group sits: the organisation's root unit."""
    root = Unit.objects.filter(organisation=organisation, depth=0).order_by("pk").first()
    return (root.name,) if root else (tidy_name(organisation.name),)


def group_path(organisation: Organisation, display_name: str) -> tuple[str, ...]:
    """The unit path a group's name stands for: "Lisbon > Team 1" (or "Lisbon/Team 1") under
    the root; a single name that one unit has already ("Team Lisbon 1") is that unit."""
    names = split_unit_path(display_name)
    if not names:
        raise ScimRefused(400, _("displayName must name a unit."), "invalidValue")
    root = root_path(organisation)
    if names[0].casefold() == root[0].casefold():
        return names
    if len(names) == 1:
        same = list(Unit.objects.filter(organisation=organisation, name__iexact=names[0])[:2])
        if len(same) == 1:
            return names_of(same[0], unit_names(organisation))
    return (*root, *names)


def ensure_unit(organisation: Organisation, path: tuple[str, ...]) -> Unit:
    """The unit at `path`, made (with the units above it) by the roster sync if missing."""
    key = unit_key(path)
    found = Unit.objects.filter(organisation=organisation, key=key).first()
    if found is not None:
        return found
    known = set(Unit.objects.filter(organisation=organisation).values_list("key", flat=True))
    missing = [path[:depth] for depth in range(1, len(path) + 1)]
    diff = RosterDiff(new_units=[p for p in missing if unit_key(p) not in known])
    apply_diff(organisation, ParsedRoster([], [], {}, None), diff)
    return Unit.objects.get(organisation=organisation, key=key)


# --- syncing ---------------------------------------------------------------------------------


def person_record(person: Person, unit_path: tuple[str, ...]) -> RosterRecord:
    """A person as they are, on another unit: what a group membership change writes."""
    return RosterRecord(
        row=0, employee_id=person.employee_id, first_name=person.first_name,
        last_name=person.last_name, email=person.email, phone=person.phone, role=person.role,
        job_title=person.job_title, unit_path=unit_path,
        manager_id=person.manager.employee_id if person.manager_id else "",
        hire_date=person.hire_date, work_location=person.work_location,
        language=person.language, shift=person.shift, active=person.is_active,
    )  # fmt: skip


def _guard_leaves(organisation: Organisation, leaving: int) -> None:
    if not leaving:
        return
    now = timezone.now()
    allowed = IdentitySettings.of(organisation).scim_leave_allowed_until
    if allowed is None or allowed < now:
        recent = ScimLeave.objects.filter(organisation=organisation, at__gte=now - LEAVE_WINDOW)
        left = recent.count()
        active = Person.objects.filter(organisation=organisation, is_active=True).count()
        before = active + left
        share = round(100 * organisation.mass_leave_share)
        if before and (left + leaving) / before > organisation.mass_leave_share:
            raise MassLeaveHeld(
                409,
                _(
                    "Held by the mass-leave guard: %(n)s of %(total)s active people would have "
                    "left through SCIM within a day, more than the organisation's share of "
                    "%(share)s%%. An admin of twoway can allow it for an hour on the sign-on "
                    "page; then retry."
                )
                % {"n": left + leaving, "total": before, "share": share},
            )  # fmt: skip
    ScimLeave.objects.bulk_create([ScimLeave(organisation=organisation) for _ in range(leaving)])


_writing = contextvars.ContextVar("scim_writing", default=False)


def audits_held(write):
    """Run a write in its own transaction; when the mass-leave guard holds it, record that in
    the audit log after the write rolled back (an entry written inside would go with it).
    Only the outermost write records it, once."""

    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        if _writing.get():
            return write(*args, **kwargs)
        token = _writing.set(True)
        try:
            with transaction.atomic():
                return write(*args, **kwargs)
        except MassLeaveHeld as held:
            audit(
                held.organisation, None, AuditEvent.Kind.ROSTER_IMPORT,
                _("SCIM deactivation held by the mass-leave guard"),
                source="scim", client=held.client,
            )  # fmt: skip
            raise
        finally:
            _writing.reset(token)

    return wrapper


def sync_records(
    organisation: Organisation, records: list[RosterRecord], client: str
) -> RosterDiff:
    """Apply the records of a few people as a roster import of those people would."""
    parsed = ParsedRoster(records, [], {}, None)
    with transaction.atomic():
        # One sync at a time per organisation, diffed inside the lock (as roster imports).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        only = {r.employee_id for r in records}
        diff = compute_diff(parsed, load_snapshot(organisation, only=only))
        try:
            _guard_leaves(organisation, len(diff.leavers))
        except MassLeaveHeld as held:
            held.organisation, held.client = organisation, client
            raise
        apply_diff(organisation, parsed, diff)
        if not diff.is_empty:
            _audit_sync(organisation, diff, only, client)
    return diff


def _audit_sync(organisation: Organisation, diff: RosterDiff, ids: set[str], client: str):
    counts = diff.counts()
    people = list(
        Person.objects.filter(organisation=organisation, employee_id__in=ids).values_list(
            "pk", flat=True
        )
    )
    AuditEvent.objects.create(
        organisation=organisation,
        actor=None,
        actor_label="SCIM",
        kind=AuditEvent.Kind.ROSTER_IMPORT,
        summary=(_("SCIM: %(summary)s") % {"summary": summarise_counts(counts)})[:300],
        details={"source": "scim", "client": client, "counts": counts, "people": people},
    )
