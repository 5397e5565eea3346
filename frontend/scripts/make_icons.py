"""The installable app's icons (public/icon-192.png, icon-512.png, icon-maskable-512.png), drawn
with Pillow after public/favicon.svg: the indigo-to-violet square and its three lines of text.
Pillow does not read SVG, so the drawing is repeated here; run it again when the logo changes:

    backend/venv/bin/python frontend/scripts/make_icons.py

The maskable icon fills its square (a phone cuts it to its own shape) and keeps the lines inside
the middle 80 %, the safe zone of the maskable icon format.
"""

from pathlib import Path

from PIL import Image, ImageDraw

PUBLIC = Path(__file__).resolve().parent.parent / "public"
START, END = (0x63, 0x66, 0xF1), (0x8B, 0x5C, 0xF6)  # tailwind.config.js: primary, secondary
LINES = ((9, 11, 23), (9, 16, 19), (9, 21, 16))  # favicon.svg's three strokes: x1, y, x2 (of 32)


def gradient(size: int) -> Image.Image:
    """The favicon's diagonal gradient, top left to bottom right."""
    image = Image.new("RGB", (size, size))
    pixels = image.load()
    for y in range(size):
        for x in range(size):
            t = (x + y) / (2 * (size - 1))
            pixels[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(START, END, strict=True))
    return image


def icon(size: int, *, maskable: bool) -> Image.Image:
    scale = 4  # drawn large, then scaled down: smooth edges without an anti-aliasing renderer
    big = size * scale
    art = gradient(big).convert("RGBA")
    if not maskable:
        mask = Image.new("L", (big, big), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 8 // 32, fill=255)
        art.putalpha(mask)
    draw = ImageDraw.Draw(art)
    # The maskable icon draws the lines smaller, inside the safe zone.
    unit, offset = (big * 0.75 / 32, big * 0.125) if maskable else (big / 32, 0)
    width = round(2.5 * unit)
    for x1, y, x2 in LINES:
        points = [(offset + x1 * unit, offset + y * unit), (offset + x2 * unit, offset + y * unit)]
        draw.line(points, fill="white", width=width)
        for x, cy in points:  # round caps
            draw.ellipse((x - width / 2, cy - width / 2, x + width / 2, cy + width / 2), fill="white")
    return art.resize((size, size), Image.LANCZOS)


if __name__ == "__main__":
    icon(192, maskable=False).save(PUBLIC / "icon-192.png", optimize=True)
    icon(512, maskable=False).save(PUBLIC / "icon-512.png", optimize=True)
    icon(512, maskable=True).convert("RGB").save(PUBLIC / "icon-maskable-512.png", optimize=True)
    icon(180, maskable=True).convert("RGB").save(PUBLIC / "apple-touch-icon.png", optimize=True)
