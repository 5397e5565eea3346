#!/usr/bin/env python3
"""Uploading attachments: a 12-megapixel JPEG and a 200-page text PDF, each to a fresh backend.

For each file: the time from the upload's first byte to the backend's answer (what the page
waits for before the chip is ready), and the backend's memory peak above what it held before
(VmHWM after − VmHWM before, Linux; each upload to a fresh backend; medians of 3), side by side
with the file's own size and the image's size decoded at full resolution.

Goals: the chip is ready within 3 s for each file; for the photo the peak grows by less than
the image decoded at full size (12 MP × 3 bytes = 34 MiB): it is streamed to disk and decoded
at a reduced scale, never held whole; for the PDF by less than 64 MB (pypdf's page objects and
the text; the figure beside it is the text's own size).

Run:  tests/.venv/bin/python bench/attachments.py
Exits non-zero when a goal is missed.
"""

from __future__ import annotations

import io
import random
import sys
import time

from PIL import Image

from harness import median, memory_kb, report, start_backend, start_stand_in, verdict  # puts tests/ on the path
from sample_files import text_pdf

RUNS = 3
READY_GOAL_S = 3.0
PDF_PEAK_GOAL_MB = 64
PHOTO_SIZE = (4000, 3000)
LOREM = (
    "Tides are the rise and fall of sea levels caused by the combined effects of the gravitational "
    "forces exerted by the Moon and the Sun, and the rotation of the Earth. "
)


def photo_jpeg() -> bytes:
    """A 12-megapixel photo-like JPEG: smooth gradients with grain, as a camera writes them."""
    width, height = PHOTO_SIZE
    gradient = Image.linear_gradient("L").resize(PHOTO_SIZE)
    grain = Image.effect_noise(PHOTO_SIZE, 24)
    picture = Image.merge("RGB", (gradient, grain, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def book_pdf(pages: int = 200) -> bytes:
    """200 pages of text that compresses as prose does (not one sentence repeated)."""
    words = LOREM.split()
    generator = random.Random(20261125)
    return text_pdf([" ".join(generator.choice(words) for _ in range(450)) for _ in range(pages)])


def small_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_once(name: str, data: bytes, stand_in) -> tuple[float, float, dict]:
    """Seconds to the answer and the memory peak's growth in MB, for one upload to a fresh backend
    (so each peak is one upload's, not what earlier ones left in the allocator)."""
    backend = start_backend(stand_in)
    try:
        pid = backend.server.process.pid
        # A small image and a small PDF first: imports (Pillow, pypdf) and first requests are
        # done before measuring.
        for warm_up in (("warm.png", small_png()), ("warm.pdf", text_pdf(["warm-up"]))):
            assert backend.http.post("/api/attachments", files={"file": warm_up}).status_code == 201
        before = memory_kb(pid, "VmHWM")
        started = time.perf_counter()
        response = backend.http.post("/api/attachments", files={"file": (name, data)}, timeout=120)
        elapsed = time.perf_counter() - started
        assert response.status_code == 201, response.text
        return elapsed, (memory_kb(pid, "VmHWM") - before) / 1024, response.json()
    finally:
        backend.stop()


def measure(name: str, data: bytes, stand_in) -> tuple[float, float, dict]:
    """Median seconds and median memory growth over RUNS uploads."""
    runs = [upload_once(name, data, stand_in) for _ in range(RUNS)]
    return median(r[0] for r in runs), median(r[1] for r in runs), runs[-1][2]


def main() -> int:
    stand_in = start_stand_in()
    try:
        photo, book = photo_jpeg(), book_pdf()
        photo_s, photo_mb, photo_answer = measure("photo.jpg", photo, stand_in)
        book_s, book_mb, book_answer = measure("book.pdf", book, stand_in)
    finally:
        stand_in.stop()
    decoded_mb = PHOTO_SIZE[0] * PHOTO_SIZE[1] * 3 / 2**20
    photo_file_mb, book_file_mb = len(photo) / 2**20, len(book) / 2**20
    report(
        "Attachments (each upload to a fresh backend; medians of 3; a shared, noisy 2-core machine)",
        [
            (
                f"12 MP JPEG ({photo_file_mb:.1f} MB)",
                f"ready in {photo_s:.2f} s (goal < {READY_GOAL_S}); stored "
                f"{photo_answer['width']} × {photo_answer['height']}, {photo_answer['size'] / 2**20:.1f} MB",
            ),
            (
                "  backend memory peak",
                f"+{photo_mb:.0f} MB = {photo_mb / decoded_mb:.2f}× the photo decoded at full size "
                f"({decoded_mb:.0f} MB; goal < 1), {photo_mb / photo_file_mb:.1f}× the file",
            ),
            (
                f"200-page PDF ({book_file_mb:.1f} MB)",
                f"ready in {book_s:.2f} s (goal < {READY_GOAL_S}); {book_answer['chars']:,} characters of text",
            ),
            (
                "  backend memory peak",
                f"+{book_mb:.0f} MB (goal < {PDF_PEAK_GOAL_MB}) = {book_mb / (book_answer['chars'] / 2**20):.0f}× "
                "its text",
            ),
        ],
    )
    return verdict(
        {
            "photo ready": photo_s < READY_GOAL_S,
            "PDF ready": book_s < READY_GOAL_S,
            "photo never held at full size": photo_mb < decoded_mb,
            "PDF peak": book_mb < PDF_PEAK_GOAL_MB,
        }
    )


if __name__ == "__main__":
    sys.exit(main())
