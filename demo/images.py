"""Sample pictures, drawn by the project with Pillow: a logo for every sample signatory and an
illustration for the home page, the campaign pages and the news, so that a first look, a
screenshot or a Lighthouse run sees pages as they will look with real content (images, their
sizes and formats), not bare text.

Every picture says it is a sample: "SAMPLE" is drawn in it, its title in the image library
starts with "Sample", and its alt text says so. The drawings are deterministic (the same title
gives the same picture), so the demo looks the same on every machine.

`add_sample_images` runs after the pages exist and only fills what is empty: a page that already
has a logo or a picture (the demo's or an editor's) keeps it, and a second run changes nothing.
"""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.models import Collection

from demo.good_practices import ACCENTED_SAMPLES
from demo.participants import SAMPLE_SIGNATORIES
from home.models import CampaignPage, HomePage, NewsPage
from pact.models import SignatoryPage
from toolkit import poster

SAMPLE_WORD = "SAMPLE"
PALETTE = [poster.DEFAULT_BRAND_COLOUR, poster.DEFAULT_ACCENT_COLOUR, *poster.P_COLOURS.values()]
LOGO_SIZE = 320
PICTURE_SIZE = (1200, 675)


def _font(size, bold=True):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(poster.FONT_DIR / name), size)


def _seed(text):
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def _initials(title):
    """ "City of Strasbourg" -> "S", "Free State of Saxony" -> "FS"; the words that name the
    place, not "City of"."""
    skip = {"city", "of", "the", "municipality", "a", "and", "sample", "region", "state"}
    words = [word for word in title.replace(",", " ").split() if word.lower() not in skip]
    letters = "".join(word[0] for word in words if word[0].isalpha())[:2].upper()
    return letters or title[:1].upper()


def _centred(draw, box, text, font, fill):
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = box[0] + (box[2] - box[0] - (right - left)) / 2 - left
    y = box[1] + (box[3] - box[1] - (bottom - top)) / 2 - top
    draw.text((x, y), text, font=font, fill=fill)


def _wrap(draw, text, font, width):
    """`text` in lines no wider than `width` pixels."""
    lines = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def draw_logo(title):
    """A square PNG logo: a coloured emblem with the place's initials and a SAMPLE band."""
    seed = _seed(title)
    colour = PALETTE[seed % len(PALETTE)]
    picture = PILImage.new("RGB", (LOGO_SIZE, LOGO_SIZE), "white")
    draw = ImageDraw.Draw(picture)
    margin = 28
    shape = seed // 7 % 3
    box = (margin, margin, LOGO_SIZE - margin, LOGO_SIZE - margin)
    if shape == 0:
        draw.ellipse(box, fill=colour)
    elif shape == 1:
        draw.rounded_rectangle(box, radius=48, fill=colour)
    else:  # a shield
        left, top, right, bottom = box
        middle = (left + right) / 2
        draw.polygon(
            [(left, top), (right, top), (right, top + 150), (middle, bottom), (left, top + 150)],
            fill=colour,
        )
    _centred(draw, (0, 40, LOGO_SIZE, 210), _initials(title), _font(110), "white")
    draw.rectangle((0, 226, LOGO_SIZE, 274), fill="#1a1d24")
    _centred(draw, (0, 226, LOGO_SIZE, 274), SAMPLE_WORD + " LOGO", _font(26), "white")
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def draw_picture(title):
    """A 1200x675 JPEG illustration: overlapping circles in the campaign's colours (people
    gathering, abstractly), the page's title and a SAMPLE IMAGE banner."""
    seed = _seed(title)
    picture = PILImage.new("RGB", PICTURE_SIZE, "#f3f5f9")
    draw = ImageDraw.Draw(picture, "RGBA")
    width, height = PICTURE_SIZE
    for index in range(14):
        part = seed >> (index * 12)
        colour = PALETTE[part % len(PALETTE)].lstrip("#")
        rgba = (*(int(colour[i : i + 2], 16) for i in (0, 2, 4)), 150)
        radius = 60 + part % 140
        x = (part >> 3) % width
        y = (part >> 5) % height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rgba)
    # Text stays inside the middle 4:3 of the picture, which the home page's crop keeps.
    left, right = (width - height * 4 // 3) // 2 + 40, (width + height * 4 // 3) // 2 - 40
    lines = _wrap(draw, title, _font(40), right - left)
    if len(lines) > 2:
        lines = [lines[0], lines[1] + " …"]
    top = height - 70 - 52 * len(lines)
    draw.rectangle((0, top - 24, width, height), fill=(26, 29, 36, 220))
    for number, line in enumerate(lines):
        draw.text((left, top + 52 * number), line, font=_font(40), fill="white")
    note = f"{SAMPLE_WORD} IMAGE: drawn for the demo"
    draw.text((left, height - 56), note, font=_font(24, bold=False), fill="white")
    badge = (right - 200, 36, right, 92)
    draw.rectangle(badge, fill=poster.DEFAULT_ACCENT_COLOUR)
    _centred(draw, badge, SAMPLE_WORD, _font(32), "white")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True)
    return out.getvalue()


