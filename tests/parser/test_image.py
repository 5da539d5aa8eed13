"""Image files (PNG, JPEG, multi-page TIFF): detected by their bytes, read through OCR, and
refused — quickly, before decoding — when their header declares a bomb."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from tests.fixtures.scan.variants import Damage, image_file, mirror_pdf, page_images
from transform.detect import IMAGE, detect_form
from transform.errors import UnreadableReport
from transform.parse import parse_bytes
from transform.readers.image import MAX_IMAGE_PIXELS, image_pages
from transform.readers.ocr import MAX_READ_DPI, OCR_DPI


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header declaring `width` × `height` greyscale pixels, with one small
    deflated chunk of zero rows: 30 KB that would decode to width × height bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@pytest.mark.parametrize("width, height", [(100_000, 100_000), (20_000, 8_000)])
def test_an_image_bomb_is_refused_before_decoding(width, height):
    data = png_declaring(width, height)
    assert detect_form(data) == IMAGE
    with pytest.raises(UnreadableReport, match="decompression bomb") as refused:
        list(image_pages(data, []))
    assert f"{width:,}" in str(refused.value)
    result = parse_bytes(data, "bomb.png")
    assert result.error and "decompression bomb" in result.error and not result.facts


def test_a_truncated_image_is_unreadable_not_a_crash():
    data = png_declaring(1200, 1600)[:60]
    result = parse_bytes(data, "cut.png")
    assert result.form == IMAGE and result.error and result.error.startswith("unreadable image file")


@pytest.mark.parametrize(
    ("recorded", "source_dpi", "read_dpi"),
    [(300, 300, MAX_READ_DPI), (100, 100, OCR_DPI), (None, 1240 / 8.27, OCR_DPI)],
)
def test_pages_are_resampled_to_a_readable_resolution(recorded, source_dpi, read_dpi):
    page = Image.fromarray(np.full((1754, 1240), 255, np.uint8))
    buffer = io.BytesIO()
    page.save(buffer, format="PNG", **({"dpi": (recorded, recorded)} if recorded else {}))
    [(grey, dpi)] = list(image_pages(buffer.getvalue(), []))
    assert dpi == pytest.approx(read_dpi)
    assert grey.shape[1] == pytest.approx(1240 * read_dpi / source_dpi, abs=1)


def test_the_limit_is_a_real_page_s_worth():
    """An A3 page scanned at 600 dpi must still be read."""
    assert MAX_IMAGE_PIXELS > 16.54 * 11.69 * 600 * 600


@pytest.fixture(scope="module")
def report_pages():
    pdf, truth = mirror_pdf(7)
    damage = Damage(dpi=200, rotation=0.8, noise=5)
    return page_images(pdf, damage, seed=7), truth


def _cells_right(result: dict, truth: dict) -> tuple[int, int]:
    right = total = 0
    for table in ("applications", "review_litigation", "proactive"):
        for row, cols in truth[table].items():
            for col, value in cols.items():
                total += 1
                right += result.get(table, {}).get(row, {}).get(col, "missing") == value
    return right, total


def test_a_multi_page_tiff_scan_reads_its_tables(report_pages):
    images, truth = report_pages
    data = image_file(images, "TIFF", 200)
    assert detect_form(data) == IMAGE
    result = parse_bytes(data, "report.tif").to_contract()
    assert result["form"] == "image" and result["extraction"] == "ocr"
    assert result["year"] == truth["year"] and result["template"] == truth["template"]
    right, total = _cells_right(result, truth)
    assert right >= 0.98 * total


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_single_page_image_is_read_through_ocr(report_pages, fmt):
    images, _truth = report_pages
    data = image_file(images[-1:], fmt, 200)  # the last page: table 4 and the closing text
    result = parse_bytes(data, f"page.{fmt.lower()}").to_contract()
    assert result["form"] == "image" and result["extraction"] == "ocr" and not result.get("error")
    assert "table 3 not found" in result["warnings"]
