from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.pulse.models import Weekday


class SubscriptionForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=Weekday.choices, coerce=int, initial=Weekday.MONDAY
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.label) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]
