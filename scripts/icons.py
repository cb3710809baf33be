"""Draws the app's PNG icons (static/img/icon-*.png) from the brand of static/img/favicon.svg: a
gold diamond on the header's blue. Run it again when the brand changes:

    .venv/bin/python scripts/icons.py

The home-screen icons are drawn four times larger and shrunk, for smooth edges; the maskable
one keeps the diamond inside the central circle (40% of the width around the middle) that every
platform's mask leaves whole, and iOS's apple-touch-icon has square corners (iOS rounds them).
"""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = "#1f4e79"
GOLD = "#f2b134"
IMG = Path(__file__).resolve().parents[1] / "static" / "img"
SUPERSAMPLE = 4


def draw(size: int, *, corner: float, diamond: float) -> Image.Image:
    """An icon `size` pixels wide: the blue square with corners of `corner` × size, and the
    diamond reaching `diamond` × size from the middle to each point."""
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=round(corner * big), fill=BLUE)
    middle, reach = big / 2, diamond * big
    pen.polygon(
        [
            (middle, middle - reach),
            (middle + reach, middle),
            (middle, middle + reach),
            (middle - reach, middle),
        ],
        fill=GOLD,
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main():
    # favicon.svg: a 32-unit square, corners of 6, the diamond's points 11 units from the middle
    for size in (192, 512):
        draw(size, corner=6 / 32, diamond=11 / 32).save(IMG / f"icon-{size}.png", optimize=True)
    draw(512, corner=0, diamond=0.38).save(IMG / "icon-maskable-512.png", optimize=True)
    draw(180, corner=0, diamond=11 / 32).convert("RGB").save(
        IMG / "apple-touch-icon.png", optimize=True
    )


if __name__ == "__main__":
    main()
