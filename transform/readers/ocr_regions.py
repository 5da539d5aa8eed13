"""Where to recognise text on a page image: detected lines, cut at borders, plus lone glyphs.

The PP-OCR detector finds text lines, but in a table it also makes two mistakes this module
corrects before anything is recognised, all in pixels of the deskewed page:

- it joins neighbouring cells' digits into one line across the border between them (the
  border then reads as a "1"): lines are cut wherever a border runs through them;
- it drops a lone narrow glyph — a "1" alone in a cell is a box 2–4 px wide, under the
  detector's minimum size — so ink that no detected line covers and that is shaped like a
  glyph becomes a region of its own;
- conversely, the stem of a large title glyph is as long as a short border, so rulings lying
  inside a line of large type are strokes, not borders.

Long lines are handed to the recogniser in chunks cut between characters (`chunks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import cv2
import numpy as np

from transform.readers.pages import Ruling
from transform.readers.raster_rulings import MIN_RULING_INCHES

# A piece of a detected line narrower or lower than this (inches) after cutting it at borders
# is a sliver of the border itself, not text.
MIN_PIECE_INCHES = 0.04
# A glyph's stroke may stick out of its detected line by a pixel or two (inches).
STROKE_MARGIN_INCHES = 0.03
# Rulings shorter than this (inches) lying inside a detected line of any size are its strokes:
# a cell's side is longer (0.4 in and up in the reports' tables), and borders run on as one
# line across the cells of a row.
SHORT_RULING_INCHES = 0.5
# A border cuts a text line only when it runs along at least this share of the line's height
# (or width, for a horizontal border): a border merely touching the line's corner does not.
CUT_OVERLAP = 0.6
# Ink left over outside every detected line is a glyph the detector missed when its height is
# within these bounds (inches): a 7.5 pt digit is 0.07 in high, a 14 pt one 0.14 in; specks of
# scanner noise and JPEG ringing are lower, stamps and drawings higher.
GLYPH_HEIGHT_INCHES = (0.05, 0.3)
# Digits of one number stand this close (inches, 2–3 px at 150 dpi): leftover ink this close
# is one region, so "12" is read as one number, not as "1" and "2".
GLYPH_GAP_INCHES = 0.03
# Margin of blank paper kept around a lone glyph's crop (inches): the recogniser reads a glyph
# touching its crop's edge poorly.
GLYPH_PAD_INCHES = 0.03
# Ink this close to a ruling (inches) belongs to the border (its antialiased edge).
BORDER_CLEARANCE_INCHES = 0.015
# Longest crop recognised in one piece, in multiples of its height. The recogniser's attention
# makes a crop's cost grow with the square of its width: a 40-character line (ratio 38) took
# 3.6 s of CPU whole and 2.4 s in chunks of ratio 12, and read the same.
MAX_CHUNK_RATIO = 12


@dataclass(frozen=True, slots=True)
class Region:
    """An axis-aligned rectangle of the (deskewed) page image, in pixels."""

    x0: int
    top: int
    x1: int
    bottom: int


def in_pixels(rulings: list[Ruling], dpi: float) -> list[Region]:
    scale = dpi / 72.0
    return [
        Region(round(r.x0 * scale), round(r.top * scale), round(r.x1 * scale), round(r.bottom * scale))
        for r in rulings
    ]


def outside_text(rulings: list[Ruling], lines: list[Region], dpi: float) -> list[Ruling]:
    """The rulings that are not strokes of characters.

    Two kinds of stroke pass for a short border: the stem of a large title glyph (it may stick
    out of its line by a pixel or two), and the strokes of neighbouring small characters that
    line up in a row of a resampled scan. Both lie inside the detected line they belong to,
    while a border always runs past the text it passes: it is at least a cell's side long, and
    a line of text inside a cell is shorter than the cell.
    """
    margin = STROKE_MARGIN_INCHES * dpi
    short = SHORT_RULING_INCHES * dpi
    large = [line for line in lines if line.bottom - line.top >= MIN_RULING_INCHES * dpi]
    kept = []
    for ruling, r in zip(rulings, in_pixels(rulings, dpi), strict=True):
        in_large = any(
            line.x0 - margin <= r.x0
            and r.x1 <= line.x1 + margin
            and line.top - margin <= r.top
            and r.bottom <= line.bottom + margin
            for line in large
        )
        horizontal = (r.x1 - r.x0) >= (r.bottom - r.top)
        in_line = any(
            line.x0 <= r.x0
            and r.x1 <= line.x1
            and line.top <= r.top
            and r.bottom <= line.bottom
            # a horizontal run through the middle of a line is its strokes whatever its length
            # (a border lies between lines, never inside one); a vertical one only when short
            and (
                max(r.x1 - r.x0, r.bottom - r.top) < short
                or (horizontal and line.top < r.top and r.bottom < line.bottom)
            )
            for line in lines
        )
        if not (in_large or in_line):
            kept.append(ruling)
    return kept


def cut_at_rulings(regions: Iterable[Region], rulings: list[Ruling], dpi: float) -> Iterator[Region]:
    """Each region, cut into pieces wherever a table border runs through it."""
    borders = in_pixels(rulings, dpi)
    verticals = [b for b in borders if (b.bottom - b.top) > (b.x1 - b.x0)]
    horizontals = [b for b in borders if (b.bottom - b.top) <= (b.x1 - b.x0)]
    smallest = max(2, round(MIN_PIECE_INCHES * dpi))
    for region in regions:
        for piece in _cut(region, verticals, vertical=True):
            for part in _cut(piece, horizontals, vertical=False):
                if part.x1 - part.x0 >= smallest and part.bottom - part.top >= smallest:
                    yield part


def _cut(region: Region, borders: list[Region], vertical: bool) -> list[Region]:
    if vertical:
        lo, hi, across_lo, across_hi = region.x0, region.x1, region.top, region.bottom
    else:
        lo, hi, across_lo, across_hi = region.top, region.bottom, region.x0, region.x1
    cuts = []
    for b in borders:
        b_lo, b_hi, b_across_lo, b_across_hi = (
            (b.x0, b.x1, b.top, b.bottom) if vertical else (b.top, b.bottom, b.x0, b.x1)
        )
        overlap = min(across_hi, b_across_hi) - max(across_lo, b_across_lo)
        if b_hi > lo and b_lo < hi and overlap >= CUT_OVERLAP * (across_hi - across_lo):
            cuts.append((b_lo, b_hi))
    if not cuts:
        return [region]
    pieces, start = [], lo
    for b_lo, b_hi in sorted(cuts):
        if b_lo > start:
            pieces.append((start, b_lo))
        start = max(start, b_hi)
    if hi > start:
        pieces.append((start, hi))
    if vertical:
        return [Region(a, region.top, b, region.bottom) for a, b in pieces]
    return [Region(region.x0, a, region.x1, b) for a, b in pieces]


def lone_glyphs(ink: np.ndarray, lines: list[Region], rulings: list[Ruling], dpi: float) -> list[Region]:
    """Regions around glyph-shaped ink that no detected line covers and no border is part of."""
    left = ink.copy()
    for line in lines:
        left[line.top : line.bottom + 1, line.x0 : line.x1 + 1] = 0
    clearance = max(1, round(BORDER_CLEARANCE_INCHES * dpi))
    for b in in_pixels(rulings, dpi):
        left[
            max(0, b.top - clearance) : b.bottom + clearance, max(0, b.x0 - clearance) : b.x1 + clearance
        ] = 0
    gap = max(1, round(GLYPH_GAP_INCHES * dpi))
    joined = cv2.dilate(left, cv2.getStructuringElement(cv2.MORPH_RECT, (gap + 1, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    low, high = (round(v * dpi) for v in GLYPH_HEIGHT_INCHES)
    pad = round(GLYPH_PAD_INCHES * dpi)
    height, width = ink.shape
    found = []
    for x, y, w, h, _area in stats[1:count]:
        if low <= h <= high and w <= high * MAX_CHUNK_RATIO:
            found.append(
                Region(max(0, x - pad), max(0, y - pad), min(width, x + w + pad), min(height, y + h + pad))
            )
    return found


def chunks(mask: np.ndarray) -> list[tuple[int, int]]:
    """Column ranges of a line crop no wider than MAX_CHUNK_RATIO × its height, cut where a
    column holds no ink (between characters); a line with no such gap is cut at the limit."""
    height, width = mask.shape
    limit = max(height, round(MAX_CHUNK_RATIO * height))
    if width <= limit:
        return [(0, width)]
    blank = ~np.any(mask, axis=0)  # a column with no ink (np.any: ndarray.any is typed as maybe a scalar)
    pieces, start = [], 0
    while width - start > limit:
        # cut in a gap in the back half of the next `limit` columns, never leaving a sliver
        low, high = start + limit // 2, min(start + limit, width - limit // 2)
        gaps = np.flatnonzero(blank[low:high]) if high > low else np.array([], int)
        cut = low + int(gaps[-1]) if gaps.size else max(low, high)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, width))
    return pieces
