"""Form fields for business-case numbers: amounts, seconds and percentages with clear bounds."""

from __future__ import annotations

import math
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Bounds:
    """A validator for low < value < high, each end included or not, saying which in words."""

    def __init__(self, low=None, high=None, *, low_open=False, high_open=False, unit=""):
        self.low, self.high = low, high
        self.low_open, self.high_open = low_open, high_open
        self.unit = unit

    def __call__(self, value: float) -> None:
        too_low = self.low is not None and (
            value < self.low or (self.low_open and value == self.low)
        )
        too_high = self.high is not None and (
            value > self.high or (self.high_open and value == self.high)
        )
        if too_low or too_high:
            raise ValidationError(self.message(), code="out_of_bounds")

    def message(self) -> str:
        low = f"{self.low:g}{self.unit}" if self.low is not None else ""
        high = f"{self.high:g}{self.unit}" if self.high is not None else ""
        if self.low is not None and self.high is not None:
            if self.low_open and self.high_open:
                return _("Enter a value above %(low)s and below %(high)s.") % {
                    "low": low,
                    "high": high,
                }
            if self.high_open:
                return _("Enter a value from %(low)s up to, but not including, %(high)s.") % {
                    "low": low,
                    "high": high,
                }
            if self.low_open:
                return _("Enter a value above %(low)s and at most %(high)s.") % {
                    "low": low,
                    "high": high,
                }
            return _("Enter a value from %(low)s to %(high)s.") % {"low": low, "high": high}
        if self.low is not None:
            if self.low_open:
                return _("Enter a value above %(low)s.") % {"low": low}
            return _("Enter %(low)s or more.") % {"low": low}
        return _("Enter %(high)s or less.") % {"high": high}


def number(label, *, initial=None, required=True, help_text="", step="any", **bounds):
    """A float field with `Bounds(**bounds)`; inputs use the numeric keypad on phones."""
    validators = [Bounds(**bounds)] if bounds else []
    return forms.FloatField(
        label=label,
        initial=initial,
        required=required,
        help_text=help_text,
        validators=validators,
        widget=forms.NumberInput(attrs={"step": step, "inputmode": "decimal"}),
    )


def percent(label, **options):
    """A share entered as a percentage (80 for 80%); forms convert it to 0.8 for the library."""
    return number(label, unit="%", **options)


class DailyVolumesField(forms.CharField):
    """Contacts per day: one number for every day, or seven, Monday first.

    Numbers are separated by commas, semicolons or spaces, so thousands separators are not
    allowed: "5,200" reads as two numbers and the count error says so.
    """

    default_error_messages = {
        "count": gettext_lazy(
            "Enter one number for every day, or seven numbers from Monday to Sunday "
            "(found %(count)s)."
        ),
        "number": gettext_lazy('"%(text)s" is not a number.'),
        "negative": gettext_lazy("Volumes cannot be negative (found %(value)s)."),
    }

    def to_python(self, value) -> list[float] | None:
        text = super().to_python(value)
        if not text:
            return None
        parts = [part for part in re.split(r"[,;\s]+", text.strip()) if part]
        values = [self._number(part) for part in parts]
        if len(values) not in (1, 7):
            raise ValidationError(self.error_messages["count"], params={"count": len(values)})
        return values

    def _number(self, text: str) -> float:
        try:
            value = float(text)
            if not math.isfinite(value):
                raise ValueError(text)
        except ValueError:
            raise ValidationError(self.error_messages["number"], params={"text": text}) from None
        if value < 0:
            raise ValidationError(self.error_messages["negative"], params={"value": f"{value:g}"})
        return value

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(f"{v:g}" for v in value)
        return value


class DescribedFieldsMixin:
    """Point every input at its help and error texts, which always exist in the page.

    The htmx recompute swaps new error texts in by id, so an input stays described by its
    current error without being replaced while someone types in it.
    """

    def describe_fields(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.RadioSelect):
                continue
            auto_id = self.auto_id % name  # type: ignore[attr-defined]
            ids = [f"{auto_id}_helptext"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*ids, f"{auto_id}_error"])
