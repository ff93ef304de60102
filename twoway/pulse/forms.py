from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.org.models import MIN_ANONYMITY_THRESHOLD, Role, Unit
from twoway.surveys.forms import LANGUAGE_CHOICES

from .models import Cadence, Weekday


class ScheduleForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    cadence = forms.ChoiceField(choices=Cadence.choices, label=_("How often"))
    weekday = forms.TypedChoiceField(
        choices=Weekday.choices, coerce=int, initial=Weekday.TUESDAY, label=_("Day")
    )
    hour = forms.IntegerField(min_value=0, max_value=23, initial=9, label=_("Hour (0-23)"))
    open_days = forms.IntegerField(min_value=1, max_value=14, initial=3, label=_("Open for (days)"))
    starts_on = forms.DateField(
        label=_("First wave on or after"), widget=forms.DateInput(attrs={"type": "date"})
    )
    threshold = forms.IntegerField(
        min_value=MIN_ANONYMITY_THRESHOLD, initial=5, label=_("Anonymity threshold (k)"),
        help_text=_("No result is shown for fewer people than this. At least 3."),
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, initial=["en", "es"], widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
    )  # fmt: skip
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Units (empty: everyone)")
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        initial=[Role.AGENT], label=_("Roles (none ticked: all roles)"),
    )  # fmt: skip

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["units"].queryset = Unit.objects.filter(organisation=organisation)
        self.fields["threshold"].min_value = organisation.anonymity_threshold
        self.fields["threshold"].initial = organisation.anonymity_threshold
        self.fields["starts_on"].initial = timezone.localdate()

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value < self.organisation.anonymity_threshold:
            raise forms.ValidationError(
                _("Your organisation's threshold is %(k)s; a pulse cannot go lower."),
                params={"k": self.organisation.anonymity_threshold},
            )
        return value
