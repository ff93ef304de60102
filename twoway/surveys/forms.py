from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.notify.webhooks import webhook_url_error
from twoway.org.models import MIN_ANONYMITY_THRESHOLD, Role, Unit

from .models import Item, ItemKind, Template

LANGUAGE_CHOICES = [("en", "English"), ("es", "Español")]


class CampaignForm(forms.Form):
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
    threshold = forms.IntegerField(
        min_value=MIN_ANONYMITY_THRESHOLD, initial=5, label=_("Anonymity threshold (k)"),
        help_text=_("No result is shown for fewer people than this. At least 3."),
    )  # fmt: skip
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Units (empty: everyone)")
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Roles (none ticked: all roles)"),
    )  # fmt: skip

    webhook_url = forms.URLField(
        required=False, assume_scheme="https", label=_("Slack or Teams webhook (optional)")
    )
    webhook_kind = forms.ChoiceField(
        required=False,
        choices=[("", "—"), ("slack", "Slack"), ("teams", "Microsoft Teams")],
        label=_("Webhook kind"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["template"].queryset = Template.objects.filter(organisation=organisation)
        self.fields["units"].queryset = Unit.objects.filter(organisation=organisation)
        self.fields["threshold"].min_value = organisation.anonymity_threshold
        self.fields["threshold"].initial = organisation.anonymity_threshold

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
        threshold = data.get("threshold")
        if threshold is not None and threshold < self.organisation.anonymity_threshold:
            self.add_error(
                "threshold",
                _("Your organisation's threshold is %(k)s; a campaign cannot go lower.")
                % {"k": self.organisation.anonymity_threshold},
            )
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
