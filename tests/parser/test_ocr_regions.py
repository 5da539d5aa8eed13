"""The pixel geometry under OCR, on synthetic pages: deskew, borders, cuts, missed glyphs.

Pages are drawn here with OpenCV (a ruled grid, digits, a line of large type) so every
expected position is known exactly; the recogniser itself is exercised in test_ocr_scans.py.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from transform.readers.ocr_regions import Region, chunks, cut_at_rulings, lone_glyphs, outside_text
from transform.readers.pages import Ruling
from transform.readers.raster_rulings import binarise, deskew, estimate_skew, find_rulings, rotate

DPI = 150
XS = [100, 400, 520, 640, 760]  # column borders, pixels
YS = [300, 360, 420, 480, 540]  # row borders


def ruled_page(thickness: int = 1, grey: int = 0) -> np.ndarray:
    """An A4 page at 150 dpi: a 4 × 4 grid of thin borders with a digit in each cell, a title
    line of large bold type and a paragraph of small text above it."""
    page = np.full((1754, 1241), 255, np.uint8)
    for x in XS:
        cv2.line(page, (x, YS[0]), (x, YS[-1]), grey, thickness)
    for y in YS:
        cv2.line(page, (XS[0], y), (XS[-1], y), grey, thickness)
    for r in range(len(YS) - 1):
        for c in range(len(XS) - 1):
            cv2.putText(
                page, str((r * 7 + c) % 10), (XS[c] + 40, YS[r] + 42), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 0, 2
            )
    cv2.putText(page, "ANNUAL REPORT 2023", (150, 150), cv2.FONT_HERSHEY_TRIPLEX, 2.4, 0, 5)
    for k in range(6):
        cv2.putText(
            page, "text line of a paragraph " * 2, (100, 700 + 40 * k), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2
        )
    return page


def _positions(rulings: list[Ruling], horizontal: bool) -> list[float]:
    picked = [
        r
        for r in rulings
        if r.horizontal == horizontal and (r.x1 - r.x0 if horizontal else r.bottom - r.top) > 100
    ]
    return sorted(
        {round(((r.top + r.bottom) / 2 if horizontal else (r.x0 + r.x1) / 2) * DPI / 72) for r in picked}
    )


@pytest.mark.parametrize("angle", [-1.5, -0.7, 0.6, 1.2])
def test_deskew_measures_a_scanner_s_tilt(angle):
    assert estimate_skew(rotate(ruled_page(), angle)) == pytest.approx(-angle, abs=0.11)


def test_a_square_page_is_left_as_it_is():
    page = ruled_page()
    straightened = deskew(page)
    assert straightened.angle == 0.0 and straightened.image is page


def test_borders_are_found_and_strokes_of_small_text_are_not():
    rulings = find_rulings(ruled_page(), DPI)
    assert _positions(rulings, horizontal=True) == pytest.approx(YS, abs=1)
    assert _positions(rulings, horizontal=False) == pytest.approx(XS, abs=1)
    paragraph = [r for r in rulings if 660 * 72 / DPI < r.top < 960 * 72 / DPI]
    assert paragraph == []


@pytest.mark.parametrize("angle", [-1.3, 0.9])
def test_borders_of_a_tilted_faint_scan_are_found_once_deskewed(angle):
    page = rotate(ruled_page(grey=140), angle)
    rulings = find_rulings(deskew(page).image, DPI)
    assert len(_positions(rulings, horizontal=True)) == len(YS)
    assert len(_positions(rulings, horizontal=False)) == len(XS)


def test_noise_and_jpeg_do_not_make_borders():
    rng = np.random.default_rng(7)
    noisy = np.clip(ruled_page().astype(np.float32) + rng.normal(0, 14, (1754, 1241)), 0, 255).astype(
        np.uint8
    )
    ok, encoded = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, 55])
    assert ok
    rulings = find_rulings(cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE), DPI)
    assert _positions(rulings, horizontal=True) == pytest.approx(YS, abs=1)
    assert all((r.x1 - r.x0 if r.horizontal else r.bottom - r.top) * DPI / 72 >= 30 for r in rulings)


def test_a_line_detected_across_a_border_is_cut_into_its_cells():
    rulings = find_rulings(ruled_page(), DPI)
    across = Region(420, 305, 740, 352)  # one detected "line" over three cells of a row
    pieces = list(cut_at_rulings([across], rulings, DPI))
    assert len(pieces) == 3
    for piece, (left, right) in zip(pieces, [(420, 520), (520, 640), (640, 740)], strict=True):
        assert left <= piece.x0 <= left + 3 and right - 3 <= piece.x1 <= right
    inside = Region(430, 305, 500, 352)
    assert list(cut_at_rulings([inside], rulings, DPI)) == [inside]


def test_strokes_of_large_type_are_not_borders_but_borders_through_text_stay():
    page = ruled_page()
    rulings = find_rulings(page, DPI)
    title_line = Region(140, 90, 1000, 165)  # as the detector boxes the title
    strokes = [r for r in rulings if r.top * DPI / 72 >= 90 and r.bottom * DPI / 72 <= 165]
    assert strokes, "the title's large strokes are long enough to pass for borders"
    kept = outside_text(rulings, [title_line, Region(405, 305, 640, 352)], DPI)
    assert not [r for r in kept if r.top * DPI / 72 >= 90 and r.bottom * DPI / 72 <= 165]
    assert len(kept) == len(rulings) - len(strokes)


def test_a_lone_digit_the_detector_missed_becomes_a_region():
    page = ruled_page()
    rulings = find_rulings(page, DPI)
    cv2.line(page, (1100, 100), (1101, 100), 0, 1)  # a speck of dust: no glyph
    ink = binarise(page)
    detected = [
        Region(XS[c] + 30, YS[r] + 12, XS[c] + 70, YS[r] + 50)
        for r in range(4)
        for c in range(4)
        if (r, c) != (2, 3)
    ]
    detected += [Region(140, 90, 1000, 165), Region(90, 670, 1200, 960)]
    found = lone_glyphs(ink, detected, rulings, DPI)
    assert len(found) == 1
    glyph = found[0]
    assert XS[3] < glyph.x0 < glyph.x1 < XS[4] and YS[2] < glyph.top < glyph.bottom < YS[3]


def test_a_long_line_is_chunked_between_characters():
    mask = np.zeros((20, 1000), bool)
    for start in range(0, 1000, 25):  # glyphs 20 px wide, 5 px gaps
        mask[2:18, start : start + 20] = True
    pieces = chunks(mask)
    assert pieces[0][0] == 0 and pieces[-1][1] == 1000
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(pieces))
    for start, end in pieces:
        assert end - start <= 12 * 20
        assert not mask[:, start].any() or start == 0  # each cut falls in a gap
    assert chunks(mask[:, :200]) == [(0, 200)]
