from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label=_("Delete comment text after (months)"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_(
            "Counted from the close of each diagnostic or pulse wave. Counts and themes stay; "
            "only the words go. Leave empty to keep comment text."
        ),
    )


class EraseForm(forms.Form):
    employee_id = forms.CharField(
        label=_("Type the person's employee ID to confirm"), max_length=64
    )
    reason = forms.CharField(
        label=_("Reason or request reference (kept in the audit log)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args, expected: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.expected = expected

    def clean_employee_id(self) -> str:
        value = self.cleaned_data["employee_id"].strip()
        if value != self.expected:
            raise forms.ValidationError(_("This is not the person's employee ID."))
        return value
