"""Forms: opening a conversation, and a participant's statement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.org.forms import AudienceAndThresholdForm

from .models import MAX_STATEMENT_CHARS
from .services import ConversationSpec

MAX_SEEDS = 200


class ConversationForm(AudienceAndThresholdForm):
    question = forms.CharField(
        max_length=300,
        label=_("Question"),
        help_text=_('For example: "What should a customer\'s first contact with us be like?"'),
    )
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why we ask (optional)"),
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    allow_statements = forms.BooleanField(
        required=False, initial=True, label=_("Participants may add statements")
    )
    premoderate = forms.BooleanField(
        required=False,
        label=_("Check new statements before they are shown"),
        help_text=_("New statements wait until you accept them."),
    )
    seeds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Seed statements, one per line"),
        help_text=_("A few statements to start the conversation; each up to %(n)s characters.")
        % {"n": MAX_STATEMENT_CHARS},
    )

    field_order = [
        "question", "description", "opens_at", "closes_at", "units", "threshold",
        "allow_statements", "premoderate", "seeds",
    ]  # fmt: skip
    threshold_too_low = _("Your organisation's threshold is %(k)s; a conversation cannot go lower.")

    def __init__(self, *args, organisation, scope, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        del self.fields["roles"]  # everyone of the units takes part: leaders and frontline alike
        self.fields["units"].queryset = scope.units().order_by("path")
        self.fields["units"].required = not scope.is_admin
        self.fields["units"].label = _("Units (empty: everyone)") if scope.is_admin else _("Units")

    def clean_seeds(self) -> list[str]:
        lines = [" ".join(line.split()) for line in self.cleaned_data["seeds"].splitlines()]
        seeds = list(dict.fromkeys(line for line in lines if line))
        if not seeds:
            raise forms.ValidationError(_("Write at least one seed statement."))
        if len(seeds) > MAX_SEEDS:
            raise forms.ValidationError(
                _("At most %(n)s seed statements."), params={"n": MAX_SEEDS}
            )
        for number, seed in enumerate(seeds, start=1):
            if len(seed) > MAX_STATEMENT_CHARS:
                raise forms.ValidationError(
                    _("Statement %(number)s has %(length)s characters; the most is %(max)s."),
                    params={"number": number, "length": len(seed), "max": MAX_STATEMENT_CHARS},
                )
        return seeds

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The conversation must close after it opens."))
        return data

    def spec(self) -> ConversationSpec:
        data = self.cleaned_data
        return ConversationSpec(
            question=data["question"],
            description=data["description"],
            units=list(data["units"]),
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            allow_statements=data["allow_statements"],
            premoderate=data["premoderate"],
            threshold=data["threshold"],
        )
