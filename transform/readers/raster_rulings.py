"""Table borders found in a page image: deskew, binarise, keep the long straight dark runs.

A scanned report has no drawing instructions, but its table borders are still there as long
thin dark runs of pixels; the positional table finder needs them as `Ruling`s just as it gets
them from a PDF's paths. A scan is seldom square to the page (a printout fed at 0.5–1.5°), and a
border tilted by 1° drifts 17 px over a 1000 px line, so the image is first deskewed — every
later step (borders and the OCR boxes) works on the straightened image, which keeps them in
one frame. Morphological opening with a long thin kernel keeps exactly the runs longer than the
kernel: table borders survive, the strokes of characters (shorter than the kernel) do not.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from transform.readers.pages import Ruling

# Rotations tried when deskewing: scans seen in the wild are within ±2°; a step of 0.1° leaves
# at most 0.05° of residual tilt, under one pixel over a 1000 px border.
MAX_SKEW_DEGREES = 2.0
SKEW_STEP_DEGREES = 0.1
# Skew is estimated on a copy this wide (a projection profile needs no more detail; 800 px keeps
# the 41 trial rotations to a few tens of milliseconds).
SKEW_ESTIMATE_WIDTH = 800
# A skew smaller than this is left alone: rotating resamples the image and blurs small digits.
MIN_CORRECTED_SKEW = 0.15
# Ink is what is this much darker (0–255 grey) than the paper: a 0.5 pt border printed at 150 dpi
# is a 1 px line of grey 137, and resampling (a scanner's, or our deskew) spreads it to about
# 190 over two rows, while paper noise and JPEG haze stay within ±15 of the paper's level.
INK_CONTRAST = 40
# The paper's level is this percentile of the page's pixels (pages are mostly paper).
PAPER_PERCENTILE = 90
# Shortest border kept, in inches: longer than a 14 pt character's widest stroke (about 0.19 in,
# so a 一 in body text is not a border), shorter than a narrow cell's side (0.3 in and up in
# the reports' tables).
MIN_RULING_INCHES = 0.22
# Gaps bridged along a border, in inches: JPEG noise and light toner break a line for a pixel or
# two; 0.02 in (3 px at 150 dpi) mends those without joining separate segments.
GAP_INCHES = 0.02
# Thickest run still a line, in inches (0.04 in ≈ 3 pt): thicker dark areas are filled shapes,
# stamps or bold headings, not borders.
MAX_THICKNESS_INCHES = 0.04


@dataclass(frozen=True, slots=True)
class Straightened:
    """A deskewed greyscale page image and the rotation (degrees) applied to get it."""

    image: np.ndarray
    angle: float


def deskew(grey: np.ndarray) -> Straightened:
    """Rotate the page so its text lines and borders run horizontally."""
    angle = estimate_skew(grey)
    if abs(angle) < MIN_CORRECTED_SKEW:
        return Straightened(grey, 0.0)
    return Straightened(rotate(grey, angle), angle)


def estimate_skew(grey: np.ndarray) -> float:
    """The rotation (degrees) that makes the rows of dark pixels sharpest.

    Projection profile: when text lines and borders are level, the per-row count of dark pixels
    alternates between full and empty rows, so its variance peaks.
    """
    scale = min(1.0, SKEW_ESTIMATE_WIDTH / grey.shape[1])
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else grey
    dark = (binarise(small) > 0).astype(np.float32)
    best_angle, best_score = 0.0, -1.0
    steps = round(MAX_SKEW_DEGREES / SKEW_STEP_DEGREES)
    for step in range(-steps, steps + 1):
        angle = step * SKEW_STEP_DEGREES
        profile = rotate(dark, angle, border=0.0).sum(axis=1)
        score = float(np.var(profile))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def rotate(image: np.ndarray, angle: float, border: float = 255.0) -> np.ndarray:
    """The image turned by `angle` degrees (counter-clockwise) about its centre, same size."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )


def binarise(grey: np.ndarray) -> np.ndarray:
    """uint8 mask, 255 where ink is (clearly darker than the paper around it)."""
    paper = float(np.percentile(grey[::4, ::4], PAPER_PERCENTILE))
    return np.where(grey < paper - INK_CONTRAST, 255, 0).astype(np.uint8)


def find_rulings(grey: np.ndarray, dpi: float) -> list[Ruling]:
    """Horizontal and vertical borders of a (deskewed) page image, in points from its top-left.

    A thin border resampled off the pixel grid (scanned tilted, then deskewed) spreads its ink
    over two rows, alternately, so neither row alone is dark enough along its whole length:
    darkness is summed across three rows (columns, for vertical borders) before thresholding,
    which keeps such a border one run while leaving its position as it was.
    """
    paper = float(np.percentile(grey[::4, ::4], PAPER_PERCENTILE))
    darkness = np.clip(paper - grey.astype(np.float32), 0, None)
    to_points = 72.0 / dpi
    length = max(3, round(MIN_RULING_INCHES * dpi))
    gap = max(1, round(GAP_INCHES * dpi))
    thickest = max(2, round(MAX_THICKNESS_INCHES * dpi)) + 2  # + the two rows summed in
    rulings: list[Ruling] = []
    for horizontal in (True, False):
        across = (1, 3) if horizontal else (3, 1)
        summed = cv2.boxFilter(darkness, -1, across, normalize=False)
        ink = np.where(summed > INK_CONTRAST, 255, 0).astype(np.uint8)
        mend = cv2.getStructuringElement(cv2.MORPH_RECT, (gap + 1, 1) if horizontal else (1, gap + 1))
        keep = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        # Open first (only runs longer than a character's stroke survive), then mend the small
        # breaks between surviving pieces of one border; mending first would join the strokes
        # of neighbouring characters into a run as long as a border.
        runs = cv2.morphologyEx(cv2.morphologyEx(ink, cv2.MORPH_OPEN, keep), cv2.MORPH_CLOSE, mend)
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if (h if horizontal else w) > thickest:
                continue
            # the run is a row (column) wider than the ink on each side: trim it back
            if horizontal:
                y, h = (y + 1, h - 2) if h > 2 else (y, h)
            else:
                x, w = (x + 1, w - 2) if w > 2 else (x, w)
            rulings.append(Ruling(x * to_points, y * to_points, (x + w) * to_points, (y + h) * to_points))
    return rulings
