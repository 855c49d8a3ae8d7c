"""Draw the site's icons from the header's "1 in 5" mark: pactsite/static/img/favicon.ico (16, 32
and 48 px, for /favicon.ico and old browsers), and apple-touch-icon.png (180 px, phones'
home screens). favicon.svg, the icon modern browsers use, is written by hand beside them.

Run once after changing the design: `.venv/bin/python scripts/make_favicon.py`; the images are
committed."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
OUT = Path(__file__).resolve().parent.parent / "pactsite" / "static" / "img"
BLUE = "#0b3a75"  # --colour-brand
RED = "#b0173c"  # --colour-accent


def draw_mark(size):
    """A red disc on the Council blue with "1/5" in white, drawn large and scaled down."""
    scale = 8
    big = size * scale
    image = Image.new("RGBA", (big, big), BLUE)
    draw = ImageDraw.Draw(image)
    margin = big // 16
    draw.ellipse((margin, margin, big - margin, big - margin), fill=RED)
    font = ImageFont.truetype(FONT, int(big * 0.42))
    box = draw.textbbox((0, 0), "1/5", font=font)
    width, height = box[2] - box[0], box[3] - box[1]
    draw.text(
        ((big - width) / 2 - box[0], (big - height) / 2 - box[1]), "1/5", font=font, fill="white"
    )
    return image.resize((size, size), Image.LANCZOS)


def main():
    draw_mark(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    draw_mark(180).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
