"""The change pulse bank in an organisation: which items wave n asks, as a template.

Every wave is a campaign, and the answer page shows all items of a campaign's template. So a
wave's template is a copy of the installed bank holding just the items due that wave
(`items_for_wave`). Waves that ask the same items share one copy: with frequencies 1, 2 and 4
there are three copies in all, whatever the number of waves. Each copied item gets a
`PulseItem` row saying whether it is reverse-keyed and how often it recurs.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.db import transaction

from twoway.org.models import Organisation
from twoway.surveys.builtin import items_for_wave, load_builtin
from twoway.surveys.models import Construct, Item, Template
from twoway.surveys.templates_bank import install_builtin

from .models import PulseItem

BANK = "change_pulse"


@lru_cache(maxsize=1)
def pulse_bank() -> dict:
    """The normalised built-in bank (pure data; read once per process)."""
    return load_builtin(BANK)


def due_codes(number: int) -> list[str]:
    """Codes of the items wave `number` asks, in the bank's order."""
    return [item["code"] for item in items_for_wave(pulse_bank(), number)]


def wave_template(organisation: Organisation, number: int) -> Template:
    """The template holding exactly the items due in wave `number` (created once per set)."""
    base = install_builtin(organisation, BANK)
    codes = due_codes(number)
    digest = hashlib.sha256("+".join(codes).encode()).hexdigest()[:16]
    source = f"pulse:{base.pk}:{digest}"
    existing = Template.objects.filter(organisation=organisation, source=source).first()
    return existing or _copy_subset(base, codes, source)


def _copy_subset(base: Template, codes: list[str], source: str) -> Template:
    by_code = {item["code"]: item for item in pulse_bank()["items"]}
    with transaction.atomic():
        copy = Template.objects.create(
            organisation=base.organisation,
            name=f"{base.name} ({len(codes)})",
            description=base.description,
            languages=base.languages,
            source=source,
            answer_labels=base.answer_labels,
        )
        items = list(base.items.filter(code__in=codes).select_related("construct"))
        constructs = {}
        for construct in {i.construct for i in items if i.construct}:
            constructs[construct.pk] = Construct.objects.create(
                template=copy, code=construct.code, label=construct.label,
                position=construct.position,
            )  # fmt: skip
        copies = Item.objects.bulk_create(
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
        # bulk_create may not return keys on every backend: read them back by code.
        copies = Item.objects.filter(template=copy)
        PulseItem.objects.bulk_create(
            PulseItem(
                item=item,
                reverse=by_code.get(item.code, {}).get("reverse", False),
                frequency=by_code.get(item.code, {}).get("frequency") or 1,
            )
            for item in copies
        )
    return copy
