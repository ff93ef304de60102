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
from twoway.surveys.models import Item, Template
from twoway.surveys.services import clone_template, install_builtin

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
        copy = clone_template(base, f"{base.name} ({len(codes)})", source=source, codes=codes)
        PulseItem.objects.bulk_create(
            PulseItem(
                item=item,
                reverse=by_code.get(item.code, {}).get("reverse", False),
                frequency=by_code.get(item.code, {}).get("frequency") or 1,
            )
            for item in Item.objects.filter(template=copy)
        )
    return copy
