"""Templates in an organisation's question bank: install the built-in ones, clone, edit."""

from __future__ import annotations

from django.db import transaction

from twoway.org.models import Organisation

from .builtin import load_builtin
from .models import Construct, Item, Template

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
