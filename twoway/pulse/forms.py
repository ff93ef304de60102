from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twoway.org.forms import AudienceAndThresholdForm
from twoway.org.models import Role
from twoway.surveys.forms import LANGUAGE_CHOICES

from .models import Cadence, Weekday


class ScheduleForm(AudienceAndThresholdForm):
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
    languages = forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, initial=["en", "es"], widget=forms.CheckboxSelectMultiple,
        label=_("Languages"),
    )  # fmt: skip
    field_order = [
        "name", "cadence", "weekday", "hour", "open_days", "starts_on", "threshold",
        "languages", "units", "roles",
    ]  # fmt: skip
    threshold_too_low = _("Your organisation's threshold is %(k)s; a pulse cannot go lower.")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["roles"].initial = [Role.AGENT]
        self.fields["starts_on"].initial = timezone.localdate()
