"""The customisable A3 poster of the toolkit.

A participant brings a message and a logo; this module checks both, lays them out on the
campaign's artwork and returns a print-ready PDF (reportlab, fonts embedded), and renders that
same PDF to a PNG for the preview (pypdfium2), so what people see is what they print.

Everything here is bounded: the logo's file size, pixel count and format are checked from its
content before it is decoded, it is downscaled before it is embedded, and the message is limited
in length and lines so that it always fits its box.
"""

import io
import itertools
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A3
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from core.four_ps import FOUR_PS
from core.public_urls import absolute_url
from core.visibility import is_publicly_visible
from pact.signatory_rights.signatories import own_signatory_page

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = "PactSans"
FONT_BOLD = "PactSans-Bold"

PAGE_WIDTH, PAGE_HEIGHT = A3  # 841.89 x 1190.55 pt, 297 x 420 mm

MESSAGE_MAX_CHARS = 280
MESSAGE_MAX_LINES = 8
LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_PIXELS = 16_000_000
# About 300 dpi across the logo's box on the poster: sharp in print, light in the PDF.
LOGO_EMBED_MAX_SIDE = 1500
LOGO_FORMATS = {"PNG", "JPEG"}

DEFAULT_BRAND_COLOUR = "#0b3a75"
DEFAULT_ACCENT_COLOUR = "#b0173c"
DEFAULT_HEADLINE = "Together, we can stop sexual violence against children"

# The same colours as --colour-<slug> in pactsite/static/css/site.css.
P_COLOURS = {
    "prevention": "#1d6b43",
    "protection": "#0b5394",
    "prosecution": "#6b3fa0",
    "participation": "#a34a00",
}

PACT_NAME = "Pact of Towns and Regions to Stop Sexual Violence against Children"
CONGRESS_LINE = (
    "An initiative of the Congress of Local and Regional Authorities of the Council of Europe"
)
CAMPAIGN_LINE = "The Council of Europe campaign to stop sexual violence against children"
STATISTIC_LINE = "In Europe, about one child in five is a victim of some form of sexual violence."


class PosterInputError(ValueError):
    """Input the poster cannot use; its message is shown to the participant as it is."""


class MessageDoesNotFit(PosterInputError):
    pass


@dataclass(frozen=True)
class PosterDesign:
    """What editors choose in the admin: colours, headline and, optionally, their own artwork
    (JPEG or PNG bytes, already cropped to the artwork band's proportions)."""

    brand_colour: str = DEFAULT_BRAND_COLOUR
    accent_colour: str = DEFAULT_ACCENT_COLOUR
    headline: str = DEFAULT_HEADLINE
    artwork: bytes | None = None


@dataclass(frozen=True)
class PreparedLogo:
    """A checked, oriented and downscaled logo, encoded as PNG (keeps transparency) or JPEG."""

    data: bytes
    format: str
    width: int
    height: int


# Fonts ----------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def register_fonts():
    """Register the shipped DejaVu Sans with reportlab once; reportlab embeds the glyphs used."""
    regular = TTFont(FONT_REGULAR, str(FONT_DIR / "DejaVuSans.ttf"))
    bold = TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(bold)
    return regular, bold


def unsupported_characters(text):
    """Characters of `text` the poster's bold font has no glyph for (emoji, most Asian
    scripts...), each once, in order. They would print as empty boxes."""
    _, bold = register_fonts()
    glyphs = bold.face.charToGlyph
    missing = []
    for char in text:
        if char in "\n " or ord(char) in glyphs or char in missing:
            continue
        missing.append(char)
    return missing


