"""Forms of change initiatives. They check the shape of the input; the rules that need the
database (a unit impacted twice, a message after the close) live in services and come back as
`ChangeError`, which `add_change_error` puts on the field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from twoway.cases.models import BusinessCase
from twoway.insights.coverage import ASPECTS
from twoway.insights.scorecard import DIMENSIONS
from twoway.org.models import LEADER_ROLES, Person, Role

from .models import Channel, Decision, Impact, Initiative, Status, VisionLine

DATE = forms.DateInput(attrs={"type": "date"})
ASPECT_LABELS = {
    "scope": _("Scope"),
    "people_affected": _("People affected"),
    "variation": _("Variation between groups"),
    "type_of_change": _("Type of change"),
    "process": _("Process"),
    "systems": _("Systems"),
    "job_roles": _("Job roles"),
    "restructuring": _("Restructuring"),
    "amount_of_change": _("Amount of change"),
    "compensation": _("Compensation impact"),
    "staffing_reduction": _("Staffing reduction"),
    "timeframe": _("Timeframe"),
}
DIMENSION_LABELS = {
    "bought_in": _("Bought in"),
    "championed": _("Championed"),
    "communicated": _("Communicated"),
    "managed": _("Managed"),
    "measured": _("Measured"),
    "improved": _("Improved"),
}


def add_change_error(form: forms.Form, error) -> None:
    """Put a services ChangeError on its field (or on the form when it has no such field)."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "key",
            "title",
            "why",
            "how_much",
            "what_changes",
            "owner",
            "sponsor",
            "vision",
            "business_case",
            "target_level",
            "target_days",
        ]
        labels = {
            "key": _("Key (a short name for addresses and scripts)"),
            "title": _("Title"),
            "why": _("Why: the case for change, in plain words"),
            "how_much": _("How much: what it is worth"),
            "what_changes": _("What changes for the frontline"),
            "owner": _("Owner"),
            "sponsor": _("Executive sponsor"),
            "vision": _("The vision line it serves"),
            "business_case": _("Business case"),
            "target_level": _("Adoption target (share, 0.80 is 80%)"),
            "target_days": _("Days after go-live to reach it"),
        }
        widgets = {
            "why": forms.Textarea(attrs={"rows": 3}),
            "how_much": forms.Textarea(attrs={"rows": 2}),
            "what_changes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=organisation, is_active=True)
        leaders = people.filter(role__in=LEADER_ROLES).order_by("last_name", "first_name")
        self.fields["owner"].queryset = leaders
        self.fields["sponsor"].queryset = leaders
        self.fields["vision"].queryset = VisionLine.objects.filter(organisation=organisation)
        self.fields["business_case"].queryset = BusinessCase.objects.filter(
            organisation=organisation
        )
        self.fields["key"].help_text = _("Letters, numbers, - or _; unique in the organisation.")
        for role, label in Role.choices:
            self.fields[f"role_{role}"] = forms.ChoiceField(
                label=_("Impact on %(role)s") % {"role": label},
                choices=[("", _("Not impacted")), *Impact.choices],
                required=False,
                initial=(self.instance.impacted_roles or {}).get(role, ""),
            )
        if editing:
            del self.fields["key"]

    def impacted_roles(self) -> dict[str, str]:
        return {
            role: self.cleaned_data[f"role_{role}"]
            for role in Role.values
            if self.cleaned_data.get(f"role_{role}")
        }

    def model_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class CharacteristicsForm(forms.Form):
    def __init__(self, *args, initial_ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for aspect in ASPECTS:
            self.fields[aspect] = forms.TypedChoiceField(
                label=ASPECT_LABELS[aspect],
                choices=[("", "—"), *[(n, str(n)) for n in range(1, 6)]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_ratings.get(aspect),
            )

    def ratings(self) -> dict[str, int]:
        return {a: v for a, v in self.cleaned_data.items() if v is not None}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    abandoned_reason = forms.CharField(
        label=_("Why it is abandoned"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Units (their teams are impacted with them)"), queryset=None
    )
    start = forms.DateField(label=pgettext_lazy("the day a phase starts", "Start"), widget=DATE)
    go_live = forms.DateField(label=_("Go-live"), widget=DATE)
    sustain_until = forms.DateField(label=_("Sustain until"), widget=DATE)
    impact = forms.ChoiceField(label=_("Impact"), choices=Impact.choices, initial=Impact.MEDIUM)
    overload_ok = forms.BooleanField(
        label=_("Schedule it anyway, although it overloads these teams"), required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["units"].widget.attrs["size"] = 8


class AdoptionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Adoption file"),
        help_text=_(
            "CSV or XLSX with the columns date, unit, eligible, adopted and, if you have it, "
            "proficiency (0-100): one row per unit and day, never per agent."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; write nothing"), required=False)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    saw = forms.CharField(
        label=_("What we saw"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    change = forms.CharField(
        label=_("What we change"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    by_when = forms.DateField(label=_("By when"), widget=DATE, required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Units it covers (none: the whole initiative)"), queryset=None, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class MessageForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    offset_days = forms.IntegerField(
        label=_("Days from the phase's go-live (negative: before it)"),
        min_value=-365,
        max_value=365,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units (none: everyone in the phase)"), queryset=None, required=False
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles (none: every impacted role)"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, phases, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["units"].queryset = units


class WinForm(forms.Form):
    text = forms.CharField(label=_("The win, in a sentence"), max_length=300)


class ChampionForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Agent"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class RatingsForm(forms.Form):
    """The owner's own 0-100 rating of each scorecard question."""

    def __init__(self, *args, ratings: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in DIMENSIONS:
            self.fields[dimension] = forms.IntegerField(
                label=DIMENSION_LABELS[dimension],
                min_value=0,
                max_value=100,
                required=False,
                initial=ratings.get(dimension),
            )


class SettingsForm(forms.Form):
    weight_low = forms.FloatField(label=_("Weight of a low impact"), min_value=0)
    weight_medium = forms.FloatField(label=_("Weight of a medium impact"), min_value=0)
    weight_high = forms.FloatField(label=_("Weight of a high impact"), min_value=0)
    capacity = forms.FloatField(label=_("Change load a team can carry in a week"), min_value=0)
    slack_webhook = forms.URLField(
        label=_("Slack incoming webhook"), required=False, assume_scheme="https"
    )
    teams_webhook = forms.URLField(
        label=_("Microsoft Teams incoming webhook"), required=False, assume_scheme="https"
    )


class VisionForm(forms.Form):
    text = forms.CharField(
        label=_("Vision"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A couple of sentences: what we achieve for our staff, the company and our "
            "customers. Leave it empty to remove it."
        ),
    )
