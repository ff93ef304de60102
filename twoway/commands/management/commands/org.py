"""`twoway org create SLUG --name NAME` and `twoway org list`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from twoway.org.models import Organisation
from twoway.org.services import create_organisation


class Command(BaseCommand):
    help = "Create and list organisations (tenants)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an organisation.")
        create.add_argument("slug", help="Short name used in addresses, e.g. northwind")
        create.add_argument("--name", required=True, help="Display name")
        sub.add_parser("list", help="List organisations.")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(options["slug"], options["name"])
        else:
            for organisation in Organisation.objects.order_by("slug"):
                people = organisation.people.filter(is_active=True).count()
                self.stdout.write(
                    f"{organisation.slug}\t{organisation.name}\t{people} active people"
                )

    def create(self, slug: str, name: str) -> None:
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"{slug!r} is not a valid slug: use letters, numbers, hyphens or underscores."
            ) from None
        if not name.strip():
            raise CommandError("--name cannot be empty.")
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with slug {slug!r} exists already.")
        create_organisation(slug, name.strip())
        self.stdout.write(self.style.SUCCESS(f"Created organisation {slug} ({name.strip()})."))
