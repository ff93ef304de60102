from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.notify.webhooks import webhook_url_error
from twoway.org.forms import AudienceAndThresholdForm

from .models import Item, ItemKind, Template

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class CampaignForm(AudienceAndThresholdForm):
    template = forms.ModelChoiceField(queryset=Template.objects.none(), label=_("Template"))
    name = forms.CharField(max_length=200, label=_("Name"))
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, initial=["en", "es"], widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
    )  # fmt: skip

    webhook_url = forms.URLField(
        required=False, assume_scheme="https", label=_("Slack or Teams webhook (optional)")
    )
    webhook_kind = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("slack", "Slack"), ("teams", "Microsoft Teams")],
        label=_("Webhook kind"),
    )

    field_order = [
        "template", "name", "opens_at", "closes_at", "languages", "threshold", "units", "roles",
        "webhook_url", "webhook_kind",
    ]  # fmt: skip
    threshold_too_low = _("Your organisation's threshold is %(k)s; a campaign cannot go lower.")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["template"].queryset = Template.objects.filter(organisation=organisation)

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The campaign must close after it opens."))
        url = data.get("webhook_url")
        if url and (problem := webhook_url_error(url)):
            self.add_error("webhook_url", problem)
        if url and not data.get("webhook_kind"):
            self.add_error("webhook_kind", _("Say whether the webhook is Slack or Teams."))
        return data


class ItemForm(forms.Form):
    code = forms.SlugField(max_length=60, label=_("Code"))
    kind = forms.ChoiceField(choices=ItemKind.choices, label=_("Kind"))
    required = forms.BooleanField(required=False, initial=True, label=_("Required"))
    frontline_en = forms.CharField(max_length=300, label=_("Frontline wording (English)"))
    leader_en = forms.CharField(max_length=300, label=_("Leader wording (English)"))
    frontline_es = forms.CharField(
        max_length=300, required=False, label=_("Frontline wording (Spanish)")
    )
    leader_es = forms.CharField(max_length=300, required=False, label=_("Leader wording (Spanish)"))
    choices = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Choices (single choice only): one per line"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("kind") == ItemKind.CHOICE and len(self.choice_list()) < 2:
            self.add_error("choices", _("A single-choice item needs at least two choices."))
        return data

    def choice_list(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("choices", "").splitlines()
            if line.strip()
        ]


def item_initial(item: Item) -> dict:
    return {
        "code": item.code,
        "kind": item.kind,
        "required": item.required,
        "frontline_en": item.frontline_text.get("en", ""),
        "leader_en": item.leader_text.get("en", ""),
        "frontline_es": item.frontline_text.get("es", ""),
        "leader_es": item.leader_text.get("es", ""),
        "choices": "\n".join(c["label"].get("en", c["code"]) for c in item.choices),
    }
