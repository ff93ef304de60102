"""QR codes and posters: the codes carry the link, the posters read right in each language."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
import segno
from PIL import Image

from twoway.notify.qr import (
    QR_BORDER,
    Poster,
    poster_html,
    poster_pdf,
    poster_png,
    posters_pdf,
    qr_png,
    qr_svg,
)

URL = "https://survey.acme.example/k/7QX4MP"


def poster_fields(**extra):
    fields = {
        "team_name": "Team Lisbon 1",
        "campaign_name": "Alignment diagnostic",
        "url": URL,
        "short_code": "7QX4MP",
        "language": "en",
        "closes_on": datetime.date(2026, 3, 15),
        "k": 5,
    }
    return {**fields, **extra}


def expected_modules(url):
    """The dark modules of the symbol segno makes for `url`, independent of any rendering."""
    matrix = segno.make(url, error="m", micro=False).matrix
    return {(col, row) for row, line in enumerate(matrix) for col, dark in enumerate(line) if dark}


def svg_modules(svg):
    """Dark modules drawn by a segno SVG path ("M x y", "m dx dy", "h n" runs)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark |= {(int(x) + i - QR_BORDER, int(y) - QR_BORDER) for i in range(int(float(a)))}
            x += float(a)
    return dark


def png_modules(png, scale):
    image = Image.open(io.BytesIO(png)).convert("L")
    side = image.width // scale - 2 * QR_BORDER
    return {
        (col, row)
        for row in range(side)
        for col in range(side)
        if image.getpixel(
            ((col + QR_BORDER) * scale + scale // 2, (row + QR_BORDER) * scale + scale // 2)
        )
        < 128
    }


def zbar_decode(png: bytes, tmp_path) -> str:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed; the module-by-module comparison stands in")
    path = tmp_path / "code.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True)
    return out.stdout.strip()


def test_the_svg_draws_the_symbol_for_the_url():
    svg = qr_svg(URL)

    assert svg.startswith("<svg") and "viewBox" in svg
    assert svg_modules(svg) == expected_modules(URL)


def test_the_png_draws_the_symbol_for_the_url_at_the_asked_scale():
    png = qr_png(URL, scale=6)

    assert png.startswith(b"\x89PNG")
    assert png_modules(png, 6) == expected_modules(URL)
    assert png_modules(png, 6) != expected_modules(URL + "X")


def test_a_phone_reader_decodes_the_png(tmp_path):
    assert zbar_decode(qr_png(URL), tmp_path) == URL


def test_an_empty_address_is_refused():
    with pytest.raises(ValueError):
        qr_svg("")


def test_the_poster_shows_the_code_the_address_and_why_it_is_anonymous():
    html = poster_html(**poster_fields())

    assert '<html lang="en">' in html
    assert "<h1" in html and "Alignment diagnostic" in html
    assert "Team Lisbon 1" in html
    assert "7QX4MP" in html
    assert "Go to survey.acme.example/k/7QX4MP and enter this code" in html
    assert "your team sees results only when at least 5 people answered" in html
    assert "March 15, 2026" in html
    assert "@page" in html and "A4" in html
    assert svg_modules(html[html.index("<svg") :]) == expected_modules(URL)


def test_the_spanish_poster_is_in_spanish():
    html = poster_html(**poster_fields(language="es", k=7))

    assert 'lang="es"' in html
    assert "Escanea el código con la cámara de tu teléfono" in html
    assert "tu equipo solo ve resultados cuando han respondido al menos 7 personas" in html
    assert "15 de marzo de 2026" in html


def test_a_given_short_address_is_the_one_to_type():
    html = poster_html(**poster_fields(short_address="acme.example/go"))

    assert "Go to acme.example/go and enter this code" in html


def test_names_on_the_poster_are_escaped():
    html = poster_html(**poster_fields(team_name="<b>Team</b>"))

    assert "<b>Team</b>" not in html
    assert "&lt;b&gt;Team&lt;/b&gt;" in html


def pdf_pages(pdf):
    pypdf = pytest.importorskip("pypdf")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_poster_pdf_is_one_a4_page():
    pdf = poster_pdf(**poster_fields())

    assert pdf.startswith(b"%PDF")
    [text] = pdf_pages(pdf)
    assert "7QX4MP" in text
    assert "Team Lisbon 1" in text


def test_a_campaign_pdf_has_one_page_per_team_each_in_its_language():
    posters = [
        Poster(**poster_fields(team_name="Team Lisbon 1", short_code="AAA111")),
        Poster(**poster_fields(team_name="Equipo Madrid 2", short_code="BBB222", language="es")),
        poster_fields(team_name="Team Home 1", short_code="CCC333"),  # a plain mapping works too
    ]

    pages = pdf_pages(posters_pdf(posters))

    assert len(pages) == 3
    assert "AAA111" in pages[0] and "Scan the code" in pages[0]
    assert "BBB222" in pages[1] and "Escanea el código" in pages[1]
    assert "CCC333" in pages[2] and "Team Home 1" in pages[2]


def test_no_posters_is_an_error_not_an_empty_pdf():
    with pytest.raises(ValueError):
        posters_pdf([])


def test_the_poster_png_is_an_a4_page():
    png = poster_png(**poster_fields(language="es"))

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (1240, 1754)  # A4 at 150 dpi


def test_a_phone_reader_decodes_the_poster_png(tmp_path):
    assert zbar_decode(poster_png(**poster_fields()), tmp_path) == URL
