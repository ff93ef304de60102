"""QR codes and printable posters for people without e-mail.

A poster invites one team to a campaign: a big QR code, the short code and the address to type
it at, when the campaign closes, and one line on anonymity. The same poster comes as an HTML
page (print it from the browser), a PDF (WeasyPrint; `posters_pdf` puts a whole campaign in
one file, a page per team) or a PNG (drawn with Pillow, for chat apps and screens).

QR codes are made by segno: pure Python, no dependencies, exact SVG and PNG output.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .email import supported_language

# Medium error correction; segno raises it for free when the symbol size allows.
QR_ERROR = "m"
QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules


@dataclass(frozen=True)
class Poster:
    """What one team's poster shows."""

    team_name: str
    campaign_name: str
    url: str
    short_code: str
    language: str
    closes_on: datetime.date
    k: int
    short_address: str = ""


def make_qr(url: str) -> segno.QRCode:
    """The QR code for `url`, never a Micro QR (phones do not all read those)."""
    if not url:
        raise ValueError("A QR code needs an address.")
    return segno.make(url, error=QR_ERROR, micro=False)


def qr_svg(url: str, *, title: str = "") -> str:
    """An inline SVG element (no XML declaration) that scales to its container.

    With a `title`, screen readers announce it as an image with that name.
    """
    svg = make_qr(url).svg_inline(
        scale=1, border=QR_BORDER, omitsize=True, svgclass="qr", title=title or None
    )
    return svg.replace("<svg ", '<svg role="img" ', 1) if title else svg


def qr_png(url: str, scale: int = 10) -> bytes:
    """A black-on-white PNG, `scale` pixels a module, with the standard quiet zone."""
    buffer = io.BytesIO()
    make_qr(url).save(buffer, kind="png", scale=scale, border=QR_BORDER)
    return buffer.getvalue()


def poster_texts(poster: Poster) -> dict[str, str]:
    """Every sentence of the poster, in the poster's language; shared by HTML, PDF and PNG."""
    with translation.override(supported_language(poster.language)):
        return {
            "language": translation.get_language(),
            "title": _("Your voice counts"),
            "campaign": poster.campaign_name,
            "team": poster.team_name,
            "scan": _("Scan the code with your phone's camera to answer."),
            "type": _("No camera? Go to %(address)s and enter this code:")
            % {"address": address_to_type(poster)},
            "code": poster.short_code,
            "closes": _("Open until %(date)s. It takes about a minute.")
            % {"date": date_format(poster.closes_on)},
            "why": _(
                "Your answers are anonymous: your team sees results only when at least "
                "%(k)s people answered."
            )
            % {"k": poster.k},
            "qr_title": _("QR code for %(address)s") % {"address": poster.url},
        }


def address_to_type(poster: Poster) -> str:
    """The address to type: the one given, else the link without "https://"."""
    if poster.short_address:
        return poster.short_address
    parts = urlsplit(poster.url)
    return (parts.netloc + parts.path).rstrip("/") or poster.url


def poster_html(
    *,
    team_name: str,
    campaign_name: str,
    url: str,
    short_code: str,
    language: str,
    closes_on: datetime.date,
    k: int,
    short_address: str = "",
) -> str:
    """A printable A4 page with one team's poster; `short_address` defaults to the link."""
    return render_posters([Poster(**locals())])


def render_posters(posters: Iterable[Poster | Mapping]) -> str:
    """One HTML document, a page per poster, each in its own language."""
    pages = []
    for poster in map(_as_poster, posters):
        texts = poster_texts(poster)
        pages.append({**texts, "svg": qr_svg(poster.url, title=texts["qr_title"])})
    if not pages:
        raise ValueError("No posters to render.")
    return render_to_string(
        "notify/poster.html", {"pages": pages, "language": pages[0]["language"]}
    )


def poster_pdf(
    *,
    team_name: str,
    campaign_name: str,
    url: str,
    short_code: str,
    language: str,
    closes_on: datetime.date,
    k: int,
    short_address: str = "",
) -> bytes:
    """One team's poster as a one-page A4 PDF."""
    return posters_pdf([Poster(**locals())])


def posters_pdf(posters: Iterable[Poster | Mapping]) -> bytes:
    """A whole campaign's posters in one PDF, one A4 page per team."""
    import weasyprint  # heavy import, only when a PDF is asked for

    return weasyprint.HTML(string=render_posters(posters)).write_pdf()


def poster_png(
    *,
    team_name: str,
    campaign_name: str,
    url: str,
    short_code: str,
    language: str,
    closes_on: datetime.date,
    k: int,
    short_address: str = "",
) -> bytes:
    """One team's poster as an A4 PNG (150 dpi), drawn with Pillow."""
    poster = Poster(**locals())
    from .poster_image import draw_poster  # Pillow only when a PNG is asked for

    return draw_poster(poster_texts(poster), make_qr(poster.url))


def _as_poster(poster: Poster | Mapping) -> Poster:
    return poster if isinstance(poster, Poster) else Poster(**poster)
