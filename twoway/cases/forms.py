"""The business-case form: workload, service target, baseline, the change and a workaround.

Shares are entered as percentages and converted here; the library's own checks (a first-contact
resolution pushed past 100%, a handle-time saving larger than the handle time, a target no
staffing can meet) come back as `StaffingInputError` and land on the field they name.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from twoway.staffing import StaffingInputError

from .fields import DailyVolumesField, DescribedFieldsMixin, number, percent

WORKLOAD_CHOICES = [("daily", _("Daily volumes")), ("plan", _("The uploaded plan"))]
INTERVAL_CHOICES = [(15, _("15 minutes")), (30, _("30 minutes")), (60, _("60 minutes"))]

# The library's field names (`StaffingInputError.field`) -> this form's fields.
LIBRARY_FIELDS = {
    "service_level": "service_level",
    "answer_within": "answer_within",
    "max_occupancy": "max_occupancy",
    "patience": "patience",
    "shrinkage": "shrinkage",
    "fcr_gain": "fcr_gain",
    "volume_change": "volume_change",
    "aht_seconds_saved": "aht_seconds_saved",
    "scenarios.name": "scenario_name",
    "calls": "daily_calls",
    "daily_calls": "daily_calls",
    "aht": "aht",
    "open_hours": "open_hours",
    "interval": "interval_minutes",
    "cost_per_hour": "cost_per_hour",
    "minutes_lost_per_occurrence": "minutes_lost_per_occurrence",
    "occurrences_per_agent_per_day": "occurrences_per_agent_per_day",
    "agents_affected": "agents_affected",
}

# Form field -> (section of the case data, key, divide by 100?).
CASE_FIELDS = {
    "service_level": ("target", "service_level", True),
    "answer_within": ("target", "answer_within", False),
    "max_occupancy": ("target", "max_occupancy", True),
    "patience": ("target", "patience", False),
    "shrinkage": ("baseline", "shrinkage", True),
    "cost_per_hour": ("baseline", "cost_per_hour", False),
    "paid_hours_per_fte_per_week": ("baseline", "paid_hours_per_fte_per_week", False),
    "attrition_rate": ("baseline", "attrition_rate", True),
    "replacement_cost": ("baseline", "replacement_cost", False),
    "fcr": ("baseline", "fcr", True),
    "repeats_per_unresolved": ("baseline", "repeats_per_unresolved", False),
    "discount_rate": ("baseline", "discount_rate", True),
    "horizon_years": ("baseline", "horizon_years", False),
    "scenario_name": ("scenario", "name", False),
    "aht_seconds_saved": ("scenario", "aht_seconds_saved", False),
    "volume_change": ("scenario", "volume_change", True),
    "fcr_gain": ("scenario", "fcr_gain", True),
    "scenario_shrinkage": ("scenario", "shrinkage", True),
    "scenario_attrition_rate": ("scenario", "attrition_rate", True),
    "scenario_replacement_cost": ("scenario", "replacement_cost", False),
    "one_off_cost": ("scenario", "one_off_cost", False),
    "running_cost_per_year": ("scenario", "running_cost_per_year", False),
    "workaround_name": ("workaround", "name", False),
    "minutes_lost_per_occurrence": ("workaround", "minutes_lost_per_occurrence", False),
    "occurrences_per_agent_per_day": ("workaround", "occurrences_per_agent_per_day", False),
    "agents_affected": ("workaround", "agents_affected", False),
}

DAILY_DEFAULTS = {
    "daily_calls": [5200, 4800, 4700, 4600, 4400, 2100, 1500],
    "aht": 330,
    "open_hours": 12,
    "opens_at": 8,
    "interval_seconds": 900,
    "arrival_profile": "flat",
}

ARRIVAL_CHOICES = [
    ("flat", _("Evenly over the opening hours")),
    ("two_peaks", _("A usual day: a morning peak and a smaller one after lunch")),
]


class CaseForm(DescribedFieldsMixin, forms.Form):
    """Every lever of a case with one change scenario and an optional workaround."""

    name = forms.CharField(label=_("Name of the case"), max_length=200)
    description = forms.CharField(
        label=_("What is the change?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    currency = forms.CharField(label=_("Currency symbol"), max_length=5, initial="$")

    workload_source = forms.ChoiceField(
        label=_("Workload"), choices=WORKLOAD_CHOICES, initial="daily", widget=forms.RadioSelect
    )
    daily_calls = DailyVolumesField(
        label=_("Contacts per day"),
        required=False,
        help_text=_("One number for every day, or seven from Monday to Sunday."),
    )
    aht = number(_("Average handle time (seconds)"), required=False, low=0, low_open=True)
    open_hours = number(_("Open hours a day"), required=False, low=0, high=24, low_open=True)
    opens_at = forms.TimeField(
        label=_("Opens at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    interval_minutes = forms.TypedChoiceField(
        label=_("Interval"), choices=INTERVAL_CHOICES, coerce=int, initial=15
    )
    arrival_profile = forms.ChoiceField(
        label=_("Contacts within the day"),
        choices=ARRIVAL_CHOICES,
        initial="flat",
        required=False,
        help_text=_("Agents follow the contacts interval by interval: a peak needs more of them."),
    )

    service_level = percent(
        _("Service level target (%)"), initial=80, low=0, high=100, low_open=True, high_open=True
    )
    answer_within = number(_("Answered within (seconds)"), initial=20, low=0)
    max_occupancy = percent(
        _("Occupancy cap (%)"),
        required=False,
        low=0,
        high=100,
        low_open=True,
        help_text=_("Leave empty for no cap."),
    )
    patience = number(
        _("Caller patience (seconds)"),
        required=False,
        low=0,
        low_open=True,
        help_text=_("Leave empty if callers never hang up (Erlang C); set it for Erlang A."),
    )

    shrinkage = percent(_("Shrinkage (%)"), initial=30, low=0, high=100, high_open=True)
    cost_per_hour = number(_("Loaded cost per paid hour"), initial=30, low=0)
    paid_hours_per_fte_per_week = number(
        _("Paid hours per FTE a week"), initial=40, low=0, low_open=True
    )
    attrition_rate = percent(_("Attrition a year (%)"), initial=30, low=0)
    replacement_cost = number(_("Cost to replace an agent"), initial=5000, low=0)
    fcr = percent(_("First-contact resolution (%)"), initial=70, low=0, high=100)
    repeats_per_unresolved = number(_("Repeat contacts per unresolved contact"), initial=1, low=0)
    discount_rate = percent(_("Discount rate a year (%)"), initial=8, low=0, high=100)
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), initial=3, min_value=1, max_value=30
    )

    scenario_name = forms.CharField(label=_("Name of the change"), max_length=100, initial="Change")
    aht_seconds_saved = number(
        _("Handle time saved (seconds)"),
        initial=0,
        help_text=_("Negative if the change makes contacts longer."),
    )
    volume_change = percent(
        _("Volume change (%)"),
        initial=0,
        help_text=_("Negative for deflection: -10 means 10% fewer contacts."),
    )
    fcr_gain = number(
        _("First-contact resolution gain (points)"),
        initial=0,
        help_text=_("Fewer unresolved contacts means fewer repeat contacts."),
    )
    scenario_shrinkage = percent(
        _("Shrinkage after the change (%)"), required=False, low=0, high=100, high_open=True
    )
    scenario_attrition_rate = percent(_("Attrition after the change (%)"), required=False, low=0)
    scenario_replacement_cost = number(
        _("Cost to replace an agent after the change"), required=False, low=0
    )
    one_off_cost = number(_("One-off cost of the change"), initial=0, low=0)
    running_cost_per_year = number(_("Running cost of the change a year"), initial=0, low=0)

    workaround_name = forms.CharField(label=_("Workaround"), max_length=100, required=False)
    minutes_lost_per_occurrence = number(_("Minutes lost each time"), required=False, low=0)
    occurrences_per_agent_per_day = number(_("Times per agent per day"), required=False, low=0)
    agents_affected = number(_("Agents affected"), required=False, low=0)

    def __init__(self, *args, has_plan: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.has_plan = has_plan
        if not has_plan:
            self.fields["workload_source"].choices = WORKLOAD_CHOICES[:1]
        self.describe_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("workload_source") == "daily":
            for name in ("daily_calls", "aht", "open_hours"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed for a workload from daily volumes."))
        if _wants_workaround(data):
            for name in WORKAROUND_FIELDS[1:]:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Needed to price the workaround."))
        return data

    def add_library_error(self, error: StaffingInputError) -> None:
        """Show the library's complaint on the field it names, or above the form."""
        name = LIBRARY_FIELDS.get(error.field)
        if name is None and error.field.startswith("scenario"):
            name = LIBRARY_FIELDS.get(error.field.split(".")[-1])
        if name in self.fields and name not in self.errors:
            problem = error.problem[:1].upper() + error.problem[1:]
            self.add_error(name, problem if problem.endswith(".") else f"{problem}.")
        else:
            self.add_error(None, str(error))

    def workload_inputs(self, previous: dict[str, Any] | None = None) -> dict[str, Any]:
        """How the workload was entered, kept beside the case to fill this form again."""
        data = self.cleaned_data
        if data["workload_source"] == "plan":
            return {**(previous or {}), "kind": "plan"}  # keeps the plan's file name
        opens_at = data.get("opens_at") or datetime.time(8, 0)
        return {
            "kind": "daily",
            "daily_calls": data["daily_calls"],
            "aht": data["aht"],
            "open_hours": data["open_hours"],
            "opens_at": opens_at.hour + opens_at.minute / 60,
            "interval_seconds": data["interval_minutes"] * 60,
            "arrival_profile": data.get("arrival_profile") or "flat",
        }

    def levers(self) -> dict[str, dict[str, Any]]:
        """The form's values by case section, shares converted from percent."""
        sections: dict[str, dict[str, Any]] = {
            "target": {},
            "baseline": {},
            "scenario": {},
            "workaround": {},
        }
        for name, (section, key, is_percent) in CASE_FIELDS.items():
            value = self.cleaned_data.get(name)
            if value is not None and is_percent:
                value = value / 100.0
            sections[section][key] = value
        return sections