def sample_image(title, draw, extension):
    """The library's image titled `title`, drawn by `draw()` and saved the first time only."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    name = f"sample-{hashlib.sha256(title.encode()).hexdigest()[:12]}.{extension}"
    image = Image(title=title, collection=Collection.get_first_root_node())
    image.file = ImageFile(io.BytesIO(draw()), name=name)
    image.save()
    return image


def sample_logo(name):
    """The sample logo of the signatory called `name`: its emblem shows the place's initials
    (not those of the image's title, "Sample logo: ...")."""
    return sample_image(f"Sample logo: {name}", lambda: draw_logo(name), "png")


def sample_picture(page_title):
    """The sample picture of a page, with the image's title written on it."""
    title = f"Sample picture: {page_title}"
    return sample_image(title, lambda: draw_picture(title), "jpg")


def add_sample_images():
    """Logos for the sample signatories (only those the demo made: a signatory someone added
    by hand keeps its own look), pictures for the home, campaign and news pages, where
    they have none (idempotent)."""
    sample_titles = {row[0] for row in SAMPLE_SIGNATORIES}
    sample_titles |= {signatory[0] for signatory, _ in ACCENTED_SAMPLES}
    for signatory in SignatoryPage.objects.filter(title__in=sample_titles, logo__isnull=True):
        logo = sample_logo(signatory.title)
        # Sample signatories have no revisions (demo.pages.add_live): the row is the page.
        SignatoryPage.objects.filter(pk=signatory.pk).update(logo=logo)

    home = HomePage.objects.first()
    if home is not None and home.hero_image_id is None:
        home.hero_image = sample_picture(home.title)
        home.hero_image_alt = "Sample image: coloured circles drawn for the demo"
        home.save_revision().publish()

    for news in NewsPage.objects.filter(image__isnull=True, title__startswith="Sample news"):
        news.image = sample_picture(news.title)
        news.image_alt = "Sample image: coloured circles drawn for the demo"
        news.save_revision().publish()

    for campaign in CampaignPage.objects.filter(slug__in=CAMPAIGN_SLUGS):
        if any(block.block_type == "image" for block in campaign.body):
            continue
        picture = sample_picture(campaign.title)
        # After the first paragraph: the picture illustrates the text, and stays out of the
        # first screen, where its lazy loading would delay the largest paint.
        kinds = [block.block_type for block in campaign.body]
        position = kinds.index("paragraph") + 1 if "paragraph" in kinds else len(kinds)
        campaign.body.insert(
            position,
            (
                "image",
                {
                    "image": picture,
                    "alt_text": "Sample image: coloured circles drawn for the demo",
                    "caption": "Sample image, drawn for the demo: a real page would show a "
                    "photograph of the campaign.",
                },
            ),
        )
        campaign.save_revision().publish()


# The demo's campaign pages (demo/campaign.py).
CAMPAIGN_SLUGS = ["one-in-five", "lanzarote-convention"]
