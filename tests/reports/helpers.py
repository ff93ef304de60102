"""Helpers of the report tests: an executive report built from the sample campaign."""

from __future__ import annotations

from tests.reports import sample
from twoway.reports.executive import build_executive_report


def build(records=None, *, language="en", comments=None, participation=None, wanted=True, **extra):
    return build_executive_report(
        organisation="Acme Care",
        campaign="Alignment diagnostic, spring 2026",
        period="3-21 March 2026",
        k=5,
        records=sample.records() if records is None else records,
        wanted_records=sample.wanted_records() if wanted else None,
        item_texts=sample.ITEMS_ES if language == "es" else sample.ITEMS,
        participation=sample.participation() if participation is None else participation,
        comments=sample.COMMENTS if comments is None else comments,
        language=language,
        **extra,
    )
