"""What the answer page shows: items in the respondent's language and wording, with scales."""

from __future__ import annotations

from django.utils.translation import gettext as _

from twoway.insights.redact import Redactor

from .hot import organisation_redactor
from .models import Campaign, Item, ItemKind, Lens

DEFAULT_AGREE = {
    "en": ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"],
    "es": ["Muy en desacuerdo", "En desacuerdo", "Neutral", "De acuerdo", "Muy de acuerdo"],
}


def answer_label(template, group: str, key: str, language: str, default: str) -> str:
    """A scale label from the template's answer_labels, e.g. ("agree5", "1") or ("agree5", "na")."""
    texts = (template.answer_labels or {}).get(group, {}).get(key) or {}
    return texts.get(language) or texts.get("en") or default


def agree_labels(template, language: str) -> list[str]:
    defaults = DEFAULT_AGREE.get(language, DEFAULT_AGREE["en"])
    return [
        answer_label(template, "agree5", str(i + 1), language, d) for i, d in enumerate(defaults)
    ]


def questionnaire_context(campaign: Campaign, items: list[Item], is_leader: bool, language, data):
    template = campaign.template
    lens = Lens.LEADER_NOW if is_leader else Lens.FRONTLINE
    agree = agree_labels(template, language)
    shown = []
    for item in items:
        entry = {"item": item, "text": item.wording(lens, language), "fields": []}
        if item.is_rating:
            suffixes = [
                (
                    "-now",
                    answer_label(
                        template, "leader_prompts", "today", language, _("What is true today")
                    ),
                ),
                (
                    "-wanted",
                    answer_label(template, "leader_prompts", "target", language, _("What we want")),
                ),
            ]
            for suffix, prompt in suffixes if is_leader else [("", "")]:
                name = f"item-{item.code}{suffix}"
                entry["fields"].append(
                    {
                        "name": name,
                        "prompt": prompt,
                        "options": _options(item, agree, template, language),
                        "value": data.get(name, ""),
                    }
                )
        elif item.kind == ItemKind.CHOICE:
            options = [
                (c["code"], c["label"].get(language) or c["label"].get("en")) for c in item.choices
            ]
            name = f"item-{item.code}"
            entry["fields"].append(
                {"name": name, "prompt": "", "options": options, "value": data.get(name, "")}
            )
        else:
            entry["text_value"] = data.get(f"item-{item.code}", "")
        shown.append(entry)
    return {"campaign": campaign, "entries": shown, "is_leader": is_leader, "count": len(items)}


def _options(item: Item, agree: list[str], template, language) -> list[tuple[str, str]]:
    if item.kind == ItemKind.AGREE5:
        na = answer_label(template, "agree5", "na", language, _("Not applicable"))
        return [(str(i + 1), label) for i, label in enumerate(agree)] + [("na", na)]
    low = answer_label(template, "scale0_10", "0", language, _("Not at all likely"))
    high = answer_label(template, "scale0_10", "10", language, _("Extremely likely"))
    return [(str(v), low if v == 0 else high if v == 10 else str(v)) for v in range(11)]


def redactor_for(campaign: Campaign) -> Redactor:
    return organisation_redactor(campaign.organisation_id)
