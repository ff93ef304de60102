"""`twoway roster import FILE --org SLUG [--dry-run]` and `twoway roster export --org SLUG`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twoway.org.export import roster_csv, roster_xlsx
from twoway.org.models import Organisation
from twoway.org.services import ImportOutcome, import_roster, summarise_counts

EXIT_FILE_ERRORS = 1
EXIT_NEEDS_CONFIRMATION = 3
SHOWN = 20


class Command(BaseCommand):
    help = "Import (sync) or export an organisation's roster."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Sync people and units from a CSV or XLSX roster.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--org", required=True, help="Organisation slug")
        imp.add_argument("--dry-run", action="store_true", help="Show the changes, write nothing.")
        imp.add_argument(
            "--allow-mass-leave",
            action="store_true",
            help="Apply even when more than the set share of active people would leave.",
        )
        imp.add_argument("--date-format", choices=["ymd", "mdy", "dmy"], default=None)
        imp.add_argument("--json", action="store_true", help="Print the outcome as JSON.")
        exp = sub.add_parser("export", help="Write the roster in a form the import reads back.")
        exp.add_argument("--org", required=True, help="Organisation slug")
        exp.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        exp.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(self, *args, action, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation {options['org']!r}: see `twoway org list`.")
        if action == "import":
            self.do_import(organisation, options)
        else:
            self.do_export(organisation, options["format"], options["output"])

    def do_import(self, organisation: Organisation, options: dict) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        outcome = import_roster(
            organisation,
            path.read_bytes(),
            path.name,
            dry_run=options["dry_run"],
            date_order=options["date_format"],
            allow_mass_leave=options["allow_mass_leave"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(outcome_json(outcome), indent=2))
        else:
            self.report(outcome, options["dry_run"])
        if outcome.errors:
            raise CommandError("Nothing was written.", returncode=EXIT_FILE_ERRORS)
        if outcome.needs_mass_leave_confirmation:
            raise CommandError(
                "Nothing was written: rerun with --allow-mass-leave if these people have left.",
                returncode=EXIT_NEEDS_CONFIRMATION,
            )

    def report(self, outcome: ImportOutcome, dry_run: bool) -> None:
        for error in outcome.errors:
            where = f"Row {error.row}, column {error.column!r}: " if error.row else ""
            self.stderr.write(f"{where}{error.message}")
        if outcome.errors:
            self.stderr.write(f"{len(outcome.errors)} problem(s) in the file.")
            return
        diff = outcome.diff
        if diff is None:
            return
        for note in outcome.parsed.notes if outcome.parsed else []:
            self.stdout.write(f"note: {note}")
        self.stdout.write(summarise_counts(diff.counts()))
        for record in diff.joiners[:SHOWN]:
            path = " / ".join(record.unit_path)
            self.stdout.write(
                f"  + {record.employee_id} {record.first_name} {record.last_name} ({path})"
            )
        for employee_id, name, unit in diff.leavers[:SHOWN]:
            self.stdout.write(f"  - {employee_id} {name} ({unit})")
        for change in (diff.movers + diff.changed)[:SHOWN]:
            fields = "; ".join(
                f"{k}: {a or '-'} -> {b or '-'}" for k, (a, b) in change.changes.items()
            )
            self.stdout.write(f"  ~ {change.employee_id} {change.name}: {fields}")
        if outcome.needs_mass_leave_confirmation:
            units = ", ".join(f"{unit} ({n})" for unit, n in diff.leaver_units()[:10])
            self.stderr.write(
                f"This would deactivate {len(diff.leavers)} of {diff.active_before} active "
                f"people ({diff.leaver_share:.0%}). Units losing people: {units}."
            )
        elif dry_run:
            self.stdout.write("Dry run: nothing was written.")
        elif outcome.applied:
            self.stdout.write(self.style.SUCCESS("Roster applied."))

    def do_export(self, organisation: Organisation, fmt: str, output: Path | None) -> None:
        people = organisation.people.all()
        if fmt == "xlsx":
            if output is None and sys.stdout.isatty():
                raise CommandError(
                    "XLSX is binary: give --output FILE or redirect standard output."
                )
            data = roster_xlsx(people)
            if output:
                output.write_bytes(data)
            else:
                sys.stdout.buffer.write(data)
            return
        text = roster_csv(people)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")


def outcome_json(outcome: ImportOutcome) -> dict:
    diff = outcome.diff
    return {
        "errors": [
            {"row": e.row, "column": e.column, "message": e.message} for e in outcome.errors
        ],
        "counts": diff.counts() if diff else {},
        "needs_mass_leave_confirmation": outcome.needs_mass_leave_confirmation,
        "applied": outcome.applied,
        "leaver_units": dict(diff.leaver_units()) if diff else {},
    }
