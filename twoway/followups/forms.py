"""Forms of the action loop: a new action, and the "you said, we did" note that closes it."""

from __future__ import annotations

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twoway.org.models import LEADER_ROLES

from .models import Action, Helped

NUMBER = re.compile(r"\d+")


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["what", "owner", "due_on", "source_kind", "source_ref", "source_label"]
        labels = {
            "what": _("What will be done"),
            "owner": _("Owner"),
            "due_on": _("Due date"),
            "source_kind": _("Starting from"),
            "source_label": _("What the result or theme says"),
        }
        widgets = {
            # An item code or theme id carried from the page the action started on: a reference
            # for twoway, not something to type or read.
            "source_ref": forms.HiddenInput,
            "what": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, scope, unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Leaders in the scope, and anyone on the unit itself, can own an action.
        people = scope.people().filter(is_active=True)
        self.fields["owner"].queryset = people.filter(
            Q(role__in=LEADER_ROLES) | Q(unit=unit)
        ).order_by("last_name", "first_name")
        self.fields["owner"].required = True


class PublishForm(forms.Form):
    you_said = forms.CharField(
        label=_("You said"),
        max_length=300,
        help_text=_("What the frontline told you, in plain words."),
    )
    we_did = forms.CharField(
        label=_("We did"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What changed. This note is shown to the team."),
    )

    def __init__(self, *args, k: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.k = k

    def clean_you_said(self) -> str:
        """No count under k: "2 of you said" would point at two people."""
        text = self.cleaned_data["you_said"]
        if any(int(n) < self.k for n in NUMBER.findall(text)):
            raise forms.ValidationError(
                _(
                    "Leave out numbers under %(k)s: a small count can point at the people "
                    "who said it. Say it in plain words instead."
                ),
                params={"k": self.k},
            )
        return text


class FeedbackForm(forms.Form):
    helped = forms.ChoiceField(
        label=_("Did it help?"), choices=Helped.choices, widget=forms.RadioSelect
    )
