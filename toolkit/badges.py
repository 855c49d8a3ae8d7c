"""The "We signed the Pact" badge: images in a few sizes and languages, and the HTML snippet
signatories paste on their own home page.

The images are static files made by `python manage.py make_toolkit_badges` (committed), so a
third-party page that embeds one only ever loads a plain image from this site: no script.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from PIL import Image, ImageDraw, ImageFont

from core.public_urls import absolute_url
from toolkit.languages import LANGUAGE_BY_CODE
from toolkit.poster import DEFAULT_ACCENT_COLOUR, DEFAULT_BRAND_COLOUR, FONT_DIR, campaign_url

BADGE_WIDTHS = (120, 200, 300)
# Drawn at twice the displayed size, so badges stay sharp on high-density screens.
PIXEL_DENSITY = 2
BADGE_STATIC_DIR = "toolkit/badges"
BADGE_OUTPUT_DIR = Path(__file__).resolve().parent / "static" / BADGE_STATIC_DIR


@dataclass(frozen=True)
class BadgeWording:
    language: str
    headline: str
    pact: str
    mark: str

    @property
    def alt_text(self):
        return f"{self.headline} {self.pact}"


BADGE_WORDINGS = (
    BadgeWording(
        "en",
        "We signed the Pact",
        "of Towns and Regions to Stop Sexual Violence against Children",
        "1 in 5",
    ),
    BadgeWording(
        "fr",
        "Nous avons signé le Pacte",
        "des villes et des régions pour mettre fin à la violence sexuelle contre les enfants",
        "1 sur 5",
    ),
    BadgeWording(
        "de",
        "Wir haben den Pakt unterzeichnet",
        "der Städte und Regionen gegen sexuelle Gewalt an Kindern",
        "1 von 5",
    ),
    BadgeWording(
        "it",
        "Abbiamo firmato il Patto",
        "delle città e delle regioni per fermare la violenza sessuale contro i bambini",
        "1 su 5",
    ),
)


def badge_height(width):
    return width // 2


def badge_filename(language, width):
    return f"badge-{language}-{width}.png"


def badge_static_url(language, width):
    """The badge's absolute address. It deliberately uses the unhashed static path: pages
    elsewhere keep embedding it for years, across releases that change the hashed names."""
    path = f"{settings.STATIC_URL}{BADGE_STATIC_DIR}/{badge_filename(language, width)}"
    return absolute_url(path)


def badge_snippet(wording, width, link=None):
    """The HTML to paste: a link to the campaign around the badge image, with alt text and
    dimensions; no script, no inline style."""
    return format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
        link or campaign_url(),
        badge_static_url(wording.language, width),
        wording.alt_text,
        width,
        badge_height(width),
    )


def badge_snippets(link=None):
    """Every badge, grouped by language, with its image address and snippet."""
    groups = []
    for wording in BADGE_WORDINGS:
        language = LANGUAGE_BY_CODE[wording.language]
        groups.append(
            {
                "language": language,
                "wording": wording,
                "badges": [
                    {
                        "width": width,
                        "height": badge_height(width),
                        "src": badge_static_url(wording.language, width),
                        "static_path": static(
                            f"{BADGE_STATIC_DIR}/{badge_filename(wording.language, width)}"
                        ),
                        "snippet": badge_snippet(wording, width, link),
                        "id": f"badge-{wording.language}-{width}",
                    }
                    for width in BADGE_WIDTHS
                ],
            }
        )
    return groups


# Drawing --------------------------------------------------------------------------------------


def _font(bold, size):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def _wrap(draw, text, font, max_width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if draw.textlength(candidate, font=font) <= max_width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _fit(draw, text, bold, max_width, max_height, max_lines, largest):
    """The largest font (and lines) for which `text` fits the box in `max_lines` lines."""
    for size in range(largest, 5, -1):
        font = _font(bold, size)
        lines = _wrap(draw, text, font, max_width)
        widest = max(draw.textlength(line, font=font) for line in lines)
        fits_height = len(lines) * size * 1.2 <= max_height
        if len(lines) <= max_lines and widest <= max_width and fits_height:
            return font, size, lines
    return font, size, lines


def draw_badge(wording, width):
    """The badge as a Pillow image, PIXEL_DENSITY times the displayed size."""
    w, h = width * PIXEL_DENSITY, badge_height(width) * PIXEL_DENSITY
    radius = max(6, h // 10)
    stripe = max(4, h // 14)
    # A flat card with an accent stripe at the bottom, cut to a rounded shape by a mask.
    image = Image.new("RGBA", (w, h), DEFAULT_BRAND_COLOUR)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, h - stripe, w, h), fill=DEFAULT_ACCENT_COLOUR)
    shape = Image.new("L", (w, h), 0)
    ImageDraw.Draw(shape).rounded_rectangle((0, 0, w - 1, h - 1), radius=radius, fill=255)
    image.putalpha(shape)

    pad = max(8, h // 9)
    inner_h = h - 2 * pad - stripe
    # The campaign mark: "1 in 5" in a circle, as in the site's header and on the poster.
    mark = min(int(inner_h * 0.78), int(w * 0.3))
    mark_y = pad + (inner_h - mark) // 2
    draw.ellipse((pad, mark_y, pad + mark, mark_y + mark), fill=DEFAULT_ACCENT_COLOUR)
    draw.ellipse(
        (pad, mark_y, pad + mark, mark_y + mark), outline="#ffffff", width=max(2, mark // 24)
    )
    mark_font, _, _ = _fit(draw, wording.mark, True, mark * 0.74, mark, 1, mark // 3)
    centre = (pad + mark / 2, mark_y + mark / 2)
    draw.text(centre, wording.mark, font=mark_font, fill="#ffffff", anchor="mm")

    text_x = pad + mark + pad
    text_w = w - text_x - pad
    show_pact = width >= 200
    headline_share = 0.5 if show_pact else 1.0
    headline_font, headline_size, headline_lines = _fit(
        draw, wording.headline, True, text_w, inner_h * headline_share, 2, inner_h // 2
    )
    blocks = [(headline_font, headline_size, headline_lines, "#ffffff")]
    if show_pact:
        pact_font, pact_size, pact_lines = _fit(
            draw,
            wording.pact,
            False,
            text_w,
            inner_h - len(headline_lines) * headline_size * 1.2 - pad / 3,
            3,
            max(10, int(headline_size * 0.62)),
        )
        blocks.append((pact_font, pact_size, pact_lines, "#e4ebf5"))
    total = sum(len(lines) * size * 1.2 for _, size, lines, _ in blocks) + (
        pad / 3 if show_pact else 0
    )
    y = pad + (inner_h - total) / 2
    for font, size, lines, colour in blocks:
        for line in lines:
            draw.text((text_x, y), line, font=font, fill=colour)
            y += size * 1.2
        y += pad / 3
    return image


def write_badges(output_dir=BADGE_OUTPUT_DIR):
    """Write every badge PNG into `output_dir`; returns the paths written."""
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for wording in BADGE_WORDINGS:
        for width in BADGE_WIDTHS:
            path = output_dir / badge_filename(wording.language, width)
            draw_badge(wording, width).save(path, "PNG", optimize=True)
            written.append(path)
    return written
