"""`twoway person erase --org SLUG EMPLOYEE_ID` and `twoway person export --org SLUG
EMPLOYEE_ID`: erase a person's personal data, or write what twoway holds about them."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twoway.identity.erasure import erase_person, is_erased
from twoway.identity.mydata import export_person_data
from twoway.org.models import Organisation, Person


class Command(BaseCommand):
    help = "Erase a person's personal data (aggregates stay true), or export it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        erase = sub.add_parser("erase", help="Erase the person's personal data. No undo.")
        erase.add_argument("employee_id")
        erase.add_argument("--org", required=True, help="Organisation slug")
        erase.add_argument("--reason", default="", help="Kept in the audit log")
        export = sub.add_parser("export", help="What twoway holds about the person, as JSON.")
        export.add_argument("employee_id")
        export.add_argument("--org", required=True, help="Organisation slug")
        export.add_argument("--output", type=Path, help="File to write (default: stdout)")

    def handle(self, *args, action, employee_id, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation {options['org']!r}: see `twoway org list`.")
        person = (
            Person.objects.select_related("organisation", "unit", "manager", "user")
            .filter(organisation=organisation, employee_id=employee_id.strip())
            .first()
        )
        if person is None or is_erased(person):
            raise CommandError(f"No person {employee_id!r} in {organisation.slug}.")
        if action == "erase":
            done = erase_person(person, reason=options["reason"])
            changed = ", ".join(f"{n} {what}" for what, n in done.counts.items()) or "no records"
            self.stdout.write(self.style.SUCCESS(f"Erased {employee_id}: {changed}."))
            return
        text = json.dumps(export_person_data(person), indent=2, ensure_ascii=False)
        if options["output"]:
            options["output"].write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text)
