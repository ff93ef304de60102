"""Forms of frontline voice: a post, a vote, a status with its answer, figures, settings,
a merge, kudos. Errors name their field; nothing is written until every field is valid."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.org.models import Person, Unit
from twoway.staffing import StaffingInputError
from twoway.staffing.workarounds import PricingAssumptions, check_workarounds

from .models import Kind, Per, Status, Theme, UnitChannel, VoiceSettings

TITLE_CHARS = 140
BODY_CHARS = 4000
# A tag: "<" then a letter, "/" or "!" and up to ">". "x < 5" or "<3" are not tags.
TAG = re.compile(r"<\s*[/!]?\s*[a-zA-Z][^>]*>")
PLAIN_TEXT_ONLY = _("Write plain text: HTML tags such as <b> or <script> are not accepted.")
FIGURE_FIELDS = {"minutes_lost": "minutes_lost", "how_often": "how_often", "per": "per",
                 "people_affected": "people_affected"}  # fmt: skip


def plain_text(value: str) -> str:
    if TAG.search(value or ""):
        raise forms.ValidationError(PLAIN_TEXT_ONLY)
    return value


class FiguresMixin:
    """Workaround figures, checked by the staffing library against the assumptions."""

    def check_figures(self, cleaned: dict, assumptions: PricingAssumptions) -> None:
        missing = [f for f in FIGURE_FIELDS if cleaned.get(f) in (None, "")]
        for name in missing:
            if name not in self.errors:  # type: ignore[attr-defined]
                self.add_error(name, _("Needed to put a price on the workaround."))  # type: ignore[attr-defined]
        if missing or any(f in self.errors for f in FIGURE_FIELDS):  # type: ignore[attr-defined]
            return
        try:
            check_workarounds(
                cleaned["minutes_lost"], cleaned["how_often"], cleaned["per"],
                cleaned["people_affected"], assumptions,
            )  # fmt: skip
        except StaffingInputError as error:
            self.add_error(FIGURE_FIELDS.get(error.field), _figure_problem(error))  # type: ignore[attr-defined]


def _figure_problem(error: StaffingInputError) -> str:
    return str(error.problem[:1].upper() + error.problem[1:]) + "."


def figure_fields():
    return {
        "minutes_lost": forms.FloatField(
            label=_("Minutes lost each time"), required=False,
            help_text=_("Your best guess: 0.5 is thirty seconds."),
        ),
        "how_often": forms.FloatField(label=_("How many times"), required=False),
        "per": forms.ChoiceField(label=_("Per"), choices=[("", "—"), *Per.choices], required=False),
        "people_affected": forms.IntegerField(
            label=_("About how many people do this"), required=False, min_value=1,
            max_value=1_000_000,
        ),
    }  # fmt: skip


class PostForm(FiguresMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("In one line"), max_length=TITLE_CHARS, validators=[plain_text],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )  # fmt: skip
    body = forms.CharField(
        label=_("Tell us more (optional)"), max_length=BODY_CHARS, required=False,
        validators=[plain_text], widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    theme = forms.ChoiceField(label=_("Theme"), choices=Theme.choices, initial=Theme.OTHER)
    official_way = forms.CharField(
        label=_("The official way"), max_length=2000, required=False, validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    instead = forms.CharField(
        label=_("What people do instead"), max_length=2000, required=False,
        validators=[plain_text], widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    signed = forms.BooleanField(
        label=_("Sign it with my name"), required=False,
        help_text=_("Unticked, nobody (admins included) can see who wrote it."),
    )  # fmt: skip

    def __init__(self, *args, assumptions: PricingAssumptions, is_leader: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(figure_fields())
        self.assumptions = assumptions
        self.is_leader = is_leader
        if not is_leader:
            self.fields["kind"].choices = [c for c in Kind.choices if c[0] != Kind.LEADER_NEED]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Say in one line what gets in the way."))
        return title

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Kind.WORKAROUND:
            self.check_figures(cleaned, self.assumptions)
        return cleaned

    def post_data(self) -> dict:
        """The fields the post keeps (workaround figures only on a workaround)."""
        data = {k: self.cleaned_data[k] for k in ("kind", "title", "body", "theme")}
        if data["kind"] == Kind.WORKAROUND:
            for name in ("official_way", "instead", *FIGURE_FIELDS):
                data[name] = self.cleaned_data[name]
        data["is_leader"] = self.is_leader
        return data


class VoteForm(forms.Form):
    value = forms.TypedChoiceField(
        label=_("Your vote"), coerce=int,
        choices=[(1, _("Me too")), (-1, _("Not for me"))],
    )  # fmt: skip
    minutes = forms.FloatField(
        label=_("Minutes it costs you each time (optional)"), required=False,
        min_value=0.1, max_value=480,
    )  # fmt: skip


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in Status.choices if c[0] != Status.DUPLICATE]
    )
    text = forms.CharField(
        label=_("Official answer"), max_length=BODY_CHARS, required=False,
        validators=[plain_text], widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone. Done and declined need one."),
    )  # fmt: skip
    action = forms.IntegerField(
        label=_("Linked action (its number, optional)"), required=False, min_value=1,
        max_value=2**62,
    )  # fmt: skip


class FiguresForm(FiguresMixin, forms.Form):
    def __init__(self, *args, assumptions: PricingAssumptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(figure_fields())
        self.assumptions = assumptions

    def clean(self):
        cleaned = super().clean()
        self.check_figures(cleaned, self.assumptions)
        return cleaned


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Code of the post to keep"), max_length=12,
        help_text=_("The code at the end of the post's address."),
    )  # fmt: skip


class SettingsForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=_("Voice news webhook (Slack or Teams)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = VoiceSettings
        fields = [
            "vote_budget", "premoderation", "currency", "cost_per_hour", "shrinkage",
            "occupancy", "aht_seconds", "paid_hours_per_shift", "shifts_per_week",
            "working_days_per_year", "webhook_url", "webhook_kind",
        ]  # fmt: skip
        labels = {
            "vote_budget": _("Votes each person may have on open posts"),
            "premoderation": _("A moderator approves each post before it shows"),
            "currency": _("Currency symbol"),
            "cost_per_hour": _("Loaded cost per paid hour"),
            "shrinkage": _("Shrinkage (0 to 0.99)"),
            "occupancy": _("Occupancy (0.01 to 1)"),
            "aht_seconds": _("Average handle time (seconds)"),
            "paid_hours_per_shift": _("Paid hours per shift"),
            "shifts_per_week": _("Shifts per week"),
            "working_days_per_year": _("Working days a year"),
            "webhook_url": _("Voice news webhook (Slack or Teams)"),
            "webhook_kind": _("Webhook kind"),
        }

    def clean(self):
        cleaned = super().clean()
        values = {f: cleaned.get(f) for f in PricingAssumptions.__dataclass_fields__}
        if all(v is not None for v in values.values()):
            try:
                PricingAssumptions(**values)  # type: ignore[arg-type]
            except StaffingInputError as error:
                self.add_error(
                    error.field if error.field in self.fields else None, _figure_problem(error)
                )
        if cleaned.get("webhook_url") and not cleaned.get("webhook_kind"):
            self.add_error("webhook_kind", _("Say whether the webhook is Slack or Teams."))
        return cleaned


class UnitChannelForm(forms.ModelForm):
    webhook_url = forms.URLField(
        label=_("Webhook (Slack or Teams)"), required=False, assume_scheme="https"
    )

    class Meta:
        model = UnitChannel
        fields = ["unit", "webhook_url", "webhook_kind", "email"]
        labels = {"unit": _("Unit"), "webhook_kind": _("Webhook kind"), "email": _("Team mailbox")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation).order_by(
            "path"
        )

    def validate_unique(self) -> None:
        """A unit's channel is replaced, not refused, when it has one (see set_unit_channel)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("webhook_url") and not cleaned.get("webhook_kind"):
            self.add_error("webhook_kind", _("Say whether the webhook is Slack or Teams."))
        if not cleaned.get("webhook_url") and not cleaned.get("email"):
            self.add_error("webhook_url", _("Give a webhook, a team mailbox, or both."))
        return cleaned


class KudosForm(forms.Form):
    to_person = forms.ModelChoiceField(
        label=_("A colleague"), queryset=Person.objects.none(), required=False
    )
    to_unit = forms.ModelChoiceField(
        label=_("Or a team"), queryset=Unit.objects.none(), required=False
    )
    message = forms.CharField(
        label=_("What they did"), max_length=1000, validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation, is_active=True)
        self.fields["to_person"].queryset = people.order_by("first_name", "last_name")
        self.fields["to_unit"].queryset = Unit.objects.filter(organisation=organisation).order_by(
            "path"
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("to_person") and not cleaned.get("to_unit"):
            self.add_error("to_person", _("Choose a colleague or a team to recognise."))
        return cleaned


class EmployeeIdForm(forms.Form):
    employee_id = forms.CharField(
        label=_("Your employee ID"), max_length=64,
        help_text=_("Only to make sure each person votes once: it is never kept with a post."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip
