from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Case, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import MIN_ANONYMITY_THRESHOLD, Membership, Role, Unit, WorkLocation
from .naming import tree_order, unit_labels, unit_paths

DATE_ORDER_CHOICES = [
    ("", _("Detect from the file")),
    ("ymd", _("Year-month-day (2024-03-07)")),
    ("mdy", _("Month/day/year, US (03/07/2024)")),
    ("dmy", _("Day/month/year, European (07/03/2024)")),
]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"), help_text=_("CSV (comma, semicolon or tab) or XLSX.")
    )
    date_order = forms.ChoiceField(
        label=_("Dates in the file"), choices=DATE_ORDER_CHOICES, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > settings.ROSTER_UPLOAD_MAX_BYTES:
            limit = settings.ROSTER_UPLOAD_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB; split it or ask an admin to raise it.")
                % {"limit": limit}
            )
        return upload


class ConfirmImportForm(forms.Form):
    confirm_mass_leave = forms.BooleanField(required=False)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    location = forms.ChoiceField(
        label=_("Work location"),
        required=False,
        choices=[("", _("Anywhere")), *WorkLocation.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("left", _("Left")), ("all", _("All"))],
    )


class GrantAccessForm(forms.Form):
    employee_id = forms.CharField(label=_("Employee ID"), max_length=64)
    level = forms.ChoiceField(label=_("Access"), choices=Membership.Level.choices)
    # Checked by Django's password validators in `grant_access`, against the new account.
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Only for a person with no account yet. An existing account keeps its owner's "
            "password; an account of another organisation is sent an invitation instead."
        ),
    )


class ChangeAccessForm(forms.Form):
    level = forms.ChoiceField(choices=[*Membership.Level.choices, ("revoke", _("Revoke"))])
    # Taking the whole organisation's view from an admin or consultant asks once more.
    confirmed = forms.BooleanField(required=False)

    WHOLE_ORGANISATION = (Membership.Level.ADMIN, Membership.Level.CONSULTANT)

    def demotes(self, membership: Membership) -> bool:
        new = self.cleaned_data["level"]
        return membership.level in self.WHOLE_ORGANISATION and new not in self.WHOLE_ORGANISATION


class TitleRolesForm(forms.Form):
    mapping = forms.CharField(
        label=_("Job title to role"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        # Lazy: the text is translated per request, in the reader's language.
        help_text=format_lazy(
            _('One per line: "Customer Care Pro = agent". Roles: {roles}.'),
            roles=", ".join(Role.values),
        ),
    )

    def clean_mapping(self) -> dict[str, str]:
        mapping = {}
        for number, line in enumerate(self.cleaned_data["mapping"].splitlines(), start=1):
            if not line.strip():
                continue
            title, sep, role = line.partition("=")
            role = role.strip().lower()
            if not sep or not title.strip():
                raise forms.ValidationError(_('Line %(n)s: write "title = role".') % {"n": number})
            if role not in Role.values:
                raise forms.ValidationError(
                    _("Line %(n)s: %(role)s is not a role; use one of %(roles)s.")
                    % {"n": number, "role": role or "''", "roles": ", ".join(Role.values)}
                )
            mapping[" ".join(title.split()).casefold()] = role
        return mapping


MAX_SORTED_UNITS = 2000


class UnitTreeWidget(forms.CheckboxSelectMultiple):
    """Units as a tree of checkboxes, each named unambiguously, with a box that filters them
    as you type (a small static script; without it the whole tree shows)."""

    template_name = "org/widgets/unit_tree.html"

    def __init__(self, *args, labels: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = labels or {}
        self.paths: dict[int, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["label"] = unit.name
            option["filter_text"] = self.paths.get(unit.pk, unit.name)
            option["indent"] = min(unit.depth, 8)
        return option


class UnitTreeField(forms.ModelMultipleChoiceField):
    widget = UnitTreeWidget

    def set_organisation(self, organisation) -> None:
        units = Unit.objects.filter(organisation=organisation)
        self.widget.labels = unit_labels(organisation.pk)
        self.widget.paths = unit_paths(organisation.pk)
        ordered = tree_order(units) if len(self.widget.labels) <= MAX_SORTED_UNITS else []
        # The tree's order, siblings by name (a CASE on the ids); by path for huge trees.
        order = Case(*[When(pk=u.pk, then=i) for i, u in enumerate(ordered)], default=0)
        self.queryset = units.order_by(order) if ordered else units.order_by("path")


class AudienceAndThresholdForm(forms.Form):
    """Who is asked (units and roles) and the threshold k, for campaigns and pulse schedules.

    k starts at the organisation's and can never go below it (nor below the floor of 3).
    Subclasses set `field_order` to place these fields among their own.
    """

    threshold = forms.IntegerField(
        min_value=MIN_ANONYMITY_THRESHOLD, initial=5, label=_("Anonymity threshold (k)"),
        help_text=_("No result is shown for fewer people than this. At least 3."),
    )  # fmt: skip
    units = UnitTreeField(
        queryset=Unit.objects.none(), required=False, label=_("Units (none ticked: everyone)")
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Roles (none ticked: all roles)"),
    )  # fmt: skip
    # The error when k is below the organisation's; each form names what it sets up.
    threshold_too_low = _("Your organisation's threshold is %(k)s; k cannot go lower.")

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["units"].set_organisation(organisation)
        self.fields["threshold"].min_value = organisation.anonymity_threshold
        self.fields["threshold"].initial = organisation.anonymity_threshold

    def clean_threshold(self):
        value = self.cleaned_data["threshold"]
        if value < self.organisation.anonymity_threshold:
            raise forms.ValidationError(
                self.threshold_too_low, params={"k": self.organisation.anonymity_threshold}
            )
        return value
