"""The load map's table body, written in Python: 500 teams x 52 weeks are 26,000 cells, which
Django's template engine takes seconds to render and plain string joining a few tens of
milliseconds. Every text from the database goes through `escape`."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def _number(load: float) -> str:
    return str(int(load)) if float(load).is_integer() else f"{load:.1f}"


def load_rows_html(slug: str, rows: list[dict]) -> SafeString:
    """`rows`: unit, path and cells of (load, initiative keys, over capacity) per week."""
    over_text = escape(_("over capacity"))
    keys_text: dict[tuple[str, ...], str] = {}
    out = []
    for row in rows:
        cells = []
        for load, keys, over in row["cells"]:
            css = "over" if over else ("" if load else "zero")
            label = ""
            if keys:
                named = keys_text.get(tuple(keys))
                if named is None:
                    named = keys_text.setdefault(tuple(keys), escape(", ".join(keys)))
                label = named
            title = f' title="{label}"' if label else ""
            hint = f'<span class="sr-only"> {over_text}</span>' if over else ""
            names = f'<span class="sr-only">: {label}</span>' if label else ""
            cells.append(f'<td class="{css}"{title}>{_number(load)}{hint}{names}</td>')
        pace = reverse("change_pace", kwargs={"slug": slug, "unit_id": row["unit"].pk})
        out.append(
            f'<tr><th scope="row">{escape(row["path"])}</th>{"".join(cells)}'
            f'<td hx-get="{pace}" hx-trigger="revealed" hx-swap="innerHTML">'
            f'<span class="muted">…</span></td></tr>'
        )
    return mark_safe("".join(out))
