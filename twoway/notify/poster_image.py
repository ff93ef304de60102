"""Draw a poster as an A4 PNG with Pillow: the QR from segno's matrix, the text around it.

WeasyPrint no longer writes PNG and a PDF rasteriser would be one more system dependency, so
the PNG is drawn directly; it shows the same sentences as the PDF (`poster_texts`).
"""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1240, 1754  # A4 at 150 dpi
MARGIN = 90
ACCENT = (31, 95, 191)
INK = (17, 17, 17)
QUIET = 4  # modules of white around the QR


def draw_poster(texts: dict[str, str], qr: segno.QRCode) -> bytes:
    """The poster as PNG bytes; `texts` comes from `poster_texts`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    y = MARGIN
    y = _centred(draw, texts["title"].upper(), _font(34, bold=True), y, ACCENT) + 20
    y = _centred(draw, texts["campaign"], _font(60, bold=True), y, INK) + 10
    y = _centred(draw, texts["team"], _font(40), y, INK) + 30
    y = _paste_qr(image, qr, y, size=760) + 30
    y = _centred(draw, texts["scan"], _font(36, bold=True), y, INK) + 30
    y = _centred(draw, texts["type"], _font(30), y, INK) + 10
    y = _centred(draw, texts["code"], _font(90, bold=True, mono=True), y, INK) + 30
    y = _centred(draw, texts["closes"], _font(30), y, INK) + 14
    _centred(draw, texts["why"], _font(28), y, (60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


def _paste_qr(image: Image.Image, qr: segno.QRCode, top: int, size: int) -> int:
    """Draw the QR module by module, whole pixels a module so it stays sharp; returns bottom."""
    modules = len(qr.matrix) + 2 * QUIET
    scale = max(1, size // modules)
    side = modules * scale
    left = (WIDTH - side) // 2
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(qr.matrix):
        for col, dark in enumerate(line):
            if dark:
                x = left + (col + QUIET) * scale
                y = top + (row + QUIET) * scale
                draw.rectangle((x, y, x + scale - 1, y + scale - 1), fill="black")
    return top + side


def _centred(draw: ImageDraw.ImageDraw, text: str, font, top: int, colour) -> int:
    """Centred lines wrapped to the page width; returns the y below the last line."""
    line_height = int(font.size * 1.3) if hasattr(font, "size") else 16
    for line in _wrap(draw, text, font, WIDTH - 2 * MARGIN):
        width = draw.textlength(line, font=font)
        draw.text(((WIDTH - width) / 2, top), line, font=font, fill=colour)
        top += line_height
    return top


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _font(size: int, *, bold: bool = False, mono: bool = False):
    """DejaVu where the system has it (it covers accents and ñ), else Pillow's own font."""
    name = "DejaVuSans" + ("Mono" if mono else "") + ("-Bold" if bold else "") + ".ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)
