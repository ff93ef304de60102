"""The board as CSV or XLSX, with the pages' suppression: vote counts under k are left empty
and flagged, and no column names or orders anything by a person.

Text cells that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) get a leading apostrophe (OWASP's advice on CSV injection), so that a post
written as "=HYPERLINK(...)" stays text when a leader opens the file.
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from twoway.safefiles import spreadsheet_safe

from .board import SORTS, k_for, shown_votes, visible_posts
from .identity import Viewer
from .models import Answer

EXPORT_FORMATS = ("csv", "xlsx")
MAX_ROWS = 100_000


def header() -> list[str]:
    return [
        "code", "kind", "theme", "title", "text", "unit", "lens", "status", "posted_on",
        "up_votes", "down_votes", "votes_suppressed", "cost_per_year", "fte",
        "hours_per_year", "latest_answer", "signed_by",
    ]  # fmt: skip


def rows(viewer: Viewer):
    k = k_for(viewer)
    posts = (
        visible_posts(viewer)
        .filter(moderation="visible")
        .select_related("unit", "author")
        .order_by(*SORTS["new"])[:MAX_ROWS]
    )
    latest: dict[int, str] = {}
    answers = Answer.objects.filter(post__in=posts).order_by("post_id", "-created_at", "-pk")
    for post_id, text in answers.values_list("post_id", "text"):
        latest.setdefault(post_id, text)
    for post in posts:
        post.organisation = viewer.organisation  # its settings are read once for all rows
        up, down = shown_votes(post.up_votes, k), shown_votes(post.down_votes, k)
        yield [
            post.code, post.kind, post.theme, post.title, post.body, post.unit.name,
            "leader" if post.is_leader else "frontline", post.status,
            post.created_on.isoformat(), up, down, up is None or down is None,
            _round(post.cost_per_year), _round(post.fte, 2), _round(post.hours_per_year),
            latest.get(post.pk, ""), post.author.full_name if post.author else "",
        ]  # fmt: skip


def _round(value, digits: int = 0):
    return None if value is None else round(value, digits)


def export_response(viewer: Viewer, fmt: str) -> HttpResponse:
    table = [header(), *rows(viewer)]
    cleaned = [[spreadsheet_safe(cell) for cell in row] for row in table]
    name = f"voice-{viewer.organisation.slug}"
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(["" if c is None else c for c in row] for row in cleaned)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            _xlsx(cleaned),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _xlsx(table: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Posts"))
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
