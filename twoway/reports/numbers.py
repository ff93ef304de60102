"""How twoway writes numbers, in the active language (decimal comma in Spanish).

One set of functions serves every page, e-mail, chart, sentence and report, so a figure reads
the same wherever it appears; template filters of the apps call these.
"""

from __future__ import annotations

import math

from django.utils import formats
from django.utils.translation import gettext as _


def decimal(value: float, places: int = 2) -> str:
    """0.5648 -> "0.56" ("0,56" in Spanish)."""
    return formats.number_format(round(value, places), decimal_pos=places)


def signed(value: float, places: int = 2) -> str:
    """A difference with its sign always written: "+0.56", "-0.31", "0.00"."""
    rounded = round(value, places)
    if rounded == 0:
        return decimal(0.0, places)
    text = decimal(abs(rounded), places)
    return f"+{text}" if rounded > 0 else f"-{text}"


def percent(share: float | None, places: int = 0) -> str:
    """A share of 0..1 as a percentage: 0.664 -> "66%" (places=1: "66.4%"); None -> "–"."""
    if share is None or not math.isfinite(share):
        return "–"
    value = round(share * 100, places) if places else round(share * 100)
    return _("%(value)s%%") % {"value": formats.number_format(value, decimal_pos=places or None)}


def probability(value: float | None) -> str:
    """p or q: three decimals, "< 0.001" below that, a dash when there is none."""
    if value is None or not math.isfinite(value):
        return "–"
    if value < 0.001:
        return "< " + decimal(0.001, 3)
    return decimal(value, 3)


def q_value(q: float | None) -> str:
    """ "q = 0.012" or "q < 0.001", for a sentence."""
    text = probability(q)
    return f"q {text}" if text.startswith("<") else f"q = {text}"


def interval(low: float, high: float, places: int = 2) -> str:
    """A confidence interval: "+0.21 to +0.79" ("+0,21 a +0,79" in Spanish)."""
    return _("%(low)s to %(high)s") % {"low": signed(low, places), "high": signed(high, places)}


def months(value: float | None) -> str:
    """A payback period: one decimal, "2.5 months" ("2,5 meses"); "never" when it never pays
    back. The page, the PDF table and the PDF's summary sentence all write it with this."""
    if value is None or not math.isfinite(value):
        return _("never")
    return _("%(n)s months") % {"n": formats.number_format(round(value, 1), decimal_pos=1)}


def money(value: float | None, currency: str = "$") -> str:
    """-$1,234 for -1234.4: rounded to the unit, grouped as the language groups thousands."""
    if value is None or not math.isfinite(value):
        return _("never")
    sign = "-" if round(value) < 0 else ""
    amount = formats.number_format(abs(round(value)), 0, use_l10n=True, force_grouping=True)
    return f"{sign}{currency}{amount}"


def fte(value: float) -> str:
    """Full-time equivalents: one decimal, grouped ("1,234.5")."""
    return formats.number_format(round(value, 1), 1, use_l10n=True, force_grouping=True)
