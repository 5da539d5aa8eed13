"""Image files (PNG, JPEG, TIFF, multi-page TIFF) → greyscale pages for OCR, bombs refused.

Some agencies publish a scanned report as the page images themselves. An image header can
declare any size — a 30 KB PNG may declare 100,000 × 100,000 pixels (10 GB decoded) — so the
declared size of every frame is checked against `MAX_IMAGE_PIXELS` before a single pixel is
decoded, and PIL's own bomb guard is set to the same limit for anything it decodes lazily.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import cv2
import numpy as np
from PIL import Image, UnidentifiedImageError

from transform.errors import UnreadableReport
from transform.layout import Document
from transform.readers.ocr import MAX_OCR_PAGES, MAX_READ_DPI, OCR_DPI, pages_to_document, recognise
from transform.sandbox import heartbeat

# Largest frame decoded: an A3 page scanned at 600 dpi is 70 Mpx (210 MB as RGB); anything
# larger is not a page of a report. PIL's guard warns above this and refuses at twice it.
MAX_IMAGE_PIXELS = 80_000_000
# Resolution assumed when the file records none (or an implausible one): the image is taken
# to be a portrait A4 page (8.27 in wide) or a landscape one (11.69 in), the reports' paper.
A4_SHORT_SIDE_INCHES, A4_LONG_SIDE_INCHES = 8.27, 11.69
PLAUSIBLE_DPI = (72, 1200)


def read_image(data: bytes) -> Document:
    """An image file of one or more scanned pages → Document (OCR, then the table finder)."""
    warnings: list[str] = []
    pages = []
    for grey, dpi in image_pages(data, warnings):
        pages.append(recognise(grey, dpi))
        heartbeat()
    return pages_to_document(pages, "image", warnings)


def image_pages(data: bytes, warnings: list[str]) -> Iterator[tuple[np.ndarray, float]]:
    """Each frame of the image file as (greyscale uint8 image, its dpi), resampled to between
    OCR_DPI and MAX_READ_DPI."""
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as exc:  # its message names the buffer, not the problem
        raise UnreadableReport("not a readable image: damaged, truncated or of an unknown kind") from exc
    except (OSError, ValueError) as exc:
        raise UnreadableReport(f"not a readable image: {exc}") from exc
    except Image.DecompressionBombError as exc:
        raise UnreadableReport(_bomb_message(*_declared_size(data))) from exc
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_OCR_PAGES:
            warnings.append(f"image file has {frames} pages; recognised the first {MAX_OCR_PAGES}")
        for index in range(min(frames, MAX_OCR_PAGES)):
            image.seek(index)
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise UnreadableReport(_bomb_message(width, height))
            dpi = _resolution(image)
            target_dpi = min(max(dpi, OCR_DPI), MAX_READ_DPI)
            scale = target_dpi / dpi
            if image.format == "JPEG" and scale < 1:  # decode at a reduced size directly
                image.draft("L", (round(width * scale), round(height * scale)))
            try:
                grey = np.asarray(image.convert("L"))
            except (OSError, ValueError, Image.DecompressionBombError) as exc:
                raise UnreadableReport(f"image page {index + 1} cannot be decoded: {exc}") from exc
            target = (max(1, round(width * scale)), max(1, round(height * scale)))
            if (grey.shape[1], grey.shape[0]) != target:
                interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
                grey = cv2.resize(grey, target, interpolation=interpolation)
            yield np.ascontiguousarray(grey), float(target_dpi)


def _resolution(image: Image.Image) -> float:
    """Dots per inch of the frame: as recorded, else assumed from A4 paper."""
    recorded = image.info.get("dpi")
    if recorded:
        try:
            dpi = float(recorded[0])
        except (TypeError, ValueError, IndexError):
            dpi = 0.0
        if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
            return dpi
    width, height = image.size
    inches = A4_SHORT_SIDE_INCHES if width <= height else A4_LONG_SIDE_INCHES
    return min(max(width / inches, PLAUSIBLE_DPI[0]), PLAUSIBLE_DPI[1])


def _declared_size(data: bytes) -> tuple[int, int]:
    """Width and height a PNG header declares (0, 0 for other formats)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 0, 0


def _bomb_message(width: int, height: int) -> str:
    size = f"declares {width:,} × {height:,} pixels" if width else "declares too many pixels"
    return (
        f"the image {size} (more than {MAX_IMAGE_PIXELS // 1_000_000} million: a "
        "decompression bomb, not a page of a report); not read"
    )
