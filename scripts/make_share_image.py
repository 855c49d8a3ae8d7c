"""Draw the default share image (pactsite/static/img/share-default.png, 1200x630), used as
og:image for pages without a picture of their own. Run: .venv/bin/python scripts/make_share_image.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "pactsite/static/img/share-default.png"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
BRAND = "#0b3a75"
P_COLOURS = ("#1d6b43", "#0b5394", "#6b3fa0", "#a34a00")
P_NAMES = ("Prevention", "Protection", "Prosecution", "Participation")


def main():
    image = Image.new("RGB", (1200, 630), BRAND)
    draw = ImageDraw.Draw(image)
    title = ImageFont.truetype(FONT, 64)
    subtitle = ImageFont.truetype(FONT, 36)
    small = ImageFont.truetype(FONT, 26)
    draw.text((80, 120), "Pact of Towns and Regions", font=title, fill="white")
    draw.text((80, 215), "to Stop Sexual Violence against Children", font=subtitle, fill="white")
    draw.text((80, 300), "Council of Europe Congress · ONE in FIVE", font=small, fill="#d6deea")
    width = 1200 // 4
    for index, (colour, name) in enumerate(zip(P_COLOURS, P_NAMES, strict=True)):
        left = index * width
        draw.rectangle((left, 500, left + width, 630), fill=colour)
        box = draw.textbbox((0, 0), name, font=small)
        draw.text((left + (width - box[2]) / 2, 548), name, font=small, fill="white")
    image.save(OUT, optimize=True)


if __name__ == "__main__":
    main()
