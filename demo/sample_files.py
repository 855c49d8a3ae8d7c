"""Sample files the demo uploads and the tests reuse: a one-page PDF that says it is a sample.

Drawn with the poster's fonts and colours (toolkit/poster.py), so it looks like the campaign's
own material while stating plainly, in a banner across the top, that it is invented.
"""

import io

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from demo.sample_notes import DOCUMENT_SAMPLE_BANNER
from toolkit import poster


def sample_pdf(title, paragraphs):
    """A one-page A4 PDF that says plainly it is a sample."""
    poster.register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, initialFontName=poster.FONT_REGULAR)
    width, height = A4
    canvas.setTitle(title)
    canvas.setFillColor(HexColor(poster.DEFAULT_ACCENT_COLOUR))
    canvas.rect(0, height - 60, width, 60, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(poster.FONT_BOLD, 14)
    canvas.drawString(40, height - 38, DOCUMENT_SAMPLE_BANNER)
    canvas.setFillColor(HexColor(poster.DEFAULT_BRAND_COLOUR))
    canvas.setFont(poster.FONT_BOLD, 18)
    y = height - 110
    for line in poster.wrap_text(title, poster.FONT_BOLD, 18, width - 80):
        canvas.drawString(40, y, line)
        y -= 24
    canvas.setFillColor(HexColor("#1a1d24"))
    canvas.setFont(poster.FONT_REGULAR, 12)
    y -= 12
    for paragraph in paragraphs:
        for line in poster.wrap_text(paragraph, poster.FONT_REGULAR, 12, width - 80):
            canvas.drawString(40, y, line)
            y -= 17
        y -= 10
    canvas.showPage()
    canvas.save()
    return out.getvalue()