def normalise_message(text):
    """One newline convention, no control characters, no trailing spaces, no run of blank
    lines: what the participant meant, in a form that lays out predictably."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(
        " " if char == "\t" else char
        for char in text
        if char in "\n\t" or unicodedata.category(char)[0] != "C"
    )
    lines = [line.rstrip() for line in text.split("\n")]
    kept = []
    for line in lines:
        if line or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip()


# The logo -------------------------------------------------------------------------------------


def prepare_logo(source):
    """Check an uploaded logo by its content and return it ready to embed.

    `source` is a file-like object (an upload) or bytes. Raises PosterInputError with a message
    for the participant when the file is too big, is not a PNG or JPEG, has too many pixels or is
    damaged. The pixel count is read from the header, before anything is decoded.
    """
    data = source if isinstance(source, bytes) else _read_bounded(source)
    if not data:
        raise PosterInputError("The logo file is empty. Choose a PNG or JPEG image.")
    if b"<svg" in data[:2048].lower():
        raise PosterInputError(
            "SVG logos cannot be used (they can hold scripts and print unpredictably). "
            "Export your logo as a PNG or JPEG image and choose that file."
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
    except Image.DecompressionBombError:
        raise PosterInputError(_too_many_pixels_message()) from None
    except Exception:  # noqa: BLE001 - any decoder failure on untrusted bytes means "not an image"
        raise PosterInputError(
            "This file is not an image we can read. Choose a PNG or JPEG image "
            "(SVG, PDF and other formats are not accepted)."
        ) from None
    if image_format not in LOGO_FORMATS:
        raise PosterInputError(
            f"This image is a {image_format or 'file of unknown type'}, not a PNG or JPEG. "
            "Save your logo as PNG or JPEG and try again."
        )
    if width * height > LOGO_MAX_PIXELS:
        raise PosterInputError(_too_many_pixels_message(width, height))
    try:
        with Image.open(io.BytesIO(data)) as checked:
            checked.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format == "JPEG":
                # Decode JPEGs straight at a reduced scale: faster and lighter on memory.
                image.draft("RGB", (LOGO_EMBED_MAX_SIDE, LOGO_EMBED_MAX_SIDE))
            image.load()
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or (
                image.mode == "P" and "transparency" in image.info
            )
            image = image.convert("RGBA" if has_alpha else "RGB")
            image.thumbnail((LOGO_EMBED_MAX_SIDE, LOGO_EMBED_MAX_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if has_alpha:
                image.save(out, "PNG", optimize=True)
                encoded = "PNG"
            else:
                image.save(out, "JPEG", quality=90)
                encoded = "JPEG"
    except Exception:  # noqa: BLE001 - truncated or corrupt data fails somewhere in the decoder
        raise PosterInputError(
            f"This {image_format} file is damaged or incomplete. Export your logo again and "
            "choose the new file."
        ) from None
    return PreparedLogo(out.getvalue(), encoded, image.width, image.height)


def prepare_logo_from_image(image):
    """A Wagtail image (for instance the logo of a signatory's page) as a poster logo.

    Goes through a downscaled rendition, so a huge original never gets decoded here.
    """
    try:
        rendition = image.get_rendition(
            f"max-{LOGO_EMBED_MAX_SIDE}x{LOGO_EMBED_MAX_SIDE}|format-png"
        )
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except OSError:  # the original file is missing or unreadable (Wagtail's SourceImageIOError)
        raise PosterInputError(
            "The logo of your page cannot be read just now. Upload your logo as a file instead."
        ) from None
    return prepare_logo(data)


def _read_bounded(fileobj):
    if getattr(fileobj, "size", None) is not None and fileobj.size > LOGO_MAX_BYTES:
        raise PosterInputError(_too_big_message(fileobj.size))
    if hasattr(fileobj, "seek"):
        fileobj.seek(0)
    data = fileobj.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        raise PosterInputError(_too_big_message())
    return data


def _too_big_message(size=None):
    limit = LOGO_MAX_BYTES // (1024 * 1024)
    if size:
        return f"The logo file is {size / (1024 * 1024):.1f} MB; it can be {limit} MB at most."
    return f"The logo file is larger than {limit} MB, the most it can be."


def _too_many_pixels_message(width=None, height=None):
    limit = LOGO_MAX_PIXELS // 1_000_000
    dimensions = f" ({width} x {height} pixels)" if width else ""
    return (
        f"The logo image is too large{dimensions}: it can have {limit} megapixels at most. "
        "A logo 2,000 pixels wide is plenty for print."
    )


# Layout ---------------------------------------------------------------------------------------

MARGIN = 48
BAND_HEIGHT = 520  # the campaign's artwork at the top
P_STRIP_HEIGHT = 84  # the four Ps under the artwork
FOOTER_HEIGHT = 62
BOTTOM_ROW_HEIGHT = 176  # logo and QR code
BOTTOM_ROW_Y = FOOTER_HEIGHT + 34
MESSAGE_BOX = {
    "x": MARGIN + 34,
    "y": BOTTOM_ROW_Y + BOTTOM_ROW_HEIGHT + 40,
    "width": PAGE_WIDTH - 2 * MARGIN - 34,
    "top": PAGE_HEIGHT - BAND_HEIGHT - P_STRIP_HEIGHT - 40,
}
MESSAGE_BOX["height"] = MESSAGE_BOX["top"] - MESSAGE_BOX["y"]
MESSAGE_MAX_SIZE = 52
MESSAGE_MIN_SIZE = 18
MESSAGE_LEADING = 1.22


def wrap_text(text, font, size, max_width):
    """Break `text` into lines no wider than max_width, keeping the participant's own line
    breaks and splitting words too long for a line (with a hyphen)."""
    width = pdfmetrics.stringWidth
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            while width(word, font, size) > max_width:
                if line:
                    lines.append(line)
                    line = ""
                cut = _longest_fitting_prefix(word, font, size, max_width)
                lines.append(word[:cut] + "-")
                word = word[cut:]
            candidate = f"{line} {word}" if line else word
            if width(candidate, font, size) <= max_width:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _longest_fitting_prefix(word, font, size, max_width):
    for cut in range(len(word) - 1, 0, -1):
        if pdfmetrics.stringWidth(word[:cut] + "-", font, size) <= max_width:
            return cut
    return 1


def fit_message(text, width=None, height=None):
    """The largest font size (and its lines) at which the message fits its box."""
    register_fonts()
    width = width or MESSAGE_BOX["width"]
    height = height or MESSAGE_BOX["height"]
    for size in range(MESSAGE_MAX_SIZE, MESSAGE_MIN_SIZE - 1, -2):
        lines = wrap_text(text, FONT_BOLD, size, width)
        if len(lines) * size * MESSAGE_LEADING <= height:
            return size, lines
    raise MessageDoesNotFit(
        "This message is too long to fit on the poster. Shorten it or use fewer lines."
    )


def build_poster(message, logo, qr_url, design=None):
    """The poster as PDF bytes: A3 portrait, fonts embedded, ready to print.

    `message` is the participant's text (normalise and validate it first: see PosterForm),
    `logo` a PreparedLogo or None, `qr_url` the address the QR code opens, `design` the
    editors' choices (PosterDesign; the built-in design when None).
    """
    design = design or PosterDesign()
    register_fonts()
    message = normalise_message(message)
    size, lines = fit_message(message)
    brand = HexColor(design.brand_colour)
    accent = HexColor(design.accent_colour)

    out = io.BytesIO()
    # The initial font is ours too, so no unembedded Helvetica is referenced.
    canvas = Canvas(out, pagesize=A3, pageCompression=1, initialFontName=FONT_REGULAR)
    canvas.setTitle("We signed the Pact: poster")
    canvas.setAuthor("Pact of Towns and Regions")
    canvas.setSubject(PACT_NAME)
    canvas.setCreator("Pact Platform toolkit")

    _draw_artwork_band(canvas, design, brand, accent)
    _draw_four_ps(canvas)
    _draw_message(canvas, lines, size, brand, accent)
    if logo is not None:
        _draw_logo(canvas, logo)
    _draw_qr_code(canvas, qr_url, brand)
    _draw_footer(canvas, brand, accent)

    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _headline_layout(headline):
    """The headline's font size and lines: as large as three lines allow."""
    width = PAGE_WIDTH - 2 * MARGIN
    for size in range(58, 30, -2):
        lines = wrap_text(headline, FONT_BOLD, size, width)
        if len(lines) <= 3:
            return size, lines
    return size, lines[:3]


def _draw_artwork_band(canvas, design, brand, accent):
    band_y = PAGE_HEIGHT - BAND_HEIGHT
    top = PAGE_HEIGHT - MARGIN
    mark_radius = 34
    headline_size, headline_lines = _headline_layout(design.headline)
    headline_top = top - 2 * mark_radius - 30
    headline_bottom = headline_top - len(headline_lines) * headline_size * 1.12

    canvas.saveState()
    canvas.setFillColor(brand)
    canvas.rect(0, band_y, PAGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    if design.artwork:
        canvas.drawImage(
            ImageReader(io.BytesIO(design.artwork)),
            0,
            band_y,
            PAGE_WIDTH,
            BAND_HEIGHT,
            preserveAspectRatio=False,
        )
        # A veil of the brand colour keeps white text readable on any photograph.
        canvas.setFillColor(Color(brand.red, brand.green, brand.blue, alpha=0.62))
        canvas.rect(0, band_y, PAGE_WIDTH, BAND_HEIGHT, stroke=0, fill=1)
    else:
        _draw_default_artwork(canvas, band_y, headline_bottom - 24, accent)
    canvas.restoreState()

    # The campaign mark and line, top left.
    canvas.setFillColor(accent)
    canvas.circle(MARGIN + mark_radius, top - mark_radius, mark_radius, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(FONT_BOLD, 17)
    canvas.drawCentredString(MARGIN + mark_radius, top - mark_radius - 6, "1 in 5")
    text_x = MARGIN + 2 * mark_radius + 16
    canvas.setFont(FONT_BOLD, 15)
    canvas.drawString(text_x, top - 26, "ONE in FIVE")
    canvas.setFont(FONT_REGULAR, 12)
    canvas.drawString(text_x, top - 45, CAMPAIGN_LINE)

    canvas.setFont(FONT_BOLD, headline_size)
    y = headline_top - headline_size
    for line in headline_lines:
        canvas.drawString(MARGIN, y, line)
        y -= headline_size * 1.12

    # The statistic, closing the band.
    canvas.setFont(FONT_REGULAR, 19)
    statistic = wrap_text(STATISTIC_LINE, FONT_REGULAR, 19, (PAGE_WIDTH - 2 * MARGIN) * 0.6)
    y = band_y + 34 + (len(statistic) - 1) * 24
    for line in statistic:
        canvas.drawString(MARGIN, y, line)
        y -= 24


def _draw_default_artwork(canvas, band_y, free_top, accent):
    """The built-in artwork: soft rings and five children, one of them in the accent colour,
    the picture of "one in five". The children stand below the headline (`free_top`)."""
    canvas.setFillColor(Color(1, 1, 1, alpha=0.06))
    for radius in (330, 250, 170):
        canvas.circle(PAGE_WIDTH - 60, band_y + 120, radius, stroke=0, fill=1)

    base_y = band_y + 34
    figure_height = max(60, min(170, free_top - base_y))
    spacing = figure_height * 0.4
    right = PAGE_WIDTH - MARGIN
    for index in range(5):
        cx = right - figure_height * 0.17 - index * spacing
        child_height = figure_height * (0.8 if index % 2 else 1)
        colour = accent if index == 1 else Color(1, 1, 1, alpha=0.92)
        _draw_child(canvas, cx, base_y, child_height, colour)


def _draw_child(canvas, cx, base_y, height, colour):
    head = height * 0.16
    body_width = height * 0.34
    body_height = height * 0.58
    canvas.setFillColor(colour)
    canvas.roundRect(
        cx - body_width / 2, base_y, body_width, body_height, body_width / 2, stroke=0, fill=1
    )
    canvas.circle(cx, base_y + body_height + head * 1.25, head, stroke=0, fill=1)


def _draw_four_ps(canvas):
    strip_y = PAGE_HEIGHT - BAND_HEIGHT - P_STRIP_HEIGHT
    cell = PAGE_WIDTH / len(FOUR_PS)
    for index, p in enumerate(FOUR_PS):
        x = index * cell
        canvas.setFillColor(HexColor(P_COLOURS[p.slug]))
        canvas.rect(x, strip_y, cell, P_STRIP_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.setFont(FONT_BOLD, 40)
        canvas.drawString(x + 18, strip_y + 24, "P")
        canvas.setFont(FONT_BOLD, 17)
        canvas.drawString(x + 52, strip_y + 44, p.name)
        canvas.setFont(FONT_REGULAR, 9.5)
        summary = wrap_text(p.summary, FONT_REGULAR, 9.5, cell - 64)
        y = strip_y + 28
        for line in summary[:2]:
            canvas.drawString(x + 52, y, line)
            y -= 12


def _draw_message(canvas, lines, size, brand, accent):
    box = MESSAGE_BOX
    leading = size * MESSAGE_LEADING
    block_height = len(lines) * leading
    # Centre the text block vertically in its box; the accent bar follows the text.
    top = box["top"] - (box["height"] - block_height) / 2
    canvas.setFillColor(accent)
    canvas.rect(MARGIN, top - block_height, 10, block_height, stroke=0, fill=1)
    canvas.setFillColor(brand)
    canvas.setFont(FONT_BOLD, size)
    y = top - size
    for line in lines:
        canvas.drawString(box["x"], y, line)
        y -= leading


def _draw_logo(canvas, logo):
    box_width, box_height = 380, BOTTOM_ROW_HEIGHT
    scale = min(box_width / logo.width, box_height / logo.height)
    width, height = logo.width * scale, logo.height * scale
    y = BOTTOM_ROW_Y + (box_height - height) / 2
    canvas.drawImage(ImageReader(io.BytesIO(logo.data)), MARGIN, y, width, height, mask="auto")


def _draw_qr_code(canvas, qr_url, brand):
    size = BOTTOM_ROW_HEIGHT - 16
    x = PAGE_WIDTH - MARGIN - size
    y = BOTTOM_ROW_Y + (BOTTOM_ROW_HEIGHT - size) / 2
    # reportlab's QR encoder gives the modules; drawing them as plain rectangles keeps the
    # PDF free of the standard (unembedded) font its graphics renderer would reference.
    encoder = QrCodeWidget(qr_url, barLevel="M").qr
    encoder.make()
    quiet_zone = 2
    count = encoder.getModuleCount()
    module = size / (count + 2 * quiet_zone)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    # One path for all dark modules: filled at once, adjacent modules show no seams.
    modules = canvas.beginPath()
    for row_index, row in enumerate(encoder.modules):
        column = 0
        for dark, run in itertools.groupby(bool(cell) for cell in row):
            length = len(list(run))
            if dark:
                modules.rect(
                    x + (column + quiet_zone) * module,
                    y + size - (row_index + quiet_zone + 1) * module,
                    length * module,
                    module,
                )
            column += length
    canvas.drawPath(modules, stroke=0, fill=1)

    caption_right = x - 18
    canvas.setFillColor(brand)
    canvas.setFont(FONT_BOLD, 20)
    canvas.drawRightString(caption_right, y + size - 40, "Find out more")
    canvas.setFont(FONT_REGULAR, 13)
    canvas.drawRightString(caption_right, y + size - 62, "Scan the code or visit")
    shown = qr_url.split("://", 1)[-1].rstrip("/")
    url_size = 13
    while url_size > 7 and pdfmetrics.stringWidth(shown, FONT_BOLD, url_size) > 250:
        url_size -= 0.5
    canvas.setFont(FONT_BOLD, url_size)
    canvas.drawRightString(caption_right, y + size - 82, shown)


def _draw_footer(canvas, brand, accent):
    canvas.setFillColor(brand)
    canvas.rect(0, 0, PAGE_WIDTH, FOOTER_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(accent)
    canvas.rect(0, FOOTER_HEIGHT, PAGE_WIDTH, 6, stroke=0, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(FONT_BOLD, 14)
    canvas.drawString(MARGIN, 34, PACT_NAME)
    canvas.setFont(FONT_REGULAR, 10.5)
    canvas.drawString(MARGIN, 16, CONGRESS_LINE)


# Preview --------------------------------------------------------------------------------------

PREVIEW_WIDTH = 720
# PDFium is not thread-safe; one render at a time per process.
_pdfium_lock = threading.Lock()


def render_preview_png(pdf_bytes, width=PREVIEW_WIDTH):
    """The first page of `pdf_bytes` as PNG bytes, `width` pixels wide: the real PDF, drawn."""
    import pypdfium2

    with _pdfium_lock:
        document = pypdfium2.PdfDocument(pdf_bytes)
        try:
            page = document[0]
            bitmap = page.render(scale=width / page.get_width())
            image = bitmap.to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()


# Wire points for signatories ------------------------------------------------------------------


def campaign_url():
    """The campaign's public address, the site's home (also used by the badge)."""
    return absolute_url("/")


def logo_choices_for(user):
    """Wagtail images `user` may put on its poster instead of uploading a logo: the logo of
    its own signatory page, if it has one."""
    page = own_signatory_page(user)
    return [page.logo] if page is not None and page.logo_id else []


def qr_url_for(user):
    """Where the poster's QR code leads: the signatory's own page once the public may see it,
    otherwise the campaign."""
    page = own_signatory_page(user)
    if page is not None and is_publicly_visible(page):
        return page.get_full_url()
    return campaign_url()
