"""Text of a PDF, for asserting what a reader of the PDF can see."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest


def pdf_text(pdf: bytes) -> str:
    """Extracted with pypdf when installed, else poppler's pdftotext; skips when neither is."""
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode()
    pytest.skip("needs pypdf or pdftotext (poppler-utils) to read the PDF's text")


def pdf_pages(pdf: bytes) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return pdf.count(b"/Type /Page\n") or pdf.count(b"/Type/Page")
    return len(PdfReader(io.BytesIO(pdf)).pages)
