"""A unit's pulse trend and comment themes as CSV or XLSX: the figures its pages show, hidden
ones written as "hidden" (the pages' one word), text cells made inert for spreadsheets."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from twoway.safefiles import spreadsheet_safe

from .comments import ThemeTable
from .trends import Trend

FORMATS = ("csv", "xlsx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figure(value):
    """A shown figure as a whole number (as the pages round it), "hidden" where it is not."""
    return _("hidden") if value is None else round(float(value))


def trend_table(trend: Trend, language: str) -> list[list]:
    """One row per closed wave: answers, participation, overall index and eNPS, each item."""
    lang = (language or "en")[:2]
    items = [i["frontline"].get(lang) or i["frontline"]["en"] for i in trend.items]
    header = [
        _("Wave"), _("Closed"), _("Answers"), _("Participation (%)"), _("Overall index"),
        _("Overall change"), "eNPS", *items,
    ]  # fmt: skip
    rows = [header]
    for row in trend.rows:
        rows.append(
            [
                row.wave.number,
                row.wave.campaign.closes_at.date().isoformat(),
                _figure(row.respondents),
                _figure(row.participation * 100 if row.participation is not None else None),
                _figure(row.overall.value),
                "" if row.overall.change is None else round(row.overall.change),
                _cell(row.enps),
                *(_cell(cell) for cell in row.items),
            ]
        )
    return rows


def _cell(cell):
    if not cell.asked:
        return ""  # not asked that wave
    return _figure(cell.value)


def theme_table_rows(table: ThemeTable) -> list[list]:
    """One row per theme: its label and its comments per shown wave."""
    header = [_("Theme"), *(_("Wave %(n)s") % {"n": w.number} for w in table.waves)]
    rows = [header, [_("All comments"), *table.totals]]
    for row in table.rows:
        rows.append([row.label or _("(unnamed theme)"), *row.counts])
    return rows


def download(rows: list[list], fmt: str, filename: str) -> HttpResponse:
    safe = [[spreadsheet_safe(cell) for cell in row] for row in rows]
    if fmt == "xlsx":
        response = HttpResponse(_xlsx(safe), content_type=XLSX)
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(safe)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
