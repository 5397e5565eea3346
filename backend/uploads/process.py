"""What an uploaded file is, judged by its bytes (never its name), and what is kept of it.

The accepted set is closed, and each accepted type is proved by the library that reads it:
Pillow must open and decode an image, pypdf must read a PDF, and anything else must decode as
UTF-8 text. Everything else is refused; a few signatures (SVG, programs) only serve to say why.
So no separate sniffing library is needed: passing the reader *is* the identification.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from uploads.errors import UploadRefused

# Formats Pillow reads that we take (MPO: the JPEG variant many phone cameras write).
IMAGE_FORMATS = {"PNG", "JPEG", "MPO", "WEBP", "GIF", "BMP"}
LOSSY_FORMATS = {"JPEG", "MPO"}
JPEG_QUALITY = 90
# Pillow refuses images over twice its MAX_IMAGE_PIXELS (~179 MP) and warns above it (~89 MP);
# a warning is refused too: no photo people attach is that large, a decompression bomb is.
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
SNIFF_BYTES = 8192
ACCEPTED = "an image (PNG, JPEG, WebP, GIF, BMP), a PDF, or a text file in UTF-8"


@dataclass
class Processed:
    name: str
    kind: str  # "image" | "document"
    media_type: str
    data: bytes  # what is stored and served
    width: int | None = None
    height: int | None = None
    text: str | None = None  # a document's text, as sent to the model

    @property
    def chars(self) -> int | None:
        return len(self.text) if self.text is not None else None


def process_upload(path: str, name: str, size: int, max_image_side: int) -> Processed:
    """Identify and prepare the file at `path` (blocking: run it in a worker thread)."""
    if size == 0:
        raise UploadRefused(422, f"{name} is empty.")
    with open(path, "rb") as file:
        head = file.read(SNIFF_BYTES)
    if head.startswith(b"%PDF-"):
        return _pdf(path, name)
    image = _open_image(path, name, max_image_side)
    if image is not None:
        return _image(image, name, max_image_side)
    if head.startswith(PROGRAM_SIGNATURES):
        raise UploadRefused(415, f"{name} is a program; only {ACCEPTED} can be attached.")
    return _text(path, name, head)


def _open_image(path: str, name: str, max_side: int) -> Image.Image | None:
    """The image, fully decoded; None when the bytes are no image Pillow knows. A JPEG is
    decoded straight at a reduced scale (1/2, 1/4, 1/8: the smallest whose longest side is
    still over half of `max_side`): a 12-megapixel photo never exists in memory at full size
    (4000 × 3000 is decoded as 2000 × 1500, ~9 MB instead of ~36 MB, and faster)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.format not in IMAGE_FORMATS:
                raise UploadRefused(415, f"{name} is a {image.format} image; only {ACCEPTED} can be attached.")
            image.seek(0)  # an animated GIF or WebP: its first frame
            image.draft("RGB", (max_side // 2 + 1, max_side // 2 + 1))  # JPEG only; a no-op for others
            image.load()
            return image
    except UnidentifiedImageError:
        return None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's sentence gives the pixel count and its limit.
        raise UploadRefused(422, f"{name} is refused as a possible decompression bomb: {error}") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UploadRefused(422, f"{name} is a damaged image that cannot be read ({error}).") from None


def _image(image: Image.Image, name: str, max_side: int) -> Processed:
    """Upright (EXIF orientation applied), at most `max_side` px on its longest side, without
    metadata, as JPEG when it came as JPEG and PNG otherwise (LM Studio refuses WebP)."""
    source_format = image.format
    # In place, each step: a photo is held once (copies would double the memory peak).
    upright = image
    ImageOps.exif_transpose(upright, in_place=True)
    upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    output = io.BytesIO()
    if source_format in LOSSY_FORMATS and not has_alpha:
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(output, "JPEG", quality=JPEG_QUALITY)
        media_type, extension = "image/jpeg", ".jpg"
    else:
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if has_alpha else "RGB")
        upright.save(output, "PNG", optimize=True)
        media_type, extension = "image/png", ".png"
    stem = os.path.splitext(name)[0] or "image"
    return Processed(
        name=stem + extension,
        kind="image",
        media_type=media_type,
        data=output.getvalue(),
        width=upright.width,
        height=upright.height,
    )


def _pdf(path: str, name: str) -> Processed:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UploadRefused(422, f"{name} is protected by a password; attach an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UploadRefused:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as error:
        raise UploadRefused(422, f"{name} is a damaged PDF that cannot be read ({error}).") from None
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise UploadRefused(
            422,
            f"{name} has no text layer (it is probably scanned pages): there is no text to give the model. "
            "Attach its pages as images for a vision model, or a PDF with text.",
        )
    with open(path, "rb") as file:
        data = file.read()
    return Processed(name=name, kind="document", media_type="application/pdf", data=data, text=text)


def _text(path: str, name: str, head: bytes) -> Processed:
    if b"\x00" in head:
        raise UploadRefused(415, f"{name} is not {ACCEPTED}.")
    with open(path, "rb") as file:
        data = file.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadRefused(415, f"{name} is not {ACCEPTED}.") from None
    opening = text.lstrip()[:1000].lower()
    if "<svg" in opening and opening.startswith(("<svg", "<?xml", "<!doctype svg")):
        raise UploadRefused(
            415, f"{name} is an SVG image, which can carry scripts; convert it to PNG and attach that instead."
        )
    return Processed(name=name, kind="document", media_type="text/plain; charset=utf-8", data=data, text=text)
