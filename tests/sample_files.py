"""Files to upload in tests, made on the spot: images with Pillow, PDFs with fpdf2."""

from __future__ import annotations

import io

from fpdf import FPDF
from PIL import Image

# The EXIF tag that says how a camera held the picture; 6: rotate 90° clockwise to view.
ORIENTATION = 0x0112


def image_bytes(fmt: str, size=(40, 20), color=(200, 30, 30), **save) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if fmt in ("PNG", "WEBP") and save.pop("alpha", False) else "RGB"
    Image.new(mode, size, color if mode == "RGB" else (*color, 128)).save(buffer, fmt, **save)
    return buffer.getvalue()


def rotated_jpeg() -> bytes:
    """A 40 × 20 JPEG whose EXIF says: turn me 90° (a phone held upright), with a GPS-like tag."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "StandInCam"  # Make: metadata that must not survive
    return image_bytes("JPEG", exif=exif.tobytes())


def animated_gif() -> bytes:
    frames = [Image.new("P", (16, 16), index) for index in (1, 2, 3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def bomb_png() -> bytes:
    """A tiny PNG that claims 20,000 × 20,000 pixels (400 MP): a decompression bomb."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def text_pdf(pages: list[str]) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A PDF whose only page is a picture: no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.image(io.BytesIO(image_bytes("PNG", size=(200, 100))), x=10, y=10, w=100)
    return bytes(pdf.output())


ELF_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
