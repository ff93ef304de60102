"""`twoway change create|phase|list|adoption import|metrics|load|tick`: change initiatives.

The names, flags and JSON keys are a contract people and scripts rely on (issue 9,
docs/change.md); keep them. Errors go to standard error with a non-zero exit: 1 for input
that was refused (nothing written), 2 for a bad command line.
"""

from __future__ import annotations

import csv
import datetime
import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from twoway.change.adoption import compute_adoption
from twoway.change.loadmap import load_map, overload_warning
from twoway.change.models import Impact, Initiative
from twoway.change.phases import PhasePlan
from twoway.change.services import ChangeError, add_phase, create_initiative, import_adoption
from twoway.change.units import UnitTree
from twoway.org.models import Organisation
from twoway.safefiles import spreadsheet_safe

FLAGS = {"go_live": "--go-live", "sustain_until": "--sustain-until", "target_level": "--target",
         "target_days": "--target-days", "units": "--units", "key": "KEY", "title": "--title",
         "impact": "--impact", "start": "--start"}  # fmt: skip
SHOWN_ERRORS = 1000


def day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{text!r} is not a date: write it as YYYY-MM-DD.", returncode=2
        ) from None


class Command(BaseCommand):
    help = "Change initiatives: create, phase, list, import adoption, metrics, load."
    # Scripts call this often: skip the system checks, which import every page's code (a
    # second or more); `twoway check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an initiative.")
        create.add_argument("key", help="A short slug, unique in the organisation")
        create.add_argument("--org", required=True)
        create.add_argument("--title", required=True)
        create.add_argument("--target", type=float, default=0.80, help="Target utilisation")
        create.add_argument("--target-days", type=int, default=30, help="Days to reach it")
        phase = sub.add_parser("phase", help="Add a rollout phase.")
        phase.add_argument("key")
        phase.add_argument("--org", required=True)
        phase.add_argument("--units", required=True, help='Unit paths joined by ";"')
        phase.add_argument("--start", required=True, type=day)
        phase.add_argument("--go-live", required=True, type=day)
        phase.add_argument("--sustain-until", required=True, type=day)
        phase.add_argument("--impact", choices=Impact.values, default=Impact.MEDIUM)
        listing = sub.add_parser("list", help="List initiatives.")
        listing.add_argument("--org", required=True)
        listing.add_argument("--format", choices=["table", "json"], default="table")
        adoption = sub.add_parser("adoption", help="Adoption counts.")
        adoption_sub = adoption.add_subparsers(dest="adoption_action", required=True)
        imp = adoption_sub.add_parser("import", help="Import daily counts from CSV or XLSX.")
        imp.add_argument("file", type=Path)
        imp.add_argument("--org", required=True)
        imp.add_argument("--initiative", required=True)
        imp.add_argument("--dry-run", action="store_true", help="Check and show; write nothing.")
        metrics = sub.add_parser("metrics", help="Adoption figures as JSON.")
        metrics.add_argument("--org", required=True)
        metrics.add_argument("--initiative", required=True)
        metrics.add_argument("--as-of", type=day, default=None)
        metrics.add_argument("--format", choices=["json"], default="json")
        load = sub.add_parser("load", help="Change load per team and ISO week.")
        load.add_argument("--org", required=True)
        load.add_argument("--from", dest="first", required=True, type=day)
        load.add_argument("--weeks", required=True, type=int)
        load.add_argument("--format", choices=["json", "csv"], default="json")
        tick = sub.add_parser("tick", help="Send due messages (what `twoway serve` runs).")
        tick.add_argument("--loop", type=int, default=0, metavar="SECONDS")

    def handle(self, *args, action, **options):
        if action == "tick":
            return self.tick(options["loop"])
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation {options['org']!r}: see `twoway org list`.")
        handlers = {
            "create": self.create,
            "phase": self.phase,
            "list": self.list,
            "adoption": self.adoption,
            "metrics": self.metrics,
            "load": self.load,
        }
        try:
            handlers[action](organisation, options)
        except ChangeError as error:
            where = FLAGS.get(error.field, error.field)
            raise CommandError(f"{where}: {error.message}" if where else error.message) from None

    def initiative(self, organisation, key) -> Initiative:
        found = Initiative.objects.filter(organisation=organisation, key=key).first()
        if found is None:
            raise CommandError(
                f"No initiative {key!r} in {organisation.slug}: see `twoway change list`."
            )
        return found

    def create(self, organisation, options) -> None:
        initiative = create_initiative(
            organisation,
            options["key"],
            options["title"],
            target_level=options["target"],
            target_days=options["target_days"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created initiative {initiative.key}: {initiative.title}")
        )

    def phase(self, organisation, options) -> None:
        initiative = self.initiative(organisation, options["key"])
        lookup = UnitTree.of(organisation).lookup()
        units = []
        for text in (p for p in options["units"].split(";") if p.strip()):
            unit_id, why = lookup.find(text)
            if unit_id is None:
                raise CommandError(f"--units: {why}.")
            units.append(lookup.tree.units[unit_id])
        args = (options["start"], options["go_live"], options["sustain_until"])
        for team, week, load in overload_warning(
            initiative, units, options["start"], options["sustain_until"], options["impact"]
        ):
            self.stderr.write(
                f"warning: {team} would carry a change load of {load:g} in {week}, "
                "over the capacity."
            )
        phase = add_phase(initiative, units, *args, impact=options["impact"])
        self.stdout.write(self.style.SUCCESS(
            f"{initiative.key}: {phase.name} ({len(units)} unit(s)) starts {args[0]}, "
            f"goes live {args[1]}, sustains until {args[2]}."
        ))  # fmt: skip

    def list(self, organisation, options) -> None:
        initiatives = list(
            Initiative.objects.filter(organisation=organisation)
            .select_related("owner", "sponsor")
            .order_by("key")
        )
        plans = PhasePlan.for_many(initiatives)
        tree = UnitTree.of(organisation)
        records = [self.record(i, plans[i.pk], tree) for i in initiatives]
        if options["format"] == "json":
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        for r in records:
            next_live = min((p["go_live"] for p in r["phases"]), default="-")
            self.stdout.write(
                f"{r['key']}\t{r['status']}\t{len(r['phases'])} phase(s)\t{next_live}\t{r['title']}"
            )

    @staticmethod
    def record(initiative, plan, tree) -> dict:
        return {
            "key": initiative.key,
            "title": initiative.title,
            "status": initiative.status,
            "owner": initiative.owner.full_name if initiative.owner else None,
            "sponsor": initiative.sponsor.full_name if initiative.sponsor else None,
            "target": initiative.target_level,
            "target_days": initiative.target_days,
            "phases": [
                {
                    "name": p.name,
                    "units": sorted(tree.path(pk) for pk in plan.units[p.pk]),
                    "start": p.start.isoformat(),
                    "go_live": p.go_live.isoformat(),
                    "sustain_until": p.sustain_until.isoformat(),
                    "impact": p.impact,
                }
                for p in plan.phases
            ],
        }

    def adoption(self, organisation, options) -> None:
        initiative = self.initiative(organisation, options["initiative"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        plan = import_adoption(initiative, path.read_bytes(), path.name, dry_run=options["dry_run"])
        if not plan.ok:
            for error in plan.error_list(SHOWN_ERRORS):
                self.stderr.write(str(error))
            more = plan.errors.total - min(plan.errors.total, SHOWN_ERRORS)
            if more:
                self.stderr.write(f"... and {more} more problem(s).")
            raise CommandError(
                f"{plan.errors.total} problem(s) in {path.name}: nothing was written."
            )
        verb = "Would write" if options["dry_run"] else "Wrote"
        self.stdout.write(
            f"{verb} {plan.new + plan.replaced} of {plan.rows} rows: {plan.new} new, "
            f"{plan.replaced} replacing stored rows, {plan.unchanged} unchanged."
        )
        for unit, n in plan.units.items():
            self.stdout.write(f"  {unit}: {n} row(s)")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")

    def metrics(self, organisation, options) -> None:
        initiative = self.initiative(organisation, options["initiative"])
        adoption = compute_adoption(initiative, options["as_of"])
        self.stdout.write(json.dumps(adoption.as_json(), indent=2, ensure_ascii=False))

    def load(self, organisation, options) -> None:
        if options["weeks"] < 1 or options["weeks"] > 520:
            raise CommandError("--weeks: a whole number from 1 to 520.", returncode=2)
        result, _tree = load_map(organisation, options["first"], options["weeks"])
        rows = result.rows()
        if options["format"] == "json":
            self.stdout.write(json.dumps(list(rows), ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["unit", "week", "load", "initiatives"])
        for r in rows:
            row = [r["unit"], r["week"], r["load"], ";".join(r["initiatives"])]
            writer.writerow([spreadsheet_safe(cell) for cell in row])

    def tick(self, loop: int) -> None:
        from twoway.change.tasks import run_change_tick

        while True:
            # .call() runs it here: the tick is cheap and must not wait in a queue.
            queued = run_change_tick.call()
            self.stdout.write(f"change tick ok: {queued} message(s) queued to send")
            if loop <= 0:
                return
            close_old_connections()
            time.sleep(loop)