WORKAROUND_FIELDS = (
    "workaround_name",
    "minutes_lost_per_occurrence",
    "occurrences_per_agent_per_day",
    "agents_affected",
)


def _wants_workaround(data: dict[str, Any]) -> bool:
    return any(data.get(key) not in (None, "") for key in WORKAROUND_FIELDS)


class PlanUploadForm(forms.Form):
    """A workload file: CSV or XLSX with queue, start, calls and aht columns."""

    file = forms.FileField(
        label=_("Workload file"),
        help_text=_(
            "CSV or XLSX with the columns queue, start, calls and aht (seconds), "
            "one row per queue and interval of a week."
        ),
    )
    interval_minutes = forms.TypedChoiceField(
        label=_("Interval"),
        choices=INTERVAL_CHOICES,
        coerce=int,
        initial=15,
        required=False,
        empty_value=15,
    )
    name = forms.CharField(
        label=_("Name of the new case"),
        max_length=200,
        required=False,
        help_text=_("The file name if left empty."),
    )


class WorkaroundCostForm(DescribedFieldsMixin, forms.Form):
    """A workaround's cost on its own: minutes x times a day x agents x loaded cost."""

    name = forms.CharField(label=_("Workaround"), max_length=100, initial=_("Workaround"))
    minutes_lost_per_occurrence = number(_("Minutes lost each time"), initial=2, low=0)
    occurrences_per_agent_per_day = number(_("Times per agent per day"), initial=6, low=0)
    agents_affected = number(_("Agents affected"), initial=100, low=0)
    cost_per_hour = number(_("Loaded cost per paid hour"), initial=30, low=0)
    currency = forms.CharField(label=_("Currency symbol"), max_length=5, initial="$")
    working_days_per_year = number(
        _("Working days a year"), initial=230, low=0, low_open=True, high=366
    )
    paid_hours_per_day = number(_("Paid hours a day"), initial=8, low=0, low_open=True, high=24)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.describe_fields()

    def add_library_error(self, error: StaffingInputError) -> None:
        name = error.field if error.field in self.fields else None
        self.add_error(name, error.problem if name else str(error))
