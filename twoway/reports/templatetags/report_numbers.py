"""Template filters for the report's numbers; the same functions as the charts and sentences."""

from django import template

from twoway.reports import numbers

register = template.Library()

register.filter("decimal", numbers.decimal)
register.filter("signed", numbers.signed)
register.filter("percent", numbers.percent)
register.filter("probability", numbers.probability)
